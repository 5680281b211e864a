"""Opening files that are not good drafts: a clear Chinese FileFormatError, and the file untouched."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from evaldesk.core import jsonform
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, list_backups, load_package, save_package, schema


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("good") / "good.evaldesk"
    save_package(path, load_sample())
    return path.read_bytes()


def _set_user_version(data: bytes, version: int) -> bytes:
    # PRAGMA user_version lives at offset 60 of the database header (big-endian).
    return data[:60] + version.to_bytes(4, "big") + data[64:]


def _other_sqlite(tmp: Path) -> bytes:
    p = tmp / "other.db"
    with contextlib.closing(sqlite3.connect(p)) as c:
        c.execute("CREATE TABLE t (a)")
        c.commit()
    return p.read_bytes()


BAD: dict[str, tuple[Callable[[bytes, Path], bytes], str]] = {
    "empty": (lambda g, t: b"", "是空的"),
    "header-only": (lambda g, t: g[:60], "已损坏"),
    "truncated-first-page": (lambda g, t: g[:1000], "已损坏"),
    "truncated-half": (lambda g, t: g[: len(g) // 2], "已损坏"),
    "truncated-one-page": (lambda g, t: g[:-4096], "已损坏"),
    "truncated-one-byte": (lambda g, t: g[:-1], "已损坏"),
    "zero-filled": (lambda g, t: b"\x00" * len(g), "已损坏"),
    "random-bytes": (lambda g, t: random.Random(7).randbytes(50_000), "不是绩效自评助手的草稿文件"),
    "text": (lambda g, t: "这是一个文本文件。\nhello\n".encode() * 50, "不是绩效自评助手的草稿文件"),
    "other-sqlite": (lambda g, t: _other_sqlite(t), "不是绩效自评助手的草稿文件"),
    "version-0": (lambda g, t: _set_user_version(g, 0), "不是绩效自评助手的草稿文件"),
    "newer-version": (
        lambda g, t: _set_user_version(g, 7),
        f"此文件由更新版本的绩效自评助手创建（文件格式版本 7），本程序只支持到版本 {schema.SCHEMA_VERSION}，请升级后再打开。",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("opener", [Draft.open, load_package], ids=["Draft.open", "load_package"])
def test_bad_file_is_refused_and_left_untouched(
    kind: str, opener: Callable[[Path], object], good_bytes: bytes, tmp_path: Path, data_dir: Path
) -> None:
    make, message = BAD[kind]
    folder = tmp_path / "drafts"
    folder.mkdir()
    data = make(good_bytes, tmp_path)
    path = folder / "坏文件.evaldesk"
    path.write_bytes(data)
    with pytest.raises(FileFormatError) as info:
        opener(path)
    assert message in str(info.value)
    assert path.read_bytes() == data
    assert [p.name for p in folder.iterdir()] == ["坏文件.evaldesk"]  # no journal, no temp file
    assert not (data_dir / "backups").exists() or list_backups(path) == []


def test_newer_file_message_is_exact(good_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "new.evaldesk"
    newer = schema.SCHEMA_VERSION + 1
    path.write_bytes(_set_user_version(good_bytes, newer))
    with pytest.raises(FileFormatError) as info:
        Draft.open(path)
    assert str(info.value) == (
        f"此文件由更新版本的绩效自评助手创建（文件格式版本 {newer}），本程序只支持到版本 {schema.SCHEMA_VERSION}，请升级后再打开。"
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="找不到文件"):
        Draft.open(tmp_path / "没有.evaldesk")
    with pytest.raises(FileFormatError, match="不是一个文件"):
        load_package(tmp_path)
    assert not (tmp_path / "没有.evaldesk").exists()


def test_damaged_content_inside_a_valid_database_is_refused(good_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "edited.evaldesk"
    path.write_bytes(good_bytes)
    with contextlib.closing(sqlite3.connect(path)) as c:
        c.execute("UPDATE basic_rows SET prev = 'abc' WHERE key = 'car'")
        c.commit()
    data = path.read_bytes()
    with pytest.raises(
        FileFormatError, match=r"附件1 基础数据表第2行（1、公务用车购置和维护经费）的上年决算数“abc”"
    ):
        load_package(path)
    with pytest.raises(FileFormatError, match="已损坏"):
        Draft.open(path)
    assert path.read_bytes() == data
    assert list_backups(path) == []  # checked before the backup: no bad copy pushes out good ones
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("edited")] == ["edited.evaldesk"]


def test_opening_and_closing_without_edits_does_not_change_the_file(
    good_bytes: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "same.evaldesk"
    path.write_bytes(good_bytes)
    Draft.open(path).close()
    assert path.read_bytes() == good_bytes


def test_create_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    path = folder / "a.evaldesk"
    path.write_text("old content")
    Path(f"{path}-journal").write_bytes(b"stale journal of the replaced file")
    save_package(path, load_sample())
    assert [p.name for p in folder.iterdir()] == ["a.evaldesk"]
    assert jsonform.dumps(load_package(path)) == jsonform.dumps(load_sample())
    assert oct(path.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def test_interrupted_write_is_rolled_back_on_open(tmp_path: Path) -> None:
    """A crash in the middle of a commit leaves a hot journal; opening restores the last commit."""
    path = tmp_path / "crash.evaldesk"
    save_package(path, load_sample())
    script = textwrap.dedent(
        f"""
        import os, sqlite3
        c = sqlite3.connect({str(path)!r}, isolation_level=None)
        c.execute("PRAGMA cache_size = 1")
        c.execute("BEGIN IMMEDIATE")
        c.execute("UPDATE meta SET unit_name = 'half-written'")
        c.executemany("INSERT INTO carried (seq, path) VALUES (?, ?)", [(i, "x" * 2000) for i in range(500)])
        os._exit(0)  # dies mid-transaction: journal and partly written database stay behind
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    assert Path(f"{path}-journal").exists()
    with Draft.open(path) as draft:
        assert jsonform.dumps(draft.package) == jsonform.dumps(load_sample())
    assert not Path(f"{path}-journal").exists()


def test_save_into_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    from evaldesk.core.errors import StorageError

    with pytest.raises(StorageError, match="不存在"):
        save_package(tmp_path / "nope" / "a.evaldesk", load_sample())


def test_file_written_by_an_older_schema_is_not_newer(good_bytes: bytes) -> None:
    # Guards the test data above: the good file is at the current version.
    assert int.from_bytes(good_bytes[60:64], "big") == schema.SCHEMA_VERSION


def test_package_that_cannot_be_stored_leaves_nothing_behind(tmp_path: Path) -> None:
    from decimal import Decimal

    from evaldesk.core import model
    from evaldesk.core.errors import StorageError

    folder = tmp_path / "d"
    folder.mkdir()
    pkg = load_sample()
    pkg.projects.append(model.Project(id="p1", name="重复编号"))
    with pytest.raises(StorageError, match="项目编号重复"):
        save_package(folder / "dup.evaldesk", pkg)
    pkg = load_sample()
    pkg.overall.indicators[0].weight = 1.5  # type: ignore[assignment]  # a float, not a Decimal
    with pytest.raises(StorageError, match="数据类型不正确"):
        save_package(folder / "float.evaldesk", pkg)
    assert list(folder.iterdir()) == []
    pkg.overall.indicators[0].weight = Decimal("1.5")
    save_package(folder / "ok.evaldesk", pkg)
    assert load_package(folder / "ok.evaldesk").overall.indicators[0].weight == Decimal("1.5")
