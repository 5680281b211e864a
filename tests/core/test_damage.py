"""A damaged draft gives a clear Chinese message when it is opened, and backups are made and rotated.

Damage of the kinds that happen to files on office PCs and USB sticks: cut short (copy interrupted),
filled with zero bytes (a crash of the file system), garbled in the middle, or not a draft at all
(tests/helpers/damage.py). What the command line says about it: tests/cli/test_cli_damage.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evaldesk.core import edits
from evaldesk.core.errors import FileFormatError
from evaldesk.core.storage import Draft, list_backups, load_package, make_backup
from evaldesk.core.storage import backups as backups_mod
from tests.helpers.damage import DAMAGE, assert_clear, damage, make_draft


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    return make_draft(tmp_path)


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_damaged_draft_is_refused_with_a_clear_message(draft_path: Path, how: str) -> None:
    damage(draft_path, how)
    before = draft_path.read_bytes()
    with pytest.raises(FileFormatError) as info:
        Draft.open(draft_path)
    assert_clear(str(info.value), draft_path)
    if how != "not-a-draft":
        assert any(w in str(info.value) for w in ("损坏", "不完整", "空的", "不是")), str(info.value)
    assert draft_path.read_bytes() == before, "opening a damaged file must not change it"
    with pytest.raises(FileFormatError):
        load_package(draft_path)


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
