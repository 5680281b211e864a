"""The indicator library's entries: what one common 三级 indicator holds, and where entries come from
(the built-in list under ``resources/indicator_library``, an indicator row of a package)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from evaldesk.core import model, paths, targets

MAX_NAME = 100
MAX_EXAMPLE = 60

LEVEL1_OF = {l2: l1 for l1, l2s in model.LEVEL2_BY_LEVEL1.items() for l2 in l2s}
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


def level2_key(level2: str) -> str:
    """``数量`` and ``数量指标`` both name the 二级 heading 数量指标."""
    key = normalize(level2)
    return key if not key or key.endswith("指标") else key + "指标"


def entry_from(data: Any, source: str) -> LibraryEntry | None:
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
    text["level1"] = text["level1"] or LEVEL1_OF.get(text["level2"], "")
    return LibraryEntry(**text, source=source, seen=max(0, seen), last_year=last_year)


def load_builtin() -> list[LibraryEntry]:
    """The built-in entries, from every ``resources/indicator_library/*.json`` in name order."""
    out: list[LibraryEntry] = []
    for file in sorted(paths.resource("indicator_library").glob("*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))  # shipped data: a bad file is a bug, let it raise
        for record in doc["entries"]:
            entry = entry_from(record, "builtin")
            if entry is None:
                raise ValueError(f"bad built-in indicator entry in {file.name}: {record!r}")
            out.append(entry)
    return out


def dedup(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    seen: set[tuple[str, str]] = set()
    out = []
    for e in entries:
        if e.key not in seen:
            seen.add(e.key)
            out.append(e)
    return out


def indicators_of(pkg: model.Package) -> list[model.Indicator]:
    return list(pkg.overall.indicators) + [i for p in pkg.projects for i in p.performance.indicators]


def from_indicator(ind: model.Indicator, year: int) -> LibraryEntry | None:
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
        level1=ind.level1.strip() or LEVEL1_OF.get(level2, ""),
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
        level1=entry.level1 or LEVEL1_OF.get(entry.level2, ""),
        level2=entry.level2,
        name=entry.name,
        target=before + after if before else "",
    )
