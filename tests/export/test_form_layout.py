"""The shared form grids (附件1, 附件2, 附件3): layout, spans, printed figures and the footer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from evaldesk.core import model, scoring
from evaldesk.core.sample import load_sample
from evaldesk.export import form_layout, forms
from evaldesk.export.forms.common import resolve


@pytest.fixture(scope="module")
def pkg() -> model.Package:
    return load_sample()


def _sheet_or_none(pkg: model.Package) -> scoring.ScoreSheet:
    return scoring.score_package(pkg)


def _find(g: form_layout.Grid, text: str) -> form_layout.Cell:
    for c in g.cells:
        if c.text == text:
            return c
    raise AssertionError(f"no cell {text!r} in {g.label}")


def _row_texts(g: form_layout.Grid, row: int) -> list[str]:
    return [c.text for c in g.rows()[row]]


def test_every_position_is_covered_exactly_once(pkg: model.Package) -> None:
    for g in forms.all_forms(pkg, _sheet_or_none(pkg)):
        seen: dict[tuple[int, int], str] = {}
        for c in g.cells:
            assert c.last_col < g.n_cols, (g.label, c)
            for r in range(c.row, c.last_row + 1):
                for col in range(c.col, c.last_col + 1):
                    assert (r, col) not in seen, (g.label, c, seen.get((r, col)))
                    seen[(r, col)] = c.text
        assert len(seen) == g.n_rows * g.n_cols, g.label
        assert sum(g.col_widths) == form_layout.PORTRAIT_WIDTH_MM


def test_form1_blocks_in_order(pkg: model.Package) -> None:
    g = forms.form1(pkg, None)
    assert (g.label, g.title) == ("附件1", "2023年度预算单位整体支出绩效评价基础数据表")
    assert _row_texts(g, 0) == ["预算单位名称", "岳阳楼区应急管理局"]
    staff = _find(g, "财政供养人员情况（人）")
    assert (staff.rowspan, staff.role) == (2, "block")
    assert _row_texts(g, 1)[1:] == ["编制数", "2023年实际在职人数", "控制率"]
    assert _row_texts(g, 2) == ["49", "47", "95.92%"]  # 47 ÷ 49, computed
    rate = g.rows()[2][2]
    assert (rate.role, rate.value, rate.entered) == ("computed", Decimal("95.92"), Decimal("100"))
    assert _row_texts(g, 3) == ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"]
    assert g.repeat_rows == (3,)
    labels = [c.text for c in g.cells if c.col == 0]
    order = ["三公经费", "1、公务用车购置和维护经费", "项目支出：", model.SPECIAL_HEADING, "安全隐患整治",
             "其他支出", model.TRANSFER_HEADING, "2023年省级安全生产预防及应急专项", "公用经费",
             "部门基本支出预算调整", "楼堂馆所控制情况（2023年完工项目）", "厉行节约保障措施"]  # fmt: skip
    assert [labels.index(t) for t in order] == sorted(labels.index(t) for t in order)
    project = _find(g, "项目支出：")
    # 项目支出 Y决算 is the sum of its lines (1,194.57); the form's 1194.6 rides along as entered.
    assert _row_texts(g, project.row) == ["项目支出：", "923.80", "83.00", "1,194.57"]
    amount = g.rows()[project.row][3]
    assert (amount.value, amount.fmt, amount.align, amount.role) == (
        Decimal("1194.57"),
        "amount",
        "right",
        "computed",
    )
    assert amount.entered == Decimal("1194.6")
    assert g.rows()[project.row][1].entered is None  # 923.80 agrees with its lines
    assert _row_texts(g, _find(g, "批复规模（m²）").row + 1) == [
        "0.00",
        "0.00",
        "0.00%",
        "0.00",
        "0.00",
        "0.00%",
    ]
    assert g.notes and "公用经费" in g.notes[0]
    assert [f.label for f in g.footer] == ["单位负责人签字：", "填表人：", "联系电话：", "填报日期："]


def test_form2_funding_and_indicators(pkg: model.Package) -> None:
    g = forms.form2(pkg, _sheet_or_none(pkg))
    assert g.title == "2023年度预算单位整体支出绩效自评表"
    total = _find(g, "年度资金总额")
    assert _row_texts(g, total.row) == [
        "年度资金总额",
        "805.63",
        "1,818.34",
        "1,818.34",
        "10.00",
        "100.00%",
        "10.00",
    ]
    assert _row_texts(g, total.row + 2) == ["其中：一般公共预算", "1,812.08", "其中：基本支出", "623.74"]
    head = _find(g, "一级指标")
    assert g.repeat_rows == (head.row,)
    block = _find(g, "绩效指标")
    assert block.rowspan == 1 + len(pkg.overall.indicators)
    out = _find(g, "产出指标（50分）")
    assert (out.rowspan, out.col) == (6, 1)
    assert _find(g, "效益指标（30分）").rowspan == 3
    assert _find(g, "满意度指标（10分）").rowspan == 1
    assert _find(g, "数量指标").rowspan == 2
    row = _find(g, "排查各类安全隐患个数").row
    assert [c.text for c in g.rows()[row]][-5:] == ["≤3755个", "=3755个", "10.00", "10.00", ""]
    tot = _find(g, "总分")
    assert _row_texts(g, tot.row) == ["总分", "100.00", "100.00", ""]


def test_form3_blank_rows_print_and_stray_scores_are_carried(pkg: model.Package) -> None:
    p = pkg.projects[0]
    g = forms.form3(pkg, p, _sheet_or_none(pkg))
    assert (g.label, g.name) == ("附件3", "业务工作经费")
    assert _row_texts(g, 1) == ["主管部门", "岳阳楼区政府", "实施单位", "岳阳楼区应急局"]
    cur = _find(g, "其中：当年财政拨款")
    cells = g.rows()[cur.row]
    assert [c.text for c in cells][:4] == ["其中：当年财政拨款", "83.00", "74.99", "74.99"]
    weight, score = cells[4], cells[6]
    assert (weight.text, weight.entered) == ("", Decimal("10"))  # 分值 only on 年度资金总额 (R12)
    assert (score.text, score.entered) == ("", Decimal("10"))
    assert (cells[5].text, cells[5].entered) == ("100.00%", Decimal("90"))  # 74.99 ÷ 74.99, typed 90%
    total = _find(g, "总分")
    weights = g.rows()[total.row][1]
    assert (weights.text, weights.entered) == ("105.00", Decimal("100"))  # 10 + Σ 分值 95, printed 100
    eco = _find(g, "生态效益指标")  # a 二级 heading with no indicator still prints its row
    assert all(c.text == "" for c in g.rows()[eco.row][1:])
    sat = _find(g, "满意度指标（10分）")
    assert sat.rowspan == 3
    assert _find(g, "服务对象满意度指标").rowspan == 3
    goals = _find(g, p.performance.goal_expected)
    assert goals.text.count("\n") == 2


def test_footer_filled_with_values() -> None:
    pkg = load_sample()
    pkg.footer = model.Footer(
        leader="王主任", preparer="李会计", phone="0730-1234567", date=dt.date(2024, 5, 6)
    )
    g = forms.form2(pkg, None)
    assert (
        g.footer_line()
        == "单位负责人签字：王主任  填表人：李会计  联系电话：0730-1234567  填报日期：2024年5月6日"
    )


def test_computed_value_wins_and_entered_is_kept() -> None:
    assert resolve(Decimal("95.92"), Decimal("100")) == (Decimal("95.92"), Decimal("100"))
    assert resolve(Decimal("100.00"), Decimal("100")) == (Decimal("100.00"), None)
    assert resolve(None, Decimal("7")) == (Decimal("7"), None)
    assert resolve(None, None) == (None, None)


def test_formats() -> None:
    assert form_layout.format_date_cn(dt.date(2024, 5, 6)) == "2024年5月6日"
    assert form_layout.format_number(Decimal("10"), "score") == "10.00"  # as the window shows it
    assert form_layout.format_number(Decimal("8.5"), "score") == "8.50"
    assert form_layout.format_number(Decimal("8.333"), "score") == "8.333"
    assert form_layout.format_number(Decimal("12"), "int") == "12"
    assert form_layout.format_number(Decimal("89.974"), "amount") == "89.974"
    assert form_layout.format_number(Decimal("1818.34"), "amount") == "1,818.34"
    assert form_layout.format_number(Decimal("99.5"), "percent") == "99.50%"
