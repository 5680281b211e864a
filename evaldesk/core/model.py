"""The package as plain data: everything a 预算绩效自评 package holds, as the clerk entered it.

Amounts are ``Decimal`` in 万元 and ``None`` means "not filled" (a blank cell), which is not 0.
Percentages are ``Decimal`` percent values (``Decimal('100')`` is 100%).
Indicator values (年度指标值, 实际完成值) are kept as the raw text the clerk typed; ``core.targets``
parses them, so that a malformed value such as ``≤≤15轮`` survives to be reported, not repaired.

Figures that EvalDesk computes but the paper form also prints (控制率, 执行率, 得分, 总分) are kept in
``*_entered`` fields: what was typed or imported, compared by the checks with what we compute.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from decimal import Decimal

SCHEMA_VERSION = 2

Amount = Decimal | None

# 附件1 经费控制情况: the fixed rows in form order (key, label as printed). The 区级专项 and 上级转移支付
# lines sit after ``project_operation`` as two lists of named lines.
BASIC_ROWS: tuple[tuple[str, str], ...] = (
    ("sangong", "三公经费"),
    ("car", "1、公务用车购置和维护经费"),
    ("car_purchase", "其中：公车购置"),
    ("car_running", "公车运行维护"),
    ("abroad", "2、出国经费"),
    ("reception", "3、公务接待"),
    ("project", "项目支出："),
    ("project_business", "1、业务工作经费"),
    ("project_operation", "2、运行维护经费"),
    ("public", "公用经费"),
    ("public_office", "其中：办公经费"),
    ("public_utilities", "水费、电费、差旅费"),
    ("public_meeting", "会议费、培训费"),
    ("procurement", "政府采购金额"),
    ("basic_adjust", "部门基本支出预算调整"),
)
BASIC_ROW_KEYS: tuple[str, ...] = tuple(k for k, _ in BASIC_ROWS)
BASIC_ROW_LABELS: dict[str, str] = dict(BASIC_ROWS)
SPECIAL_HEADING = "3、区级专项资金（一个专项一行）"
TRANSFER_HEADING = "4、上级转移支付（一个专项一行）"

# The 一级 / 二级 indicator headings of 财预〔2020〕10号.
LEVEL2_BY_LEVEL1: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}

# The qualitative bands of §2.4, best first.
QUAL_BANDS: tuple[str, ...] = ("达成年度指标", "部分达成并具有一定效果", "未达成且效果较差")

# The report outline of domain.md §5: (number, standard title, standard sub-headings).
REPORT_OUTLINE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("一", "单位基本情况", ("职能职责", "机构设置")),
    ("二", "一般公共预算支出情况", ("基本支出情况", "项目支出情况")),
    ("三", "政府性基金预算支出情况", ()),
    ("四", "国有资本经营预算支出情况", ()),
    ("五", "社会保险基金预算支出情况", ()),
    ("六", "单位整体支出绩效情况", ()),
    ("七", "存在的问题及原因分析", ()),
    ("八", "下一步改进措施", ()),
    ("九", "单位整体支出绩效自评结果拟应用和公开情况", ()),
    ("十", "其他需要说明的情况", ()),
)


@dataclass
class Triple:
    """One 附件1 row: Y−1年决算数, Y年预算数, Y年决算数 (万元)."""

    prev: Amount = None
    budget: Amount = None
    actual: Amount = None


@dataclass
class NamedLine:
    """A 区级专项 or 上级转移支付 line of 附件1 (one 专项 a line)."""

    name: str = ""
    prev: Amount = None
    budget: Amount = None
    actual: Amount = None

    def triple(self) -> Triple:
        return Triple(self.prev, self.budget, self.actual)


@dataclass
class StaffLine:
    """编制 by type, e.g. 行政编制 13人."""

    kind: str = ""
    count: int | None = None


@dataclass
class Footer:
    """The footer under every table: 单位负责人签字 · 填表人 · 联系电话 · 填报日期."""

    leader: str = ""
    preparer: str = ""
    phone: str = ""
    date: _dt.date | None = None


@dataclass
class UnitInfo:
    name: str = ""
    department: str = ""  # 主管部门
    functions: str = ""  # 职能职责
    organization: str = ""  # 机构设置
    staff_by_type: list[StaffLine] = field(default_factory=list)
    staff_authorized: int | None = None  # 编制数, as printed on 附件1
    staff_actual: int | None = None  # Y年实际在职人数
    control_rate_entered: Decimal | None = None  # 控制率 as printed (percent)


@dataclass
class Building:
    """楼堂馆所控制情况 (Y年完工项目)."""

    approved_area: Decimal | None = None  # 批复规模 m²
    actual_area: Decimal | None = None  # 实际规模 m²
    area_rate_entered: Decimal | None = None  # 规模控制率 (percent)
    budget_invest: Amount = None  # 预算投资 万元
    actual_invest: Amount = None  # 实际投资 万元
    invest_rate_entered: Decimal | None = None  # 投资概算控制率 (percent)


@dataclass
class BasicData:
    """附件1 整体支出绩效评价基础数据表 (the 经费控制情况 grid and what follows it)."""

    rows: dict[str, Triple] = field(default_factory=lambda: {k: Triple() for k in BASIC_ROW_KEYS})
    special: list[NamedLine] = field(default_factory=list)  # 区级专项资金
    transfer: list[NamedLine] = field(default_factory=list)  # 上级转移支付
    building: Building = field(default_factory=Building)
    frugality: str = ""  # 厉行节约保障措施 · 节约型机关制度措施

    def row(self, key: str) -> Triple:
        return self.rows.setdefault(key, Triple())


@dataclass
class FundingRow:
    """One row of a funding block: 年初预算数, 全年预算数, 全年执行数 and the figures printed beside them."""

    initial: Amount = None  # 年初预算数
    full: Amount = None  # 全年预算数 (调整后预算)
    executed: Amount = None  # 全年执行数
    weight_entered: Decimal | None = None  # 分值 as printed
    rate_entered: Decimal | None = None  # 执行率 as printed (percent)
    score_entered: Decimal | None = None  # 自评得分 as printed


@dataclass
class Indicator:
    """One 三级 indicator row of a 绩效指标 table."""

    level1: str = ""  # 一级指标, e.g. 产出指标
    level2: str = ""  # 二级指标, e.g. 数量指标
    name: str = ""  # 三级指标
    target: str = ""  # 年度指标值, raw text
    actual: str = ""  # 实际完成值, raw text
    weight: Decimal | None = None  # 分值
    score_entered: Decimal | None = None  # 自评得分 as printed
    band: str = ""  # qualitative band chosen by the clerk (one of QUAL_BANDS) or ""
    band_score: Decimal | None = None  # the clerk's score inside the band (None = top of band)
    override_score: Decimal | None = None  # a clerk's override of the computed score…
    override_reason: str = ""  # …allowed only with a reason
    deviation: str = ""  # 偏差原因分析及改进措施

    def is_blank(self) -> bool:
        return not (self.name.strip() or self.target.strip() or self.actual.strip()) and self.weight is None


@dataclass
class Performance:
    """年度总体目标 and the 绩效指标 table, shared by 附件2 and each 附件3."""

    goal_expected: str = ""  # 预期目标
    goal_actual: str = ""  # 实际完成情况
    indicators: list[Indicator] = field(default_factory=list)
    total_weight_entered: Decimal | None = None  # 总分 row: 分值 as printed
    total_score_entered: Decimal | None = None  # 总分 row: 得分 as printed


@dataclass
class OverallFunding:
    """附件2 年度预算申请: 年度资金总额 and its split by income and by expenditure nature."""

    total: FundingRow = field(default_factory=FundingRow)
    income_total: Amount = None  # 按收入性质分
    income_general: Amount = None  # 一般公共预算
    income_fund: Amount = None  # 政府性基金拨款
    income_nontax: Amount = None  # 纳入专户管理的非税收入拨款
    income_other: Amount = None  # 其他资金
    expend_total: Amount = None  # 按支出性质分
    expend_basic: Amount = None  # 基本支出
    expend_project: Amount = None  # 项目支出
    personnel: Amount = None  # 人员经费: part of 基本支出 in this budget split (R8: ≤ 基本支出)


# The single amounts of 年度预算申请 in form order: the draft file stores them and the report's live
# fields name them, both by these names.
OVERALL_AMOUNTS: tuple[str, ...] = tuple(f.name for f in fields(OverallFunding) if f.name != "total")


@dataclass
class ProjectFunding:
    """附件3 项目资金: 年度资金总额 and its 其中 rows."""

    total: FundingRow = field(default_factory=FundingRow)
    current: FundingRow = field(default_factory=FundingRow)  # 当年财政拨款
    carryover: FundingRow = field(default_factory=FundingRow)  # 上年结转资金
    other: FundingRow = field(default_factory=FundingRow)  # 其他资金


@dataclass
class Project:
    """附件3 项目支出绩效自评表, one per project."""

    id: str = ""  # stable within the package (storage and undo address projects by it)
    name: str = ""
    department: str = ""  # 主管部门
    implementer: str = ""  # 实施单位
    funding: ProjectFunding = field(default_factory=ProjectFunding)
    performance: Performance = field(default_factory=Performance)


@dataclass
class Subsection:
    heading: str = ""  # as typed, e.g. "（一）职能职责"
    body: str = ""


@dataclass
class Section:
    """One of the report's sections 一–十; ``heading`` is as typed (e.g. "一、单位基本情况")."""

    heading: str = ""
    body: str = ""  # text before the first sub-section
    subsections: list[Subsection] = field(default_factory=list)


