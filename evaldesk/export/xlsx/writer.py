"""Export a package as an ``.xlsx`` workbook in the official layout (forms.md), printable as it is.

Sheets, in order: ``附件1``, ``附件2``, one ``附件3-<项目名>`` per project (Excel's 31 characters,
``[]:*?/\\`` replaced, made unique), ``单位信息``, ``自评报告``, ``审核结果`` and the hidden
``EvalDesk数据``. Each form sheet is its :mod:`evaldesk.export.form_layout` grid (the one the PDF prints):
``附件N`` and the title above it, merged cells, thin borders, column widths from the grid's millimetres,
wrapped text, numbers as numeric cells (``0.00``; rates store the ratio with ``0.00%``), computed
figures from core, A4 fitted to one page wide (as many tall as needed), the table header repeated on
every page, ``第 &P 页，共 &N 页`` in the footer, and a print area.

Round trip: a computed cell shows the computed value; the figure the clerk entered (when it differs,
or was left blank) is kept in the hidden ``EvalDesk数据`` sheet together with everything a paper form
cannot show — see :mod:`.records` for the design. ``read_workbook(render(pkg))`` gives back ``pkg``
except its attachments (scanned pages are not put in a workbook).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from evaldesk.core import jsonform, model, scoring
from evaldesk.export import form_layout as gridmod
from evaldesk.export import forms
from evaldesk.export.xlsx import pagination, records, write_side_sheets
from evaldesk.export.xlsx.context import Ctx
from evaldesk.export.xlsx.reader import parse_visible
from evaldesk.export.xlsx.sheetdata import SheetData
from evaldesk.export.xlsx.sheetwriter import (
    BODY_PT,
    TITLE_FONT,
    Look,
    SheetWriter,
    StyleBook,
    height_for,
    mm_to_width,
    text_width_mm,
)

FORBIDDEN = "[]:*?/\\"
RESERVED = (
    "附件1",
    "附件2",
    write_side_sheets.UNIT_SHEET,
    write_side_sheets.REPORT_SHEET,
    write_side_sheets.REVIEW_SHEET,
    records.SHEET_NAME,
)
TOP_ROWS = 2  # 附件N · title, above the grid
VERTICAL_MARGIN_MM = 25
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class XlsxOptions:
    """What to put in the workbook besides the forms."""

    review: bool = True  # the 审核结果 sheet
    round_trip: bool = True  # the hidden EvalDesk数据 sheet


def sheet_names(pkg: model.Package) -> list[str]:
    """附件1, 附件2, then 附件3-<项目名> per project: ≤ 31 characters, no ``[]:*?/\\``, unique."""
    names = ["附件1", "附件2"]
    taken = {n.lower() for n in RESERVED}
    for i, p in enumerate(pkg.projects, start=1):
        base = "".join("_" if ch in FORBIDDEN else ch for ch in f"附件3-{p.name.strip() or f'项目{i}'}")
        base = "".join(ch for ch in base if ch.isprintable()).strip("' ") or f"附件3-项目{i}"
        name, n = base[:31], 1
        while name.lower() in taken:
            n += 1
            suffix = f"({n})"
            name = base[: 31 - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def render(pkg: model.Package, options: XlsxOptions | None = None) -> bytes:
    """The workbook's bytes (write them atomically; nothing is written here)."""
    opts = options or XlsxOptions()
    try:
        sheet = scoring.score_package(pkg)
    except NotImplementedError:
        sheet = None
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "绩效自评助手"
    wb.properties.title = pkg.title()
    styles = StyleBook(wb)
    mirrors: list[SheetData] = []
    grids = forms.all_forms(pkg, sheet)
    for g, name in zip(grids, sheet_names(pkg), strict=True):
        sw = SheetWriter(wb.create_sheet(name), styles)
        write_grid(sw, g)
        mirrors.append(sw.mirror)
    mirrors.append(
        write_side_sheets.write_unit_sheet(
            SheetWriter(wb.create_sheet(write_side_sheets.UNIT_SHEET), styles), pkg
        )
    )
    mirrors.append(
        write_side_sheets.write_report_sheet(
            SheetWriter(wb.create_sheet(write_side_sheets.REPORT_SHEET), styles), pkg
        )
    )
    if opts.review:
        write_side_sheets.write_review_sheet(
            SheetWriter(wb.create_sheet(write_side_sheets.REVIEW_SHEET), styles), pkg, sheet
        )
    if opts.round_trip:
        recs = plan_records(pkg, mirrors)
        write_side_sheets.write_data_sheet(SheetWriter(wb.create_sheet(records.SHEET_NAME), styles), recs)
    styles.close()
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plan_records(pkg: model.Package, mirrors: list[SheetData]) -> list[records.Record]:
    """Read the visible sheets back as the importer will, and record what differs from ``pkg``."""
    ctx = Ctx()
    parsed = parse_visible(ctx, mirrors)
    blanks = records.blank_records(ctx)
    if blanks:
        ctx = Ctx(keep_rows=records.keep_rows(blanks))
        parsed = parse_visible(ctx, mirrors)
    planned = records.plan(jsonform.to_dict(pkg), jsonform.to_dict(parsed), ctx)
    return records.digest_records(mirrors) + blanks + planned


