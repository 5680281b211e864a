"""A large, realistic and internally consistent package for the benchmarks (and tests that need bulk).

``large_package()`` makes 50 projects × 15 indicators, 40 附件1 project lines (30 区级专项 + 10 上级转移支付),
and ten report sections of about 800 characters each. The amounts agree the way a careful clerk's
would: 附件1 totals are the sums of their lines, 附件2 agrees with 附件1 (R6–R8), each 附件3 matches its
附件1 line (R10/R11), 执行率, 得分 and 总分 are what the rules compute. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as _dt
import random
from decimal import ROUND_HALF_UP, Decimal

from evaldesk.core import model

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

SPECIAL_NAMES = (
    "安全隐患整治",
    "仓田消防站建设",
    "全国自然灾害风险普查",
    "防汛抗旱物资储备",
    "消防装备购置",
    "应急仓库改造",
    "应急救援队伍建设",
    "森林防火隔离带建设",
    "地质灾害监测预警",
    "危化品企业专项检查",
    "烟花爆竹打非治违",
    "安全生产宣传教育",
    "应急指挥平台运维",
    "基层应急站点建设",
    "防震减灾科普",
    "救灾物资采购",
    "应急广播系统建设",
    "安全生产执法装备",
    "非煤矿山整治",
    "城市内涝隐患排查",
    "小型水库安全巡查",
    "避难场所标识建设",
    "消防车辆维修",
    "应急演练组织",
    "灾害信息员培训",
    "企业安全标准化创建",
    "有限空间作业整治",
    "自然灾害救助",
    "高层建筑消防排查",
    "汛期值班值守保障",
)
TRANSFER_NAMES = (
    "2023年省级安全生产预防及应急专项",
    "中央自然灾害防治体系建设补助",
    "省级森林防火专项补助",
    "中央应急管理补助资金",
    "省级地质灾害防治专项",
    "中央特大防汛抗旱补助",
    "省级安全生产监管能力建设补助",
    "中央救灾资金",
    "省级防灾减灾救灾专项",
    "中央冬春救助资金",
)
# Projects that have no 附件1 line of their own (a real package has a few; the check only hints).
EXTRA_NAMES = (
    "业务工作经费",
    "运行维护经费",
    "乡镇应急能力提升试点",
    "安全文化示范街区创建",
    "防灾减灾示范社区创建",
    "应急管理信息化提升",
    "重点行业领域专项督查",
    "安全生产责任保险推广",
    "综合减灾能力评估",
    "应急物资调运演练",
)

# (一级, 二级, 三级 name, kind, weight); kind picks how target and actual are written.
INDICATOR_PLAN: tuple[tuple[str, str, str, str, int], ...] = (
    ("产出指标", "数量指标", "开展专项检查次数", "count_ge:次", 7),
    ("产出指标", "数量指标", "排查整改隐患个数", "count_ge:个", 7),
    ("产出指标", "数量指标", "培训基层应急人员", "count_ge:人", 6),
    ("产出指标", "质量指标", "重大隐患整改完成率", "pct_eq100", 6),
    ("产出指标", "质量指标", "检查覆盖率", "pct_ge", 6),
    ("产出指标", "时效指标", "资金拨付及时性", "qual_time", 6),
    ("产出指标", "时效指标", "项目完成时间", "qual_time", 6),
    ("产出指标", "成本指标", "严格按照预算执行", "cost", 6),
    ("效益指标", "经济效益指标", "因灾直接经济损失较上年下降", "qual_band", 6),
    ("效益指标", "社会效益指标", "较大以上生产安全事故", "zero", 6),
    ("效益指标", "社会效益指标", "安全生产宣传知晓率", "pct_ge", 6),
    ("效益指标", "生态效益指标", "森林火灾受害率", "permille_le", 6),
    ("效益指标", "可持续影响指标", "应急管理长效机制", "qual_band", 6),
    ("满意度指标", "服务对象满意度指标", "企业对执法服务满意度", "pct_ge", 5),
    ("满意度指标", "服务对象满意度指标", "群众对应急工作满意度", "pct_ge", 5),
)

SENTENCES = (
    "我局深入学习贯彻习近平总书记关于安全生产和应急管理的重要论述，认真落实上级决策部署，锚定“三坚决两确保”工作目标。",
    "全年组织开展安全生产大检查、大排查、大整治行动，对发现的问题逐条建立台账，实行清单化管理、销号式整改。",
    "严格落实“第一议题”制度，组织专题学习，不断提高领导班子和党员干部的政治判断力、政治领悟力、政治执行力。",
    "强化“区—街道—社区”协同联动，加快构建“大安全大应急”框架，基层应急能力明显提升。",
    "汛期前组织开展防汛抗旱隐患排查，储备编织袋、救生衣、冲锋舟等物资，确保关键时刻拉得出、用得上。",
    "围绕森林防火重点时段，落实网格化管理，开展野外用火专项整治，全年未发生森林火灾事故。",
    "组织开展“5·12”全国防灾减灾日、安全生产月等宣传活动，发放宣传资料，群众安全意识和自救互救能力持续增强。",
    "持续推进危险化学品、烟花爆竹、非煤矿山等重点行业领域专项整治，依法查处违法违规行为。",
    "严格执行预算管理制度，项目资金专款专用，按照进度拨付，未发生挤占、挪用和截留资金的情况。",
    "加强政府采购管理，按规定程序组织采购，采购过程公开透明，合同履行情况良好。",
    "部分项目因上级资金下达较晚，实施进度有所滞后，年底前已督促完成主体工作。",
    "绩效目标设置还不够细化，个别指标量化程度不高，与预算编制的衔接有待加强。",
    "下一步将进一步健全预算绩效管理制度，将绩效目标与预算编制同步申报、同步审核、同步批复。",
    "加强绩效运行监控，定期分析预算执行进度和绩效目标完成情况，发现偏差及时纠正。",
    "自评结果将作为以后年度预算安排和政策调整的重要依据，并按规定在部门网站公开，接受社会监督。",
    "加强应急救援队伍建设，组织开展综合应急演练，提升队伍快速反应和协同作战能力。",
    "规范公务接待、公务用车管理，“三公”经费支出较上年有所下降，厉行节约要求得到有效落实。",
    "建立健全内部控制制度，明确岗位职责，实行不相容岗位相互分离，资金支付实行审批制度。",
    "本单位无政府性基金预算支出，无国有资本经营预算支出，无社会保险基金预算支出。",
    "对照年度绩效目标，逐项核实完成情况，做到数据真实、佐证充分、结论客观。",
)


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount in 万元 with two decimals, between ``low`` and ``high``."""
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)


