from __future__ import annotations

from pathlib import Path

from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft


def test_a_stale_journal_left_by_a_crash_is_removed_on_close(tmp_path: Path) -> None:
    path = tmp_path / "草稿.evaldesk"
    Draft.create(path, load_sample()).close()
    journal = tmp_path / "草稿.evaldesk-journal"
    journal.write_bytes(
        b"\x00" * 512
    )  # what exclusive locking leaves after a kill: a zeroed, non-hot journal
    with Draft.open(path) as d:
        assert d.package.unit.name == "岳阳楼区应急管理局"
    assert not journal.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["草稿.evaldesk"]
