"""Reading 附件2 (整体支出绩效自评表) and each 附件3 (项目支出绩效自评表) by their labels.

The funding block is found by its ``年初预算数`` header, the goals by ``预期目标``/``实际完成情况``, the
indicator table by ``一级指标``/``三级指标`` and ends at ``总分``. 一级/二级 cells that span rows (merged, or
simply left blank under the first row) carry down; ``产出指标（50分）`` is read as ``产出指标``.
"""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import model, money
from evaldesk.core.errors import InputError
from evaldesk.export.xlsx.context import Ctx, Path
from evaldesk.export.xlsx.labels import (
    Pred,
    find_cell,
    header_columns,
    is_blank_row,
    level_text,
    norm,
    row_key,
    text_of,
)
from evaldesk.export.xlsx.read_basic import _value_right, read_unit_name, value_row
from evaldesk.export.xlsx.sheetdata import RawCell, SheetData

FUNDING_COLUMNS: dict[str, Pred] = {
    "initial": lambda t: t.startswith("年初预算"),
    "full": lambda t: t.startswith("全年预算") or t.startswith("调整后预算"),
    "executed": lambda t: t.startswith("全年执行") or t.startswith("实际执行"),
    "weight": lambda t: t == "分值",
    "rate": lambda t: t.startswith("执行率") or t == "预算执行率",
    "score": lambda t: t in ("自评得分", "得分"),
}
INDICATOR_COLUMNS: dict[str, Pred] = {
    "level1": lambda t: t.startswith("一级指标"),
    "level2": lambda t: t.startswith("二级指标"),
    "name": lambda t: t.startswith("三级指标"),
    "target": lambda t: "指标值" in t,
    "actual": lambda t: t.startswith("实际完成") or t == "完成值",
    "weight": lambda t: t == "分值",
    "score": lambda t: t in ("自评得分", "得分"),
    "deviation": lambda t: t.startswith("偏差"),
}
PROJECT_ROWS = {
    "年度资金总额": "total",
    "当年财政拨款": "current",
    "上年结转资金": "carryover",
    "其他资金": "other",
}
OVERALL_LINES = {
    "按收入性质分": "income_total",
    "一般公共预算": "income_general",
    "政府性基金拨款": "income_fund",
    "政府性基金": "income_fund",
    "纳入专户管理的非税收入拨款": "income_nontax",
    "其他资金": "income_other",
    "按支出性质分": "expend_total",
    "基本支出": "expend_basic",
    "项目支出": "expend_project",
}
_TOTAL_LABELS = ("总分", "合计", "总计")


def read_form2(ctx: Ctx, sh: SheetData, pkg: model.Package) -> None:
    """Fill ``pkg.overall_funding`` and ``pkg.overall`` from the 附件2 sheet ``sh``."""
    ctx.anchor_sheet(("overall",), sh)
    ctx.anchor_sheet(("overall_funding",), sh)
    if not pkg.unit.name:
        name = read_unit_name(ctx, sh, ("unit", "name"))
        pkg.unit.name = name or ""
    goals = _goals_row(sh)
    head = _funding(ctx, sh, ("overall_funding",), pkg.overall_funding.total, goals)
    if head is not None:
        _overall_lines(ctx, sh, pkg.overall_funding, head, goals)
    pkg.overall = read_performance(ctx, sh, ("overall",), goals)


def read_form3(ctx: Ctx, sh: SheetData, project: model.Project, index: int) -> None:
    """Fill ``project`` (the ``index``-th 附件3) from the sheet ``sh``."""
    prefix: Path = ("projects", index)
    ctx.anchor_sheet(prefix, sh)
    for label, attr in (
        ("项目支出名称", "name"),
        ("项目名称", "name"),
        ("主管部门", "department"),
        ("实施单位", "implementer"),
    ):
        cell = find_cell(sh, lambda t, lb=label: t.rstrip(":") == lb)  # type: ignore[misc]
        if cell is not None:
            col = _value_right(sh, cell, frozenset({"主管部门", "实施单位"}))
            setattr(project, attr, ctx.text(sh, cell.row, col, prefix + (attr,)))
    goals = _goals_row(sh)
    head = _funding(ctx, sh, prefix + ("funding",), project.funding.total, goals)
    if head is not None:
        row, cols = head
        stop = goals or (sh.max_row + 1)
        for r in range(row + 1, stop):
            cells = sh.row(r)
            first = _first_label(cells, cols)
            key = PROJECT_ROWS.get(row_key(text_of(first))) if first else None
            if key and key != "total":
                _funding_row(
                    ctx, sh, r, cols, getattr(project.funding, key), prefix + ("funding", key), total=False
                )
    project.performance = read_performance(ctx, sh, prefix + ("performance",), goals)


