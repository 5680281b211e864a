"""Import of workbooks typed by hand in the official layout, the way clerks make them.

The fixtures are built here with openpyxl as a clerk would type them: numbers stored as text, full-width
digits, ``万元`` suffixes, ``100%`` as text or 1.0 with a % format, merged cells, extra blank rows, rows
in another order, sheets named ``附件 1`` / ``Sheet1`` / ``附件3``, the signature line filled in.
"""

from __future__ import annotations

import datetime as _dt
import io
from decimal import Decimal

import openpyxl
import pytest

from evaldesk.core import model
from evaldesk.export.xlsx import ImportProblems, read_workbook


def _save(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rows(ws, start: int, rows: list[list[object]]) -> None:  # type: ignore[no-untyped-def]
    for r, values in enumerate(rows, start=start):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(row=r, column=c, value=v)


FOOTER = "单位负责人签字：张三        填表人：李四      联系电话：0730-8888888        填报日期：2024年5月6日"


def _form1(ws) -> None:  # type: ignore[no-untyped-def]
    ws["A1"] = "2023年度预算单位整体支出绩效评价基础数据表"
    ws.merge_cells("A1:G1")
    _rows(ws, 3, [["预算单位名称", "岳阳楼区应急管理局"]])
    ws.merge_cells("B3:G3")
    _rows(
        ws,
        4,
        [["财政供养人员情况(人)", "编制数", "2023年实际在职人数", "控制率"], [None, "４９", 47, "100%"]],
    )
    ws.merge_cells("A4:A5")
    _rows(
        ws,
        7,
        [
            ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"],
            ["三公经费", 4.8, "3.3", 2.98],
            ["1.公务用车购置和维护经费", 4.8, 3, 2.93],
            ["其中：公车购置", 0, 0, 0],
            ["公车运行维护", "4.8万元", 3, 2.93],
            ["2、出国经费", 0, 0, 0],
            ["3、公务接待", 0, 0.3, 0.05],
            ["公用经费", 84.78, 81, 77.23],  # a block moved up: rows are found by label
            ["其中:办公经费", 14.24, 12, 5.67],
            ["水费、电费、差旅费", 11.81, 10.5, 11.4],
            ["会议费、培训费", 1.56, 1.8, 0.71],
            ["项目支出：", 923.8, 83, "1,194.60"],
            ["1、业务工作经费", 83.97, 80, 74.99],
            ["2、运行维护经费", 4.8, 3, 2.94],
            ["3、区级专项资金(一个专项一行）"],
            ["安全隐患整治", 196.41, 0, 83.7],
            [],  # a spacer row
            ["仓田消防站", "２６３．４１", 0, 809.11],
            ["4、上级转移支付（一个专项一行）"],
            ["2023年省级安全生产预防及应急专项", 0, 0, 10],
            ["政府采购金额", 960.33, 678.99, 208.64],
            ["部门基本支出预算调整", 0, 0, 0],
            [
                "楼堂馆所控制情况\n(2023年完工项目)",
                "批复规模\n(m²)",
                "实际规\n模(m²)",
                "规模控制率",
                "预算投资\n(万元)",
                "实际\n投资\n(万元)",
                "投资概\n算控制\n率",
            ],
            [None, 1200, "1,150㎡", 0.9583, 300, 280, "93.33%"],
            ["厉行节约保障措施", "节约型机关制度措施", "严格执行公务接待标准"],
            ["说明：“项目支出”需要填报基本支出以外的所有项目支出情况。"],
            [FOOTER],
        ],
    )
    ws.merge_cells("A29:A30")
    ws["D30"].number_format = "0.00%"


def _form2(ws) -> None:  # type: ignore[no-untyped-def]
    _rows(
        ws,
        1,
        [
            ["附件 2"],
            ["2023 年度预算单位整体支出绩效自评表"],
            ["预算单位名称", None, "岳阳楼区应急管理局"],
            [
                "\n年度预  算申请  （万元）",
                None,
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "自评得分",
            ],
            [None, "年度资金总额", 805.63, 1818.34, 1818.34, 10, 1.0, 10],
            [None, "按收入性质分：1818.34", None, None, "按支出性质分：1818.34"],
            [None, "其中：  一般公共预算：1812.08", None, None, "其中：基本支出：623.74"],
            [None, "政府性基金拨款：", None, None, "项目支出：1194.6"],
            [None, "纳入专户管理的非税收入拨款："],
            [None, "其他资金：6.26"],
            ["年度总体 目标", "预期目标", None, None, None, "实际完成情况"],
            [None, "认真落实“打好安全生产翻身仗”总体要求。", None, None, None, "已完成"],
            [
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度\n指标值",
                "实际\n完成值",
                "分值",
                "自评得分",
                "偏差原因分析及改进措施",
            ],
            [None, "\n\n产出指标\n(50 分)", "数量指标", "排查各类安全隐患个数", "≤3755个", "=3755个", 10, 10],
            [None, None, None, "一般安全生产事故起数", "≤1起", "1起", "10", "１０"],
            [None, None, "质量指标", "市级安全生产和消防工作的优秀单位", "2023年", "已完成", 30, 30],
            [
                None,
                "效益指标\n（30 分）",
                "经济效\n益指标",
                "未发生较大以上安全生产事故",
                "0起",
                "0起",
                30,
                28.5,
                "偏差说明",
            ],
            [],  # a spacer row inside the table
            [
                None,
                "满意度\n指标\n（10 分）",
                "服务对象\n满意度指\n标",
                "企业及广大居民满意度",
                "90%",
                0.9,
                10,
                10,
            ],
            ["总分", None, None, None, None, None, 100, 98.5],
            [FOOTER],
        ],
    )
    ws["G5"].number_format = "0%"
    ws["F19"].number_format = "0%"
    ws.merge_cells("A4:A10")
    ws.merge_cells("B14:B16")
    ws.merge_cells("C14:C15")
    ws.merge_cells("B11:E11")
    ws.merge_cells("B12:E12")


def _form3(ws) -> None:  # type: ignore[no-untyped-def]
    _rows(
        ws,
        1,
        [
            ["2023 年度项目支出绩效自评表"],
            ["项目支出名称", "业务工作经费"],
            ["主管部门", "岳阳楼区政府", "实施单位", "岳阳楼区应急局"],
            [
                "项目资金（万元）",
                None,
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "自评得分",
            ],
            [None, "年度资金总额", 83, 74.99, 74.99, 10, "90%", 10],
            [None, "其中：当年财政拨款", "８３", "74.99万元", 74.99, 10, "90%", 10],
            [None, "上年结转资金"],
            [None, "其他资金"],
            ["年度总体目标", "预期目标", None, None, None, "实际完成情况"],
            [None, "1.完成年度罚没任务\n2.加强应急救援队伍建设", None, None, None, "已完成"],
            [
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "自评得分",
                "偏差原因分析及改进措施",
            ],
            [None, "产出指标(50分)", "数量指标", "有效应对灾害天气", "≤≤15轮", "=15轮", 10, 10],
            [None, "效益指标（30分）", "生态效\n益指标"],  # a heading with no indicator under it
            ["总分", None, None, None, None, None, 100, 100],
            [FOOTER],
        ],
    )


@pytest.fixture(scope="module")
def clerk_workbook() -> bytes:
    wb = openpyxl.Workbook()
    _form1(wb.active)
    wb.active.title = "附件 1"
    _form2(wb.create_sheet("Sheet1"))
    _form3(wb.create_sheet("附件3"))
    return _save(wb)


@pytest.fixture(scope="module")
def imported(clerk_workbook: bytes) -> model.Package:
    return read_workbook(clerk_workbook, "自评表.xlsx")


def test_unit_staff_and_year(imported: model.Package) -> None:
    assert imported.fiscal_year == 2023
    assert imported.unit.name == "岳阳楼区应急管理局"
    assert (imported.unit.staff_authorized, imported.unit.staff_actual) == (49, 47)
    assert imported.unit.control_rate_entered == Decimal("100")


def test_basic_rows_by_label_in_any_order(imported: model.Package) -> None:
    rows = imported.basic.rows
    assert (rows["sangong"].prev, rows["sangong"].budget, rows["sangong"].actual) == (
        Decimal("4.8"),
        Decimal("3.3"),
        Decimal("2.98"),
    )
    assert rows["car_running"].prev == Decimal("4.8")  # "4.8万元"
    assert rows["project"].actual == Decimal("1194.60")  # "1,194.60" as text keeps its decimals
    assert rows["public_office"].actual == Decimal("5.67")  # 公用经费 rows came before 项目支出
    assert rows["public_utilities"].budget == Decimal("10.5")
    assert rows["basic_adjust"].actual == Decimal("0")


def test_special_and_transfer_lines(imported: model.Package) -> None:
    special = imported.basic.special
    assert [(s.name, s.prev, s.actual) for s in special] == [
        ("安全隐患整治", Decimal("196.41"), Decimal("83.7")),
        ("仓田消防站", Decimal("263.41"), Decimal("809.11")),  # full-width digits; the spacer row is skipped
    ]
    assert [(t.name, t.actual) for t in imported.basic.transfer] == [
        ("2023年省级安全生产预防及应急专项", Decimal("10"))
    ]


def test_building_frugality_and_footer(imported: model.Package) -> None:
    b = imported.basic.building
    assert (b.approved_area, b.actual_area) == (Decimal("1200"), Decimal("1150"))
    assert b.area_rate_entered == Decimal("95.83")  # 0.9583 with a % format
    assert (b.budget_invest, b.actual_invest) == (Decimal("300"), Decimal("280"))
    assert b.invest_rate_entered == Decimal("93.33")
    assert imported.basic.frugality == "严格执行公务接待标准"
    f = imported.footer
    assert (f.leader, f.preparer, f.phone, f.date) == ("张三", "李四", "0730-8888888", _dt.date(2024, 5, 6))


def test_overall_funding(imported: model.Package) -> None:
    of = imported.overall_funding
    t = of.total
    assert (t.initial, t.full, t.executed) == (Decimal("805.63"), Decimal("1818.34"), Decimal("1818.34"))
    assert (t.weight_entered, t.rate_entered, t.score_entered) == (
        Decimal("10"),
        Decimal("100"),
        Decimal("10"),
    )
    assert (of.income_total, of.income_general, of.income_fund, of.income_nontax, of.income_other) == (
        Decimal("1818.34"),
        Decimal("1812.08"),
        None,
        None,
        Decimal("6.26"),
    )
    assert (of.expend_total, of.expend_basic, of.expend_project) == (
        Decimal("1818.34"),
        Decimal("623.74"),
        Decimal("1194.6"),
    )


def test_overall_indicators_with_merged_levels(imported: model.Package) -> None:
    perf = imported.overall
    assert perf.goal_expected == "认真落实“打好安全生产翻身仗”总体要求。" and perf.goal_actual == "已完成"
    got = [
        (i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score_entered) for i in perf.indicators
    ]
    assert got == [
        ("产出指标", "数量指标", "排查各类安全隐患个数", "≤3755个", "=3755个", Decimal("10"), Decimal("10")),
        ("产出指标", "数量指标", "一般安全生产事故起数", "≤1起", "1起", Decimal("10"), Decimal("10")),
        (
            "产出指标",
            "质量指标",
            "市级安全生产和消防工作的优秀单位",
            "2023年",
            "已完成",
            Decimal("30"),
            Decimal("30"),
        ),
        (
            "效益指标",
            "经济效益指标",
            "未发生较大以上安全生产事故",
            "0起",
            "0起",
            Decimal("30"),
            Decimal("28.5"),
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "企业及广大居民满意度",
            "90%",
            "90%",
            Decimal("10"),
            Decimal("10"),
        ),
    ]
    assert perf.indicators[3].deviation == "偏差说明"
    assert (perf.total_weight_entered, perf.total_score_entered) == (Decimal("100"), Decimal("98.5"))


def test_project_sheet(imported: model.Package) -> None:
    (p,) = imported.projects
    assert (p.name, p.department, p.implementer) == ("业务工作经费", "岳阳楼区政府", "岳阳楼区应急局")
    assert p.id == "p1"
    assert p.funding.total.rate_entered == Decimal("90")
    c = p.funding.current
    assert (c.initial, c.full, c.weight_entered, c.rate_entered) == (
        Decimal("83"),
        Decimal("74.99"),
        Decimal("10"),
        Decimal("90"),
    )
    assert p.funding.carryover == model.FundingRow()
    assert p.performance.goal_expected == "1.完成年度罚没任务\n2.加强应急救援队伍建设"
    inds = p.performance.indicators
    assert [(i.level1, i.level2, i.name, i.target) for i in inds] == [
        ("产出指标", "数量指标", "有效应对灾害天气", "≤≤15轮"),  # kept as typed, for the checks to flag
        ("效益指标", "生态效益指标", "", ""),
    ]


def test_without_a_report_sheet_the_report_is_the_standard_outline(imported: model.Package) -> None:
    assert imported.report == model.standard_report()
    assert imported.ruleset_id == "mof2020"


def _bad_form1() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件1"
    _rows(
        ws,
        1,
        [
            ["2023年度预算单位整体支出绩效评价基础数据表"],
            ["预算单位名称", "某局"],
            ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"],
            ["三公经费", 1, 2, "=D5+D6"],  # a formula in a computed total: the computation replaces it
            ["2、出国经费", 1, 1, "=B5+C5"],
            ["3、公务接待", 0, 1, 1],
            ["项目支出：", 1, 1, 1],
            ["1、业务工作经费", 1, 1, 1],
            ["公用经费", "1.2.3", "abc", "12.3.4"],
            ["合计", 1, 1, 1],
        ],
    )
    return _save(wb)


def test_every_bad_cell_is_reported_and_nothing_is_imported() -> None:
    with pytest.raises(ImportProblems) as info:
        read_workbook(_bad_form1(), "坏表.xlsx")
    problems = info.value.problems
    assert problems[0] == "附件1!D5：金额单元格含有公式，请粘贴为数值"
    assert problems[1].startswith("附件1!B9：“1.2.3”不是有效的金额")
    assert problems[2].startswith("附件1!C9：“abc”不是有效的金额")
    assert problems[3].startswith("附件1!D9：“12.3.4”不是有效的金额")
    assert problems[4] == "附件1!A10：无法识别的行“合计”（附件1中没有这一行）"
    assert len(problems) == 5
    message = str(info.value)
    assert message.startswith("无法导入“坏表.xlsx”：有5处内容无法识别") and "附件1!D9" in message


def test_formula_in_a_computed_total_counts_as_not_entered() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_bad_form1()))
    ws = wb["附件1"]
    ws["D5"], ws["B9"], ws["C9"], ws["D9"] = 2, 1, 1, 1
    ws.delete_rows(10)
    pkg = read_workbook(_save(wb))
    assert pkg.basic.rows["sangong"].actual is None
    assert pkg.basic.rows["abroad"].actual == Decimal("2")


def test_a_workbook_without_forms_is_refused() -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "工资表"
    with pytest.raises(Exception) as info:
        read_workbook(_save(wb))
    assert "没有找到自评表格" in str(info.value)
    assert not isinstance(info.value, ImportProblems)


@pytest.mark.parametrize(
    ("name", "title", "kind"),
    [
        ("附件 1", "", "form1"),
        ("附件1 基础数据表", "", "form1"),
        ("附件２", "", "form2"),
        ("附件3-业务工作经费", "", "form3"),
        ("Sheet1", "2023 年度预算单位整体支出绩效评价基础数据表", "form1"),
        ("Sheet2", "2023年度部门整体支出绩效自评表", "form2"),
        ("附件2", "2023 年度项目支出绩效自评表", "form3"),  # the title wins over a mistaken name
        ("工资表", "2023年工资", "other"),
    ],
)
def test_sheets_are_told_apart_by_title_then_name(name: str, title: str, kind: str) -> None:
    from evaldesk.export.xlsx.reader import classify
    from evaldesk.export.xlsx.sheetdata import RawCell, SheetData

    cells = {(1, 1): RawCell(1, 1, title)} if title else {}
    assert classify(SheetData(name=name, cells=cells)) == kind
