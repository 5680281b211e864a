"""导出: a package without signed scans is named before it is built; no PDF reader is reported, not waited on."""

from __future__ import annotations

import io
import zipfile

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from evaldesk.ui.pages import attachments_block, export_page
from evaldesk.ui.pages.export_page import ask_missing_scans as real_ask_missing_scans
from tests.ui.helpers import export, scan_png, wait_done


def _click(text: str, seen: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """A stand-in for QMessageBox.exec that records the box and clicks its button ``text``."""

    def exec_(box: QMessageBox) -> int:
        seen.append((box.text(), box.informativeText()))
        next(b for b in box.buttons() if b.text() == text).click()
        return 0

    return exec_


def test_missing_scans_are_named_and_can_be_added_before_building(
    qtbot, sample_window, save_to, tmp_path, monkeypatch
):
    page = export(sample_window)
    assert not sample_window.session.package.attachments
    assert page.scans_label.text() == export_page.MISSING_SCANS
    assert not page.scans_label.isHidden() and not page.scans_button.isHidden()
    _asked, target = save_to
    target["name"] = "上传包.zip"
    monkeypatch.setattr(
        export_page, "ask_open_errors", lambda *a, **k: "部分数据以财政批复为准，待复核后更正"
    )

    # 取消: nothing is built, not even the save dialog is shown.
    monkeypatch.setattr(export_page, "ask_missing_scans", lambda _p: "")
    assert not page.export("package")
    assert _asked == []

    # 添加扫描件… right there, then the package is built with it.
    png = scan_png(tmp_path / "签字页.png")
    monkeypatch.setattr(attachments_block, "ask_open_paths", lambda *_a: [str(png)])
    monkeypatch.setattr(export_page, "ask_missing_scans", lambda _p: "add")
    assert page.export("package")
    wait_done(qtbot, page)
    assert [a.filename for a in sample_window.session.package.attachments] == ["签字页.png"]
    names = zipfile.ZipFile(io.BytesIO((tmp_path / "上传包.zip").read_bytes())).namelist()
    assert any(n.endswith("签字页.png") for n in names), names
    assert page.scans_label.isHidden() and page.scans_button.isHidden()


def test_the_missing_scans_question(qtbot, sample_window, monkeypatch):
    page = export(sample_window)
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", _click("添加扫描件…", seen))
    assert real_ask_missing_scans(page) == "add"
    monkeypatch.setattr(QMessageBox, "exec", _click("不含扫描件继续", seen))
    assert real_ask_missing_scans(page) == "without"
    monkeypatch.setattr(QMessageBox, "exec", _click("取消", seen))
    assert real_ask_missing_scans(page) == ""
    assert seen[0] == (export_page.MISSING_SCANS, "上传包一般应包含签字、盖章后的签字页扫描件。")


def test_scans_button_on_the_export_page_adds_them(qtbot, sample_window, tmp_path, monkeypatch):
    page = export(sample_window)
    png = scan_png(tmp_path / "盖章页.png")
    monkeypatch.setattr(attachments_block, "ask_open_paths", lambda *_a: [str(png)])
    page.scans_button.click()
    assert [a.filename for a in sample_window.session.package.attachments] == ["盖章页.png"]
    assert page.scans_label.isHidden()
    sample_window.undo_action.trigger()
    assert not page.scans_label.isHidden()


def test_no_pdf_reader_is_reported_and_offers_the_folder(qtbot, sample_window, monkeypatch):
    page = export(sample_window)
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return not url.toLocalFile().endswith(".pdf")  # no program for PDFs; folders open

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", _click("打开所在文件夹", seen))
    assert page.open_in_reader()
    wait_done(qtbot, page)
    pdf = page.last_result.path
    assert pdf.exists() and pdf.suffix == ".pdf"
    assert opened == [str(pdf), str(pdf.parent)]
    assert seen[0][0] == "没有找到可以打开PDF的程序。"
    assert str(pdf) in seen[0][1]
    assert page.status.text() == f"没有找到可以打开PDF的程序。PDF已生成：{pdf}"
    assert not page.busy and page.open_pdf.isEnabled() and not page.progress.isVisible()


def test_a_pdf_reader_opens_and_the_status_says_so(qtbot, sample_window, monkeypatch):
    page = export(sample_window)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    assert page.open_in_reader()
    wait_done(qtbot, page)
    assert opened == [str(page.last_result.path)]
    assert page.status.text() == f"已用PDF阅读器打开“{page.last_result.path.name}”。"
