"""The built-in sample (岳阳楼区应急管理局 2023, as submitted): every real mistake is found, nothing else.

Arithmetic checked by hand against the reference text:
控制率 47 ÷ 49 = 95.918…% → 95.92% (printed 100%); 项目支出 2023年决算 lines 74.99 + 2.94 + 83.7 + 809.11 +
31.57 + 52.86 + 55.34 + 9.52 + 1.27 + 10.07 + 49.82 + 3.38 + 10 = 1194.57 (printed 1194.6: 0.03, a warning);
the 2022 column (923.80) and the 2023预算 column (83) do add up; 623.74 − 546.52 = 77.22 vs 公用经费 77.23
(0.01: passes); 附件3 产出 10+10+10+10+5+5+5 = 55; 附件3 entered scores 10 + 55 + 30 + 10 = 105 vs 总分 100.
"""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core.checks import run_checks, summary
from evaldesk.core.sample import load_sample

SAMPLE_FINDINGS = [
    ("R1", "error", "unit/control_rate_entered"),
    ("R9", "error", "projects/p1/funding/total/rate_entered"),
    ("R9", "error", "projects/p1/funding/current/rate_entered"),
    ("R11", "error", "projects/p1/funding/total/initial"),
    ("R12", "error", "projects/p1/funding/current/weight_entered"),
    ("R13", "error", "projects/p1/performance/indicators/0/weight"),
    ("R14", "error", "projects/p1/performance/total_score_entered"),
    ("R17", "error", "report/1/subsections/0/body"),
    ("R17", "error", "report/1/subsections/1/body"),
    ("L5", "warning", "footer/preparer"),
    ("L5", "warning", "footer/phone"),
    ("L5", "warning", "footer/date"),
    ("R4", "warning", "basic/rows/project/actual"),
    ("R20", "warning", "basic/rows/public_utilities/actual"),
    ("L2", "warning", "overall/indicators/5/actual"),
    ("L3", "warning", "overall/indicators/0/target"),
    ("R15", "warning", "projects/p1/performance/indicators/10/band"),
    ("L1", "warning", "projects/p1/performance/indicators/1/target"),
    ("L3", "warning", "projects/p1/performance/indicators/0/target"),
    ("L3", "warning", "projects/p1/performance/indicators/1/target"),
    ("R18", "warning", "report/4/body"),
    ("R19", "warning", "report/5/body"),
    ("L4", "warning", "report/1/subsections/1/heading"),
    ("L4", "warning", "report/5/heading"),
    ("L4", "warning", "report/6/body"),
    ("L4", "warning", "report/8/heading"),
    ("L4", "warning", "report/9/heading"),
    ("L5", "hint", "footer/leader"),
    ("L2", "hint", "projects/p1/performance/indicators/7/actual"),
    ("L7", "hint", "projects/p1/performance/indicators/12/name"),
    ("L7", "hint", "projects/p1/performance/indicators/13/name"),
    ("L4", "hint", "report/1/heading"),
]


def test_sample_findings_are_pinned() -> None:
    got = [(f.rule_id, f.severity, f.location.key) for f in run_checks(load_sample())]
    assert got == SAMPLE_FINDINGS
    assert summary(run_checks(load_sample())) == {"error": 9, "warning": 18, "hint": 5}


def _by_key() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in run_checks(load_sample()):
        out.setdefault(f"{f.rule_id}@{f.location.key}", []).append(f.message)
    return out


