"""Issue 19: the settings that remember each draft's last-year package are pruned for drafts moved or deleted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from evaldesk.ui.document import documents, last_year


def _touch(p: Path) -> Path:
    p.write_bytes(b"x")
    return p


def test_prune_forgets_drafts_moved_or_deleted_and_keeps_the_rest(tmp_path: Path) -> None:
    source = _touch(tmp_path / "2022.evaldesk")
    kept = _touch(tmp_path / "kept.evaldesk")
    deleted = _touch(tmp_path / "deleted.evaldesk")
    moved = _touch(tmp_path / "moved.evaldesk")
    for draft in (kept, deleted, moved):
        last_year.remember(draft, source)
    deleted.unlink()
    moved.rename(tmp_path / "elsewhere.evaldesk")

    assert last_year.prune() == 2
    assert last_year.remembered(kept) == source.resolve()
    assert last_year.remembered(deleted) is None
    assert last_year.remembered(moved) is None
    s = documents.settings()
    s.beginGroup(last_year.GROUP)
    assert len(s.childKeys()) == 1
    s.endGroup()
    s.beginGroup(last_year.DRAFTS)
    assert s.childKeys() == [last_year.settings_key(kept).split("/")[1]]
    s.endGroup()
    assert last_year.prune() == 0


def test_prune_works_on_the_settings_file_it_is_given_and_handles_old_entries(tmp_path: Path) -> None:
    """Entries written before draft paths were kept: the one whose package is gone goes, the other stays
    and learns its draft's path when the draft is opened."""
    s = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    package = _touch(tmp_path / "2022.evaldesk")
    s.setValue(f"{last_year.GROUP}/aaaa", str(package))
    s.setValue(f"{last_year.GROUP}/bbbb", str(tmp_path / "gone-2022.evaldesk"))
    s.setValue(f"{last_year.DRAFTS}/cccc", str(tmp_path / "orphan.evaldesk"))  # its entry already gone
    assert last_year.prune(s) == 1
    s.sync()
    again = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    assert again.allKeys() == [f"{last_year.GROUP}/aaaa"]


def test_an_old_entry_learns_its_draft_path_when_the_draft_is_opened(tmp_path: Path) -> None:
    package = _touch(tmp_path / "2022.evaldesk")
    draft = _touch(tmp_path / "2023.evaldesk")
    documents.settings().setValue(last_year.settings_key(draft), str(package))  # as an older version wrote it
    assert last_year.remembered(draft) == package
    draft.unlink()
    assert last_year.prune() == 1  # the draft's path is known now, so its deletion is seen
    assert last_year.remembered(draft) is None
