"""The engines the package is made of, reached through one module so tests can swap them.

Imported lazily: building or verifying a package needs scoring, the checks and both renderers, but
opening one (``read_package``) needs none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evaldesk.core import model
from evaldesk.core.findings import Finding
from evaldesk.core.scoring import ScoreSheet

if TYPE_CHECKING:
    from evaldesk.export.contract import Rendered


def score(pkg: model.Package) -> ScoreSheet:
    """The score sheet (整体 and every project)."""
    from evaldesk.core.scoring import score_package

    return score_package(pkg)


def findings(pkg: model.Package) -> list[Finding]:
    """Every 审核 finding of the package."""
    from evaldesk.core.checks import run_checks

    return list(run_checks(pkg))


def render_pdf(pkg: model.Package, fingerprint: str) -> Rendered:
    """The full PDF, its pages carrying ``fingerprint`` and 第x页/共y页 in small print (not the cover),
    with the warnings met while rendering it (the package passes them on)."""
    from evaldesk.export import files
    from evaldesk.export.contract import ExportOptions

    return files.pdf_file(signature_only=False)(pkg, ExportOptions(fingerprint=fingerprint))


def render_xlsx(pkg: model.Package) -> bytes:
    """The workbook (附件1–3)."""
    from evaldesk.export import xlsx

    return xlsx.render(pkg)
