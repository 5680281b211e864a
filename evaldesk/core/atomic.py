"""Atomic file writing: a temp file in the same folder, fsync, then replace — never a partial file.

The temp file is created the way any program creates a file (mode 0666 less the umask, e.g. 0644; a
replaced file keeps its own mode), not 0600 as ``tempfile.mkstemp`` would make it. Where the system
allows (Linux ``O_TMPFILE``) it has no name until it is complete, so a write killed half-way leaves
nothing behind; elsewhere it is ``.NAME.xxxxxxxx.tmp``, and such leftovers of killed writes are removed
by the next write to the same target (``clean_stale_temps``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path

from evaldesk.core.errors import StorageError

# A temp file of ours untouched for this long belongs to a write that was killed (a write takes seconds);
# younger ones may be another window's write in progress.
STALE_TEMP_SECONDS = 10 * 60
_UNSUPPORTED = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT, errno.ENOSYS}


def temp_name(target: Path) -> Path:
    """A fresh temp name beside ``target``: ``.NAME.xxxxxxxx.tmp``."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def _temp_pattern(target: Path) -> re.Pattern[str]:
    # [a-z0-9_]{8}: our token_hex names and tempfile.mkstemp's, used by earlier versions.
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp")


def clean_stale_temps(target: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove temp files of ours for ``target`` left beside it by killed writes; returns those removed.

    Only names this program makes and only ones untouched for ``older_than`` seconds, so another
    window's write in progress keeps its file.
    """
    pattern = _temp_pattern(target)
    now = time.time()
    removed = []
    try:
        entries = list(os.scandir(target.parent if str(target.parent) else "."))
    except OSError:
        return []
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < older_than:
                continue
            os.remove(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or the complete new one."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    named: Path | None = None
    try:
        clean_stale_temps(target)
        mode = _existing_mode(target)
        fd = _open_unnamed(folder)
        if fd is not None:
            named = _write(fd, data, mode, lambda f: _give_name(f, target, folder))
        if named is None:
            named = temp_name(target)
            fd = os.open(named, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o666)
            _write(fd, data, mode, lambda _f: named)
        os.replace(named, target)
        named = None
        _fsync_dir(folder)
    except OSError as e:
        raise StorageError(describe_os_error(e, target)) from e
    finally:
        if named is not None:
            with contextlib.suppress(OSError):
                os.unlink(named)
    return target


def _write(fd: int, data: bytes, mode: int | None, finish: Callable[[int], Path | None]) -> Path | None:
    """Write, set the mode, sync, then ``finish(fd)`` while the file is still open; returns its result."""
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(f.fileno(), mode)  # a replaced file keeps its permissions
        os.fsync(f.fileno())
        return finish(f.fileno())


def _give_name(fd: int, target: Path, folder: Path) -> Path | None:
    """Link the complete unnamed file as a temp name beside ``target``; None where linking is refused."""
    named = temp_name(target)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        # With a dir_fd os.link calls linkat(…, AT_SYMLINK_FOLLOW): the file behind /proc's link, not the link.
        os.link(f"/proc/self/fd/{fd}", named.name, dst_dir_fd=dir_fd, follow_symlinks=True)
    except OSError as e:
        if e.errno in (errno.EXDEV, errno.EPERM, errno.ENOENT, errno.EOPNOTSUPP, errno.EACCES):
            return None  # written again under a name (a sandbox without /proc, an unusual file system)
        raise
    finally:
        os.close(dir_fd)
    return named


def _existing_mode(target: Path) -> int | None:
    try:
        st = target.stat()
    except OSError:
        return None
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None


def _open_unnamed(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (Linux ``O_TMPFILE``, linked via /proc), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o666)
    except OSError as e:
        if e.errno in _UNSUPPORTED:  # a file system without it (some network and FUSE ones)
            return None
        raise


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows); the replace itself is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def describe_os_error(e: OSError, path: Path) -> str:
    """A Chinese sentence for the clerk: what went wrong writing ``path`` and what to do."""
    if e.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法写入“{path}”。请清理磁盘或换一个位置保存，原有文件未受影响。"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限写入“{path}”（文件夹只读或文件被占用）。请换一个位置保存，原有文件未受影响。"
    if e.errno == errno.ENOENT:
        return f"保存位置“{path.parent}”不存在，请选择一个存在的文件夹。"
    if e.errno == errno.EISDIR:
        return f"“{path}”是一个文件夹，请在其中指定要保存的文件名。原有文件未受影响。"
    return f"无法写入“{path}”：{e.strerror or e}。原有文件未受影响。"
