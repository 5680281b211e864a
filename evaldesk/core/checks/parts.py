"""Which parts a package contains, so that no rule reports on a part the package does not have (issue 15,
item 9): a package that is only a 附件3 (or only a 附件1) gets no cover, report or 附件1-link findings."""

from __future__ import annotations

from dataclasses import fields

from evaldesk.core import model
from evaldesk.core.indicator_score import is_placeholder


def has_report(pkg: model.Package) -> bool:
    """The 自评报告 (with its cover) has been started: some body text or a cover field."""
    c = pkg.cover
    if c.title.strip() or c.unit_name.strip() or c.date is not None:
        return True
    return any(s.body.strip() or any(sub.body.strip() for sub in s.subsections) for s in pkg.report)


def has_basic(pkg: model.Package) -> bool:
    """附件1 holds something: a staffing figure, an amount or a 楼堂馆所 figure."""
    u, b = pkg.unit, pkg.basic
    if u.staff_authorized is not None or u.staff_actual is not None or u.control_rate_entered is not None:
        return True
    if any(v is not None for t in b.rows.values() for v in (t.prev, t.budget, t.actual)):
        return True
    if any(ln.name.strip() or ln.triple() != model.Triple() for ln in (*b.special, *b.transfer)):
        return True
    return any(getattr(b.building, f.name) is not None for f in fields(b.building))


def has_project_lines(pkg: model.Package) -> bool:
    """附件1's 项目支出 lines hold an amount (so a 附件3 can be linked to one)."""
    b = pkg.basic
    rows = [b.row("project"), b.row("project_business"), b.row("project_operation")]
    lines = [ln.triple() for ln in (*b.special, *b.transfer)]
    return any(v is not None for t in (*rows, *lines) for v in (t.prev, t.budget, t.actual))


def has_overall(pkg: model.Package) -> bool:
    """附件2 holds something: an amount of its funding block or a filled indicator row."""
    f = pkg.overall_funding
    t = f.total
    if any(getattr(f, name) is not None for name in model.OVERALL_AMOUNTS):
        return True
    if any(v is not None for v in (t.initial, t.full, t.executed, t.rate_entered, t.score_entered)):
        return True
    o = pkg.overall
    return bool(o.goal_expected.strip() or o.goal_actual.strip()) or any(
        not is_placeholder(i) for i in o.indicators
    )


def tables_present(pkg: model.Package) -> list[str]:
    """The tables the package contains, in form order: 附件1, 附件2, 附件3."""
    out = []
    if has_basic(pkg):
        out.append("附件1")
    if has_overall(pkg):
        out.append("附件2")
    if pkg.projects:
        out.append("附件3")
    return out
