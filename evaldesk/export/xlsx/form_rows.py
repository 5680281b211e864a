"""A form's long text cell goes on over continuation rows, so nothing is cut at Excel's 409-point rows.

A form's grid row becomes one sheet row, or several when one of its free-text cells (厉行节约, 预期目标,
偏差原因分析及改进措施 …) needs a row taller than Excel allows. The text is cut by :func:`longtext.chunks`;
each piece after the first goes in the same column of a continuation row and starts with
:data:`MARKERS` — ``（续）`` (a new paragraph follows) or ``（接）`` (the same paragraph goes on), the
convention of the 自评报告 sheet, printed because a form has no spare column to hold it. Every other cell
of the row (labels, figures, the shorter texts) is merged down over the continuation rows.

:func:`fold` is the reader's side: it puts the pieces back on their first row, so the form readers
see one cell with the whole text, and lists the continuation rows they must skip.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from evaldesk.export import form_layout as gridmod
from evaldesk.export.xlsx import longtext, pagination
from evaldesk.export.xlsx.sheetdata import RawCell, SheetData
from evaldesk.export.xlsx.sheetwriter import BODY_PT, MAX_ROW_PT, height_for, mm_to_width

MARKERS = {longtext.NEW_PARAGRAPH: "（续）", longtext.SAME_PARAGRAPH: "（接）"}
_READ = {unicodedata.normalize("NFKC", m): k for k, m in MARKERS.items()}  # "(续)" typed half-width too
_MARK_LEN = 3
_WIDEST = MARKERS[longtext.NEW_PARAGRAPH]  # both markers are as wide


@dataclass(frozen=True)
class Layout:
    """Where each grid row prints: ``first[r]`` is its first sheet row, ``count[r]`` how many it takes;
    ``pieces`` holds the printed text of each split cell, one string per sheet row, by (row, col)."""

    first: list[int]
    count: list[int]
    pieces: dict[tuple[int, int], list[str]]

    def last(self, grid_row: int) -> int:
        """The last sheet row of grid row ``grid_row``."""
        return self.first[grid_row] + self.count[grid_row] - 1

    def continuation_rows(self) -> frozenset[int]:
        """The sheet rows that continue a grid row (every one but its first)."""
        return frozenset(r for f, n in zip(self.first, self.count, strict=True) for r in range(f + 1, f + n))


def splittable(cell: gridmod.Cell) -> bool:
    """A free-text value of one grid row: the cells whose text may go on over continuation rows."""
    return cell.fmt == "text" and cell.role == "value" and cell.rowspan == 1


def fits(text: str, width_mm: float, pt: float = BODY_PT) -> bool:
    return height_for(text, width_mm, pt) <= MAX_ROW_PT


def shown_mm(widths_mm: tuple[float, ...] | list[float]) -> float:
    """The width columns of these millimetres really get: Excel rounds each to whole pixels."""
    return sum(pagination.column_mm(mm_to_width(w)) for w in widths_mm)


def layout(g: gridmod.Grid, first_row: int) -> Layout:
    """The sheet rows of ``g`` when its first grid row prints on sheet row ``first_row``."""
    widths = g.col_widths
    pieces: dict[tuple[int, int], list[str]] = {}
    count = [1] * g.n_rows
    for cell in g.cells:
        if not splittable(cell):
            continue
        width = min(
            sum(widths[cell.col : cell.col + cell.colspan]),
            shown_mm(widths[cell.col : cell.col + cell.colspan]),
        )
        if fits(cell.text, width):
            continue
        parts = longtext.chunks(cell.text, lambda t, w=width: fits(_WIDEST + t, w))  # type: ignore[misc]
        pieces[(cell.row, cell.col)] = [MARKERS[m] + p if m else p for m, p in parts]
        count[cell.row] = max(count[cell.row], len(parts))
    first = []
    row = first_row
    for n in count:
        first.append(row)
        row += n
    return Layout(first, count, pieces)


def _marker(value: object) -> str | None:
    if not isinstance(value, str) or len(value) < _MARK_LEN:
        return None
    return _READ.get(unicodedata.normalize("NFKC", value[:_MARK_LEN]))


def fold(sh: SheetData) -> SheetData:
    """``sh`` with every continuation row's pieces joined onto the cell they continue.

    A continuation row is one whose every non-empty cell is a text starting with a marker. Its pieces
    join the cell in the same column of the nearest row above that is not a continuation row.
    The continuation rows are left out and listed in ``SheetData.continued``.
    """
    rows = sh.rows()
    continued = {
        r
        for r, cells in rows.items()
        if r > 1 and cells and all(not c.formula and _marker(c.value) for c in cells)
    }
    if not continued:
        return sh
    cells = dict(sh.cells)
    for r in sorted(continued):
        anchor = r - 1
        while anchor in continued:
            anchor -= 1
        for c in rows[r]:
            kind = _marker(c.value)
            owner = cells.get((anchor, c.col))
            before = owner.value if owner is not None and isinstance(owner.value, str) else ""
            text = longtext.join([("", before), (kind or "", str(c.value)[_MARK_LEN:])])
            cells[(anchor, c.col)] = RawCell(anchor, c.col, text)
            del cells[(r, c.col)]
    return SheetData(name=sh.name, cells=cells, hidden=sh.hidden, continued=frozenset(continued))
