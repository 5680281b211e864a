"""上年自评包: the package a draft was carried over from (or one the clerk picks), remembered per draft.

The session holds the package (``DocumentSession.last_year``); this module remembers where it came from,
in the settings under a key made from the draft's absolute path, so that it comes back when the draft is
reopened, and asks the clerk for one (选择上年自评包…, shared by the 自评报告 page and 与上年对比).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evaldesk.ui.document import documents

if TYPE_CHECKING:
    from evaldesk.ui.document.session import DocumentSession

GROUP = "lastYearPackage"
READ_ERROR_TITLE = "无法读取上年自评包"
CHOOSE_TITLE = "选择上一年度的自评包"
CHOOSE_TEXT = "选择上年自评包…"
CHOOSE_TIP = "选择上一年度的自评包（草稿 .evaldesk、上传包 .zip、Excel 工作簿或 JSON），本草稿会记住它"


def _canonical(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def settings_key(draft_path: Path) -> str:
    """The settings key for a draft: a digest of its absolute path (a path itself holds ``/`` and ``\\``,
    which the settings store reads as groups)."""
    return f"{GROUP}/{hashlib.sha1(_canonical(draft_path).encode('utf-8')).hexdigest()}"


def remembered(draft_path: Path) -> Path | None:
    """Where the last-year package of the draft at ``draft_path`` was loaded from, if remembered."""
    value = documents.settings().value(settings_key(draft_path))
    return Path(value) if isinstance(value, str) and value else None


def remember(draft_path: Path, source: Path | None) -> None:
    """Remember ``source`` for the draft (``None`` forgets it)."""
    s = documents.settings()
    if source is None:
        s.remove(settings_key(draft_path))
    else:
        s.setValue(settings_key(draft_path), str(Path(source).resolve()))


def same_file(a: Path, b: Path) -> bool:
    return _canonical(a) == _canonical(b)


def load(parent: QWidget | None, session: DocumentSession, path: Path) -> bool:
    """Read ``path`` (any kind ``read_any`` reads) as the session's last-year package; a dialog says why not."""
    from evaldesk.ui.document.import_dialog import read_file

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
    from evaldesk.ui.document.import_dialog import OPEN_FILTER

    start = session.last_year_path or session.path
    chosen, _ = QFileDialog.getOpenFileName(parent, CHOOSE_TITLE, str(start.parent), OPEN_FILTER)
    return bool(chosen) and load(parent, session, Path(chosen))
