"""The lock that keeps a draft to one writer (``storage.filelock``), as a contract every platform's backend
must meet: exclusive, without waiting, released on ``release()`` and with the process, never stuck on a
lock file left by a crash.

The Windows backend runs here on an ``msvcrt`` stand-in with the C runtime's documented behaviour
(``locking`` locks bytes from the current position; a region held through another handle fails with
EACCES), so the code that calls it — position, byte count, error translation, release order — is tested
on every platform. The POSIX backend runs on the real ``fcntl``.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaldesk.core.errors import FileFormatError, FileInUseError
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, ReadOnlyDraft, filelock, load_package
from tests.core.helpers.procs import ROOT, child_env

fcntl = pytest.importorskip("fcntl")  # the Windows backend's stand-in is built on flock


class FakeMsvcrt(types.SimpleNamespace):
    """``msvcrt.locking`` as the Windows C runtime behaves, over flock (per open file, like a handle)."""

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        super().__init__(calls=[])

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        self.calls.append((mode, os.lseek(fd, 0, os.SEEK_CUR), nbytes))
        if mode == self.LK_UNLCK:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OSError(errno.EACCES, "Permission denied") from None


def _backends() -> Iterator[tuple[str, filelock.Backend]]:
    yield "posix", filelock.PosixBackend(fcntl)
    yield "windows", filelock.WindowsBackend(FakeMsvcrt())  # type: ignore[arg-type]


BACKENDS = dict(_backends())


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> filelock.Backend:
    return BACKENDS[request.param]


def test_backend_lock_is_exclusive_between_descriptors_and_released(
    tmp_path: Path, backend: filelock.Backend
) -> None:
    path = tmp_path / "lock"
    a = os.open(path, os.O_RDWR | os.O_CREAT)
    b = os.open(path, os.O_RDWR)
    try:
        assert backend.try_lock(a)
        assert not backend.try_lock(b)  # without waiting
        backend.unlock(a)
        assert backend.try_lock(b)
        assert not backend.try_lock(a)
    finally:
        os.close(a)
        os.close(b)


def test_acquire_release_contract(tmp_path: Path, backend: filelock.Backend) -> None:
    draft = tmp_path / "单位草稿.evaldesk"
    lock = filelock.acquire(draft, backend)
    assert lock.held and filelock.held_here(draft)
    assert filelock.lock_path(draft).exists()
    with pytest.raises(FileInUseError) as caught:
        filelock.acquire(draft, backend)
    assert "单位草稿.evaldesk" in str(caught.value) and "正在另一个窗口中编辑" in str(caught.value)
    # Another descriptor of the same lock file (another process, to the OS) is refused too.
    fd = os.open(filelock.lock_path(draft), os.O_RDWR)
    try:
        assert not backend.try_lock(fd)
    finally:
        os.close(fd)
    lock.release()
    lock.release()  # twice is harmless
    assert not filelock.held_here(draft)
    assert not filelock.lock_path(draft).exists()  # nothing left beside the draft
    with filelock.acquire(draft, backend):
        assert filelock.held_here(draft)
    assert not filelock.held_here(draft)


def test_a_lock_file_left_by_a_crash_does_not_block(tmp_path: Path, backend: filelock.Backend) -> None:
    draft = tmp_path / "a.evaldesk"
    filelock.lock_path(draft).write_bytes(b"")
    with filelock.acquire(draft, backend) as lock:
        assert lock.held


def test_windows_backend_locks_one_byte_at_the_start_and_unlocks_it(tmp_path: Path) -> None:
    fake = FakeMsvcrt()
    backend = filelock.WindowsBackend(fake)  # type: ignore[arg-type]
    draft = tmp_path / "a.evaldesk"
    lock = filelock.acquire(draft, backend)
    lock.release()
    assert fake.calls == [(fake.LK_NBLCK, 0, 1), (fake.LK_UNLCK, 0, 1)]
    assert not backend.unlink_while_open  # removed only after closing: Windows cannot remove an open file


def test_windows_backend_errors_other_than_busy_are_not_taken_for_busy(tmp_path: Path) -> None:
    fake = FakeMsvcrt()

    def unsupported(fd: int, mode: int, nbytes: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    fake.locking = unsupported  # type: ignore[method-assign]
    backend = filelock.WindowsBackend(fake)  # type: ignore[arg-type]
    fd = os.open(tmp_path / "x", os.O_RDWR | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            backend.try_lock(fd)
    finally:
        os.close(fd)
    # acquire() then leaves the draft to SQLite's own lock rather than refusing the clerk.
    with filelock.acquire(tmp_path / "b.evaldesk", backend) as lock:
        assert lock.held


def test_a_draft_dropped_without_close_frees_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "a.evaldesk"
    Draft.create(path, load_sample()).close()
    name = Draft.open(path).package.unit.name  # never closed: collected at once
    assert name
    with Draft.open(path) as again:
        assert again.package.unit.name


def test_the_writer_process_cannot_read_its_own_open_draft_behind_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "a.evaldesk"
    with Draft.create(path, load_sample()):
        with pytest.raises(FileInUseError):
            load_package(path)  # would close a descriptor of the file: refused before touching it
        with pytest.raises(FileInUseError):
            Draft.create(path, load_sample())
        with pytest.raises(FileInUseError):
            ReadOnlyDraft.open(path)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_the_lock_dies_with_a_killed_process(tmp_path: Path) -> None:
    path = tmp_path / "a.evaldesk"
    Draft.create(path, load_sample()).close()
    code = "import sys; from evaldesk.core.storage import Draft; d = Draft.open(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        with pytest.raises(FileInUseError):
            Draft.open(path)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    assert filelock.lock_path(path).exists()  # left behind by the kill …
    with Draft.open(path) as draft:  # … and no obstacle
        assert draft.package.unit.name
    assert not filelock.lock_path(path).exists()


def test_opening_a_missing_draft_makes_no_lock_file(tmp_path: Path) -> None:
    path = tmp_path / "没有.evaldesk"
    with pytest.raises(FileFormatError, match="找不到"):
        Draft.open(path)
    assert list(tmp_path.iterdir()) == []
