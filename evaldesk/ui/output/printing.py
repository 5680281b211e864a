"""Printing the package: the PDF's pages as images, through Qt's print preview and the system printer.

PySide6-Essentials has no PDF renderer, and PySide6-Pdf is only published for a Qt release we cannot
use, so the pages are rasterised by pypdfium2 (PDFium, the renderer of Chrome, shipped inside its wheel
for Windows, macOS and Linux). Should it be missing, the page offers to open the PDF in the system's PDF
reader instead. Rasterising runs off the GUI thread (:func:`rasterize` is pure: bytes in, PNG files
out); :func:`paint_pages` draws them on any QPrinter.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QTransform
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from evaldesk.core.errors import EvalDeskError

PRINT_DPI = 200  # sharp enough for 3号 text and table rules, small enough to keep 40 pages in a temp folder
NO_PRINTING = (
    "本机缺少把PDF转换为打印页面的组件（pypdfium2），无法在本程序中直接打印。"
    "请用PDF阅读器（如WPS、福昕阅读器、Adobe Reader或浏览器）打开导出的PDF后打印。"
)


class PrintError(EvalDeskError):
    """The pages could not be prepared for printing (Chinese message)."""


def can_print() -> bool:
    """Whether the pages can be rasterised for printing on this machine."""
    return importlib.util.find_spec("pypdfium2") is not None


def rasterize(pdf: bytes, folder: Path, dpi: int = PRINT_DPI) -> list[Path]:
    """Render every page of ``pdf`` to ``folder/page-N.png``; returns the files in page order."""
    if not can_print():
        raise PrintError(NO_PRINTING)
    import pypdfium2

    pages: list[Path] = []
    try:
        doc = pypdfium2.PdfDocument(pdf)
        try:
            for i in range(len(doc)):
                out = folder / f"page-{i + 1}.png"
                doc[i].render(scale=dpi / 72).to_pil().save(out)
                pages.append(out)
        finally:
            doc.close()
    except (pypdfium2.PdfiumError, OSError, ValueError) as e:
        raise PrintError(f"无法准备打印页面（{e}）。请导出PDF后用PDF阅读器打印。") from e
    if not pages:
        raise PrintError("无法准备打印页面：PDF中没有页面。")
    return pages


class PrintJob:
    """Rasterised pages in a temporary folder (removed by :meth:`cleanup` or when collected)."""

    def __init__(self, title: str) -> None:
        self.title = title
        self._tmp = tempfile.TemporaryDirectory(prefix="evaldesk-print-")
        self.folder = Path(self._tmp.name)
        self.pages: list[Path] = []

    def render(self, pdf: bytes) -> PrintJob:
        """Rasterise ``pdf`` (call on a worker thread); returns itself."""
        self.pages = rasterize(pdf, self.folder)
        return self

    def cleanup(self) -> None:
        self._tmp.cleanup()


def paint_pages(printer: QPrinter, pages: list[Path]) -> int:
    """Draw each page image on its own sheet, fitted to the printable area; returns the pages drawn.

    A landscape page (a wide 附件 table) is turned to fit portrait paper, as PDF readers do.
    """
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    drawn = 0
    try:
        for n, path in enumerate(pages):
            if n:
                printer.newPage()
            image = QImage(str(path))
            if image.isNull():
                continue
            area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            area.moveTo(0, 0)
            if (image.width() > image.height()) != (area.width() > area.height()):
                image = image.transformed(QTransform().rotate(90))
            size = image.size().toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                area.x() + (area.width() - size.width()) / 2,
                area.y() + (area.height() - size.height()) / 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
            drawn += 1
    finally:
        painter.end()
    return drawn


def make_printer(title: str) -> QPrinter:
    """A high-resolution A4 portrait printer named after the document."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def preview(parent: QWidget | None, job: PrintJob) -> bool:
    """The print preview (its 打印 button opens the system print dialog); ``True`` when printed."""
    printer = make_printer(job.title)
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.setWindowTitle(f"打印预览 — {job.title}")
    dlg.paintRequested.connect(lambda p: paint_pages(p, job.pages))
    return bool(dlg.exec())
