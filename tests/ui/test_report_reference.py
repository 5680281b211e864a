"""上年报告（参考）: last year's text beside each report section after 从上年继续, remembered per draft."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from evaldesk.core import jsonform, sample
from evaldesk.core.carryover import carry_over
from evaldesk.core.storage import Draft
from evaldesk.ui.document import documents, last_year
from evaldesk.ui.pages.report_reference import NO_PACKAGE_TEXT, SHOWN_KEY, SIZES_KEY
from tests.ui.helpers import report

SOCIAL = (4, None)  # 五、社会保险基金预算支出情况
LAST_YEARS_SOCIAL = "2022年度本部门无社会保险基金预算支出。"


@pytest.fixture
def no_dialogs(monkeypatch):  # type: ignore[no-untyped-def]
    """Any message box or file dialog fails the test (the remembered package must come back quietly)."""

    def fail(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("a dialog was shown")

    for name in ("exec", "warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, fail)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fail)


def carry_sample_through_window(qtbot, window, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    last = tmp_path / "2023年度.evaldesk"
    Draft.create(last, sample.load_sample()).close()
    target = tmp_path / "岳阳楼区应急管理局-2024年度.evaldesk"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(last), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    qtbot.mouseClick(window.start_page.carry_button, Qt.MouseButton.LeftButton)
    assert window.session is not None and window.session.path == target
    return last, target


def test_carried_over_draft_shows_last_years_text_and_keeps_it(qtbot, window, tmp_path, monkeypatch):
    last, target = carry_sample_through_window(qtbot, window, tmp_path, monkeypatch)
    session = window.session
    assert session.last_year is not None and session.last_year.fiscal_year == 2023
    assert session.last_year_path == last and last_year.remembered(target) == last.resolve()

    page = report(window)
    panel = page.reference
    assert panel.isVisible() and page.editor_panel.reference_button.isChecked()
    page.select(SOCIAL)
    assert panel.heading_label.text() == "五、社会保险基金预算支出情况"
    assert panel.text.toPlainText() == LAST_YEARS_SOCIAL
    assert panel.text.isReadOnly() and "不属于本年度的报告" in panel.note.text()
    assert "2023年度.evaldesk（2023年度）" in panel.source_label.text()
    # Shown, not copied: this year's body stays empty.
    assert page.editor.body() == "" and session.package.report[4].body == ""

    # Selectable and copyable: Ctrl+C, and 复制全部.
    QApplication.clipboard().clear()
    panel.text.setFocus()
    panel.text.selectAll()
    qtbot.keyClick(panel.text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == LAST_YEARS_SOCIAL
    QApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == LAST_YEARS_SOCIAL

    # A sub-section: matched by title (last year's is numbered “（2） 项目支出情况”).
    page.select((1, 1))
    assert panel.heading_label.text() == "二、 一般公共预算支出情况 · （2） 项目支出情况"
    assert panel.text.toPlainText() == sample.load_sample().report[1].subsections[1].body.strip()
    # A title that is not last year's: the same position, and the panel says so.
    session.set_value(("report", 4, "heading"), "五、其他支出", "修改标题")
    page.select(SOCIAL)
    assert panel.heading_label.text() == "五、社会保险基金预算支出情况（按位置对应）"
    window.undo_action.trigger()
    assert panel.heading_label.text() == "五、社会保险基金预算支出情况"

    # Reopened, the draft brings last year's package back (read when first needed), asking nothing.
    window.close_document()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: pytest.fail("asked for a file"))
    assert window.open_path(target)
    assert window.session.last_year is None  # not read at open
    page = report(window)
    page.select(SOCIAL)
    assert page.reference.text.toPlainText() == LAST_YEARS_SOCIAL
    assert window.session.last_year_path == last.resolve()

    # 与上年对比 compares with the same package, without asking again.
    window.yoy_action.trigger()
    dlg = window.yoy_dialog
    assert dlg.last_year is window.session.last_year
    assert dlg.compare.rowCount() > 0
    assert dlg.compare_note.text().startswith(
        "上年自评包：2023年度.evaldesk（2023年度，岳阳楼区应急管理局）。"
    )


@pytest.mark.parametrize("damage", ["missing", "broken"])
def test_broken_remembered_file_clears_quietly(qtbot, window, tmp_path, no_dialogs, damage):
    last = tmp_path / "2023年度.evaldesk"
    if damage == "broken":
        last.write_bytes(b"\x00" * 64)
    draft = tmp_path / "2024年度.evaldesk"
    Draft.create(draft, carry_over(sample.load_sample())).close()
    last_year.remember(draft, last)
    assert window.open_path(draft)
    page = report(window)
    page.select(SOCIAL)
    panel = page.reference
    assert window.session.last_year is None and last_year.remembered(draft) is None
    assert "2023年度.evaldesk" in window.statusBar().currentMessage()
    assert "不再显示上年报告参考" in window.statusBar().currentMessage()
    assert panel.pages.currentIndex() == 0 and panel.empty_label.text() == NO_PACKAGE_TEXT


def test_choosing_last_year_from_the_panel_is_shared_with_yoy(qtbot, sample_window, tmp_path, monkeypatch):
    session = sample_window.session
    page = report(sample_window)
    panel = page.reference
    # Nothing known about last year: hidden until asked for, then one sentence and the button.
    assert not panel.isVisible()
    qtbot.mouseClick(page.editor_panel.reference_button, Qt.MouseButton.LeftButton)
    assert panel.isVisible() and panel.pages.currentIndex() == 0
    assert panel.empty_label.text() == NO_PACKAGE_TEXT and panel.choose_button.isVisible()

    prev = sample.load_sample()
    prev.fiscal_year = 2022
    prev.report[2].body = "2022年度本部门无政府性基金安排的支出。"
    prev_file = tmp_path / "2022年度.json"
    prev_file.write_text(jsonform.dumps(prev), encoding="utf-8")
    asked = []

    def open_name(parent, title, start, filt):  # type: ignore[no-untyped-def]
        asked.append(title)
        return str(prev_file), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    assert asked == ["选择上一年度的自评包"]
    assert panel.pages.currentIndex() == 1
    page.select((2, None))
    assert panel.text.toPlainText() == "2022年度本部门无政府性基金安排的支出。"
    assert last_year.remembered(session.path) == prev_file.resolve()

    sample_window.yoy_action.trigger()
    dlg = sample_window.yoy_dialog
    assert len(asked) == 1 and dlg.compare.rowCount() > 0
    assert dlg.compare_note.text().startswith("上年自评包：2022年度.json（2022年度，")

    # Unreadable: the reason in a dialog (show_read_error), and the package already chosen stays.
    bad = tmp_path / "坏.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())))
    assert not panel.choose()
    assert shown and shown[0][0] == "无法读取上年自评包" and "坏.xlsx" in shown[0][1]
    assert session.last_year is not None and session.last_year.fiscal_year == 2022


def test_panel_size_and_visibility_are_remembered(qtbot, window, tmp_path, monkeypatch):
    _last, target = carry_sample_through_window(qtbot, window, tmp_path, monkeypatch)
    page = report(window)
    split = page.splitter
    outline_w, editor_w, panel_w = split.sizes()
    assert editor_w > panel_w > 0 and editor_w > outline_w
    split.moveSplitter(split.sizes()[0] + split.sizes()[1] - 40, 2)  # the panel 40 px wider
    wider = split.sizes()[2]
    assert wider > panel_w
    assert [int(v) for v in documents.settings().value(SIZES_KEY)] == split.sizes()
    qtbot.mouseClick(page.reference.hide_button, Qt.MouseButton.LeftButton)
    assert not page.reference.isVisible() and not page.editor_panel.reference_button.isChecked()
    assert str(documents.settings().value(SHOWN_KEY)).lower() == "false"
    qtbot.waitUntil(lambda: split.widget(1).width() > editor_w)  # the editor has the room

    window.close_document()
    window.open_path(target)
    page = report(window)
    assert not page.reference.isVisible()  # hidden, as the clerk left it
    qtbot.mouseClick(page.editor_panel.reference_button, Qt.MouseButton.LeftButton)
    assert page.reference.isVisible()
    qtbot.waitUntil(lambda: page.splitter.sizes()[2] == wider)


def test_screenshot_mode_writes_no_settings(qtbot, tmp_path):
    from evaldesk.ui.main_window import MainWindow

    draft = tmp_path / "2024年度.evaldesk"
    Draft.create(draft, carry_over(sample.load_sample())).close()
    missing = tmp_path / "不存在.evaldesk"
    last_year.remember(draft, missing)
    before = {k: documents.settings().value(k) for k in documents.settings().allKeys()}
    w = MainWindow(remember=False)
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(draft)
    page = report(w)
    qtbot.mouseClick(page.editor_panel.reference_button, Qt.MouseButton.LeftButton)
    page.splitter.moveSplitter(100, 1)
    assert w.session.last_year is None  # the remembered file is gone: nothing shown, nothing forgotten
    after = {k: documents.settings().value(k) for k in documents.settings().allKeys()}
    assert after == before and last_year.remembered(draft) == missing.resolve()
    w.close()