def test_sample_messages_name_cells_and_both_values() -> None:
    m = _by_key()
    assert m["R1@unit/control_rate_entered"] == [
        "附件1：财政供养人员控制率填报为100%，按 实际在职人数47 ÷ 编制数49 计算应为95.92%。"
    ]
    assert m["R9@projects/p1/funding/total/rate_entered"] == [
        "附件3“业务工作经费”：执行率填报为90%，按 全年执行数74.99 ÷ 全年预算数74.99 计算应为100.00%。"
    ]
    assert m["R4@basic/rows/project/actual"] == [
        "附件1“项目支出”2023年决算数填报为1194.60，按各项目行（业务工作经费、运行维护经费、区级专项15行、上级转移支付1行）"
        "合计应为1194.57（相差0.03）。"
    ]
    assert m["R11@projects/p1/funding/total/initial"] == [
        "附件3“业务工作经费”年初预算数填报为83.00，按附件1“业务工作经费”2023年预算数应为80.00（相差3.00）。"
    ]
    assert m["R12@projects/p1/funding/current/weight_entered"] == [
        "附件3“业务工作经费”：“当年财政拨款”行填有分值10、自评得分10；分值和得分只在“年度资金总额”行填写，其中各行应留空。"
    ]
    assert m["R13@projects/p1/performance/indicators/0/weight"] == [
        "附件3“业务工作经费”：产出指标各三级指标分值合计为55，应为50分（规则集“湖南省规则”）。"
    ]
    assert m["R14@projects/p1/performance/total_score_entered"] == [
        # The items add to more than 100: that is the mistake (the 总分 100 is not to be raised to 105).
        "附件3“业务工作经费”：执行率得分与各指标自评得分合计为105，超过满分100分；"
        "总分不能超过满分，应核对各指标的分值和自评得分。"
    ]
    assert m["R17@report/1/subsections/0/body"] == [
        "自评报告“二、 一般公共预算支出情况（一）基本支出情况”写有“商品和服务支出84.78万元”，与附件1“公用经费”"
        "2023年决算数77.23不一致（相差7.55）；84.78是2022年决算数，疑为误用了该列数字。"
    ]
    assert m["R17@report/1/subsections/1/body"] == [
        "自评报告“二、 一般公共预算支出情况（2） 项目支出情况”写有“业务工作经费382.55万元”，与附件1“业务工作经费”"
        "2023年决算数74.99不一致（相差307.56）。"
    ]
    assert m["R18@report/4/body"] == [
        "自评报告“五、社会保险基金预算支出情况”写的是“2022年度”，本自评包是2023年度，请核实。"
    ]
    assert m["L1@projects/p1/performance/indicators/1/target"] == [
        "附件3“业务工作经费”指标“有效应对灾害天气”：年度指标值“≤≤15轮”运算符重复（“≤≤”），应为“≤15轮”。"
    ]
    assert m["L2@overall/indicators/5/actual"] == [
        "附件2指标“严格预算支出控制”：实际完成值“≤1818.34万元”：实际完成值不应带“≤”等比较符号，应填写实际达到的数值。"
    ]
    assert "≤2399个" in m["L3@projects/p1/performance/indicators/0/target"][0]
    assert m["R20@basic/rows/public_utilities/actual"] == [
        "附件1“水费、电费、差旅费”2023年决算数11.40超过2023年预算数10.50（超出0.90），属于控制指标，请核实或说明原因。"
    ]
    # The cover's name is left empty, so the cover prints 单位信息's name: nothing to report.
    assert "L6@cover/unit_name" not in m
    assert "“6、 单位整体支出绩效情况”的编号应为“六、”" in m["L4@report/5/heading"][0]


def test_sample_consistent_parts_are_silent() -> None:
    found = run_checks(load_sample())
    rules = {f.rule_id for f in found}
    # 三公/公车 add up in every column, 附件2 balances, R7 (项目支出决算 1194.6 ≤ 全年执行数 1818.34), R8 (公用经费
    # 决算 77.23 ≤ 基本支出决算 1818.34 − 1194.6 = 623.74; 附件2 人员经费 546.52 ≤ 基本支出 623.74),
    # R10 (74.99 = 74.99), R21 (运行维护经费 2.94 vs 公车运行维护 2.93 within 0.01), R22 (83 = 83, 74.99 = 74.99).
    assert rules.isdisjoint({"R2", "R3", "R5", "R6", "R7", "R8", "R10", "R16", "R21", "R22", "RS", "BUG"})
    r4 = [f for f in found if f.rule_id == "R4"]
    assert len(r4) == 1 and r4[0].values["computed"] == Decimal("1194.57")
    # 附件2 is scored correctly as entered: no R9/R13/R14/R15 on it
    assert not [f for f in found if f.location.part == "overall" and f.rule_id in ("R9", "R13", "R14", "R15")]


def test_sample_traces_show_the_arithmetic() -> None:
    found = {f.key: f for f in run_checks(load_sample())}
    assert found["R1@unit/control_rate_entered"].trace == "控制率 = 实际在职人数47 ÷ 编制数49 = 95.92%"
    assert found["R4@basic/rows/project/actual"].trace.endswith("= 1194.57（其余5行为0）")
    assert found["R13@projects/p1/performance/indicators/0/weight"].trace == (
        "产出指标分值 = 10 + 10 + 10 + 10 + 5 + 5 + 5 = 55"
    )
