"""选择上年自评包…: asking the clerk for last year's package (shared by the 自评报告 page and 与上年对比)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evaldesk.ui.document.import_dialog import OPEN_FILTER, read_file
from evaldesk.ui.document.last_year import same_file
from evaldesk.ui.document.session import DocumentSession

READ_ERROR_TITLE = "无法读取上年自评包"
CHOOSE_TITLE = "选择上一年度的自评包"
CHOOSE_TEXT = "选择上年自评包…"
CHOOSE_TIP = "选择上一年度的自评包（草稿 .evaldesk、上传包 .zip、Excel 工作簿或 JSON），本草稿会记住它"


def load(parent: QWidget | None, session: DocumentSession, path: Path) -> bool:
    """Read ``path`` (any kind ``read_any`` reads) as the session's last-year package; a dialog says why not."""
    if same_file(path, session.path):
        QMessageBox.warning(parent, READ_ERROR_TITLE, "所选文件就是正在编辑的草稿，请选择上一年度的自评包。")
        return False
    pkg = read_file(parent, Path(path), READ_ERROR_TITLE)
    if pkg is None:
        return False
    session.set_last_year(pkg, Path(path))
    return True


def choose(parent: QWidget | None, session: DocumentSession) -> bool:
    """选择上年自评包…: a file dialog (starting beside the draft), then :func:`load`."""
    start = session.last_year_path or session.path
    chosen, _ = QFileDialog.getOpenFileName(parent, CHOOSE_TITLE, str(start.parent), OPEN_FILTER)
    return bool(chosen) and load(parent, session, Path(chosen))
