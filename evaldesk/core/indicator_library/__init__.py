"""The indicator library: common 三级 indicators to pick from when filling a 绩效指标 table.

Two sources: the built-in list shipped under ``resources/indicator_library/*.json`` (common indicators per
二级 heading, each with a typical unit, direction and example target), and every indicator of the packages
opened on this PC, kept in ``<user data>/indicator_library.json`` (:func:`learn_from`). Entries are unique by
(二级指标, 名称); the clerk's own entries come before built-in ones with the same key.

The user file is a convenience: a damaged one is set aside with a logged warning and the library starts
afresh, and a failure to write it is logged, never raised into the caller (opening a package must not fail
because of it).

By job: :mod:`.entries` (what an entry is, the built-in list), :mod:`.userfile` (the clerk's file),
:mod:`.ranking` (matching a query), :mod:`.library` (the two sources together); this module holds the
library of this PC and re-exports the rest.
"""

from __future__ import annotations

from evaldesk.core import model, paths
from evaldesk.core.indicator_library.entries import (
    MAX_EXAMPLE,
    MAX_NAME,
    LibraryEntry,
    load_builtin,
    normalize,
    target_template,
    to_indicator,
)
from evaldesk.core.indicator_library.library import MAX_USER_ENTRIES, IndicatorLibrary
from evaldesk.core.indicator_library.ranking import match_rank
from evaldesk.core.indicator_library.userfile import FORMAT_NAME, FORMAT_VERSION, MAX_USER_FILE_BYTES

USER_FILE = "indicator_library.json"

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_EXAMPLE",
    "MAX_NAME",
    "MAX_USER_ENTRIES",
    "MAX_USER_FILE_BYTES",
    "USER_FILE",
    "IndicatorLibrary",
    "LibraryEntry",
    "default_library",
    "learn_from",
    "load_builtin",
    "match_rank",
    "normalize",
    "search",
    "target_template",
    "to_indicator",
]


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
