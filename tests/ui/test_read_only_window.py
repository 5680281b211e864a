"""The window with a draft that is busy elsewhere: offered read-only (never a restore), the 只读 banner,
fields that cannot be edited, and 另存为 that will not replace a draft open in another window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QPlainTextEdit

from evaldesk.core import edits
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, ReadOnlyDraft, load_package
from evaldesk.ui.document.import_dialog import save_as_new_draft
from evaldesk.ui.steps import STEPS


def test_busy_file_is_offered_read_only_not_restored(qtbot, window, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    path = tmp_path / "忙.evaldesk"
    Draft.create(path, load_sample()).close()
    Draft.open(path).close()  # a backup exists: a damaged file would get the restore offer
    asked = []

    def fake_exec(box):  # type: ignore[no-untyped-def]
        asked.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        return 0  # the clerk cancels

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    with Draft.open(path) as other_window:
        other_window.apply(edits.SetValue(("unit", "name"), "另一个窗口的修改"))
        assert not window.open_path(path)
    assert len(asked) == 1
    title, text, buttons = asked[0]
    assert "正在另一个窗口中编辑" in text and path.name in text
    assert "以只读方式打开" in buttons and "从备份恢复" not in buttons
    assert not any(".damaged-" in p.name for p in tmp_path.iterdir())
    assert load_package(path).unit.name == "另一个窗口的修改"


def test_read_only_window_shows_the_banner_and_refuses_edits(qtbot, window, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "只读.evaldesk"
    Draft.create(path, load_sample()).close()
    window.set_draft(ReadOnlyDraft.open(path))
    qtbot.waitUntil(window.read_only_banner.isVisible)
    assert "只读" in window.read_only_banner.text() and path.name in window.read_only_banner.text()
    assert "只读" in window.windowTitle() and "已保存" not in window.windowTitle()
    ws = window.workspace
    for i in range(len(STEPS)):  # every page, built on its first visit, is read-only
        ws.go_to(i)
        page = ws.page(i)
        fields = page.findChildren(QLineEdit) + page.findChildren(QPlainTextEdit)
        assert all(f.isReadOnly() for f in fields), STEPS[i].key
    assert not window.session.set_value(("unit", "name"), "不会保存", "修改单位名称")
    assert "只读" in window.statusBar().currentMessage()
    ws.go_to(0)
    window.grab().save(str(tmp_path / "read_only.png"))
    window.close_document()
    assert not window.read_only_banner.isVisible()
    assert load_package(path).unit.name == load_sample().unit.name


def test_save_as_never_replaces_a_draft_open_in_another_window(qtbot, window, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    path = tmp_path / "已打开.evaldesk"
    Draft.create(path, load_sample()).close()
    warned = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: warned.append((title, text)))
    with Draft.open(path) as other_window:
        other_window.apply(edits.SetValue(("unit", "name"), "正在编辑的内容"))
        pkg = load_sample()
        pkg.unit.name = "导入的新内容"
        assert save_as_new_draft(window, pkg, Path(tmp_path), "保存") is None
    assert warned and "正在另一个窗口中编辑" in warned[0][1] and path.name in warned[0][1]
    assert load_package(path).unit.name == "正在编辑的内容"


def test_opening_a_read_only_draft_again_edits_it_once_the_other_window_closed(qtbot, window, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "后来空闲.evaldesk"
    Draft.create(path, load_sample()).close()
    window.set_draft(ReadOnlyDraft.open(path))
    assert window.session.read_only
    assert window.open_path(path)  # nobody else edits it now
    assert not window.session.read_only and not window.read_only_banner.isVisible()
    assert window.session.set_value(("unit", "name"), "现在可以修改", "修改单位名称")
    window.close_document()
    assert load_package(path).unit.name == "现在可以修改"
