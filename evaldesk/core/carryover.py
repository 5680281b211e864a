"""从上年继续: the year Y+1 draft made from a year-Y package.

What is carried: unit info and staffing, the footer's people (not its date), every 附件1 line with last
year's Y年决算数 moved into the new Y−1年决算数 column, the rule set, the projects that continue (header,
indicator rows with names, targets and weights, 预期目标) and the overall indicators; the report keeps its
headings (standard numbering restored) but not its text, which the UI shows beside each section through
:func:`reference_text`. Everything else — this year's budgets and actuals, funding, scores, deviation
reasons, 楼堂馆所, dates, scanned pages, acknowledgements — starts blank.

Carried values are listed in ``Package.carried`` (edit paths as :func:`edits.describe_path` keys) until the
clerk confirms or changes them; :func:`uncarry_edit` is the core edit that removes a path from that list,
and :func:`carried_fixup` keeps the list pointing at the same cells when rows are inserted, removed or moved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from evaldesk.core import edits, model, targets
from evaldesk.core.errors import InputError

_CN_DIGITS = "零一二三四五六七八九"

# A section number as typed: 六、 / 6、 / 6. / 六． / "6 " — a Chinese numeral only counts when a separator
# follows it, so that titles such as "一般公共预算支出情况" keep their first character.
_SECTION_NUMBER = re.compile(
    r"^\s*(?:第?[一二三四五六七八九十百零〇]+(?:部分)?\s*[、.．,，:：\s]|[0-9０-９]+\s*[、.．,，:：\s]|[0-9０-９]+$)\s*"
)
# A sub-section number: （一） (2) （２）、 or 1、 / 1. / 一、 typed one level too high.
_SUBSECTION_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十0-9０-９]+\s*[）)]\s*[、.．,，]?"
    r"|[一二三四五六七八九十]+\s*[、.．]|[0-9０-９]+\s*[、.．])\s*"
)


def cn_numeral(n: int) -> str:
    """The Chinese numeral for 1–99 as used in headings: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def heading_title(heading: str, *, sub: bool = False) -> str:
    """A heading without its number and stray spaces: ``6、 单位整体支出绩效情况`` → ``单位整体支出绩效情况``."""
    pattern = _SUBSECTION_NUMBER if sub else _SECTION_NUMBER
    return re.sub(r"\s+", "", pattern.sub("", heading, count=1))


def section_heading(index: int, heading: str) -> str:
    """The standard heading of section ``index`` (0-based): ``一、`` + title (GB/T 9704 level 1).

    A heading with no title left after the number falls back to the standard title of that position.
    """
    title = heading_title(heading)
    if not title and index < len(model.REPORT_OUTLINE):
        title = model.REPORT_OUTLINE[index][1]
    return f"{cn_numeral(index + 1)}、{title}"


def subsection_heading(index: int, heading: str) -> str:
    """The standard sub-heading ``index`` (0-based): ``（一）`` + title, with no punctuation after ``（一）``."""
    return f"（{cn_numeral(index + 1)}）{heading_title(heading, sub=True)}"


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


def reference_text(prev_pkg: model.Package, section_index: int, subsection_index: int | None = None) -> str:
    """Last year's text of a report section (or of one sub-section), to show beside the new draft.

    The section's text is its heading, its body and each sub-section (heading and body), separated by blank
    lines; an index past the end gives ``""``.
    """
    if not 0 <= section_index < len(prev_pkg.report):
        return ""
    section = prev_pkg.report[section_index]
    if subsection_index is not None:
        if not 0 <= subsection_index < len(section.subsections):
            return ""
        return section.subsections[subsection_index].body.strip()
    parts = [section.heading.strip(), section.body.strip()]
    for sub in section.subsections:
        parts += [sub.heading.strip(), sub.body.strip()]
    return "\n\n".join(p for p in parts if p)


def reference_index(prev_pkg: model.Package, heading: str) -> int | None:
    """The index of last year's section with the same title as ``heading`` (numbering ignored), if any.

    For the UI when the clerk has inserted or moved sections, so that positions no longer line up.
    """
    title = heading_title(heading)
    for i, section in enumerate(prev_pkg.report):
        if title and heading_title(section.heading) == title:
            return i
    return None


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


