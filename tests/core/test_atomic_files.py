"""Files written atomically (exports, the indicator library, new drafts): normal permissions, no temp
file left beside the target by a write that was killed, and leftovers of earlier crashes cleaned up.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaldesk.cli import main as cli_main
from evaldesk.core.atomic import STALE_TEMP_SECONDS, clean_stale_temps, write_atomic
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft
from tests.core.helpers.procs import ROOT, child_env


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_export_gets_the_usual_permissions(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "自评报告.pdf"
    write_atomic(out, b"%PDF-1.7 x")
    assert _mode(out) == 0o644  # as any program makes a file (0666 less the umask), not mkstemp's 0600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_replaced_export_keeps_its_permissions(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "自评表.xlsx"
    out.write_bytes(b"old")
    os.chmod(out, 0o664)
    write_atomic(out, b"new")
    assert out.read_bytes() == b"new" and _mode(out) == 0o664


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_cli_exports_and_drafts_are_readable_like_other_files(tmp_path: Path, umask_022: None) -> None:
    draft = tmp_path / "草稿.evaldesk"
    assert cli_main(["sample", str(draft)]) == 0
    out = tmp_path / "自评表.xlsx"
    assert cli_main(["export", str(draft), "--xlsx", str(out)]) == 0
    assert _mode(out) == 0o644 and _mode(draft) == 0o644


def _age(path: Path, seconds: float) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_stale_temp_files_of_earlier_crashes_are_removed_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "上传包.zip"
    old_ours = [
        tmp_path / ".上传包.zip.1a2b3c4d.tmp",
        tmp_path / ".上传包.zip.k_9xq2mz.tmp",
    ]  # ours, mkstemp's
    young_ours = tmp_path / ".上传包.zip.0f0f0f0f.tmp"  # another window's write, right now
    others = [
        tmp_path / ".别的文件.zip.1a2b3c4d.tmp",
        tmp_path / "上传包.zip.tmp",
        tmp_path / ".上传包.zip.1a2b3c4d.tmp.bak",
        tmp_path / ".上传包.zip.toolongname.tmp",
        tmp_path / "笔记.tmp",
    ]
    for p in [*old_ours, young_ours, *others]:
        p.write_bytes(b"x")
    for p in [*old_ours, *others]:
        _age(p, STALE_TEMP_SECONDS + 60)
    write_atomic(out, b"zip")
    assert not any(p.exists() for p in old_ours)
    assert young_ours.exists() and all(p.exists() for p in others)
    assert clean_stale_temps(out, older_than=0) == [young_ours]


def test_a_new_draft_cleans_the_temp_files_of_an_earlier_crash_too(tmp_path: Path) -> None:
    draft = tmp_path / "草稿.evaldesk"
    stale = tmp_path / ".草稿.evaldesk.89abcdef.tmp"
    stale.write_bytes(b"half a database")
    _age(stale, STALE_TEMP_SECONDS + 60)
    Draft.create(draft, load_sample()).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["草稿.evaldesk"]


KILLED_WRITER = """
import os, sys, time
from evaldesk.core import atomic
real_fsync = os.fsync
def stuck(fd):
    print("writing", flush=True)  # the data is written, not yet synced: the moment of the kill
    time.sleep(600)
os.fsync = stuck
atomic.write_atomic(sys.argv[1], b"%PDF-1.7 " + b"x" * 2_000_000)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_an_export_killed_half_way_leaves_no_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "自评报告.pdf"
    out.write_bytes(b"the previous export")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(out)],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing", proc.stderr.read() if proc.stderr else ""
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["自评报告.pdf"]  # no hidden .tmp beside it
    assert out.read_bytes() == b"the previous export"


def test_no_journal_or_lock_file_is_left_after_a_clean_close(tmp_path: Path) -> None:
    from evaldesk.core import edits

    draft = tmp_path / "草稿.evaldesk"
    with Draft.create(draft, load_sample()) as d:
        d.apply(edits.SetValue(("unit", "name"), "一"))
    with Draft.open(draft) as d:
        for i in range(3):
            d.apply(edits.SetValue(("unit", "name"), f"第{i}次"))
        d.backup("export")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["草稿.evaldesk"]