def _goals_row(sh: SheetData) -> int | None:
    cell = find_cell(sh, lambda t: t.startswith("预期目标"))
    return cell.row if cell else None


def _first_label(cells: list[RawCell], cols: dict[str, int]) -> RawCell | None:
    first = min(cols.values())
    for c in cells:
        if (
            c.col < first
            and text_of(c).strip()
            and not norm(text_of(c)).startswith(("年度预算申请", "项目资金"))
        ):
            return c
    return None


def _funding(
    ctx: Ctx, sh: SheetData, prefix: Path, total: model.FundingRow, stop: int | None
) -> tuple[int, dict[str, int]] | None:
    """Read the 年度资金总额 row; returns the funding header (row, columns)."""
    head = find_cell(sh, lambda t: t.startswith("年初预算"))
    if head is None:
        return None
    cols = header_columns(sh.row(head.row), FUNDING_COLUMNS)
    if not {"initial", "full", "executed"} <= set(cols):
        return None
    for r in range(head.row + 1, stop or sh.max_row + 1):
        label = _first_label(sh.row(r), cols)
        if label is not None and row_key(text_of(label)) == "年度资金总额":
            _funding_row(ctx, sh, r, cols, total, prefix + ("total",), total=True)
            break
    return head.row, cols


def _funding_row(
    ctx: Ctx, sh: SheetData, r: int, cols: dict[str, int], row: model.FundingRow, p: Path, total: bool
) -> None:
    row.initial = ctx.amount(sh, r, cols["initial"], p + ("initial",))
    row.full = ctx.amount(sh, r, cols["full"], p + ("full",))
    row.executed = ctx.amount(sh, r, cols["executed"], p + ("executed",))
    if "weight" in cols:
        # 分值 on 年度资金总额 is set by the rule set; on a 其中 row it is a figure typed where none belongs.
        row.weight_entered = ctx.score(sh, r, cols["weight"], p + ("weight_entered",), computed=total)
    if "rate" in cols:
        row.rate_entered = ctx.percent(sh, r, cols["rate"], p + ("rate_entered",))
    if "score" in cols:
        row.score_entered = ctx.score(sh, r, cols["score"], p + ("score_entered",), computed=total)


def _overall_lines(
    ctx: Ctx, sh: SheetData, f: model.OverallFunding, head: tuple[int, dict[str, int]], stop: int | None
) -> None:
    """按收入性质分 / 按支出性质分 and their 其中 lines: ``label`` then a value, or ``label：value`` in one cell."""
    row, _ = head
    labels = frozenset(OVERALL_LINES)
    for r in range(row + 1, stop or sh.max_row + 1):
        cells = sh.row(r)
        for c in cells:
            t = norm(text_of(c))
            if not t:
                continue
            body = t[3:] if t.startswith("其中:") else t
            name, _, rest = body.partition(":")
            key = OVERALL_LINES.get(row_key(name))
            if key is None:
                continue
            path = ("overall_funding", key)
            if rest:
                setattr(f, key, _embedded(ctx, sh, c, rest, path))
            else:
                col = _value_right_until_label(sh, c, labels)
                setattr(f, key, ctx.amount(sh, r, col, path))


