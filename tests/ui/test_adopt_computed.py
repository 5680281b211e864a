"""Computed cells: grey, not typable; a disagreeing entered value is marked and 采用计算值 fixes it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from evaldesk.ui.models.grid_model import COMPUTED_BG, MISMATCH_ROLE
from tests.ui.helpers import basic_page, cell_index, type_cell


def test_project_total_mismatch_marked_and_adopted(qtbot, sample_window):
    page = basic_page(sample_window)
    idx = cell_index(page, "project", 3)
    assert idx.data(MISMATCH_ROLE) is True
    assert idx.data() == "1,194.57"  # the computation is shown; the entered 1194.6 is in the tooltip
    tip = idx.data(Qt.ItemDataRole.ToolTipRole)
    assert "计算值：1,194.57" in tip and "填报值：1,194.60" in tip
    assert idx.data(Qt.ItemDataRole.BackgroundRole).color() == COMPUTED_BG
    assert not (page.grid_model.flags(idx) & Qt.ItemFlag.ItemIsEditable)
    menu = page.grid.build_menu(idx)
    adopt = next(a for a in menu.actions() if a.text() == "采用计算值")
    assert adopt.isEnabled()
    adopt.trigger()
    pkg = sample_window.session.package
    assert pkg.basic.rows["project"].actual == Decimal("1194.57")
    assert idx.data(MISMATCH_ROLE) is False
    assert sample_window.undo_action.text() == "撤销“采用计算值：附件1“项目支出”2023年决算数改为1,194.57”"
    sample_window.undo_action.trigger()
    assert pkg.basic.rows["project"].actual == Decimal("1194.6")
    assert idx.data(MISMATCH_ROLE) is True


def test_sangong_adopt_with_button(qtbot, sample_window):
    page = basic_page(sample_window)
    idx = cell_index(page, "sangong", 3)
    assert idx.data(MISMATCH_ROLE) is False  # 2.93 + 0 + 0.05 = 2.98 as entered
    type_cell(qtbot, page.grid, cell_index(page, "abroad", 3), "1")
    assert idx.data() == "3.98"
    assert idx.data(MISMATCH_ROLE) is True
    page.grid.setCurrentIndex(idx)
    assert page.adopt_btn.isEnabled()
    qtbot.mouseClick(page.adopt_btn, Qt.MouseButton.LeftButton)
    assert sample_window.session.package.basic.rows["sangong"].actual == Decimal("3.98")
    assert idx.data(MISMATCH_ROLE) is False
    assert not page.adopt_btn.isEnabled()


def test_control_rate_adopt_on_unit_page(qtbot, sample_window):
    ws = sample_window.workspace
    ws.go_to(0)
    page = ws.page(0)
    idx = page.staffing_model.index(0, 2)
    assert idx.data() == "95.92%"
    assert idx.data(MISMATCH_ROLE) is True  # the sample printed 100%
    assert "填报值：100.00%" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert page.staffing.adopt_computed(idx)
    assert sample_window.session.package.unit.control_rate_entered == Decimal("95.92")
    assert idx.data(MISMATCH_ROLE) is False
    # Changing 实际在职人数 recomputes the rate at once.
    type_cell(qtbot, page.staffing, page.staffing_model.index(0, 1), "49")
    assert idx.data() == "100.00%"
    assert idx.data(MISMATCH_ROLE) is True
