"""Funding blocks (附件2 年度预算申请, 附件3 项目资金) and their links to 附件1: R6–R12, R22, and the
execution-side parts of R16 (a reason for a low 执行率) and R20 (执行数 ≤ 全年预算)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from evaldesk.core import derived, model
from evaldesk.core.checks.common import (
    basic_loc,
    money_finding,
    num,
    overall_loc,
    parts_sum,
    project_loc,
    rate_matches,
    table_name,
)
from evaldesk.core.checks.parts import has_project_lines
from evaldesk.core.checks.registry import Context, rule
from evaldesk.core.derived import FUNDING_COLUMNS, FUNDING_ROWS, amt, column_label, pct
from evaldesk.core.findings import Finding, Location
from evaldesk.core.money import format_points
from evaldesk.core.scoring import FundingScore

HUNDRED = Decimal(100)
_INCOME_PARTS = ("income_general", "income_fund", "income_nontax", "income_other")
_EXPEND_PARTS = ("expend_basic", "expend_project")
_OVERALL_LABELS = derived.OVERALL_LABELS
_NAME_NOISE = re.compile(r"[\s、，,.．:：;；()（）“”\"'《》\[\]【】-]|^[0-9]+")


@rule("R6")
def overall_balance(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    f = pkg.overall_funding
    inc, exp = derived.income_sum(f), derived.expend_sum(f)
    split = {
        "income_total": [(k, derived.column(f, k)) for k in _INCOME_PARTS],
        "expend_total": [(k, derived.column(f, k)) for k in _EXPEND_PARTS],
    }
    for entered, fig, field, what in (
        (f.income_total, inc, "income_total", "按收入性质分"),
        (f.expend_total, exp, "expend_total", "按支出性质分"),
    ):
        if entered is not None and fig.value is not None:
            loc = overall_loc("overall_funding", field, label=f"附件2“{what}”")
            x = parts_sum(
                ctx,
                "R6",
                loc,
                f"附件2“{what}”合计",
                entered,
                [
                    (
                        _OVERALL_LABELS[k],
                        v,
                        overall_loc("overall_funding", k, label=f"附件2“{_OVERALL_LABELS[k]}”"),
                    )
                    for k, v in split[field]
                ],
                money_finding(
                    ctx,
                    "R6",
                    loc,
                    f"附件2“{what}”合计",
                    entered,
                    fig.value,
                    f"按 {fig.trace.split(' = ')[1]} 计算",
                    fig.trace,
                ),
            )
            if x:
                yield x
    full = f.total.full
    if full is None:
        return
    # One finding for the three-way equality, on the 全年预算数 cell; the sides are the Σ of the parts
    # where all are filled (a wrong printed 合计 was reported above), else the printed 合计 (a blank part
    # is not 0: the sum of the others says nothing about the whole).
    sides = [
        (what, fig.value if all(v is not None for _, v in split[field]) else entered)
        for what, entered, fig, field in (
            ("按收入性质分合计", f.income_total, inc, "income_total"),
            ("按支出性质分合计", f.expend_total, exp, "expend_total"),
        )
    ]
    off = [(what, v) for what, v in sides if v is not None and ctx.money_severity(v - full)]
    if not off:
        return
    worst = max(abs(v - full) for _, v in off)
    sev = ctx.money_severity(worst) or "error"
    shown = "，".join(f"{what}为{amt(v)}" for what, v in sides if v is not None)
    msg = f"附件2“年度资金总额”全年预算数为{amt(full)}，{shown}；三者应相等（最多相差{amt(worst)}）。"
    yield Finding(
        "R6",
        sev,
        msg,
        overall_loc("overall_funding", "total", "full", label="附件2“年度资金总额”全年预算数"),
        {"full": full, **{what: v for what, v in sides}},
        "；".join(f"{what}{amt(v)} − 全年预算数{amt(full)} = {amt(v - full)}" for what, v in off),
    )


def _excess(ctx: Context, part: Decimal, whole: Decimal) -> str | None:
    """The severity of ``part`` exceeding ``whole`` (a part never exceeds its whole), or ``None``."""
    over = part - whole
    return ctx.money_severity(over) if over > 0 else None


@rule("R7")
def project_within_executed(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    # 决算 with 决算: 项目支出 is part of the unit's spending, so its 决算 cannot exceed 附件2 全年执行数.
    # (附件2's own 项目支出 splits the 全年预算数: a budget figure, never compared with a 决算.)
    project, executed = pkg.basic.row("project").actual, pkg.overall_funding.total.executed
    if project is None or executed is None:
        return
    sev = _excess(ctx, project, executed)
    if sev is None:
        return
    y = column_label(ctx.year, "actual")
    msg = (
        f"附件1“项目支出”{y}{amt(project)}超过附件2“年度资金总额”全年执行数{amt(executed)}"
        f"（超出{amt(project - executed)}）；项目支出是单位全部支出的一部分，其决算数不能大于全年执行数。"
    )
    yield Finding(
        "R7",
        sev,
        msg,
        basic_loc(ctx.year, "project", "actual"),
        {"actual": project, "executed": executed, "excess": project - executed},
        f"{amt(project)} − {amt(executed)} = {amt(project - executed)}",
    )


@rule("R8")
def public_within_basic(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    # 决算 with 决算: 公用经费 is part of 基本支出, whose 决算 is 全年执行数 − 项目支出决算.
    public = pkg.basic.row("public").actual
    spent = derived.basic_spent(pkg)
    if public is not None and spent.value is not None:
        sev = _excess(ctx, public, spent.value)
        if sev is not None:
            msg = (
                f"附件1“公用经费”{column_label(ctx.year, 'actual')}{amt(public)}超过基本支出决算"
                f"{amt(spent.value)}（{spent.trace.split(' = ')[1]}，超出{amt(public - spent.value)}）；"
                "公用经费是基本支出的一部分，不能大于基本支出。"
            )
            yield Finding(
                "R8",
                sev,
                msg,
                basic_loc(ctx.year, "public", "actual"),
                {"public": public, "basic_spent": spent.value, "excess": public - spent.value},
                spent.trace,
            )
    # 预算 with 预算: 附件2's 人员经费 is part of its 基本支出 (both split the 全年预算数).
    f = pkg.overall_funding
    if f.personnel is not None and f.expend_basic is not None:
        sev = _excess(ctx, f.personnel, f.expend_basic)
        if sev is not None:
            yield Finding(
                "R8",
                sev,
                f"附件2“人员经费”{amt(f.personnel)}超过“基本支出”{amt(f.expend_basic)}"
                f"（超出{amt(f.personnel - f.expend_basic)}）；人员经费是基本支出的一部分。",
                overall_loc("overall_funding", "personnel", label="附件2“人员经费”"),
                {"personnel": f.personnel, "basic": f.expend_basic},
                f"{amt(f.personnel)} − {amt(f.expend_basic)} = {amt(f.personnel - f.expend_basic)}",
            )


def _blocks(
    pkg: model.Package, ctx: Context
) -> Iterator[tuple[model.Project | None, str, str, model.FundingRow, FundingScore]]:
    """(project, row key, row name, row, its FundingScore) for 附件2's and every 附件3's funding rows."""
    yield None, "total", "年度资金总额", pkg.overall_funding.total, ctx.sheet.overall.funding
    for p in pkg.projects:
        ts = ctx.sheet.projects.get(p.id)
        if ts is None:
            continue
        # 执行率 is checked on the row it is computed from (其中 sums where 年度资金总额 is blank or 0).
        yield p, "total", "年度资金总额", derived.effective_total(p.funding)[0], ts.funding
        for key, name in FUNDING_ROWS:
            yield p, key, name, derived.funding_row(p.funding, key), ts.funding_rows[key]


def _row_loc(p: model.Project | None, key: str, name: str, field: str, label: str) -> Location:
    if p is None:
        return overall_loc("overall_funding", "total", field, label=f"附件2“{name}”{label}")
    return project_loc(p, "funding", key, field, label=f"{table_name(p)}“{name}”{label}")


@rule("R9")
def execution_rates(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p, key, name, row, fs in _blocks(pkg, ctx):
        where = table_name(p) + ("" if key == "total" else f"“{name}”行")
        if row.rate_entered is not None and fs.rate is not None and row.executed is not None and row.full:
            exact = row.executed * HUNDRED / row.full
            if not rate_matches(row.rate_entered, fs.rate, exact, ctx.rs.rate_points):
                msg = (
                    f"{where}：执行率填报为{format_points(row.rate_entered)}%，按 全年执行数{amt(row.executed)}"
                    f" ÷ 全年预算数{amt(row.full)} 计算应为{pct(fs.rate)}。"
                )
                yield Finding(
                    "R9",
                    "error",
                    msg,
                    _row_loc(p, key, name, "rate_entered", "执行率"),
                    {"entered": row.rate_entered, "computed": fs.rate},
                    fs.rate_trace,
                )
        s = fs.score
        if key == "total" and row.score_entered is not None and s.value is not None:  # noqa: SIM102 - which row, then whether it disagrees
            if abs(row.score_entered - s.value) > ctx.rs.score_tolerance:
                msg = (
                    f"{where}：执行率自评得分填报为{num(row.score_entered)}，按 {s.trace.split(' → ')[-1].split(' = ')[0]} "
                    f"计算应为{amt(s.value)}分。"
                )
                yield Finding(
                    "R9",
                    "error",
                    msg,
                    _row_loc(p, key, name, "score_entered", "自评得分"),
                    {"entered": row.score_entered, "computed": s.value},
                    s.trace,
                )


@rule("R20")
def executed_within_budget(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p, key, name, row, fs in _blocks(pkg, ctx):
        if key != "total" or row.executed is None or row.full is None:
            continue
        over = row.executed - row.full
        if over <= ctx.rs.money_pass:
            continue
        rate = f"（执行率{pct(fs.rate)}）" if fs.rate is not None else ""
        msg = (
            f"{table_name(p)}：年度资金总额全年执行数{amt(row.executed)}超过全年预算数{amt(row.full)}{rate}，"
            "执行数不应大于调整后的预算，请核实。"
        )
        yield Finding(
            "R20",
            "warning",
            msg,
            _row_loc(p, key, name, "executed", "全年执行数"),
            {"executed": row.executed, "full": row.full},
            fs.rate_trace,
        )


def _explained(ctx: Context, perf: model.Performance, overall: bool) -> bool:
    texts = [ind.deviation for ind in perf.indicators]
    if overall:
        texts += [s.body for s in ctx.pkg.report] + [ss.body for s in ctx.pkg.report for ss in s.subsections]
    return any("执行" in t and t.strip() not in ctx.rs.boilerplate_deviation for t in texts)


@rule("R16")
def low_rate_reason(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    rs = ctx.rs
    for p, key, name, _row, fs in _blocks(pkg, ctx):
        if key != "total" or fs.rate is None or fs.rate >= rs.rate_reason_prompt_below:
            continue
        perf = pkg.overall if p is None else p.performance
        if _explained(ctx, perf, p is None):
            continue
        required = fs.rate < rs.rate_reason_required_below
        msg = (
            f"{table_name(p)}：预算执行率为{pct(fs.rate)}，"
            + (
                f"低于{num(rs.rate_reason_required_below)}%，须书面说明原因"
                if required
                else "未达到100%，请说明原因"
            )
            + "（可写在相关指标的“偏差原因分析及改进措施”中）。"
        )
        yield Finding(
            "R16",
            "warning" if required else "hint",
            msg,
            _row_loc(p, key, name, "executed", "执行率"),
            {"rate": fs.rate},
            fs.rate_trace,
        )


def _norm(name: str) -> str:
    return _NAME_NOISE.sub("", name)


def _basic_lines(pkg: model.Package) -> list[tuple[str, str, model.Triple, tuple[str, int | str]]]:
    """(normalised name, name, triple, (kind, key or index)) of every 附件1 project line."""
    out: list[tuple[str, str, model.Triple, tuple[str, int | str]]] = [
        ("业务工作经费", "业务工作经费", pkg.basic.row("project_business"), ("rows", "project_business")),
        ("运行维护经费", "运行维护经费", pkg.basic.row("project_operation"), ("rows", "project_operation")),
    ]
    for kind, lines in (("special", pkg.basic.special), ("transfer", pkg.basic.transfer)):
        for i, ln in enumerate(lines):
            if ln.name.strip():
                out.append((_norm(ln.name), ln.name.strip(), ln.triple(), (kind, i)))
    return out


def match_line(
    pkg: model.Package,
    project_name: str,
    lines: list[tuple[str, str, model.Triple, tuple[str, int | str]]] | None = None,
) -> tuple[str, model.Triple] | None:
    """The 附件1 line that is this project: same name, else the one name containing the other."""
    key = _norm(project_name)
    if not key:
        return None
    lines = _basic_lines(pkg) if lines is None else lines
    exact = [(n, t) for k, n, t, _ in lines if k == key]
    if exact:
        return exact[0]
    near = [(n, t) for k, n, t, _ in lines if len(k) >= 4 and (k in key or key in k)]
    return near[0] if len(near) == 1 else None


def _link(pkg: model.Package, ctx: Context, rule_id: str, field: str, col: str) -> Iterator[Finding]:
    y = ctx.year
    label = dict(FUNDING_COLUMNS)[field]
    lines = _basic_lines(pkg)
    for p in pkg.projects:
        m = match_line(pkg, p.name, lines)
        if m is None:
            if rule_id == "R10" and p.name.strip() and has_project_lines(pkg):
                yield Finding(
                    "R10",
                    "hint",
                    f"{table_name(p)}：附件1的项目支出各行中没有同名项目，无法核对金额；"
                    "请确认项目名称与附件1一致。",
                    project_loc(p, "name", label=f"{table_name(p)}项目名称"),
                )
            continue
        line_name, triple = m
        # The row the money is on (其中 sums where 年度资金总额 is blank or 0; R22 reports that once).
        entered, basic = (
            derived.column(derived.effective_total(p.funding)[0], field),
            derived.column(triple, col),
        )
        if entered is None or basic is None:
            continue
        x = money_finding(
            ctx,
            rule_id,
            project_loc(p, "funding", "total", field, label=f"{table_name(p)}{label}"),
            f"{table_name(p)}{label}",
            entered,
            basic,
            f"按附件1“{line_name}”{column_label(y, col)}",
            f"附件3{label}{amt(entered)}，附件1“{line_name}”{column_label(y, col)}{amt(basic)}",
            values={"basic": basic},
        )
        if x:
            yield x


@rule("R10")
def project_executed(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    yield from _link(pkg, ctx, "R10", "executed", "actual")


@rule("R11")
def project_initial(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    yield from _link(pkg, ctx, "R11", "initial", "budget")


@rule("R12")
def no_weight_on_sub_rows(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p in pkg.projects:
        for key, name in FUNDING_ROWS:
            row = derived.funding_row(p.funding, key)
            filled = (
                [(f"分值{num(row.weight_entered)}", "weight_entered")]
                if row.weight_entered is not None
                else []
            )
            if row.score_entered is not None:
                filled.append((f"自评得分{num(row.score_entered)}", "score_entered"))
            if not filled:
                continue
            msg = (
                f"{table_name(p)}：“{name}”行填有{'、'.join(t for t, _ in filled)}；分值和得分只在“年度资金总额”行"
                "填写，其中各行应留空。"
            )
            yield Finding(
                "R12",
                "error",
                msg,
                project_loc(p, "funding", key, filled[0][1], label=f"{table_name(p)}“{name}”行"),
                {"weight": row.weight_entered, "score": row.score_entered},
            )


def _row_used(row: model.FundingRow) -> bool:
    return any(v is not None for v in (row.initial, row.full, row.executed))


@rule("R22")
def funding_parts(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p in pkg.projects:
        f = p.funding
        # A 其中 row left blank in every column is a kind of money the project does not have (上年结转资金
        # is often empty); a row filled in some columns and blank in another has a part missing.
        used = [(key, name) for key, name in FUNDING_ROWS if _row_used(derived.funding_row(f, key))]
        if not used:
            continue
        for col, label in FUNDING_COLUMNS:
            entered = derived.column(f.total, col)
            parts = [(name, derived.column(derived.funding_row(f, key), col)) for key, name in used]
            filled = derived.total(v for _, v in parts)
            loc = project_loc(p, "funding", "total", col, label=f"{table_name(p)}年度资金总额{label}")
            what = f"{table_name(p)}年度资金总额{label}"
            if (entered is None or entered == 0) and filled:
                # The 其中 rows carry the money the 年度资金总额 row does not show (issue 15, item 4).
                yield Finding(
                    "R22",
                    "error",
                    f"{what}{'未填写' if entered is None else '为0'}，但其中各行合计为{amt(filled)}"
                    f"（{'、'.join(f'{n}{amt(v)}' for n, v in parts if v is not None)}）；"
                    "年度资金总额应等于其中各行之和。",
                    loc,
                    {"entered": entered, "computed": filled},
                    f"年度资金总额{label} = "
                    + " + ".join(f"{n}{amt(v)}" for n, v in parts)
                    + f" = {amt(filled)}",
                )
                continue
            if entered is None or filled is None or ctx.money_severity(entered - filled) is None:
                continue  # the common case, without building a trace
            terms = " + ".join(f"{n}{amt(v)}" for n, v in parts if v is not None)
            trace = f"{label}其中各项合计 = {terms} = {amt(filled)}"
            x = parts_sum(
                ctx,
                "R22",
                loc,
                what,
                entered,
                [
                    (n, v, project_loc(p, "funding", key, col, label=f"{table_name(p)}“{n}”{label}"))
                    for (key, n), (_, v) in zip(used, parts, strict=True)
                ],
                money_finding(ctx, "R22", loc, what, entered, filled, f"按 {terms} 计算", trace),
            )
            if x:
                yield x
