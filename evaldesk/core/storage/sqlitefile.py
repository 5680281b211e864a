"""The draft as a file: connections, checking a file before touching it, atomic replacement, migration of a
copy, and Chinese messages for what SQLite reports.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from evaldesk.core import model
from evaldesk.core.atomic import clean_stale_temps as clean_stale_temps
from evaldesk.core.atomic import temp_name
from evaldesk.core.errors import FileFormatError, FileInUseError, StorageError
from evaldesk.core.storage import codec, filelock, schema

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECARS = ("-journal", "-wal", "-shm")
# Waiting longer for a lock only delays the message when another window holds the draft.
LOCK_TIMEOUT = 0.5


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection: opening this way can never change the file."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=LOCK_TIMEOUT)


def connect_rw(path: Path, create: bool = False) -> sqlite3.Connection:
    """A read-write connection with the settings every write relies on.

    journal_mode=DELETE leaves no sidecar file once closed; synchronous=FULL makes each commit durable;
    locking_mode=EXCLUSIVE keeps a second window (or program) from editing the same draft behind our back.
    """
    uri = Path(path).resolve().as_uri() + ("?mode=rwc" if create else "?mode=rw")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=LOCK_TIMEOUT)
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE").fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


def describe_error(e: BaseException) -> str:
    """A short Chinese reason for an error raised while reading or writing a draft."""
    name = getattr(e, "sqlite_errorname", "") or ""
    for prefix, text in (
        ("SQLITE_FULL", "磁盘空间不足"),
        ("SQLITE_READONLY", "文件或所在文件夹是只读的"),
        ("SQLITE_BUSY", "文件正被另一个窗口或程序使用"),
        ("SQLITE_LOCKED", "文件正被另一个窗口或程序使用"),
        ("SQLITE_CORRUPT", "文件已损坏"),
        ("SQLITE_NOTADB", "文件已损坏或不是草稿文件"),
        ("SQLITE_IOERR", "读写文件时出错"),
        ("SQLITE_CANTOPEN", "无法打开文件"),
        ("SQLITE_AUTH", "操作被拒绝"),
        ("SQLITE_CONSTRAINT", "数据不符合文件结构的要求（例如项目编号重复）"),
    ):
        if name.startswith(prefix):
            return text
    if isinstance(e, PermissionError):
        return "没有权限读写该文件"
    if isinstance(e, FileNotFoundError):
        return "文件或文件夹不存在"
    if isinstance(e, OSError):
        return f"操作系统错误 {e.errno}" if e.errno else "操作系统错误"
    if isinstance(e, (TypeError, ValueError, AttributeError)):
        return "数据类型不正确"
    if isinstance(e, sqlite3.Error):
        return "数据库错误"
    return "未知错误"


def _damaged(path: Path, why: str) -> FileFormatError:
    return FileFormatError(f"草稿文件“{path.name}”已损坏（{why}），无法打开。可以从自动备份中恢复。")


def _not_ours(path: Path) -> FileFormatError:
    return FileFormatError(f"文件“{path.name}”不是绩效自评助手的草稿文件。")


def check_header(path: Path) -> None:
    """Refuse a path that cannot be a draft, from its first bytes (before SQLite sees it)."""
    if not path.exists():
        raise FileFormatError(f"找不到文件“{path}”。")
    if not path.is_file():
        raise FileFormatError(f"“{path}”不是一个文件。")
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as e:
        raise FileFormatError(f"无法读取文件“{path.name}”（{describe_error(e)}）。") from None
    if size == 0:
        raise FileFormatError(f"文件“{path.name}”是空的（0 字节），不是有效的草稿文件。")
    if head.startswith(SQLITE_HEADER):
        if len(head) < 100:
            raise _damaged(path, "文件不完整")
        return
    if not head.strip(b"\x00"):
        raise _damaged(path, "文件内容全是空白字节")
    raise _not_ours(path)


def check_file(path: Path) -> int:
    """Check that ``path`` is an intact draft this program can open; returns its schema version.

    Only reads: the file is opened read-only. The one exception is SQLite's own crash recovery — a
    draft whose last write was interrupted has a "hot" journal that must be rolled back to be readable.
    """
    path = Path(path)
    check_header(path)
    try:
        return _check_sqlite(path)
    except sqlite3.OperationalError as e:
        if getattr(e, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK":
            raise _sqlite_error(path, e) from None
    _recover_hot_journal(path)
    try:
        return _check_sqlite(path)
    except sqlite3.Error as e:
        raise _sqlite_error(path, e) from None


def _check_sqlite(path: Path) -> int:
    try:
        conn = connect_ro(path)
    except sqlite3.Error as e:
        raise _sqlite_error(path, e) from None
    try:
        if int(conn.execute("PRAGMA application_id").fetchone()[0]) != schema.APPLICATION_ID:
            raise _not_ours(path)
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
        if path.stat().st_size < page_size * page_count:
            raise _damaged(path, "文件不完整，可能在复制或保存时被截断")
        # integrity_check, not quick_check: only it compares each index with its table, and a draft
        # written by two programs at once had "row missing from index" that quick_check let through.
        result = conn.execute("PRAGMA integrity_check(1)").fetchone()
        if not result or result[0] != "ok":
            raise _damaged(path, "完整性检查未通过")
        version = schema.user_version(conn)
        if version > schema.latest_version():
            raise schema.newer_version_error(version)
        if version < 1:
            raise _not_ours(path)
        return version
    except sqlite3.OperationalError as e:
        if getattr(e, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
            raise
        raise _sqlite_error(path, e) from None
    except sqlite3.Error as e:
        raise _sqlite_error(path, e) from None
    finally:
        conn.close()


def is_busy(e: BaseException) -> bool:
    """Whether SQLite refused because another connection holds the file (in use, not damaged)."""
    return (getattr(e, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _sqlite_error(path: Path, e: sqlite3.Error) -> FileFormatError | FileInUseError:
    name = getattr(e, "sqlite_errorname", "") or ""
    if is_busy(e):
        return FileInUseError(filelock.in_use_message(path))
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return FileFormatError(f"无法打开文件“{path.name}”（{describe_error(e)}）。")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return _damaged(path, "数据结构不完整或被破坏")
    return _damaged(path, describe_error(e))


def _recover_hot_journal(path: Path) -> None:
    # Opening read-write and reading makes SQLite roll back the interrupted transaction: the file
    # returns to its last committed state, which is exactly what the clerk last saw saved.
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True, timeout=LOCK_TIMEOUT)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise _sqlite_error(path, e) from None


def inspect_file(
    path: Path, load_current: bool = False, steps: Sequence[schema.Step] | None = None
) -> tuple[int, model.Package | None]:
    """Check a draft read-only; returns its schema version and, with ``load_current``, its package
    when it is at the current version (``None`` when it needs migrating first)."""
    path = Path(path)
    version = check_file(path)
    if not load_current or version != schema.latest_version(steps):
        return version, None
    try:
        src = connect_ro(path)
        try:
            return version, codec.read_package(src, path.name)
        finally:
            src.close()
    except sqlite3.Error as e:
        raise _sqlite_error(path, e) from None


def read_file(path: Path, steps: Sequence[schema.Step] | None = None) -> model.Package:
    """Check and load a draft without changing it; an older file is migrated in memory, not on disk.

    A draft this process has open is refused before its file is touched: reading it would close a
    descriptor of it, and on POSIX that drops the lock SQLite holds for the open draft.
    """
    path = Path(path)
    if filelock.held_here(path):
        raise FileInUseError(filelock.in_use_message(path))
    version, package = inspect_file(path, load_current=True, steps=steps)
    if package is not None:
        return package
    try:
        src = connect_ro(path)
        try:
            mem = sqlite3.connect(":memory:", isolation_level=None)
            try:
                src.backup(mem)
                schema.migrate_connection(mem, steps)
                return codec.read_package(mem, path.name)
            finally:
                mem.close()
        finally:
            src.close()
    except sqlite3.Error as e:
        raise _sqlite_error(path, e) from None


def refuse_if_busy(path: Path) -> None:
    """FileInUseError when some program holds SQLite's lock on the draft at ``path`` (before replacing it).

    Anything that is not a readable SQLite file cannot be in use as a draft and passes.
    """
    if not path.is_file():
        return
    try:
        conn = connect_ro(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as e:
        if is_busy(e):
            raise FileInUseError(filelock.in_use_message(path)) from None


def passes_integrity_check(path: Path) -> bool:
    """Whether the file at ``path`` is an intact SQLite database (``PRAGMA integrity_check`` says ok).

    An interrupted commit's journal is rolled back first, as opening does: that is recovery, not damage.
    FileInUseError when another program holds the file.
    """
    try:
        check_header(path)
    except FileFormatError:
        return False
    for attempt in range(2):
        try:
            conn = connect_ro(path)
            try:
                rows = conn.execute("PRAGMA integrity_check(1)").fetchall()
            finally:
                conn.close()
        except sqlite3.Error as e:
            if is_busy(e):
                raise FileInUseError(filelock.in_use_message(path)) from None
            if getattr(e, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK" and attempt == 0:
                try:
                    _recover_hot_journal(path)
                except FileFormatError:
                    return False
                continue
            return False
        return rows == [("ok",)]
    return False


# ---- files ---------------------------------------------------------------------------------------


def temp_path_beside(path: Path) -> Path:
    """A new empty file in ``path``'s folder, so that ``os.replace`` onto ``path`` is atomic."""
    while True:
        tmp = temp_name(path)
        try:
            # Not tempfile.mkstemp: its 0600 mode would end up on the draft; 0666 & umask is what
            # any other program would give a new file.
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


