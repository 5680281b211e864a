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

import importlib

from evaldesk.core import model
from evaldesk.export import files

# The contract lives in its own module (exporters use it without importing the registry); the names
# stay importable from here, where callers look for them.
from evaldesk.export.contract import DOCX_MIME as DOCX_MIME
from evaldesk.export.contract import PDF_MIME as PDF_MIME
from evaldesk.export.contract import XLSX_MIME as XLSX_MIME
from evaldesk.export.contract import ZIP_MIME as ZIP_MIME
from evaldesk.export.contract import Exporter as Exporter
from evaldesk.export.contract import ExportOptions as ExportOptions
from evaldesk.export.contract import Rendered as Rendered

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


def _package(pkg: model.Package, options: ExportOptions) -> Rendered:
    from evaldesk.export.package import build

    return build.build_package_rendered(pkg, options.accept_open_errors, options.now)


register(Exporter("pdf", "完整PDF", ".pdf", PDF_MIME, files.pdf_file(False)))
register(Exporter("signature", "签字盖章页", ".pdf", PDF_MIME, files.pdf_file(True)))
register(Exporter("xlsx", "Excel 表格", ".xlsx", XLSX_MIME, files.xlsx_file))
register(Exporter("docx", "Word 文档", ".docx", DOCX_MIME, files.docx_file))
register(Exporter("package", "上传包", ".zip", ZIP_MIME, _package))
