"""Writing cells with the forms' look, and remembering what the importer will read back from them.

:class:`SheetWriter` wraps one openpyxl worksheet. Every value goes through :meth:`SheetWriter.put`,
which styles the cell (fonts named for Excel/WPS: 宋体 body, 黑体 titles; thin borders; wrapped text)
and records in :attr:`SheetWriter.mirror` the cell exactly as :mod:`.sheetdata` will read it, so the
writer can plan the hidden records without writing and re-reading the file.
Styles are built once per look and copied as openpyxl style arrays (assigning Font/Border/Alignment
objects cell by cell is what makes large workbooks slow).
"""

from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from evaldesk.core import money
from evaldesk.export.xlsx.sheetdata import RawCell, SheetData, normalize_text, number_key

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
BODY_PT = 10.5
MAX_ROW_PT = 409  # Excel's limit
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'


@dataclass(frozen=True)
class Look:
    """How a cell looks: font, alignment, border, number format."""

    bold: bool = False
    size: float = BODY_PT
    font: str = BODY_FONT
    align: str = "left"  # left | center | right
    wrap: bool = True
    shrink: bool = False
    border: bool = True
    number_format: str = "General"
    valign: str = "center"  # center | top


def mm_to_width(mm: float) -> float:
    """Excel column width (characters of the default font) for a width in millimetres."""
    px = mm * 96 / 25.4
    return round(max(1.0, (px - 5) / 7), 2)


def text_width_mm(text: str, pt: float) -> float:
    """Printed width of one line: CJK and full-width characters one em, others about half."""
    em = pt * 25.4 / 72
    total = 0.0
    for ch in text:
        total += em if unicodedata.east_asian_width(ch) in "WF" else em * 0.55
    return total


def lines_needed(text: str, width_mm: float, pt: float) -> int:
    """Lines a wrapped text takes in a cell ``width_mm`` wide (1.5 mm padding)."""
    usable = max(width_mm - 1.5, 3.0)
    return sum(max(1, math.ceil(text_width_mm(p, pt) / usable)) for p in text.split("\n"))


def number_format(kind: str, value: Decimal) -> str:
    """The cell's number format by :func:`evaldesk.core.money.shown_places`, the rule the printed text
    follows: ``0.00`` for amounts and scores (more places when entered), ``0.00%`` for rates, ``0`` for
    head-counts."""
    places = money.shown_places(value, _FIGURE_KIND.get(kind, "score")) if value.is_finite() else 0
    pattern = "0" + ("." + "0" * places if places else "")
    return pattern + "%" if kind == "percent" else pattern


_FIGURE_KIND: dict[str, money.FigureKind] = {
    "amount": "amount",
    "percent": "percent",
    "score": "score",
    "int": "count",
}


MAX_CELL_TEXT = 32767  # Excel's limit (openpyxl cuts longer text silently)


def clean_text(text: str) -> str:
    """Text as a cell can hold it: characters that XML forbids removed, cut to Excel's length limit."""
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", text)
    return cleaned[:MAX_CELL_TEXT]


class StyleBook:
    """Style arrays built once per :class:`Look` in a scratch cell, then copied onto cells."""

    def __init__(self, wb: Workbook) -> None:
        self._scratch = wb.create_sheet("__styles__")
        self._cache: dict[Look, object] = {}

    def style_of(self, look: Look) -> object:
        cached = self._cache.get(look)
        if cached is None:
            c = self._scratch.cell(row=len(self._cache) + 1, column=1)
            c.font = Font(name=look.font, size=look.size, bold=look.bold)
            c.alignment = Alignment(
                horizontal=look.align, vertical=look.valign, wrap_text=look.wrap, shrink_to_fit=look.shrink
            )
            if look.border:
                c.border = BORDER
            c.number_format = look.number_format
            cached = self._cache[look] = copy(c._style)
        return cached

    def close(self) -> None:
        self._scratch.parent.remove(self._scratch)


class SheetWriter:
    """One worksheet being written, with its read-back mirror."""

    def __init__(self, ws: Worksheet, styles: StyleBook) -> None:
        self.ws = ws
        self.styles = styles
        self.mirror = SheetData(name=ws.title, cells={})
        self.heights: dict[int, float] = {}

    def put(self, row: int, col: int, value: object, look: Look, kind: str = "text") -> None:
        """Write ``value`` at (row, col) (1-based). ``kind``: text | amount | percent | score | int | date."""
        cell = self.ws.cell(row=row, column=col)
        cell._style = copy(self.styles.style_of(look))
        if value is None:
            return
        if isinstance(value, Decimal):
            stored = value.scaleb(-2) if kind == "percent" else value
            cell.value = stored
            cell.number_format = number_format(kind, value)
            self.mirror.cells[(row, col)] = RawCell(row, col, number_key(stored), percent=kind == "percent")
        elif isinstance(value, _dt.date):
            cell.value = value
            cell.number_format = DATE_FORMAT
            self.mirror.cells[(row, col)] = RawCell(row, col, value)
        else:
            text = clean_text(str(value))
            if not text:
                return
            cell.value = text
            cell.data_type = "s"  # never a formula, even when the text starts with "="
            self.mirror.cells[(row, col)] = RawCell(row, col, normalize_text(text))

    def merge(self, row: int, col: int, last_row: int, last_col: int) -> None:
        """Merge a range whose top-left cell is written.

        The covered cells get the top-left cell's style (so its borders show on every edge). This is
        what ``ws.merge_cells`` does through ``MergedCellRange.format``, which is slow for many ranges.
        """
        if last_row == row and last_col == col:
            return
        ws = self.ws
        ref = f"{get_column_letter(col)}{row}:{get_column_letter(last_col)}{last_row}"
        ws.merged_cells.add(MergedCellRange(ws, ref))
        style = ws.cell(row=row, column=col)._style
        cells = ws._cells
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                if r != row or c != col:
                    mc = MergedCell(ws, row=r, column=c)
                    mc._style = copy(style)
                    cells[(r, c)] = mc

    def need_height(self, row: int, pt: float) -> None:
        self.heights[row] = min(MAX_ROW_PT, max(self.heights.get(row, 0.0), pt))

    def set_widths(self, widths_mm: list[float]) -> None:
        for i, mm in enumerate(widths_mm, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = mm_to_width(mm)

    def apply_heights(self) -> None:
        for row, pt in self.heights.items():
            self.ws.row_dimensions[row].height = round(pt, 1)


def height_for(text: str, width_mm: float, pt: float = BODY_PT, min_pt: float = 18.0) -> float:
    """Row height (points) for ``text`` wrapped in ``width_mm``.

    1.38 em a line: Excel's own row height for 宋体 is about 1.36 em, and the CJK fonts that stand in
    for 宋体 where it is missing (Noto/Source Han, about 1.45 em) still fit with the 4 pt padding.
    """
    return max(min_pt, lines_needed(text, width_mm, pt) * pt * 1.38 + 4)
