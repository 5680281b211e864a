"""The upload package: one zip with the PDF, the XLSX, the scanned signed pages, data.json and manifest.json.

``build_package`` makes it (refusing while errors are open, unless a reason is given), ``verify_package``
re-checks one, ``read_package`` imports one as a draft. See ``manifest`` for the manifest's fields and
``fingerprint`` for the data fingerprint printed on every page.
"""

from __future__ import annotations

from evaldesk.export.package.build import OpenErrorsRefused, build_package, package_filename
from evaldesk.export.package.fingerprint import fingerprint
from evaldesk.export.package.read import read_package
from evaldesk.export.package.verify import Problem, VerifyReport, verify_package

__all__ = [
    "OpenErrorsRefused",
    "Problem",
    "VerifyReport",
    "build_package",
    "fingerprint",
    "package_filename",
    "read_package",
    "verify_package",
]
