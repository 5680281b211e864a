"""The 审核 checks (domain.md §4): pure rule functions in a registry, run over a package and its scores.

``run_checks(pkg)`` returns every finding, errors first, then warnings, then hints; within a severity
by part in navigator order (单位信息 → 基础数据表 → 整体支出 → 项目支出 (in project order) → 自评报告 →
自评包), then by rule id in :data:`RULE_TITLES` order. Rule ids and their titles: :data:`RULE_TITLES`.
"""

from __future__ import annotations

from evaldesk.core import model, rulesets
from evaldesk.core.checks import basic, funding, indicators, lints, narrative  # noqa: F401  (registers rules)
from evaldesk.core.checks.registry import RULE_TITLES, Context, registered, rule, run_all
from evaldesk.core.findings import PARTS, SEVERITIES, Finding
from evaldesk.core.scoring import ScoreSheet, score_package_with

__all__ = ["RULE_TITLES", "Context", "registered", "rule", "run_checks", "summary"]

_SEV_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
_PART_ORDER = {p: i for i, p in enumerate(PARTS)}
_RULE_ORDER = {r: i for i, r in enumerate(RULE_TITLES)}


def run_checks(pkg: model.Package, sheet: ScoreSheet | None = None) -> list[Finding]:
    """All findings for ``pkg``, sorted by severity, then part (and project order), then rule (R before L).

    ``sheet`` is the package's score sheet when the caller already has one (the UI scores on every
    edit); it must have been computed from this package as it is now.
    """
    rs, problem = rulesets.of_package(pkg)
    if sheet is None or sheet.ruleset_id != rs.id:
        sheet = score_package_with(pkg, rs)
        sheet.ruleset_problem = problem
    ctx = Context(pkg, sheet, rs, problem)
    found = run_all(pkg, ctx)
    project_order = {p.id: i for i, p in enumerate(pkg.projects)}

    def key(f: Finding) -> tuple[int, int, int, int]:
        loc = f.location
        return (
            _SEV_ORDER.get(f.severity, 9),
            _PART_ORDER.get(loc.part, 9),
            project_order.get(loc.project_id, -1),
            _RULE_ORDER.get(f.rule_id, 99),
        )

    return sorted(found, key=key)


def summary(findings: list[Finding]) -> dict[str, int]:
    """Counts by severity: ``{"error": 9, "warning": 4, "hint": 2}``."""
    out = {s: 0 for s in SEVERITIES}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out
