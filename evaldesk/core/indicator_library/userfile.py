"""The clerk's own entries on disk: ``<user data>/indicator_library.json``, read, set aside when damaged,
written atomically. A convenience file: nothing here raises into the caller."""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
from dataclasses import asdict
from pathlib import Path

from evaldesk.core.atomic import write_atomic
from evaldesk.core.errors import StorageError
from evaldesk.core.indicator_library.entries import LibraryEntry, dedup, entry_from

log = logging.getLogger(__name__)

FORMAT_NAME = "evaldesk-indicator-library"
FORMAT_VERSION = 1
MAX_USER_FILE_BYTES = 8 * 1024 * 1024  # anything larger is not a file we wrote


def read_entries(path: Path) -> list[LibraryEntry]:
    """The learned entries in ``path``; a damaged file is set aside (logged) and gives none."""
    try:
        if path.stat().st_size > MAX_USER_FILE_BYTES:
            raise ValueError("file too large")
        doc = json.loads(path.read_bytes().decode("utf-8"))
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
        _set_aside(path, e)
        return []
    entries = [entry_from(r, "learned") for r in doc["entries"]]
    bad = sum(e is None for e in entries)
    if bad:
        log.warning("indicator library %s: skipped %d unusable entries", path, bad)
    return dedup([e for e in entries if e is not None])


def _set_aside(path: Path, reason: Exception) -> None:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.replace(path, aside)
        log.warning("indicator library %s is damaged (%s); kept as %s, starting afresh", path, reason, aside)
    except OSError as e:
        log.warning("indicator library %s is damaged (%s) and could not be set aside: %s", path, reason, e)


def write_entries(path: Path, entries: list[LibraryEntry]) -> bool:
    """Write ``entries`` atomically; ``False`` (logged) when the file could not be written."""
    records = []
    for e in entries:
        record = asdict(e)
        del record["source"]
        records.append(record)
    doc = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "entries": records}
    try:
        write_atomic(path, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    except StorageError as e:
        log.warning("indicator library %s not saved: %s", path, e)
        return False
    return True
