"""上年自评包: the package a draft was carried over from (or one the clerk picks), remembered per draft.

The session holds the package (``DocumentSession.last_year``); this module remembers where it came from,
in the settings under a key made from the draft's absolute path, so that it comes back when the draft is
reopened. Asking the clerk for one (选择上年自评包…) is ``last_year_dialog``.

The draft's own path is kept beside each entry (``lastYearDraft/<digest>``) so that :func:`prune`, run when
the app starts, can drop the entries of drafts since moved or deleted. Entries written before that have
no draft path: they gain it when their draft is next opened, and are dropped once their package is gone
(the session would forget them then anyway).
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QSettings

from evaldesk.ui.document import documents

log = logging.getLogger(__name__)

GROUP = "lastYearPackage"
DRAFTS = "lastYearDraft"  # the same digests → the draft's path, so an entry can be pruned


def _canonical(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def _digest(draft_path: Path) -> str:
    return hashlib.sha1(_canonical(draft_path).encode("utf-8")).hexdigest()


def settings_key(draft_path: Path) -> str:
    """The settings key for a draft: a digest of its absolute path (a path itself holds ``/`` and ``\\``,
    which the settings store reads as groups)."""
    return f"{GROUP}/{_digest(draft_path)}"


def remembered(draft_path: Path) -> Path | None:
    """Where the last-year package of the draft at ``draft_path`` was loaded from, if remembered."""
    s = documents.settings()
    value = s.value(settings_key(draft_path))
    if not (isinstance(value, str) and value):
        return None
    draft_key = f"{DRAFTS}/{_digest(draft_path)}"
    if not s.contains(draft_key):  # remembered before draft paths were kept: keep it now
        s.setValue(draft_key, str(Path(draft_path).resolve()))
    return Path(value)


def remember(draft_path: Path, source: Path | None) -> None:
    """Remember ``source`` for the draft (``None`` forgets it)."""
    s = documents.settings()
    digest = _digest(draft_path)
    if source is None:
        s.remove(f"{GROUP}/{digest}")
        s.remove(f"{DRAFTS}/{digest}")
    else:
        s.setValue(f"{GROUP}/{digest}", str(Path(source).resolve()))
        s.setValue(f"{DRAFTS}/{digest}", str(Path(draft_path).resolve()))


def _gone(path: object) -> bool:
    """Whether a remembered file is gone for good: missing while its drive is there (a USB stick or a
    network share that is not connected right now says nothing)."""
    if not (isinstance(path, str) and path):
        return True
    p = Path(path)
    return not p.exists() and (not p.anchor or Path(p.anchor).exists())


def prune(s: QSettings | None = None) -> int:
    """Forget the last-year packages of drafts that were moved or deleted; returns how many were forgotten.

    An entry without a draft path (remembered by an older version) is forgotten when its package is gone.
    """
    s = s if s is not None else documents.settings()
    s.beginGroup(GROUP)
    digests = s.childKeys()
    s.endGroup()
    s.beginGroup(DRAFTS)
    drafts = {d: s.value(d) for d in s.childKeys()}
    s.endGroup()
    forgotten = 0
    for d in digests:
        gone = _gone(drafts[d]) if d in drafts else _gone(s.value(f"{GROUP}/{d}"))
        if gone:
            s.remove(f"{GROUP}/{d}")
            s.remove(f"{DRAFTS}/{d}")
            forgotten += 1
    for d in set(drafts) - set(digests):  # a draft path whose entry is already gone
        s.remove(f"{DRAFTS}/{d}")
    if forgotten:
        log.info("forgot the last-year packages of %d moved or deleted drafts", forgotten)
    return forgotten


def same_file(a: Path, b: Path) -> bool:
    return _canonical(a) == _canonical(b)
