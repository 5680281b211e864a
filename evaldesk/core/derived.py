"""Figures EvalDesk computes from what the clerk entered (domain.md §3): pure functions with traces.

Each function returns a :class:`Figure`: the value (``Decimal`` or ``None`` when it cannot be computed)
and a plain-Chinese trace such as ``三公经费 = 公务用车2.93 + 出国0 + 公务接待0.05 = 2.98``.

Sums: a blank part (not filled) counts as 0 when at least one part is filled, and the trace says so;
when every part is blank the sum is ``None`` (nothing to compare). Rates are percent values rounded
half-up to 0.01 (``47 ÷ 49 = 95.92%``); a rate over a zero or blank denominator is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from evaldesk.core import model
from evaldesk.core.money import format_percent, format_plain, round_money

COLUMNS: tuple[str, ...] = ("prev", "budget", "actual")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """A computed figure and how it was computed."""

    value: Decimal | None
    trace: str


def column_label(year: int, col: str) -> str:
    """``prev`` → ``2022年决算数``, ``budget`` → ``2023年预算数``, ``actual`` → ``2023年决算数``."""
    if col == "prev":
        return f"{year - 1}年决算数"
    if col == "budget":
        return f"{year}年预算数"
    return f"{year}年决算数"


def amt(d: Decimal | None) -> str:
    """An amount as printed in traces and messages: plain, at least two decimals; blank → ``（空）``."""
    return "（空）" if d is None else format_plain(d)


def pct(d: Decimal) -> str:
    """A percent value: ``Decimal('95.92')`` → ``95.92%``."""
    return format_percent(d)


def sum_parts(title: str, parts: Sequence[tuple[str, Decimal | None]]) -> Figure:
    """``title = a + b + …``; blanks count as 0 when something is filled, all blank gives ``None``."""
    filled = [v for _, v in parts if v is not None]
    if not filled:
        return Figure(None, f"{title}：各组成项均未填写")
    total = sum(filled, Decimal(0))
    terms = " + ".join(f"{label}{amt(v)}" for label, v in parts) if parts else "0"
    note = "（空白按0计）" if len(filled) < len(parts) else ""
    return Figure(total, f"{title} = {terms} = {amt(total)}{note}")


def rate(
    title: str, num_label: str, num: Decimal | int | None, den_label: str, den: Decimal | int | None
) -> Figure:
    """``title = num ÷ den = x.xx%``, rounded half-up to 0.01 percentage points."""
    if num is None or den is None:
        missing = den_label if den is None else num_label
        return Figure(None, f"{title}：{missing}未填写，无法计算")
    if den == 0:
        return Figure(None, f"{title}：{den_label}为0，无法计算")
    value = round_money(Decimal(num) * HUNDRED / Decimal(den))
    return Figure(value, f"{title} = {num_label}{_num(num)} ÷ {den_label}{_num(den)} = {pct(value)}")


def _num(v: Decimal | int) -> str:
    return str(v) if isinstance(v, int) else format_plain(v)


def column(
    row: model.Triple | model.NamedLine | model.FundingRow | model.OverallFunding, col: str
) -> Decimal | None:
    """One amount of a row by its key: 附件1's ``prev``/``budget``/``actual``, a funding row's
    ``initial``/``full``/``executed``, one of 附件2's ``OVERALL_AMOUNTS``."""
    v: object = getattr(row, col)
    assert v is None or isinstance(v, Decimal), f"{type(row).__name__}.{col} is not an amount"
    return v


def funding_row(f: model.ProjectFunding, key: str) -> model.FundingRow:
    """附件3's row ``key``: ``total`` or a 其中 row (``current``/``carryover``/``other``)."""
    row: object = getattr(f, key)
    assert isinstance(row, model.FundingRow), f"ProjectFunding.{key} is not a funding row"
    return row


def _col(basic: model.BasicData, key: str, col: str) -> Decimal | None:
    return column(basic.row(key), col)


def control_rate(unit: model.UnitInfo) -> Figure:
    """财政供养人员控制率 = 实际在职人数 ÷ 编制数 (财预〔2013〕53号)."""
    return rate("控制率", "实际在职人数", unit.staff_actual, "编制数", unit.staff_authorized)


def car(basic: model.BasicData, col: str) -> Figure:
    """公务用车购置和维护经费 = 公车购置 + 公车运行维护."""
    return sum_parts(
        "公务用车购置和维护经费",
        [
            ("公车购置", _col(basic, "car_purchase", col)),
            ("公车运行维护", _col(basic, "car_running", col)),
        ],
    )


