"""附件1/2/3 read from Word tables by their labels and header rows, not by fixed positions.

Rows are found by their label (compared with the XLSX importer's :func:`row_key`, so ``1、`` / ``1.`` /
``其中：`` and full-width forms all match) and columns by the header row above them (``2022年决算数``,
``全年预算数（万元）``…). Blank rows are skipped; a repeated header row (a table continued over a page)
is skipped too.
"""

from __future__ import annotations

from collections.abc import Callable

from evaldesk.core import model
from evaldesk.export.docx.body import Row, is_header_row
from evaldesk.export.docx.readctx import Path, ReadCtx
from evaldesk.export.xlsx.labels import level_text, norm, row_key
from evaldesk.export.xlsx.read_basic import ROW_ALIASES

Pred = Callable[[str], bool]


def find_row(rows: list[Row], pred: Pred, start: int = 0) -> int | None:
    """The first row at or after ``start`` with a cell whose normalised text satisfies ``pred``."""
    for i in range(start, len(rows)):
        if any(pred(norm(t)) for _, t in rows[i].distinct() if t):
            return i
    return None


def header_cols(row: Row, wanted: dict[str, Pred]) -> dict[str, int]:
    out: dict[str, int] = {}
    for col, t in row.distinct():
        n = norm(t)
        for key, pred in wanted.items():
            if key not in out and n and pred(n):
                out[key] = col
                break
    return out


_LABELS = frozenset({"预算单位名称", "项目支出名称", "项目名称", "主管部门", "实施单位"})


def value_right(row: Row, col: int) -> int | None:
    """The column of the value of the label at ``col``: the first filled cell to its right (blank
    cells between are a clerk's unmerged cells), or the next cell when another label comes first."""
    right = [(c, t) for c, t in row.distinct() if c > col]
    for c, t in right:
        if row_key(t) in _LABELS:
            break
        if t.strip():
            return c
    return right[0][0] if right else None


def label_value(ctx: ReadCtx, form: str, rows: list[Row], label: str, path: Path) -> str:
    """The text right of the cell labelled ``label`` (``预算单位名称``, ``主管部门``…), '' if absent."""
    for row in rows:
        for col, t in row.distinct():
            if row_key(t) == label:
                return ctx.text(form, row, value_right(row, col), path)
            head, value = split_label(t)
            if value and row_key(head) == label:  # "主管部门：岳阳楼区政府" in one cell
                ctx.note(form, row, col, path)
                return value
    return ""


def split_label(text: str) -> tuple[str, str]:
    """``其中：一般公共预算：1812.08`` → (``其中：一般公共预算``, ``1812.08``); no value → (text, "")."""
    t = text.strip()
    for colon in ("：", ":"):
        head, sep, tail = t.rpartition(colon)
        if sep and head:
            if norm(head) == "其中":
                return t, ""  # "其中：基本支出" — the part after the colon is the label itself
            return head, tail.strip()
    return t, ""


def _next_filled(rows: list[Row], i: int) -> Row | None:
    for row in rows[i + 1 :]:
        if not row.is_blank():
            return row
    return None


# --- 附件1 ---------------------------------------------------------------------------------------


