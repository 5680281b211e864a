"""The migration framework, exercised with fake future steps on the committed v1 fixture."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from evaldesk.core import jsonform
from evaldesk.core.errors import FileFormatError, StorageError
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, list_backups, load_package, save_package, schema

V1 = Path(__file__).parent / "fixtures" / "v1_sample.evaldesk"
EXPECTED = jsonform.dumps(jsonform.loads((V1.parent / "v1_sample.expected.json").read_bytes()))


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    path = folder / "v1.evaldesk"
    shutil.copyfile(V1, path)
    return path


def version_of(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
        return int(c.execute("PRAGMA user_version").fetchone()[0])


def tables_of(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
        return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def dump(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
        return list(c.iterdump())


class Recorder:
    """Fake future steps (numbered after the real ones) that record what they saw."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, bool]] = []  # (step, user_version seen, in a transaction)

    def step(self, version: int, fail: bool = False) -> schema.Step:
        def run(conn: sqlite3.Connection) -> None:
            self.calls.append((version, schema.user_version(conn), conn.in_transaction))
            conn.execute(f"CREATE TABLE notes_v{version} (body TEXT NOT NULL)")
            conn.execute(f"INSERT INTO notes_v{version} VALUES ('migrated')")
            if version == A:
                conn.execute("ALTER TABLE meta ADD COLUMN note TEXT NOT NULL DEFAULT ''")
            if fail:
                raise RuntimeError("step failed on purpose")

        return schema.Step(version, f"测试步骤{version}", run)


BASE = list(schema.MIGRATIONS)  # the real steps
N = len(BASE)  # the real version; the fake steps are A = N + 1 and B = N + 2
A, B = N + 1, N + 2


def install(monkeypatch: pytest.MonkeyPatch, *steps: schema.Step) -> None:
    """Pretend the program has the extra ``steps`` (monkeypatch restores the real list afterwards)."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*BASE, *steps])


def test_steps_run_in_order_each_in_a_transaction_after_a_backup(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder()
    install(monkeypatch, rec.step(A), rec.step(B))
    with Draft.open(v1_copy) as draft:
        assert jsonform.dumps(draft.package) == EXPECTED
    assert rec.calls == [(A, N, True), (B, A, True)]
    assert version_of(v1_copy) == B
    assert {f"notes_v{A}", f"notes_v{B}"} <= tables_of(v1_copy)
    (backup,) = list_backups(v1_copy)
    assert backup.reason == "migrate"
    assert version_of(backup.path) == 1  # the copy was taken before the migration
    assert dump(backup.path) == dump(V1)
    with Draft.open(v1_copy) as draft:  # already current: no step runs again
        assert jsonform.dumps(draft.package) == EXPECTED
    assert len(rec.calls) == 2
    assert [p.name for p in v1_copy.parent.iterdir()] == ["v1.evaldesk"]


def test_a_failing_step_leaves_the_original_file_untouched(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder()
    install(monkeypatch, rec.step(A), rec.step(B, fail=True))
    original = v1_copy.read_bytes()
    with pytest.raises(StorageError) as info:
        Draft.open(v1_copy)
    assert f"测试步骤{B}" in str(info.value) and "原文件未改动" in str(info.value)
    assert [c[0] for c in rec.calls] == [A, B]
    assert v1_copy.read_bytes() == original
    assert [p.name for p in v1_copy.parent.iterdir()] == ["v1.evaldesk"]  # temp copy removed
    install(monkeypatch)
    assert jsonform.dumps(load_package(v1_copy)) == EXPECTED


def test_a_step_is_one_transaction(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a connection: a failing step's own changes (table, rows, version) are all rolled back."""
    rec = Recorder()
    steps = [*BASE, rec.step(A), rec.step(B, fail=True)]
    conn = sqlite3.connect(v1_copy, isolation_level=None)
    try:
        with pytest.raises(StorageError):
            schema.migrate_connection(conn, steps)
        assert schema.user_version(conn) == A  # step A committed on its own
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert f"notes_v{A}" in names and f"notes_v{B}" not in names
        assert not conn.in_transaction
    finally:
        conn.close()


def test_load_package_migrates_in_memory_only(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder()
    install(monkeypatch, rec.step(A))
    original = v1_copy.read_bytes()
    assert jsonform.dumps(load_package(v1_copy)) == EXPECTED
    assert [c[0] for c in rec.calls] == [A]
    assert v1_copy.read_bytes() == original


def test_new_drafts_are_built_by_running_every_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder()
    install(monkeypatch, rec.step(A))
    path = tmp_path / "new.evaldesk"
    save_package(path, load_sample())
    assert [c[:2] for c in rec.calls] == [(A, N)]
    assert version_of(path) == A


def test_newer_than_supported_names_both_versions(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, Recorder().step(A), Recorder().step(B))
    Draft.open(v1_copy).close()  # now at version B
    install(monkeypatch, Recorder().step(A))
    with pytest.raises(FileFormatError, match=f"文件格式版本 {B}），本程序只支持到版本 {A}"):
        Draft.open(v1_copy)


def test_steps_must_be_numbered_without_gaps() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    with pytest.raises(ValueError):
        schema.migrate_connection(conn, [*BASE, schema.Step(B, "跳号", lambda c: None)])
    conn.close()


def test_migration_is_refused_without_a_backup(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evaldesk.core.storage import backups

    def no_backup(*_: object, **__: object) -> Path:
        raise StorageError("无法制作备份（磁盘空间不足）。")

    install(monkeypatch, Recorder().step(A))
    monkeypatch.setattr(backups, "make_backup", no_backup)
    original = v1_copy.read_bytes()
    with pytest.raises(StorageError, match="没有升级文件格式"):
        Draft.open(v1_copy)
    assert v1_copy.read_bytes() == original


def _refused_step(draft: Path, step: Callable[[sqlite3.Connection], None]) -> StorageError:
    """The error a migration with one extra step ``step`` raises on ``draft``."""
    conn = sqlite3.connect(draft, isolation_level=None)
    try:
        with pytest.raises(StorageError) as info:
            schema.migrate_connection(conn, [*BASE, schema.Step(A, "测试步骤", step)])
    finally:
        conn.close()
    return info.value


def test_a_step_that_breaks_a_reference_names_the_table_in_chinese(v1_copy: Path) -> None:
    def orphan(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO funding_rows (project_id, row) VALUES ('没有这个项目', 'total')")

    assert str(_refused_step(v1_copy, orphan)) == "升级后的数据引用关系不完整（附件3 项目资金）。"


def test_a_step_refused_by_sqlite_does_not_show_its_table_and_column(v1_copy: Path) -> None:
    def clash(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO projects (id, seq, name) SELECT id, seq + 100, name FROM projects")

    error = _refused_step(v1_copy, clash)
    assert str(error) == (
        f"升级文件格式到版本 {A}（测试步骤）时出错（文件中的数据不符合新格式的要求，可能被手工改动过）。"
    )
    assert "projects." in str(error.__cause__)  # kept for a developer, not shown
