"""Named paragraph styles for the package (GB/T 9704 sizes: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as _rl_paragraph

from evaldesk.export.fonts import FontSet
from evaldesk.export.pdf.document import BODY_SIZE, LINE

TABLE_SIZE = 10.5  # 五号
TABLE_LEADING = 13.0
CELL_PAD_X = 2.5
CELL_PAD_Y = 2.0
FOOTER_SIZE = 12  # 小四

# reportlab's list of characters that may not start a line (避头) lacks most Chinese punctuation, so a
# line could begin with "，". Widen it (process-wide, only ever adding characters).
_CJK_NO_START = "，；：？！”’》〉」』】〕…—％"
if not set(_CJK_NO_START) <= set(_rl_paragraph.ALL_CANNOT_START):
    _rl_paragraph.ALL_CANNOT_START = _rl_paragraph.ALL_CANNOT_START + _CJK_NO_START

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    body: ParagraphStyle
    heading1: ParagraphStyle
    heading2: ParagraphStyle
    title: ParagraphStyle
    cover_title: ParagraphStyle
    cover_line: ParagraphStyle
    attach_label: ParagraphStyle
    attach_title: ParagraphStyle
    note: ParagraphStyle
    footer: ParagraphStyle
    cells: dict[tuple[str, bool], ParagraphStyle]  # (align, bold) → style

    def cell(self, align: str, bold: bool) -> ParagraphStyle:
        return self.cells[(align, bold)]


def make_styles(fonts: FontSet) -> Styles:
    """All styles for ``fonts``; CJK word wrap everywhere (a Chinese line breaks between characters)."""
    body = ParagraphStyle(
        "body",
        fontName=fonts.body,
        fontSize=BODY_SIZE,
        leading=LINE,
        firstLineIndent=2 * BODY_SIZE,
        # Not TA_JUSTIFY: reportlab justifies with PDF word spacing, which hits whichever CJK glyph a
        # font subset happens to encode as byte 32 and opens gaps inside words.
        alignment=TA_LEFT,
        wordWrap="CJK",
        allowOrphans=0,
        allowWidows=0,
    )
    cells = {}
    for align, code in _ALIGN.items():
        for bold in (False, True):
            cells[(align, bold)] = ParagraphStyle(
                f"cell-{align}-{int(bold)}",
                fontName=fonts.table_bold if bold else fonts.table,
                fontSize=TABLE_SIZE,
                leading=TABLE_LEADING,
                alignment=code,
                wordWrap="CJK",
            )
    return Styles(
        fonts=fonts,
        body=body,
        heading1=ParagraphStyle("h1", parent=body, fontName=fonts.heading1),
        heading2=ParagraphStyle("h2", parent=body, fontName=fonts.heading2),
        title=ParagraphStyle(
            "title",
            fontName=fonts.title,
            fontSize=22,
            leading=LINE * 1.25,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=LINE,
        ),
        cover_title=ParagraphStyle(
            "cover-title", fontName=fonts.title, fontSize=26, leading=42, alignment=TA_CENTER, wordWrap="CJK"
        ),
        cover_line=ParagraphStyle(
            "cover-line",
            fontName=fonts.body,
            fontSize=BODY_SIZE,
            leading=LINE,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
        # Tight above the tables: a 附件3 of about twenty indicators fits one page, as on the official form.
        attach_label=ParagraphStyle(
            "attach-label",
            fontName=fonts.heading1,
            fontSize=BODY_SIZE,
            leading=BODY_SIZE * 1.3,
            alignment=TA_LEFT,
        ),
        attach_title=ParagraphStyle(
            "attach-title",
            fontName=fonts.title,
            fontSize=18,
            leading=24,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=4,
        ),
        note=ParagraphStyle(
            "note",
            fontName=fonts.table,
            fontSize=TABLE_SIZE,
            leading=TABLE_LEADING,
            wordWrap="CJK",
            spaceBefore=4,
        ),
        footer=ParagraphStyle(
            "footer", fontName=fonts.table, fontSize=FOOTER_SIZE, leading=16, wordWrap="CJK"
        ),
        cells=cells,
    )