def read_form1(ctx: ReadCtx, rows: list[Row], pkg: model.Package) -> None:
    f = "附件1"
    name = label_value(ctx, f, rows, "预算单位名称", ("unit", "name"))
    pkg.unit.name = pkg.unit.name or name
    h = find_row(rows, lambda t: t.startswith("编制数"))
    if h is not None and (v := _next_filled(rows, h)) is not None:
        cols = header_cols(
            rows[h],
            {
                "auth": lambda t: t.startswith("编制数"),
                "actual": lambda t: "实际在职" in t,
                "rate": lambda t: "控制率" in t,
            },
        )
        pkg.unit.staff_authorized = ctx.count(f, v, cols.get("auth"), ("unit", "staff_authorized"))
        pkg.unit.staff_actual = ctx.count(f, v, cols.get("actual"), ("unit", "staff_actual"))
        pkg.unit.control_rate_entered = ctx.percent(f, v, cols.get("rate"), ("unit", "control_rate_entered"))
    h = find_row(rows, lambda t: "决算数" in t)
    if h is not None:
        _read_funds(ctx, rows, h, pkg.basic)
    else:
        ctx.missing.append("附件1 经费控制情况（未找到“决算数”“预算数”表头）")
    h = find_row(rows, lambda t: t.startswith("批复规模"))
    if h is not None and (v := _next_filled(rows, h)) is not None:
        cols = header_cols(
            rows[h],
            {
                "approved": lambda t: t.startswith("批复规模"),
                "actual": lambda t: t.startswith("实际规模"),
                "area_rate": lambda t: t.startswith("规模控制率"),
                "budget": lambda t: t.startswith("预算投资"),
                "invest": lambda t: t.startswith("实际投资"),
                "invest_rate": lambda t: t.startswith("投资概算控制率"),
            },
        )
        b, p = pkg.basic.building, ("basic", "building")
        b.approved_area = ctx.area(f, v, cols.get("approved"), (*p, "approved_area"))
        b.actual_area = ctx.area(f, v, cols.get("actual"), (*p, "actual_area"))
        b.area_rate_entered = ctx.percent(f, v, cols.get("area_rate"), (*p, "area_rate_entered"))
        b.budget_invest = ctx.amount(f, v, cols.get("budget"), (*p, "budget_invest"))
        b.actual_invest = ctx.amount(f, v, cols.get("invest"), (*p, "actual_invest"))
        b.invest_rate_entered = ctx.percent(f, v, cols.get("invest_rate"), (*p, "invest_rate_entered"))
    h = find_row(rows, lambda t: t.startswith("厉行节约"))
    if h is not None:
        cells = [
            (c, t)
            for c, t in rows[h].distinct()
            if t and not row_key(t).startswith(("厉行节约", "节约型机关"))
        ]
        if cells:
            pkg.basic.frugality = ctx.text(f, rows[h], cells[-1][0], ("basic", "frugality"))


def _read_funds(ctx: ReadCtx, rows: list[Row], h: int, basic: model.BasicData) -> None:
    f = "附件1"
    head = rows[h]
    actual_cols = [c for c, t in head.distinct() if "决算" in norm(t)]
    budget_cols = [c for c, t in head.distinct() if "预算数" in norm(t) and "决算" not in norm(t)]
    if len(actual_cols) < 2 or not budget_cols:
        ctx.bad(f, head, 0, "经费控制情况的表头应有“上年决算数”“本年预算数”“本年决算数”三列")
        return
    cols = {"prev": actual_cols[0], "budget": budget_cols[0], "actual": actual_cols[1]}
    mode = ""
    for row in rows[h + 1 :]:
        if row.is_blank():
            continue
        # The row's label: the last cell left of the figures, not a block label merged down from above.
        first_value = min(cols.values())
        labels = [(c, t) for c, t in row.distinct() if c < first_value and t.strip() and not row.below[c]]
        label_col, label = labels[-1] if labels else (0, "")
        key = row_key(label)
        if key.startswith(("楼堂馆所", "厉行节约")) or any(norm(t).startswith("批复规模") for t in row.texts):
            return
        if key.startswith(("区级专项", "上级转移支付")):
            mode = "special" if key.startswith("区级专项") else "transfer"
            for col in cols.values():
                if row.text(col).strip():
                    ctx.bad(f, row, col, "标题行的数字未导入（合计由各专项相加）")
            continue
        known = ROW_ALIASES.get(key)
        if known:
            mode = ""
            triple = basic.row(known)
            for name, col in cols.items():
                setattr(triple, name, ctx.amount(f, row, col, ("basic", "rows", known, name)))
        elif mode:
            items = basic.special if mode == "special" else basic.transfer
            line = model.NamedLine(name=label.strip())
            ctx.note(f, row, label_col, ("basic", mode, len(items), "name"))
            for name, col in cols.items():
                setattr(line, name, ctx.amount(f, row, col, ("basic", mode, len(items), name)))
            items.append(line)
        else:
            ctx.bad(
                f,
                row,
                label_col,
                "无法识别的行：不是附件1经费控制情况的项目（专项请列在“区级专项资金”或“上级转移支付”下）",
            )


# --- 附件2 and 附件3 ------------------------------------------------------------------------------