def fsync_file(path: Path) -> None:
    with open(path, "r+b") as f:
        os.fsync(f.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no directory handles to sync)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(tmp: Path, path: Path) -> None:
    """Put the finished file ``tmp`` at ``path`` in one step: the old file or the new, never half."""
    fsync_file(tmp)
    if path.exists():
        with contextlib.suppress(OSError):
            shutil.copymode(path, tmp)  # a replaced file keeps its permissions
    for suffix in SIDECARS:
        # A stale journal of the file being replaced would be "rolled back" into the new file.
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")
    os.replace(tmp, path)
    fsync_dir(path.parent)


def remove_quietly(path: Path) -> None:
    for p in (str(path), *(f"{path}{s}" for s in SIDECARS)):
        with contextlib.suppress(OSError):
            os.remove(p)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back if anything (the commit included) fails."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


def copy_database(src: sqlite3.Connection, dest: Path) -> None:
    """A consistent copy of ``src`` at ``dest`` (an empty file), using SQLite's backup API."""
    out = sqlite3.connect(dest, isolation_level=None)
    try:
        src.backup(out)
        out.execute("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        out.close()


def migrate_file(path: Path, steps: Sequence[schema.Step] | None = None) -> list[int]:
    """Bring the draft at ``path`` to the current schema by migrating a copy and swapping it in.

    Whatever fails, ``path`` is left exactly as it was. Returns the versions run.
    """
    tmp = temp_path_beside(path)
    try:
        src = connect_ro(path)
        try:
            copy_database(src, tmp)
        finally:
            src.close()
        conn = connect_rw(tmp)
        try:
            done = schema.migrate_connection(conn, steps)
            if conn.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
                raise StorageError("升级后的文件未通过完整性检查。")
        finally:
            conn.close()
        replace_atomically(tmp, path)
        return done
    except StorageError as e:
        raise StorageError(f"{e}原文件未改动。") from e
    except sqlite3.Error as e:
        raise StorageError(
            f"升级草稿文件“{path.name}”的格式失败（{describe_error(e)}），原文件未改动。"
        ) from e
    except OSError as e:
        raise StorageError(
            f"升级草稿文件“{path.name}”的格式失败（{describe_error(e)}），原文件未改动。"
        ) from e
    finally:
        remove_quietly(tmp)
