"""One grid per form (附件1, 附件2, each 附件3), shared by the PDF and the XLSX exporters.

A :class:`Grid` is the printed table as data: cells at (row, col) with spans, a role that says how to
style them, the text to print and — for numbers — the ``Decimal`` behind the text, so that the XLSX
writes real numbers and the PDF right-aligns them. Rows and columns count from 0; a spanned cell is
listed once, at its top-left corner, and the positions it covers hold no other cell.

Computed figures (控制率, the 附件1 and 附件2 totals, 执行率, 分值, 得分, 总分) follow the one rule of
:mod:`evaldesk.core.shown` (docs/computed-figures.md), the window's: the computed figure is printed; a
disagreeing entered figure rides in ``entered`` and is listed in the grid's notes under the table, so
paper shows both, as the window does. ``path`` is the edit path of the entered figure, the same as the
window cell's, so that tests can hold screen, PDF and XLSX side by side.

Column widths are millimetres and add up to the usable width of the page (版心 156 mm portrait).
The builders live in :mod:`evaldesk.export.forms` (``forms.form1``/``form2``/``form3``/``all_forms``),
which import this module and never the other way round.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from evaldesk.core import money

Fmt = Literal["text", "amount", "percent", "score", "int"]
"""amount: 万元 with thousands separators, ≥2 decimals; percent: ``95.92%``; score: ≥2 decimals without
separators (分值, 得分, also m² areas); int: a head-count. The text is :func:`format_number`."""
Role = Literal["title", "label", "header", "value", "computed", "block"]
"""block: a block label (财政供养人员情况…, 绩效指标) usually spanning rows; label: a row label; header: a
column header; value: entered content; computed: a figure EvalDesk computes. ``title`` is reserved: the
form's title is ``Grid.title``, not a cell."""
Align = Literal["left", "center", "right"]
Orientation = Literal["portrait", "landscape"]

PORTRAIT_WIDTH_MM = 156
"""The 版心 width of a portrait A4 page (GB/T 9704: 156 × 225 mm)."""

LANDSCAPE_WIDTH_MM = 225
"""The 版心 width of a landscape page (the portrait 版心 turned)."""

KEEP_WITH_FOOTER = 3
"""Form rows that always share the signature footer's page, in the PDF and the XLSX print setup (the
总分 row and two above it, or 附件1's 楼堂馆所 and 厉行节约): the page the unit head signs must show the
end of the table it signs."""


@dataclass(frozen=True)
class Cell:
    """One printed cell (its top-left position when spanned).

    ``text`` is exactly what is printed. ``value`` is the number behind it (``None`` for text and
    blanks); ``fmt`` says what kind of number. ``entered`` is the figure as typed when it differs from
    the computed ``value`` (only on ``role == "computed"`` cells), else ``None``. ``path`` (computed
    cells) is the edit path of the entered figure; ``source`` is ``core.shown``'s: computed, entered
    (nothing to compute from: the typed figure is printed) or blank.
    """

    row: int
    col: int
    text: str
    value: Decimal | None = None
    fmt: Fmt = "text"
    rowspan: int = 1
    colspan: int = 1
    role: Role = "value"
    align: Align = "left"
    entered: Decimal | None = None
    path: tuple[str | int, ...] | None = None
    source: str = ""

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1

    @property
    def differs(self) -> bool:
        """The typed figure differs from the computed one (an exporter may mark the cell)."""
        return self.entered is not None


@dataclass(frozen=True)
class FooterField:
    """One item of the signature footer, e.g. ``FooterField("填表人：", "张三")``."""

    label: str
    value: str = ""


@dataclass
class Grid:
    """A whole form: label (``附件1``), title, column widths (mm), cells and the signature footer.

    Rows ``header_start … header_start + header_rows − 1`` are repeated at the top of the next page
    when the table breaks (see :attr:`repeat_rows`). ``notes`` are printed under the table, before the
    footer (附件1's 说明).
    """

    label: str
    title: str
    col_widths: tuple[float, ...]
    cells: list[Cell]
    header_rows: int = 0
    header_start: int = 0
    footer: tuple[FooterField, ...] = ()
    orientation: Orientation = "portrait"
    notes: tuple[str, ...] = ()
    name: str = ""  # what the part is about (the project's name for 附件3; "" otherwise)
    key: str = field(default="")  # "form1", "form2" or "form3:<project id>"

    @property
    def n_cols(self) -> int:
        return len(self.col_widths)

    @property
    def n_rows(self) -> int:
        return max((c.last_row for c in self.cells), default=-1) + 1

    @property
    def repeat_rows(self) -> tuple[int, ...]:
        """Indices of the rows to repeat when the table breaks across pages."""
        return tuple(range(self.header_start, self.header_start + self.header_rows))

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The cell whose top-left corner is (row, col), or ``None``."""
        for c in self.cells:
            if c.row == row and c.col == col:
                return c
        return None

    def rows(self) -> list[list[Cell]]:
        """The cells row by row (each row sorted by column); covered positions are absent."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def texts(self) -> list[str]:
        """Every cell's text in reading order (handy for tests and search)."""
        return [c.text for row in self.rows() for c in row]

    def footer_line(self) -> str:
        """The footer as one line of text, e.g. ``单位负责人签字：  填表人：张三  …``."""
        return "  ".join(f"{f.label}{f.value}" for f in self.footer)


def format_date_cn(d: _dt.date | None) -> str:
    """``2024年5月6日`` (no zero padding, no inner spaces); ``None`` → ``""``."""
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


_FIGURE_KIND: dict[str, money.FigureKind] = {
    "amount": "amount",
    "percent": "percent",
    "score": "score",
    "int": "count",
}


def format_number(value: Decimal | None, fmt: Fmt) -> str:
    """The printed text of a number of kind ``fmt``: :func:`evaldesk.core.money.format_figure`, the
    screen's rule (amounts ``1,818.34``, rates ``95.92%``, scores ``10.00``, head-counts ``12``)."""
    if value is None:
        return ""
    kind = _FIGURE_KIND.get(fmt)
    return str(value) if kind is None else money.format_figure(value, kind)


def footer_fields(leader: str, preparer: str, phone: str, date: _dt.date | None) -> tuple[FooterField, ...]:
    """The four footer items in form order, filled where values are present."""
    return (
        FooterField("单位负责人签字：", leader.strip()),
        FooterField("填表人：", preparer.strip()),
        FooterField("联系电话：", phone.strip()),
        FooterField("填报日期：", format_date_cn(date)),
    )


__all__ = [
    "KEEP_WITH_FOOTER",
    "Cell",
    "FooterField",
    "Grid",
    "format_date_cn",
    "format_number",
    "footer_fields",
]
