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


Segment = tuple[tuple[float, float], tuple[float, float]]


def pdf_lines(data: bytes, page: int) -> list[Segment]:
    """The straight lines stroked on one page (1-based), in page coordinates (points, origin bottom left).

    Follows ``q``/``Q``/``cm`` so that a table drawn at an offset comes out where it prints.
    """
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    pg = reader.pages[page - 1]
    ops = ContentStream(pg.get_contents(), reader).operations
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[float, ...]] = []
    path: list[Segment] = []
    out: list[Segment] = []
    cur = (0.0, 0.0)

    def at(x: Any, y: Any) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return (a * float(x) + c * float(y) + e, b * float(x) + d * float(y) + f)

    for args, op in ops:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()  # type: ignore[assignment]
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in args)
            A, B, C, D, E, F = ctm  # noqa: N806 - the matrix's usual names
            ctm = (
                a * A + b * C,
                a * B + b * D,
                c * A + d * C,
                c * B + d * D,
                e * A + f * C + E,
                e * B + f * D + F,
            )
        elif op == b"m":
            cur = at(*args)
        elif op == b"l":
            nxt = at(*args)
            path.append((cur, nxt))
            cur = nxt
        elif op in (b"S", b"s"):
            out += path
            path = []
        elif op in (b"n", b"f", b"F", b"f*", b"B", b"b", b"re"):
            path = [] if op != b"re" else path
    return out


def open_rule_ends(lines: list[Segment], tol: float = 1.0) -> list[tuple[float, float]]:
    """The ends of vertical rules that no horizontal rule closes: a table left open at a page's foot
    or head. Returns the (x, y) of each open end."""
    horizontal = [(min(a[0], b[0]), max(a[0], b[0]), a[1]) for a, b in lines if abs(a[1] - b[1]) < 0.01]
    out = []
    for a, b in lines:
        if abs(a[0] - b[0]) >= 0.01 or abs(a[1] - b[1]) < 0.01:
            continue
        for y in (a[1], b[1]):
            if not any(x0 - tol <= a[0] <= x1 + tol and abs(hy - y) <= tol for x0, x1, hy in horizontal):
                out.append((a[0], y))
    return out


def text_origins(data: bytes, page: int) -> list[tuple[float, float, str]]:
    """Where each run of text on one page (1-based) starts: (x, y, text) in page coordinates."""
    pg = PdfReader(io.BytesIO(data)).pages[page - 1]
    out: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        if text.strip():
            x, y = tm[4], tm[5]
            out.append((cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5], text))

    pg.extract_text(visitor_text=visit)
    return out
