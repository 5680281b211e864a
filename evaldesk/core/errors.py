"""One exception hierarchy: every message is Chinese and meant for the clerk."""

from __future__ import annotations


class EvalDeskError(Exception):
    """Base of every error EvalDesk raises on purpose; ``str(e)`` is shown to the user."""


class InputError(EvalDeskError):
    """A value typed or imported by the clerk that cannot be understood."""


class FileFormatError(EvalDeskError):
    """A file that is not usable: not ours, damaged, truncated, from a newer version or hostile."""


class StorageError(EvalDeskError):
    """The draft file could not be read or written."""


class FileInUseError(StorageError):
    """The draft is open for editing in another window or program: busy, not damaged."""
