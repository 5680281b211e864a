"""A damaged draft gives a clear Chinese message, and ``evaldesk restore`` brings back the newest good backup.

Damage of the kinds that happen to files on office PCs and USB sticks: cut short (copy interrupted),
filled with zero bytes (a crash of the file system), garbled in the middle, or not a draft at all.
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import large_package
from evaldesk.cli import main as cli_main
from evaldesk.core import edits, jsonform
from evaldesk.core.errors import FileFormatError
from evaldesk.core.storage import Draft, list_backups, load_package, make_backup
from evaldesk.core.storage import backups as backups_mod

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _pkg():  # type: ignore[no-untyped-def]
    return large_package(projects=3, indicators=15, lines=6, section_chars=300, seed=11)


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    path = tmp_path / "自评包.evaldesk"
    Draft.create(path, _pkg()).close()
    return path


def _truncate_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _truncate_header(data: bytes) -> bytes:
    return data[:60]


def _zero_fill(data: bytes) -> bytes:
    return bytes(len(data))


def _zero_tail(data: bytes) -> bytes:
    return data[:4096] + bytes(len(data) - 4096)


def _garble_pages(data: bytes) -> bytes:
    rng = random.Random(3)
    out = bytearray(data)
    for i in range(4096, len(out)):  # everything after the first page: every table's b-tree
        out[i] = rng.randrange(256)
    return bytes(out)


def _garble_first_page(data: bytes) -> bytes:
    rng = random.Random(5)
    out = bytearray(data)
    for i in range(100, 4096):  # keep the 100-byte header, break the schema page
        out[i] = rng.randrange(256)
    return bytes(out)


def _not_sqlite(data: bytes) -> bytes:
    return "这不是草稿文件，而是一段文字。\n".encode() * 50


DAMAGE = {
    "truncated-half": _truncate_half,
    "truncated-header": _truncate_header,
    "empty": lambda data: b"",
    "zero-filled": _zero_fill,
    "zero-tail": _zero_tail,
    "garbled-pages": _garble_pages,
    "garbled-schema": _garble_first_page,
    "not-a-draft": _not_sqlite,
}


def _damage(path: Path, how: str) -> None:
    path.write_bytes(DAMAGE[how](path.read_bytes()))


def _assert_clear(message: str, path: Path) -> None:
    assert CJK.search(message), message
    assert "\n" not in message.strip()
    assert path.name in message or str(path) in message, message
    assert "Traceback" not in message and "sqlite3" not in message.lower(), message


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_damaged_draft_is_refused_with_a_clear_message(draft_path: Path, how: str) -> None:
    _damage(draft_path, how)
    before = draft_path.read_bytes()
    with pytest.raises(FileFormatError) as info:
        Draft.open(draft_path)
    _assert_clear(str(info.value), draft_path)
    if how != "not-a-draft":
        assert any(w in str(info.value) for w in ("损坏", "不完整", "空的", "不是")), str(info.value)
    assert draft_path.read_bytes() == before, "opening a damaged file must not change it"
    with pytest.raises(FileFormatError):
        load_package(draft_path)


@pytest.mark.parametrize("how", ["truncated-half", "zero-filled", "garbled-pages"])
def test_cli_reports_damage_in_one_line_with_exit_2(draft_path: Path, how: str) -> None:
    _damage(draft_path, how)
    for argv in (["check", str(draft_path)], ["dump", str(draft_path)]):
        out, err = io.StringIO(), io.StringIO()
        assert cli_main(argv, out=out, err=err) == 2
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1, err.getvalue()
        assert lines[0].startswith("错误：")
        _assert_clear(lines[0], draft_path)
        assert out.getvalue() == ""


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
    _damage(draft_path, how)
    result = _run_cli("check", str(draft_path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.stderr
    _assert_clear(lines[0], draft_path)
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
    _damage(draft_path, "garbled-pages")

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
    _damage(newest.path, "zero-filled")
    _damage(draft_path, "truncated-half")

    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["restore", str(draft_path)], out=out, err=err) == 0, err.getvalue()
    assert load_package(draft_path).unit.name == _pkg().unit.name  # the older, intact copy


def test_restore_without_any_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "没有备份.evaldesk"
    Draft.create(path, _pkg()).close()  # created, never opened: no backup yet
    _damage(path, "zero-filled")
    result = _run_cli("restore", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "备份" in lines[0], result.stderr
    assert path.read_bytes() == bytes(len(path.read_bytes())), "nothing restored, nothing changed"


def test_backups_are_made_on_open_and_rotate(draft_path: Path) -> None:
    for i in range(backups_mod.DEFAULT_KEEP + 5):
        with Draft.open(draft_path) as d:
            d.apply(edits.SetValue(("unit", "name"), f"第{i}次"))
    kept = list_backups(draft_path)
    assert len(kept) == backups_mod.DEFAULT_KEEP
    assert [b.reason for b in kept] == ["open"] * backups_mod.DEFAULT_KEEP
    assert kept == sorted(kept, key=lambda b: b.created, reverse=True)
    # The newest backup is the file as it was opened the last time (after the previous session's edit).
    assert load_package(kept[0].path).unit.name == f"第{backups_mod.DEFAULT_KEEP + 3}次"
    folder = kept[0].path.parent
    assert not [p for p in folder.iterdir() if p.suffix == ".tmp" or p.name.endswith("-journal")]


def test_backups_are_bounded_in_size(draft_path: Path) -> None:
    size = draft_path.stat().st_size
    for _ in range(6):
        make_backup(draft_path, "manual", keep=100, max_bytes=int(size * 3.5))
    kept = list_backups(draft_path)
    assert len(kept) == 3
    assert sum(b.size for b in kept) <= size * 3.5
    # However small the limit, the newest copy is always kept.
    make_backup(draft_path, "export", keep=100, max_bytes=1)
    kept = list_backups(draft_path)
    assert len(kept) == 1 and kept[0].reason == "export"
