"""Where things live: the program's resources and the clerk's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "EvalDesk"

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


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
