"""The rule set travels with the package: draft, JSON form and upload package carry its content, so that
another PC (without that user rule set) scores the package with the package's own rules."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaldesk.core import jsonform, model, rulesets
from evaldesk.core.checks import run_checks
from evaldesk.core.scoring import score_package
from evaldesk.core.storage import load_package, save_package
from evaldesk.export.package import build_package, read_package, verify_package
from tests.helpers.checks import clean_package

FIXTURES = Path(__file__).parent / "fixtures"

# A county's own rules, kept in the user's data folder: 优 only from 99 points.
COUNTY = {
    "id": "county",
    "extends": "mof2020",
    "name": "某县规则",
    "grades": [["99", "优"], ["80", "良"], ["60", "中"], ["0", "差"]],
}


@pytest.fixture
def county(data_dir: Path) -> Iterator[Path]:
    folder = data_dir / "rulesets"
    folder.mkdir(exist_ok=True)
    path = folder / "county.json"
    path.write_text(json.dumps(COUNTY, ensure_ascii=False), encoding="utf-8")
    rulesets.get.cache_clear()
    yield path
    rulesets.get.cache_clear()


def other_pc(county: Path) -> None:
    """The same program on a PC without the county's file."""
    county.unlink()
    rulesets.get.cache_clear()
    with pytest.raises(KeyError):
        rulesets.get("county")


def county_package() -> model.Package:
    """The clean package under the county's rules, with a total of 96 (良 there, 优 by default)."""
    pkg = clean_package()
    pkg.ruleset_id = "county"
    pkg.ruleset_content = rulesets.content_of("county")
    row = pkg.overall.indicators[0]  # ≥10次, 20 points
    row.actual, row.score_entered, row.deviation = (
        "8次",
        Decimal(16),
        "受汛期影响，检查推迟，明年加强计划性。",
    )
    pkg.overall.total_score_entered = Decimal(96)
    pkg.report[5].body = "全年共完成检查8次，各项工作按计划完成。"
    return pkg


def test_a_draft_is_scored_with_its_own_rules_on_another_pc(county: Path, tmp_path: Path) -> None:
    pkg = county_package()
    assert score_package(pkg).overall.grade == "良"
    path = tmp_path / "county.evaldesk"
    save_package(path, pkg)
    other_pc(county)
    loaded = load_package(path)
    assert loaded.ruleset_content == pkg.ruleset_content
    sheet = score_package(loaded)
    assert (sheet.overall.total.value, sheet.overall.grade, sheet.ruleset_problem) == (
        Decimal("96.00"),
        "良",
        "",
    )
    assert not [f for f in run_checks(loaded) if f.rule_id in ("RS", "R13", "R14", "R15")]


def test_the_json_form_carries_the_content(county: Path) -> None:
    pkg = county_package()
    text = jsonform.dumps(pkg)
    assert json.loads(json.loads(text)["ruleset_content"])["grades"][0] == ["99", "优"]
    other_pc(county)
    assert score_package(jsonform.loads(text)).overall.grade == "良"


def test_verify_on_another_pc_rescores_with_the_packages_rules(county: Path) -> None:
    data = build_package(county_package(), accept_open_errors="测试")
    other_pc(county)
    report = verify_package(data)
    assert report.ok, report.lines()
    assert score_package(read_package(data)).overall.grade == "良"


def test_an_old_draft_without_content_is_scored_by_its_id_and_its_package_gets_the_content(
    county: Path,
) -> None:
    pkg = county_package()
    pkg.ruleset_content = ""  # as saved before the content was kept
    assert rulesets.of_package(pkg) == (rulesets.get("county"), "")
    data = build_package(pkg, accept_open_errors="测试")
    assert read_package(data).ruleset_content == rulesets.content_of("county")
    other_pc(county)
    assert verify_package(data).ok


def test_the_v1_fixture_has_no_content_and_is_scored_by_its_id(tmp_path: Path) -> None:
    copy = tmp_path / "v1.evaldesk"
    shutil.copyfile(FIXTURES / "v1_sample.evaldesk", copy)
    pkg = load_package(copy)
    assert (pkg.ruleset_id, pkg.ruleset_content) == ("hunan", "")
    assert rulesets.of_package(pkg) == (rulesets.get("hunan"), "")


def test_broken_stored_content_falls_back_to_the_id_and_says_so() -> None:
    pkg = clean_package()
    pkg.ruleset_content = "{not json"
    rs, problem = rulesets.of_package(pkg)
    assert rs == rulesets.get("mof2020")
    assert "保存的评分规则集内容已损坏" in problem
    assert [f.rule_id for f in run_checks(pkg)] == ["RS"]


def test_stored_content_wins_over_the_local_file_of_the_same_id(county: Path) -> None:
    pkg = county_package()
    county.write_text(json.dumps({**COUNTY, "grades": [["90", "优"], ["0", "差"]]}), encoding="utf-8")
    rulesets.get.cache_clear()
    assert score_package(pkg).overall.grade == "良"  # the package's own 优 ≥ 99


def _paths(obj: object, at: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not isinstance(obj, dict):
        return [at]
    return [at] * bool(at) + [p for k, v in obj.items() for p in _paths(v, (*at, k))]


_PATHS = sorted(_paths(json.loads(rulesets.content_of("mof2020"))))
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_PATHS), _json, st.text(max_size=20))
def test_any_damaged_stored_content_falls_back_and_never_raises(
    path: tuple[str, ...], value: object, junk: str
) -> None:
    data = json.loads(rulesets.content_of("mof2020"))
    obj = data
    for k in path[:-1]:
        obj = obj[k]
    obj[path[-1]] = value
    for text in (json.dumps(data, ensure_ascii=False), junk):
        pkg = clean_package()
        pkg.ruleset_content = text
        rs, problem = rulesets.of_package(pkg)
        assert isinstance(rs, rulesets.RuleSet)
        assert problem == "" or "已改用规则集" in problem
        score_package(pkg)


def test_a_scheme_edit_is_committed_to_the_draft_and_undone(tmp_path: Path) -> None:
    from evaldesk.core import edits
    from evaldesk.core.storage import Draft

    path = tmp_path / "d.evaldesk"
    pkg = clean_package()
    pkg.ruleset_content = rulesets.content_of("mof2020")
    draft = Draft.create(path, pkg)
    free = rulesets.with_scheme(pkg.ruleset_content, rulesets.FREE)
    try:
        inverse = draft.apply(edits.SetValue(("ruleset_content",), free))
    finally:
        draft.close()
    assert rulesets.of_package(load_package(path))[0].scheme == rulesets.FREE
    draft = Draft.open(path)
    try:
        draft.apply(inverse)
    finally:
        draft.close()
    assert load_package(path).ruleset_content == rulesets.content_of("mof2020")


def test_cli_export_then_verify_on_another_pc(county: Path, tmp_path: Path) -> None:
    import io

    from evaldesk.cli import main

    def run(*args: str) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(list(args), out=out, err=err), out.getvalue() + err.getvalue()

    draft, zip_path = tmp_path / "county.evaldesk", tmp_path / "county.zip"
    save_package(draft, county_package())
    code, out = run("export", str(draft), "--package", str(zip_path), "--accept-open-errors", "测试")
    assert code == 0, out
    other_pc(county)
    code, out = run("verify", str(zip_path))
    assert code == 0 and out.startswith("校验通过"), out
    code, out = run("check", str(draft))  # the draft itself is scored with its own rules too
    assert "规则集：某县规则" in out and "不存在" not in out
