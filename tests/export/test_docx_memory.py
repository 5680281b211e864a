"""A Word export or import lets go of its document when it returns: python-docx's objects form cycles,
which the cycle collector frees only now and then, so every export of a session would otherwise stay
in memory (tens of MB each for a large package)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from docx.parts.document import DocumentPart

from evaldesk.core.sample import load_sample
from evaldesk.export.docx import render_docx
from evaldesk.export.docx.reader import read_docx


@pytest.fixture
def no_automatic_collection() -> Iterator[None]:
    """As between the collector's rare full passes: only what reference counting frees is freed."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _documents() -> int:
    return sum(isinstance(o, DocumentPart) for o in gc.get_objects())


def test_an_export_keeps_no_document(no_automatic_collection: None) -> None:
    data = render_docx(load_sample()).data
    assert data.startswith(b"PK")
    assert _documents() == 0


def test_an_import_keeps_no_document(no_automatic_collection: None) -> None:
    pkg = load_sample()
    data = render_docx(pkg).data
    imported = read_docx(data, "示例.docx")
    assert imported.package.unit.name == pkg.unit.name
    assert _documents() == 0
