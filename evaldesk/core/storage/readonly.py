"""A draft opened read-only while another window edits it: a consistent snapshot, kept in memory.

The writer holds SQLite's exclusive lock, so SQLite will not read the file for us. The file's bytes are
read instead — twice, with no commit in progress before, between or after (the writer's journal is not
hot), and both reads equal — and opened as an in-memory database that must pass ``integrity_check``.
Nothing is ever written to the draft; ``apply`` refuses every edit.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from evaldesk.core import edits, model
from evaldesk.core.errors import FileFormatError, FileInUseError, StorageError
from evaldesk.core.storage import backups, codec, filelock, schema, sqlitefile

HOT_JOURNAL_MAGIC = bytes.fromhex(
    "d9d505f920a163d7"
)  # a journal SQLite would roll back: a commit is under way
ATTEMPTS = 20
PAUSE = 0.05  # between attempts: a commit takes milliseconds


def _commit_in_progress(path: Path) -> bool:
    try:
        with open(f"{path}-journal", "rb") as f:
            return f.read(8) == HOT_JOURNAL_MAGIC
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: try again


def _read_consistent(path: Path) -> bytes:
    for _ in range(ATTEMPTS):
        try:
            if _commit_in_progress(path):
                time.sleep(PAUSE)
                continue
            first = path.read_bytes()
            second = path.read_bytes()
        except OSError as e:
            raise FileFormatError(f"无法读取文件“{path.name}”（{sqlitefile.describe_error(e)}）。") from None
        if first == second and not _commit_in_progress(path):
            return first
        time.sleep(PAUSE)
    raise FileInUseError(f"草稿文件“{path.name}”正在另一个窗口中不停地保存，暂时无法读取，请稍后再试。")


def _load_into(mem: sqlite3.Connection, data: bytes) -> None:
    """Fill the empty in-memory ``mem`` with the database image ``data``."""
    if sys.version_info >= (3, 11):
        mem.deserialize(data)
        return
    # Python 3.10 (requires-python) has no ``deserialize``: copy the image through a private temp file.
    with tempfile.TemporaryDirectory(prefix="evaldesk-snapshot-") as folder:
        image = Path(folder) / "snapshot.sqlite"
        image.write_bytes(data)
        src = sqlite3.connect(image)
        try:
            src.backup(mem)
        finally:
            src.close()


def snapshot_connection(path: Path, steps: Sequence[schema.Step] | None = None) -> sqlite3.Connection:
    """An in-memory copy of the draft at ``path``, checked and migrated to the current schema."""
    sqlitefile.check_header(path)
    data = _read_consistent(path)
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _load_into(mem, data)
        if int(mem.execute("PRAGMA application_id").fetchone()[0]) != schema.APPLICATION_ID:
            raise FileFormatError(f"文件“{path.name}”不是绩效自评助手的草稿文件。")
        if mem.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
            raise FileFormatError(f"草稿文件“{path.name}”已损坏（完整性检查未通过），无法打开。")
        version = schema.user_version(mem)
        if version > schema.latest_version(steps):
            raise schema.newer_version_error(version)
        if version < schema.latest_version(steps):
            schema.migrate_connection(mem, steps)  # in memory only
    except sqlite3.Error as e:
        mem.close()
        raise FileFormatError(
            f"草稿文件“{path.name}”已损坏（{sqlitefile.describe_error(e)}），无法打开。"
        ) from None
    except BaseException:
        mem.close()
        raise
    return mem


class ReadOnlyDraft:
    """The draft at ``path`` as it was when opened, for reading, printing and exporting; never written."""

    read_only = True

    def __init__(self, path: Path, conn: sqlite3.Connection, package: model.Package) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = conn
        self.package = package
        self.backup_error: str | None = None

    @classmethod
    def open(cls, path: Path | str) -> ReadOnlyDraft:
        path = Path(path)
        if filelock.held_here(path):  # reading would close a descriptor of it, dropping SQLite's lock
            raise FileInUseError(filelock.in_use_message(path))
        conn = snapshot_connection(path)
        try:
            package = codec.read_package(conn, path.name)
        except sqlite3.Error as e:
            conn.close()
            raise FileFormatError(
                f"草稿文件“{path.name}”已损坏（{sqlitefile.describe_error(e)}），无法打开。"
            ) from None
        return cls(path, conn, package)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def closed(self) -> bool:
        return self._conn is None

    def _refuse(self) -> StorageError:
        return StorageError(f"“{self._path.name}”是以只读方式打开的（正在另一个窗口中编辑），修改不会保存。")

    def apply(self, edit: edits.Edit) -> edits.Edit:  # noqa: ARG002 - Draft's interface, refused
        raise self._refuse()

    def apply_all(self, many: Sequence[edits.Edit]) -> list[edits.Edit]:  # noqa: ARG002 - Draft's interface, refused
        raise self._refuse()

    def save_all(self) -> None:
        raise self._refuse()

    def backup(self, reason: str = "manual") -> Path:
        """A backup of what is shown (the snapshot), e.g. before an export."""
        if self._conn is None:
            raise StorageError(f"草稿文件“{self._path.name}”已关闭。")
        return backups.make_backup(self._path, reason, source=self._conn)

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    def __enter__(self) -> ReadOnlyDraft:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ReadOnlyDraft {str(self._path)!r} {'closed' if self.closed else 'open'}>"
