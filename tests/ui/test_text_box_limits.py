"""Issue 19: text boxes stop at their limit (core.limits) quietly, instead of a 未能保存 box afterwards.

Driven like a clerk: text pasted from the clipboard, typed by keys or committed by an input method.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMessageBox

from evaldesk.core import limits
from evaldesk.ui.models.indicator_model import C_NAME
from evaldesk.ui.review.reason_dialog import ReasonDialog
from evaldesk.ui.steps import step_index
from tests.ui.helpers import commit_text, overall_editor, report


def _no_boxes(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: shown.append(str(a[2])) or 0)
    return shown


def _unit_page(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    ws.go_to(step_index("unit"))
    return ws.page_for("unit")


def test_a_pasted_unit_name_stops_at_the_name_limit_and_is_stored(sample_window, qtbot, monkeypatch) -> None:
    boxes = _no_boxes(monkeypatch)
    status: list[str] = []
    sample_window.session.notice.connect(status.append)
    edit = _unit_page(sample_window).fields[("unit", "name")]
    assert edit.maxLength() == limits.MAX_NAME
    edit.setFocus()
    edit.selectAll()
    QGuiApplication.clipboard().setText("局" * (limits.MAX_NAME + 50))
    edit.paste()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "局" * limits.MAX_NAME
    assert sample_window.session.package.unit.name == "局" * limits.MAX_NAME
    assert boxes == []
    assert any(f"最多{limits.MAX_NAME}个字" in m for m in status), status
    assert f"最多{limits.MAX_NAME}个字" in edit.toolTip()


def test_a_stored_name_longer_than_the_limit_is_shown_whole(sample_window) -> None:
    """What a draft holds is never cut: a name from before the limits is shown (and kept) in full."""
    session = sample_window.session
    long_name = "旧" * (limits.MAX_NAME + 20)
    session.package.unit.name = long_name  # as an old draft could hold it
    edit = _unit_page(sample_window).fields[("unit", "name")]
    edit.refresh()
    assert edit.text() == long_name
    edit.editingFinished.emit()
    assert session.package.unit.name == long_name


def test_a_long_text_box_cuts_a_too_long_paste_and_says_how_much_was_kept(
    sample_window, qtbot, monkeypatch
) -> None:
    boxes = _no_boxes(monkeypatch)
    status: list[str] = []
    sample_window.session.notice.connect(status.append)
    box = _unit_page(sample_window).fields[("unit", "functions")]
    box.setFocus()
    box.selectAll()
    box.insertPlainText("职" * (limits.MAX_TEXT - 10))
    box.moveCursor(box.textCursor().MoveOperation.End)
    QGuiApplication.clipboard().setText("能" * 25)
    box.paste()
    assert box.toPlainText() == "职" * (limits.MAX_TEXT - 10) + "能" * 10
    box.commit()
    assert sample_window.session.package.unit.functions == box.toPlainText()
    message = f"职能职责最多{limits.MAX_TEXT}个字：粘贴的25个字只保留了前10个字。"
    assert status[-1] == message and box.text_limit.message == message
    # At the limit, typing (keys or an input method) adds nothing and says so quietly.
    qtbot.keyClicks(box, "ab")
    commit_text(box, "多")
    assert box.toPlainText().endswith("能" * 10) and len(box.toPlainText()) == limits.MAX_TEXT
    assert status[-1] == f"职能职责最多{limits.MAX_TEXT}个字，已达到上限，多出的字未输入。"
    assert boxes == []
    # Below the limit again, typing goes in.
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    commit_text(box, "多")
    assert box.toPlainText().endswith("能" * 9 + "多")


def test_an_indicator_name_cell_stops_at_the_name_limit(sample_window, qtbot, monkeypatch) -> None:
    boxes = _no_boxes(monkeypatch)
    editor = overall_editor(sample_window)
    view, m = editor.view, editor.model
    index = m.index(0, C_NAME)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, "x")  # typing opens the cell editor, as in Excel
    cell = view.indexWidget(index)
    assert cell is not None and cell.maxLength() == limits.MAX_NAME
    cell.selectAll()
    QGuiApplication.clipboard().setText("名" * (limits.MAX_NAME + 1))
    cell.paste()
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    item = m.item_of(0)
    assert sample_window.session.package.overall.indicators[item].name == "名" * limits.MAX_NAME
    assert boxes == []


def test_the_report_body_stops_at_the_text_limit(sample_window, monkeypatch) -> None:
    boxes = _no_boxes(monkeypatch)
    page = report(sample_window)
    page.select((2, None))
    session = sample_window.session
    start = session.package.report[2].body
    page.editor.setFocus()
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    room = limits.MAX_TEXT - len(start)
    QGuiApplication.clipboard().setText("报" * (room + 7))
    page.editor.paste()
    page.commit()
    assert session.package.report[2].body == start + "报" * room
    assert (
        page.body_limit.message
        == f"正文最多{limits.MAX_TEXT}个字：粘贴的{room + 7}个字只保留了前{room}个字。"
    )
    assert boxes == []


def test_a_reason_box_stops_at_the_cell_limit(qtbot) -> None:
    dlg = ReasonDialog(None, "确认警告", "请说明原因。")
    qtbot.addWidget(dlg)
    dlg.edit.setFocus()
    QGuiApplication.clipboard().setText("因" * (limits.MAX_CELL + 300))
    dlg.edit.paste()
    assert dlg.reason() == "因" * limits.MAX_CELL
    assert (
        dlg.text_limit.message
        == f"原因最多{limits.MAX_CELL}个字：粘贴的{limits.MAX_CELL + 300}个字只保留了前{limits.MAX_CELL}个字。"
    )
    assert dlg.edit.toolTip() == dlg.text_limit.message
