"""Body text set line by line: CJK lines broken here, split across pages by whole lines.

reportlab's Paragraph, when it splits a CJK paragraph across pages, rebuilds the rest from its words
and joins them with spaces, so a line break on page 8 became a gap ("宣教活 动") on page 9, and
pdftotext copied that space. Breaking the lines ourselves (same tokens as the tables: numbers never
cut, no line starting with "，") and splitting by whole lines avoids it, and keeps the text exact.

The lines are then drawn as they are, where a left-aligned Paragraph puts them (first baseline one
font size under the top, one leading apart, the first line indented): handing them to a Paragraph
made reportlab parse the markup and re-measure every glyph of its CJK wrap, a quarter of a whole
PDF's build and most of a long report's, only to find the same lines.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import unescape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from evaldesk.export.fonts import FontSet, Warnings, markup
from evaldesk.export.pdf.linebreak import greedy, tokens

Run = tuple[str, str]
"""(text, font) of one stretch of a line drawn in one font."""

_PIECES: dict[tuple[str, str, float, bool, bool], ParagraphStyle] = {}
_SLACK = 0.5  # points kept free on each line so reportlab never wraps a line again
CHUNK_LINES = 48
"""Lines per piece once a paragraph has been split: reportlab wraps a paragraph's whole text each time
it is laid out, so a remainder of the full length re-wrapped on every page made a 32 000-character
paragraph take 13 s (quadratic); pieces of about a page keep the work linear in the text's length."""


def _piece_style(style: ParagraphStyle, continued: bool, last: bool) -> ParagraphStyle:
    """``style`` for one piece: a continuation has no first-line indent and no space before, and only
    the last piece keeps the space after, so the pieces read as one paragraph."""
    if not continued and last:
        return style
    key = (style.name, style.fontName, style.fontSize, continued, last)  # the body font is an option
    st = _PIECES.get(key)
    if st is None:
        st = _PIECES[key] = ParagraphStyle(
            f"{style.name}-{'cont' if continued else 'head'}{'' if last else '-open'}",
            parent=style,
            firstLineIndent=0 if continued else style.firstLineIndent,
            spaceBefore=0 if continued else style.spaceBefore,
            spaceAfter=style.spaceAfter if last else 0,
        )
    return st


class LinesParagraph(Flowable):
    """A paragraph of pre-broken lines (runs of one font each) that splits only between lines."""

    def __init__(
        self, lines: list[list[Run]], style: ParagraphStyle, continued: bool = False, last: bool = True
    ) -> None:
        super().__init__()
        self.lines = lines
        self.base_style = style
        self.continued = continued
        self.last = last
        self.style = _piece_style(style, continued, last)
        self.width = 0.0
        self.height = len(lines) * self.style.leading

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.height

    def getSpaceBefore(self) -> float:
        space: float = self.style.spaceBefore
        return space

    def getSpaceAfter(self) -> float:
        space: float = self.style.spaceAfter
        return space

    def draw(self) -> None:
        st = self.style
        canv = self.canv
        canv.saveState()
        canv.setFillColor(st.textColor)
        tx = canv.beginText()
        face = ""
        y = self.height - st.fontSize  # reportlab's first baseline (paraFontSizeHeightOffset)
        for i, line in enumerate(self.lines):
            tx.setTextOrigin(st.leftIndent + (st.firstLineIndent if i == 0 else 0), y)
            for text, font in line:
                if font != face:
                    tx.setFont(font, st.fontSize, st.leading)
                    face = font
                tx.textOut(text)
            y -= st.leading
        canv.drawText(tx)
        canv.restoreState()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        n = len(self.lines)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= n:
            return [self]
        fit = min(fit, n - 2) if n >= 4 else 0  # no widow or orphan: two lines each side at least
        if fit < 2:
            return []
        rest = self.lines[fit:]
        count = -(-len(rest) // CHUNK_LINES)
        size = -(-len(rest) // count)  # even pieces: none of a single line
        pieces = [rest[i : i + size] for i in range(0, len(rest), size)]
        kind = type(self)
        return [kind(self.lines[:fit], self.base_style, self.continued, last=False)] + [
            kind(piece, self.base_style, True, last=self.last and i == len(pieces) - 1)
            for i, piece in enumerate(pieces)
        ]


_FACE = re.compile(r'<font face="([^"]*)">(.*?)</font>')
_SPACES = re.compile(r"\s+")


def runs(text: str, font: str, fonts: FontSet, warnings: Warnings, where: str) -> list[Run]:
    """``text`` (one line) as runs of ``font`` and of the fallbacks :func:`markup` picks for the
    characters ``font`` lacks (and warns about, as for any other text)."""
    out: list[Run] = []
    m = markup(text, font, fonts, warnings, where)
    at = 0
    for hit in _FACE.finditer(m):
        if hit.start() > at:
            out.append((m[at : hit.start()], font))
        out.append((hit.group(2), hit.group(1)))
        at = hit.end()
    if at < len(m):
        out.append((m[at:], font))
    # As a Paragraph reads its markup: entities back to characters, a run of white space one space.
    return [(_SPACES.sub(" ", unescape(t)), f) for t, f in out]


def set_lines(
    text: str,
    style: ParagraphStyle,
    width: float,
    fonts: FontSet,
    warnings: Warnings,
    where: str,
    prefix_len: int = 0,
    prefix_font: str = "",
) -> LinesParagraph:
    """``text`` (one paragraph) broken into lines for ``style`` at ``width`` points.

    The first ``prefix_len`` characters (a run-in heading) are set in ``prefix_font``. A line break
    in the text (a heading or a name imported with one) starts a new line: left in the markup, it
    made a line the page split did not count, and a paragraph that would not fit any page.
    """
    font, size = style.fontName, style.fontSize
    first = width - style.firstLineIndent - _SLACK
    lines: list[str] = []
    starts: list[int] = []  # where each line starts in ``text``
    at = 0
    for part in text.split("\n"):
        broken = greedy(tokens(part), width - _SLACK, font, size, cut=True, first=first if at == 0 else None)
        for line in broken or [""]:
            starts.append(at)
            lines.append(line)
            at += len(line)
        at += 1  # the line break
    out: list[list[Run]] = []
    for line, pos in zip(lines, starts, strict=True):
        end = pos + len(line)
        head = max(0, min(prefix_len, end) - pos)
        r: list[Run] = []
        if head:
            r = runs(line[:head], prefix_font, fonts, warnings, where)
        r += runs(line[head:], font, fonts, warnings, where)
        out.append([(t, f) for t, f in r if t])
    return LinesParagraph(out, style)
