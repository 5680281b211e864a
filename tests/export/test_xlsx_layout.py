"""The exported workbook as Excel sees it: sheets, numbers, formats, merges, fonts, page setup."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from evaldesk.core import model, sample
from evaldesk.core.checks import run_checks
from evaldesk.export.xlsx import render
from evaldesk.export.xlsx.sheetwriter import mm_to_width
from evaldesk.export.xlsx.writer import sheet_names


@pytest.fixture(scope="module")
def wb() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(sample.load_sample())))


def test_sheets_in_order_and_the_data_sheet_hidden(wb: openpyxl.Workbook) -> None:
    assert wb.sheetnames == [
        "附件1",
        "附件2",
        "附件3-业务工作经费",
        "单位信息",
        "自评报告",
        "审核结果",
        "EvalDesk数据",
    ]
    assert [wb[n].sheet_state for n in wb.sheetnames] == ["visible"] * 6 + ["hidden"]


def test_project_sheet_names_are_valid_and_unique() -> None:
    pkg = model.Package(fiscal_year=2023)
    for i, name in enumerate(["a/b:c*d?e[f]g\\h", "很长的项目名称" * 6, "很长的项目名称" * 6, "", "附件1"]):
        pkg.projects.append(model.Project(id=f"p{i}", name=name))
    names = sheet_names(pkg)[2:]
    assert names[0] == "附件3-a_b_c_d_e_f_g_h"
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert names[2].endswith("(2)") and names[3] == "附件3-项目4"


def test_titles_and_merged_headers(wb: openpyxl.Workbook) -> None:
    ws = wb["附件1"]
    assert ws["A1"].value == "附件1"
    assert ws["A2"].value == "2023年度预算单位整体支出绩效评价基础数据表"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A2:G2" in merged  # the title across the table
    assert "A4:A5" in merged  # 财政供养人员情况（人） spans its two rows
    assert ws["B4"].value == "编制数" and "B4:C4" in merged
    assert ws["A4"].font.name == "宋体" and ws["A2"].font.name == "黑体" and ws["A2"].font.b
    assert ws["B7"].border.left.style == "thin" and ws["A4"].alignment.wrap_text


def test_column_widths_follow_the_grid(wb: openpyxl.Workbook) -> None:
    from evaldesk.export.forms.basic import COL_WIDTHS

    ws = wb["附件1"]
    assert [ws.column_dimensions[c].width for c in "ABCDEFG"] == [mm_to_width(mm) for mm in COL_WIDTHS]


def test_amounts_are_numbers_with_two_decimals(wb: openpyxl.Workbook) -> None:
    ws = wb["附件1"]
    assert ws["A8"].value == "1、公务用车购置和维护经费"
    cell = ws["B8"]  # 2022年决算数 4.8
    assert cell.data_type == "n" and cell.value == 4.8 and cell.number_format == "0.00"
    ws2 = wb["附件2"]
    assert (ws2["E5"].value, ws2["E5"].number_format) == (1818.34, "0.00")


def test_rates_store_the_ratio_with_a_percent_format(wb: openpyxl.Workbook) -> None:
    ws = wb["附件1"]
    rate = ws["F5"]  # 控制率 47 ÷ 49, computed (the sample typed 100%)
    assert rate.value == pytest.approx(0.9592) and rate.number_format == "0.00%"
    ws3 = wb["附件3-业务工作经费"]
    assert ws3["H6"].value == 1 and ws3["H6"].number_format == "0.00%"  # 74.99 ÷ 74.99


def test_no_number_is_stored_as_text(wb: openpyxl.Workbook) -> None:
    from evaldesk.core import money
    from evaldesk.core.errors import InputError

    pkg = sample.load_sample()
    inds = pkg.overall.indicators + [i for p in pkg.projects for i in p.performance.indicators]
    raw = {t for i in inds for t in (i.target, i.actual)}  # indicator values are the clerk's raw text
    for name in wb.sheetnames[:3]:
        for row in wb[name].iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value not in raw:
                    try:
                        money.parse_amount(c.value)
                    except InputError:
                        continue
                    raise AssertionError(f"{name}!{c.coordinate} holds the number {c.value!r} as text")


def test_page_setup_prints_whole_pages(wb: openpyxl.Workbook) -> None:
    for name in wb.sheetnames[:3]:
        ws = wb[name]
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert ws.print_area and ws.print_title_rows
    assert wb["附件1"].print_title_rows == "$6:$6"  # 经费控制情况 header row
    assert wb["附件1"].print_area == "'附件1'!$A$1:$G$45"  # 说明, the 控制率 note, the footer
    assert wb["附件1"]["A45"].value.startswith("单位负责人签字：")  # the footer is the last printed row
    assert wb["附件1"]["A43"].value.startswith("说明：")


def test_text_that_looks_like_a_formula_stays_text() -> None:
    pkg = sample.load_sample()
    pkg.overall.indicators[0].target = "=SUM(A1:A2)"
    ws = openpyxl.load_workbook(io.BytesIO(render(pkg)))["附件2"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1:A2)"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_review_sheet_lists_the_findings(wb: openpyxl.Workbook) -> None:
    findings = run_checks(sample.load_sample())
    ws = wb["审核结果"]
    assert [c.value for c in ws[2]] == ["序号", "严重程度", "规则", "问题说明", "位置"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(findings) > 0
    assert rows[0][2] == findings[0].rule_id and rows[0][3] == findings[0].message


def test_unit_and_report_sheets(wb: openpyxl.Workbook) -> None:
    ws = wb["单位信息"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True) if r[0]}
    assert values["主管部门"] == "岳阳楼区政府"
    assert values["封面日期"].date().isoformat() == "2024-05-06"
    assert values["行政编制"] == 13
    report = wb["自评报告"]
    assert [c.value for c in report[3]][:2] == ["章", "一、单位基本情况"]
    assert report["B4"].value == "（一）职能职责" and report["A4"].value == "节"


def test_amount_decimals_are_never_hidden() -> None:
    pkg = sample.load_sample()
    pkg.basic.rows["public_office"].actual = Decimal("89.974")
    ws = openpyxl.load_workbook(io.BytesIO(render(pkg)))["附件1"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == 89.974)
    assert cell.number_format == "0.000"
