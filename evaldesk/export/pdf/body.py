"""Body text set line by line: CJK lines broken here, split across pages by whole lines.

reportlab's Paragraph, when it splits a CJK paragraph across pages, rebuilds the rest from its words
and joins them with spaces, so a line break on page 8 became a gap ("宣教活 动") on page 9, and
pdftotext copied that space. Breaking the lines ourselves (same tokens as the tables: numbers never
cut, no line starting with "，") and splitting by whole lines avoids it, and keeps the text exact.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from evaldesk.export.fonts import FontSet, Warnings, markup
from evaldesk.export.pdf.linebreak import greedy, tokens

_CONTINUED: dict[tuple[str, str, float], ParagraphStyle] = {}
_SLACK = 0.5  # points kept free on each line so reportlab never wraps a line again


def _continued(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` without the first-line indent (a paragraph's continuation on the next page)."""
    key = (style.name, style.fontName, style.fontSize)  # the body font is an option: key by it too
    st = _CONTINUED.get(key)
    if st is None:
        st = _CONTINUED[key] = ParagraphStyle(style.name + "-cont", parent=style, firstLineIndent=0)
    return st


class LinesParagraph(Paragraph):
    """A paragraph of pre-broken lines (markup each) that splits only between lines."""

    def __init__(self, lines: list[str], style: ParagraphStyle, continued: bool = False) -> None:
        self.lines = lines
        self.base_style = style
        self.continued = continued
        super().__init__("<br/>".join(lines), _continued(style) if continued else style)

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803
        n = len(self.lines)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= n:
            return [self]
        fit = min(fit, n - 2) if n >= 4 else 0  # no widow or orphan: two lines each side at least
        if fit < 2:
            return []
        return [
            LinesParagraph(self.lines[:fit], self.base_style, self.continued),
            LinesParagraph(self.lines[fit:], self.base_style, True),
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
    """``text`` (one paragraph, no newlines) broken into lines for ``style`` at ``width`` points.

    The first ``prefix_len`` characters (a run-in heading) are set in ``prefix_font``.
    """
    font, size = style.fontName, style.fontSize
    first = width - style.firstLineIndent - _SLACK
    lines = greedy(tokens(text), width - _SLACK, font, size, cut=True, first=first) or [""]
    out: list[str] = []
    pos = 0
    for line in lines:
        end = pos + len(line)
        head = max(0, min(prefix_len, end) - pos)
        m = ""
        if head:
            m = f'<font face="{prefix_font}">{markup(line[:head], prefix_font, fonts, warnings, where)}</font>'
        m += markup(line[head:], font, fonts, warnings, where)
        out.append(m)
        pos = end
    return LinesParagraph(out, style)
