"""The package as an editable Word document in the official layout (GB/T 9704, domain.md §6).

Cover, 自评报告 and 附件1/2/3, the attachments as real Word tables built from the same form grids as
the PDF and the XLSX (:mod:`evaldesk.export.form_layout`), merged cells included. Fonts are named, not
embedded (a Word file is edited on the clerk's PC, which has 仿宋/黑体/楷体/宋体 — Windows ships them;
WPS and LibreOffice substitute). Page numbers ``— N —`` are fields, odd pages right and even pages left,
the cover uncounted; under them, in small grey print, the same data fingerprint as the PDF.

The exporter is pure: :func:`render_docx` returns the bytes and the warnings, the caller writes the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from evaldesk.core import model, scoring
from evaldesk.core.narrative import render_report
from evaldesk.export import forms
from evaldesk.export.docx import embed
from evaldesk.export.docx.ooxml import (
    add_field,
    cant_split,
    cell_margins,
    continue_page_numbers,
    fixed_layout,
    repeat_as_header,
    restart_page_numbers,
    set_run_font,
    vertical_center,
)
from evaldesk.export.docx.release import release_documents
from evaldesk.export.form_layout import Grid, format_date_cn

FANGSONG = "仿宋"
HEITI = "黑体"
KAITI = "楷体"
SONGTI = "宋体"  # the title: 小标宋 is rarely installed; a bold 宋体 is the accepted substitute

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
ATTACH_TITLE_SIZE = 18.0
NUMBER_SIZE = 14.0  # 4号
TABLE_SIZE = 10.5  # 五号
FOOTER_SIZE = 12.0  # 小四
FINGERPRINT_SIZE = 7.0
LINE = Pt(28.95)  # 22 lines in the 225 mm 版心

PAGE_W, PAGE_H = 210, 297  # A4, mm
TOP, LEFT, TEXT_W, TEXT_H = 37, 28, 156, 225  # GB/T 9704 margins and 版心, mm
BLANK_DATE = "\u3000\u3000年\u3000\u3000月\u3000\u3000日"

# A run-in heading at the start of a body paragraph: "（一）强化政治引领，筑牢思想理论根基。" → 楷体.
_RUN_IN = re.compile(r"^（[一二三四五六七八九十]{1,3}）[^。\n]{0,40}。")
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_BOLD_ROLES = frozenset({"header", "block"})
TABLE_STYLE = "表格文字"
TABLE_BOLD_STYLE = "表格表头"


@dataclass
class DocxResult:
    """The ``.docx`` bytes and what the clerk should know about them (Chinese sentences)."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


def render_docx(pkg: model.Package, fingerprint: str | None = None) -> DocxResult:
    """The whole package (cover, 自评报告, 附件1, 附件2, each 附件3) as a ``.docx``.

    ``fingerprint`` (``export.package.fingerprint(pkg)``) is printed in every page's footer but the
    cover's, as on the PDF. The package's data rides along inside the file (:mod:`.embed`), so that
    importing the document unchanged gives back exactly this package.
    """
    try:
        return _render_docx(pkg, fingerprint)
    finally:
        release_documents()


def _render_docx(pkg: model.Package, fingerprint: str | None) -> DocxResult:
    doc = Document()
    warnings: list[str] = []
    _base_styles(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    cover = doc.sections[0]
    _page_setup(cover, "portrait")
    _cover(doc, pkg)
    report = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(report, "portrait")
    restart_page_numbers(report._sectPr)
    _page_footer(report, fingerprint)
    _report(doc, pkg)
    sheet = scoring.score_package(pkg)
    for g in forms.all_forms(pkg, sheet):
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        continue_page_numbers(section._sectPr)  # python-docx copied the report's restart
        _page_setup(section, g.orientation)
        _attachment(doc, g)
    embed.attach(doc, pkg)
    buf = io.BytesIO()
    doc.save(buf)
    return DocxResult(buf.getvalue(), warnings)


# --- page and styles ------------------------------------------------------------------------------


def _base_styles(doc: DocumentObject) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FANGSONG)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    # Table text as named styles (a clerk restyles every table at once in Word; and one style
    # reference per paragraph instead of fonts on every run keeps a 50-project export fast).
    for name, bold in ((TABLE_STYLE, False), (TABLE_BOLD_STYLE, True)):
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.font.size = Pt(TABLE_SIZE)
        st.font.bold = bold
        st.paragraph_format.first_line_indent = Pt(0)
        st.paragraph_format.line_spacing = 1.0


