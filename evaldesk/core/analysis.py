"""What is recomputed after every edit: the score sheet and the 审核 findings, once per edit.

Scoring is incremental: an edit re-scores only the tables it touched (附件2, or one project's 附件3),
which keeps one edit well inside a frame for a package of 50 projects. The checks then run once over
the package with that score sheet. A failure in either is logged and leaves that part empty: a bug in
a rule must never take the window down.

The window (``ui.document.session``), ``evaldesk check`` and ``bench/run.py`` all go through
:class:`Analyser`, so the command line and the benchmark see what the clerk sees.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from evaldesk.core import edits, model, rulesets
from evaldesk.core.findings import Finding, unacknowledged

if TYPE_CHECKING:  # imported when run, inside the guards below: a broken rule module must not stop the window
    from evaldesk.core.scoring import ScoreSheet

log = logging.getLogger(__name__)

# Parts of a package that no score depends on (edits there re-run the checks only).
_UNSCORED = {"unit", "basic", "footer", "cover", "report", "attachments", "acknowledgements", "carried"}
_OVERALL = {"overall", "overall_funding"}


@dataclass
class Analysis:
    """The score sheet (``None`` when scoring failed) and the findings grouped by part."""

    scores: ScoreSheet | None = None
    findings: list[Finding] = field(default_factory=list)
    open_findings: list[Finding] = field(default_factory=list)  # less the warnings the clerk acknowledged
    by_part: dict[str, list[Finding]] = field(default_factory=dict)  # the open findings
    checked: bool = False  # run_checks ran (findings are meaningful)
    problems: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0


class Analyser:
    """Keeps the last score sheet so that the next edit re-scores only what it touched."""

    def __init__(self) -> None:
        self._sheet: ScoreSheet | None = None

    def run(self, pkg: model.Package, edit: edits.Edit | None = None) -> Analysis:
        """Score and check ``pkg`` after ``edit`` (``None``: from scratch)."""
        started = time.perf_counter()
        out = Analysis()
        try:
            out.scores = self._score(pkg, edit)
        except Exception:  # logged; the window shows "评分暂不可用"
            log.exception("scoring failed")
            out.problems.append("评分计算出错")
            self._sheet = None
        try:
            from evaldesk.core.checks import run_checks

            out.findings = list(run_checks(pkg, out.scores))
            out.checked = True
        except Exception:
            log.exception("run_checks failed")
            out.problems.append("审核计算出错")
        out.open_findings = unacknowledged(pkg, out.findings)
        for f in out.open_findings:
            out.by_part.setdefault(f.location.part, []).append(f)
        out.elapsed_ms = (time.perf_counter() - started) * 1000
        return out

    def _score(self, pkg: model.Package, edit: edits.Edit | None) -> ScoreSheet:
        from evaldesk.core import scoring

        sheet = self._sheet
        rs, problem = rulesets.of_package(pkg)
        if edit is None or sheet is None or sheet.ruleset_id != rs.id:
            sheet = scoring.score_package(pkg)
        else:
            touched = edits.parts_touched(pkg, edit)
            heads = {t[0] for t in touched}
            if heads <= _UNSCORED:
                pass
            elif heads <= _UNSCORED | _OVERALL | {"project"}:
                sheet = self._rescore(pkg, sheet, rs, problem, heads, touched)
            else:  # the project list itself, the rule set, anything new: start over
                sheet = scoring.score_package(pkg)
        self._sheet = sheet
        return sheet

    @staticmethod
    def _rescore(
        pkg: model.Package,
        sheet: ScoreSheet,
        rs: rulesets.RuleSet,
        problem: str,
        heads: set[str],
        touched: set[tuple[str, ...]],
    ) -> ScoreSheet:
        from evaldesk.core import scoring

        overall = sheet.overall
        if heads & _OVERALL:
            overall = scoring.score_table(pkg.overall, pkg.overall_funding.total, rs)
        projects = dict(sheet.projects)
        for t in touched:
            if t[0] == "project":
                p = pkg.project(t[1])
                projects[p.id] = scoring.score_project(p, rs)
        new = scoring.ScoreSheet(overall, projects, rs.id)
        new.ruleset_problem = problem
        return new
