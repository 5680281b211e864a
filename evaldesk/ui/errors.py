"""Unexpected errors: logged to ``logs/evaldesk.log`` and shown in one Chinese dialog that says where the log is.

The window keeps working: the hook returns to Qt's event loop instead of exiting.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from evaldesk.core import paths
from evaldesk.core.errors import EvalDeskError

log = logging.getLogger("evaldesk")
LOG_NAME = "evaldesk.log"
_showing = False


def setup_logging() -> None:
    """Log to ``paths.logs_dir()/evaldesk.log`` (rotating, UTF-8)."""
    root = logging.getLogger()
    if any(getattr(h, "_evaldesk", False) for h in root.handlers):
        return
    try:
        handler = logging.handlers.RotatingFileHandler(
            paths.logs_dir() / LOG_NAME, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return  # no writable data folder: run without a log rather than not at all
    handler._evaldesk = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def log_path() -> Path | None:
    """Where the technical details of an error are written (None when there is no log file)."""
    for h in logging.getLogger().handlers:
        if getattr(h, "_evaldesk", False) and isinstance(h, logging.FileHandler):
            return Path(h.baseFilename)
    return None


def error_dialog(parent: QWidget | None, message: str, details: str) -> QMessageBox:
    """The one error dialog: a plain Chinese message and where the log is.

    ``details`` (the traceback) belongs in the log file, which the caller has written; the clerk is
    shown where that file is, never the traceback itself.
    """
    box = QMessageBox(QMessageBox.Icon.Critical, "出错了", message, QMessageBox.StandardButton.Ok, parent)
    where = log_path()
    if where is not None and details:
        info = f"技术信息已记录在日志文件中：\n{where}\n如果问题反复出现，请把这个文件发给技术支持。"
    else:
        info = "如果问题反复出现，请联系技术支持，并说明刚才进行的操作。"
    box.setInformativeText(info)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def handle_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: log the error and show it; never exits."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None or _showing:
        return
    if isinstance(exc, EvalDeskError):
        message = str(exc)
    else:
        message = "绩效自评助手遇到了一个意外错误，刚才的操作可能没有完成。已保存的修改不受影响。"
    _showing = True  # an error while the dialog is up is logged, not stacked
    try:
        error_dialog(QApplication.activeWindow(), message, details).exec()
    finally:
        _showing = False


def install_excepthook() -> None:
    sys.excepthook = handle_exception
