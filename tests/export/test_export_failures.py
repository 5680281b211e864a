"""A full disk or a read-only folder gives a clear Chinese message and leaves no partial file behind.

The tests run as root, so a chmod would not stop a write: the failures are injected with monkeypatch
at each step of an atomic write (creating the temp file, writing, syncing, renaming).
"""

from __future__ import annotations

import errno
import importlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.generate import large_package
from evaldesk.cli import main as cli_main
from evaldesk.core.atomic import write_atomic
from evaldesk.core.errors import StorageError
from evaldesk.core.storage import save_package

OLD = b"the previous export, which must survive"
NEW = b"%PDF-1.7 new content " * 5000


def _raise(code: int) -> Callable[..., Any]:
    def fail(*args: object, **kwargs: object) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


class _FullFile:
    """A file object whose write puts some bytes on disk, then fails as a full disk does."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, data: bytes) -> int:
        self._real.write(bytes(data)[: len(data) // 3])
        self._real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


def _patch_full_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        f = real_fdopen(fd, mode, *args, **kwargs)
        return _FullFile(f) if "w" in mode else f

    monkeypatch.setattr(os, "fdopen", fdopen)


def _patch_no_new_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only export folder (the tests may run as root, for whom chmod refuses nothing): the writer
    cannot create its temp file there, named or unnamed. (The libraries' own temp files elsewhere work.)"""
    real_open = os.open
    tmpfile = getattr(os, "O_TMPFILE", 0)

    def guarded(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        name = os.path.basename(os.fspath(path))
        ours = flags & os.O_CREAT and name.startswith(".") and name.endswith(".tmp")
        if ours or (tmpfile and flags & tmpfile == tmpfile):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)


# (name, how to break the write, words the message must contain)
FAILURES: list[tuple[str, Callable[[pytest.MonkeyPatch], None], str]] = [
    ("disk-full-on-write", _patch_full_write, "磁盘空间不足"),
    ("disk-full-on-fsync", lambda mp: mp.setattr(os, "fsync", _raise(errno.ENOSPC)), "磁盘空间不足"),
    ("read-only-folder", lambda mp: _patch_no_new_files(mp), "没有权限"),
    ("read-only-filesystem", lambda mp: mp.setattr(os, "replace", _raise(errno.EROFS)), "没有权限"),
    ("disk-full-on-replace", lambda mp: mp.setattr(os, "replace", _raise(errno.ENOSPC)), "磁盘空间不足"),
]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name,breaker,words", FAILURES, ids=[f[0] for f in FAILURES])
@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "replacing"])
def test_write_atomic_failure_leaves_nothing_partial(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    breaker: Callable[[pytest.MonkeyPatch], None],
    words: str,
    existing: bool,
) -> None:
    out = tmp_path / "out" / "自评报告.pdf"
    out.parent.mkdir()
    if existing:
        out.write_bytes(OLD)
    before = _listing(out.parent)
    with monkeypatch.context() as mp:
        breaker(mp)
        with pytest.raises(StorageError) as info:
            write_atomic(out, NEW)
    message = str(info.value)
    assert words in message and out.name in message, message
    assert "原有文件未受影响" in message
    assert _listing(out.parent) == before, "a temp file or partial file was left behind"
    if existing:
        assert out.read_bytes() == OLD
    else:
        assert not out.exists()


def test_write_atomic_into_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as info:
        write_atomic(tmp_path / "没有这个文件夹" / "a.pdf", NEW)
    assert "不存在" in str(info.value)
    assert _listing(tmp_path) == []


def test_write_atomic_success_replaces_whole_file(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    out.write_bytes(OLD)
    write_atomic(out, NEW)
    assert out.read_bytes() == NEW
    assert _listing(tmp_path) == ["a.pdf"]


# ---- the CLI export paths -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("src") / "导出测试.evaldesk"
    save_package(path, large_package(projects=2, indicators=15, lines=4, section_chars=300, seed=5))
    return path


EXPORTS = [
    ("--pdf", "自评报告.pdf", "evaldesk.export.pdf", "render"),
    ("--signature-pages", "签字页.pdf", "evaldesk.export.pdf", "render_signature_pages"),
    ("--xlsx", "自评表.xlsx", "evaldesk.export.xlsx", "render"),
    ("--package", "上传包.zip", "evaldesk.export.package", "build_package"),
]


@pytest.mark.parametrize("option,filename,module,attr", EXPORTS, ids=[e[0] for e in EXPORTS])
@pytest.mark.parametrize(
    "name,breaker,words", [FAILURES[1], FAILURES[2], FAILURES[3]], ids=[FAILURES[i][0] for i in (1, 2, 3)]
)
def test_cli_export_failure_exit_2_and_no_partial_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    draft_file: Path,
    option: str,
    filename: str,
    module: str,
    attr: str,
    name: str,
    breaker: Callable[[pytest.MonkeyPatch], None],
    words: str,
) -> None:
    # Import (and render fonts etc.) before the file system is broken; a missing exporter fails here.
    assert callable(getattr(importlib.import_module(module), attr))
    out_dir = tmp_path / "导出"
    out_dir.mkdir()
    argv = [
        "export",
        str(draft_file),
        option,
        str(out_dir / filename),
        "--accept-open-errors",
        "测试：接受现有错误",
    ]
    out, err = io.StringIO(), io.StringIO()
    with monkeypatch.context() as mp:
        breaker(mp)
        code = cli_main(argv, out=out, err=err)
    lines = err.getvalue().strip().splitlines()
    assert code == 2, (out.getvalue(), err.getvalue())
    assert len(lines) == 1 and lines[0].startswith("错误：") and words in lines[0], err.getvalue()
    assert filename in lines[0]
    assert _listing(out_dir) == [], "a partial export or a temp file was left behind"


def test_cli_export_into_missing_folder(tmp_path: Path, draft_file: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(
        ["export", str(draft_file), "--pdf", str(tmp_path / "无此文件夹" / "a.pdf")], out=out, err=err
    )
    assert code == 2
    assert "不存在" in err.getvalue() and len(err.getvalue().strip().splitlines()) == 1