def _r2(d: Decimal) -> Decimal:
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def _plain(d: Decimal) -> str:
    return f"{_r2(d):f}"


def _indicator(
    rng: random.Random, spec: tuple[str, str, str, str, int], budget: Decimal, executed: Decimal, miss: bool
) -> model.Indicator:
    """One indicator row, met (full marks) unless ``miss``, with the score a careful clerk enters."""
    l1, l2, name, kind, w = spec
    weight = Decimal(w)
    score = weight
    deviation = ""
    band = ""
    if kind.startswith("count_ge"):
        unit = kind.split(":")[1]
        n = rng.randint(8, 400)
        got = n - max(1, n // 10) if miss else n + rng.randint(0, max(1, n // 10))
        target, actual = f"≥{n}{unit}", f"{got}{unit}"
        if miss:
            score = _r2(weight * got / n)
            deviation = f"受汛期和上级检查任务调整影响，实际完成{got}{unit}，未达到年度目标；下一年度将提前谋划、均衡推进。"
    elif kind == "pct_eq100":
        target, actual = "100%", "100%"
    elif kind == "pct_ge":
        n = rng.choice((85, 90, 95))
        target, actual = f"≥{n}%", f"{min(100, n + rng.randint(0, 5))}%"
    elif kind == "qual_time":
        target, actual = "按时完成", "按时完成"
    elif kind == "cost":
        target, actual = f"≤{_plain(budget)}万元", f"{_plain(executed)}万元"
    elif kind == "zero":
        target, actual = "=0起", "0起"
    elif kind == "permille_le":
        target, actual = "≤0.8‰", "0.3‰"
    else:  # qual_band
        target, actual, band = "有效提升", "有效提升", model.QUAL_BANDS[0]
    return model.Indicator(
        level1=l1,
        level2=l2,
        name=name,
        target=target,
        actual=actual,
        weight=weight,
        score_entered=score,
        band=band,
        deviation=deviation,
    )


def _performance(
    rng: random.Random, n_indicators: int, budget: Decimal, executed: Decimal, subject: str, miss: bool
) -> model.Performance:
    plan = [INDICATOR_PLAN[i % len(INDICATOR_PLAN)] for i in range(n_indicators)]
    inds = [_indicator(rng, spec, budget, executed, miss and i == 0) for i, spec in enumerate(plan)]
    scores = sum((i.score_entered or Decimal(0) for i in inds), Decimal(0))
    weights = sum((i.weight or Decimal(0) for i in inds), Decimal(0))
    return model.Performance(
        goal_expected=f"围绕{subject}，完成年度工作任务，资金使用规范高效，服务对象满意度达到90%以上。",
        goal_actual=f"{subject}各项任务按计划推进，资金按进度拨付使用，主要绩效指标均已完成，社会效益明显。",
        indicators=inds,
        total_weight_entered=weights + 10,
        total_score_entered=scores + 10,
    )


def _funding_row(initial: Decimal, full: Decimal, executed: Decimal, scored: bool) -> model.FundingRow:
    rate = _r2(executed * HUNDRED / full) if full else None
    score = _r2(10 * min(executed / full, Decimal(1))) if (scored and full) else None
    return model.FundingRow(
        initial=initial,
        full=full,
        executed=executed,
        weight_entered=Decimal(10) if scored else None,
        rate_entered=rate,
        score_entered=score,
    )


def _line(rng: random.Random, name: str, transfer: bool) -> model.NamedLine:
    actual = _money(rng, 5, 300)
    budget = Decimal(0) if transfer else _r2(actual * Decimal(rng.randint(95, 110)) / HUNDRED)
    return model.NamedLine(name=name, prev=_money(rng, 0, 300), budget=budget, actual=actual)


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v or Decimal(0) for v in values), Decimal(0))


