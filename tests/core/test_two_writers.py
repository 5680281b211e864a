"""One writer per draft, with real processes: while one program edits a draft, a second one — another
editor, or the ``sample``/``import``/``carry-over``/``restore`` commands — is refused with a Chinese
message naming the file, and every edit of the first one is in the file at the end.
"""

from __future__ import annotations

import copy
import os
import sqlite3
from pathlib import Path

import pytest

from evaldesk.core import edits, jsonform, model
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, load_package
from tests.core.helpers.edit_child import edit_for
from tests.core.helpers.procs import Child, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="children are driven through POSIX pipes")

IN_USE = "正在另一个窗口中编辑"
EDITOR = "tests.core.helpers.edit_child"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "草稿.evaldesk"
    Draft.create(path, load_sample()).close()
    return path


def _replay(pkg: model.Package, steps: list[tuple[str, str]]) -> model.Package:
    out = copy.deepcopy(pkg)
    for kind, arg in steps:
        edits.apply(out, edit_for(out, kind, arg))
    return out


def _assert_in_use(text: str, path: Path) -> None:
    assert IN_USE in text and path.name in text, text
    assert "已损坏" not in text and "备份恢复" not in text, text  # busy, not damaged


def _second_commands(draft: Path, tmp_path: Path) -> dict[str, list[str]]:
    source_json = tmp_path / "导入源.json"
    source_json.write_bytes(jsonform.dumps(load_sample()).encode("utf-8"))
    last_year = tmp_path / "上年.evaldesk"
    if not last_year.exists():
        Draft.create(last_year, load_sample()).close()
    return {
        "sample": ["sample", str(draft)],
        "import": ["import", str(source_json), str(draft)],
        "carry-over": ["carry-over", str(last_year), str(draft)],
        "restore": ["restore", str(draft)],
        "restore --force": ["restore", "--force", str(draft)],
    }


@pytest.mark.parametrize(
    "kind,arg,command",
    [("cell", "", "import"), ("project", "", "sample"), ("report", "另一个程序写入的一句话。", "carry-over")],
)
def test_second_writer_is_refused_and_nothing_is_lost(
    draft: Path, tmp_path: Path, kind: str, arg: str, command: str
) -> None:
    original = load_package(draft)
    first = Child(EDITOR, str(draft))
    try:
        assert first.reply("open") == "opened"
        assert first.reply(f"{kind} {arg}") == f"ok {kind}"

        second = Child(EDITOR, str(draft))
        reply = second.reply("open")
        assert reply.startswith("refused FileInUseError"), reply
        _assert_in_use(reply, draft)
        assert second.wait() == 3

        result = run_cli(*_second_commands(draft, tmp_path)[command])
        assert result.returncode == 2, result.stdout + result.stderr
        _assert_in_use(result.stderr, draft)

        assert first.reply(f"{kind} {arg}") == f"ok {kind}"  # still the file's one writer
        assert first.reply("close") == "closed"
    finally:
        first.kill()
    expected = _replay(original, [(kind, arg), (kind, arg)])
    assert jsonform.dumps(load_package(draft)) == jsonform.dumps(expected)
    assert sorted(p.name for p in draft.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_and_replacing_commands_refuse_a_draft_open_elsewhere(draft: Path, tmp_path: Path) -> None:
    Draft.open(draft).close()  # a backup exists: restore would have something to restore from
    original = load_package(draft)
    first = Child(EDITOR, str(draft))
    try:
        assert first.reply("open") == "opened"
        assert first.reply("report 今天写的内容。") == "ok report"
        for name, args in _second_commands(draft, tmp_path).items():
            result = run_cli(*args)
            assert result.returncode == 2, (name, result.stdout, result.stderr)
            _assert_in_use(result.stderr, draft)
        assert first.reply("close") == "closed"
    finally:
        first.kill()
    assert jsonform.dumps(load_package(draft)) == jsonform.dumps(
        _replay(original, [("report", "今天写的内容。")])
    )
    assert not any(".damaged-" in p.name for p in tmp_path.iterdir())


def test_a_plain_read_of_the_draft_in_the_writer_does_not_let_a_second_writer_in(draft: Path) -> None:
    # Closing any descriptor of the file drops the process's POSIX locks, SQLite's included: the
    # writer's own lock file must still keep everyone else out.
    first = Child(EDITOR, str(draft))
    try:
        assert first.reply("open") == "opened"
        assert first.reply("sniff") == "ok sniff"
        second = Child(EDITOR, str(draft))
        reply = second.reply("open")
        _assert_in_use(reply, draft)
        assert first.reply("cell") == "ok cell"
        assert first.reply("close") == "closed"
    finally:
        first.kill()


def test_sqlite_lock_is_held_while_a_draft_is_open(draft: Path) -> None:
    # The cause of the lost edits: Draft.open read the header with open()/close() after SQLite had
    # locked the file, which released the lock. Any program writing with SQLite must now be refused.
    first = Child(EDITOR, str(draft))
    try:
        assert first.reply("open") == "opened"
        conn = sqlite3.connect(draft, timeout=0.1, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                conn.execute("BEGIN IMMEDIATE")
        finally:
            conn.close()
        assert first.reply("close") == "closed"
    finally:
        first.kill()
    conn = sqlite3.connect(draft, isolation_level=None)  # and released on close
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def test_reader_commands_say_in_use_not_damaged(draft: Path) -> None:
    first = Child(EDITOR, str(draft))
    try:
        assert first.reply("open") == "opened"
        result = run_cli("check", str(draft))
        assert result.returncode == 2
        _assert_in_use(result.stderr, draft)
        assert first.reply("close") == "closed"
    finally:
        first.kill()


def test_a_draft_being_edited_can_be_read_as_a_snapshot_and_never_written(draft: Path) -> None:
    from evaldesk.core.errors import StorageError
    from evaldesk.core.storage import ReadOnlyDraft

    original = load_package(draft)
    first = Child(EDITOR, str(draft))
    try:
        assert first.reply("open") == "opened"
        assert first.reply("project") == "ok project"
        assert first.reply("report 已保存的一句。") == "ok report"
        with ReadOnlyDraft.open(draft) as snapshot:
            expected = _replay(original, [("project", ""), ("report", "已保存的一句。")])
            assert jsonform.dumps(snapshot.package) == jsonform.dumps(expected)
            with pytest.raises(StorageError, match="只读"):
                snapshot.apply(edits.SetValue(("unit", "name"), "不会保存"))
            assert snapshot.backup("export").exists()  # what is shown can still be backed up and exported
        assert first.reply("cell") == "ok cell"  # the writer was not disturbed
        assert first.reply("close") == "closed"
    finally:
        first.kill()
    final = _replay(original, [("project", ""), ("report", "已保存的一句。"), ("cell", "")])
    assert jsonform.dumps(load_package(draft)) == jsonform.dumps(final)
