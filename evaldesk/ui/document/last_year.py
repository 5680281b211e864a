"""上年自评包: the package a draft was carried over from (or one the clerk picks), remembered per draft.

The session holds the package (``DocumentSession.last_year``); this module remembers where it came from,
in the settings under a key made from the draft's absolute path, so that it comes back when the draft is
reopened. Asking the clerk for one (选择上年自评包…) is ``last_year_dialog``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from evaldesk.ui.document import documents

GROUP = "lastYearPackage"


def _canonical(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def settings_key(draft_path: Path) -> str:
    """The settings key for a draft: a digest of its absolute path (a path itself holds ``/`` and ``\\``,
    which the settings store reads as groups)."""
    return f"{GROUP}/{hashlib.sha1(_canonical(draft_path).encode('utf-8')).hexdigest()}"


def remembered(draft_path: Path) -> Path | None:
    """Where the last-year package of the draft at ``draft_path`` was loaded from, if remembered."""
    value = documents.settings().value(settings_key(draft_path))
    return Path(value) if isinstance(value, str) and value else None


def remember(draft_path: Path, source: Path | None) -> None:
    """Remember ``source`` for the draft (``None`` forgets it)."""
    s = documents.settings()
    if source is None:
        s.remove(settings_key(draft_path))
    else:
        s.setValue(settings_key(draft_path), str(Path(source).resolve()))


def same_file(a: Path, b: Path) -> bool:
    return _canonical(a) == _canonical(b)
