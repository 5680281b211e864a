"""Nothing is lost when the program is killed: SIGKILL a child that is editing a draft, many times.

Each round starts a child (``helpers/crash_child.py``) on the same draft, lets it commit edits for a
random moment and kills it — sometimes before it has even opened the file, usually in the middle of a
commit. After each kill the draft must open with ``Draft.open``, pass ``PRAGMA integrity_check``, and
hold exactly the edits the child reported committed (or one more: killed between commit and print).

Two writers: in every fourth round a second child is started on the same draft while the first is
committing; it must be refused ("busy", naming the file) without writing anything, and the checks above
then show that none of the first child's edits was lost. ``EVALDESK_LONG_TESTS=1`` runs 300 rounds.
"""

from __future__ import annotations

import copy
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.generate import large_package
from evaldesk.core import jsonform
from evaldesk.core.storage import Draft, load_package
from tests.core.helpers.crash_child import edit_number, replay

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 300 if os.environ.get("EVALDESK_LONG_TESTS") else 60
SECOND_WRITER_EVERY = 4
HOT_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # a rollback journal that SQLite will play back

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


def _start(draft: Path, base_rows: int, backup: bool) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    args = [sys.executable, "-m", "tests.core.helpers.crash_child", str(draft), "--base-rows", str(base_rows)]
    if backup:
        args.append("--backup")
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_ready(proc: subprocess.Popen[str], timeout: float = 20.0) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "the child did not open the draft in time"
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"child failed to start: {line!r} {err[-2000:]}")
    return line


def _kill(proc: subprocess.Popen[str]) -> tuple[list[str], str]:
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == -signal.SIGKILL, f"child ended on its own ({proc.returncode}): {err[-2000:]}"
    return out.splitlines(), err


def _assert_second_writer_refused(draft: Path, base_rows: int, first: subprocess.Popen[str]) -> None:
    second = _start(draft, base_rows, backup=False)
    assert second.stdout is not None
    ready, _, _ = select.select([second.stdout], [], [], 60.0)
    line = second.stdout.readline() if ready else ""
    if not line.startswith("busy "):
        for proc in (second, first):
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=20)
        pytest.fail(f"a second writer was not refused while the first was editing: {line!r}")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 3, err[-2000:]
    assert draft.name in line and "正在另一个窗口中编辑" in line
    assert "ok" not in out  # it wrote nothing


def _wait_first_edit(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 20.0)
    assert ready, "the child committed no edit in time"  # nothing is read: _kill collects every line


def _last_reported(lines: list[str], before: int) -> int:
    done = [int(ln.split()[1]) for ln in lines if ln.startswith("ok ")]
    return done[-1] if done else before


def test_sigkill_during_edits_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(20240506)
    pkg = large_package(projects=4, indicators=15, lines=8, section_chars=200, seed=7)
    base_rows = len(pkg.overall.indicators)
    draft_path = tmp_path / "崩溃测试.evaldesk"
    Draft.create(draft_path, pkg).close()
    expected = copy.deepcopy(pkg)
    file_k = 0
    edits_seen = 0
    hot_kills = 0

    for round_no in range(ROUNDS):
        early = rng.random() < 0.1  # kill while the child is still starting or opening the file
        proc = _start(draft_path, base_rows, backup=round_no % 6 == 0)
        if early:
            time.sleep(rng.uniform(0.0, 0.3))
            lines, _ = _kill(proc)
            reported = _last_reported(lines, file_k)
        else:
            line = _wait_ready(proc)
            assert int(line.split()[1]) == file_k
            if round_no % SECOND_WRITER_EVERY == 1:
                _assert_second_writer_refused(draft_path, base_rows, proc)
            _wait_first_edit(proc)  # then a random moment: on a busy machine the child may not have begun
            time.sleep(rng.uniform(0.0, 0.06))
            lines, _ = _kill(proc)
            reported = _last_reported(lines, file_k)

        journal = Path(f"{draft_path}-journal")
        if journal.exists() and journal.read_bytes()[:8] == HOT_JOURNAL_MAGIC:
            hot_kills += 1  # killed inside a commit: SQLite must roll this one back
        with Draft.open(draft_path) as draft:
            got = draft.package
        conn = sqlite3.connect(draft_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()

        k = edit_number(got)
        assert k in (reported, reported + 1), f"round {round_no}: child reported {reported}, file holds {k}"
        replay(expected, file_k, k, base_rows)
        assert jsonform.dumps(got) == jsonform.dumps(expected), (
            f"round {round_no}: file differs after edit {k}"
        )
        edits_seen += k - file_k
        file_k = k
        # The draft file alone (copied without any journal beside it, as onto a USB stick) is complete.
        alone = tmp_path / "copy" / "副本.evaldesk"
        alone.parent.mkdir(exist_ok=True)
        shutil.copyfile(draft_path, alone)
        assert jsonform.dumps(load_package(alone)) == jsonform.dumps(expected)

    print(f"{ROUNDS} kills, {hot_kills} inside a commit, {edits_seen} edits committed")
    assert hot_kills >= 3, "too few kills landed inside a commit to test recovery"
    assert edits_seen >= ROUNDS, f"too few edits committed ({edits_seen}) for the kills to mean much"
