"""绩效指标 tables (附件2 and each 附件3): weights (R13), totals (R14), scores (R15), deviation reasons
(R16), and lints on how values are written (L1 target, L2 actual, L3 ``≤`` on a workload count)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from evaldesk.core import model, targets
from evaldesk.core.checks.common import num, perf_loc, table_name, tables
from evaldesk.core.checks.registry import Context, rule
from evaldesk.core.derived import amt
from evaldesk.core.findings import Finding, Location
from evaldesk.core.indicator_score import is_placeholder, parse
from evaldesk.core.rulesets import RuleSet
from evaldesk.core.scoring import TableScore

ZERO = Decimal(0)


def _ts(ctx: Context, p: model.Project | None) -> TableScore | None:
    return ctx.sheet.overall if p is None else ctx.sheet.projects.get(p.id)


def _where(p: model.Project | None, ind: model.Indicator, i: int) -> str:
    name = ind.name.strip() or f"第{i + 1}行"
    return f"{table_name(p)}指标“{name}”"


def _ind_loc(p: model.Project | None, i: int, field: str, ind: model.Indicator) -> Location:
    return perf_loc(p, "indicators", i, field, label=_where(p, ind, i))


def _rows(perf: model.Performance) -> Iterator[tuple[int, model.Indicator]]:
    for i, ind in enumerate(perf.indicators):
        if not is_placeholder(ind):
            yield i, ind


def is_truncated(ind: model.Indicator) -> bool:
    """A row cut short: named, but without 分值, 年度指标值 or 实际完成值 (one L7 finding, no R13)."""
    return (
        ind.weight is None and not ind.target.strip() and not ind.actual.strip() and not is_placeholder(ind)
    )


@rule("L7")
def truncated_rows(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p, perf in tables(pkg):
        for i, ind in _rows(perf):
            if is_truncated(ind):
                yield Finding(
                    "L7",
                    "warning",
                    f"{_where(p, ind, i)}：这一行不完整，分值、年度指标值和实际完成值都未填写，请补全或删除。",
                    _ind_loc(p, i, "weight", ind),
                    {"name": ind.name},
                )


@rule("R13")
def weights(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    rs = ctx.rs
    level1 = rs.level1  # the declared 一级 weights: all of them in the national scheme
    names = rs.level1_names or tuple(level1)
    for p, perf in tables(pkg):
        funding = pkg.overall_funding.total if p is None else p.funding.total
        fpath = ("overall_funding", "total") if p is None else ("projects", p.id, "funding", "total")
        tname = table_name(p)
        if funding.weight_entered is not None and funding.weight_entered != rs.execution_weight:
            yield Finding(
                "R13",
                "error",
                f"{tname}：预算执行率分值填报为{num(funding.weight_entered)}，"
                f"按规则集“{rs.name}”应为{num(rs.execution_weight)}分。",
                Location(
                    "overall" if p is None else "project",
                    (*fpath, "weight_entered"),
                    p.id if p else "",
                    f"{tname}执行率分值",
                ),
                {"entered": funding.weight_entered, "rule": rs.execution_weight},
            )
        sums: dict[str, Decimal] = {name: ZERO for name in level1}
        first: dict[str, int] = {}
        # A 一级 with a row whose 分值 is missing cannot be added up: the missing 分值 is the one finding.
        unweighted: set[str] = set()
        for i, ind in _rows(perf):
            if ind.weight is None:
                unweighted.add(ind.level1)
                first.setdefault(ind.level1, i)
                if not is_truncated(ind):
                    yield Finding(
                        "R13", "error", f"{_where(p, ind, i)}：未填分值。", _ind_loc(p, i, "weight", ind)
                    )
                continue
            if ind.level1 not in names:
                yield Finding(
                    "R13",
                    "warning",
                    f"{_where(p, ind, i)}：一级指标“{ind.level1 or '（空）'}”不是规定的"
                    f"一级指标（{'、'.join(names)}）。",
                    _ind_loc(p, i, "level1", ind),
                    {"level1": ind.level1},
                )
            sums[ind.level1] = sums.get(ind.level1, ZERO) + ind.weight
            first.setdefault(ind.level1, i)
        if not first:
            continue  # an untouched table: nothing to add up yet
        wrong = bool(unweighted)
        for name, want in level1.items():
            got = sums.get(name, ZERO)
            if got == want or name in unweighted:
                continue
            wrong = True
            i = first.get(name, 0)
            parts = [
                num(ind.weight) for _, ind in _rows(perf) if ind.level1 == name and ind.weight is not None
            ]
            trace = f"{name}分值 = {' + '.join(parts) or '0'} = {num(got)}"
            loc = perf_loc(p, "indicators", i, "weight", label=f"{tname}“{name}”分值")
            yield Finding(
                "R13",
                "error",
                f"{tname}：{name}各三级指标分值合计为{num(got)}，应为{num(want)}分（{rs.scheme_label}）。",
                loc,
                {"level1": name, "sum": got, "weight": want},
                trace,
            )
        row_sum = sum(sums.values(), ZERO) + rs.execution_weight
        if not wrong and row_sum != rs.total:
            yield Finding(
                "R13",
                "error",
                f"{tname}：执行率分值与各指标分值合计为{num(row_sum)}，应为{num(rs.total)}分。",
                perf_loc(p, "total_weight_entered", label=f"{tname}总分行分值"),
                {"sum": row_sum, "total": rs.total},
            )
        shown = perf.total_weight_entered
        if shown is not None and row_sum == rs.total and shown != row_sum:
            yield Finding(
                "R13",
                "error",
                f"{tname}：总分行的分值填报为{num(shown)}，各行分值合计为{num(row_sum)}。",
                perf_loc(p, "total_weight_entered", label=f"{tname}总分行分值"),
                {"entered": shown, "sum": row_sum},
            )


@rule("R14")
def totals(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    tol = ctx.rs.score_tolerance
    for p, perf in tables(pkg):
        shown = perf.total_score_entered
        ts = _ts(ctx, p)
        if shown is None or ts is None:
            continue
        funding = pkg.overall_funding.total if p is None else p.funding.total
        entered = [funding.score_entered] + [ind.score_entered for _, ind in _rows(perf)]
        tname = table_name(p)
        loc = perf_loc(p, "total_score_entered", label=f"{tname}总分")
        computed = ts.total.value
        also = f"按计分规则计算总分为{amt(computed)}分。" if computed is not None else ""
        filled = [e for e in entered if e is not None]
        if filled and len(filled) == len(entered):
            s = sum(filled, ZERO)
            if s > ctx.rs.total + tol:
                # The items add to more than the maximum: that is the mistake, not the 总分 (never ask
                # for a total above the maximum).
                trace = (
                    f"执行率{num(entered[0])} + " + " + ".join(num(e) for e in entered[1:]) + f" = {num(s)}"
                )
                yield Finding(
                    "R14",
                    "error",
                    f"{tname}：执行率得分与各指标自评得分合计为{num(s)}，超过满分{num(ctx.rs.total)}分；"
                    "总分不能超过满分，应核对各指标的分值和自评得分。",
                    loc,
                    {"entered": shown, "sum": s, "computed": computed, "max": ctx.rs.total},
                    trace,
                )
                continue
            if abs(s - shown) > tol:
                trace = (
                    f"执行率{num(entered[0])} + " + " + ".join(num(e) for e in entered[1:]) + f" = {num(s)}"
                )
                yield Finding(
                    "R14",
                    "error",
                    f"{tname}：总分填报为{num(shown)}，但执行率得分与各指标自评得分合计为{num(s)}。{also}",
                    loc,
                    {"entered": shown, "sum": s, "computed": computed},
                    trace,
                )
                continue
        if computed is not None and computed > ctx.rs.total:
            yield Finding(
                "R14",
                "error",
                f"{tname}：按计分规则计算的总分为{amt(computed)}分，超过满分{num(ctx.rs.total)}分；"
                "应核对各指标的分值（分值合计须为满分）。",
                loc,
                {"entered": shown, "computed": computed, "max": ctx.rs.total},
                ts.total.trace,
            )
            continue
        if computed is not None and abs(computed - shown) > tol:
            yield Finding(
                "R14",
                "error",
                f"{tname}：总分填报为{num(shown)}，按计分规则计算应为{amt(computed)}分。",
                loc,
                {"entered": shown, "computed": computed},
                ts.total.trace,
            )


@rule("R15")
def indicator_scores(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    tol = ctx.rs.score_tolerance
    for p, perf in tables(pkg):
        ts = _ts(ctx, p)
        if ts is None:
            continue
        for sc in ts.indicators:
            ind = perf.indicators[sc.index]
            e, w = ind.score_entered, ind.weight
            if not sc.issues and (
                e is None
                or w is None
                or (e <= w and (sc.final.value is None or abs(e - sc.final.value) <= tol))
            ):
                continue  # the common case: nothing to say
            where = _where(p, ind, sc.index)
            for issue in sc.issues:
                field = {
                    "band_score_outside": "band_score",
                    "band_unknown": "band",
                    "band_needed": "band",
                    "override_no_reason": "override_reason",
                    "override_out_of_range": "override_score",
                    "target_blank": "target",
                    "actual_blank": "actual",
                }.get(issue.code, "score_entered")
                yield Finding(
                    "R15",
                    issue.severity,
                    f"{where}：{issue.text}。",
                    _ind_loc(p, sc.index, field, ind),
                    {"code": issue.code, **issue.values},
                    sc.computed.trace,
                )
            if e is None or w is None:
                continue
            if e > w:
                yield Finding(
                    "R15",
                    "error",
                    f"{where}：自评得分{num(e)}高于分值{num(w)}。",
                    _ind_loc(p, sc.index, "score_entered", ind),
                    {"entered": e, "weight": w},
                )
                continue
            v = sc.final.value
            if v is not None and abs(e - v) > tol:
                how = "经办人调整后" if sc.final.overridden else "按计分规则计算"
                yield Finding(
                    "R15",
                    "error",
                    f"{where}：自评得分填报为{num(e)}，{how}应为{amt(v)}分（{sc.final.trace}）。",
                    _ind_loc(p, sc.index, "score_entered", ind),
                    {"entered": e, "computed": v},
                    sc.final.trace,
                )


@rule("R16")
def deviation_reasons(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    boiler = ctx.rs.boilerplate_deviation
    for p, perf in tables(pkg):
        ts = _ts(ctx, p)
        if ts is None:
            continue
        for sc in ts.indicators:
            if not sc.deviation_required:
                continue
            ind = perf.indicators[sc.index]
            text = ind.deviation.strip()
            if text and text not in boiler:
                continue
            now = f"现填“{text}”不足以说明，" if text else ""
            yield Finding(
                "R16",
                "warning",
                f"{_where(p, ind, sc.index)}：{sc.deviation_why}，{now}须填写偏差原因分析及改进措施。",
                _ind_loc(p, sc.index, "deviation", ind),
                {"why": sc.deviation_why},
                sc.final.trace,
            )


@rule("L1")
def target_syntax(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p, perf in tables(pkg):
        for i, ind in _rows(perf):
            t = parse(ind.target)
            for problem in t.problems:
                fixed = targets.format_value(t)
                hint = f"，应为“{fixed}”" if fixed != ind.target.strip() else ""
                yield Finding(
                    "L1",
                    "warning",
                    f"{_where(p, ind, i)}：年度指标值“{ind.target.strip()}”{problem}{hint}。",
                    _ind_loc(p, i, "target", ind),
                    {"text": ind.target},
                )


@lru_cache(maxsize=8192)
def _actual_problems(target: str, actual: str) -> tuple[str, ...]:
    t, a = parse(target), parse(actual)
    return (*a.problems, *targets.actual_problems(t, a))


@rule("L2")
def actual_syntax(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p, perf in tables(pkg):
        for i, ind in _rows(perf):
            for problem in _actual_problems(ind.target, ind.actual):
                sev = "hint" if "缺少单位" in problem else "warning"
                yield Finding(
                    "L2",
                    sev,
                    f"{_where(p, ind, i)}：实际完成值“{ind.actual.strip()}”：{problem}。",
                    _ind_loc(p, i, "actual", ind),
                    {"text": ind.actual, "target": ind.target},
                )


@lru_cache(maxsize=8192)
def _workload_op(name: str, target: str, rs: RuleSet) -> str:
    """The ``≤``/``<`` of a target that caps a count of work done (to be maximised), else ""."""
    t = parse(target)
    if t.kind != "quant" or t.op not in ("≤", "<") or t.unit not in rs.workload_units:
        return ""
    if any(w in name for w in rs.negative_words):
        return ""
    return t.op


@rule("L3")
def workload_direction(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p, perf in tables(pkg):
        for i, ind in _rows(perf):
            op = _workload_op(ind.name, ind.target, ctx.rs)
            if op:
                yield Finding(
                    "L3",
                    "warning",
                    f"{_where(p, ind, i)}：年度指标值“{ind.target.strip()}”用了“{op}”，"
                    "但这是越多越好的工作量指标，通常应为“≥”；用“≤”会使少完成也得满分。",
                    _ind_loc(p, i, "target", ind),
                    {"text": ind.target},
                )
