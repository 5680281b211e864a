"""Reading back a written PDF: its text and its fonts.

The text comes from poppler's ``pdftotext`` when it is installed (the CI installs it: an independent
reader) and from pypdf, a test dependency, otherwise, so that no PDF test is ever skipped.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader


def pdf_text(data: bytes, page: int | None = None) -> str:
    """The text of the whole PDF or of one page (1-based)."""
    if shutil.which("pdftotext"):
        args = ["pdftotext", "-enc", "UTF-8"]
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        out = subprocess.run([*args, "-", "-"], input=data, capture_output=True, check=True)
        return out.stdout.decode("utf-8")
    pages = PdfReader(io.BytesIO(data)).pages
    chosen = pages if page is None else [pages[page - 1]]
    return "\f".join(p.extract_text() for p in chosen)


@dataclass(frozen=True)
class PdfFont:
    name: str  # BaseFont without the subset prefix
    subset: bool  # "ABCDEF+Name": only the glyphs used are embedded
    embedded: bool  # a font file is in the PDF
    unicode: bool  # a ToUnicode map: its text can be copied


def pdf_fonts(data: bytes) -> list[PdfFont]:
    """Every font the pages and their form XObjects use (what ``pdffonts`` lists), read with pypdf."""
    seen: dict[object, PdfFont] = {}
    todo = [page.get("/Resources") for page in PdfReader(io.BytesIO(data)).pages]
    while todo:
        resources = todo.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        for ref in _dict(resources.get("/Font")).values():
            key = getattr(ref, "idnum", None) or id(ref)
            if key not in seen:
                seen[key] = _font(ref.get_object())
        for ref in _dict(resources.get("/XObject")).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                todo.append(xobject.get("/Resources"))
    return list(seen.values())


def _dict(obj: Any) -> dict[str, Any]:
    return dict(obj.get_object()) if obj is not None else {}


def _font(font: Any) -> PdfFont:
    base = str(font.get("/BaseFont", "")).lstrip("/")
    described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
    descriptor = _dict(described.get("/FontDescriptor"))
    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    prefix, _, rest = base.partition("+")
    subset = bool(rest) and len(prefix) == 6 and prefix.isupper()
    return PdfFont(rest or base, subset, embedded, "/ToUnicode" in font)
