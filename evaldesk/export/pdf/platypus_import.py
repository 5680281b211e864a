"""Import ``reportlab.platypus`` without compiling, at start-up, a regular expression the PDF never uses.

``reportlab.platypus.paragraph`` compiles at import a case-insensitive URL pattern over ``\\xa1-\\uffff``
(``uri_pat``), used only by its ``uriWasteReduce`` option (breaking long URLs; our styles leave it off).
Case-folding those 65 000 characters takes 25–50 ms of every PDF export's start-up, a tenth of the whole
run. So the import finds a stand-in for that exact pattern in ``re``'s cache, which compiles the very
same pattern the first time it is used: nothing changes but when the work is done. Should ``re`` or
reportlab change (another cache, another pattern), the stand-in is not found and reportlab compiles the
pattern itself, as before.

Imported first by ``evaldesk.export.pdf``, before anything imports ``reportlab.platypus``.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

# reportlab 4's paragraph.uri_pat (from Django's URL validator), character for character.
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|"
    "([a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?"
    "(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})"
    "(?<!-)\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)
URI_FLAGS = re.IGNORECASE


class LazyPattern:
    """Stands in for ``re.compile(pattern, flags)``; compiles it on first use and defers to it."""

    def __init__(self, pattern: str, flags: re.RegexFlag) -> None:
        self._source = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def compiled(self) -> re.Pattern[str]:
        with self._lock:
            if self._compiled is None:
                self._compiled = re.compile(self._source, self._flags)
            return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, search, pattern, flags, groups …
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)


def _caches() -> list[dict[Any, Any]]:
    """``re``'s pattern caches (``_cache``; Python 3.12 adds ``_cache2``)."""
    caches = [getattr(re, "_cache", None), getattr(re, "_cache2", None)]
    return [c for c in caches if isinstance(c, dict)]


def import_platypus() -> None:
    """``import reportlab.platypus``, its URL pattern compiled only if it is ever used."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    key = (str, URI_PATTERN, int(URI_FLAGS))
    stand_in = LazyPattern(URI_PATTERN, URI_FLAGS)
    caches = _caches()
    if caches:
        caches[0][key] = stand_in
    try:
        import reportlab.platypus  # noqa: F401 - the import is the point
    finally:
        for cache in _caches():  # nobody else gets the stand-in from re.compile
            if cache.get(key) is stand_in:
                del cache[key]


import_platypus()
