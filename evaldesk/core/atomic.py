"""Atomic file writing: a temp file in the same folder, fsync, then replace — never a partial file."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from evaldesk.core.errors import StorageError


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or the complete new one."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_name, target)
        tmp_name = ""
        _fsync_dir(folder)
    except OSError as e:
        raise StorageError(describe_os_error(e, target)) from e
    finally:
        if tmp_name:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return target


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
