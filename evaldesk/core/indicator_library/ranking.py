"""How well a typed query matches a library entry, and the best matches first."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from evaldesk.core.indicator_library.entries import LibraryEntry, normalize

_SEPARATORS = re.compile(r"[\s,，、;；/|]+")


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


def best_matches(pool: Iterable[LibraryEntry], query: str, limit: int) -> list[LibraryEntry]:
    """The entries of ``pool`` that match ``query``, best first (see :func:`match_rank`), at most ``limit``."""
    ranked = []
    for order, e in enumerate(pool):
        rank = match_rank(query, e)
        if rank is not None:
            # Within a rank: the clerk's own indicators first, then shorter (more general) names.
            ranked.append((rank, e.source != "learned", len(e.name), order, e))
    ranked.sort(key=lambda t: t[:4])
    return [t[4] for t in ranked[: max(0, limit)]]
