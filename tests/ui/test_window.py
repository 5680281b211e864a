"""The window: start page, sample copy, recent files, damaged files, title, navigator, undo menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from evaldesk.core import sample
from evaldesk.core.storage import Draft
from evaldesk.ui.document import documents
from evaldesk.ui.pages.review_page import ReviewPage
from tests.ui.helpers import type_cell


def test_start_page_then_sample(qtbot, window, data_dir):
    assert window.stack.currentWidget() is window.start_page
    assert window.windowTitle() == "绩效自评助手"
    for b, text in (
        (window.start_page.new_button, "新建自评包"),
        (window.start_page.open_button, "打开…"),
        (window.start_page.sample_button, "打开示例"),
    ):
        assert b.text().startswith(text)
    qtbot.mouseClick(window.start_page.sample_button, Qt.MouseButton.LeftButton)
    copy = data_dir / "示例-岳阳楼区应急管理局-2023.evaldesk"
    assert copy.exists()
    assert window.session.path == copy
    assert (
        window.windowTitle()
        == "岳阳楼区应急管理局 · 2023年度 · 已保存 — 示例-岳阳楼区应急管理局-2023.evaldesk"
    )
    assert documents.recent_files() == [copy]


def test_sample_recopied_when_missing(qtbot, window, data_dir):
    copy = documents.sample_path()
    window.open_sample()
    window.workspace.page(1)
    window.session.set_value(("unit", "name"), "改过的名字", "修改")
    window.close_document()
    with Draft.open(copy) as draft:
        assert draft.package.unit.name == "改过的名字"  # the copy keeps the clerk's edits
    copy.unlink()
    window.open_sample()
    assert window.session.package.unit.name == sample.load_sample().unit.name


def test_open_dialog_and_recent(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "a.evaldesk"
    Draft.create(path, sample.load_sample()).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(window.start_page.open_button, Qt.MouseButton.LeftButton)
    assert window.session.path == path
    window.close_document()
    assert window.start_page.recent.count() == 1
    item = window.start_page.recent.item(0)
    window.start_page.recent.itemClicked.emit(item)
    assert window.session.path == path


def test_damaged_file_offers_backup_restore(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "b.evaldesk"
    Draft.create(path, sample.load_sample()).close()
    Draft.open(path).close()  # opening makes a backup copy
    path.write_bytes(b"this is not a database" * 100)
    asked = []

    def fake_exec(box):  # type: ignore[no-untyped-def]
        asked.append((box.text(), box.informativeText()))
        restore = next(b for b in box.buttons() if b.text() == "从备份恢复")
        box.setProperty("_clicked", True)
        monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: restore)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert window.open_path(path)
    assert "b.evaldesk" in asked[0][0]
    assert "从备份恢复" not in asked[0][0] and "备份" in asked[0][1]
    assert window.session.package.unit.name == "岳阳楼区应急管理局"
    assert any(p.name.startswith("b.evaldesk.damaged-") for p in tmp_path.iterdir())


def test_damaged_file_without_backup_says_why(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "c.evaldesk"
    path.write_bytes(b"PK\x03\x04 not ours")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert not window.open_path(path)
    assert shown and "c.evaldesk" in shown[0]
    assert window.session is None


def test_navigator_states_and_page_keys(qtbot, sample_window):
    ws = sample_window.workspace
    nav = ws.navigator
    texts = [nav.item(i).text() for i in range(nav.count())]
    # The sample as shipped: its findings per step (✗ an error, ⚠ only warnings, ○ not ready to export).
    assert texts == [
        "✗  1  单位信息  1",
        "⚠  2  基础数据表  2",
        "⚠  3  整体支出自评  2",
        "✗  4  项目支出自评  6",
        "✗  5  自评报告  2",
        "✗  6  审核  9",
        "○  7  导出",
    ]
    ws.go_to(0)
    qtbot.keyClick(sample_window, Qt.Key.Key_PageDown)
    assert ws.current == 1
    qtbot.keyClick(sample_window, Qt.Key.Key_PageDown)
    assert ws.current == 2
    qtbot.keyClick(sample_window, Qt.Key.Key_PageUp)
    assert ws.current == 1
    qtbot.mouseClick(ws.next_button, Qt.MouseButton.LeftButton)
    assert ws.current == 2
    qtbot.mouseClick(ws.prev_button, Qt.MouseButton.LeftButton)
    assert ws.current == 1
    nav.setCurrentRow(5)  # free jump
    assert ws.current == 5
    assert isinstance(ws.page(5), ReviewPage)

    # Adopting the computed 控制率 clears its error (R1) and the navigator follows at once.
    def r1_steps():  # type: ignore[no-untyped-def]
        return [
            i
            for i, spec in enumerate(ws.steps[:5])
            if any(
                f.rule_id == "R1"
                for p in spec.parts
                for f in sample_window.session.analysis.by_part.get(p, [])
            )
        ]

    assert r1_steps() == [0]
    assert nav.item(0).text() == "✗  1  单位信息  1"
    before = nav.item(5).text()
    basic = ws.page(1)
    basic.staffing.adopt_computed(basic.staffing_model.index(0, 2))
    assert r1_steps() == []
    assert nav.item(5).text() != before  # one error fewer in 审核
    assert nav.item(0).text() == "⚠  1  单位信息  3"  # the error gone, its warnings left
    assert nav.item(5).text() == "✗  6  审核  8"


def test_undo_menu_names_the_edit(qtbot, sample_window):
    ws = sample_window.workspace
    ws.go_to(1)
    page = ws.page(1)
    idx = next(
        page.grid_model.index(r, 1)
        for r in range(page.grid_model.rowCount())
        if page.grid_model.info(r).key == "abroad"
    )
    assert sample_window.undo_action.text() == "撤销" and not sample_window.undo_action.isEnabled()
    type_cell(qtbot, page.grid, idx, "3")
    assert sample_window.undo_action.text() == "撤销“修改附件1“2、出国经费”2022年决算数”"
    qtbot.keyClick(page.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sample_window.session.package.basic.rows["abroad"].prev == 0
    assert sample_window.redo_action.text() == "重做“修改附件1“2、出国经费”2022年决算数”"
    qtbot.keyClick(page.grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert sample_window.session.package.basic.rows["abroad"].prev == 3


def test_quitting_never_asks(qtbot, sample_window, monkeypatch):
    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("a dialog was shown on close")

    for name in ("question", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, boom)
    path: Path = sample_window.session.path
    sample_window.session.set_value(("footer", "phone"), "0730-1234567", "修改联系电话")
    assert sample_window.close()
    with Draft.open(path) as draft:
        assert draft.package.footer.phone == "0730-1234567"


def test_window_geometry_remembered(qtbot, window):
    from evaldesk.ui.main_window import MainWindow

    em = window.fontMetrics().horizontalAdvance("中")
    window.resize(em * 50, em * 35)  # within the offscreen screen (restoreGeometry clamps to it)
    size = window.size()
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    # The offscreen screen is 800 wide, narrower than the window's minimum: compare the height.
    assert again.height() == size.height()
