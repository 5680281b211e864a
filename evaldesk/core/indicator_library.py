"""The indicator library: common 三级 indicators to pick from when filling a 绩效指标 table.

Two sources: the built-in list shipped under ``resources/indicator_library/*.json`` (common indicators per
二级 heading, each with a typical unit, direction and example target), and every indicator of the packages
opened on this PC, kept in ``<user data>/indicator_library.json`` (:func:`learn_from`). Entries are unique by
(二级指标, 名称); the clerk's own entries come before built-in ones with the same key.

The user file is a convenience: a damaged one is set aside with a logged warning and the library starts
afresh, and a failure to write it is logged, never raised into the caller (opening a package must not fail
because of it).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from evaldesk.core import model, paths, targets
from evaldesk.core.atomic import write_atomic
from evaldesk.core.errors import StorageError

log = logging.getLogger(__name__)

FORMAT_NAME = "evaldesk-indicator-library"
FORMAT_VERSION = 1
USER_FILE = "indicator_library.json"
MAX_USER_ENTRIES = 3000  # the oldest, least used entries are dropped beyond this
MAX_USER_FILE_BYTES = 8 * 1024 * 1024  # anything larger is not a file we wrote
MAX_NAME = 100
MAX_EXAMPLE = 60

_LEVEL1_OF = {l2: l1 for l1, l2s in model.LEVEL2_BY_LEVEL1.items() for l2 in l2s}
_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
_DIRECTIONS = ("≥", "≤", "=", "")


@dataclass(frozen=True)
class LibraryEntry:
    """One 三级 indicator: where it belongs, its name, typical unit, direction and an example target.

    ``direction`` is ``≥``, ``≤``, ``=`` or ``""`` (qualitative, e.g. 建立健全); ``source`` is ``builtin`` or
    ``learned``; ``seen`` and ``last_year`` tell how often and how recently a learned entry was used.
    """

    level1: str
    level2: str
    name: str
    unit: str = ""
    direction: str = ""
    example: str = ""
    source: str = "builtin"
    seen: int = 0
    last_year: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (normalize(self.level2), normalize(self.name))


def normalize(text: str) -> str:
    """Text as compared by the library: full-width → half-width (NFKC), lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _level2_key(level2: str) -> str:
    """``数量`` and ``数量指标`` both name the 二级 heading 数量指标."""
    key = normalize(level2)
    return key if not key or key.endswith("指标") else key + "指标"


def _entry_from(data: Any, source: str) -> LibraryEntry | None:
    """An entry from stored JSON, or None when the record is not usable."""
    if not isinstance(data, dict):
        return None
    text = {k: data.get(k, "") for k in ("level1", "level2", "name", "unit", "direction", "example")}
    if (
        not all(isinstance(v, str) for v in text.values())
        or not text["name"].strip()
        or not text["level2"].strip()
    ):
        return None
    if text["direction"] not in _DIRECTIONS:
        return None
    seen, last_year = data.get("seen", 0), data.get("last_year", 0)
    if not isinstance(seen, int) or not isinstance(last_year, int) or isinstance(seen, bool):
        return None
    text["level1"] = text["level1"] or _LEVEL1_OF.get(text["level2"], "")
    return LibraryEntry(**text, source=source, seen=max(0, seen), last_year=last_year)


