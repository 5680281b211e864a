"""The library itself: the built-in entries plus the clerk's own, learned from packages and searched."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evaldesk.core import model
from evaldesk.core.indicator_library import userfile
from evaldesk.core.indicator_library.entries import (
    LibraryEntry,
    dedup,
    from_indicator,
    indicators_of,
    level2_key,
    load_builtin,
    normalize,
)
from evaldesk.core.indicator_library.ranking import best_matches

MAX_USER_ENTRIES = 3000  # the oldest, least used entries are dropped beyond this


class IndicatorLibrary:
    """The built-in entries plus the user file at ``path`` (read lazily, re-read when it changes on disk)."""

    def __init__(self, path: Path, builtin: list[LibraryEntry] | None = None) -> None:
        self.path = path
        self._builtin = builtin
        self._learned: list[LibraryEntry] = []
        self._stamp: tuple[int, int] | None = None

    # --- the user file ---------------------------------------------------------------------------

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def learned(self) -> list[LibraryEntry]:
        """The entries learned on this PC (re-read when the file changed)."""
        stamp = self._file_stamp()
        if stamp != self._stamp:
            self._learned = userfile.read_entries(self.path) if stamp is not None else []
            self._stamp = self._file_stamp()
        return list(self._learned)

    def _write(self, entries: list[LibraryEntry]) -> bool:
        if not userfile.write_entries(self.path, entries):
            return False
        self._learned = entries
        self._stamp = self._file_stamp()
        return True

    # --- public operations -----------------------------------------------------------------------

    def builtin(self) -> list[LibraryEntry]:
        if self._builtin is None:
            self._builtin = load_builtin()
        return list(self._builtin)

    def entries(self) -> list[LibraryEntry]:
        """Every entry: the learned ones first (most recent first), then built-in ones not already there."""
        learned = sorted(self.learned(), key=lambda e: (-e.last_year, -e.seen))
        return dedup(learned + self.builtin())

    def learn_from(self, pkg: model.Package) -> int:
        """Add the package's indicators (overall and every project); returns how many were new."""
        found = [e for e in (from_indicator(i, pkg.fiscal_year) for i in indicators_of(pkg)) if e is not None]
        if not found:
            return 0
        current = {e.key: e for e in self.learned()}
        added = 0
        for e in found:
            old = current.get(e.key)
            if old is None:
                current[e.key] = e
                added += 1
            elif e.last_year >= old.last_year:
                # The most recent wording of the unit and target wins; the count keeps growing.
                current[e.key] = replace(e, seen=old.seen + 1)
            else:
                current[e.key] = replace(old, seen=old.seen + 1)
        merged = sorted(current.values(), key=lambda e: (-e.last_year, -e.seen))[:MAX_USER_ENTRIES]
        self._write(merged)
        return added

    def search(self, query: str, level2: str | None = None, limit: int = 50) -> list[LibraryEntry]:
        """Entries whose name contains the query, best first (see :func:`match_rank`); all when blank."""
        want = level2_key(level2 or "")
        pool = [e for e in self.entries() if not want or normalize(e.level2) == want]
        return best_matches(pool, query, limit)
