"""Rotating backup copies of a draft, kept in the clerk's data folder (not beside the program).

Each draft has its own folder ``paths.backups_dir()/<stem>-<hash of its absolute path>/`` holding
copies named ``<YYYYmmdd-HHMMSS-ffffff>-<reason>.evaldesk``. Copies are made with SQLite's backup API,
so a copy is consistent even while the draft is open.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from evaldesk.core import paths
from evaldesk.core.errors import EvalDeskError, StorageError
from evaldesk.core.storage import filelock, sqlitefile

DEFAULT_KEEP = 10
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})-([a-z0-9_]+)(?:-\d+)?\.evaldesk$")
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class Backup:
    """One backup copy of a draft."""

    path: Path
    created: _dt.datetime  # local time
    reason: str  # "open", "migrate", "export", "manual" …
    size: int  # bytes


def backup_folder(draft: Path | str) -> Path:
    """The folder holding the backups of the draft at ``draft`` (created when missing)."""
    absolute = os.path.normcase(str(Path(draft).resolve()))
    digest = hashlib.sha256(absolute.encode("utf-8")).hexdigest()[:10]
    try:
        folder = paths.backups_dir() / f"{Path(draft).stem}-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(f"无法使用备份文件夹（{sqlitefile.describe_error(e)}）。") from e
    return folder


def make_backup(
    draft: Path | str,
    reason: str = "open",
    *,
    source: sqlite3.Connection | None = None,
    keep: int = DEFAULT_KEEP,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Path:
    """Copy the draft into its backup folder and prune old copies; returns the new copy's path.

    ``source`` is an open connection to the draft (the open draft's own, which holds the file's lock);
    without it the file is opened read-only.
    """
    if not re.fullmatch(r"[a-z0-9_]+", reason):
        raise ValueError(f"backup reason must be [a-z0-9_]+: {reason!r}")
    draft = Path(draft)
    try:
        folder = backup_folder(draft)
        stamp = _dt.datetime.now().strftime(_STAMP)
        target = folder / f"{stamp}-{reason}.evaldesk"
        n = 1
        while target.exists():  # two copies in the same microsecond
            target = folder / f"{stamp}-{reason}-{n}.evaldesk"
            n += 1
        tmp = sqlitefile.temp_path_beside(target)
        try:
            conn = source if source is not None else sqlitefile.connect_ro(draft)
            try:
                sqlitefile.copy_database(conn, tmp)
            finally:
                if source is None:
                    conn.close()
            sqlitefile.replace_atomically(tmp, target)
        finally:
            sqlitefile.remove_quietly(tmp)
    except (OSError, sqlite3.Error) as e:
        raise StorageError(f"无法为“{draft.name}”制作备份（{sqlitefile.describe_error(e)}）。") from e
    prune(draft, keep=keep, max_bytes=max_bytes)
    return target


def list_backups(draft: Path | str) -> list[Backup]:
    """The draft's backups, newest first."""
    out = []
    for entry in backup_folder(draft).iterdir():
        m = _NAME.match(entry.name)
        if not m or not entry.is_file():
            continue
        try:
            created = _dt.datetime.strptime(m.group(1), _STAMP)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        out.append(Backup(entry, created, m.group(2), size))
    out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return out


def prune(draft: Path | str, keep: int = DEFAULT_KEEP, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Path]:
    """Delete all but the newest ``keep`` copies, and older copies beyond ``max_bytes`` in total.

    The newest copy is always kept, however large. Returns the paths deleted.
    """
    removed = []
    total = 0
    for i, backup in enumerate(list_backups(draft)):
        total += backup.size
        if i == 0 or (i < keep and total <= max_bytes):
            continue
        with contextlib.suppress(OSError):
            backup.path.unlink()
            removed.append(backup.path)
    return removed


class IntactDraftError(StorageError):
    """Restoring was refused: the draft is not damaged, and a backup would roll back its newest edits."""


def restore_latest_good(draft: Path | str, *, force: bool = False) -> Path:
    """Replace the draft with its newest backup that passes the checks; returns that backup's path.

    The file being replaced (and any journal beside it) is kept as ``<name>.damaged-<timestamp>``.
    Raises FileInUseError when the draft is open in another window or program (it is busy, not
    damaged), IntactDraftError when it passes ``integrity_check`` (unless ``force``), and StorageError
    when no backup is usable.
    """
    draft = Path(draft)
    with filelock.acquire(draft):
        sqlitefile.refuse_if_busy(draft)
        if not force and draft.exists() and sqlitefile.passes_integrity_check(draft):
            raise IntactDraftError(
                f"草稿文件“{draft.name}”是完好的（通过了完整性检查），不需要从备份恢复；"
                "恢复会用较早的备份覆盖它，丢失之后的修改。文件没有改动。"
            )
        return _restore(draft)


def _restore(draft: Path) -> Path:
    good = None
    for backup in list_backups(draft):
        try:
            sqlitefile.read_file(backup.path)
        except EvalDeskError:
            continue  # a damaged copy (or one from a newer program): try an older one
        good = backup
        break
    if good is None:
        raise StorageError(f"没有找到“{draft.name}”的可用备份，无法恢复。")
    try:
        tmp = sqlitefile.temp_path_beside(draft)
        try:
            src = sqlitefile.connect_ro(good.path)
            try:
                sqlitefile.copy_database(src, tmp)
            finally:
                src.close()
            sqlitefile.fsync_file(tmp)
            stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            if draft.exists():
                os.replace(draft, draft.with_name(f"{draft.name}.damaged-{stamp}"))
            for suffix in sqlitefile.SIDECARS:
                side = Path(f"{draft}{suffix}")
                if side.exists():  # keep the damaged file's journal with it, away from the restored file
                    os.replace(side, draft.with_name(f"{draft.name}.damaged-{stamp}{suffix}"))
            sqlitefile.replace_atomically(tmp, draft)
        finally:
            sqlitefile.remove_quietly(tmp)
    except (OSError, sqlite3.Error) as e:
        raise StorageError(f"从备份恢复“{draft.name}”失败（{sqlitefile.describe_error(e)}）。") from e
    return good.path
