"""Opening drafts from the window: the sample copy, damaged files and the offer to restore a backup, and a
draft being edited in another window (offered read-only — it is busy, not damaged: no restore offer)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from evaldesk.core import paths, sample
from evaldesk.core.errors import EvalDeskError, FileFormatError, FileInUseError
from evaldesk.core.storage import Draft, ReadOnlyDraft, list_backups, restore_latest_good

log = logging.getLogger(__name__)

SAMPLE_NAME = "示例-岳阳楼区应急管理局-2023.evaldesk"
RECENT_KEY = "recentFiles"
MAX_RECENT = 8
FILE_FILTER = "自评包 (*.evaldesk);;所有文件 (*)"


def settings() -> QSettings:
    """The app's settings store (organisation EvalDesk)."""
    return QSettings("EvalDesk", "EvalDesk")


def sample_path() -> Path:
    """Where the clerk's own copy of the built-in sample lives."""
    return paths.user_data_dir() / SAMPLE_NAME


def open_sample() -> Draft:
    """Open the sample copy, making a fresh one from the built-in sample when it is missing."""
    p = sample_path()
    if not p.exists():
        return Draft.create(p, sample.load_sample())
    return Draft.open(p)


def recent_files() -> list[Path]:
    value = settings().value(RECENT_KEY, [])
    items: list[object] = (
        [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    )
    return [Path(v) for v in items if isinstance(v, str) and v]


def remember_recent(path: Path) -> None:
    items = [str(path)] + [str(p) for p in recent_files() if p != path]
    settings().setValue(RECENT_KEY, items[:MAX_RECENT])


def forget_recent(path: Path) -> None:
    settings().setValue(RECENT_KEY, [str(p) for p in recent_files() if p != path])


def open_draft(parent: QWidget | None, path: Path) -> Draft | ReadOnlyDraft | None:
    """Open ``path``; a damaged file gets a clear message and the offer to restore its newest good backup,
    a draft open in another window the offer to open it read-only.

    Returns ``None`` (after telling the clerk why) when the file cannot be opened.
    """
    try:
        return Draft.open(path)
    except FileInUseError as e:
        return offer_read_only(parent, path, str(e))
    except FileFormatError as e:
        return _offer_restore(parent, path, str(e))
    except EvalDeskError as e:
        QMessageBox.warning(parent, "无法打开", str(e))
        return None


def offer_read_only(parent: QWidget | None, path: Path, message: str) -> ReadOnlyDraft | None:
    """The draft is being edited elsewhere: say so, and offer to show it read-only."""
    box = QMessageBox(QMessageBox.Icon.Information, "正在另一个窗口中编辑", message, parent=parent)
    box.setInformativeText(
        "可以以只读方式打开它，查看、打印或导出现在保存的内容；要修改，请回到正在编辑它的窗口。"
    )
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    if box.clickedButton() is not read_only:
        return None
    try:
        return ReadOnlyDraft.open(path)
    except EvalDeskError as e:
        QMessageBox.warning(parent, "无法打开", str(e))
        return None


def _offer_restore(parent: QWidget | None, path: Path, message: str) -> Draft | None:
    backups: list[Any] = []
    if path.exists():
        try:
            backups = list_backups(path)
        except EvalDeskError:
            backups = []
    if not backups:
        QMessageBox.warning(parent, "无法打开", message)
        return None
    d = backups[0].created
    newest = f"{d.year}年{d.month}月{d.day}日 {d:%H:%M}"
    box = QMessageBox(QMessageBox.Icon.Warning, "无法打开", message, parent=parent)
    box.setInformativeText(
        f"绩效自评助手保留了这个文件的备份（最近一次：{newest}）。要用最近一份完好的备份恢复它吗？"
        "当前的文件会改名保留，不会删除。"
    )
    restore = box.addButton("从备份恢复", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return None
    try:
        used = restore_latest_good(path)
        draft = Draft.open(path)
    except FileInUseError as e:  # opened in another window meanwhile: nothing was replaced
        QMessageBox.warning(parent, "无法恢复", str(e))
        return None
    except EvalDeskError as e:
        QMessageBox.warning(parent, "无法恢复", str(e))
        return None
    log.info("restored %s from %s", path, used)
    QMessageBox.information(parent, "已恢复", f"已用备份“{used.name}”恢复“{path.name}”。")
    return draft
