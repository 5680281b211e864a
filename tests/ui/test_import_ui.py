"""打开/导入: a workbook or an upload zip becomes a new draft; a workbook with bad cells is refused whole."""

from __future__ import annotations

import io

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from evaldesk.core import jsonform
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft
from evaldesk.export import xlsx
from evaldesk.export.package import build_package


def test_opening_a_workbook_imports_it_into_a_new_draft(qtbot, window, monkeypatch, tmp_path):
    book = tmp_path / "去年填的表.xlsx"
    book.write_bytes(xlsx.render(load_sample()))
    saved = tmp_path / "导入的草稿.evaldesk"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _p, _t, suggested, _f: asked.append(suggested) or (str(saved), ""),
    )
    window.open_dialog()
    assert asked == [str(tmp_path / "岳阳楼区应急管理局-2023年度.evaldesk")]
    assert window.session is not None and window.session.path == saved
    assert "已导入" in window.statusBar().currentMessage()
    window.close_document()
    with Draft.open(saved) as d:
        assert jsonform.dumps(d.package) == jsonform.dumps(load_sample())


def test_a_colleagues_upload_package_is_imported_from_the_menu(qtbot, window, monkeypatch, tmp_path):
    zip_path = tmp_path / "交接.zip"
    zip_path.write_bytes(build_package(load_sample(), accept_open_errors="原件如此，交接给同事"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(zip_path), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "交接"), ""))
    window.import_action.trigger()
    assert window.session is not None
    assert window.session.path == tmp_path / "交接.evaldesk"  # the suffix is added
    assert window.session.package.unit.name == "岳阳楼区应急管理局"


def test_a_workbook_with_bad_cells_is_refused_with_every_cell_listed(qtbot, window, monkeypatch, tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render(load_sample())))
    ws = wb["附件1"]
    bad = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and bad < 2:
                cell.value = "12.3.4" if bad == 0 else "abc"
                bad += 1
    book = tmp_path / "填错的表.xlsx"
    wb.save(book)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    saved: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: saved.append(a) or ("", ""))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())) or 0)
    window.open_dialog()
    assert saved == [] and window.session is None  # nothing half-imported, nothing saved
    text, details = shown[0]
    assert "有2处内容无法识别" in text
    assert "附件1!" in details and "“12.3.4”" in details and "“abc”" in details


def test_a_slow_read_runs_off_the_gui_thread_with_a_cancel_button(qtbot, window, monkeypatch, tmp_path):
    """Issue 16: the window keeps responding while a file is read, and 取消 returns to it at once."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    import evaldesk.export.importing as importing

    release = threading.Event()
    reader_threads: list[int] = []

    def slow_read(path):
        reader_threads.append(threading.get_ident())
        release.wait(30)
        return load_sample()

    monkeypatch.setattr(importing, "read_any", slow_read)
    book = tmp_path / "很慢的表.xlsx"
    book.write_bytes(xlsx.render(load_sample()))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"unexpected message: {box.text()}"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    saved: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: saved.append(a) or ("", ""))
    seen: list[tuple[str, str]] = []

    def press_cancel() -> None:
        dialogs = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(50, press_cancel)
            return
        d = dialogs[0]
        button = next(b for b in d.findChildren(QPushButton) if b.isVisible())
        seen.append((d.labelText(), button.text()))
        button.click()

    from PySide6.QtWidgets import QPushButton

    QTimer.singleShot(0, press_cancel)
    try:
        window.open_dialog()
    finally:
        release.set()
    assert seen == [("正在读取“很慢的表.xlsx”…", "取消")]
    assert reader_threads and reader_threads[0] != threading.get_ident()
    assert saved == []  # canceled: nothing to save, no draft opened
    assert window.session is None


def test_a_draft_with_nan_in_an_amount_is_reported_not_opened(qtbot, window, monkeypatch, tmp_path):
    """Issue 16: 'NaN' text in a draft's amount column is a message, not a draft opened silently."""
    import sqlite3

    from evaldesk.core.storage import save_package

    path = tmp_path / "非数.evaldesk"
    save_package(path, load_sample())
    with sqlite3.connect(path) as c:
        c.execute("UPDATE basic_rows SET budget = 'NaN' WHERE key = 'public'")
    c.close()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])) or 0)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(str(a[2])) or 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.open_path(path)
    assert window.session is None
    assert any("NaN" in s for s in shown), shown