_FUNDING_HEAD: dict[str, Pred] = {
    "initial": lambda t: t.startswith("年初预算"),
    "full": lambda t: t.startswith("全年预算"),
    "executed": lambda t: t.startswith("全年执行"),
    "weight": lambda t: t.startswith("分值"),
    "rate": lambda t: t.startswith("执行率"),
    "score": lambda t: "得分" in t,
}
_INCOME = {
    "按收入性质分": "income_total",
    "一般公共预算": "income_general",
    "政府性基金拨款": "income_fund",
    "政府性基金": "income_fund",
    "纳入专户管理的非税收入拨款": "income_nontax",
    "非税收入": "income_nontax",
    "其他资金": "income_other",
    "按支出性质分": "expend_total",
    "基本支出": "expend_basic",
    "项目支出": "expend_project",
}
_PROJECT_ROWS = {
    "年度资金总额": "total",
    "当年财政拨款": "current",
    "上年结转资金": "carryover",
    "其他资金": "other",
}


def _funding_row(
    ctx: ReadCtx, form: str, row: Row, cols: dict[str, int], fr: model.FundingRow, path: Path
) -> None:
    fr.initial = ctx.amount(form, row, cols.get("initial"), (*path, "initial"))
    fr.full = ctx.amount(form, row, cols.get("full"), (*path, "full"))
    fr.executed = ctx.amount(form, row, cols.get("executed"), (*path, "executed"))
    fr.weight_entered = ctx.score(form, row, cols.get("weight"), (*path, "weight_entered"))
    fr.rate_entered = ctx.percent(form, row, cols.get("rate"), (*path, "rate_entered"))
    fr.score_entered = ctx.score(form, row, cols.get("score"), (*path, "score_entered"))


def _funding_rows(rows: list[Row], h: int) -> list[Row]:
    out = []
    for row in rows[h + 1 :]:
        if any(norm(t).startswith(("年度总体目标", "预期目标", "绩效指标", "一级指标")) for t in row.texts):
            break
        if not row.is_blank() and not is_header_row(row):
            out.append(row)
    return out


def read_overall_funding(ctx: ReadCtx, rows: list[Row], of: model.OverallFunding) -> None:
    f = "附件2"
    h = find_row(rows, lambda t: t.startswith("全年预算"))
    if h is None:
        ctx.missing.append("附件2 年度预算申请（未找到“全年预算数”表头）")
        return
    cols = header_cols(rows[h], _FUNDING_HEAD)
    for row in _funding_rows(rows, h):
        labels = [(c, t) for c, t in row.distinct() if t and c < cols.get("initial", 1) and not row.below[c]]
        if any(row_key(t) == "年度资金总额" for _, t in labels):
            _funding_row(ctx, f, row, cols, of.total, ("overall_funding", "total"))
            continue
        cells = [(c, t) for c, t in row.distinct() if not row.below[c]]
        used: set[int] = set()
        for i, (col, t) in enumerate(cells):
            label, value = split_label(t)
            key = _INCOME.get(row_key(label)) if label else None
            if key is None:
                continue
            used.add(col)
            if value:  # the clerk wrote the figure into the label's cell
                setattr(of, key, ctx.amount_in(f, row, col, value, ("overall_funding", key)))
            elif i + 1 < len(cells) and not _INCOME.get(row_key(split_label(cells[i + 1][1])[0])):
                used.add(cells[i + 1][0])
                setattr(of, key, ctx.amount(f, row, cells[i + 1][0], ("overall_funding", key)))
            else:
                ctx.note(f, row, col, ("overall_funding", key))  # labelled, left blank
        for col, t in cells:
            if t.strip() and col not in used:
                ctx.bad(f, row, col, "无法识别：年度预算申请中应为按收入性质或按支出性质分的项目及金额")


def read_project_funding(
    ctx: ReadCtx, rows: list[Row], pf: model.ProjectFunding, form: str, path: Path
) -> None:
    h = find_row(rows, lambda t: t.startswith("全年预算"))
    if h is None:
        ctx.missing.append(f"{form} 项目资金（未找到“全年预算数”表头）")
        return
    cols = header_cols(rows[h], _FUNDING_HEAD)
    first = cols.get("initial", 1)
    for row in _funding_rows(rows, h):
        labels = [t for c, t in row.distinct() if t and c < first and not row.below[c]]
        key = next((_PROJECT_ROWS[row_key(t)] for t in labels if row_key(t) in _PROJECT_ROWS), None)
        if key is None:
            ctx.bad(
                form, row, 0, "无法识别的项目资金行（应为年度资金总额、当年财政拨款、上年结转资金或其他资金）"
            )
            continue
        _funding_row(ctx, form, row, cols, getattr(pf, key), (*path, key))


