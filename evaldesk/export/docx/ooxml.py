"""Small WordprocessingML helpers python-docx has no API for: East-Asian fonts, fields, table grids.

Chinese text takes its font from ``w:rFonts/@w:eastAsia``; python-docx's ``font.name`` only sets the
Latin slots, so a run "in 仿宋" would otherwise show in the document's default CJK font.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

LATIN_FONT = "Times New Roman"


def set_run_font(run: Run, east_asian: str, size: float, bold: bool = False, grey: bool = False) -> None:
    """``run`` in ``east_asian`` (Chinese) and Times New Roman (digits, Latin) at ``size`` points."""
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold or None
    if grey:
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def add_field(paragraph: Paragraph, instruction: str, east_asian: str, size: float) -> None:
    """A field such as ``PAGE`` (Word and LibreOffice compute it when the page is laid out)."""

    def run_with(child: BaseOxmlElement) -> None:
        run = paragraph.add_run()
        set_run_font(run, east_asian, size)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    shown = paragraph.add_run("1")
    set_run_font(shown, east_asian, size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def restart_page_numbers(section_pr: BaseOxmlElement, start: int = 1) -> None:
    """Number this section's pages from ``start`` (the cover before it is not counted)."""
    pg = section_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        section_pr.append(pg)
    pg.set(qn("w:start"), str(start))


def continue_page_numbers(section_pr: BaseOxmlElement) -> None:
    """Continue the numbering of the section before (undo a copied restart)."""
    pg = section_pr.find(qn("w:pgNumType"))
    if pg is not None:
        pg.attrib.pop(qn("w:start"), None)


def fixed_layout(table: Table, widths: list[Length]) -> None:
    """Fixed column widths (Word otherwise re-fits columns to their content when opening)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(sum(int(Emu(w).twips) for w in widths)))
    total.set(qn("w:type"), "dxa")
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(total)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    # Cell by cell through the XML: python-docx's row.cells rebuilds the whole grid on every call.
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width


def repeat_as_header(table: Table, rows: int) -> None:
    """The first ``rows`` rows repeat at the top of each page the table runs on."""
    for row in table.rows[:rows]:
        tr_pr = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        tr_pr.append(header)


def cant_split(table: Table) -> None:
    """Rows are not split across pages (a figure never lands half on the next page)."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def cell_margins(table: Table, left_right_twips: int = 57) -> None:
    """Narrow cell margins (1 mm): the 附件 tables are dense."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(left_right_twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def vertical_center(cell: _Cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), "center")
    tc_pr.append(v)
