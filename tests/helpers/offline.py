"""The error the suite-wide network guard (``tests/conftest.py``) raises when anything tries to connect."""

from __future__ import annotations


class NetworkAttempt(AssertionError):
    pass