def _page_setup(section: Section, orientation: str) -> None:
    if orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_H), Mm(PAGE_W)
        # The portrait 版心 turned and centred.
        side, top = (PAGE_H - TEXT_H) / 2, (PAGE_W - TEXT_W) / 2
        section.left_margin = section.right_margin = Mm(side)
        section.top_margin = section.bottom_margin = Mm(top)
        section.footer_distance = Mm(8)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
        section.top_margin = Mm(TOP)
        section.left_margin = Mm(LEFT)
        section.right_margin = Mm(PAGE_W - LEFT - TEXT_W)
        section.bottom_margin = Mm(PAGE_H - TOP - TEXT_H)
        # The page number 7 mm below the 版心, the fingerprint line under it.
        section.footer_distance = Mm(PAGE_H - TOP - TEXT_H - 7 - 9)
    section.header_distance = Mm(15)


def _page_footer(section: Section, fingerprint: str | None) -> None:
    """``— N —`` one character in from the outer edge (odd right, even left), fingerprint under it."""
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(NUMBER_SIZE)
        else:
            fmt.left_indent = Pt(NUMBER_SIZE)
        set_run_font(p.add_run("— "), SONGTI, NUMBER_SIZE)
        add_field(p, "PAGE", SONGTI, NUMBER_SIZE)
        set_run_font(p.add_run(" —"), SONGTI, NUMBER_SIZE)
        if fingerprint:
            fp = footer.add_paragraph()
            fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(fp.add_run(f"数据指纹 {fingerprint}"), FANGSONG, FINGERPRINT_SIZE, grey=True)


# --- paragraphs -----------------------------------------------------------------------------------


def _para(
    doc: DocumentObject,
    text: str,
    font: str,
    size: float = BODY_SIZE,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    bold: bool = False,
    exact: bool = True,
) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE if size <= BODY_SIZE else Pt(size * 1.5)
    fmt.first_line_indent = Pt(2 * size) if indent else Pt(0)
    if text:
        set_run_font(p.add_run(text), font, size, bold)
    return p


def _title(doc: DocumentObject, text: str) -> None:
    """The title in 2号, centred; a long one broken before 整体支出绩效自评报告 as printed reports do."""
    p = _para(doc, "", SONGTI, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    width_em = TEXT_W / 25.4 * 72 / TITLE_SIZE
    lines = [text]
    if sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text) > width_em:
        for tail in ("整体支出绩效自评报告", "绩效自评报告", "自评报告"):
            cut = text.rfind(tail)
            if cut > 0:
                lines = [text[:cut], text[cut:]]
                break
    for i, line in enumerate(lines):
        run = p.add_run(line)
        set_run_font(run, SONGTI, TITLE_SIZE, bold=True)
        if i + 1 < len(lines):
            run.add_break()


def unit_name(pkg: model.Package) -> str:
    return pkg.cover.unit_name.strip() or pkg.unit.name.strip()


