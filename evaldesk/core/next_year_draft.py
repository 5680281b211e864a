"""从上年继续: the year Y+1 draft made from a year-Y package.

What is carried: unit info and staffing, the footer's people (not its date), every 附件1 line with last
year's Y年决算数 moved into the new Y−1年决算数 column, the rule set, the projects that continue (header,
indicator rows with names, targets and weights, 预期目标) and the overall indicators; the report keeps its
headings (standard numbering restored) but not its text, which the UI shows beside each section through
:func:`evaldesk.core.report_reference.reference_text`. Everything else — this year's budgets and actuals,
funding, scores, deviation reasons, 楼堂馆所, dates, scanned pages, acknowledgements — starts blank.

Carried values are listed in ``Package.carried`` (edit paths as :func:`edits.describe_path` keys) until the
clerk confirms or changes them (:mod:`evaldesk.core.carryover`).
"""

from __future__ import annotations

from collections.abc import Iterable

from evaldesk.core import edits, model, targets
from evaldesk.core.errors import InputError
from evaldesk.core.report_headings import section_heading, subsection_heading


def _report_outline(report: list[model.Section]) -> list[model.Section]:
    """The same headings renumbered to the standard, with empty bodies; the standard outline if none."""
    if not report:
        return model.standard_report()
    return [
        model.Section(
            heading=section_heading(i, s.heading),
            subsections=[
                model.Subsection(heading=subsection_heading(j, sub.heading))
                for j, sub in enumerate(s.subsections)
            ],
        )
        for i, s in enumerate(report)
    ]


class _Carrier:
    """Builds the new package's ``carried`` list while values are copied."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def mark(self, path: edits.Path, value: object) -> None:
        # A blank value has nothing to confirm, so it is not marked.
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        self.paths.append(edits.describe_path(path))


def _bump_year(text: str, year: int) -> str:
    """``2023年`` as a whole target, or a leading ``2023年`` in a name, becomes the new year.

    Only these two shapes are changed: a year elsewhere in a sentence (``较2023年下降``) may be meant.
    """
    value = targets.parse_value(text)
    if targets.is_year_value(value) and value.number == year:
        return text.replace(str(year), str(year + 1), 1)
    stripped = text.lstrip()
    if stripped.startswith(f"{year}年"):
        return text[: len(text) - len(stripped)] + str(year + 1) + stripped[len(str(year)) :]
    return text


def _performance(src: model.Performance, prefix: edits.Path, year: int, c: _Carrier) -> model.Performance:
    perf = model.Performance(goal_expected=src.goal_expected)
    c.mark((*prefix, "goal_expected"), src.goal_expected)
    for i, ind in enumerate(src.indicators):
        new = model.Indicator(
            level1=ind.level1,
            level2=ind.level2,
            name=_bump_year(ind.name, year),
            target=_bump_year(ind.target, year),
            weight=ind.weight,
        )
        path = (*prefix, "indicators", i)
        c.mark((*path, "name"), new.name)
        c.mark((*path, "target"), new.target)
        c.mark((*path, "weight"), new.weight)
        perf.indicators.append(new)
    return perf


def _unit(src: model.UnitInfo, c: _Carrier) -> model.UnitInfo:
    unit = model.UnitInfo(
        name=src.name,
        department=src.department,
        functions=src.functions,
        organization=src.organization,
        staff_by_type=[model.StaffLine(s.kind, s.count) for s in src.staff_by_type],
        staff_authorized=src.staff_authorized,
        staff_actual=src.staff_actual,
    )
    # The unit's name and 主管部门 identify it and are not marked; what may change within a year is.
    for name in ("functions", "organization", "staff_authorized", "staff_actual"):
        c.mark(("unit", name), getattr(unit, name))
    for i, s in enumerate(unit.staff_by_type):
        c.mark(("unit", "staff_by_type", i, "count"), s.count)
    return unit


def _basic(src: model.BasicData, c: _Carrier) -> model.BasicData:
    basic = model.BasicData()
    for key in model.BASIC_ROW_KEYS:
        old = src.rows.get(key)
        prev = old.actual if old is not None else None
        basic.rows[key] = model.Triple(prev=prev)
        c.mark(("basic", "rows", key, "prev"), prev)
    for group in ("special", "transfer"):
        lines: list[model.NamedLine] = getattr(basic, group)
        for i, line in enumerate(getattr(src, group)):
            lines.append(model.NamedLine(name=line.name, prev=line.actual))
            c.mark(("basic", group, i, "prev"), line.actual)
    basic.frugality = src.frugality  # standing measures, usually unchanged: carried for confirmation
    c.mark(("basic", "frugality"), basic.frugality)
    return basic


def _select_projects(projects: list[model.Project], keep: set[str] | None) -> list[model.Project]:
    if keep is None:
        return list(projects)
    known = {p.id for p in projects} | {p.name for p in projects}
    unknown = sorted(k for k in keep if k not in known)
    if unknown:
        raise InputError(f"上年自评包中没有这些项目：{'、'.join(unknown)}。")
    return [p for p in projects if p.id in keep or p.name in keep]


def _unique_ids(projects: Iterable[model.Project]) -> list[str]:
    """Each project's id, kept when usable; a blank or repeated id (a damaged import) gets a fresh one."""
    seen: set[str] = set()
    out: list[str] = []
    n = 0
    for p in projects:
        pid = p.id
        while not pid or pid in seen:
            n += 1
            pid = f"p{n}"
        seen.add(pid)
        out.append(pid)
    return out


def carry_over(pkg: model.Package, keep_projects: set[str] | None = None) -> model.Package:
    """The year Y+1 draft made from the year-Y package ``pkg`` (which is not changed).

    ``keep_projects`` names the projects that continue (by id or by name); ``None`` keeps them all. Project
    ids are kept. Raises ``InputError`` when ``pkg`` has no year or a named project does not exist.
    """
    year = pkg.fiscal_year
    if not year:
        raise InputError("上年自评包没有填写评价年度，无法生成下一年度的草稿。")
    # Only immutable values (str, Decimal, int) are copied into fresh objects, so nothing is shared with
    # last year's package and its scanned pages are not copied for nothing.
    src = pkg
    c = _Carrier()
    new = model.Package(fiscal_year=year + 1, ruleset_id=src.ruleset_id, ruleset_content=src.ruleset_content)
    new.unit = _unit(src.unit, c)
    new.footer = model.Footer(leader=src.footer.leader, preparer=src.footer.preparer, phone=src.footer.phone)
    for name in ("leader", "preparer", "phone"):
        c.mark(("footer", name), getattr(new.footer, name))
    new.cover = model.Cover(
        title=src.cover.title.replace(f"{year}年度", f"{year + 1}年度"), unit_name=src.cover.unit_name
    )
    new.basic = _basic(src.basic, c)
    new.overall = _performance(src.overall, ("overall",), year, c)
    kept = _select_projects(src.projects, keep_projects)
    for pid, p in zip(_unique_ids(kept), kept, strict=True):
        project = model.Project(id=pid, name=p.name, department=p.department, implementer=p.implementer)
        for name in ("department", "implementer"):
            c.mark(("projects", pid, name), getattr(project, name))
        project.performance = _performance(p.performance, ("projects", pid, "performance"), year, c)
        new.projects.append(project)
    new.report = _report_outline(src.report)
    new.carried = c.paths
    return new
