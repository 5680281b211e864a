"""The draft file (``*.evaldesk``): a SQLite database holding one package, edited in place.

SQL lives only in this package; everything it returns is a ``core.model`` object.

- ``Draft.create(path, pkg)`` / ``Draft.open(path)`` → an open draft; ``draft.package``;
  ``draft.apply(edit) -> inverse`` commits each edit as it is made; ``draft.close()``.
- ``save_package(path, pkg)`` / ``load_package(path)``: whole-package convenience.
- ``ReadOnlyDraft.open(path)``: a snapshot of a draft another window is editing; edits are refused.
- ``list_backups(path)``, ``make_backup(path, reason)``, ``restore_latest_good(path)``: the rotating
  copies kept in the clerk's data folder.
"""

from __future__ import annotations

from evaldesk.core.storage.backups import (
    Backup,
    backup_folder,
    list_backups,
    make_backup,
    restore_latest_good,
)
from evaldesk.core.storage.draft import Draft, load_package, save_package
from evaldesk.core.storage.readonly import ReadOnlyDraft
from evaldesk.core.storage.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Backup",
    "Draft",
    "ReadOnlyDraft",
    "backup_folder",
    "list_backups",
    "load_package",
    "make_backup",
    "restore_latest_good",
    "save_package",
]
