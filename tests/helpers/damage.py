"""Damage of the kinds that happen to draft files on office PCs and USB sticks, and what a clear message
about it looks like. Shared by the storage tests (tests/core) and the command-line tests (tests/cli)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from bench.generate import large_package
from evaldesk.core import model
from evaldesk.core.storage import Draft

CJK = re.compile(r"[\u4e00-\u9fff]")


def damage_package() -> model.Package:
    """A package big enough that every table spans several database pages."""
    return large_package(projects=3, indicators=15, lines=6, section_chars=300, seed=11)


def make_draft(folder: Path) -> Path:
    """A closed draft of :func:`damage_package` in ``folder``."""
    path = folder / "自评包.evaldesk"
    Draft.create(path, damage_package()).close()
    return path


def _truncate_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _truncate_header(data: bytes) -> bytes:
    return data[:60]


def _zero_fill(data: bytes) -> bytes:
    return bytes(len(data))


def _zero_tail(data: bytes) -> bytes:
    return data[:4096] + bytes(len(data) - 4096)


def _garble_pages(data: bytes) -> bytes:
    rng = random.Random(3)
    out = bytearray(data)
    for i in range(4096, len(out)):  # everything after the first page: every table's b-tree
        out[i] = rng.randrange(256)
    return bytes(out)


def _garble_first_page(data: bytes) -> bytes:
    rng = random.Random(5)
    out = bytearray(data)
    for i in range(100, 4096):  # keep the 100-byte header, break the schema page
        out[i] = rng.randrange(256)
    return bytes(out)


def _not_sqlite(data: bytes) -> bytes:
    return "这不是草稿文件，而是一段文字。\n".encode() * 50


DAMAGE = {
    "truncated-half": _truncate_half,
    "truncated-header": _truncate_header,
    "empty": lambda data: b"",
    "zero-filled": _zero_fill,
    "zero-tail": _zero_tail,
    "garbled-pages": _garble_pages,
    "garbled-schema": _garble_first_page,
    "not-a-draft": _not_sqlite,
}


def damage(path: Path, how: str) -> None:
    """Damage the file at ``path`` in the way ``how`` (a key of :data:`DAMAGE`)."""
    path.write_bytes(DAMAGE[how](path.read_bytes()))


def assert_clear(message: str, path: Path) -> None:
    """One line of Chinese that names the file, with nothing of Python or SQLite in it."""
    assert CJK.search(message), message
    assert "\n" not in message.strip()
    assert path.name in message or str(path) in message, message
    assert "Traceback" not in message and "sqlite3" not in message.lower(), message