def _triple_sum(triples: list[model.Triple]) -> model.Triple:
    return model.Triple(
        _sum([t.prev for t in triples]), _sum([t.budget for t in triples]), _sum([t.actual for t in triples])
    )


def _basic(rng: random.Random, n_lines: int) -> model.BasicData:
    basic = model.BasicData()
    n_transfer = n_lines // 4
    names_special = [
        SPECIAL_NAMES[i % len(SPECIAL_NAMES)] + ("" if i < len(SPECIAL_NAMES) else f"（{i}）")
        for i in range(n_lines - n_transfer)
    ]
    basic.special = [_line(rng, n, False) for n in names_special]
    basic.transfer = [
        _line(
            rng,
            TRANSFER_NAMES[i % len(TRANSFER_NAMES)] + ("" if i < len(TRANSFER_NAMES) else f"（{i}）"),
            True,
        )
        for i in range(n_transfer)
    ]
    r = basic.rows
    r["car_purchase"] = model.Triple(Decimal(0), Decimal(0), Decimal(0))
    r["car_running"] = model.Triple(Decimal("4.80"), Decimal("3.00"), Decimal("2.93"))
    r["car"] = _triple_sum([r["car_purchase"], r["car_running"]])
    r["abroad"] = model.Triple(Decimal(0), Decimal(0), Decimal(0))
    r["reception"] = model.Triple(Decimal("0.42"), Decimal("0.30"), Decimal("0.05"))
    r["sangong"] = _triple_sum([r["car"], r["abroad"], r["reception"]])
    r["project_business"] = model.Triple(Decimal("83.97"), Decimal("80.00"), Decimal("74.99"))
    r["project_operation"] = model.Triple(Decimal("4.80"), Decimal("3.00"), Decimal("2.94"))
    lines = [
        r["project_business"],
        r["project_operation"],
        *(ln.triple() for ln in basic.special + basic.transfer),
    ]
    r["project"] = _triple_sum(lines)
    r["public_office"] = model.Triple(Decimal("14.24"), Decimal("12.00"), Decimal("5.67"))
    r["public_utilities"] = model.Triple(Decimal("11.81"), Decimal("10.50"), Decimal("9.40"))
    r["public_meeting"] = model.Triple(Decimal("1.56"), Decimal("1.80"), Decimal("0.71"))
    r["public"] = model.Triple(Decimal("84.78"), Decimal("81.00"), Decimal("77.23"))
    r["procurement"] = model.Triple(Decimal("960.33"), Decimal("678.99"), Decimal("208.64"))
    r["basic_adjust"] = model.Triple(Decimal(0), Decimal(0), Decimal(0))
    basic.building = model.Building(*(Decimal(0) for _ in range(6)))
    basic.frugality = (
        "严格执行中央八项规定精神，制定公务接待、公务用车、会议培训等管理办法，厉行节约，建设节约型机关。"
    )
    return basic


def _text(rng: random.Random, chars: int, lead: str = "") -> str:
    """Paragraphs of plausible report prose, about ``chars`` characters long."""
    out = lead
    pool: list[str] = []
    while len(out) < chars:
        if not pool:  # every sentence once before any repeats, as a person writing would
            pool = list(SENTENCES)
            rng.shuffle(pool)
        out += pool.pop()
        if rng.random() < 0.25:
            out += "\n"
    return out.strip()


