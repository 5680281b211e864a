"""Reading 附件1 (整体支出绩效评价基础数据表) by its labels.

Blocks are found by their header cells (``编制数``, ``…决算数``/``…预算数``, ``批复规模``), rows of the
经费控制情况 block by their labels in any order; the lines after ``区级专项资金`` and ``上级转移支付`` are
the 专项 lines, up to the next known row.
"""

from __future__ import annotations

import re

from evaldesk.core import model
from evaldesk.export.xlsx.context import Ctx, Path
from evaldesk.export.xlsx.labels import find_cell, header_columns, is_blank_row, norm, row_key, text_of
from evaldesk.export.xlsx.sheetdata import RawCell, SheetData

# Row labels (after labels.row_key) → BASIC_ROWS key; several spellings seen in clerks' workbooks.
ROW_ALIASES: dict[str, str] = {
    "三公经费": "sangong",
    "公务用车购置和维护经费": "car",
    "公务用车购置和运行维护经费": "car",
    "公务用车购置及运行维护费": "car",
    "公车购置": "car_purchase",
    "公务用车购置": "car_purchase",
    "公车运行维护": "car_running",
    "公务用车运行维护": "car_running",
    "公车运行维护费": "car_running",
    "出国经费": "abroad",
    "因公出国(境)费": "abroad",
    "因公出国(境)经费": "abroad",
    "公务接待": "reception",
    "公务接待费": "reception",
    "项目支出": "project",
    "业务工作经费": "project_business",
    "运行维护经费": "project_operation",
    "公用经费": "public",
    "办公经费": "public_office",
    "办公费": "public_office",
    "水费.电费.差旅费": "public_utilities",
    "水电费.差旅费": "public_utilities",
    "会议费.培训费": "public_meeting",
    "政府采购金额": "procurement",
    "部门基本支出预算调整": "basic_adjust",
}
TOTAL_ROWS = frozenset({"sangong", "car", "project"})  # figures EvalDesk computes (R2–R4)
COLUMNS = ("prev", "budget", "actual")


def _section_of(key: str) -> str:
    if key.startswith("区级专项"):
        return "special"
    if key.startswith("上级转移支付"):
        return "transfer"
    return ""


def _value_right(sh: SheetData, label: RawCell, labels: frozenset[str] = frozenset()) -> int:
    """The column of the first non-empty cell right of ``label``, unless another label comes first
    (then the value is blank: its neighbour's column is returned)."""
    for c in sh.row(label.row):
        if c.col > label.col:
            if norm(text_of(c)).rstrip(":") in labels:
                break
            return c.col
    return label.col + 1


def value_row(sh: SheetData, head: int, cols: dict[str, int]) -> int:
    """The row of values under a header row: the first row below with something in the header's
    columns, skipping blank rows, but never past the next block's label (a text left of the columns).
    """
    first = min(cols.values(), default=1)
    wanted = set(cols.values())
    rows = sh.rows()
    for r in sorted(rows):
        if r <= head:
            continue
        cells = rows[r]
        if any(c.col < first and text_of(c).strip() for c in cells):
            break
        if not is_blank_row([c for c in cells if c.col in wanted]):
            return r
    return head + 1


def read_unit_name(ctx: Ctx, sh: SheetData, path: Path | None) -> str | None:
    """The value beside ``预算单位名称`` (``None`` when the label is missing)."""
    label = find_cell(sh, lambda t: t.rstrip(":") in ("预算单位名称", "单位名称"))
    if label is None:
        return None
    return ctx.text(sh, label.row, _value_right(sh, label), path)


def read_form1(ctx: Ctx, sh: SheetData, pkg: model.Package) -> None:
    """Fill ``pkg.unit`` (staff, 控制率) and ``pkg.basic`` from the 附件1 sheet ``sh``."""
    ctx.anchor_sheet(("basic",), sh)
    name = read_unit_name(ctx, sh, ("unit", "name"))
    if name:
        pkg.unit.name = name
    _read_staff(ctx, sh, pkg.unit)
    building_row = _read_building(ctx, sh, pkg.basic.building)
    _read_money(ctx, sh, pkg.basic, building_row)
    frugal = find_cell(sh, lambda t: t.startswith("厉行节约"))
    if frugal is not None:
        skip = {"厉行节约保障措施", "节约型机关制度措施", "厉行节约保障措施:", "节约型机关制度措施:"}
        row = [c for c in sh.row(frugal.row) if c.col > frugal.col]
        values = [c for c in row if norm(text_of(c)) not in skip]
        if values:
            pkg.basic.frugality = ctx.text(sh, frugal.row, values[0].col, ("basic", "frugality"))
        else:  # nothing written after the labels: note the cell right of them as the (blank) value
            ctx.note(
                sh, frugal.row, max((c.col for c in row), default=frugal.col) + 1, ("basic", "frugality")
            )


def _read_staff(ctx: Ctx, sh: SheetData, unit: model.UnitInfo) -> None:
    head = find_cell(sh, lambda t: t.startswith("编制数") or t == "编制人数")
    if head is None:
        return
    cols = header_columns(
        sh.row(head.row),
        {
            "auth": lambda t: t.startswith("编制") and "实际" not in t,
            "actual": lambda t: "在职人数" in t or "实有人数" in t,
            "rate": lambda t: t.endswith("控制率") and "规模" not in t and "投资" not in t,
        },
    )
    r = value_row(sh, head.row, cols)
    if "auth" in cols:
        unit.staff_authorized = ctx.count(sh, r, cols["auth"], ("unit", "staff_authorized"))
    if "actual" in cols:
        unit.staff_actual = ctx.count(sh, r, cols["actual"], ("unit", "staff_actual"))
    if "rate" in cols:
        unit.control_rate_entered = ctx.percent(sh, r, cols["rate"], ("unit", "control_rate_entered"))


