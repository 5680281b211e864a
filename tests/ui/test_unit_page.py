"""单位信息: text fields, 编制 by type with its sum, the date picker, footer and cover."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from evaldesk.core.storage import Draft
from evaldesk.ui.widgets import BoundDateEdit, BoundLineEdit, BoundTextEdit
from tests.ui.conftest import commit_text, type_cell


def unit_page(window):  # type: ignore[no-untyped-def]
    window.workspace.go_to(0)
    return window.workspace.page(0)


def test_line_edit_commits_chinese_and_title_follows(qtbot, sample_window):
    page = unit_page(sample_window)
    name: BoundLineEdit = page.fields[("unit", "name")]
    name.setFocus()
    name.selectAll()
    commit_text(name, "岳阳楼区消防救援大队")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert sample_window.session.package.unit.name == "岳阳楼区消防救援大队"
    assert sample_window.windowTitle().startswith("岳阳楼区消防救援大队 · 2023年度 · 已保存")
    sample_window.undo_action.trigger()
    assert name.text() == "岳阳楼区应急管理局"


def test_text_commits_on_focus_out_as_one_undo(qtbot, sample_window):
    sample_window.activateWindow()
    qtbot.waitUntil(sample_window.isActiveWindow)
    page = unit_page(sample_window)
    text: BoundTextEdit = page.fields[("unit", "functions")]
    before = sample_window.session.package.unit.functions
    text.setFocus()
    text.moveCursor(text.textCursor().MoveOperation.End)
    commit_text(text, "\n10、完成区委区政府交办的其他任务。")
    text.commit()
    commit_text(text, "补充")
    page.fields[("unit", "name")].setFocus()  # leaving the field commits
    assert sample_window.session.package.unit.functions == before + "\n10、完成区委区政府交办的其他任务。补充"
    sample_window.undo_action.trigger()  # both commits merged into one step
    assert sample_window.session.package.unit.functions == before
    assert text.toPlainText() == before


def test_staff_by_type_add_fill_sum_remove(qtbot, sample_window):
    page = unit_page(sample_window)
    assert page.staff_sum.text() == "编制按类型合计 49 人，与编制数 49 人一致。"
    page.add_staff_line()
    assert len(sample_window.session.package.unit.staff_by_type) == 4
    type_cell(qtbot, page.staff, page.staff_model.index(3, 0), "工勤编制", key=Qt.Key.Key_Tab)
    type_cell(qtbot, page.staff, page.staff_model.index(3, 1), "２")
    line = sample_window.session.package.unit.staff_by_type[3]
    assert (line.kind, line.count) == ("工勤编制", 2)
    assert page.staff_sum.text() == "编制按类型合计 51 人，与编制数 49 人不一致，请核对。"
    type_cell(qtbot, page.staff, page.staff_model.index(3, 1), "1.5")
    assert line.count == 2 and "人数应为整数" in page.staff.last_message
    page.staff.setCurrentIndex(page.staff_model.index(3, 0))
    page.remove_staff_line()
    assert len(sample_window.session.package.unit.staff_by_type) == 3
    assert page.staff_sum.text() == "编制按类型合计 49 人，与编制数 49 人一致。"


def test_date_picker_shows_chinese_date_and_clears(qtbot, sample_window):
    page = unit_page(sample_window)
    cover: BoundDateEdit = page.fields[("cover", "date")]
    assert cover.edit.text() == "2024年5月6日"
    footer: BoundDateEdit = page.fields[("footer", "date")]
    assert footer.edit.text() == "未填写"
    footer.edit.setDate(QDate(2024, 4, 28))
    assert sample_window.session.package.footer.date == dt.date(2024, 4, 28)
    assert footer.edit.text() == "2024年4月28日"
    qtbot.mouseClick(footer.clear_button, Qt.MouseButton.LeftButton)
    assert sample_window.session.package.footer.date is None
    sample_window.undo_action.trigger()
    assert footer.edit.text() == "2024年4月28日"
    path = sample_window.session.path
    sample_window.close()
    assert Draft.open(path).package.footer.date == dt.date(2024, 4, 28)