def _embedded(ctx: Ctx, sh: SheetData, cell: RawCell, text: str, path: Path) -> Decimal | None:
    """An amount written in the label cell after its colon (``其他资金：6.26``)."""
    ctx.note(sh, cell.row, cell.col, path)
    try:
        return money.parse_amount(text)
    except InputError as e:
        ctx.problem(sh.name, cell.coord, str(e).rstrip("。"))
        return None


def _value_right_until_label(sh: SheetData, label: RawCell, labels: frozenset[str]) -> int:
    for c in sh.row(label.row):
        if c.col <= label.col:
            continue
        t = norm(text_of(c))
        body = t[3:] if t.startswith("其中:") else t
        key = row_key(body.partition(":")[0]) if t else ""
        if key in labels:
            break
        return c.col
    return label.col + 1


def read_performance(ctx: Ctx, sh: SheetData, prefix: Path, goals: int | None) -> model.Performance:
    """年度总体目标, the indicator table and the 总分 row."""
    perf = model.Performance()
    if goals is not None:
        cols = header_columns(
            sh.row(goals),
            {
                "expected": lambda t: t.startswith("预期目标"),
                "actual": lambda t: t.startswith("实际完成情况"),
            },
        )
        r = value_row(sh, goals, cols)
        if "expected" in cols:
            perf.goal_expected = ctx.text(sh, r, cols["expected"], prefix + ("goal_expected",))
        if "actual" in cols:
            perf.goal_actual = ctx.text(sh, r, cols["actual"], prefix + ("goal_actual",))
    head = find_cell(sh, lambda t: t.startswith("一级指标"))
    if head is None:
        return perf
    cols = header_columns(sh.row(head.row), INDICATOR_COLUMNS)
    if "name" not in cols:
        return perf
    rows = sh.rows()
    level1 = level2 = ""
    for r in range(head.row + 1, max(rows, default=head.row) + 1):
        if r in sh.continued:
            continue
        cells = rows.get(r, [])
        texts = [norm(text_of(c)) for c in cells]
        if any(t in _TOTAL_LABELS for t in texts):
            if "weight" in cols:
                perf.total_weight_entered = ctx.score(
                    sh, r, cols["weight"], prefix + ("total_weight_entered",), computed=True
                )
            if "score" in cols:
                perf.total_score_entered = ctx.score(
                    sh, r, cols["score"], prefix + ("total_score_entered",), computed=True
                )
            break
        if any("单位负责人签字" in t for t in texts):
            break
        in_table = [c for c in cells if c.col >= min(cols.values())]
        if is_blank_row(in_table):
            if ctx.blank_row(sh, r):
                _indicator(ctx, sh, perf, prefix, r, cols, level1, level2)
            continue
        l1 = text_of(sh.get(r, cols["level1"])) if "level1" in cols else ""
        l2 = text_of(sh.get(r, cols["level2"])) if "level2" in cols else ""
        if l1.strip():
            level1, level2 = level_text(l1), ""
        if l2.strip():
            level2 = level_text(l2)
        _indicator(ctx, sh, perf, prefix, r, cols, level1, level2)
    return perf


def _indicator(
    ctx: Ctx,
    sh: SheetData,
    perf: model.Performance,
    prefix: Path,
    r: int,
    cols: dict[str, int],
    level1: str,
    level2: str,
) -> None:
    i = len(perf.indicators)
    p = prefix + ("indicators", i)
    ctx.anchor(p, sh, r, cols["name"])
    ind = model.Indicator(level1=level1, level2=level2)
    ind.name = ctx.text(sh, r, cols["name"], p + ("name",))
    if "target" in cols:
        ind.target = ctx.text(sh, r, cols["target"], p + ("target",))
    if "actual" in cols:
        ind.actual = ctx.text(sh, r, cols["actual"], p + ("actual",))
    if "weight" in cols:
        ind.weight = ctx.score(sh, r, cols["weight"], p + ("weight",))
    if "score" in cols:
        ind.score_entered = ctx.score(sh, r, cols["score"], p + ("score_entered",), computed=True)
    if "deviation" in cols:
        ind.deviation = ctx.text(sh, r, cols["deviation"], p + ("deviation",))
    perf.indicators.append(ind)
