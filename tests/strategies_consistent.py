"""Random *consistent* packages: the engine's contract (docs/checks.md) says ``check`` finds no error and no
warning on any of them.

Built on :mod:`tests.strategies` (which draws arbitrary, usually inconsistent packages). Here every sum
agrees, 决算 ≤ 预算 on the control rows, 执行数 ≤ 全年预算数, rates and scores are computed, weights follow
the rule set, the report's figures come from the tables (drafted with live fields, or the same drafts
flattened to plain text), and blanks are allowed where a blank is honest (a part that is not there; a
total left unfilled). Some packages hold only 附件3, or only 附件1, or no report.

The figures are computed *here*, independently of the engine, by the rules of domain.md: a disagreement
between the two is a bug in one of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from evaldesk.core import model, rulesets
from evaldesk.core import narrative as nar
from evaldesk.core.money import round_money

ZERO = Decimal(0)
HUNDRED = Decimal(100)
OVER = Decimal("1.2")  # over-completion (actual ÷ target) needs a reason (rule sets' over_completion_ratio)

UNIT_NAMES = ("岳阳楼区应急管理局", "某县农业农村局", "某区文化旅游广电体育局", "某市政协办公室")
# 附件1 line names (= 附件3 project names): distinct, none contains another.
LINE_NAMES = (
    "安全隐患整治",
    "仓田消防站建设",
    "应急仓库维修",
    "防汛抗旱物资储备",
    "森林防火宣传",
    "地质灾害监测预警",
    "委员活动经费",
)
# (name, unit) of counts to maximise with ≥; rates with %; counts to keep low (named so) with ≤.
COUNT_NAMES = (("开展安全检查", "次"), ("排查安全隐患", "个"), ("组织应急演练", "场"), ("发放宣传资料", "份"))
RATE_NAMES = ("隐患整改率", "宣传知晓率", "群众满意度", "资金拨付率")
LOW_NAMES = (("较大安全事故起数", "起"), ("群众投诉件数", "件"))
QUAL_NAMES = ("应急体系进一步完善", "安全意识明显增强", "工作机制有效运行")
DEVIATION = "部分任务受天气影响未完全达成，下年度将提前安排、加强调度。"
EXEC_REASON = "预算执行中部分采购项目延期支付，下年度将加快执行进度。"


def money(hi: int = 100_000) -> st.SearchStrategy[Decimal]:
    """0.00 … hi/100 万元: two decimals, sometimes three or four (``89.974`` 万元, kept to the 元)."""
    two = st.integers(0, hi).map(lambda c: Decimal(c).scaleb(-2))
    more = st.tuples(st.integers(0, hi * 100), st.sampled_from((3, 4))).map(
        lambda t: Decimal(t[0] // 10 ** (4 - t[1])).scaleb(-t[1])
    )
    return st.one_of(two, two, two, more)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    filled = [v for v in values if v is not None]
    return sum(filled, ZERO) if filled else None


def _pct(num: Decimal, den: Decimal) -> Decimal:
    return round_money(num * HUNDRED / den)


@st.composite
def _maybe_blank(draw: st.DrawFn, value: Decimal) -> Decimal | None:
    """``value``, or blank: the part is not there (totals are the sums of what is filled)."""
    return None if draw(st.integers(0, 6)) == 0 else value


@st.composite
def _control_leaf(draw: st.DrawFn, hi: int = 2000) -> model.Triple:
    """A 三公/公用 row: 决算 ≤ 预算 (R20); any column may be blank when it is nothing."""
    budget = draw(money(hi))
    actual = draw(st.integers(0, int(budget * 100)).map(lambda c: Decimal(c).scaleb(-2)))
    prev = draw(money(hi))
    if draw(st.integers(0, 6)) == 0:  # the row is not used this year: 预算 and 决算 both blank
        return model.Triple(draw(_maybe_blank(prev)), None, None)
    return model.Triple(draw(_maybe_blank(prev)), budget, actual)


def _total(parts: list[model.Triple]) -> model.Triple:
    return model.Triple(*(_sum([getattr(t, c) for t in parts]) for c in ("prev", "budget", "actual")))


@st.composite
def _blank_some_total(draw: st.DrawFn, t: model.Triple) -> model.Triple:
    """A top-level total may be left unfilled (nothing to compare), column by column."""
    return model.Triple(
        *(None if draw(st.integers(0, 9)) == 0 else getattr(t, c) for c in ("prev", "budget", "actual"))
    )


@st.composite
def basic_tables(draw: st.DrawFn, names: list[str]) -> model.BasicData:
    b = model.BasicData()
    r = b.rows
    r["car_purchase"], r["car_running"] = draw(_control_leaf()), draw(_control_leaf())
    r["abroad"], r["reception"] = draw(_control_leaf()), draw(_control_leaf())
    r["car"] = _total([r["car_purchase"], r["car_running"]])
    r["sangong"] = draw(_blank_some_total(_total([r["car"], r["abroad"], r["reception"]])))
    for key in ("public_office", "public_utilities", "public_meeting"):
        r[key] = draw(_control_leaf())
    extra_budget = draw(money(50_000))
    extra_actual = draw(st.integers(0, int(extra_budget * 100)).map(lambda c: Decimal(c).scaleb(-2)))
    items = _total([r["public_office"], r["public_utilities"], r["public_meeting"]])
    r["public"] = model.Triple(
        (items.prev or ZERO) + draw(money(50_000)),
        (items.budget or ZERO) + extra_budget,
        (items.actual or ZERO) + extra_actual,
    )
    for key in ("project_business", "project_operation"):
        r[key] = model.Triple(*(draw(_maybe_blank(draw(money()))) for _ in range(3)))
    # R21: where 运行维护经费 and 公车运行维护 carry the same earlier columns, they are the same money.
    a, c = r["project_operation"], r["car_running"]
    if a.prev is not None and a.prev == c.prev and a.budget is not None and a.budget == c.budget:
        a.actual = c.actual
    lines_of = [model.NamedLine(n, *(draw(_maybe_blank(draw(money()))) for _ in range(3))) for n in names]
    cut = draw(st.integers(0, len(lines_of)))
    b.special, b.transfer = lines_of[:cut], lines_of[cut:]  # 区级专项 and 上级转移支付 alike
    lines = [r["project_business"], r["project_operation"], *(ln.triple() for ln in lines_of)]
    r["project"] = draw(_blank_some_total(_total(lines)))
    r["procurement"] = model.Triple(draw(money()), draw(money()), draw(money()))
    r["basic_adjust"] = model.Triple(ZERO, ZERO, ZERO)
    if draw(st.booleans()):
        b.building = model.Building(ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)
    else:
        area = draw(st.integers(1, 5000).map(Decimal))
        built = draw(st.integers(0, int(area)).map(Decimal))
        invest = draw(money())
        spent = draw(st.integers(0, int(invest * 100)).map(lambda c: Decimal(c).scaleb(-2)))
        b.building = model.Building(
            area,
            built,
            _pct(built, area),
            invest,
            spent,
            _pct(spent, invest) if invest else ZERO,
        )
    return b


def _score(weight: Decimal, share: Decimal) -> Decimal:
    return round_money(min(weight * share, weight))


@st.composite
def _indicator(
    draw: st.DrawFn, level1: str, level2: str, weight: Decimal, used: set[str], year: int
) -> model.Indicator:
    kind = draw(st.sampled_from(("count", "rate", "low", "qual")))
    ind = model.Indicator(level1=level1, level2=level2, weight=weight)
    score = weight
    if kind == "count":
        name, unit = draw(st.sampled_from(COUNT_NAMES))
        target = draw(st.integers(1, 5000))
        actual = draw(st.integers(target, target * 119 // 100) | st.integers(0, target))
        ind.target, ind.actual = f"≥{target}{unit}", f"{actual}{unit}"
        if actual < target:
            score = round_money(weight * Decimal(actual) / Decimal(target))
    elif kind == "rate":
        name = draw(st.sampled_from(RATE_NAMES))
        target = draw(st.integers(60, 100))
        actual = draw(st.integers(target, 100) | st.integers(0, target))
        ind.target, ind.actual = f"≥{target}%", f"{actual}%"
        if actual < target:
            score = round_money(weight * Decimal(actual) / Decimal(target))
        elif Decimal(actual) >= Decimal(target) * OVER:
            ind.deviation = "超额完成：整改工作提前部署，年度实际完成情况好于预期。"
    elif kind == "low":
        name, unit = draw(st.sampled_from(LOW_NAMES))
        target = draw(st.integers(1, 20))
        ind.target, ind.actual = f"≤{target}{unit}", f"{draw(st.integers(0, target))}{unit}"
    else:
        name = draw(st.sampled_from(QUAL_NAMES))
        ind.target, ind.actual, ind.band = name, "已完成", model.QUAL_BANDS[0]
    while name in used:  # names are unique within a table
        name += "（续）"
    used.add(name)
    ind.name = name
    if score < weight:
        ind.deviation = DEVIATION
    ind.score_entered = score if draw(st.integers(0, 4)) else None
    return ind


@st.composite
def performances(
    draw: st.DrawFn, rs: rulesets.RuleSet, year: int, exec_score: Decimal | None
) -> model.Performance:
    perf = model.Performance(goal_expected="完成年度工作目标", goal_actual="年度目标基本完成")
    used: set[str] = set()
    for level1, weight in rs.level1.items():
        heads = model.LEVEL2_BY_LEVEL1.get(level1, ("",))
        n = draw(st.integers(1, min(3, int(weight)))) if weight > 0 else 0
        cuts = (
            sorted(
                draw(st.lists(st.integers(1, int(weight) - 1), min_size=n - 1, max_size=n - 1, unique=True))
            )
            if n > 1
            else []
        )
        bounds = [0, *cuts, int(weight)]
        for i in range(n):
            w = Decimal(bounds[i + 1] - bounds[i])
            perf.indicators.append(draw(_indicator(level1, draw(st.sampled_from(heads)), w, used, year)))
    perf.total_weight_entered = rs.total if draw(st.booleans()) else None
    entered = [i.score_entered for i in perf.indicators]
    if exec_score is not None and all(e is not None for e in entered):
        perf.total_score_entered = exec_score + sum((e for e in entered if e is not None), ZERO)
    return perf


@st.composite
def _funding_row(
    draw: st.DrawFn,
    rs: rulesets.RuleSet,
    full: Decimal,
    executed: Decimal,
    initial: Decimal | None,
    scored: bool,
) -> tuple[model.FundingRow, Decimal | None]:
    """A funding row with 执行率 (and, on 年度资金总额, 分值 and 得分) as printed, or blank."""
    row = model.FundingRow(initial=initial, full=full, executed=executed)
    rate = _pct(executed, full) if full else None
    if rate is not None and draw(st.booleans()):
        row.rate_entered = rate
    score = _score(rs.execution_weight, rs.rate_share(rate)) if rate is not None else None
    if scored:
        row.weight_entered = rs.execution_weight if draw(st.booleans()) else None
        if score is not None and draw(st.booleans()):
            row.score_entered = score
    return row, score if scored else None


def _explain_low_rate(perf: model.Performance, rate: Decimal | None) -> None:
    if rate is not None and rate < HUNDRED and perf.indicators:
        perf.indicators[0].deviation = (perf.indicators[0].deviation + EXEC_REASON).strip()


@st.composite
def projects(draw: st.DrawFn, rs: rulesets.RuleSet, year: int, basic: model.BasicData) -> list[model.Project]:
    out = []
    for i, ln in enumerate([*basic.special, *basic.transfer]):
        executed = ln.actual if ln.actual is not None else draw(money())
        full = executed + draw(money(20_000))
        if full == 0:
            full = Decimal("1.00")
        initial = ln.budget
        total, score = draw(_funding_row(rs, full, executed, initial, True))
        p = model.Project(id=f"p{i + 1}", name=ln.name, department="某区人民政府", implementer=UNIT_NAMES[0])
        carry_full = draw(st.integers(0, int(full * 100)).map(lambda c: Decimal(c).scaleb(-2)))
        carry_exec = min(carry_full, executed)
        cur, _ = draw(_funding_row(rs, full - carry_full, executed - carry_exec, initial, False))
        p.funding.total, p.funding.current = total, cur
        if carry_full:
            p.funding.carryover, _ = draw(_funding_row(rs, carry_full, carry_exec, ZERO, False))
        p.performance = draw(performances(rs, year, score))
        _explain_low_rate(p.performance, _pct(executed, full))
        out.append(p)
    return out


def _flatten(pkg: model.Package, section: model.Section) -> model.Section:
    """A drafted section as plain text, the figures typed in (what a clerk who copies numbers writes)."""
    return model.Section(
        section.heading,
        nar.render_text(pkg, section.body),
        [model.Subsection(s.heading, nar.render_text(pkg, s.body)) for s in section.subsections],
    )


@st.composite
def consistent_packages(draw: st.DrawFn) -> model.Package:
    """A package on which ``check`` must give no error and no warning."""
    year = draw(st.integers(2019, 2030))
    rs = rulesets.get(draw(st.sampled_from(("mof2020", "hunan"))))
    shape = draw(st.sampled_from(("full", "full", "full", "only_projects", "only_basic", "no_report")))
    name = draw(st.sampled_from(UNIT_NAMES))
    pkg = model.new_package(name, "某区人民政府", year, rs.id)
    day = dt.date(year + 1, draw(st.integers(1, 6)), draw(st.integers(1, 28)))
    pkg.footer = model.Footer("张三", "李四", "0730-1234567", day)
    pkg.unit.functions = "负责全区应急管理和安全生产综合监督管理工作。"
    pkg.unit.organization = "内设办公室、综合股等职能股室。"
    lines = draw(st.lists(st.sampled_from(LINE_NAMES), max_size=4, unique=True))
    basic = draw(basic_tables(lines))
    if shape != "only_projects":
        authorized = draw(st.integers(1, 300))
        actual = draw(st.integers(0, authorized))
        pkg.unit.staff_authorized, pkg.unit.staff_actual = authorized, actual
        pkg.unit.control_rate_entered = draw(
            st.sampled_from((None, _pct(Decimal(actual), Decimal(authorized))))
        )
        pkg.basic = basic
    if shape in ("full", "no_report"):
        # 决算 first: 全年执行数 covers 项目支出决算 + 基本支出决算 (≥ 公用经费决算); 全年预算数 ≥ 执行数.
        project_spent = (
            basic.row("project").actual or _sum([t.actual for _, t in _project_lines(basic)]) or ZERO
        )
        public = basic.row("public").actual or ZERO
        executed = project_spent + public + draw(money(200_000))
        full = executed + draw(money(50_000))
        if full == 0:
            full = Decimal("1.00")
        f = pkg.overall_funding
        f.total, exec_score = draw(_funding_row(rs, full, executed, draw(money(300_000)), True))
        general = draw(st.integers(0, int(full * 100)).map(lambda c: Decimal(c).scaleb(-2)))
        f.income_general, f.income_other = (
            general,
            full - general if full != general else draw(st.sampled_from((None, ZERO))),
        )
        f.income_total = full if draw(st.integers(0, 4)) else None
        f.income_fund = draw(st.sampled_from((None, ZERO)))
        basic_budget = draw(st.integers(0, int(full * 100)).map(lambda c: Decimal(c).scaleb(-2)))
        f.expend_basic, f.expend_project = basic_budget, full - basic_budget
        f.expend_total = full if draw(st.integers(0, 4)) else None
        f.personnel = draw(st.sampled_from((None, round_money(basic_budget * Decimal("0.8")))))
        pkg.overall = draw(performances(rs, year, exec_score))
        _explain_low_rate(pkg.overall, _pct(executed, full))
    if shape != "only_basic":
        pkg.projects = draw(projects(rs, year, basic))
    if shape == "full":
        pkg.cover = model.Cover("", name, day)
        flatten = draw(st.booleans())
        for i in nar.DRAFTABLE:
            s = nar.draft_section(pkg, i)
            assert s is not None
            pkg.report[i] = _flatten(pkg, s) if flatten else s
        facts = [
            f"{ind.name}{ind.actual}"
            for ind in pkg.overall.indicators
            if ind.actual[:1].isdigit() and draw(st.booleans())
        ]
        pkg.report[5].body = "单位整体支出绩效情况良好，各项工作按计划推进" + (
            "，全年" + "，".join(facts) + "。" if facts else "。"
        )
        pkg.report[6].body = "预算编制的精细化程度有待提高。"
        pkg.report[7].body = "进一步加强预算绩效管理。"
    return pkg


def _project_lines(basic: model.BasicData) -> list[tuple[str, model.Triple]]:
    from evaldesk.core.derived import project_lines

    return project_lines(basic)


__all__ = ["consistent_packages"]
