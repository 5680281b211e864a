"""A form grid as reportlab flowables: the 附件N label, the centred title and one Table.

Text that fits its cell on one line is drawn as a plain string (fast: a 50-project package has
thousands of cells); longer text becomes a CJK-wrapped Paragraph, so a long indicator name wraps and
never overflows. Numbers never wrap: one that is too wide is drawn smaller. The signature footer
(and the notes under the table) is the table's last, borderless row, tied to the last three form rows
so it never lands alone on a page; the header row of the indicator table repeats when the table breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from evaldesk.export.fonts import Warnings, markup, missing
from evaldesk.export.form_layout import KEEP_WITH_FOOTER, Cell, Grid
from evaldesk.export.pdf.body import set_lines
from evaldesk.export.pdf.document import TEXT_H, TEXT_W, Anchor, Mark
from evaldesk.export.pdf.linebreak import break_lines
from evaldesk.export.pdf.styles import CELL_PAD_X, CELL_PAD_Y, FOOTER_SIZE, TABLE_LEADING, TABLE_SIZE, Styles

_BOLD_ROLES = frozenset({"header", "block"})
_BALANCED_ROLES = frozenset({"header", "block", "label"})
# Headers whose natural break is not where a balanced break falls.
_PREFERRED_BREAKS = {"偏差原因分析及改进措施": ("偏差原因分析", "及改进措施")}
_MIN_NUMBER_SIZE = 7.0
_SHORT_VALUE = 9  # characters
_ESTIMATE_MARGIN = 1.07  # the estimate runs a few percent short (spanned cells, balanced headers)


@dataclass(frozen=True)
class Metrics:
    """A table's type size and row spacing."""

    size: float
    leading: float
    pad_y: float
    pad_x: float = CELL_PAD_X


NORMAL = Metrics(TABLE_SIZE, TABLE_LEADING, CELL_PAD_Y)  # 五号
DENSE = Metrics(9.0, 10.8, 1.2, 1.5)  # 小五, as the official forms print a long 绩效指标 table


def grid_story(grid: Grid, st: Styles, w: Warnings, index: int) -> list[Flowable]:
    """The flowables of one attachment, starting on a new page."""
    template = "landscape" if grid.orientation == "landscape" else "body"
    title = f"{grid.label} {grid.name}".strip()
    head: list[Flowable] = [
        Paragraph(markup(grid.label, st.fonts.heading1, st.fonts, w, grid.label), st.attach_label),
        Paragraph(markup(grid.title, st.fonts.title, st.fonts, w, grid.label), st.attach_title),
        Spacer(1, 1 * mm),
    ]
    width, height = (TEXT_H, TEXT_W) if grid.orientation == "landscape" else (TEXT_W, TEXT_H)
    room = height - sum(f.wrap(width, height)[1] + f.getSpaceAfter() for f in head)
    return [
        NextPageTemplate(template),
        PageBreak(),
        Anchor(f"att{index}", title),
        *head,
        fitted_table(grid, st, w, room),
    ]


def fitted_table(grid: Grid, st: Styles, w: Warnings, room: float) -> Flowable:
    """The grid at 五号, or at 小五 when 五号 takes more than one page (``room`` points) and 小五 helps.

    Which one is decided on an estimate of the rows' lines (cheap), so that a form is laid out once.
    """
    if estimate_height(grid, st, NORMAL) * _ESTIMATE_MARGIN <= room:
        return grid_table(grid, st, w)
    dense = grid_table(grid, st, w, DENSE)
    width = sum(grid.col_widths) * mm
    if dense.tallest_row(width) > room:
        return grid_table(grid, st, Warnings())  # a row broken across pages (a very long text) stays at 五号
    return dense


