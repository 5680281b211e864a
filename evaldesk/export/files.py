"""The built-in exporters' renderers, one package to one file: the full PDF, the 签字盖章页 PDF, the
XLSX workbook and the Word report. The registry lists them; the upload package renders its PDF here
too (not through the registry, which lists the upload package itself). Heavy modules load lazily.
"""

from __future__ import annotations

from collections.abc import Callable

from evaldesk.core import model
from evaldesk.export.contract import DOCX_MIME, PDF_MIME, XLSX_MIME, ExportOptions, Rendered


def _fingerprint(pkg: model.Package, options: ExportOptions) -> str:
    if options.fingerprint is not None:
        return options.fingerprint
    from evaldesk.export.package import fingerprint

    return fingerprint(pkg)


def pdf_file(signature_only: bool) -> Callable[[model.Package, ExportOptions], Rendered]:
    def render_pdf(pkg: model.Package, options: ExportOptions) -> Rendered:
        from evaldesk.export.package import manifest
        from evaldesk.export.pdf import PdfOptions, build

        pdf_options = PdfOptions(body_font=options.body_font, fingerprint=_fingerprint(pkg, options))
        result = build(pkg, pdf_options, signature_only=signature_only)
        name = manifest.base_name(pkg, "签字页") + ".pdf" if signature_only else manifest.pdf_member(pkg)
        return Rendered(name, PDF_MIME, result.data, tuple(result.warnings))

    return render_pdf


def xlsx_file(pkg: model.Package, options: ExportOptions) -> Rendered:  # noqa: ARG001 - the exporter contract
    from evaldesk.export import xlsx
    from evaldesk.export.package import manifest

    data = xlsx.render(pkg)
    return Rendered(manifest.xlsx_member(pkg), XLSX_MIME, data, _import_limit_warnings(data))


def _import_limit_warnings(data: bytes) -> tuple[str, ...]:
    """A workbook too big for our own importer prints and uploads all the same; the clerk is told that
    this file cannot be opened here again, and what can."""
    from evaldesk.core.errors import FileFormatError
    from evaldesk.export.xlsx import safety

    try:
        safety.check_container(data)
    except FileFormatError:
        return (
            "此工作簿的内容超过了本程序导入工作簿的上限：打印、上传不受影响，但这个工作簿不能再导入本程序；"
            "以后请打开草稿，或导入上传包（.zip）。",
        )
    return ()


def docx_file(pkg: model.Package, options: ExportOptions) -> Rendered:
    from evaldesk.export.docx import render_docx
    from evaldesk.export.package import manifest

    result = render_docx(pkg, _fingerprint(pkg, options))
    return Rendered(
        manifest.base_name(pkg, "绩效自评报告") + ".docx", DOCX_MIME, result.data, tuple(result.warnings)
    )
