"""Word: the package as an editable ``.docx`` (:func:`render_docx`) and a hand-made Word package read
back into a package (:func:`read_docx`)."""

from __future__ import annotations

from evaldesk.export.docx.writer import DocxResult, render_docx

__all__ = ["DocxResult", "render_docx"]