def load_builtin() -> list[LibraryEntry]:
    """The built-in entries, from every ``resources/indicator_library/*.json`` in name order."""
    out: list[LibraryEntry] = []
    for file in sorted(paths.resource("indicator_library").glob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))  # shipped data: a bad file is a bug, let it raise
        for record in doc["entries"]:
            entry = _entry_from(record, "builtin")
            if entry is None:
                raise ValueError(f"bad built-in indicator entry in {file.name}: {record!r}")
            out.append(entry)
    return out


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
            self._learned = self._read() if stamp is not None else []
            self._stamp = self._file_stamp()
        return list(self._learned)

    def _read(self) -> list[LibraryEntry]:
        try:
            if self.path.stat().st_size > MAX_USER_FILE_BYTES:
                raise ValueError("file too large")
            doc = json.loads(self.path.read_bytes().decode("utf-8"))
            if (
                not isinstance(doc, dict)
                or doc.get("format") != FORMAT_NAME
                or not isinstance(doc.get("entries"), list)
            ):
                raise ValueError("not an indicator library")
            if not isinstance(doc.get("version"), int) or doc["version"] > FORMAT_VERSION:
                raise ValueError(f"unsupported version {doc.get('version')!r}")
        except (
            OSError,
            ValueError,
            RecursionError,
        ) as e:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            self._set_aside(e)
            return []
        entries = [_entry_from(r, "learned") for r in doc["entries"]]
        bad = sum(e is None for e in entries)
        if bad:
            log.warning("indicator library %s: skipped %d unusable entries", self.path, bad)
        return _dedup([e for e in entries if e is not None])

    def _set_aside(self, reason: Exception) -> None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            os.replace(self.path, aside)
            log.warning(
                "indicator library %s is damaged (%s); kept as %s, starting afresh", self.path, reason, aside
            )
        except OSError as e:
            log.warning(
                "indicator library %s is damaged (%s) and could not be set aside: %s", self.path, reason, e
            )

    def _write(self, entries: list[LibraryEntry]) -> bool:
        records = []
        for e in entries:
            record = asdict(e)
            del record["source"]
            records.append(record)
        doc = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "entries": records}
        try:
            write_atomic(self.path, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        except StorageError as e:
            log.warning("indicator library %s not saved: %s", self.path, e)
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
        return _dedup(learned + self.builtin())

    def learn_from(self, pkg: model.Package) -> int:
        """Add the package's indicators (overall and every project); returns how many were new."""
        found = [e for e in (_from_indicator(i, pkg.fiscal_year) for i in _indicators(pkg)) if e is not None]
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
        want = _level2_key(level2 or "")
        pool = [e for e in self.entries() if not want or normalize(e.level2) == want]
        ranked = []
        for order, e in enumerate(pool):
            rank = match_rank(query, e)
            if rank is not None:
                # Within a rank: the clerk's own indicators first, then shorter (more general) names.
                ranked.append((rank, e.source != "learned", len(e.name), order, e))
        ranked.sort(key=lambda t: t[:4])
        return [t[4] for t in ranked[: max(0, limit)]]


def match_rank(query: str, entry: LibraryEntry) -> int | None:
    """How well ``query`` matches ``entry`` (lower is better), or None for no match.

    0 the name is the query · 1 the name starts with it · 2 contains it · 3 contains every word of it
    (words split by spaces or 、，) · 4 contains every character in order · 5 every character in any order
    · 6 the query names the 二级 heading. A blank query matches everything at 7.
    """
    q = normalize(query)
    words = [w for w in _SEPARATORS.split(unicodedata.normalize("NFKC", query).lower()) if w]
    if not q or not words:
        return 7
    name = normalize(entry.name)
    joined = "".join(words)
    if name == joined:
        return 0
    if name.startswith(joined):
        return 1
    if joined in name:
        return 2
    if all(w in name for w in words):
        return 3
    pos = 0
    for ch in joined:
        pos = name.find(ch, pos) + 1
        if pos == 0:
            break
    else:
        return 4
    if all(ch in name for ch in joined):
        return 5
    if joined in normalize(entry.level2):
        return 6
    return None


def _dedup(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    seen: set[tuple[str, str]] = set()
    out = []
    for e in entries:
        if e.key not in seen:
            seen.add(e.key)
            out.append(e)
    return out


def _indicators(pkg: model.Package) -> list[model.Indicator]:
    return list(pkg.overall.indicators) + [i for p in pkg.projects for i in p.performance.indicators]


def _from_indicator(ind: model.Indicator, year: int) -> LibraryEntry | None:
    """A library entry from an indicator row; None for a row without a real name or heading."""
    name = re.sub(r"\s+", " ", ind.name).strip()[:MAX_NAME]
    level2 = ind.level2.strip()
    if not level2 or not any(ch.isalnum() for ch in name):  # skips blank and "……" placeholder rows
        return None
    value = targets.parse_value(ind.target)
    if value.kind == "quant" and not targets.is_year_value(value):
        # A target written without an operator (``90%``) leaves the direction open, except ``0起`` (= 0).
        direction = {">": "≥", "<": "≤"}.get(value.op, value.op) or ("=" if value.number == 0 else "")
        unit, example = value.unit, targets.format_value(value)
    else:
        # A year such as 2023年 is not a reusable target; qualitative text is kept as the example.
        direction, unit = "", ""
        example = "" if value.kind != "qual" else value.text.strip()
    return LibraryEntry(
        level1=ind.level1.strip() or _LEVEL1_OF.get(level2, ""),
        level2=level2,
        name=name,
        unit=unit,
        direction=direction,
        example=example[:MAX_EXAMPLE],
        source="learned",
        seen=1,
        last_year=year,
    )


def target_template(entry: LibraryEntry) -> tuple[str, str]:
    """(text before, text after) the number the clerk types: ``("≥", "%")``; ``("", "万元")`` when the
    direction is open; ``("", "")`` for a qualitative entry."""
    return (entry.direction, entry.unit)


def to_indicator(entry: LibraryEntry) -> model.Indicator:
    """A new indicator row from ``entry`` (weight and actual blank).

    The target holds the direction and unit as a template for the number still to be typed (``≥%``: the
    UI places the cursor between them, see :func:`target_template`); it stays blank when the entry has no
    direction, so that no half-written value such as ``%`` is left in the table.
    """
    before, after = target_template(entry)
    return model.Indicator(
        level1=entry.level1 or _LEVEL1_OF.get(entry.level2, ""),
        level2=entry.level2,
        name=entry.name,
        target=before + after if before else "",
    )


# --- the library of this PC --------------------------------------------------------------------------

_default: IndicatorLibrary | None = None


def default_library() -> IndicatorLibrary:
    """The library in the clerk's data folder (follows ``EVALDESK_DATA_DIR`` when it changes)."""
    global _default
    path = paths.user_data_dir() / USER_FILE
    if _default is None or _default.path != path:
        builtin = _default._builtin if _default is not None else None
        _default = IndicatorLibrary(path, builtin)
    return _default


def learn_from(pkg: model.Package) -> int:
    """Add a package's indicators to this PC's library; returns how many were new."""
    return default_library().learn_from(pkg)


def search(query: str, level2: str | None = None, limit: int = 50) -> list[LibraryEntry]:
    """Search this PC's library (learned and built-in entries); see :meth:`IndicatorLibrary.search`."""
    return default_library().search(query, level2, limit)
