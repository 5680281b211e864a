"""A small, fully consistent package for the scoring and 审核 tests: every check passes on it.

Each failing test mutates one thing of :func:`clean_package` and expects one finding.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evaldesk.core import model


def D(s: str | int) -> Decimal:
    return Decimal(str(s))


def triple(prev: str, budget: str, actual: str) -> model.Triple:
    return model.Triple(D(prev), D(budget), D(actual))


def indicators(tag: str) -> list[model.Indicator]:
    """产出 50 (20+10+10+10) · 效益 30 · 满意度 10, all met, 自评得分 as computed."""
    rows = [
        ("产出指标", "数量指标", f"{tag}完成检查次数", "≥10次", "10次", "20"),
        ("产出指标", "质量指标", f"{tag}问题整改率", "100%", "100%", "10"),
        ("产出指标", "时效指标", f"{tag}按时完成年度任务", "2023年", "已完成", "10"),
        ("产出指标", "成本指标", f"{tag}预算控制", "≤190万元", "190万元", "10"),
        ("效益指标", "社会效益指标", f"{tag}宣传知晓率", "≥90%", "95%", "30"),
        ("满意度指标", "服务对象满意度指标", f"{tag}群众满意度", "≥90%", "92%", "10"),
    ]
    return [
        model.Indicator(level1=a, level2=b, name=c, target=t, actual=x, weight=D(w), score_entered=D(w))
        for a, b, c, t, x, w in rows
    ]


def clean_package() -> model.Package:
    pkg = model.new_package("测试应急管理局", "测试区政府", 2023, "mof2020")
    u = pkg.unit
    u.staff_authorized, u.staff_actual, u.control_rate_entered = 10, 9, D(90)
    pkg.footer = model.Footer("张三", "李四", "0730-1234567", dt.date(2024, 3, 1))
    pkg.cover.unit_name = "测试应急管理局"
    pkg.cover.date = dt.date(2024, 3, 1)
    r = pkg.basic.rows
    r["sangong"] = triple("3", "3", "2")
    r["car"] = triple("2", "2", "1.5")
    r["car_purchase"] = triple("0", "0", "0")
    r["car_running"] = triple("2", "2", "1.5")
    r["abroad"] = triple("0", "0", "0")
    r["reception"] = triple("1", "1", "0.5")
    r["project"] = triple("80", "50", "62")
    r["project_business"] = triple("50", "40", "38")
    r["project_operation"] = triple("10", "10", "9")
    r["public"] = triple("30", "30", "28")
    r["public_office"] = triple("5", "5", "4")
    r["public_utilities"] = triple("6", "6", "5")
    r["public_meeting"] = triple("1", "1", "0.5")
    r["procurement"] = triple("10", "10", "8")
    r["basic_adjust"] = triple("0", "0", "0")
    pkg.basic.special = [model.NamedLine("安全隐患整治", D(20), D(0), D(15))]
    b = pkg.basic.building
    b.approved_area = b.actual_area = b.area_rate_entered = D(0)
    b.budget_invest = b.actual_invest = b.invest_rate_entered = D(0)
    f = pkg.overall_funding
    f.total = model.FundingRow(D(100), D(190), D(190), D(10), D(100), D(10))
    f.income_total, f.income_general = D(190), D(190)
    f.expend_total, f.expend_basic, f.expend_project, f.personnel = D(190), D(128), D(62), D(100)
    pkg.overall.goal_expected = "完成年度工作目标"
    pkg.overall.goal_actual = "全部完成"
    pkg.overall.indicators = indicators("整体")
    pkg.overall.total_weight_entered = pkg.overall.total_score_entered = D(100)
    p = model.Project(id="p1", name="业务工作经费", department="测试区政府", implementer="测试应急管理局")
    p.funding.total = model.FundingRow(D(40), D(38), D(38), D(10), D(100), D(10))
    p.funding.current = model.FundingRow(D(40), D(38), D(38), None, D(100), None)
    p.performance.indicators = indicators("项目")
    p.performance.indicators[3].target = "≤38万元"
    p.performance.indicators[3].actual = "38万元"
    p.performance.total_weight_entered = p.performance.total_score_entered = D(100)
    pkg.projects = [p]
    bodies = {
        0: None,
        1: None,
        2: "2023年度本部门无政府性基金安排的支出。",
        3: "2023年度本部门无国有资本经营预算支出。",
        4: "2023年度本部门无社会保险基金预算支出。",
        5: "全年共完成检查10次，各项工作按计划完成。",
        6: "预算编制的精细化程度有待提高。",
        7: "进一步加强预算管理。",
        8: "2023年度单位整体支出绩效自评结果已按规定公开。",
        9: "本部门无其他情况说明。",
    }
    for i, text in bodies.items():
        if text:
            pkg.report[i].body = text
    pkg.report[0].subsections[0].body = "负责全区安全生产综合监督管理。"
    pkg.report[0].subsections[1].body = "内设股室5个。"
    pkg.report[1].subsections[
        0
    ].body = "2023年基本支出为128.00万元，其中：人员经费100.00万元；商品和服务支出28.00万元。"
    pkg.report[1].subsections[1].body = "2023年项目支出为62.00万元，其中：\n业务工作经费38.00万元。"
    return pkg