def _report(rng: random.Random, pkg: model.Package, chars: int) -> list[model.Section]:
    y = pkg.fiscal_year
    of = pkg.overall_funding
    basic_actual = of.expend_basic or Decimal(0)
    personnel = of.personnel or Decimal(0)
    leads = {
        1: (
            f"{y}年基本支出为{_plain(basic_actual)}万元，其中：人员经费{_plain(personnel)}万元，"
            f"公用经费{_plain(basic_actual - personnel)}万元。",
            f"{y}年项目支出为{_plain(of.expend_project or Decimal(0))}万元，共实施项目{len(pkg.projects)}个。",
        ),
    }
    sections = model.standard_report()
    for i, sec in enumerate(sections):
        if sec.subsections:
            per = chars // len(sec.subsections)
            for j, sub in enumerate(sec.subsections):
                lead = leads.get(i, ("", ""))[j] if j < 2 else ""
                sub.body = _text(rng, per, lead)
        else:
            sec.body = _text(rng, chars)
    return sections


def large_package(
    projects: int = 50, indicators: int = 15, lines: int = 40, section_chars: int = 800, seed: int = 2023
) -> model.Package:
    """A package of ``projects`` projects × ``indicators`` indicators with ``lines`` 附件1 project lines.

    Project *i* (for *i* < ``lines``) is the 附件1 line of the same name; the rest are 业务工作经费,
    运行维护经费 and a few projects without a line of their own.
    """
    rng = random.Random(seed)
    pkg = model.new_package("洞庭区应急管理局", "洞庭区人民政府", 2023)
    pkg.unit.functions = _text(rng, 300, "1、承担区人民政府安全生产委员会的日常工作。\n")
    pkg.unit.organization = (
        "应急局总编制数49人，行政编制13人，参公事业编制12人，事业编制24人；内设7个职能股室，2个二级机构。"
    )
    pkg.unit.staff_by_type = [
        model.StaffLine("行政编制", 13),
        model.StaffLine("参公事业编制", 12),
        model.StaffLine("事业编制", 24),
    ]
    pkg.unit.staff_authorized, pkg.unit.staff_actual = 49, 47
    pkg.unit.control_rate_entered = Decimal("95.92")
    pkg.footer = model.Footer("李明华", "王丽", "0730-8888123", _dt.date(2024, 4, 20))
    pkg.cover = model.Cover(unit_name=pkg.unit.name, date=_dt.date(2024, 5, 6))
    pkg.basic = _basic(rng, lines)

    r = pkg.basic.rows
    of = pkg.overall_funding
    personnel = Decimal("546.52")
    public, project = r["public"], r["project"]
    assert public.actual is not None and public.budget is not None  # set by _basic
    assert project.actual is not None and project.budget is not None
    of.personnel = personnel
    of.expend_basic = basic_y = personnel + public.actual
    of.expend_project = project.actual
    full = basic_y + project.actual
    of.expend_total = of.income_total = full
    of.income_other = Decimal("6.26")
    of.income_general = full - of.income_other
    initial = personnel + public.budget + project.budget
    of.total = _funding_row(initial, full, full, scored=True)
    pkg.overall = _performance(rng, indicators, full, full, "单位整体履职", miss=False)

    by_name = {ln.name: ln.triple() for ln in pkg.basic.special + pkg.basic.transfer}
    by_name["业务工作经费"] = r["project_business"]
    by_name["运行维护经费"] = r["project_operation"]
    names = [ln.name for ln in pkg.basic.special + pkg.basic.transfer] + list(EXTRA_NAMES)
    names += [f"专项工作{i}" for i in range(len(names), projects)]
    for i in range(projects):
        name = names[i]
        t = by_name.get(name) or model.Triple(None, _money(rng, 100, 120), _money(rng, 10, 100))
        executed = t.actual or Decimal(0)
        budget_y = t.budget if t.budget is not None else executed
        p = model.Project(
            id=f"p{i + 1}", name=name, department="洞庭区应急管理局", implementer="洞庭区应急管理局"
        )
        p.funding.total = _funding_row(budget_y, executed, executed, scored=True)
        p.funding.current = _funding_row(budget_y, executed, executed, scored=False)
        p.performance = _performance(rng, indicators, executed, executed, name, miss=i % 7 == 3)
        pkg.projects.append(p)
    pkg.report = _report(rng, pkg, section_chars)
    return pkg