def sangong(basic: model.BasicData, col: str) -> Figure:
    """三公经费 = 公务用车购置和维护经费 + 出国经费 + 公务接待 (the 公车 row as entered)."""
    return sum_parts(
        "三公经费",
        [
            ("公务用车", _col(basic, "car", col)),
            ("出国", _col(basic, "abroad", col)),
            ("公务接待", _col(basic, "reception", col)),
        ],
    )


def project_lines(basic: model.BasicData) -> list[tuple[str, model.Triple]]:
    """The lines that make up 项目支出: 业务工作经费, 运行维护经费, each 区级专项 and 上级转移支付."""
    lines = [
        ("业务工作经费", basic.row("project_business")),
        ("运行维护经费", basic.row("project_operation")),
    ]
    lines += [(ln.name or "（未命名专项）", ln.triple()) for ln in basic.special]
    lines += [(ln.name or "（未命名转移支付）", ln.triple()) for ln in basic.transfer]
    return lines


def project_total(basic: model.BasicData, col: str) -> Figure:
    """项目支出 = 业务工作经费 + 运行维护经费 + Σ 区级专项 + Σ 上级转移支付.

    Lines that are exactly 0 are left out of the trace (and counted), so that it stays readable.
    """
    parts = [(name, column(t, col)) for name, t in project_lines(basic)]
    fig = sum_parts("项目支出", parts)
    if fig.value is None:
        return fig
    shown = [(n, v) for n, v in parts if v is None or v != 0]
    zeros = len(parts) - len(shown)
    terms = " + ".join(f"{n}{amt(v)}" for n, v in shown) or "0"
    notes = []
    if zeros:
        notes.append(f"其余{zeros}行为0")
    if any(v is None for _, v in parts):
        notes.append("空白按0计")
    note = f"（{'，'.join(notes)}）" if notes else ""
    return Figure(fig.value, f"项目支出 = {terms} = {amt(fig.value)}{note}")


def public_items(basic: model.BasicData, col: str) -> Figure:
    """Σ 公用经费 其中 rows: 办公经费 + 水费、电费、差旅费 + 会议费、培训费 (a partial breakdown)."""
    return sum_parts(
        "公用经费其中各项合计",
        [
            ("办公经费", _col(basic, "public_office", col)),
            ("水费、电费、差旅费", _col(basic, "public_utilities", col)),
            ("会议费、培训费", _col(basic, "public_meeting", col)),
        ],
    )


def area_rate(b: model.Building) -> Figure:
    """楼堂馆所 规模控制率 = 实际规模 ÷ 批复规模."""
    return rate("规模控制率", "实际规模", b.actual_area, "批复规模", b.approved_area)


def invest_rate(b: model.Building) -> Figure:
    """楼堂馆所 投资概算控制率 = 实际投资 ÷ 预算投资."""
    return rate("投资概算控制率", "实际投资", b.actual_invest, "预算投资", b.budget_invest)


def execution_rate(row: model.FundingRow) -> Figure:
    """执行率 = 全年执行数 ÷ 全年预算数 (调整后预算, not 年初预算数)."""
    return rate("执行率", "全年执行数", row.executed, "全年预算数", row.full)


def income_sum(f: model.OverallFunding) -> Figure:
    """附件2 按收入性质分: 一般公共预算 + 政府性基金 + 纳入专户管理的非税收入 + 其他资金."""
    return sum_parts(
        "按收入性质合计",
        [
            (OVERALL_LABELS["income_general"], f.income_general),
            (OVERALL_LABELS["income_fund"], f.income_fund),
            (OVERALL_LABELS["income_nontax"], f.income_nontax),
            (OVERALL_LABELS["income_other"], f.income_other),
        ],
    )


def expend_sum(f: model.OverallFunding) -> Figure:
    """附件2 按支出性质分: 基本支出 + 项目支出."""
    return sum_parts("按支出性质合计", [("基本支出", f.expend_basic), ("项目支出", f.expend_project)])


def public_from_overall(f: model.OverallFunding) -> Figure:
    """公用经费 as implied by 附件2: 基本支出 − 人员经费."""
    if f.expend_basic is None or f.personnel is None:
        return Figure(None, "基本支出或人员经费未填写，无法计算公用经费")
    v = f.expend_basic - f.personnel
    return Figure(v, f"基本支出{amt(f.expend_basic)} − 人员经费{amt(f.personnel)} = {amt(v)}")


