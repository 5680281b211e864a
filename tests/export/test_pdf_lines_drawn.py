"""Report lines drawn directly print exactly what a reportlab Paragraph of the same lines printed.

The body text is broken into lines here and drawn line by line, without a Paragraph re-wrapping it.
The reference below hands the very same lines to a reportlab Paragraph (the way they were printed
before); every page must carry the same words at the same places, on the same number of pages.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from xml.sax.saxutils import escape

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from bench.generate import large_package
from evaldesk.core import model
from evaldesk.core.sample import load_sample
from evaldesk.export.pdf import PdfOptions, build
from evaldesk.export.pdf import body as body_mod
from evaldesk.export.pdf.body import LinesParagraph

Word = tuple[str, float, float]  # text, x, y (points, rounded)


class ParagraphLines(LinesParagraph):
    """The same lines set by a reportlab Paragraph (``<br/>`` between them), as before."""

    def draw(self) -> None:
        text = "<br/>".join(
            "".join(f'<font face="{f}">{escape(t)}</font>' for t, f in line) for line in self.lines
        )
        para = Paragraph(text, self.style)
        _, h = para.wrap(self.width, 1e6)
        assert h == pytest.approx(self.height)  # the Paragraph kept every line as given
        para.drawOn(self.canv, 0, 0)


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


def _pages(data: bytes) -> list[list[Word]]:
    """Each page's words with where they start, as a reader extracts them (in reading order)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode("utf-8")
        return [
            [(w, round(float(x), 2), round(float(y), 2)) for x, y, w in _WORD.findall(page)]
            for page in out.split("<page ")[1:]
        ]
    pages: list[list[Word]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        words: list[Word] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object, out: list[Word] = words) -> None:
            if text.strip():
                out.append((text, round(cm[4] + tm[4], 2), round(cm[5] + tm[5], 2)))

        page.extract_text(visitor_text=visit)
        pages.append(words)
    return pages


def _both(pkg: model.Package, monkeypatch: pytest.MonkeyPatch) -> tuple[list[list[Word]], list[list[Word]]]:
    drawn = build(pkg, PdfOptions()).data
    with monkeypatch.context() as m:
        m.setattr(body_mod, "LinesParagraph", ParagraphLines)
        reference = build(pkg, PdfOptions()).data
    return _pages(drawn), _pages(reference)


def _assert_same(drawn: list[list[Word]], reference: list[list[Word]]) -> None:
    assert len(drawn) == len(reference)
    for number, (a, b) in enumerate(zip(drawn, reference, strict=True), start=1):
        assert a == b, f"第{number}页不同"


def test_the_sample_prints_the_same_words_at_the_same_places(monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = load_sample()
    # A run-in heading in 楷体, white space and a character only a fallback font has, in one paragraph.
    pkg.report[0].body = (
        "（一）强化政治引领，筑牢思想理论根基。全年完成 A  B 类项目共计12项，资金≤1818.34万元，𠀾号楼已完工。\n"
        + pkg.report[0].body
    )
    drawn, reference = _both(pkg, monkeypatch)
    assert sum(len(p) for p in drawn) > 500
    assert any(w.startswith("（一）强化政治引领，筑牢思想理论根基。") for w, _, _ in drawn[1] + drawn[2])
    _assert_same(drawn, reference)


def test_the_fifty_project_package_prints_the_same_words_at_the_same_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn, reference = _both(large_package(), monkeypatch)
    assert len(drawn) > 50
    _assert_same(drawn, reference)


def test_a_paragraph_over_several_pages_prints_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = load_sample()
    pkg.report[0].body = "安全生产应急管理排查隐患，完成年度预算执行情况。" * 400
    drawn, reference = _both(pkg, monkeypatch)
    _assert_same(drawn, reference)
