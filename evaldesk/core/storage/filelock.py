"""One writer per draft: an OS lock on a small lock file beside the draft, held while the draft is open.

Why a file of its own: on Linux and macOS SQLite's lock on the draft is a POSIX record lock, and closing
*any* descriptor of the draft in this process drops every such lock the process holds — one plain
``open()``/``close()`` of the file (reading its header, sniffing its type) silently lets a second writer in.
The lock here is ``flock`` on POSIX (tied to our own descriptor, untouched by others) and a byte lock
(``msvcrt.locking``) on Windows. Both vanish with the process, so a crash never leaves a draft locked;
a lock file left by a crash is simply locked again by the next writer. SQLite's exclusive lock on the
draft itself stays as a second line of defence.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import threading
import weakref
from pathlib import Path
from types import ModuleType
from typing import Protocol

from evaldesk.core.errors import FileInUseError

log = logging.getLogger(__name__)

_RETRIES = 5  # lock files removed by a closing writer while we were opening them


def lock_path(draft: Path) -> Path:
    """The lock file of the draft at ``draft`` (hidden, beside it: the same for every user and window)."""
    return draft.with_name(f".{draft.name}.lock")


def in_use_message(draft: Path) -> str:
    return (
        f"草稿文件“{draft.name}”正在另一个窗口中编辑（或正被另一个程序使用）。"
        "请先在那个窗口中关闭它；为避免互相覆盖，同一时间只能在一处修改。"
    )


class Backend(Protocol):
    """How one platform locks a descriptor: without waiting, exclusive, released with the process."""

    #: whether a file can be removed while another process has it open (POSIX: yes, Windows: no)
    unlink_while_open: bool

    def try_lock(self, fd: int) -> bool:
        """Lock ``fd``'s file; ``False`` when another descriptor holds it. OSError: locks unsupported."""

    def unlock(self, fd: int) -> None: ...


class PosixBackend:
    unlink_while_open = True

    def __init__(self, fcntl: ModuleType) -> None:
        self._fcntl = fcntl

    def try_lock(self, fd: int) -> bool:
        try:
            self._fcntl.flock(fd, self._fcntl.LOCK_EX | self._fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def unlock(self, fd: int) -> None:
        self._fcntl.flock(fd, self._fcntl.LOCK_UN)


class WindowsBackend:
    """Locks the lock file's first byte (a region may lie beyond the end of a file on Windows)."""

    unlink_while_open = False

    def __init__(self, msvcrt: ModuleType) -> None:
        self._msvcrt = msvcrt

    def try_lock(self, fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)  # msvcrt.locking locks from the current position
        try:
            self._msvcrt.locking(fd, self._msvcrt.LK_NBLCK, 1)
        except OSError as e:
            # The C runtime reports a region locked by another handle as EACCES (EDEADLOCK when retried).
            if e.errno in (errno.EACCES, errno.EDEADLK, getattr(errno, "EDEADLOCK", errno.EDEADLK)):
                return False
            raise
        return True

    def unlock(self, fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        self._msvcrt.locking(fd, self._msvcrt.LK_UNLCK, 1)


def default_backend() -> Backend:
    if os.name == "nt":
        import msvcrt

        return WindowsBackend(msvcrt)
    import fcntl

    return PosixBackend(fcntl)


def _key(draft: Path) -> str:
    return os.path.normcase(os.path.realpath(draft))


# Weak: a draft dropped without close() (its connection closed by the garbage collector) frees its lock too.
_held: weakref.WeakValueDictionary[str, DraftLock] = weakref.WeakValueDictionary()
_held_guard = threading.RLock()  # re-entrant: a finaliser may release a lock while acquire() runs


def held_here(draft: Path | str) -> bool:
    """Whether this process holds the lock of ``draft`` (then no other descriptor of it may be closed)."""
    with _held_guard:
        return _key(Path(draft)) in _held


class DraftLock:
    """The held lock of one draft; ``release()`` (or the process ending) lets the next writer in."""

    def __init__(self, draft: Path, path: Path, fd: int | None, backend: Backend) -> None:
        self.draft, self.path, self._fd, self._backend = draft, path, fd, backend
        self._key = _key(draft)

    @property
    def held(self) -> bool:
        return _held.get(self._key) is self

    def release(self) -> None:
        """Unlock and remove the lock file. Releasing twice is harmless."""
        with _held_guard:
            if _held.get(self._key) is self:
                del _held[self._key]
            fd, self._fd = self._fd, None
        if fd is None:
            return
        if self._backend.unlink_while_open:
            # Removed while still locked: whoever opened this file meanwhile finds it gone and starts over.
            _unlink_quietly(self.path)
        try:  # noqa: SIM105 - the comment says why the error is dropped
            self._backend.unlock(fd)
        except OSError:
            pass  # closing releases it anyway
        os.close(fd)
        if not self._backend.unlink_while_open:
            _unlink_quietly(self.path)  # fails harmlessly while another window has it open

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.release()

    def __enter__(self) -> DraftLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<DraftLock {str(self.draft)!r} {'held' if self._fd is not None else 'released'}>"


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _open(path: Path, flags: int) -> int:
    try:
        return os.open(path, flags, 0o666)
    except PermissionError:
        # Made by another user (0644 under their umask): a read-only descriptor can still be locked.
        return os.open(path, (flags & ~os.O_RDWR & ~os.O_CREAT) | os.O_RDONLY)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def acquire(draft: Path | str, backend: Backend | None = None) -> DraftLock:
    """Take the lock of ``draft`` without waiting; FileInUseError (naming the file) when it is taken.

    Where no lock file can be made (a read-only folder, a file system without locks) the draft is left
    to SQLite's own lock: such a draft cannot be written there anyway, and reading must still work.
    """
    draft = Path(draft)
    backend = backend or default_backend()
    path = lock_path(draft)
    key = _key(draft)
    with _held_guard:
        if key in _held:
            raise FileInUseError(in_use_message(draft))
        for _ in range(_RETRIES):
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
            try:
                fd = _open(path, flags)
            except OSError as e:
                log.info("no lock file for %s: %s", draft, e)
                lock = DraftLock(draft, path, None, backend)
                _held[key] = lock
                return lock
            try:
                locked = backend.try_lock(fd)
            except OSError as e:
                os.close(fd)
                log.info("locks not supported for %s: %s", draft, e)
                lock = DraftLock(draft, path, None, backend)
                _held[key] = lock
                return lock
            if not locked:
                os.close(fd)
                raise FileInUseError(in_use_message(draft))
            if backend.unlink_while_open and not _same_file(fd, path):
                os.close(fd)  # the writer we waited on removed this lock file on closing: use a new one
                continue
            lock = DraftLock(draft, path, fd, backend)
            _held[key] = lock
            return lock
    raise FileInUseError(in_use_message(draft))
