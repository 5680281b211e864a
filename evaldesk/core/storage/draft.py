"""``Draft``: one open ``*.evaldesk`` file and the package it holds, kept in step edit by edit.

Every edit is committed as it is made, in one transaction covering just the parts it touched; if the
commit fails the edit is undone in memory too, so what the clerk sees is always what the file holds.
"""

from __future__ import annotations

import contextlib
import copy
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from evaldesk.core import edits, model
from evaldesk.core.errors import FileFormatError, FileInUseError, StorageError
from evaldesk.core.storage import backups, codec, filelock, schema, sqlitefile, writer


class Draft:
    """An open draft file. Create with ``Draft.create`` or ``Draft.open``; close with ``close()``.

    ``package`` is the draft's own copy of the package: change it only through ``apply``. While it is
    open no other window or program can write the file (``filelock`` and SQLite's exclusive lock):
    a second ``open``/``create`` of the same path raises FileInUseError.
    """

    read_only = False

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        package: model.Package,
        lock: filelock.DraftLock | None = None,
    ) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = conn
        self._lock = lock
        self.package = package
        self._attachments: writer.AttachmentSnapshot | None = writer.attachment_snapshot(package)
        # Set when the backup copy on open failed (disk full, data folder not writable): the UI warns.
        self.backup_error: str | None = None

    # ---- opening ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, package: model.Package) -> Draft:
        """Write ``package`` as a new draft at ``path`` (replacing any file there, atomically) and open it.

        A draft at ``path`` that is open elsewhere is never replaced: FileInUseError, nothing written.
        """
        path = Path(path)
        package = copy.deepcopy(package)
        if not path.parent.is_dir():
            raise StorageError(f"无法保存草稿文件“{path.name}”：文件夹“{path.parent}”不存在。")
        lock = filelock.acquire(path)
        try:
            sqlitefile.refuse_if_busy(path)  # held by a program that does not use the lock file
            sqlitefile.clean_stale_temps(path)
            cls._write_new(path, package)
            return cls(path, cls._connect(path), package, lock)
        except BaseException:
            lock.release()
            raise

    @staticmethod
    def _write_new(path: Path, package: model.Package) -> None:
        tmp: Path | None = None
        try:
            tmp = sqlitefile.temp_path_beside(path)
            conn = sqlitefile.connect_rw(tmp, create=True)
            try:
                schema.migrate_connection(conn)  # from version 0: builds the tables
                with sqlitefile.transaction(conn):
                    writer.write_all(conn, package)
            finally:
                conn.close()
            sqlitefile.replace_atomically(tmp, path)
        except (OSError, sqlite3.Error, TypeError, ValueError, AttributeError) as e:
            raise StorageError(f"无法保存草稿文件“{path.name}”（{sqlitefile.describe_error(e)}）。") from e
        finally:
            if tmp is not None:
                sqlitefile.remove_quietly(tmp)

    @classmethod
    def open(cls, path: Path | str, *, backup: bool = True) -> Draft:
        """Open an existing draft: check it, back it up, migrate it if old, load it.

        Raises FileFormatError (Chinese message) for a missing, foreign, damaged or newer file — in
        every such case the file is left untouched —, FileInUseError when another window or program
        has it open (busy, not damaged), and StorageError when it cannot be migrated.
        """
        path = Path(path)
        if not path.exists():
            sqlitefile.check_header(path)  # the Chinese "not found" message, and no lock file for nothing
        lock = filelock.acquire(path)
        try:
            draft = cls._open_locked(path, backup)
        except BaseException:
            lock.release()
            raise
        draft._lock = lock
        return draft

    @classmethod
    def _open_locked(cls, path: Path, backup: bool) -> Draft:
        version = sqlitefile.check_file(path)  # read-only: refuses before any write
        needs_migration = version != schema.latest_version()
        backup_error = None
        if needs_migration:
            if backup:
                try:
                    backups.make_backup(path, "migrate")
                except StorageError as e:  # never change a file's format without a copy to go back to
                    raise StorageError(f"{e}为安全起见，没有升级文件格式。") from e
            sqlitefile.migrate_file(path)
        # From here on the file is read only through the locked connection. (Reading its header with
        # open()/close() once dropped SQLite's lock: on POSIX, closing any descriptor of a file releases
        # every lock the process holds on it.)
        conn = cls._connect(path)
        try:
            package = codec.read_package(
                conn, path.name
            )  # damaged content is refused here, before any backup
            if backup and not needs_migration:
                try:
                    backups.make_backup(path, "open", source=conn)
                except StorageError as e:
                    backup_error = str(e)
        except sqlite3.Error as e:
            conn.close()
            raise FileFormatError(
                f"草稿文件“{path.name}”已损坏（{sqlitefile.describe_error(e)}），无法打开。"
            ) from None
        except BaseException:
            conn.close()
            raise
        draft = cls(path, conn, package)
        draft.backup_error = backup_error
        return draft

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            conn = sqlitefile.connect_rw(path)
        except sqlite3.Error as e:
            raise StorageError(f"无法打开草稿文件“{path.name}”（{sqlitefile.describe_error(e)}）。") from None
        try:
            # Take the exclusive lock now (held until close) and find out whether we can write at all.
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            conn.close()
            if sqlitefile.is_busy(e):
                raise FileInUseError(filelock.in_use_message(path)) from None
            raise StorageError(
                f"无法打开草稿文件“{path.name}”进行编辑（{sqlitefile.describe_error(e)}）。"
            ) from None
        return conn

    # ---- state -----------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def closed(self) -> bool:
        return self._conn is None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError(f"草稿文件“{self._path.name}”已关闭。")
        return self._conn

    # ---- editing ---------------------------------------------------------------------------------

    def apply(self, edit: edits.Edit) -> edits.Edit:
        """Apply ``edit`` to the package and commit it to the file; returns the inverse edit.

        An edit that does not fit the package (bad path or index) raises what ``edits.apply`` raises,
        with nothing changed. If the file cannot be written, the edit is undone in memory and
        StorageError is raised.
        """
        conn = self._connection()
        inverse = edits.apply(self.package, edit)
        try:
            parts = writer.parts_for(self.package, edit)
            with sqlitefile.transaction(conn):
                snapshot = writer.write_parts(conn, self.package, parts, self._attachments)
        except Exception as e:
            self._revert(inverse)
            raise StorageError(
                f"修改未能保存到草稿文件“{self._path.name}”（{sqlitefile.describe_error(e)}），已撤销这次修改。"
            ) from e
        if snapshot is not None:
            self._attachments = snapshot
        return inverse

    def _revert(self, inverse: edits.Edit) -> None:
        try:
            edits.apply(self.package, inverse)
        except Exception:
            # Cannot happen for an inverse made by edits.apply; if it does, the file is the truth.
            fresh = codec.read_package(self._connection())
            for name in vars(fresh):
                setattr(self.package, name, getattr(fresh, name))
            self._attachments = writer.attachment_snapshot(self.package)

    def apply_all(self, many: Sequence[edits.Edit]) -> list[edits.Edit]:
        """Apply several edits as one (``Batch``); returns the inverse of each, in the order given."""
        inverse = self.apply(edits.Batch(tuple(many)))
        assert isinstance(inverse, edits.Batch)
        return list(reversed(inverse.edits))

    def save_all(self) -> None:
        """Rewrite every row from ``package`` in one transaction (after changes made outside ``apply``)."""
        conn = self._connection()
        try:
            with sqlitefile.transaction(conn):
                writer.write_all(conn, self.package)
        except Exception as e:
            raise StorageError(
                f"无法保存草稿文件“{self._path.name}”（{sqlitefile.describe_error(e)}），文件保持上次保存的内容。"
            ) from e
        self._attachments = writer.attachment_snapshot(self.package)

    def backup(self, reason: str = "manual") -> Path:
        """A backup copy of the draft as it is now (e.g. ``reason="export"`` before an export).

        Uses the draft's own connection (which holds the file's lock), so call it from the thread that
        opened the draft, before handing work to another thread.
        """
        return backups.make_backup(self._path, reason, source=self._connection())

    # ---- closing ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file; no journal is left beside it. Closing twice is harmless."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.close()
                # Every transaction is committed now, so a journal still beside the file is a stale one
                # (zeroed by exclusive locking after a crash in an earlier session): not needed, remove it.
                try:
                    self._path.with_name(self._path.name + "-journal").unlink()
                except FileNotFoundError:
                    pass
                except OSError:
                    pass  # a read-only folder: harmless, the journal is not hot
            finally:
                if self._lock is not None:
                    self._lock.release()  # last: the journal is gone before the next writer comes in
                    self._lock = None

    def __del__(self) -> None:
        # A draft dropped without close(): its connection sits in a reference cycle (sqlite3's statement
        # cache) and would keep SQLite's lock until some later garbage collection. Let go of both now.
        with contextlib.suppress(Exception):
            self.close()

    def __enter__(self) -> Draft:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Draft {str(self._path)!r} {state}>"


def save_package(path: Path | str, package: model.Package) -> None:
    """Write ``package`` as a draft file at ``path`` (atomically)."""
    Draft.create(path, package).close()


def load_package(path: Path | str) -> model.Package:
    """The package in the draft at ``path``, read without changing the file (no backup, no migration on disk)."""
    return sqlitefile.read_file(Path(path))
