"""Whether the clerk has started a step (the navigator shows ○ for a step not started). No Qt."""

from __future__ import annotations

from evaldesk.core import model


def basic_started(pkg: model.Package) -> bool:
    """Anything entered in 附件1's 经费控制情况 grid."""
    b = pkg.basic
    rows = any(v is not None for t in b.rows.values() for v in (t.prev, t.budget, t.actual))
    return rows or bool(b.special or b.transfer)


def overall_started(pkg: model.Package) -> bool:
    """Anything entered in 附件2's funding block or goals."""
    f = pkg.overall_funding
    amounts = (f.total.initial, f.total.full, f.total.executed, f.income_total, f.expend_total)
    return any(v is not None for v in amounts) or bool(pkg.overall.goal_expected.strip())


def report_started(pkg: model.Package) -> bool:
    return any(s.body.strip() or any(sub.body.strip() for sub in s.subsections) for s in pkg.report)


def export_started(pkg: model.Package) -> bool:
    """The parts every package needs are filled: 附件1, 附件2 and the 自评报告 (projects are optional)."""
    return basic_started(pkg) and overall_started(pkg) and report_started(pkg)
