"""The read-only snapshot loads a draft's bytes into memory on every supported Python (3.10 has no
``Connection.deserialize``)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from evaldesk.core import jsonform
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, codec, readonly


@pytest.mark.parametrize("version", [(3, 10, 14), sys.version_info[:3]])
def test_a_snapshot_holds_the_drafts_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: tuple[int, int, int]
) -> None:
    pkg = load_sample()
    draft = Draft.create(tmp_path / "d.evaldesk", pkg)
    draft.close()
    monkeypatch.setattr(sys, "version_info", version)
    mem = readonly.snapshot_connection(tmp_path / "d.evaldesk")
    try:
        assert isinstance(mem, sqlite3.Connection)
        assert jsonform.dumps(codec.read_package(mem)) == jsonform.dumps(pkg)
    finally:
        mem.close()
