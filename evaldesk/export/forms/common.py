"""Helpers shared by the form builders: a cell collector and the computed-versus-entered rule."""

from __future__ import annotations

from decimal import Decimal

from evaldesk.export.grid import Align, Cell, Fmt, Role, format_number


def _default_align(role: Role, fmt: Fmt) -> Align:
    if fmt != "text":
        return "right"
    if role in ("header", "block", "title"):
        return "center"
    return "left"


class Builder:
    """Collects the cells of one grid, row by row."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []

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
        **kw: object,
    ) -> Cell:
        """A figure EvalDesk computes and the form also prints.

        Prints the computed value and keeps the typed one in ``Cell.entered`` when they differ. When
        nothing can be computed (``computed is None``: a blank input, a division by 0) the typed figure
        is printed, since there is nothing to contradict it.
        """
        value, shown_entered = resolve(computed, entered)
        return self.put(
            row,
            col,
            format_number(value, fmt),
            role="computed",
            fmt=fmt,
            value=value,
            entered=shown_entered,
            **kw,  # type: ignore[arg-type]
        )

    def stray(self, row: int, col: int, entered: Decimal | None, fmt: Fmt, **kw: object) -> Cell:
        """A cell that must stay blank (e.g. 分值 on a 其中 row); a figure typed there rides in ``entered``."""
        return self.put(row, col, "", role="computed", fmt=fmt, value=None, entered=entered, **kw)  # type: ignore[arg-type]


def resolve(computed: Decimal | None, entered: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """(value to print, entered figure to carry): the computed value wins; a differing entry is kept."""
    if computed is None:
        return entered, None
    if entered is not None and entered != computed:
        return computed, entered
    return computed, None