def _cover(doc: DocumentObject, pkg: model.Package) -> None:
    for _ in range(4):
        _para(doc, "", FANGSONG, indent=False)
    _title(doc, pkg.title())
    for _ in range(9):
        _para(doc, "", FANGSONG, indent=False)
    line = f"部门（单位）名称：{unit_name(pkg)}（盖章）"
    _para(doc, line, FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    date = format_date_cn(pkg.cover.date) or BLANK_DATE
    _para(doc, date, FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)


def _body(doc: DocumentObject, text: str) -> None:
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = _RUN_IN.match(line)
        p = _para(doc, "", FANGSONG)
        if m:  # the run-in heading in 楷体 before the body text
            set_run_font(p.add_run(m.group(0)), KAITI, BODY_SIZE)
        rest = line[m.end() :] if m else line
        if rest:
            set_run_font(p.add_run(rest), FANGSONG, BODY_SIZE)


def _report(doc: DocumentObject, pkg: model.Package) -> None:
    _title(doc, pkg.title())
    _para(doc, "", FANGSONG, indent=False)
    for sec in render_report(pkg):  # live fields printed as their current values
        if sec.heading.strip():
            _para(doc, sec.heading.strip(), HEITI).paragraph_format.keep_with_next = True
        _body(doc, sec.body)
        for sub in sec.subsections:
            if sub.heading.strip():
                _para(doc, sub.heading.strip(), KAITI).paragraph_format.keep_with_next = True
            _body(doc, sub.body)
    # Room for the seal (up to 45 mm) above the 署名, which sits four characters in from the right.
    for _ in range(2):
        _para(doc, "", FANGSONG, indent=False).paragraph_format.keep_with_next = True
    for text in (unit_name(pkg), format_date_cn(pkg.cover.date) or BLANK_DATE):
        p = _para(doc, text, FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(4 * BODY_SIZE)
        p.paragraph_format.keep_with_next = True


# --- attachments ----------------------------------------------------------------------------------


def _attachment(doc: DocumentObject, g: Grid) -> None:
    _para(doc, g.label, HEITI, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    title = _para(doc, g.title, SONGTI, ATTACH_TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    title.paragraph_format.space_after = Pt(6)
    table_of(doc, g)
    for note in g.notes:
        p = _para(doc, note, FANGSONG, TABLE_SIZE, WD_ALIGN_PARAGRAPH.LEFT, indent=False, exact=False)
        p.paragraph_format.space_before = Pt(4)
    if g.footer:
        p = _para(
            doc, g.footer_line(), FANGSONG, FOOTER_SIZE, WD_ALIGN_PARAGRAPH.LEFT, indent=False, exact=False
        )
        p.paragraph_format.space_before = Pt(10)


def fit_size(text: str, width_mm: float) -> float:
    """The table font size at which ``text`` fits on one line of ``width_mm`` (never under 7 pt).

    Estimated with generous advance widths (CJK 1 em, Latin 0.6 em), since the fonts are the
    reader's, not ours."""
    ems = sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in text)
    if not ems:
        return TABLE_SIZE
    fits = width_mm / 25.4 * 72 / ems
    return max(7.0, min(TABLE_SIZE, int(fits * 2) / 2))


def table_of(doc: DocumentObject, g: Grid) -> None:
    """``g`` as Word tables: the grid's merges as merged cells, its widths as fixed column widths.

    Word repeats only a table's *first* rows on the next page, while a form's column headers sit
    lower (附件2's 绩效指标 header): such a grid is set as two tables, the second starting with the
    header rows, which repeat; a hairline paragraph between them keeps Word from joining them.
    """
    hs = g.header_start
    split = bool(g.header_rows) and hs > 0 and not any(c.row < hs <= c.last_row for c in g.cells)
    if not split:
        _table_part(doc, g, 0, g.n_rows, g.header_rows if hs == 0 else 0)
        return
    _table_part(doc, g, 0, hs, 0)
    gap = doc.add_paragraph()
    gap.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    gap.paragraph_format.line_spacing = Pt(1)
    gap.paragraph_format.first_line_indent = Pt(0)
    _table_part(doc, g, hs, g.n_rows, g.header_rows)


def _table_part(doc: DocumentObject, g: Grid, first: int, end: int, repeat: int) -> None:
    """Rows ``first`` … ``end − 1`` of ``g`` as one table, its first ``repeat`` rows repeated."""
    table = doc.add_table(rows=end - first, cols=g.n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = TEXT_H if g.orientation == "landscape" else TEXT_W
    scale = usable / sum(g.col_widths)
    widths = [w * scale for w in g.col_widths]
    fixed_layout(table, [Mm(w) for w in widths])
    cell_margins(table)
    # Merged through the XML (gridSpan, vMerge): python-docx's cell()/merge() rebuild the whole grid
    # on every call, which made a 50-project package take minutes.
    tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    # Style ids set directly: assigning Paragraph.style looks the style up by scanning all styles.
    styles = {False: doc.styles[TABLE_STYLE].style_id, True: doc.styles[TABLE_BOLD_STYLE].style_id}
    for c in g.cells:
        if not first <= c.row < end:
            continue
        size = TABLE_SIZE
        span_mm = sum(widths[c.col : c.last_col + 1])
        if c.fmt != "text":  # a figure is never broken over two lines: it shrinks to fit its cell
            size = fit_size(c.text, span_mm - 2.5)
        top = c.row - first
        for r in range(top, top + c.rowspan):
            tc = tcs[r][c.col]
            if c.colspan > 1:
                tc.grid_span = c.colspan
                tc.width = Mm(span_mm)
                for covered in tcs[r][c.col + 1 : c.last_col + 1]:
                    covered.getparent().remove(covered)
            if c.rowspan > 1:
                tc.vMerge = "restart" if r == top else "continue"
        cell = _Cell(tcs[top][c.col], table)
        vertical_center(cell)
        lines = c.text.split("\n")
        p = cell.paragraphs[0]
        style = styles[c.role in _BOLD_ROLES]
        for i, line in enumerate(lines):
            if i:
                p = cell.add_paragraph()
            p._p.style = style
            p.alignment = _ALIGN[c.align]
            if line:
                run = p.add_run(line)
                if size != TABLE_SIZE:
                    run.font.size = Pt(size)
    if repeat:
        repeat_as_header(table, repeat)
    cant_split(table)
