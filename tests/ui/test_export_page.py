"""导出: files written off the GUI thread, the upload package's refusal and reason, scans, printing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from evaldesk.core.storage import list_backups
from evaldesk.export.package import verify_package
from evaldesk.ui.output import printing
from evaldesk.ui.pages import attachments_block, export_page
from evaldesk.ui.steps import step_index
from tests.ui.helpers import export, scan_png, wait_done


@pytest.fixture
def warnings_shown(monkeypatch):  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


def test_export_pdf_backs_up_and_writes_off_thread(qtbot, sample_window, save_to, tmp_path, monkeypatch):
    page = export(sample_window)
    asked, target = save_to
    target["name"] = "报告"  # typed without the suffix
    assert page.export("pdf")
    assert page.busy and page.progress.isVisible()
    wait_done(qtbot, page)
    assert Path(asked[0]).name == "岳阳楼区应急管理局-2023-绩效自评报告.pdf"
    out = tmp_path / "报告.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert page.status.text().startswith("已保存“报告.pdf”")
    assert not page.progress.isVisible()
    assert any(b.reason == "export" for b in list_backups(sample_window.session.path))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert page.folder_button.isEnabled()
    page.folder_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [tmp_path]
    # The next save dialog starts in the folder used last.
    target["name"] = "签字页.pdf"
    assert page.export("signature")
    wait_done(qtbot, page)
    assert Path(asked[1]) == tmp_path / "岳阳楼区应急管理局-2023-签字页.pdf"
    full = len(PdfReader(out).pages)
    sign = len(PdfReader(tmp_path / "签字页.pdf").pages)
    assert 1 <= sign < full


def test_export_xlsx(qtbot, sample_window, save_to, tmp_path):
    page = export(sample_window)
    _asked, target = save_to
    target["name"] = "表.xlsx"
    assert page.buttons["xlsx"].isEnabled()
    assert page.export("xlsx")
    wait_done(qtbot, page)
    wb = openpyxl.load_workbook(tmp_path / "表.xlsx")
    assert wb.sheetnames == [
        "附件1",
        "附件2",
        "附件3-业务工作经费",
        "单位信息",
        "自评报告",
        "审核结果",
        "EvalDesk数据",
    ]
    assert wb["附件1"]["A8"].value == "1、公务用车购置和维护经费"
    assert wb["附件1"]["B8"].value == 4.8  # its 2022年决算数
    assert wb["附件2"]["E5"].value == 1818.34
    assert page.status.text().startswith("已保存“表.xlsx”")


def test_export_docx_from_the_window(qtbot, sample_window, save_to, tmp_path):
    import docx

    page = export(sample_window)
    asked, target = save_to
    target["name"] = "报告.docx"
    assert page.buttons["docx"].text() == "导出Word…"
    assert page.export("docx")
    wait_done(qtbot, page)
    assert Path(asked[-1]).name == "岳阳楼区应急管理局-2023-绩效自评报告.docx"  # the suggested name
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "报告.docx")).paragraphs)
    assert "岳阳楼区应急管理局" in text and "整体支出绩效自评报告" in text
    assert page.status.text().startswith("已保存“报告.docx”")


def test_package_refused_then_accepted_with_reason(qtbot, sample_window, save_to, tmp_path, monkeypatch):
    page = export(sample_window)
    _asked, target = save_to
    target["name"] = "上传包.zip"
    assert "审核还有 9 处错误未处理" in page.errors_label.text()
    seen: list[int] = []
    monkeypatch.setattr(export_page, "ask_open_errors", lambda _p, errors, *a, **k: seen.append(len(errors)))
    assert not page.export("package")  # cancelled: refused
    assert seen == [9]
    assert page.status.text() == "未生成上传包：有未处理的错误。"
    assert not (tmp_path / "上传包.zip").exists()
    review = sample_window.workspace.page(step_index("review"))
    review.refresh()
    assert review.acknowledge(review.finding_of(review.item_for("R4")), "差额系四舍五入所致")
    reason = "部分数据以财政批复为准，待复核后更正"
    monkeypatch.setattr(export_page, "ask_open_errors", lambda *a, **k: reason)
    assert page.export("package")
    wait_done(qtbot, page)
    data = (tmp_path / "上传包.zip").read_bytes()
    report = verify_package(data)
    assert report.ok, report.lines()
    doc = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    assert doc["open_errors_accepted"]["reason"] == reason
    assert len(doc["open_errors_accepted"]["errors"]) == 9
    acked = doc["acknowledged_warnings"]
    assert [(a["rule_id"], a["location"], a["reason"]) for a in acked] == [
        ("R4", "basic/rows/project/actual", "差额系四舍五入所致")
    ]
    assert page.status.text().splitlines()[-1].startswith("校验通过")


def test_write_failure_is_shown(qtbot, sample_window, save_to, warnings_shown):
    page = export(sample_window)
    _asked, target = save_to
    target["name"] = "没有这个文件夹/报告.pdf"
    assert page.export("pdf")
    wait_done(qtbot, page)
    assert len(warnings_shown) == 1 and "不存在" in warnings_shown[0]
    assert page.status.text().startswith("导出失败：")


def test_attach_preview_and_remove_scans(qtbot, sample_window, tmp_path, warnings_shown, monkeypatch):
    page = export(sample_window)
    block = page.attachments
    session = sample_window.session
    png = scan_png(tmp_path / "签字页1.png")
    monkeypatch.setattr(attachments_block, "ask_open_paths", lambda *_a: [str(png)])
    assert block.add_files() == 1
    assert [a.filename for a in session.package.attachments] == ["签字页1.png"]
    assert not block.preview.pixmap().isNull()
    assert block.info.text().startswith("签字页1.png\nPNG 图片，300×400 像素，")
    fake = tmp_path / "扫描.pdf"
    fake.write_text("这不是PDF", encoding="utf-8")
    pdf = tmp_path / "盖章页.pdf"
    from evaldesk.export.pdf import render_signature_pages

    pdf.write_bytes(render_signature_pages(session.package))
    assert block.add_files([str(fake), str(pdf), str(png)]) == 1
    assert len(warnings_shown) == 1
    assert "不是 PDF、JPG 或 PNG" in warnings_shown[0] and "已经添加过" in warnings_shown[0]
    assert block.list.currentRow() == 1
    pages = len(PdfReader(pdf).pages)
    assert block.info.text().endswith(f"，{pages} 页") and block.info.text().startswith("盖章页.pdf\nPDF，")
    block.list.setCurrentRow(0)
    assert block.remove_current()
    assert [a.filename for a in session.package.attachments] == ["盖章页.pdf"]
    sample_window.undo_action.trigger()
    assert [a.filename for a in session.package.attachments] == ["签字页1.png", "盖章页.pdf"]
    assert block.list.count() == 2


def test_print_signature_pages_through_the_preview(qtbot, sample_window, monkeypatch, tmp_path):
    page = export(sample_window)
    shown: list[printing.PrintJob] = []
    monkeypatch.setattr(printing, "preview", lambda _parent, job: shown.append(job) or True)
    assert page.print_pages(True)
    wait_done(qtbot, page)
    job = shown[0]
    from evaldesk.export.pdf import render_signature_pages

    expected = len(PdfReader(io.BytesIO(render_signature_pages(sample_window.session.package))).pages)
    assert len(job.pages) == expected
    # What the preview's 打印 does: every page image on its own sheet.
    printer = printing.make_printer("签字页")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert printing.paint_pages(printer, job.pages) == expected
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == expected


def test_no_printing_offers_the_pdf_reader(qtbot, sample_window, monkeypatch):
    page = export(sample_window)
    monkeypatch.setattr(printing, "can_print", lambda: False)
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: texts.append(box.text()) or 0)
    assert not page.print_pages(False)
    assert texts == [printing.NO_PRINTING]


def test_export_shows_the_exporters_warnings(qtbot, sample_window, save_to, tmp_path):
    """The CLI printed the PDF's warnings (a character no font has); the window dropped them."""
    sample_window.session.package.footer.preparer = "李\U0002a6d6"
    page = export(sample_window)
    _asked, target = save_to
    target["name"] = "报告.pdf"
    assert page.export("pdf")
    wait_done(qtbot, page)
    assert "注意：字符“\U0002a6d6”（U+2A6D6）在所有内置字体中都没有字形" in page.status.text()
