"""Render a package to PDF bytes: the whole package, or just the pages that need a signature or seal.

Both functions are pure: they return bytes and write no file (the caller writes atomically).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.platypus import Flowable

from evaldesk.core import model, scoring
from evaldesk.export import fonts as _fonts
from evaldesk.export import forms
from evaldesk.export.pdf.document import RenderContext, doc_template, make_canvas_class
from evaldesk.export.pdf.report import cover_story, report_story, unit_name
from evaldesk.export.pdf.styles import make_styles
from evaldesk.export.pdf.tables import grid_story


@dataclass
class PdfOptions:
    """How to render.

    ``body_font``: a TrueType file for the body text (a 仿宋); an unusable file is an error.
    ``prefer_system_fangsong``: use an installed 仿宋 (e.g. Windows simfang.ttf) when it can be embedded.
    ``fingerprint``: when given, every page but the cover carries ``{fingerprint} 第x页/共y页``.
    """

    body_font: str | Path | None = None
    prefer_system_fangsong: bool = False
    fingerprint: str | None = None


@dataclass
class PdfResult:
    """The PDF, the warnings met while rendering (Chinese), and page facts for callers and tests."""

    data: bytes
    warnings: list[str] = field(default_factory=list)
    page_count: int = 0  # pages of the full package
    pages: list[int] = field(default_factory=list)  # the package pages this PDF holds (1-based)
    marks: dict[str, list[int]] = field(default_factory=dict)  # "cover"/"seal"/"sign" → package pages


def _signature_pages(marks: dict[str, set[int]], total: int) -> list[int]:
    pages = {1} | marks.get("seal", set()) | marks.get("sign", set())
    return sorted(p for p in pages if 1 <= p <= total)


def build(pkg: model.Package, options: PdfOptions | None = None, signature_only: bool = False) -> PdfResult:
    """Render ``pkg``; with ``signature_only`` keep only the cover, the 署名/seal page and the pages
    carrying a table's signature footer (numbered as in the full package)."""
    options = options or PdfOptions()
    font_set, font_warnings = _fonts.font_set(options.body_font, options.prefer_system_fangsong)
    warnings = _fonts.Warnings(font_warnings)
    st = make_styles(font_set)
    ctx = RenderContext(
        fonts=font_set,
        fingerprint=options.fingerprint,
        keep=_signature_pages if signature_only else None,
    )
    story: list[Flowable] = cover_story(pkg, st, warnings) + report_story(pkg, st, warnings)
    for i, g in enumerate(forms.all_forms(pkg, scoring.score_package(pkg))):
        story += grid_story(g, st, warnings, i)
    buf = io.BytesIO()
    doc = doc_template(
        buf, pkg.title(), unit_name(pkg), f"{pkg.fiscal_year}年度整体支出绩效自评", font_set.body
    )
    doc.build(story, canvasmaker=make_canvas_class(ctx))
    return PdfResult(
        data=buf.getvalue(),
        warnings=warnings.items,
        page_count=ctx.page_count,
        pages=list(ctx.written),
        marks={k: sorted(v) for k, v in ctx.marks.items()},
    )


def render(pkg: model.Package, options: PdfOptions | None = None) -> bytes:
    """The whole package as PDF bytes: cover, 自评报告, 附件1, 附件2, each 附件3."""
    return build(pkg, options).data


def render_signature_pages(pkg: model.Package, options: PdfOptions | None = None) -> bytes:
    """Only the pages to sign or seal: the cover, the 署名 page and each table's footer page."""
    return build(pkg, options, signature_only=True).data
