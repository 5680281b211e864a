"""A damaged draft on the command line: one Chinese line and exit code 2, and ``evaldesk restore``
brings back the newest good backup (the storage side is in tests/core/test_damage.py)."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from evaldesk.cli import main as cli_main
from evaldesk.core import edits, jsonform
from evaldesk.core.storage import Draft, list_backups, load_package
from tests.helpers.damage import assert_clear, damage, damage_package, make_draft

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    return make_draft(tmp_path)


@pytest.mark.parametrize("how", ["truncated-half", "zero-filled", "garbled-pages"])
def test_cli_reports_damage_in_one_line_with_exit_2(draft_path: Path, how: str) -> None:
    damage(draft_path, how)
    for argv in (["check", str(draft_path)], ["dump", str(draft_path)]):
        out, err = io.StringIO(), io.StringIO()
        assert cli_main(argv, out=out, err=err) == 2
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1, err.getvalue()
        assert lines[0].startswith("错误：")
        assert_clear(lines[0], draft_path)
        assert out.getvalue() == ""


def test_check_names_a_hand_edited_cell_in_the_clerks_words(draft_path: Path) -> None:
    """Not ``basic_rows.prev``: the form, the row and the column, as the clerk sees them on screen."""
    with contextlib.closing(sqlite3.connect(draft_path)) as c:
        c.execute("UPDATE basic_rows SET prev = 'abc' WHERE key = 'public'")
        c.commit()
    for argv in (["check", str(draft_path)], ["dump", str(draft_path)]):
        out, err = io.StringIO(), io.StringIO()
        assert cli_main(argv, out=out, err=err) == 2
        assert out.getvalue() == ""
        assert err.getvalue() == (
            "错误：草稿文件“自评包.evaldesk”已损坏：附件1 基础数据表第10行（公用经费）的上年决算数“abc”"
            "不是有效的数字。可以从自动备份中恢复。\n"
        )
        assert_clear(err.getvalue(), draft_path)


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "evaldesk", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("how", ["truncated-half", "zero-filled"])
def test_cli_subprocess_exit_code_and_stderr(draft_path: Path, how: str) -> None:
    damage(draft_path, how)
    result = _run_cli("check", str(draft_path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.stderr
    assert_clear(lines[0], draft_path)
    if how == "truncated-half":
        assert "损坏" in lines[0] and "不完整" in lines[0], lines[0]


def test_restore_brings_back_the_newest_good_backup(draft_path: Path) -> None:
    with Draft.open(draft_path) as d:  # backup 1: as created
        d.apply(edits.SetValue(("unit", "name"), "第一次修改后"))
    with Draft.open(draft_path) as d:  # backup 2: holds the edit
        d.apply(edits.SetValue(("unit", "name"), "第二次修改后"))
        expected = jsonform.dumps(d.package)
    with Draft.open(draft_path) as d:  # backup 3: holds both edits (the file as last closed)
        pass
    assert len(list_backups(draft_path)) == 3
    damage(draft_path, "garbled-pages")

    result = _run_cli("restore", str(draft_path))
    assert result.returncode == 0, result.stderr
    assert "恢复" in result.stdout
    with Draft.open(draft_path) as d:
        assert jsonform.dumps(d.package) == expected
        assert d.package.unit.name == "第二次修改后"
    kept = [p for p in draft_path.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1, "the damaged file is kept beside the restored one, not thrown away"


def test_restore_skips_a_damaged_backup(draft_path: Path) -> None:
    with Draft.open(draft_path) as d:  # backup 1: the original
        d.apply(edits.SetValue(("unit", "name"), "修改后"))
    with Draft.open(draft_path):  # backup 2: with the edit
        pass
    newest = list_backups(draft_path)[0]
    damage(newest.path, "zero-filled")
    damage(draft_path, "truncated-half")

    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["restore", str(draft_path)], out=out, err=err) == 0, err.getvalue()
    assert load_package(draft_path).unit.name == damage_package().unit.name  # the older, intact copy


def test_restore_without_any_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "没有备份.evaldesk"
    Draft.create(path, damage_package()).close()  # created, never opened: no backup yet
    damage(path, "zero-filled")
    result = _run_cli("restore", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "备份" in lines[0], result.stderr
    assert path.read_bytes() == bytes(len(path.read_bytes())), "nothing restored, nothing changed"
