"""附件1 区级专项 / 上级转移支付 lines: add, name, remove, reorder — each one undo step; F2 edits."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from tests.ui.helpers import basic_page, cell_index, type_cell


def names(window, which="special"):  # type: ignore[no-untyped-def]
    return [ln.name for ln in getattr(window.session.package.basic, which)]


def test_add_name_and_fill_a_special_line(qtbot, sample_window):
    page = basic_page(sample_window)
    m = page.grid_model
    n = len(names(sample_window))
    # With the 区级专项 heading selected the new line goes first in that list, its name being edited.
    page.grid.setCurrentIndex(m.index(m.row_of("special", -1), 0))
    qtbot.mouseClick(page.add_special, Qt.MouseButton.LeftButton)
    assert len(names(sample_window)) == n + 1
    row = m.row_of("special", 0)
    editor = page.grid.indexWidget(m.index(row, 0))
    assert editor is not None  # ready for the name
    from tests.ui.helpers import commit_text

    commit_text(editor, "森林防火专项")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    type_cell(qtbot, page.grid, m.index(row, 3), "12.5")
    line = sample_window.session.package.basic.special[0]
    assert (line.name, line.actual) == ("森林防火专项", Decimal("12.5"))
    # The project total now includes it.
    assert cell_index(page, "project", 3).data() == "1,207.07"
    assert sample_window.undo_action.text() == "撤销“修改附件1“森林防火专项”2023年决算数”"


def test_remove_and_move_lines_are_undoable(qtbot, sample_window):
    page = basic_page(sample_window)
    m = page.grid_model
    first, second = names(sample_window)[:2]
    page.grid.setCurrentIndex(m.index(m.row_of("special", 0), 1))
    assert page.up_btn.isEnabled() is False and page.down_btn.isEnabled()
    qtbot.mouseClick(page.down_btn, Qt.MouseButton.LeftButton)
    assert names(sample_window)[:2] == [second, first]
    assert m.info(page.grid.currentIndex().row()).pos == 1  # the selection follows the line
    assert sample_window.undo_action.text() == f"撤销“下移“{first}””"
    qtbot.mouseClick(page.remove_btn, Qt.MouseButton.LeftButton)
    assert first not in names(sample_window)
    sample_window.undo_action.trigger()
    sample_window.undo_action.trigger()
    assert names(sample_window)[:2] == [first, second]


def test_context_menu_has_row_actions(qtbot, sample_window):
    page = basic_page(sample_window)
    m = page.grid_model
    idx = m.index(m.row_of("transfer", 0), 1)
    page.grid.setCurrentIndex(idx)
    menu = page.grid.build_menu(idx)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:4] == ["采用计算值", "复制", "粘贴", "清除"]
    assert {"添加区级专项", "添加上级转移支付", "删除所选行", "上移", "下移"} <= set(texts)
    before = len(names(sample_window, "transfer"))
    next(a for a in menu.actions() if a.text() == "添加上级转移支付").trigger()
    assert len(names(sample_window, "transfer")) == before + 1


def test_f2_edits_keeping_the_value(qtbot, sample_window):
    page = basic_page(sample_window)
    idx = cell_index(page, "public_meeting", 3)
    page.grid.setCurrentIndex(idx)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_F2)
    editor = page.grid.indexWidget(idx)
    assert editor is not None and editor.text() == "0.71"
    editor.end(False)
    qtbot.keyClicks(editor, "5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert sample_window.session.package.basic.rows["public_meeting"].actual == Decimal("0.715")
    assert idx.data() == "0.715"  # an entered third decimal is never hidden
