"""The exporter contract: what an exporter is given (:class:`ExportOptions`) and what it returns
(:class:`Rendered`). Apart from :mod:`evaldesk.export.registry` so that the exporters themselves (the
upload package among them) use it without importing the registry that lists them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field

from evaldesk.core import model

PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Rendered:
    """One exported file: a suggested file name, its MIME type, its bytes and what the clerk should know."""

    filename: str
    mimetype: str
    data: bytes
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportOptions:
    """Options an exporter may use (each ignores what it does not need).

    ``fingerprint``: printed on every PDF page (``None``: the package's own, as in the manifest).
    ``body_font``: a TrueType file for the PDF body text. ``accept_open_errors``: the reason for building
    an upload package with open errors. ``now``: the package's creation time (tests).
    """

    fingerprint: str | None = None
    body_font: str | None = None
    accept_open_errors: str | None = None
    now: _dt.datetime | None = None


@dataclass(frozen=True)
class Exporter:
    key: str  # pdf / signature / xlsx / package …
    title: str  # what the window lists: 完整PDF
    suffix: str  # .pdf
    mimetype: str
    render: Callable[[model.Package, ExportOptions], Rendered] = field(compare=False)
