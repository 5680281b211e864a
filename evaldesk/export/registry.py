"""One exporter contract and one registry, used by the CLI, the window and the upload package.

An exporter turns a package into one file: ``render(pkg, options) -> Rendered(filename, mimetype, data,
warnings)``. It is pure (no Qt, no dialogs, writes nothing); the caller writes ``data`` atomically and
shows ``warnings`` (Chinese sentences such as a character missing from every font) to the clerk — the
CLI prints them, the window lists them under the export, the upload package passes its PDF's on.

Adding a format (e.g. an .odt exporter) is one call, at import time of the module that provides it::

    from evaldesk.export import registry

    def render_docx(pkg, options):
        from evaldesk.export.docx import render   # import the heavy part lazily
        name = manifest.base_name(pkg, "绩效自评报告") + ".docx"
        return registry.Rendered(name, DOCX_MIME, render(pkg), warnings=())

    registry.register(registry.Exporter("docx", "Word 文档", ".docx", DOCX_MIME, render_docx))

and a line in :data:`_BUILTIN_MODULES` so that the module is imported when the registry is first used.
Keys are short ASCII words (``pdf``, ``signature``, ``xlsx``, ``docx``, ``package``); ``exporters()`` lists them
in registration order.
"""

from __future__ import annotations

import datetime as _dt
import importlib
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


_REGISTRY: dict[str, Exporter] = {}
# Modules whose import registers exporters (the built-in ones below, and e.g. a .docx module).
_BUILTIN_MODULES: tuple[str, ...] = ()
_loaded = False


def register(exporter: Exporter) -> None:
    """Add (or replace) the exporter under ``exporter.key``."""
    _REGISTRY[exporter.key] = exporter


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for name in _BUILTIN_MODULES:
            importlib.import_module(name)


def exporters() -> list[Exporter]:
    """Every registered exporter, in registration order."""
    _load()
    return list(_REGISTRY.values())


def get(key: str) -> Exporter:
    """The exporter for ``key``; ``KeyError`` when there is none."""
    _load()
    return _REGISTRY[key]


def render(key: str, pkg: model.Package, options: ExportOptions | None = None) -> Rendered:
    """Render ``pkg`` with the exporter ``key``."""
    return get(key).render(pkg, options or ExportOptions())


# -- the built-in exporters -----------------------------------------------------------------------------


def _fingerprint(pkg: model.Package, options: ExportOptions) -> str:
    if options.fingerprint is not None:
        return options.fingerprint
    from evaldesk.export.package import fingerprint

    return fingerprint(pkg)


def _pdf(signature_only: bool) -> Callable[[model.Package, ExportOptions], Rendered]:
    def render_pdf(pkg: model.Package, options: ExportOptions) -> Rendered:
        from evaldesk.export.package import manifest
        from evaldesk.export.pdf import PdfOptions, build

        pdf_options = PdfOptions(body_font=options.body_font, fingerprint=_fingerprint(pkg, options))
        result = build(pkg, pdf_options, signature_only=signature_only)
        name = manifest.base_name(pkg, "签字页") + ".pdf" if signature_only else manifest.pdf_member(pkg)
        return Rendered(name, PDF_MIME, result.data, tuple(result.warnings))

    return render_pdf


def _xlsx(pkg: model.Package, options: ExportOptions) -> Rendered:  # noqa: ARG001 - the exporter contract
    from evaldesk.export import xlsx
    from evaldesk.export.package import manifest

    return Rendered(manifest.xlsx_member(pkg), XLSX_MIME, xlsx.render(pkg), ())


def _docx(pkg: model.Package, options: ExportOptions) -> Rendered:
    from evaldesk.export.docx import render_docx
    from evaldesk.export.package import manifest

    result = render_docx(pkg, _fingerprint(pkg, options))
    return Rendered(
        manifest.base_name(pkg, "绩效自评报告") + ".docx", DOCX_MIME, result.data, tuple(result.warnings)
    )


def _package(pkg: model.Package, options: ExportOptions) -> Rendered:
    from evaldesk.export.package import build

    return build.build_package_rendered(pkg, options.accept_open_errors, options.now)


register(Exporter("pdf", "完整PDF", ".pdf", PDF_MIME, _pdf(False)))
register(Exporter("signature", "签字盖章页", ".pdf", PDF_MIME, _pdf(True)))
register(Exporter("xlsx", "Excel 表格", ".xlsx", XLSX_MIME, _xlsx))
register(Exporter("docx", "Word 文档", ".docx", DOCX_MIME, _docx))
register(Exporter("package", "上传包", ".zip", ZIP_MIME, _package))