def estimate_height(grid: Grid, st: Styles, m: Metrics) -> float:
    """About how tall the grid is (points): each row as tall as its most wrapped single-row cell."""
    rows = [m.leading + 2 * m.pad_y + 1] * grid.n_rows
    for cell in grid.cells:
        if cell.rowspan != 1 or not cell.text.strip():
            continue
        width = sum(grid.col_widths[cell.col : cell.last_col + 1]) * mm - 2 * m.pad_x - 0.5
        font = st.fonts.table_bold if cell.role in _BOLD_ROLES else st.fonts.table
        if cell.fmt != "text" or (cell.align == "center" and len(cell.text) <= _SHORT_VALUE):
            lines = 1
        else:
            lines = sum(_lines(part, font, m.size, width) for part in cell.text.split("\n"))
        rows[cell.row] = max(rows[cell.row], lines * m.leading + 2 * m.pad_y + 1)
    footer = (len(grid.footer) + 1) // 2 * FOOTER_SIZE * 2.3 + 4
    notes = sum(_lines(n, st.fonts.table, TABLE_SIZE, sum(grid.col_widths) * mm) for n in grid.notes)
    return sum(rows) + footer + notes * TABLE_LEADING


def _lines(text: str, font: str, size: float, width: float) -> int:
    return max(1, -(-int(stringWidth(text, font, size)) // max(1, int(width))))


def _cell_content(
    cell: Cell, width: float, st: Styles, w: Warnings, where: str, m: Metrics = NORMAL
) -> tuple[Any, float | None]:
    """(content, font size override) for one cell of inner width ``width`` (points).

    Plain strings (one line, or lines broken here) where the font has every character; a Paragraph
    only when a line needs a fallback font or must shrink (a unit such as （万元） in a narrow block).
    """
    bold = cell.role in _BOLD_ROLES
    font = st.fonts.table_bold if bold else st.fonts.table
    text = cell.text
    if not text.strip():
        return "", None
    lacks = bool(missing(text, font))
    # A number, or a short indicator value such as ≤3755个, is one line, drawn smaller if need be:
    # broken, its unit would sit on a line of its own.
    short_value = cell.role == "value" and cell.align == "center" and len(text) <= _SHORT_VALUE
    if (cell.fmt != "text" or short_value) and "\n" not in text and not lacks:
        tw = stringWidth(text, font, m.size)
        if tw <= width:
            return text, None
        return text, max(_MIN_NUMBER_SIZE, m.size * width / tw)
    if "\n" not in text and not lacks and stringWidth(text, font, m.size) <= width:
        return text, None
    balance = cell.role in _BALANCED_ROLES and len(text) <= 40
    if text in _PREFERRED_BREAKS:
        lines = list(_PREFERRED_BREAKS[text])
    else:
        # Numbers and units are not cut (a line too wide for them is drawn smaller), except in a
        # long text where a very long token must break somewhere.
        cut = cell.role != "block" and stringWidth(text, font, m.size) > 3 * width
        lines = break_lines(text, width - 0.5, font, m.size, balance, cut=cut)
    widths = [stringWidth(line, font, m.size) for line in lines]
    if not lacks and max(widths) <= width:
        return "\n".join(lines), None
    if cell.role == "block":  # a narrow vertical label: only the line that is too wide (（万元）) shrinks
        parts = [
            _shrunk(markup(ln, font, st.fonts, w, where), lw, width, m.size)
            for ln, lw in zip(lines, widths, strict=True)
        ]
        body = "<br/>".join(parts)
    else:  # one size for the whole cell, so its lines match
        body = _shrunk(
            "<br/>".join(markup(ln, font, st.fonts, w, where) for ln in lines), max(widths), width, m.size
        )
    return Paragraph(body, _cell_style(st, cell.align, bold, m)), None


_DENSE_STYLES: dict[tuple[str, str, bool, float], ParagraphStyle] = {}


def _cell_style(st: Styles, align: str, bold: bool, m: Metrics) -> ParagraphStyle:
    base = st.cell(align, bold)
    if m.size == base.fontSize:
        return base
    key = (base.fontName, align, bold, m.size)
    style = _DENSE_STYLES.get(key)
    if style is None:
        style = _DENSE_STYLES[key] = ParagraphStyle(
            f"{base.name}-{m.size}", parent=base, fontSize=m.size, leading=m.leading
        )
    return style


def _shrunk(markup_text: str, text_width: float, width: float, size: float = TABLE_SIZE) -> str:
    if text_width <= width:
        return markup_text
    return f'<font size="{size * (width - 1.5) / text_width:.2f}">{markup_text}</font>'


@dataclass
class _PCell:
    """A grid cell ready for reportlab: content plus the style commands for its position."""

    row: int
    col: int
    last_row: int
    last_col: int
    content: Any
    cmds: list[tuple[Any, ...]]


@dataclass
class _Spec:
    """Everything needed to build the table for any run of the grid's rows."""

    col_w: list[float]
    cells: list[_PCell]
    n_rows: int
    repeat: tuple[int, ...]  # rows repeated at the top of a continuation
    repeat_until: int  # …as long as the continuation starts before this row (the header's block)
    footer: list[Flowable]
    font: str
    m: Metrics = NORMAL
    heights: dict[int, float] | None = None  # row heights of the whole grid, measured once
    footer_height: float = 0.0


def grid_table(grid: Grid, st: Styles, w: Warnings, m: Metrics = NORMAL) -> GridFlowable:
    """The grid as a flowable that splits across pages at any row (see :class:`GridFlowable`)."""
    col_w = [c * mm for c in grid.col_widths]
    where = f"{grid.label} {grid.name}".strip()
    cells: list[_PCell] = []
    for cell in grid.cells:
        width = sum(col_w[cell.col : cell.last_col + 1]) - 2 * m.pad_x
        content, size = _cell_content(cell, width, st, w, where, m)
        cmds: list[tuple[Any, ...]] = []
        if isinstance(content, str) and content:
            if cell.align != "left":  # left is the table's default: one style command fewer a cell
                cmds.append(("ALIGN", cell.align.upper()))
            if cell.role in _BOLD_ROLES:
                cmds.append(("FONTNAME", st.fonts.table_bold))
            if size:
                cmds.append(("FONTSIZE", size))
        cells.append(_PCell(cell.row, cell.col, cell.last_row, cell.last_col, content, cmds))
    repeat = grid.repeat_rows
    until = grid.n_rows
    if repeat:
        # A block label starting in column 0 after the header opens a new block: stop repeating there.
        later = [c.row for c in grid.cells if c.col == 0 and c.role == "block" and c.row > repeat[-1]]
        until = min(later, default=grid.n_rows)
    spec = _Spec(col_w, cells, grid.n_rows, repeat, until, footer_block(grid, st, w), st.fonts.table, m)
    return GridFlowable(spec, list(range(grid.n_rows)))


def _build_table(spec: _Spec, rows: list[int], footer: bool, in_row: bool = False) -> Table:
    """A Table of the grid ``rows`` (original indices, in order); spans are clipped to them.

    ``in_row``: the table may break inside a row (for a row taller than a page), leaving at
    least three lines on either side.
    """
    index = {r: i for i, r in enumerate(rows)}
    n = len(rows)
    data: list[list[Any]] = [["" for _ in spec.col_w] for _ in range(n + (1 if footer else 0))]
    # reportlab breaks a row only between the lines of a top-aligned string cell, measured at
    # 1.2 × the font size, and a cell's flowables only when they come as a list.
    m = spec.m
    leading = 1.2 * m.size if in_row else m.leading
    # Font, alignment and paddings common to every cell are the cells' class defaults, not style
    # commands: reportlab applies a command cell by cell, and a large package has thousands of cells.
    base = _base_cell_style(spec.font, m, leading, "TOP" if in_row else "MIDDLE")
    shared = base("cell")  # cells with no style command of their own share one style object
    cell_styles = [[shared] * len(spec.col_w) for _ in data]
    cmds: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, n - 1), 0.6, colors.black)]
    for c in spec.cells:
        covered = [index[r] for r in range(c.row, c.last_row + 1) if r in index]
        if not covered:
            continue
        top, bottom = covered[0], covered[0]
        while bottom + 1 in covered:
            bottom += 1
        data[top][c.col] = [c.content] if in_row and isinstance(c.content, Flowable) else c.content
        pos, end = (c.col, top), (c.last_col, bottom)
        if end != pos:
            cmds.append(("SPAN", pos, end))
        if c.cmds:
            cell_styles[top][c.col] = base(f"{top},{c.col}")
            cmds += [(name, pos, pos, *args) for name, *args in c.cmds]
    if footer:
        data[n][0] = spec.footer
        cmds += [
            ("SPAN", (0, n), (-1, n)),
            ("LEFTPADDING", (0, n), (-1, n), 0),
            ("RIGHTPADDING", (0, n), (-1, n), 0),
            ("TOPPADDING", (0, n), (-1, n), 4),
        ]
        cell_styles[n] = [base(f"{n},{j}") for j in range(len(spec.col_w))]
    kind = RowBreakingTable if in_row else Table
    table = kind(
        data,
        colWidths=spec.col_w,
        style=TableStyle(cmds),
        hAlign="CENTER",
        splitInRow=3 * m.leading if in_row else 0,
        cellStyles=cell_styles,
    )
    if in_row:
        table.ends_with_footer = footer
    return table


