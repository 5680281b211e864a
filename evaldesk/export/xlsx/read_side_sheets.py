"""Reading the sheets around the forms: 单位信息, 自评报告, and the signature footer of a hand-made form.

Both sheets are simple label/value tables that the writer lays out (:mod:`.write_side_sheets`); labels are
matched after ``labels.norm`` so a clerk's edits (a space, full-width brackets) do not break them.
"""

from __future__ import annotations

import datetime as _dt
import re

from evaldesk.core import model
from evaldesk.export.xlsx import longtext
from evaldesk.export.xlsx.context import Ctx, parse_date_text
from evaldesk.export.xlsx.labels import is_blank_row, norm, text_of
from evaldesk.export.xlsx.sheetdata import RawCell, SheetData

UNIT_SHEET = "单位信息"
REPORT_SHEET = "自评报告"
REVIEW_SHEET = "审核结果"

# 单位信息 rows: label as printed → (path, kind). Kinds: text, amount, date.
UNIT_FIELDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("单位名称", ("unit", "name"), "text"),
    ("主管部门", ("unit", "department"), "text"),
    ("职能职责", ("unit", "functions"), "text"),
    ("机构设置", ("unit", "organization"), "text"),
    ("人员经费（万元）", ("overall_funding", "personnel"), "amount"),
    ("封面标题", ("cover", "title"), "text"),
    ("封面单位名称", ("cover", "unit_name"), "text"),
    ("封面日期", ("cover", "date"), "date"),
    ("单位负责人", ("footer", "leader"), "text"),
    ("填表人", ("footer", "preparer"), "text"),
    ("联系电话", ("footer", "phone"), "text"),
    ("填报日期", ("footer", "date"), "date"),
)
STAFF_HEADER = ("编制类型", "人数")
REPORT_HEADER = ("层级", "标题", "正文")
SECTION, SUBSECTION = "章", "节"

_FOOTER = re.compile(
    r"单位负责人(?:签字)?[:：]?(.*?)填表人[:：]?(.*?)联系电话[:：]?(.*?)填报日期[:：]?(.*)$", re.S
)


def _set(pkg: model.Package, path: tuple[str, ...], value: object) -> None:
    obj: object = pkg
    for name in path[:-1]:
        obj = getattr(obj, name)
    setattr(obj, path[-1], value)


def _get(pkg: model.Package, path: tuple[str, ...]) -> object:
    obj: object = pkg
    for name in path:
        obj = getattr(obj, name)
    return obj


def read_unit_sheet(ctx: Ctx, sh: SheetData, pkg: model.Package) -> None:
    """Unit, cover and footer fields (and the 编制 lines) from the 单位信息 sheet."""
    ctx.anchor_sheet(("unit", "staff_by_type"), sh)
    by_label = {norm(label): (path, kind) for label, path, kind in UNIT_FIELDS}
    staff_from: int | None = None
    last_text: tuple[str, ...] | None = None  # the text field a 续/接 row continues
    texts: list[tuple[str, ...]] = []
    for r, cells in sh.rows().items():
        first = cells[0]
        label = norm(text_of(first))
        if first.col != 1:
            continue
        if label == STAFF_HEADER[0]:
            staff_from = r
            break
        if label in (longtext.NEW_PARAGRAPH, longtext.SAME_PARAGRAPH):
            if last_text is not None:
                before = str(_get(pkg, last_text))
                more = ctx.text(sh, r, 2, None, strip=False)
                _set(pkg, last_text, longtext.join([("", before), (label, more)]))
            continue
        last_text = None
        field = by_label.get(label) or by_label.get(label.replace("(万元)", ""))
        if field is None:
            continue
        path, kind = field
        if path == ("unit", "name") and pkg.unit.name:
            continue  # the forms' 预算单位名称 is the one printed and checked
        if kind == "amount":
            value: object = ctx.amount(sh, r, 2, path)
        elif kind == "date":
            value = ctx.date(sh, r, 2, path)
        else:
            value = ctx.text(sh, r, 2, path, strip=False)  # stripped once its continuations are on
            last_text = path
            texts.append(path)
        _set(pkg, path, value)
    for path in texts:
        _set(pkg, path, str(_get(pkg, path)).strip())
    if staff_from is None:
        return
    rows = sh.rows()
    pkg.unit.staff_by_type = []
    for r in range(staff_from + 1, max(rows, default=staff_from) + 1):
        cells = rows.get(r, [])
        if is_blank_row(cells):
            continue
        i = len(pkg.unit.staff_by_type)
        p = ("unit", "staff_by_type", i)
        ctx.anchor(p, sh, r, 1)
        line = model.StaffLine(
            kind=ctx.text(sh, r, 1, p + ("kind",)), count=ctx.count(sh, r, 2, p + ("count",))
        )
        pkg.unit.staff_by_type.append(line)


