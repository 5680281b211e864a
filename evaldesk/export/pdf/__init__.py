"""The package as PDF (GB/T 9704 layout): ``render`` and ``render_signature_pages`` return bytes."""

from __future__ import annotations

# First, before anything imports reportlab.platypus: its start-up made cheaper (see the module).
from evaldesk.export.pdf import platypus_import  # noqa: F401
from evaldesk.export.pdf.render import PdfOptions, PdfResult, build, render, render_signature_pages

__all__ = ["PdfOptions", "PdfResult", "build", "render", "render_signature_pages"]