def _read_building(ctx: Ctx, sh: SheetData, b: model.Building) -> int | None:
    head = find_cell(sh, lambda t: t.startswith("批复规模"))
    if head is None:
        block = find_cell(sh, lambda t: t.startswith("楼堂馆所"))
        return block.row if block else None
    cols = header_columns(
        sh.row(head.row),
        {
            "area_rate": lambda t: t.startswith("规模控制率"),
            "invest_rate": lambda t: "控制率" in t and "投资" in t,
            "approved": lambda t: t.startswith("批复规模"),
            "actual_area": lambda t: t.startswith("实际规模"),
            "budget_invest": lambda t: t.startswith("预算投资"),
            "actual_invest": lambda t: t.startswith("实际投资"),
        },
    )
    r = value_row(sh, head.row, cols)
    p = ("basic", "building")
    if "approved" in cols:
        b.approved_area = ctx.area(sh, r, cols["approved"], p + ("approved_area",))
    if "actual_area" in cols:
        b.actual_area = ctx.area(sh, r, cols["actual_area"], p + ("actual_area",))
    if "area_rate" in cols:
        b.area_rate_entered = ctx.percent(sh, r, cols["area_rate"], p + ("area_rate_entered",))
    if "budget_invest" in cols:
        b.budget_invest = ctx.amount(sh, r, cols["budget_invest"], p + ("budget_invest",))
    if "actual_invest" in cols:
        b.actual_invest = ctx.amount(sh, r, cols["actual_invest"], p + ("actual_invest",))
    if "invest_rate" in cols:
        b.invest_rate_entered = ctx.percent(sh, r, cols["invest_rate"], p + ("invest_rate_entered",))
    block = find_cell(sh, lambda t: t.startswith("楼堂馆所"))
    return min(head.row, block.row) if block else head.row


def _money_columns(sh: SheetData) -> tuple[int, dict[str, int]] | None:
    """(header row, column of prev/budget/actual) of the 经费控制情况 block."""
    for r, cells in sh.rows().items():
        final, budget = [], []
        for c in cells:
            t = norm(text_of(c))
            if "决算" in t:
                final.append((c, t))
            elif "预算数" in t or t.endswith("预算"):
                budget.append((c, t))
        if len(final) >= 2 and budget:

            def year(item: tuple[RawCell, str]) -> tuple[int, int]:
                m = re.match(r"^(\d{4})", item[1])
                prior = 0 if "上年" in item[1] else 1
                return (int(m.group(1)) if m else 9999 if prior else 0, item[0].col)

            final.sort(key=year)
            return r, {"prev": final[0][0].col, "budget": budget[0][0].col, "actual": final[-1][0].col}
    return None


def _read_money(ctx: Ctx, sh: SheetData, basic: model.BasicData, stop: int | None) -> None:
    found = _money_columns(sh)
    if found is None:
        return
    head, cols = found
    first_amount = min(cols.values())
    rows = sh.rows()
    last = stop - 1 if stop else max(rows, default=head)
    section = ""
    seen: set[str] = set()
    label_col = 1
    for r in range(head + 1, last + 1):
        if r in sh.continued:
            continue
        cells = rows.get(r, [])
        labels = [c for c in cells if c.col < first_amount]
        if is_blank_row(cells):
            if section and ctx.blank_row(sh, r):
                _named_line(ctx, sh, basic, section, r, label_col, cols)
            continue
        label = labels[0] if labels else None
        text = ctx.text(sh, r, label.col, None) if label else ""
        key = row_key(text)
        if key.startswith(("楼堂馆所", "厉行节约", "说明")) or "单位负责人签字" in key:
            break
        fixed = ROW_ALIASES.get(key)
        if fixed:
            label_col = label.col if label else label_col
            section = ""
            if fixed in seen:
                ctx.problem(sh.name, label.coord if label else "", f"“{text}”一行重复出现")
                continue
            seen.add(fixed)
            t = basic.row(fixed)
            for col in COLUMNS:
                path = ("basic", "rows", fixed, col)
                setattr(t, col, ctx.amount(sh, r, cols[col], path, computed=fixed in TOTAL_ROWS))
        elif _section_of(key):
            section = _section_of(key)
            label_col = label.col if label else label_col
        elif section:
            _named_line(ctx, sh, basic, section, r, label.col if label else label_col, cols)
        else:
            where = label or cells[0]
            ctx.problem(
                sh.name, where.coord, f"无法识别的行“{text[:30] or where.value}”（附件1中没有这一行）"
            )


def _named_line(
    ctx: Ctx,
    sh: SheetData,
    basic: model.BasicData,
    section: str,
    r: int,
    label_col: int,
    cols: dict[str, int],
) -> None:
    lines: list[model.NamedLine] = getattr(basic, section)
    i = len(lines)
    prefix = ("basic", section, i)
    ctx.anchor(prefix, sh, r, label_col)
    line = model.NamedLine(name=ctx.text(sh, r, label_col, prefix + ("name",)))
    for col in COLUMNS:
        setattr(line, col, ctx.amount(sh, r, cols[col], prefix + (col,)))
    lines.append(line)
