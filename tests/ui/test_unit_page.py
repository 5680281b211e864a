"""单位信息: text fields, 编制 by type with its sum, the date picker, footer and cover."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from evaldesk.core.storage import Draft
from evaldesk.ui.grid.widgets import BoundDateEdit, BoundLineEdit, BoundTextEdit
from tests.ui.helpers import commit_text, type_cell


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
    assert footer.edit.text() == "" and footer.edit.placeholderText() == "未填写（如 2025年3月20日）"
    footer.calendar.setSelectedDate(QDate(2024, 4, 28))
    footer.calendar.clicked.emit(QDate(2024, 4, 28))
    assert sample_window.session.package.footer.date == dt.date(2024, 4, 28)
    assert footer.edit.text() == "2024年4月28日"
    qtbot.mouseClick(footer.clear_button, Qt.MouseButton.LeftButton)
    assert sample_window.session.package.footer.date is None
    assert footer.edit.text() == ""
    sample_window.undo_action.trigger()
    assert footer.edit.text() == "2024年4月28日"
    path = sample_window.session.path
    sample_window.close()
    with Draft.open(path) as draft:
        assert draft.package.footer.date == dt.date(2024, 4, 28)


@pytest.mark.parametrize("typed", ["2025年3月20日", "2025-3-20", "2025.3.20", "20250320"])
def test_date_typed_in_any_common_form(qtbot, sample_window, typed):
    page = unit_page(sample_window)
    footer: BoundDateEdit = page.fields[("footer", "date")]
    footer.edit.setFocus()
    if typed.isascii():
        qtbot.keyClicks(footer.edit, typed)
    else:
        commit_text(footer.edit, typed)
    qtbot.keyClick(footer.edit, Qt.Key.Key_Return)
    assert sample_window.session.package.footer.date == dt.date(2025, 3, 20)
    assert footer.edit.text() == "2025年3月20日"
    assert sample_window.undo_action.text() == "撤销“修改填报日期”"


def test_a_date_that_is_not_one_is_refused_and_kept(qtbot, sample_window):
    page = unit_page(sample_window)
    footer: BoundDateEdit = page.fields[("footer", "date")]
    footer.edit.setFocus()
    qtbot.keyClicks(footer.edit, "2025-2-30")
    qtbot.keyClick(footer.edit, Qt.Key.Key_Return)
    assert sample_window.session.package.footer.date is None
    assert footer.edit.text() == "2025-2-30"  # kept for correcting
    assert footer.message == "填报日期：“2025-2-30”不是有效的日期：2025年2月没有30日。"
    footer.edit.selectAll()
    qtbot.keyClicks(footer.edit, "2025-2-28")
    qtbot.keyClick(footer.edit, Qt.Key.Key_Return)
    assert sample_window.session.package.footer.date == dt.date(2025, 2, 28)
    assert footer.message == ""


def test_blank_date_calendar_opens_in_the_spring_after_the_fiscal_year(qtbot, sample_window):
    page = unit_page(sample_window)
    footer: BoundDateEdit = page.fields[("footer", "date")]
    assert sample_window.session.package.fiscal_year == 2023
    qtbot.mouseClick(footer.calendar_button, Qt.MouseButton.LeftButton)
    cal = footer.calendar
    assert (cal.yearShown(), cal.monthShown()) == (2024, 3)
    qtbot.waitUntil(cal.isVisible)
    footer._popup.close()
    # A filled date opens at that date.
    cover: BoundDateEdit = page.fields[("cover", "date")]
    qtbot.mouseClick(cover.calendar_button, Qt.MouseButton.LeftButton)
    assert (cover.calendar.yearShown(), cover.calendar.monthShown()) == (2024, 5)
    assert cover.calendar.selectedDate() == QDate(2024, 5, 6)
    cover._popup.close()
