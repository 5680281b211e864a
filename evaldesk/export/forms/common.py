"""Helpers shared by the form builders: a cell collector and the computed-versus-entered rule.

The rule itself is :mod:`evaldesk.core.shown` (the window's); :class:`Builder` applies it and writes
the note that puts a disagreeing entered figure on paper (docs/computed-figures.md).
"""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import shown as shown_rule
from evaldesk.core.rulesets import RuleSet
from evaldesk.export.form_layout import Align, Cell, Fmt, Role, format_number

# The window's cell kinds for the grid's number formats (tolerances differ by kind).
_KIND = {"amount": "amount", "percent": "percent", "score": "score", "int": "count"}
NOTE_HEAD = "注：下列数字按表中数据计算，与填报值不一致（见审核结果）："


def _default_align(role: Role, fmt: Fmt) -> Align:
    if fmt != "text":
        return "right"
    if role in ("header", "block", "title"):
        return "center"
    return "left"


class Builder:
    """Collects the cells of one grid, row by row, and the notes on entered figures not printed."""

    def __init__(self, rs: RuleSet) -> None:
        self.rs = rs
        self.cells: list[Cell] = []
        self.discrepancies: list[str] = []

    def notes(self) -> tuple[str, ...]:
        """The note printed under the table: every entered figure the cells do not print."""
        if not self.discrepancies:
            return ()
        return (NOTE_HEAD + "；".join(self.discrepancies) + "。",)

    def put(
        self,
        row: int,
        col: int,
        text: str,
        *,
        role: Role = "value",
        fmt: Fmt = "text",
        value: Decimal | None = None,
        rowspan: int = 1,
        colspan: int = 1,
        align: Align | None = None,
        entered: Decimal | None = None,
        path: tuple[str | int, ...] | None = None,
        source: str = "",
    ) -> Cell:
        """Add one cell; ``align`` defaults to right for numbers, centre for headers, left otherwise."""
        cell = Cell(
            row=row,
            col=col,
            text=text,
            value=value,
            fmt=fmt,
            rowspan=rowspan,
            colspan=colspan,
            role=role,
            align=align or _default_align(role, fmt),
            entered=entered,
            path=path,
            source=source,
        )
        self.cells.append(cell)
        return cell

    def label(self, row: int, col: int, text: str, **kw: object) -> Cell:
        return self.put(row, col, text, role="label", **kw)  # type: ignore[arg-type]

    def header(self, row: int, col: int, text: str, **kw: object) -> Cell:
        return self.put(row, col, text, role="header", **kw)  # type: ignore[arg-type]

    def block(self, row: int, col: int, text: str, **kw: object) -> Cell:
        return self.put(row, col, text, role="block", **kw)  # type: ignore[arg-type]

    def text(self, row: int, col: int, text: str, **kw: object) -> Cell:
        return self.put(row, col, text, role="value", **kw)  # type: ignore[arg-type]

    def number(self, row: int, col: int, value: Decimal | int | None, fmt: Fmt, **kw: object) -> Cell:
        """An entered number (printed as typed, in ``fmt``)."""
        d = Decimal(value) if isinstance(value, int) else value
        return self.put(row, col, format_number(d, fmt), role="value", fmt=fmt, value=d, **kw)  # type: ignore[arg-type]

    def computed(
        self,
        row: int,
        col: int,
        computed: Decimal | None,
        entered: Decimal | None,
        fmt: Fmt,
        *,
        path: tuple[str | int, ...],
        what: str,
        **kw: object,
    ) -> Cell:
        """A figure EvalDesk computes and the form also prints (``core.shown``'s rule).

        Prints the computed value; an entered figure that disagrees is kept in ``Cell.entered`` and
        named in the note under the table (``what`` is how the note names the cell). When nothing can
        be computed (a blank input, a division by 0) the typed figure is printed as typed.
        """
        s = shown_rule.shown(_KIND[fmt], computed, entered, self.rs)
        if s.differing_entry is not None:
            self.discrepancies.append(
                f"{what}：计算值{format_number(s.value, fmt)}，填报值{format_number(s.differing_entry, fmt)}"
            )
        return self.put(
            row,
            col,
            format_number(s.value, fmt),
            role="computed",
            fmt=fmt,
            value=s.value,
            entered=s.differing_entry,
            path=path,
            source=s.source,
            **kw,  # type: ignore[arg-type]
        )

    def stray(
        self,
        row: int,
        col: int,
        entered: Decimal | None,
        fmt: Fmt,
        *,
        path: tuple[str | int, ...],
        what: str,
        **kw: object,
    ) -> Cell:
        """A cell that must stay blank (e.g. 分值 on a 其中 row); a figure typed there rides in
        ``entered`` and is named in the note, since the window shows it (in red)."""
        if entered is not None:
            self.discrepancies.append(f"{what}：不应填写，填报值{format_number(entered, fmt)}未打印")
        return self.put(
            row,
            col,
            "",
            role="computed",
            fmt=fmt,
            value=None,
            entered=entered,
            path=path,
            source="blank",
            **kw,  # type: ignore[arg-type]
        )


def resolve(computed: Decimal | None, entered: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """(value to print, entered figure to carry): the computed value wins; a differing entry is kept."""
    if computed is None:
        return entered, None
    if entered is not None and entered != computed:
        return computed, entered
    return computed, None
