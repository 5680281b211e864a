"""附件1 基础数据表: 控制率 (R1), the sums of the 经费控制情况 grid (R2–R5), control flags (R20) and the
same money entered twice (R21)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from evaldesk.core import derived, model
from evaldesk.core.checks.common import (
    basic_loc,
    basic_row_name,
    line_loc,
    money_finding,
    num,
    parts_sum,
    rate_matches,
)
from evaldesk.core.checks.registry import Context, rule
from evaldesk.core.derived import COLUMNS, amt, column_label, pct
from evaldesk.core.findings import Finding, Location
from evaldesk.core.money import format_points

HUNDRED = Decimal(100)
# Rows whose 决算 should not exceed their 预算 (三公 and 公用经费 control items).
CONTROL_ROWS = (
    "sangong",
    "car",
    "car_purchase",
    "car_running",
    "abroad",
    "reception",
    "public",
    "public_office",
    "public_utilities",
    "public_meeting",
)
# Pairs of 附件1 rows that units often fill with the same money (domain.md §4 R21).
SAME_MONEY_PAIRS = (("project_operation", "car_running"),)


def _exact(num_: Decimal | int | None, den: Decimal | int | None) -> Decimal | None:
    if num_ is None or den is None or den == 0:
        return None
    return Decimal(num_) * HUNDRED / Decimal(den)


def _rate_finding(
    ctx: Context,
    entered: Decimal | None,
    fig: derived.Figure,
    exact: Decimal | None,
    what: str,
    how: str,
    loc: Location,
) -> Finding | None:
    if entered is None:
        return None
    if fig.value is None:
        if exact is None and entered != 0:
            return Finding(
                "R1",
                "warning",
                f"附件1：{what}填报为{format_points(entered)}%，但无法按 {how} 计算"
                "（分母为0或未填）；没有对应项目时此项应为0。",
                loc,
                {"entered": entered},
                fig.trace,
            )
        return None
    if rate_matches(entered, fig.value, exact, ctx.rs.rate_points):
        return None
    msg = f"附件1：{what}填报为{format_points(entered)}%，按 {how} 计算应为{pct(fig.value)}。"
    return Finding("R1", "error", msg, loc, {"entered": entered, "computed": fig.value}, fig.trace)


@rule("R1")
def control_rates(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    u = pkg.unit
    fig = derived.control_rate(u)
    f = _rate_finding(
        ctx,
        u.control_rate_entered,
        fig,
        _exact(u.staff_actual, u.staff_authorized),
        "财政供养人员控制率",
        f"实际在职人数{num(u.staff_actual)} ÷ 编制数{num(u.staff_authorized)}",
        Location("unit", ("unit", "control_rate_entered"), "", "附件1“控制率”"),
    )
    if f:
        yield f
    b = pkg.basic.building
    for fig, entered, exact, what, how, field in (
        (
            derived.area_rate(b),
            b.area_rate_entered,
            _exact(b.actual_area, b.approved_area),
            "楼堂馆所规模控制率",
            f"实际规模{num(b.actual_area)} ÷ 批复规模{num(b.approved_area)}",
            "area_rate_entered",
        ),
        (
            derived.invest_rate(b),
            b.invest_rate_entered,
            _exact(b.actual_invest, b.budget_invest),
            "楼堂馆所投资概算控制率",
            f"实际投资{num(b.actual_invest)} ÷ 预算投资{num(b.budget_invest)}",
            "invest_rate_entered",
        ),
    ):
        f = _rate_finding(
            ctx,
            entered,
            fig,
            exact,
            what,
            how,
            Location("basic", ("basic", "building", field), "", f"附件1“{what.removeprefix('楼堂馆所')}”"),
        )
        if f:
            yield f


def _sum_rule(
    ctx: Context,
    rule_id: str,
    key: str,
    fig_of: Callable[[model.BasicData, str], derived.Figure],
    parts: tuple[str, ...],
) -> Iterator[Finding]:
    basic = ctx.pkg.basic
    for col in COLUMNS:
        entered = derived.column(basic.row(key), col)
        fig = fig_of(basic, col)
        if entered is None or fig.value is None:
            continue
        terms = " + ".join(f"{basic_row_name(k)}{amt(derived.column(basic.row(k), col))}" for k in parts)
        loc = basic_loc(ctx.year, key, col)
        what = f"附件1“{basic_row_name(key)}”{column_label(ctx.year, col)}"
        f = parts_sum(
            ctx,
            rule_id,
            loc,
            what,
            entered,
            [
                (basic_row_name(k), derived.column(basic.row(k), col), basic_loc(ctx.year, k, col))
                for k in parts
            ],
            money_finding(ctx, rule_id, loc, what, entered, fig.value, f"按 {terms} 计算", fig.trace),
        )
        if f:
            yield f


@rule("R2")
def sangong_sum(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    yield from _sum_rule(ctx, "R2", "sangong", derived.sangong, ("car", "abroad", "reception"))


@rule("R3")
def car_sum(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    yield from _sum_rule(ctx, "R3", "car", derived.car, ("car_purchase", "car_running"))


@rule("R4")
def project_sum(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    basic = pkg.basic
    for col in COLUMNS:
        entered = derived.column(basic.row("project"), col)
        fig = derived.project_total(basic, col)
        if entered is None or fig.value is None:
            continue
        how = (
            f"按各项目行（业务工作经费、运行维护经费、区级专项{len(basic.special)}行、"
            f"上级转移支付{len(basic.transfer)}行）合计"
        )
        loc = basic_loc(ctx.year, "project", col)
        what = f"附件1“项目支出”{column_label(ctx.year, col)}"
        f = parts_sum(
            ctx,
            "R4",
            loc,
            what,
            entered,
            _project_parts(pkg, col),
            money_finding(ctx, "R4", loc, what, entered, fig.value, how, fig.trace),
        )
        if f:
            yield f


def _project_parts(pkg: model.Package, col: str) -> list[tuple[str, Decimal | None, Location]]:
    y, b = pkg.fiscal_year, pkg.basic
    out = [
        (basic_row_name(k), derived.column(b.row(k), col), basic_loc(y, k, col))
        for k in ("project_business", "project_operation")
    ]
    for kind, lines, blank in (
        ("special", b.special, "（未命名专项）"),
        ("transfer", b.transfer, "（未命名转移支付）"),
    ):
        for i, ln in enumerate(lines):
            name = ln.name.strip() or blank
            out.append((name, derived.column(ln, col), line_loc(y, kind, i, name, col)))
    return out


@rule("R5")
def public_items(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    basic = pkg.basic
    for col in COLUMNS:
        public = derived.column(basic.row("public"), col)
        fig = derived.public_items(basic, col)
        if public is None or fig.value is None:
            continue
        over = fig.value - public
        sev = ctx.money_severity(over) if over > 0 else None
        if sev is None:
            continue
        label = column_label(ctx.year, col)
        msg = (
            f"附件1“公用经费”{label}为{amt(public)}，其中各项（{fig.trace.split(' = ')[1]}）合计"
            f"{amt(fig.value)}，超过公用经费{amt(over)}；其中各项是公用经费的一部分，合计不能超过它。"
        )
        yield Finding(
            "R5",
            sev,
            msg,
            basic_loc(ctx.year, "public", col),
            {"public": public, "items": fig.value, "excess": over},
            fig.trace,
        )


@rule("R20")
def control_flags(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    basic, y = pkg.basic, ctx.year
    for key in CONTROL_ROWS:
        t = basic.row(key)
        if t.actual is None or t.budget is None:
            continue
        over = t.actual - t.budget
        if over <= ctx.rs.money_pass:
            continue
        msg = (
            f"附件1“{basic_row_name(key)}”{column_label(y, 'actual')}{amt(t.actual)}超过"
            f"{column_label(y, 'budget')}{amt(t.budget)}（超出{amt(over)}），属于控制指标，请核实或说明原因。"
        )
        yield Finding(
            "R20",
            "warning",
            msg,
            basic_loc(y, key, "actual"),
            {"actual": t.actual, "budget": t.budget, "excess": over},
            f"{amt(t.actual)} − {amt(t.budget)} = {amt(over)}",
        )
    rate = derived.control_rate(pkg.unit)
    if rate.value is not None and rate.value > HUNDRED:
        yield Finding(
            "R20",
            "warning",
            f"附件1：财政供养人员控制率为{pct(rate.value)}，超过100%"
            f"（实际在职人数{num(pkg.unit.staff_actual)}多于编制数{num(pkg.unit.staff_authorized)}），请核实。",
            Location("unit", ("unit", "staff_actual"), "", "附件1“实际在职人数”"),
            {"rate": rate.value},
            rate.trace,
        )
    b = basic.building
    for fig, field in ((derived.area_rate(b), "actual_area"), (derived.invest_rate(b), "actual_invest")):
        if fig.value is not None and fig.value > HUNDRED:
            what = fig.trace.split(" = ")[0]
            yield Finding(
                "R20",
                "warning",
                f"附件1：楼堂馆所{what}为{pct(fig.value)}，超过100%，属于超规模或超概算，请核实或说明原因。",
                Location("basic", ("basic", "building", field), "", f"附件1“{what}”"),
                {"rate": fig.value},
                fig.trace,
            )


@rule("R21")
def same_money(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    basic, y = pkg.basic, ctx.year
    for a_key, b_key in SAME_MONEY_PAIRS:
        a, b = basic.row(a_key), basic.row(b_key)
        pairs = [(a.prev, b.prev), (a.budget, b.budget)]
        # The unit marks them as the same money by filling both earlier columns identically.
        if any(x is None or z is None or x != z for x, z in pairs) or all(x == 0 for x, _ in pairs):
            continue
        if a.actual is None or b.actual is None:
            continue
        diff = a.actual - b.actual
        sev = ctx.money_severity(diff)
        if sev is None:
            continue
        an, bn = basic_row_name(a_key), basic_row_name(b_key)
        msg = (
            f"附件1“{an}”{column_label(y, 'actual')}为{amt(a.actual)}，“{bn}”为{amt(b.actual)}（相差"
            f"{amt(abs(diff))}）；两行的{column_label(y, 'prev')}和{column_label(y, 'budget')}相同，"
            "似为同一笔资金，请核实后填写一致。"
        )
        yield Finding(
            "R21",
            sev,
            msg,
            basic_loc(y, a_key, "actual"),
            {an: a.actual, bn: b.actual, "difference": diff},
            f"{amt(a.actual)} − {amt(b.actual)} = {amt(diff)}",
        )