def read_performance(ctx: ReadCtx, rows: list[Row], perf: model.Performance, form: str, path: Path) -> None:
    h = find_row(rows, lambda t: t.startswith("预期目标"))
    if h is not None and (v := _next_filled(rows, h)) is not None:
        cols = header_cols(
            rows[h], {"exp": lambda t: t.startswith("预期目标"), "act": lambda t: t.startswith("实际完成")}
        )
        perf.goal_expected = ctx.text(form, v, cols.get("exp"), (*path, "goal_expected"))
        perf.goal_actual = ctx.text(form, v, cols.get("act"), (*path, "goal_actual"))
    h = find_row(rows, lambda t: t.startswith("三级指标"))
    if h is None:
        ctx.missing.append(f"{form} 绩效指标（未找到“一级指标”“三级指标”表头）")
        return
    cols = header_cols(
        rows[h],
        {
            "l1": lambda t: t.startswith("一级指标"),
            "l2": lambda t: t.startswith("二级指标"),
            "name": lambda t: t.startswith("三级指标"),
            "target": lambda t: t.startswith(("年度指标值", "指标值", "年度目标值")),
            "actual": lambda t: t.startswith("实际完成"),
            "weight": lambda t: t.startswith("分值"),
            "score": lambda t: "得分" in t,
            "dev": lambda t: t.startswith("偏差"),
        },
    )
    for row in rows[h + 1 :]:
        if is_header_row(row):
            continue
        if any(row_key(t).startswith("总分") for _, t in row.distinct()):
            perf.total_weight_entered = ctx.score(
                form, row, cols.get("weight"), (*path, "total_weight_entered")
            )
            perf.total_score_entered = ctx.score(form, row, cols.get("score"), (*path, "total_score_entered"))
            break
        own = [row.text(cols[k]) for k in ("name", "target", "actual", "weight", "score", "dev") if k in cols]
        l1 = level_text(row.text(cols["l1"])) if "l1" in cols else ""
        l2 = level_text(row.text(cols["l2"])) if "l2" in cols else ""
        if not any(t.strip() for t in own) and not l2:
            continue  # an extra blank row
        i = len(perf.indicators)
        p = (*path, "indicators", i)
        ind = model.Indicator(level1=l1, level2=l2)
        ind.name = ctx.text(form, row, cols.get("name"), (*p, "name"))
        ind.target = ctx.text(form, row, cols.get("target"), (*p, "target"))
        ind.actual = ctx.text(form, row, cols.get("actual"), (*p, "actual"))
        ind.weight = ctx.score(form, row, cols.get("weight"), (*p, "weight"))
        ind.score_entered = ctx.score(form, row, cols.get("score"), (*p, "score_entered"))
        ind.deviation = ctx.text(form, row, cols.get("dev"), (*p, "deviation"))
        perf.indicators.append(ind)


def read_form2(ctx: ReadCtx, rows: list[Row], pkg: model.Package) -> None:
    name = label_value(ctx, "附件2", rows, "预算单位名称", ("unit", "name"))
    pkg.unit.name = pkg.unit.name or name
    read_overall_funding(ctx, rows, pkg.overall_funding)
    read_performance(ctx, rows, pkg.overall, "附件2", ("overall",))


def read_form3(ctx: ReadCtx, rows: list[Row], project: model.Project, index: int) -> None:
    path = ("projects", index)
    form = "附件3"
    project.name = label_value(ctx, form, rows, "项目支出名称", (*path, "name")) or label_value(
        ctx, form, rows, "项目名称", (*path, "name")
    )
    form = f"附件3（{project.name or index + 1}）"
    project.department = label_value(ctx, form, rows, "主管部门", (*path, "department"))
    project.implementer = label_value(ctx, form, rows, "实施单位", (*path, "implementer"))
    read_project_funding(ctx, rows, project.funding, form, (*path, "funding"))
    read_performance(ctx, rows, project.performance, form, (*path, "performance"))
