"""Suite-wide guards: EvalDesk never opens a network connection, and tests never touch the real user folder."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.offline import NetworkAttempt


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkAttempt(f"EvalDesk must work offline, but something tried to connect: {args!r}")


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open a network connection fails the test that made it."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups, logs and the indicator library go to a temporary folder, never the developer's own."""
    d = tmp_path_factory.mktemp("evaldesk-data")
    monkeypatch.setenv("EVALDESK_DATA_DIR", str(d))
    return d