# 附件2 年度预算申请's amount fields as the form names them (messages, traces, damaged-draft notes).
OVERALL_LABELS: dict[str, str] = {
    "income_total": "按收入性质分合计",
    "income_general": "一般公共预算",
    "income_fund": "政府性基金拨款",
    "income_nontax": "纳入专户管理的非税收入拨款",
    "income_other": "其他资金",
    "expend_total": "按支出性质分合计",
    "expend_basic": "基本支出",
    "expend_project": "项目支出",
    "personnel": "人员经费",
}

FUNDING_ROWS: tuple[tuple[str, str], ...] = (
    ("current", "当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
FUNDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("initial", "年初预算数"),
    ("full", "全年预算数"),
    ("executed", "全年执行数"),
)


def funding_parts(f: model.ProjectFunding, col: str) -> Figure:
    """附件3 其中 rows for one column: 当年财政拨款 + 上年结转资金 + 其他资金."""
    label = dict(FUNDING_COLUMNS)[col]
    return sum_parts(
        f"{label}其中各项合计", [(name, column(funding_row(f, key), col)) for key, name in FUNDING_ROWS]
    )


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """Σ of the filled values; ``None`` when all are blank."""
    filled = [v for v in values if v is not None]
    return sum(filled, Decimal(0)) if filled else None


# 决算 (spending) figures of the whole unit. 附件2's 按支出性质分 split (基本支出 / 项目支出 / 人员经费) divides
# the 全年预算数: it is a *budget* split. What the unit actually spent on 基本支出 follows from two 决算
# figures instead: 整体支出 = 基本支出 + 项目支出, so 基本支出决算 = 全年执行数 − 项目支出决算.


def project_spent(basic: model.BasicData) -> Figure:
    """项目支出决算: 附件1 项目支出 Y年决算数 as entered, else Σ of its lines' 决算数 (those filled)."""
    entered = basic.row("project").actual
    if entered is not None:
        return Figure(entered, f"项目支出决算 = 附件1“项目支出”决算数{amt(entered)}")
    fig = project_total(basic, "actual")
    if fig.value is None:
        return Figure(None, "附件1“项目支出”决算数及其各行均未填写")
    return Figure(fig.value, fig.trace.replace("项目支出 =", "项目支出决算 = 附件1各项目行决算数", 1))


def basic_spent(pkg: model.Package) -> Figure:
    """基本支出决算 = 附件2 年度资金总额 全年执行数 − 项目支出决算 (both 决算)."""
    executed = pkg.overall_funding.total.executed
    project = project_spent(pkg.basic)
    if executed is None or project.value is None:
        return Figure(None, "附件2全年执行数或附件1项目支出决算数未填写，无法计算基本支出决算")
    v = executed - project.value
    return Figure(
        v, f"基本支出决算 = 附件2全年执行数{amt(executed)} − 项目支出决算{amt(project.value)} = {amt(v)}"
    )


def personnel_spent(pkg: model.Package) -> Figure:
    """人员经费决算 = 基本支出决算 − 附件1 公用经费 Y年决算数 (公用经费 = 基本支出 − 人员经费, §3)."""
    basic = basic_spent(pkg)
    public = pkg.basic.row("public").actual
    if basic.value is None or public is None:
        return Figure(None, "基本支出决算或附件1公用经费决算数无法取得，无法计算人员经费决算")
    v = basic.value - public
    return Figure(v, f"人员经费决算 = 基本支出决算{amt(basic.value)} − 公用经费决算{amt(public)} = {amt(v)}")


def effective_total(f: model.ProjectFunding) -> tuple[model.FundingRow, str]:
    """The 年度资金总额 row that 执行率 (and the links to 附件1) are computed from, and a note when it is
    not the row as entered.

    Where a column of the row is blank or 0 while the 其中 rows carry figures, the money is in the 其中
    rows: that column is their sum (R22 reports the inconsistent block).
    """
    row, notes = f.total, []
    for col in ("initial", "full", "executed"):
        v = column(row, col)
        if v is not None and v != 0:
            continue
        parts = total(column(funding_row(f, key), col) for key, _ in FUNDING_ROWS)
        if parts is None or parts == 0:
            continue
        row = replace(row, **{col: parts})
        if col != "initial":  # the note explains 执行率, which 年初预算数 does not enter
            notes.append(f"{dict(FUNDING_COLUMNS)[col]}按其中各行合计{amt(parts)}")
    note = f"（年度资金总额{'、'.join(notes)}）" if notes else ""
    return row, note
