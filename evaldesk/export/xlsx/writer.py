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
from copy import copy
from dataclasses import dataclass, replace

from openpyxl import Workbook
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from evaldesk.core import jsonform, model, scoring
from evaldesk.export import form_layout as gridmod
from evaldesk.export import forms
from evaldesk.export.xlsx import form_rows, longtext, pagination, records, write_side_sheets
from evaldesk.export.xlsx.context import Ctx
from evaldesk.export.xlsx.reader import parse_visible
from evaldesk.export.xlsx.sheetdata import SheetData
from evaldesk.export.xlsx.sheetwriter import (
    BODY_PT,
    MAX_ROW_PT,
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
MIN_PT = 5.0  # the smallest size a label too long for its rows is set in


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
    lay = form_rows.layout(g, TOP_ROWS + 1)
    continued = lay.continuation_rows()
    # Ranges over continuation rows, merged once the page breaks are known (see _merge_by_page).
    deferred: list[tuple[int, int, int, int]] = []

    def merge(r: int, c: int, end: int, end_col: int) -> None:
        if continued.isdisjoint(range(r, end + 1)):
            sw.merge(r, c, end, end_col)
        else:
            deferred.append((r, c, end, end_col))

    def look(cell: gridmod.Cell, r: int, end: int) -> Look:
        # A cell beside a text going on over rows stands at the top, where that text begins.
        base = _look(cell)
        return base if continued.isdisjoint(range(r, end + 1)) else replace(base, valign="top")

    # (cell, first sheet row, last sheet row, height its text needs) of every cell over several rows
    spanned: list[tuple[gridmod.Cell, str, int, int, float]] = []
    for cell in g.cells:
        first, c = lay.first[cell.row], 1 + cell.col
        last, last_col = lay.last(cell.last_row), c + cell.colspan - 1
        width = sum(widths[cell.col : cell.col + cell.colspan])
        pieces = lay.pieces.get((cell.row, cell.col))
        if pieces:  # a long text: one piece a row, the last merged down over the rows left
            width = min(width, form_rows.shown_mm(widths[cell.col : cell.col + cell.colspan]))
            for i, piece in enumerate(pieces):
                r = first + i
                end = last if i == len(pieces) - 1 else r
                sw.put(r, c, piece, look(cell, r, end))
                merge(r, c, end, last_col)
                if end == r:
                    sw.need_height(r, height_for(piece, width))
                else:
                    spanned.append((cell, piece, r, end, height_for(piece, width)))
            continue
        value = cell.value if cell.value is not None else None
        if cell.fmt != "text" and value is not None:
            sw.put(first, c, value, look(cell, first, last), cell.fmt)
        else:
            sw.put(first, c, cell.text if cell.fmt == "text" else None, look(cell, first, last))
        merge(first, c, last, last_col)
        text = cell.text if cell.fmt == "text" else (cell.text or "0")
        need = height_for(text, width) if cell.fmt == "text" else 18.0
        if cell.fmt != "text" and text_width_mm(cell.text, BODY_PT) > width:
            need = 18.0  # shrink-to-fit handles a wide number; never wrap it into ####
        if first == last:
            sw.need_height(first, need)
        if first != last or need > MAX_ROW_PT:
            spanned.append((cell, cell.text, first, last, need))
    for row in range(lay.first[0], lay.last(g.n_rows - 1) + 1):
        sw.need_height(row, 18.0)
    for _cell, _text, first, last, need in spanned:  # give a tall spanned cell the height its rows lack
        rows = range(first, last + 1)
        have = sum(sw.heights.get(r, 18.0) for r in rows)
        if need > have:
            extra = (need - have) / len(rows)
            for r in rows:
                sw.need_height(r, sw.heights.get(r, 18.0) + extra)
    r = lay.last(g.n_rows - 1) + 1
    for note in g.notes:
        # Notes are not read back: a long one simply goes on in the next row.
        for _, piece in longtext.chunks(note, lambda t: height_for(t, total_mm) <= MAX_ROW_PT):
            sw.put(r, 1, piece, Look(border=False))
            sw.merge(r, 1, r, ncols)
            sw.need_height(r, height_for(piece, total_mm))
            r += 1
    if g.footer:
        line = "    ".join(f"{f.label}{f.value or '　' * 4}" for f in g.footer)
        sw.put(r, 1, line, Look(border=False))
        sw.merge(r, 1, r, ncols)
        sw.need_height(r, height_for(line, total_mm, BODY_PT, 36))
    last_row = r
    sw.apply_heights()
    starts = _page_setup(sw, g, lay, last_row)
    _merge_by_page(sw, deferred, starts)
    for cell, text, first, last, _ in spanned:
        end = min([last] + [s - 1 for s in starts if first < s <= last])  # the part on its first page
        _fit_font(
            sw,
            cell,
            text,
            first,
            sum(sw.heights[r] for r in range(first, end + 1)),
            widths,
            look(cell, first, last),
        )


def _merge_by_page(sw: SheetWriter, ranges: list[tuple[int, int, int, int]], starts: list[int]) -> None:
    """Merge each range, but cut where a page begins: a spreadsheet draws no rule under a merged cell
    at a page's foot, so a label beside a text pages long would print open-ended (and, centred in the
    whole range, on one page only)."""
    for r, c, end, end_col in ranges:
        cuts = [s for s in starts if r < s <= end]
        for top, bottom in zip([r, *cuts], [*(s - 1 for s in cuts), end], strict=True):
            if top != r:  # the later pieces: blank cells styled as the first
                sw.ws.cell(row=top, column=c)._style = copy(sw.ws.cell(row=r, column=c)._style)
            sw.merge(top, c, bottom, end_col)


def _fit_font(
    sw: SheetWriter, cell: gridmod.Cell, text: str, row: int, have_pt: float, widths: list[float], look: Look
) -> None:
    """A label too long for the rows it spans even at 409 points each (a 200-character 一级指标 in its
    narrow column) is set smaller rather than cut: labels are not split over rows."""
    span = widths[cell.col : cell.col + cell.colspan]
    width = min(sum(span), form_rows.shown_mm(span))
    if cell.fmt != "text" or height_for(text, width) <= have_pt + 0.5:
        return
    pt = BODY_PT
    while pt > MIN_PT and height_for(text, width, pt) > have_pt + 0.5:
        pt -= 0.5
    sw.put(row, 1 + cell.col, text, replace(look, size=pt))


def _page_setup(sw: SheetWriter, g: gridmod.Grid, lay: form_rows.Layout, last_row: int) -> list[int]:
    """Print setup; returns the first row of every page as a spreadsheet will print it."""
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
        first, last = lay.first[g.header_start], lay.last(g.header_start + g.header_rows - 1)
        titles = (first, last)
        ws.print_title_rows = f"{first}:{last}"
    ws.print_area = f"A1:{get_column_letter(g.n_cols)}{last_row}"
    content_mm = sum(pagination.column_mm(mm_to_width(w)) for w in g.col_widths)
    scale = min(1.0, (page_w - 2 * margin_mm) / content_mm)
    usable = (page_h - 2 * VERTICAL_MARGIN_MM) * pagination.PT_PER_MM / (int(scale * 100) / 100)
    heights = [sw.heights.get(r, pagination.DEFAULT_ROW_PT) for r in range(1, last_row + 1)]
    # The signature line prints with the table's last rows, never alone under the repeated header.
    tail_row = g.n_rows - gridmod.KEEP_WITH_FOOTER
    if tail_row > g.header_start + g.header_rows:
        tail_first, table_last = lay.first[tail_row], lay.last(g.n_rows - 1)
        # A tail of long texts taller than a page: the footer keeps as many of its last rows as fit.
        title_pt = sum(heights[r - 1] for r in range(titles[0], titles[1] + 1)) if titles else 0.0
        while tail_first < table_last and sum(heights[tail_first - 1 :]) + title_pt > usable:
            tail_first += 1
        at = pagination.keep_break(heights, usable, titles, tail_first)
        if at is not None:
            ws.row_breaks.append(Break(id=at - 1))  # a break after row ``at − 1``
    manual = frozenset(b.id + 1 for b in ws.row_breaks.brk)
    return pagination.page_starts(heights, usable, titles, manual)
