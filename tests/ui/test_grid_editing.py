"""Editing the 附件1 grid like Excel: typing, refusals, Delete, paste, undo/redo — and it is saved."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from evaldesk.core.storage import Draft
from tests.ui.helpers import basic_page, cell_index, type_cell


def test_typing_amounts_plain_grouped_and_fullwidth(qtbot, sample_window):
    page = basic_page(sample_window)
    rows = sample_window.session.package.basic.rows
    type_cell(qtbot, page.grid, cell_index(page, "abroad", 1), "12.5")
    assert rows["abroad"].prev == Decimal("12.5")
    type_cell(qtbot, page.grid, cell_index(page, "abroad", 2), "1,234.5")
    assert rows["abroad"].budget == Decimal("1234.5")
    type_cell(qtbot, page.grid, cell_index(page, "abroad", 3), "１２３．４")
    assert rows["abroad"].actual == Decimal("123.4")
    assert cell_index(page, "abroad", 3).data() == "123.40"
    # Typing replaces: the old value is gone, not appended to.
    type_cell(qtbot, page.grid, cell_index(page, "abroad", 1), "7")
    assert rows["abroad"].prev == Decimal("7")
    # Enter moved down a row each time.
    assert page.grid.currentIndex() == cell_index(page, "reception", 1)


def test_tab_moves_right(qtbot, sample_window):
    page = basic_page(sample_window)
    type_cell(qtbot, page.grid, cell_index(page, "abroad", 1), "1", key=Qt.Key.Key_Tab)
    assert page.grid.currentIndex() == cell_index(page, "abroad", 2)


def test_bad_amount_refused_with_message_nothing_stored(qtbot, sample_window):
    page = basic_page(sample_window)
    rows = sample_window.session.package.basic.rows
    before = rows["reception"].actual
    depth = sample_window.session.undo_stack.count()
    type_cell(qtbot, page.grid, cell_index(page, "reception", 3), "12a")
    assert rows["reception"].actual == before
    assert sample_window.session.undo_stack.count() == depth
    assert "“12a”不是有效的金额" in page.grid.last_message
    assert "附件1“3、公务接待”2023年决算数" in page.grid.last_message
    assert "“12a”不是有效的金额" in sample_window.statusBar().currentMessage()
    # The editor stays open with the text so the clerk can correct it.
    editor = page.grid.indexWidget(cell_index(page, "reception", 3))
    assert editor is not None and editor.isVisible() and editor.text() == "12a"
    editor.selectAll()
    qtbot.keyClicks(editor, "0.06")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert rows["reception"].actual == Decimal("0.06")


def test_delete_clears_to_blank(qtbot, sample_window):
    page = basic_page(sample_window)
    idx = cell_index(page, "public_office", 3)
    page.grid.setCurrentIndex(idx)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    assert sample_window.session.package.basic.rows["public_office"].actual is None
    assert idx.data() == ""
    assert sample_window.undo_action.text() == "撤销“清除附件1“其中：办公经费”2023年决算数”"


def test_computed_cell_not_typable(qtbot, sample_window):
    page = basic_page(sample_window)
    idx = cell_index(page, "sangong", 3)
    page.grid.setCurrentIndex(idx)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, "5")
    assert sample_window.session.package.basic.rows["sangong"].actual == Decimal("2.98")
    assert "自动计算" in page.grid.last_message


def test_paste_block_is_one_undo_step(qtbot, sample_window):
    page = basic_page(sample_window)
    session = sample_window.session
    rows = session.package.basic.rows
    page.grid.setCurrentIndex(cell_index(page, "car_purchase", 1))
    depth = session.undo_stack.count()
    assert page.grid.paste("1\t2\t3\r\n4.5\t５\t1,000\r\n")
    assert (rows["car_purchase"].prev, rows["car_purchase"].budget, rows["car_purchase"].actual) == (
        Decimal("1"),
        Decimal("2"),
        Decimal("3"),
    )
    assert (rows["car_running"].prev, rows["car_running"].budget, rows["car_running"].actual) == (
        Decimal("4.5"),
        Decimal("5"),
        Decimal("1000"),
    )
    assert session.undo_stack.count() == depth + 1
    assert sample_window.undo_action.text() == "撤销“粘贴6个单元格”"
    # 公务用车 is computed from the pasted rows.
    assert cell_index(page, "car", 3).data() == "1,003.00"
    sample_window.undo_action.trigger()
    assert rows["car_purchase"].prev == Decimal("0") and rows["car_running"].actual == Decimal("2.93")
    sample_window.redo_action.trigger()
    assert rows["car_running"].actual == Decimal("1000")


def test_paste_with_bad_cells_refused_whole(qtbot, sample_window, monkeypatch):
    page = basic_page(sample_window)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    rows = sample_window.session.package.basic.rows
    page.grid.setCurrentIndex(cell_index(page, "car_purchase", 1))
    depth = sample_window.session.undo_stack.count()
    assert not page.grid.paste("1\tabc\t3\n4\t5\t6元\n")
    assert rows["car_purchase"].prev == Decimal("0")
    assert sample_window.session.undo_stack.count() == depth
    assert len(shown) == 1
    assert "有2处无法识别" in shown[0]
    assert "“abc”不是有效的金额" in shown[0] and "6元" in shown[0]


def test_copy_block_as_tsv(qtbot, sample_window):
    page = basic_page(sample_window)
    grid = page.grid
    top, bottom = cell_index(page, "car_purchase", 0), cell_index(page, "car_running", 3)
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    grid.selectionModel().select(
        QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    text = grid.copy_selection()
    assert text == "其中：公车购置\t0\t0\t0\r\n公车运行维护\t4.8\t3\t2.93\r\n"
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == text


def test_edits_are_saved_to_the_file(qtbot, sample_window):
    page = basic_page(sample_window)
    path = sample_window.session.path
    type_cell(qtbot, page.grid, cell_index(page, "abroad", 3), "１２３．４")
    page.grid.setCurrentIndex(cell_index(page, "car_purchase", 1))
    page.grid.paste("1\t2\t3\n")
    sample_window.undo_action.trigger()
    sample_window.redo_action.trigger()
    type_cell(qtbot, page.grid, cell_index(page, "public_meeting", 2), "1,234.5")
    sample_window.undo_action.trigger()
    sample_window.close()
    draft = Draft.open(path)
    try:
        rows = draft.package.basic.rows
        assert rows["abroad"].actual == Decimal("123.4")
        assert (rows["car_purchase"].prev, rows["car_purchase"].budget, rows["car_purchase"].actual) == (
            Decimal("1"),
            Decimal("2"),
            Decimal("3"),
        )
        assert rows["public_meeting"].budget == Decimal("1.8")  # undone
    finally:
        draft.close()
