"""整体支出 funding block: amounts, the computed 执行率 and totals, and the goals."""

from __future__ import annotations

from decimal import Decimal

from evaldesk.ui.models.grid_model import MISMATCH_ROLE
from tests.ui.helpers import type_cell


def test_execution_rate_computed_and_flagged(qtbot, sample_window):
    ws = sample_window.workspace
    ws.go_to(2)
    page = ws.page(2)
    m = page.total_model
    rate = m.index(0, 5)
    assert rate.data() == "100.00%" and rate.data(MISMATCH_ROLE) is False
    type_cell(qtbot, page.total, m.index(0, 3), "1,636.51")
    funding = sample_window.session.package.overall_funding
    assert funding.total.executed == Decimal("1636.51")
    assert rate.data() == "90.00%"  # 1636.51 ÷ 1818.34
    assert rate.data(MISMATCH_ROLE) is True  # the printed 100% no longer agrees
    page.total.setCurrentIndex(rate)
    page.adopt_current()
    assert funding.total.rate_entered == Decimal("90.00")


def test_income_split_total_is_computed(qtbot, sample_window):
    ws = sample_window.workspace
    ws.go_to(2)
    page = ws.page(2)
    m = page.income_model
    assert m.index(0, 1).data() == "1,818.34"
    type_cell(qtbot, page.views[1], m.index(2, 1), "１０")  # 政府性基金拨款
    assert sample_window.session.package.overall_funding.income_fund == Decimal("10")
    assert m.index(0, 1).data() == "1,828.34"
    assert m.index(0, 1).data(MISMATCH_ROLE) is True
