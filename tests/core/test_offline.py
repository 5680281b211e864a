from __future__ import annotations

import socket

import pytest

from tests.helpers.offline import NetworkAttempt


def test_a_connection_attempt_fails_the_test() -> None:
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9))
    s = socket.socket()
    try:
        with pytest.raises(NetworkAttempt):
            s.connect(("127.0.0.1", 9))
    finally:
        s.close()