def read_report_sheet(ctx: Ctx, sh: SheetData) -> list[model.Section]:
    """Sections and sub-sections from the 自评报告 sheet (rows ``章``/``节`` · 标题 · 正文)."""
    ctx.anchor_sheet(("report",), sh)
    sections: list[model.Section] = []
    rows = sh.rows()
    started = False
    _section_last = True  # the row last read was a 章 (not a 节): a continuation belongs to it
    for r in sorted(rows):
        cells = rows[r]
        kind = norm(text_of(sh.get(r, 1)))
        if not started:
            started = kind == REPORT_HEADER[0]
            continue
        if is_blank_row(cells):
            continue
        if kind in (longtext.NEW_PARAGRAPH, longtext.SAME_PARAGRAPH) and sections:
            # A long text written on over several rows (longtext): back onto the text it continues.
            last: model.Section | model.Subsection = (
                sections[-1].subsections[-1]
                if sections[-1].subsections and not _section_last
                else sections[-1]
            )
            last.body = longtext.join([("", last.body), (kind, ctx.text(sh, r, 3, None, strip=False))])
            continue
        _section_last = kind != SUBSECTION
        if kind == SUBSECTION:
            if not sections:
                sections.append(model.Section())
            i, j = len(sections) - 1, len(sections[-1].subsections)
            p: tuple[object, ...] = ("report", i, "subsections", j)
            ctx.anchor(p, sh, r, 1)
            sub = model.Subsection(
                heading=ctx.text(sh, r, 2, p + ("heading",)),
                body=ctx.text(sh, r, 3, p + ("body",), strip=False),
            )
            sections[-1].subsections.append(sub)
        else:
            if kind != SECTION:
                ctx.problem(sh.name, f"A{r}", f"层级应为“{SECTION}”或“{SUBSECTION}”")
            i = len(sections)
            p = ("report", i)
            ctx.anchor(p, sh, r, 1)
            sections.append(
                model.Section(
                    heading=ctx.text(sh, r, 2, p + ("heading",)),
                    body=ctx.text(sh, r, 3, p + ("body",), strip=False),
                )
            )
    for section in sections:  # stripped once their continuations are on (a cut may fall at a space)
        section.body = section.body.strip()
        for sub in section.subsections:
            sub.body = sub.body.strip()
    return sections


def _as_text(cell: RawCell) -> str:
    if isinstance(cell.value, _dt.date):
        return f"{cell.value.year}年{cell.value.month}月{cell.value.day}日"
    return text_of(cell)


def read_footer(ctx: Ctx, sh: SheetData, footer: model.Footer) -> bool:
    """The signature line of a form (``单位负责人签字：… 填表人：… 联系电话：… 填报日期：…``); True if found."""
    for cells in sh.rows().values():
        joined = " ".join(_as_text(c) for c in cells)
        if "单位负责人" not in joined or "填表人" not in joined:
            continue
        m = _FOOTER.search(joined)
        if not m:
            return False
        leader, preparer, phone, date = (g.strip().strip("　 ") for g in m.groups())
        footer.leader, footer.preparer, footer.phone = leader, preparer, phone
        if date:
            footer.date = parse_date_text(date)
            if footer.date is None:
                ctx.problem(
                    sh.name, cells[-1].coord, f"填报日期“{date[:30]}”不是有效的日期（应如 2024年5月6日）"
                )
        return True
    return False