# --- confirming carried values ------------------------------------------------------------------------


def _key(path: edits.Path | str) -> str:
    return path if isinstance(path, str) else edits.describe_path(path)


def is_carried(pkg: model.Package, path: edits.Path | str) -> bool:
    """True when the value at ``path`` (or a row or block containing it) is carried and not yet confirmed."""
    key = _key(path)
    return any(key == c or key.startswith(c + "/") for c in pkg.carried)


def uncarry_edit(pkg: model.Package, path: edits.Path | str) -> edits.Edit | None:
    """The edit that confirms ``path``: removes it, and every carried path inside it, from ``pkg.carried``.

    ``None`` when nothing there is carried. The UI batches it with the value edit, so that one undo
    restores both the value and its carried mark. The empty path ``()`` confirms everything.
    """
    key = _key(path)
    keep = [c for c in pkg.carried if not (not key or c == key or c.startswith(key + "/"))]
    if len(keep) == len(pkg.carried):
        return None
    return edits.SetValue(("carried",), keep)


def _shift(carried: list[str], list_key: str, where: Callable[[int], int | None]) -> list[str]:
    """Re-address carried paths through the list at ``list_key``: item ``i`` is now at ``where(i)``

    (``None``: the item is gone, and so are the carried paths inside it).
    """
    prefix = list_key + "/"
    out: list[str] = []
    for c in carried:
        head, sep, tail = c[len(prefix) :].partition("/") if c.startswith(prefix) else ("", "", "")
        if not head.isdigit():
            out.append(c)
            continue
        index = where(int(head))
        if index is not None:
            out.append(f"{prefix}{index}{sep}{tail}")
    return out


def carried_fixup(pkg: model.Package, edit: edits.Edit) -> edits.Edit | None:
    """The edit that keeps ``pkg.carried`` on the same cells when ``edit`` inserts, removes or moves items.

    Call it *before* applying ``edit`` and batch the two (one undo restores both). Carried paths inside a
    removed item are dropped (a removed project's too); ``None`` when ``pkg.carried`` needs no change.
    """
    carried = list(pkg.carried)
    project_ids = [p.id for p in pkg.projects]
    for e in edits.flatten(edit):
        if isinstance(e, edits.SetValue):
            continue
        if e.path == ("projects",):
            # Projects are addressed by id, so only a removal matters; keep the id list in step.
            if isinstance(e, edits.RemoveItem):
                gone = project_ids.pop(e.index)
                carried = [c for c in carried if not c.startswith(f"projects/{gone}/")]
            elif isinstance(e, edits.InsertItem):
                project_ids.insert(max(0, min(e.index, len(project_ids))), getattr(e.item, "id", ""))
            else:
                project_ids.insert(e.dst, project_ids.pop(e.src))
            continue
        carried = _shift(carried, edits.describe_path(e.path), _where(e))
    if carried == pkg.carried:
        return None
    return edits.SetValue(("carried",), carried)


def _where(e: edits.InsertItem | edits.RemoveItem | edits.MoveItem) -> Callable[[int], int | None]:
    """Where item ``i`` of the list is after ``e`` (``None``: removed)."""
    if isinstance(e, edits.RemoveItem):
        r = e.index
        return lambda i: None if i == r else (i - 1 if i > r else i)
    if isinstance(e, edits.InsertItem):
        # Clamping the index (as ``edits.apply`` does) is not needed: no carried path points past the end.
        n = e.index
        return lambda i: i + 1 if i >= n else i
    src, dst = e.src, e.dst
    return lambda i: _moved(i, src, dst)


def _moved(i: int, src: int, dst: int) -> int:
    """Where item ``i`` ends up when the item at ``src`` is popped and inserted at ``dst``."""
    if i == src:
        return dst
    if src < i <= dst:
        return i - 1
    if dst <= i < src:
        return i + 1
    return i
