"""签字盖章页扫描件: add scans (checked by content), preview them, remove them — each an undoable edit."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import attachments, edits, model
from evaldesk.core.errors import InputError
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import short_name
from evaldesk.ui.pages.base import Block, hint_label

PATH: edits.Path = ("attachments",)
FILTER = "签字页扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)"
log = logging.getLogger(__name__)


def ask_open_paths(parent: QWidget, start: str) -> list[str]:
    """The scans the clerk picked (tests patch this)."""
    chosen, _ = QFileDialog.getOpenFileNames(parent, "添加签字盖章页扫描件", start, FILTER)
    return list(chosen)


def size_text(n: int) -> str:
    """``1.2 MB`` / ``350 KB``."""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def pdf_pages(data: bytes) -> int | None:
    """The page count of a PDF scan (``None`` when it cannot be told)."""
    try:
        import pypdfium2

        doc = pypdfium2.PdfDocument(data)
        try:
            return len(doc)
        finally:
            doc.close()
    except Exception:  # a damaged PDF still shows its name and size
        log.info("could not count pages of an attached PDF", exc_info=True)
        return None


def thumbnail(data: bytes, box: QSize) -> QPixmap:
    """A scan image decoded at thumbnail size (a 20 MB JPEG is not decoded in full)."""
    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


class AttachmentsBlock(Block):
    """The scans list with a preview beside it."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__("签字盖章页扫描件", parent)
        self.session = session
        self._info_cache: dict[str, str] = {}
        em = self.fontMetrics().horizontalAdvance("中")
        self.list = QListWidget()
        self.list.setAccessibleName("签字页扫描件")
        self.list.setMinimumWidth(em * 18)
        self.list.setMaximumHeight(em * 9)
        self.list.currentRowChanged.connect(self._preview)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(em * 7, em * 9)
        self.preview.setStyleSheet("border: 1px solid #ccc; background: #fafafa; color: #777;")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton("添加扫描件…")
        self.add_button.clicked.connect(self.add_files)
        self.remove_button = QPushButton("删除")
        self.remove_button.clicked.connect(self.remove_current)
        side = QVBoxLayout()
        side.addWidget(self.info)
        side.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.preview)
        row.addLayout(side, 1)
        self.add(row)
        self.add(
            hint_label(
                "打印签字页，请单位负责人签字、加盖公章后扫描（PDF、JPG或PNG，300 dpi 即可），在这里添加；"
                "扫描件会随上传包一起提交。添加后请勿再修改数据，否则签字页上的数据指纹将与上传包不一致。"
            )
        )
        session.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, edit: Any) -> None:
        if any(p[:1] == PATH for p in edits.edit_paths(edit)):
            self.refresh()

    def refresh(self) -> None:
        row = self.list.currentRow()
        self.list.clear()
        for att in self.session.package.attachments:
            label = attachments.TYPE_LABELS.get(att.mime, att.mime)
            item = QListWidgetItem(f"{att.filename}（{label}，{size_text(len(att.data))}）")
            item.setData(Qt.ItemDataRole.UserRole, att.id)
            self.list.addItem(item)
        n = self.list.count()
        if n:
            self.list.setCurrentRow(min(max(row, 0), n - 1))
        else:
            self._preview(-1)
        self.remove_button.setEnabled(n > 0)

    def _preview(self, row: int) -> None:
        atts = self.session.package.attachments
        if not 0 <= row < len(atts):
            self.preview.setPixmap(QPixmap())
            self.preview.setText("无扫描件")
            self.info.setText("还没有添加签字页扫描件。")
            return
        att = atts[row]
        if att.mime == attachments.MIME_PDF:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("PDF")
            pages = self._info_cache.get(att.id)
            if pages is None:
                n = pdf_pages(att.data)
                pages = self._info_cache[att.id] = f"{n} 页" if n is not None else "页数无法读取"
            self.info.setText(f"{att.filename}\nPDF，{size_text(len(att.data))}，{pages}")
            return
        pix = thumbnail(att.data, self.preview.size())
        self.preview.setPixmap(pix)
        if pix.isNull():
            self.preview.setText("无法预览")
        dims = attachments.image_size(att.mime, att.data)
        dim_text = f"{dims.width}×{dims.height} 像素，" if dims else ""
        label = attachments.TYPE_LABELS.get(att.mime, att.mime)
        self.info.setText(f"{att.filename}\n{label}，{dim_text}{size_text(len(att.data))}")

    def add_files(self, paths: list[str] | None = None) -> int:
        """Attach the files (asks when ``paths`` is None); returns how many were added."""
        if paths is None:
            start = str(self.session.path.parent)
            paths = ask_open_paths(self, start)
        existing = list(self.session.package.attachments)
        added: list[model.Attachment] = []
        problems: list[str] = []
        for p in paths:
            try:
                data = Path(p).read_bytes()
            except OSError as e:
                problems.append(f"无法读取“{Path(p).name}”：{e.strerror or e}")
                continue
            try:
                att = attachments.make_attachment(Path(p).name, data, existing + added)
            except InputError as e:
                problems.append(str(e))
                continue
            added.append(att)
        if added:
            n = len(existing)
            batch = edits.Batch(tuple(edits.InsertItem(PATH, n + k, a) for k, a in enumerate(added)))
            label = f"添加签字页扫描件“{short_name(added[0].filename)}”" + (
                f"等{len(added)}个" if len(added) > 1 else ""
            )
            if self.session.push(batch, label):
                self.list.setCurrentRow(n + len(added) - 1)
            else:
                added = []
        if problems:
            QMessageBox.warning(self, "未能添加扫描件", "\n\n".join(problems))
        return len(added)

    def remove_current(self) -> bool:
        row = self.list.currentRow()
        atts = self.session.package.attachments
        if not 0 <= row < len(atts):
            return False
        name = short_name(atts[row].filename)
        if self.session.push(edits.RemoveItem(PATH, row), f"删除签字页扫描件“{name}”"):
            self.session.notice.emit(f"已删除扫描件“{name}”，可按 Ctrl+Z 撤销。")
            return True
        return False
