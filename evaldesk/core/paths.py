"""Where things live: the program's resources and the clerk's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "EvalDesk"


def find_resources() -> Path:
    """``resources/`` beside the source tree, or inside the frozen bundle (PyInstaller).

    A frozen program has no source tree: its files are unpacked under ``sys._MEIPASS`` (the bundle's
    ``_internal`` folder), which is also where the spec in ``packaging/`` puts ``resources/``.
    """
    if getattr(sys, "frozen", False):
        base = getattr(sys, "_MEIPASS", None) or Path(sys.executable).resolve().parent
        return Path(base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


RESOURCES = find_resources()


def resource(*parts: str) -> Path:
    """A file shipped with the program under ``resources/``."""
    return RESOURCES.joinpath(*parts)


def user_data_dir() -> Path:
    """The clerk's data folder (drafts made from the sample, backups, logs, the indicator library).

    ``EVALDESK_DATA_DIR`` overrides it (tests and portable installs).
    """
    override = os.environ.get("EVALDESK_DATA_DIR")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def backups_dir() -> Path:
    d = user_data_dir() / "backups"
    d.mkdir(parents=True, exist_ok=True)
    return d


def logs_dir() -> Path:
    d = user_data_dir() / "logs"
    d.mkdir(parents=True, exist_ok=True)
    return d
