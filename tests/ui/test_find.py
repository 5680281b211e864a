"""查找 (Ctrl+F, F3) across the sample, and 打印 (Ctrl+P) reaching the 导出 step's print functions."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evaldesk.core import narrative
from evaldesk.ui.pages.export_page import ExportPage
from evaldesk.ui.report.find_dialog import FindDialog
from tests.ui.helpers import commit_text

CTRL = Qt.KeyboardModifier.ControlModifier


def open_find(qtbot, window) -> FindDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    dlg = window.find_dialog
    assert isinstance(dlg, FindDialog) and dlg.isVisible() and not dlg.isModal()
    return dlg


def step_key(window) -> str:  # type: ignore[no-untyped-def]
    ws = window.workspace
    return ws.steps[ws.current].key


def current_cell_path(view):  # type: ignore[no-untyped-def]
    return view.model().cell_at(view.currentIndex().row(), view.currentIndex().column()).path


def test_ctrl_f_finds_the_line_and_the_report_sentences(qtbot, sample_window):
    dlg = open_find(qtbot, sample_window)
    commit_text(dlg.field, "仓田")
    qtbot.keyClick(dlg.field, Qt.Key.Key_Return)  # searches at once and goes to the first place
    assert dlg.results.count() == 3
    assert dlg.results.item(0).text() == "附件1区级专项“仓田消防站”的名称\n仓田消防站"
    assert "找到 3 处" in dlg.status.text()
    assert step_key(sample_window) == "basic"
    basic = sample_window.workspace.page_for("basic")
    assert current_cell_path(basic.grid) == ("basic", "special", 1, "name")

    qtbot.keyClick(dlg.field, Qt.Key.Key_Return)  # Enter again: the next place, in the report
    assert step_key(sample_window) == "report"
    report = sample_window.workspace.page_for("report")
    assert report.node == (1, 1)  # 二、（2）项目支出情况
    cur = report.editor.textCursor()
    assert cur.selectedText() == "仓田"
    text = report.editor.document().toPlainText()
    assert text[cur.selectionStart() :].startswith("仓田消防站建设专项支出809.11万元")

    qtbot.keyClick(dlg, Qt.Key.Key_F3)  # F3: the third place
    cur = report.editor.textCursor()
    assert cur.selectedText() == "仓田"
    assert text[cur.selectionStart() :].startswith("仓田消防站整体建设费用")
    qtbot.keyClick(dlg, Qt.Key.Key_F3)  # and round to the first
    assert step_key(sample_window) == "basic" and "从头继续" in dlg.status.text()
    qtbot.keyClick(dlg, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # Shift+F3 back to the last
    assert dlg.results.currentRow() == 2 and step_key(sample_window) == "report"


def test_full_width_amount_finds_the_overall_total(qtbot, sample_window):
    dlg = open_find(qtbot, sample_window)
    commit_text(dlg.field, "１，８１８．３４")  # typed by a Chinese input method
    qtbot.waitUntil(lambda: dlg.results.count() > 0)  # typing searches after a pause
    labels = [dlg.results.item(i).text().split("\n")[0] for i in range(dlg.results.count())]
    assert labels[:2] == ["附件2年度资金总额“全年预算数”", "附件2年度资金总额“全年执行数”"]
    item = dlg.results.item(1)
    dlg.results.setCurrentItem(item)
    dlg.results.setFocus()
    qtbot.keyClick(dlg.results, Qt.Key.Key_Return)
    assert step_key(sample_window) == "overall"
    funding = sample_window.workspace.page_for("overall")
    view = next(v for v in funding.views if v.hasFocus() or v is funding.focusWidget())
    assert current_cell_path(view) == ("overall_funding", "total", "executed")


def test_double_click_selects_the_words_in_a_text_field(qtbot, sample_window):
    dlg = open_find(qtbot, sample_window)
    dlg.field.setText("应急管理局")
    dlg.search()
    assert dlg.results.item(0).text().startswith("单位信息“预算单位名称”")
    name = sample_window.workspace.page_for("unit").fields[("unit", "name")]
    rect = dlg.results.visualItemRect(dlg.results.item(0))
    qtbot.mouseClick(dlg.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert step_key(sample_window) == "unit" and sample_window.focusWidget() is not name  # one click: not yet
    qtbot.mouseDClick(dlg.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert step_key(sample_window) == "unit"
    assert sample_window.focusWidget() is name
    assert name.selectedText() == "应急管理局" and name.selectionStart() == 4


def test_a_live_field_is_found_by_its_value(qtbot, sample_window):
    session = sample_window.session
    drafted = narrative.draft_section(session.package, 1)
    from evaldesk.core import edits

    assert session.push(edits.SetValue(("report", 1), drafted), "起草")
    dlg = open_find(qtbot, sample_window)
    commit_text(dlg.field, "1194.60")
    qtbot.keyClick(dlg.field, Qt.Key.Key_Return)
    assert step_key(sample_window) == "basic"  # 附件1“项目支出”2023年决算数 comes first
    qtbot.keyClick(dlg.field, Qt.Key.Key_Return)
    qtbot.keyClick(dlg.field, Qt.Key.Key_Return)  # 附件2“项目支出”, then the report
    assert step_key(sample_window) == "report"
    editor = sample_window.workspace.page_for("report").editor
    cur = editor.textCursor()
    assert editor.shown_text(cur.selectionStart(), cur.selectionEnd()) == "1194.60"
    assert cur.selectedText() == "\ufffc"  # the field, whole
    assert editor.body() == drafted.subsections[1].body  # selecting the field alone kept it a field
    assert session.package.report[1].subsections[1].body == drafted.subsections[1].body


def test_ctrl_f_starts_with_the_selected_words_and_follows_edits(qtbot, sample_window):
    ws = sample_window.workspace
    ws.go_to(0)
    name = ws.page_for("unit").fields[("unit", "name")]
    name.setFocus()
    name.setSelection(0, 3)
    dlg = open_find(qtbot, sample_window)
    assert dlg.field.text() == "岳阳楼"
    assert dlg.results.count() >= 1
    before = dlg.results.count()
    sample_window.session.set_value(("unit", "organization"), "岳阳楼区内设三个股室。", "修改")
    qtbot.waitUntil(lambda: dlg.results.count() == before + 1)
    sample_window.close_document()
    assert dlg.results.count() == 0 and not sample_window.find_action.isEnabled()


def test_ctrl_p_prints_from_the_export_step(qtbot, sample_window, monkeypatch):
    calls: list[bool] = []
    monkeypatch.setattr(
        ExportPage, "print_pages", lambda self, signature_only: calls.append(signature_only) or True
    )
    sample_window.workspace.go_to(0)
    qtbot.keyClick(sample_window, Qt.Key.Key_P, CTRL)
    assert calls == [False] and step_key(sample_window) == "export"
    sample_window.workspace.go_to(1)
    sample_window.print_signature_action.trigger()
    assert calls == [False, True] and step_key(sample_window) == "export"
    assert sample_window.print_action.text() == "打印全部…"
    sample_window.close_document()
    assert not sample_window.print_action.isEnabled()
