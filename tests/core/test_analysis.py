"""core.analysis: what the window, ``evaldesk check`` and the benchmark recompute after an edit."""

from __future__ import annotations

import pytest

from evaldesk.core import edits, scoring
from evaldesk.core.analysis import Analyser
from evaldesk.core.checks import run_checks
from evaldesk.core.sample import load_sample

ACTUAL = ("projects", "p1", "performance", "indicators", 0, "actual")


def test_an_indicator_edit_rescores_that_project_only_and_matches_a_full_rescore() -> None:
    pkg = load_sample()
    analyser = Analyser()
    before = analyser.run(pkg)
    assert before.scores is not None and before.checked
    edit = edits.SetValue(ACTUAL, "2500个")  # past the ≤2399个 target: the indicator loses points
    edits.apply(pkg, edit)
    after = analyser.run(pkg, edit)
    full = scoring.score_package(pkg)
    assert after.scores is not None
    assert after.scores.projects["p1"] == full.projects["p1"]
    assert after.scores.projects["p1"] != before.scores.projects["p1"]
    assert after.scores.overall is before.scores.overall  # 附件2 was not touched: not re-scored
    assert after.findings == list(run_checks(pkg, full))


def test_an_edit_nothing_scores_keeps_the_score_sheet() -> None:
    pkg = load_sample()
    analyser = Analyser()
    before = analyser.run(pkg)
    edit = edits.SetValue(("unit", "name"), "另一个单位")
    edits.apply(pkg, edit)
    after = analyser.run(pkg, edit)
    assert after.scores is before.scores
    assert after.checked


def test_a_failing_rule_leaves_the_scores_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> list[object]:
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr("evaldesk.core.checks.run_checks", broken)
    out = Analyser().run(load_sample())
    assert out.scores is not None and out.scores.overall.total.value is not None
    assert not out.checked and out.findings == []
    assert out.problems == ["审核计算出错"]


def test_findings_are_grouped_by_part_less_the_acknowledged() -> None:
    pkg = load_sample()
    edit = edits.SetValue(ACTUAL, "")  # a missing 实际完成值 is a finding on 附件3
    edits.apply(pkg, edit)
    out = Analyser().run(pkg)
    assert out.open_findings
    assert sum(len(v) for v in out.by_part.values()) == len(out.open_findings)
    for part, found in out.by_part.items():
        assert all(f.location.part == part for f in found)