@dataclass
class Cover:
    title: str = ""  # blank = the standard title "Y年度{单位}整体支出绩效自评报告"
    unit_name: str = ""  # 部门（单位）名称 as written on the cover (blank in the sample, as submitted)
    date: _dt.date | None = None  # the date under the seal


@dataclass
class Attachment:
    """A scanned signed page (PDF/JPG/PNG), stored inside the draft."""

    id: str = ""
    filename: str = ""
    mime: str = ""
    data: bytes = b""


@dataclass
class Acknowledgement:
    """A warning the clerk has acknowledged (or an error accepted for upload), with the reason."""

    rule_id: str = ""
    location: str = ""  # the finding's Location.ack_key
    reason: str = ""
    kind: str = "warning"  # "warning" or "accepted-error"


@dataclass
class Package:
    """A whole 预算绩效自评 package for fiscal year ``fiscal_year``."""

    fiscal_year: int = 0
    ruleset_id: str = "mof2020"
    # The rule set's whole content (JSON text, ``core.rulesets.content_of``) so that the package is scored
    # with its own rules anywhere; "" in drafts saved before it was kept (then the id decides).
    ruleset_content: str = ""
    unit: UnitInfo = field(default_factory=UnitInfo)
    footer: Footer = field(default_factory=Footer)
    cover: Cover = field(default_factory=Cover)
    basic: BasicData = field(default_factory=BasicData)
    overall_funding: OverallFunding = field(default_factory=OverallFunding)
    overall: Performance = field(default_factory=Performance)
    projects: list[Project] = field(default_factory=list)
    report: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)  # edit paths carried from last year, not yet confirmed

    def project(self, project_id: str) -> Project:
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)

    def title(self) -> str:
        """The report's title as printed on the cover."""
        return self.cover.title or f"{self.fiscal_year}年度{self.unit.name}整体支出绩效自评报告"

    def cover_unit_name(self) -> str:
        """The unit name the cover and the 署名 print: the cover's own, else 单位信息's (one source for
        the printout, the 自评报告 page and check L6)."""
        return self.cover.unit_name.strip() or self.unit.name.strip()


def standard_report() -> list[Section]:
    """Empty sections 一–十 with their standard headings and sub-headings."""
    cn = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
    sections = []
    for num, title, subs in REPORT_OUTLINE:
        sections.append(
            Section(
                heading=f"{num}、{title}",
                subsections=[Subsection(heading=f"（{cn[i]}）{s}") for i, s in enumerate(subs)],
            )
        )
    return sections


def standard_indicators() -> list[Indicator]:
    """One empty row per 二级 heading, as a fresh form shows them."""
    return [Indicator(level1=l1, level2=l2) for l1, l2s in LEVEL2_BY_LEVEL1.items() for l2 in l2s]


def new_package(unit_name: str, department: str, fiscal_year: int, ruleset_id: str = "mof2020") -> Package:
    """A fresh package with the standard report outline and indicator headings."""
    pkg = Package(fiscal_year=fiscal_year, ruleset_id=ruleset_id)
    pkg.unit.name = unit_name
    pkg.unit.department = department
    pkg.report = standard_report()
    pkg.overall.indicators = standard_indicators()
    return pkg
