"""Body text set line by line: CJK lines broken here, split across pages by whole lines.

reportlab's Paragraph, when it splits a CJK paragraph across pages, rebuilds the rest from its words
and joins them with spaces, so a line break on page 8 became a gap ("宣教活 动") on page 9, and
pdftotext copied that space. Breaking the lines ourselves (same tokens as the tables: numbers never
cut, no line starting with "，") and splitting by whole lines avoids it, and keeps the text exact.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from evaldesk.export.fonts import FontSet, Warnings, markup
from evaldesk.export.pdf.linebreak import greedy, tokens

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


class LinesParagraph(Paragraph):
    """A paragraph of pre-broken lines (markup each) that splits only between lines."""

    def __init__(
        self, lines: list[str], style: ParagraphStyle, continued: bool = False, last: bool = True
    ) -> None:
        self.lines = lines
        self.base_style = style
        self.continued = continued
        self.last = last
        super().__init__("<br/>".join(lines), _piece_style(style, continued, last))

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
        return [LinesParagraph(self.lines[:fit], self.base_style, self.continued, last=False)] + [
            LinesParagraph(piece, self.base_style, True, last=self.last and i == len(pieces) - 1)
            for i, piece in enumerate(pieces)
        ]


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
    out: list[str] = []
    for line, pos in zip(lines, starts, strict=True):
        end = pos + len(line)
        head = max(0, min(prefix_len, end) - pos)
        m = ""
        if head:
            m = f'<font face="{prefix_font}">{markup(line[:head], prefix_font, fonts, warnings, where)}</font>'
        m += markup(line[head:], font, fonts, warnings, where)
        out.append(m)
    return LinesParagraph(out, style)
