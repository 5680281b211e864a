"""Every 审核 rule: the clean package passes it, one small change fails it, with the message checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from evaldesk.core import model
from evaldesk.core.checks import RULE_TITLES, registered, run_checks
from evaldesk.core.findings import Finding
from tests.helpers.checks import D, clean_package, triple

Mutation = Callable[[model.Package], None]


def only(pkg: model.Package, rule_id: str) -> list[Finding]:
    return [f for f in run_checks(pkg) if f.rule_id == rule_id]


def test_clean_package_has_no_findings() -> None:
    assert [(f.rule_id, f.message) for f in run_checks(clean_package())] == []


def test_every_rule_id_is_registered_and_titled() -> None:
    ids = {r.rule_id for r in registered()}
    # L9 (a blank part of a sum) is reported by the sum rules themselves (R2–R4, R6, R22).
    assert ids == set(RULE_TITLES) - {"BUG", "L9"}
    assert {f"R{i}" for i in range(1, 23)} <= ids


def _p1(pkg: model.Package) -> model.Project:
    return pkg.projects[0]


def _set(path: str, value: object) -> Mutation:
    def go(pkg: model.Package) -> None:
        *head, last = path.split(".")
        obj: object = pkg
        for part in head:
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)  # type: ignore[index]
        if last.isdigit():
            obj[int(last)] = value  # type: ignore[index]
        else:
            setattr(obj, last, value)

    return go


def _row(key: str, col: str, value: str) -> Mutation:
    return lambda pkg: setattr(pkg.basic.rows[key], col, D(value))


def _all(*ms: Mutation) -> Mutation:
    def go(pkg: model.Package) -> None:
        for m in ms:
            m(pkg)

    return go


# (rule, mutation, severity, location key, message) — the message is checked exactly.
FAILS: list[tuple[str, Mutation, str, str, str]] = [
    (
        "R1",
        _set("unit.control_rate_entered", D(100)),
        "error",
        "unit/control_rate_entered",
        "附件1：财政供养人员控制率填报为100%，按 实际在职人数9 ÷ 编制数10 计算应为90.00%。",
    ),
    (
        "R1",
        _all(
            _set("basic.building.approved_area", D(100)),
            _set("basic.building.actual_area", D(90)),
            _set("basic.building.area_rate_entered", D(100)),
        ),
        "error",
        "basic/building/area_rate_entered",
        "附件1：楼堂馆所规模控制率填报为100%，按 实际规模90 ÷ 批复规模100 计算应为90.00%。",
    ),
    (
        "R2",
        _row("sangong", "actual", "2.5"),
        "error",
        "basic/rows/sangong/actual",
        "附件1“三公经费”2023年决算数填报为2.50，按 公务用车购置和维护经费1.50 + 出国经费0.00 + 公务接待0.50 计算应为2.00"
        "（相差0.50）。",
    ),
    (
        "R2",
        _row("sangong", "prev", "3.03"),
        "warning",
        "basic/rows/sangong/prev",
        "附件1“三公经费”2022年决算数填报为3.03，按 公务用车购置和维护经费2.00 + 出国经费0.00 + 公务接待1.00 计算应为3.00"
        "（相差0.03）。",
    ),
    (
        "R3",
        _row("car", "budget", "2.04"),
        "warning",
        "basic/rows/car/budget",
        "附件1“公务用车购置和维护经费”2023年预算数填报为2.04，按 公车购置0.00 + 公车运行维护2.00 计算应为2.00（相差0.04）。",
    ),
    (
        "R4",
        _row("project", "actual", "62.06"),
        "error",
        "basic/rows/project/actual",
        "附件1“项目支出”2023年决算数填报为62.06，按各项目行（业务工作经费、运行维护经费、区级专项1行、上级转移支付0行）合计"
        "应为62.00（相差0.06）。",
    ),
    (
        "R5",
        _row("public_office", "actual", "30"),
        "error",
        "basic/rows/public/actual",
        "附件1“公用经费”2023年决算数为28.00，其中各项（办公经费30.00 + 水费、电费、差旅费5.00 + 会议费、培训费0.50）合计"
        "35.50，超过公用经费7.50；其中各项是公用经费的一部分，合计不能超过它。",
    ),
    (
        "R6",
        _all(
            _set("overall_funding.income_total", D(191)),
            _set("overall_funding.income_fund", D(0)),
            _set("overall_funding.income_nontax", D(0)),
            _set("overall_funding.income_other", D(0)),
        ),
        "error",
        "overall_funding/income_total",
        "附件2“按收入性质分”合计填报为191.00，按 一般公共预算190.00 + 政府性基金拨款0.00 + 纳入专户管理的非税收入拨款0.00 + "
        "其他资金0.00 计算应为190.00（相差1.00）。",
    ),
    (
        "L9",
        _set("overall_funding.income_total", D(191)),
        "warning",
        "overall_funding/income_fund",
        "政府性基金拨款、纳入专户管理的非税收入拨款、其他资金未填写：附件2“按收入性质分”合计为191.00，已填写的 一般公共预算190.00 "
        "合计190.00，相差1.00。请填写政府性基金拨款、纳入专户管理的非税收入拨款、其他资金（没有的填0），才能核对合计。",
    ),
    (
        "R6",
        _set("overall_funding.total.full", D(189)),
        "error",
        "overall_funding/total/full",
        "附件2“年度资金总额”全年预算数为189.00，按收入性质分合计为190.00，按支出性质分合计为190.00；三者应相等（最多相差1.00）。",
    ),
    (
        "R7",
        _set("overall_funding.total.executed", D("61.5")),
        "error",
        "basic/rows/project/actual",
        "附件1“项目支出”2023年决算数62.00超过附件2“年度资金总额”全年执行数61.50（超出0.50）；"
        "项目支出是单位全部支出的一部分，其决算数不能大于全年执行数。",
    ),
    (
        "R8",
        _set("overall_funding.total.executed", D(89)),
        "error",
        "basic/rows/public/actual",
        "附件1“公用经费”2023年决算数28.00超过基本支出决算27.00（附件2全年执行数89.00 − 项目支出决算62.00，"
        "超出1.00）；公用经费是基本支出的一部分，不能大于基本支出。",
    ),
    (
        "R8",
        _set("overall_funding.personnel", D("128.05")),
        "warning",
        "overall_funding/personnel",
        "附件2“人员经费”128.05超过“基本支出”128.00（超出0.05）；人员经费是基本支出的一部分。",
    ),
    (
        "R9",
        _set("projects.0.funding.total.rate_entered", D(90)),
        "error",
        "projects/p1/funding/total/rate_entered",
        "附件3“业务工作经费”：执行率填报为90%，按 全年执行数38.00 ÷ 全年预算数38.00 计算应为100.00%。",
    ),
    (
        "R9",
        _set("overall_funding.total.score_entered", D(9)),
        "error",
        "overall_funding/total/score_entered",
        "附件2：执行率自评得分填报为9，按 10 × 100.00% 计算应为10.00分。",
    ),
    (
        "R10",
        _set("projects.0.funding.total.executed", D(37)),
        "error",
        "projects/p1/funding/total/executed",
        "附件3“业务工作经费”全年执行数填报为37.00，按附件1“业务工作经费”2023年决算数应为38.00（相差1.00）。",
    ),
    (
        "R10",
        _set("projects.0.name", "无对应项目"),
        "hint",
        "projects/p1/name",
        "附件3“无对应项目”：附件1的项目支出各行中没有同名项目，无法核对金额；请确认项目名称与附件1一致。",
    ),
    (
        "R11",
        _set("projects.0.funding.total.initial", D(41)),
        "error",
        "projects/p1/funding/total/initial",
        "附件3“业务工作经费”年初预算数填报为41.00，按附件1“业务工作经费”2023年预算数应为40.00（相差1.00）。",
    ),
    (
        "R12",
        _set("projects.0.funding.current.weight_entered", D(10)),
        "error",
        "projects/p1/funding/current/weight_entered",
        "附件3“业务工作经费”：“当年财政拨款”行填有分值10；分值和得分只在“年度资金总额”行填写，其中各行应留空。",
    ),
    (
        "R13",
        _set("overall.indicators.0.weight", D(25)),
        "error",
        "overall/indicators/0/weight",
        "附件2：产出指标各三级指标分值合计为55，应为50分（规则集“财政部通用规则（财预〔2020〕10号）”）。",
    ),
    (
        "R13",
        _set("overall.total_weight_entered", D(90)),
        "error",
        "overall/total_weight_entered",
        "附件2：总分行的分值填报为90，各行分值合计为100。",
    ),
    (
        "R13",
        _set("overall_funding.total.weight_entered", D(15)),
        "error",
        "overall_funding/total/weight_entered",
        "附件2：预算执行率分值填报为15，按规则集“财政部通用规则（财预〔2020〕10号）”应为10分。",
    ),
    (
        "R14",
        _set("overall.total_score_entered", D(95)),
        "error",
        "overall/total_score_entered",
        "附件2：总分填报为95，但执行率得分与各指标自评得分合计为100。按计分规则计算总分为100.00分。",
    ),
    (
        "R15",
        _set("overall.indicators.1.score_entered", D(12)),
        "error",
        "overall/indicators/1/score_entered",
        "附件2指标“整体问题整改率”：自评得分12高于分值10。",
    ),
    (
        "R15",
        _set("overall.indicators.1.actual", "90%"),
        "error",
        "overall/indicators/1/score_entered",
        "附件2指标“整体问题整改率”：自评得分填报为10，按计分规则计算应为9.00分（年度指标值“100%”未写比较符号，按“≥”计；"
        "实际完成值90%，未达到年度指标值≥100% → 10 × 90 ÷ 100 = 9.00分）。",
    ),
    (
        "R15",
        _set("overall.indicators.1.override_score", D(9)),
        "error",
        "overall/indicators/1/override_reason",
        "附件2指标“整体问题整改率”：自评得分调整为9分但未写明调整理由，已按计算得分计。",
    ),
    (
        "R16",
        _all(
            _set("overall.indicators.1.actual", "90%"),
            _set("overall.indicators.1.score_entered", D(9)),
            _set("overall.indicators.1.deviation", "无"),
        ),
        "warning",
        "overall/indicators/1/deviation",
        "附件2指标“整体问题整改率”：得分9.00分低于分值10分，现填“无”不足以说明，须填写偏差原因分析及改进措施。",
    ),
    (
        "R16",
        _all(
            _set("projects.0.funding.total.executed", D(30)),
            _set("projects.0.funding.total.rate_entered", D("78.95")),
        ),
        "warning",
        "projects/p1/funding/total/executed",
        "附件3“业务工作经费”：预算执行率为78.95%，低于90%，须书面说明原因（可写在相关指标的“偏差原因分析及改进措施”中）。",
    ),
    (
        "R17",
        _set("report.1.subsections.0.body", "2023年基本支出为128.00万元，其中：商品和服务支出30.00万元。"),
        "error",
        "report/1/subsections/0/body",
        "自评报告“二、一般公共预算支出情况（一）基本支出情况”写有“商品和服务支出30.00万元”，与附件1“公用经费”2023年决算数28.00"
        "不一致（相差2.00）；30.00是2022年决算数，疑为误用了该列数字。",
    ),
    (
        "R18",
        _set("report.4.body", "2022年度本部门无社会保险基金预算支出。"),
        "warning",
        "report/4/body",
        "自评报告“五、社会保险基金预算支出情况”写的是“2022年度”，本自评包是2023年度，请核实。",
    ),
    (
        "R18",
        _set("footer.date", dt.date(2023, 12, 20)),
        "error",
        "footer/date",
        "表尾填报日期为2023年12月20日，应在评价年度2023年结束之后。",
    ),
    (
        "R18",
        _set("overall.indicators.2.target", "2022年"),
        "warning",
        "overall/indicators/2/target",
        "附件2指标“整体按时完成年度任务”：年度指标值为“2022年”，本自评包是2023年度。",
    ),
    (
        "R19",
        _set("report.5.body", "全年整体完成检查12次。"),
        "warning",
        "report/5/body",
        "自评报告“六、单位整体支出绩效情况”写有“全年整体完成检查12次”，而附件2指标“整体完成检查次数”的实际完成值为“10次”，"
        "请核实两处是否一致。",
    ),
    (
        "R20",
        _row("public_utilities", "actual", "6.5"),
        "warning",
        "basic/rows/public_utilities/actual",
        "附件1“水费、电费、差旅费”2023年决算数6.50超过2023年预算数6.00（超出0.50），属于控制指标，请核实或说明原因。",
    ),
    (
        "R20",
        _set("projects.0.funding.total.executed", D(40)),
        "warning",
        "projects/p1/funding/total/executed",
        "附件3“业务工作经费”：年度资金总额全年执行数40.00超过全年预算数38.00（执行率105.26%），执行数不应大于调整后的预算，"
        "请核实。",
    ),
    (
        "R21",
        _all(lambda p: p.basic.rows.update(project_operation=triple("2", "2", "1.6"))),
        "error",
        "basic/rows/project_operation/actual",
        "附件1“运行维护经费”2023年决算数为1.60，“公车运行维护”为1.50（相差0.10）；两行的2022年决算数和2023年预算数相同，"
        "似为同一笔资金，请核实后填写一致。",
    ),
    (
        "R22",
        _set("projects.0.funding.current.executed", D(37)),
        "error",
        "projects/p1/funding/total/executed",
        "附件3“业务工作经费”年度资金总额全年执行数填报为38.00，按 当年财政拨款37.00 计算应为37.00（相差1.00）。",
    ),
    (
        "RS",
        _set("ruleset_id", "nowhere"),
        "warning",
        "ruleset_id",
        "自评包指定的评分规则集“nowhere”不存在，已改用默认规则集“财政部通用规则（财预〔2020〕10号）”计分。"
        "可选规则集：mof2020（财政部通用规则（财预〔2020〕10号））、hunan（湖南省规则）。",
    ),
    (
        "L1",
        _set("overall.indicators.0.target", "≥≥10次"),
        "warning",
        "overall/indicators/0/target",
        "附件2指标“整体完成检查次数”：年度指标值“≥≥10次”运算符重复（“≥≥”），应为“≥10次”。",
    ),
    (
        "L2",
        _set("overall.indicators.3.actual", "≤190万元"),
        "warning",
        "overall/indicators/3/actual",
        "附件2指标“整体预算控制”：实际完成值“≤190万元”：实际完成值不应带“≤”等比较符号，应填写实际达到的数值。",
    ),
    (
        "L2",
        _set("overall.indicators.0.actual", "10"),
        "hint",
        "overall/indicators/0/actual",
        "附件2指标“整体完成检查次数”：实际完成值“10”：实际完成值缺少单位“次”。",
    ),
    (
        "L3",
        _set("overall.indicators.0.target", "≤10次"),
        "warning",
        "overall/indicators/0/target",
        "附件2指标“整体完成检查次数”：年度指标值“≤10次”用了“≤”，但这是越多越好的工作量指标，通常应为“≥”；"
        "用“≤”会使少完成也得满分。",
    ),
    (
        "L4",
        _set("report.5.heading", "6、 单位整体支出绩效情况"),
        "warning",
        "report/5/heading",
        "自评报告第6部分标题“6、 单位整体支出绩效情况”的编号应为“六、”（一级标题依次用“一、二、三、”），即“六、单位整体支出绩效情况”。",
    ),
    (
        "L4",
        _set("report.1.subsections.1.heading", "（2） 项目支出情况"),
        "warning",
        "report/1/subsections/1/heading",
        "自评报告“二、一般公共预算支出情况”下的标题“（2） 项目支出情况”编号应为“（二）”（二级标题用“（一）（二）”），"
        "即“（二）项目支出情况”。",
    ),
    (
        "L4",
        _set("report.6.body", "（一）、预算编制合理性需要提高。"),
        "warning",
        "report/6/body",
        "自评报告“七、存在的问题及原因分析”中“（一）、预算编制合理性需要提高。…”的“（一）”后不加标点。",
    ),
    (
        "L4",
        _set("report.1.heading", "二、 一般公共预算支出情况"),
        "hint",
        "report/1/heading",
        "自评报告标题“二、 一般公共预算支出情况”的“、”后多了空格，应为“二、一般公共预算支出情况”。",
    ),
    (
        "L4",
        _set("report.2.heading", "政府性基金预算支出情况"),
        "warning",
        "report/2/heading",
        "自评报告第3部分标题“政府性基金预算支出情况”没有编号，应为“三、政府性基金预算支出情况”。",
    ),
    (
        "L5",
        _set("footer.phone", ""),
        "warning",
        "footer/phone",
        "表尾“联系电话”未填写（附件1、附件2、附件3的表尾共用）。",
    ),
    (
        "L5",
        _set("footer.leader", ""),
        "hint",
        "footer/leader",
        "单位负责人签字栏为空：打印后须由单位负责人签字（附件1、附件2、附件3的表尾共用）。",
    ),
    (
        "L5",
        _set("footer.phone", "请联系办公室"),
        "warning",
        "footer/phone",
        "表尾联系电话“请联系办公室”不像电话号码，请核实。",
    ),
    (
        "L6",
        _set("cover.unit_name", "另一个局"),
        "warning",
        "cover/unit_name",
        "封面单位名称“另一个局”与单位信息中的“测试应急管理局”不一致。",
    ),
    ("L6", _set("cover.date", None), "warning", "cover/date", "封面日期未填写。"),
    (
        "L7",
        lambda p: p.overall.indicators.append(
            model.Indicator(level1="满意度指标", level2="服务对象满意度指标", name="……")
        ),
        "hint",
        "overall/indicators/6/name",
        "附件2“服务对象满意度指标”第7行是占位行（“……”），请删除或填写。",
    ),
    (
        "L7",
        _set("report.9.body", ""),
        "hint",
        "report/9/body",
        "自评报告“十、其他需要说明的情况”还没有内容。",
    ),
    (
        "L8",
        _row("public_office", "actual", "5"),
        "hint",
        "basic/rows/public_office/actual",
        "附件1“办公经费”：2023年决算数5.00万元与2022年决算数5.00万元完全相同。"
        "两年决算金额一分不差的情况较少见，请确认没有把上年的数据抄到本年。",
    ),
    (
        "L8",
        lambda p: p.carried.append("basic/rows/procurement/prev"),
        "hint",
        "basic/rows/procurement/prev",
        "此处的数据从上年自评包带入，尚未确认，请核对后确认。",
    ),
]


@pytest.mark.parametrize(
    ("rule_id", "mutate", "severity", "key", "message"),
    FAILS,
    ids=[f"{r[0]}-{i}" for i, r in enumerate(FAILS)],
)
def test_rule_fails(rule_id: str, mutate: Mutation, severity: str, key: str, message: str) -> None:
    pkg = clean_package()
    assert only(pkg, rule_id) == []
    mutate(pkg)
    found = [f for f in only(pkg, rule_id) if f.location.key == key]
    assert [(f.severity, f.message) for f in found] == [(severity, message)], [
        f.message for f in only(pkg, rule_id)
    ]
    assert found[0].location.label


def test_every_rule_has_a_failing_case() -> None:
    assert {r[0] for r in FAILS} == set(RULE_TITLES) - {"BUG"}


# Changes that stay within tolerance or are otherwise fine: no finding for that rule.
PASSES: list[tuple[str, Mutation]] = [
    (
        "R1",
        _all(
            _set("unit.staff_authorized", 49),
            _set("unit.staff_actual", 47),
            _set("unit.control_rate_entered", D(96)),
        ),
    ),  # 95.918…% → 96%
    ("R1", _set("unit.control_rate_entered", D("90.00"))),
    ("R2", _row("sangong", "actual", "2.01")),  # |diff| ≤ 0.01 passes
    ("R4", _row("project", "actual", "61.99")),
    ("R8", _set("overall_funding.personnel", D("90"))),  # a budget split, never compared with a 决算
    ("R8", _set("overall_funding.personnel", None)),  # not stated: nothing to compare
    ("R8", _set("overall_funding.total.executed", D("89.99"))),  # 28.00 vs 27.99: within 0.01
    ("R9", _set("projects.0.funding.total.rate_entered", D("100.00"))),
    (
        "R16",
        _all(
            _set("overall.indicators.1.actual", "90%"),
            _set("overall.indicators.1.score_entered", D(9)),
            _set("overall.indicators.1.deviation", "部分整改项目跨年度实施，已列入下年计划。"),
        ),
    ),
    ("R17", _set("report.1.subsections.0.body", "2022年商品和服务支出30.00万元。")),  # Y−1 figure, Y−1 column
    ("R18", _set("report.7.body", "较2022年度有所下降；2024年度将继续改进。")),
    ("R20", _row("public_utilities", "actual", "6.01")),
    ("R21", lambda p: p.basic.rows.update(project_operation=triple("2", "2", "1.51"))),
    (
        "L3",
        _all(
            _set("overall.indicators.0.name", "一般事故起数"),
            _set("overall.indicators.0.target", "≤1起"),
            _set("overall.indicators.0.actual", "1起"),
        ),
    ),
    ("L5", _set("footer.phone", "（0730）8888888")),
]


@pytest.mark.parametrize(("rule_id", "mutate"), PASSES, ids=[f"{r[0]}-{i}" for i, r in enumerate(PASSES)])
def test_rule_passes(rule_id: str, mutate: Mutation) -> None:
    pkg = clean_package()
    mutate(pkg)
    assert [f.message for f in only(pkg, rule_id)] == []


def test_findings_are_sorted_by_severity_then_part() -> None:
    pkg = clean_package()
    for m in (
        _set("footer.phone", ""),
        _set("unit.control_rate_entered", D(100)),
        _set("report.5.heading", "6、x"),
        _set("projects.0.funding.total.rate_entered", D(90)),
        _set("footer.leader", ""),
    ):
        m(pkg)
    got = [(f.severity, f.location.part) for f in run_checks(pkg)]
    assert got == [
        ("error", "unit"),
        ("error", "project"),
        ("warning", "unit"),
        ("warning", "report"),
        ("hint", "unit"),
    ]


def test_a_broken_rule_becomes_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from evaldesk.core.checks import registry

    def boom(pkg: model.Package, ctx: registry.Context) -> list[Finding]:
        raise RuntimeError("boom")

    monkeypatch.setattr(registry, "_RULES", [registry.RegisteredRule("R1", boom)])
    found = run_checks(clean_package())
    assert [(f.rule_id, f.severity) for f in found] == [("BUG", "warning")]


def test_cover_name_left_empty_prints_the_unit_name_and_raises_nothing() -> None:
    pkg = clean_package()
    pkg.cover.unit_name = ""
    assert pkg.cover_unit_name() == pkg.unit.name == "测试应急管理局"
    assert [f for f in run_checks(pkg) if f.rule_id == "L6"] == []
    pkg.unit.name = ""
    assert pkg.cover_unit_name() == ""
    assert [(f.severity, f.message) for f in run_checks(pkg) if f.rule_id == "L6"] == [
        ("error", "单位名称未填写。")
    ]