_BASE_STYLES: dict[tuple[str, Metrics, float, str], type[CellStyle]] = {}


def _base_cell_style(font: str, m: Metrics, leading: float, valign: str) -> type[CellStyle]:
    key = (font, m, leading, valign)
    cls = _BASE_STYLES.get(key)
    if cls is None:
        attrs = {
            "fontname": font,
            "fontsize": m.size,
            "leading": leading,
            "valign": valign,
            "leftPadding": m.pad_x,
            "rightPadding": m.pad_x,
            "topPadding": m.pad_y,
            "bottomPadding": m.pad_y + 1,
        }
        cls = _BASE_STYLES[key] = type("GridCellStyle", (CellStyle,), attrs)
    return cls


class RowBreakingTable(Table):
    """A table of one form row taller than a page, closed by a rule wherever it breaks.

    reportlab's ``splitfirst``/``splitlast`` rules apply to the first break only: a row running over
    three pages or more printed its middle pages open at the top and bottom. Each break adds the two
    rules here, to the parts reportlab makes (of this class too, so a part breaks the same way).
    """

    ends_with_footer = False  # the last row is the borderless signature footer

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = list(super().split(availWidth, availHeight))
        if not parts and availHeight > 2 * self.splitInRow:
            # reportlab refuses a break that leaves fewer than ``splitInRow`` points for the next
            # page; a row just taller than a page then fit nowhere. Break a little higher instead.
            parts = list(super().split(availWidth, availHeight - self.splitInRow))
        if len(parts) != 2:
            return parts
        head, rest = parts
        if not isinstance(head, RowBreakingTable) or not isinstance(rest, RowBreakingTable):
            return parts
        head.ends_with_footer, rest.ends_with_footer = False, self.ends_with_footer
        last = head._nrows - 1
        head._addCommand(("LINEBELOW", (0, last), (-1, last), 0.6, colors.black))
        if rest._nrows > (1 if rest.ends_with_footer else 0):  # not the footer alone
            rest._addCommand(("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black))
        return parts


class GridFlowable(Flowable):
    """A form table that breaks at any row boundary.

    reportlab cannot break a Table inside a row span, and a form's 绩效指标 block spans the whole
    indicator table. So the splitting is done here: each page gets its own Table whose spans are
    clipped to its rows (a cut 一级/二级/block cell repeats its text on the next page), the header row
    is repeated, and the signature footer stays with at least the last :data:`KEEP_WITH_FOOTER` form rows.
    """

    def __init__(self, spec: _Spec, rows: list[int], footer: bool = True) -> None:
        super().__init__()
        self.spec = spec
        self.rows = rows
        self.footer = footer  # the footer is drawn under these rows (else it follows on its own)
        self._table: Table | None = None

    def _full(self) -> Table:
        if self._table is None:
            self._table = _build_table(self.spec, self.rows, footer=self.footer)
        return self._table

    def _heights(self, avail_width: float) -> tuple[dict[int, float], float]:
        """Row heights of the whole grid (by original row) and the footer's, measured once."""
        if self.spec.heights is None:
            every = list(range(self.spec.n_rows))
            whole = _build_table(self.spec, every, footer=True)
            whole.wrap(avail_width, 1e7)
            hs = list(whole._rowHeights)
            self.spec.heights = dict(enumerate(hs[:-1]))
            self.spec.footer_height = hs[-1]
            if self.rows == every and self._table is None and self.footer:
                self._table = whole  # the same table draws the grid when it fits one page
        return self.spec.heights, self.spec.footer_height if self.footer else 0.0

    def total_height(self, avail_width: float) -> float:
        """The height of the whole table with its footer, unbroken."""
        heights, footer = self._heights(avail_width)
        return sum(heights[r] for r in self.rows) + footer

    def tallest_row(self, avail_width: float) -> float:
        heights, _ = self._heights(avail_width)
        return max((heights[r] for r in self.rows), default=0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        heights, footer = self._heights(availWidth)
        estimate = sum(heights[r] for r in self.rows) + footer
        if estimate > availHeight + 20:
            # Clearly too tall: the frame will split; no need to build this table now.
            self.width, self.height = availWidth, estimate
        else:
            self.width, self.height = self._full().wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        self._full().drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        heights, _ = self._heights(availWidth)
        repeat = list(self.spec.repeat)
        prefix = (
            len(repeat)
            if repeat and self.rows[: len(repeat)] == repeat and len(self.rows) > len(repeat)
            else 0
        )
        # The last rows stay with the footer (never a signature page holding only the footer): a
        # tail of that many rows moves to the next page whole, unless even a page cannot hold it.
        _, footer_h = self._heights(availWidth)
        page = _frame_height(availWidth)
        tail = self.rows[:prefix] + self.rows[-1:]
        tail_h = sum(heights[r] for r in tail) + footer_h
        if self.footer and page - 60 < tail_h <= page:
            # Close: measure it as it prints (a block label cut from its span is taller alone).
            tail_h = _build_table(self.spec, tail, footer=True).wrap(availWidth, 1e7)[1]
        if self.footer and tail_h > page:
            # Not even the last row fits one page with the footer (long names filled in at their
            # limit): the footer follows the table on its own rather than fail the export.
            bare = GridFlowable(self.spec, self.rows, footer=False)
            if bare.total_height(availWidth) <= availHeight:
                return [bare, *self.spec.footer]
            parts = bare.split(availWidth, availHeight)
            return [*parts, *self.spec.footer] if parts else []
        keep = KEEP_WITH_FOOTER if self.footer else 1
        if sum(heights[r] for r in self.rows[-keep:]) + footer_h > page:
            keep = 1  # a tail taller than a page (a huge 厉行节约 text): only the last row stays
        elif len(self.rows) - prefix <= keep and sum(heights[r] for r in self.rows) + footer_h <= page:
            return []
        last = min(len(self.rows) - 1, max(prefix + 1, len(self.rows) - keep))
        used, fit = 0.0, 0
        for i, r in enumerate(self.rows[:last]):
            if used + heights[r] > availHeight:
                break
            used += heights[r]
            fit = i + 1
        if heights[self.rows[fit]] > _frame_height(availWidth):
            # The next row is taller than any page (a long 偏差原因分析 in a narrow column): no row
            # boundary can help, so let reportlab break inside that row rather than fail the export.
            return self._split_in_row(availWidth, availHeight, fit, repeat, prefix)
        for n in range(fit, prefix, -1):
            part = _build_table(self.spec, self.rows[:n], footer=False)
            _, h = part.wrap(availWidth, availHeight)
            if h <= availHeight:
                rest = self.rows[n:]
                if repeat and repeat[-1] < rest[0] < self.spec.repeat_until:
                    rest = repeat + rest
                return [part, GridFlowable(self.spec, rest, self.footer)]
        return []

    def _with_header(self, rest: list[int], repeat: list[int]) -> list[int]:
        """``rest`` with the header rows in front when it continues the header's block."""
        return repeat + rest if repeat and repeat[-1] < rest[0] < self.spec.repeat_until else rest

    def _split_in_row(
        self, avail_width: float, avail_height: float, fit: int, repeat: list[int], prefix: int
    ) -> list[Flowable]:
        """The rows before the tall row ``self.rows[fit]`` as they are, then that row alone, broken
        inside (alone, because reportlab mangles a row break across a row span)."""
        out: list[Flowable] = []
        if fit > 0:
            head = _build_table(self.spec, self.rows[:fit], footer=False)
            used = head.wrap(avail_width, avail_height)[1]
            if used > avail_height:
                # Alone, these rows are taller than in the whole table (a block label cut from its
                # span needs its own height): fewer of them here, the rest with the tall row later.
                for n in range(fit - 1, prefix, -1):
                    part = _build_table(self.spec, self.rows[:n], footer=False)
                    if part.wrap(avail_width, avail_height)[1] <= avail_height:
                        rest = self._with_header(self.rows[n:], repeat)
                        return [part, GridFlowable(self.spec, rest, self.footer)]
                return []  # nothing fits below what this page holds already: start on the next
            avail_height -= used
            out.append(head)
        last = fit == len(self.rows) - 1
        tall = _build_table(self.spec, self.rows[fit : fit + 1], footer=last and self.footer, in_row=True)
        parts = list(tall.split(avail_width, avail_height))
        if not parts:  # too little room left on this page: the tall row starts the next one
            rest = self._with_header(self.rows[fit:], repeat)  # on the next page
            return [*out, GridFlowable(self.spec, rest, self.footer)] if out else []
        out += parts
        if not last:  # straight under the tall row's last piece: no header in mid-page
            out.append(GridFlowable(self.spec, self.rows[fit + 1 :], self.footer))
        return out


def _frame_height(avail_width: float) -> float:
    """The full height of the frame ``avail_width`` wide: landscape pages turn the 版心."""
    height: float = TEXT_W if avail_width > TEXT_W + 1 else TEXT_H
    return height


def footer_block(grid: Grid, st: Styles, w: Warnings) -> list[Flowable]:
    """附件1's 说明, then the signature footer with room for handwritten names (filled where known)."""
    width = sum(grid.col_widths) * mm
    # Lines broken here (as the body text): reportlab's own CJK wrap lets a line start with "；".
    out: list[Flowable] = [set_lines(t, st.note, width, st.fonts, w, grid.label) for t in grid.notes]
    f = list(grid.footer)
    rows = [f[i : i + 2] for i in range(0, len(f), 2)]
    data = []
    for pair in rows:
        line: list[Any] = []
        for item in pair:
            line.append(Paragraph(markup(item.label, st.fonts.table, st.fonts, w, "签字栏"), st.footer))
            line.append(Paragraph(markup(item.value, st.fonts.table, st.fonts, w, "签字栏"), st.footer))
            line.append("")  # a gap, so the two signing lines do not run into each other
        data.append((line + [""] * 6)[:5])
    if data:
        total = sum(grid.col_widths) * mm
        gap, label1, label2 = 8 * mm, 34 * mm, 22 * mm
        blank = (total - gap - label1 - label2) / 2
        widths = [label1, blank, gap, label2, blank]
        # 8 mm a line: room for a handwritten name; a long name filled in wraps and the line grows.
        heights = [
            max(
                [FOOTER_SIZE * 2.3]
                + [
                    c.wrap(wd, 1e6)[1] + 6
                    for c, wd in zip(line, widths, strict=True)
                    if isinstance(c, Flowable)
                ]
            )
            for line in data
        ]
        t = Table(
            data,
            colWidths=widths,
            rowHeights=heights,
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), st.fonts.table, FOOTER_SIZE),  # not Helvetica, even for ""
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    # The lines to sign on, under the value cells.
                    ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
                    ("LINEBELOW", (4, 0), (4, -1), 0.5, colors.black),
                ]
            ),
        )
        out.append(t)
    out.append(Mark("sign", f"{grid.label} {grid.name}".strip() + " 签字页"))
    return out
