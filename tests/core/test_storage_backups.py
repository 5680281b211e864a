"""Rotating backups in the data folder, and restoring a damaged draft from the newest good one."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaldesk.core import edits, jsonform
from evaldesk.core.errors import FileFormatError, StorageError
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import (
    Draft,
    backup_folder,
    list_backups,
    load_package,
    make_backup,
    restore_latest_good,
    save_package,
)


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    path = folder / "应急局2023.evaldesk"
    save_package(path, load_sample())
    return path


def test_backup_on_open_rotates_keeping_the_newest_ten(draft_path: Path, data_dir: Path) -> None:
    for _ in range(12):
        Draft.open(draft_path).close()
    found = list_backups(draft_path)
    assert len(found) == 10
    assert all(b.reason == "open" for b in found)
    assert [b.created for b in found] == sorted((b.created for b in found), reverse=True)
    folder = backup_folder(draft_path)
    assert folder.parent == data_dir / "backups"
    assert folder.name.startswith("应急局2023-")
    assert sorted(p.name for p in folder.iterdir()) == sorted(b.path.name for b in found)
    assert jsonform.dumps(load_package(found[0].path)) == jsonform.dumps(load_sample())


def test_backups_are_bounded_in_total_size(draft_path: Path) -> None:
    size = draft_path.stat().st_size
    for _ in range(4):
        make_backup(draft_path, max_bytes=size * 2)
    assert len(list_backups(draft_path)) == 2
    make_backup(draft_path, max_bytes=1)  # the newest copy is always kept
    assert len(list_backups(draft_path)) == 1


def test_same_name_in_another_folder_gets_its_own_backups(draft_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / draft_path.name
    other.parent.mkdir()
    save_package(other, load_sample())
    assert backup_folder(other) != backup_folder(draft_path)
    make_backup(other)
    assert list_backups(draft_path) == []


def test_backup_of_an_open_draft_is_consistent(draft_path: Path) -> None:
    with Draft.open(draft_path) as draft:
        draft.apply(edits.SetValue(("unit", "name"), "导出前"))
        copy = draft.backup("export")
        assert copy.name.endswith("-export.evaldesk")
        assert load_package(copy).unit.name == "导出前"
        assert draft.backup_error is None


def test_restore_latest_good_after_truncation(draft_path: Path) -> None:
    with Draft.open(draft_path) as draft:  # backup 1: the sample
        draft.apply(edits.SetValue(("unit", "name"), "第二版"))
        draft.backup("export")  # backup 2: 第二版
        draft.apply(edits.SetValue(("unit", "name"), "第三版（将丢失）"))
    data = draft_path.read_bytes()
    damaged = data[: len(data) // 2]
    draft_path.write_bytes(damaged)
    with pytest.raises(FileFormatError, match="已损坏"):
        Draft.open(draft_path)

    used = restore_latest_good(draft_path)
    assert used.name.endswith("-export.evaldesk")
    with Draft.open(draft_path) as draft:
        assert draft.package.unit.name == "第二版"
    folder = draft_path.parent
    aside = [p for p in folder.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].name.startswith("应急局2023.evaldesk.damaged-")
    assert aside[0].read_bytes() == damaged
    assert sorted(p.name for p in folder.iterdir()) == sorted(["应急局2023.evaldesk", aside[0].name])


def test_restore_skips_damaged_backups(draft_path: Path) -> None:
    make_backup(draft_path)  # good: the sample
    with Draft.open(draft_path, backup=False) as draft:
        draft.apply(edits.SetValue(("unit", "name"), "较新"))
    newest = make_backup(draft_path)
    newest.write_bytes(newest.read_bytes()[:5000])  # the newest copy is damaged too
    draft_path.write_bytes(b"\x00" * 4096)
    journal = Path(f"{draft_path}-journal")
    journal.write_bytes(b"leftover journal")  # must not be applied to the restored file
    used = restore_latest_good(draft_path)
    assert used != newest
    assert load_package(draft_path).unit.name == "岳阳楼区应急管理局"
    assert not journal.exists()
    assert any(p.name.endswith("-journal") and ".damaged-" in p.name for p in draft_path.parent.iterdir())


def test_restore_without_any_good_backup(draft_path: Path) -> None:
    draft_path.write_bytes(b"junk")
    with pytest.raises(StorageError, match="没有找到"):
        restore_latest_good(draft_path)
    assert draft_path.read_bytes() == b"junk"


def test_backup_failure_on_open_is_reported_not_fatal(draft_path: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "backups").write_text("a file where the backups folder should be")
    with Draft.open(draft_path) as draft:
        assert draft.backup_error is not None
        draft.apply(edits.SetValue(("unit", "name"), "照常编辑"))
    assert load_package(draft_path).unit.name == "照常编辑"


def test_reason_must_be_a_plain_word(draft_path: Path) -> None:
    with pytest.raises(ValueError):
        make_backup(draft_path, "../escape")