def _look(cell: gridmod.Cell) -> Look:
    numeric = cell.fmt != "text"
    return Look(
        bold=cell.role in ("header", "block"),
        align=cell.align,
        wrap=not numeric,
        shrink=numeric,
    )


def write_grid(sw: SheetWriter, g: gridmod.Grid) -> None:
    """One form: 附件N and title, the grid, its notes and the signature footer; page set up to print."""
    ncols = g.n_cols
    widths = list(g.col_widths)
    sw.set_widths(widths)
    total_mm = sum(widths)
    sw.put(1, 1, g.label, Look(font=TITLE_FONT, size=12, border=False, wrap=False))
    sw.put(2, 1, g.title, Look(font=TITLE_FONT, size=16, bold=True, align="center", border=False))
    sw.merge(2, 1, 2, ncols)
    sw.need_height(1, 20)
    sw.need_height(2, height_for(g.title, total_mm, 16, 30))
    top = TOP_ROWS + 1
    spanned: list[tuple[gridmod.Cell, float]] = []
    for cell in g.cells:
        r, c = top + cell.row, 1 + cell.col
        value = cell.value if cell.value is not None else None
        if cell.fmt != "text" and value is not None:
            sw.put(r, c, value, _look(cell), cell.fmt)
        else:
            sw.put(r, c, cell.text if cell.fmt == "text" else None, _look(cell))
        sw.merge(r, c, r + cell.rowspan - 1, c + cell.colspan - 1)
        width = sum(widths[cell.col : cell.col + cell.colspan])
        text = cell.text if cell.fmt == "text" else (cell.text or "0")
        need = height_for(text, width) if cell.fmt == "text" else 18.0
        if cell.fmt != "text" and text_width_mm(cell.text, BODY_PT) > width:
            need = 18.0  # shrink-to-fit handles a wide number; never wrap it into ####
        if cell.rowspan == 1:
            sw.need_height(r, need)
        else:
            spanned.append((cell, need))
    for row in range(top, top + g.n_rows):
        sw.need_height(row, 18.0)
    for cell, need in spanned:  # give a tall spanned label the height its rows lack
        rows = range(top + cell.row, top + cell.row + cell.rowspan)
        have = sum(sw.heights.get(r, 18.0) for r in rows)
        if need > have:
            extra = (need - have) / cell.rowspan
            for r in rows:
                sw.need_height(r, sw.heights.get(r, 18.0) + extra)
    r = top + g.n_rows
    for note in g.notes:
        sw.put(r, 1, note, Look(border=False))
        sw.merge(r, 1, r, ncols)
        sw.need_height(r, height_for(note, total_mm))
        r += 1
    if g.footer:
        line = "    ".join(f"{f.label}{f.value or '　' * 4}" for f in g.footer)
        sw.put(r, 1, line, Look(border=False))
        sw.merge(r, 1, r, ncols)
        sw.need_height(r, height_for(line, total_mm, BODY_PT, 36))
    last_row = r
    sw.apply_heights()
    _page_setup(sw, g, last_row)


def _page_setup(sw: SheetWriter, g: gridmod.Grid, last_row: int) -> None:
    from openpyxl.utils import get_column_letter

    ws = sw.ws
    ws.sheet_view.showGridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = g.orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    page_w, page_h = (210, 297) if g.orientation == "portrait" else (297, 210)
    side = page_w - sum(g.col_widths)
    margin_mm = max(10.0, side / 2 - 2)
    margin = margin_mm / MM_PER_INCH
    ws.page_margins = PageMargins(
        left=margin,
        right=margin,
        top=VERTICAL_MARGIN_MM / MM_PER_INCH,
        bottom=VERTICAL_MARGIN_MM / MM_PER_INCH,
        header=10 / MM_PER_INCH,
        footer=12 / MM_PER_INCH,
    )
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10
    ws.oddFooter.center.font = "宋体,常规"
    titles: tuple[int, int] | None = None
    if g.header_rows:
        first = TOP_ROWS + 1 + g.header_start
        titles = (first, first + g.header_rows - 1)
        ws.print_title_rows = f"{first}:{first + g.header_rows - 1}"
    ws.print_area = f"A1:{get_column_letter(g.n_cols)}{last_row}"
    # The signature line prints with the table's last rows, never alone under the repeated header.
    body_first = TOP_ROWS + 1 + g.header_start + g.header_rows
    tail_first = TOP_ROWS + 1 + g.n_rows - gridmod.KEEP_WITH_FOOTER
    if tail_first > body_first:
        content_mm = sum(pagination.column_mm(mm_to_width(w)) for w in g.col_widths)
        scale = min(1.0, (page_w - 2 * margin_mm) / content_mm)
        usable = (page_h - 2 * VERTICAL_MARGIN_MM) * pagination.PT_PER_MM / (int(scale * 100) / 100)
        heights = [sw.heights.get(r, pagination.DEFAULT_ROW_PT) for r in range(1, last_row + 1)]
        at = pagination.keep_break(heights, usable, titles, tail_first)
        if at is not None:
            ws.row_breaks.append(Break(id=at - 1))  # a break after row ``at − 1``
