"""A workbook's sheets as plain cells: what the importer reads, and what the writer predicts it will read.

openpyxl gives numbers as ``int``/``float``; they become ``Decimal`` here through their shortest
decimal text, rounded to Excel's 15 significant digits (so ``1818.3400000000001`` pasted from a formula
reads as ``1818.34``). The writer builds the same :class:`SheetData` from the values it writes (via
:func:`number_key`), so that "what will the importer see" is answered without writing and re-reading.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import warnings
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from unittest import mock

from openpyxl.utils import get_column_letter

from evaldesk.core.errors import FileFormatError

MAX_ROWS = 10_000
"""Rows read per sheet; a sheet with content below this row is refused. Above what our own exporter
writes for the largest package the XML element limit (``safety.MAX_XML_ELEMENTS``) lets in, so that
limit, not this one, decides which of our workbooks import again (long texts run over many rows)."""

MAX_COLS = 40
"""Columns read per sheet; content further right is ignored (our forms use at most 9 columns)."""

MAX_SHEETS = 400

_DIGITS15 = Context(prec=15, rounding=ROUND_HALF_EVEN)

CellValue = str | Decimal | _dt.date | bool | None


@dataclass(frozen=True)
class RawCell:
    """One non-empty cell: its value as the importer sees it, and how it was stored."""

    row: int  # 1-based, as in Excel
    col: int  # 1-based
    value: CellValue
    percent: bool = False  # a number shown with a % format (the value is the ratio)
    formula: bool = False  # ``value`` is the formula text (openpyxl does not calculate)
    error: bool = False  # an error value such as #DIV/0!

    @property
    def coord(self) -> str:
        return f"{get_column_letter(self.col)}{self.row}"

    @property
    def key(self) -> str:
        """A short text that identifies the cell's content (used to tell whether a cell was changed).

        Long content is replaced by its digest, so that the key fits in a cell of the records sheet.
        """
        key = cell_key(self.value, self.percent, self.formula)
        if len(key) <= 200:
            return key
        return "h:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def cell_key(value: CellValue, percent: bool = False, formula: bool = False) -> str:
    if value is None:
        return ""
    if formula:
        return f"f:{value}"
    if isinstance(value, bool):
        return f"b:{value}"
    if isinstance(value, Decimal):
        return f"{'p' if percent else 'n'}:{format(value, 'f')}"
    if isinstance(value, _dt.date):
        return f"d:{value.isoformat()}"
    return f"s:{value}"


def number_key(value: int | float | Decimal) -> Decimal:
    """The ``Decimal`` a spreadsheet number stands for: shortest text, 15 significant digits, no exponent.

    ``1.0`` → ``Decimal('1')``, ``0.9592`` → ``Decimal('0.9592')``, ``Decimal('4.80')`` → ``Decimal('4.8')``.
    """
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    else:
        # repr() is the shortest text that reads back as the same double (never binary noise).
        d = Decimal(repr(value))
    if not d.is_finite():
        raise ValueError("not a finite number")
    d = _DIGITS15.plus(d).normalize(_DIGITS15)
    if d.is_zero():
        return Decimal(0)
    return Decimal(format(d, "f"))


def normalize_text(text: str) -> str:
    """Line ends as the XML parser will return them (``\\r\\n`` and ``\\r`` become ``\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class SheetData:
    """One sheet's non-empty cells by (row, col), both 1-based."""

    name: str
    cells: dict[tuple[int, int], RawCell]
    hidden: bool = False
    continued: frozenset[int] = frozenset()  # rows folded onto the row above (see form_rows.fold)
    _index: tuple[int, dict[int, list[RawCell]]] | None = field(default=None, repr=False, compare=False)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    def get(self, row: int, col: int) -> RawCell | None:
        return self.cells.get((row, col))

    def row(self, row: int) -> list[RawCell]:
        """The row's non-empty cells, left to right."""
        return self.rows().get(row, [])

    def rows(self) -> dict[int, list[RawCell]]:
        """Every non-empty row's cells, left to right, by row number (ascending). Do not modify."""
        cached = self._index
        if cached is not None and cached[0] == len(self.cells):
            return cached[1]
        out: dict[int, list[RawCell]] = {}
        for (r, _), c in sorted(self.cells.items()):
            out.setdefault(r, []).append(c)
        self._index = (len(self.cells), out)  # cells are only ever added, so the count tells staleness
        return out

    def fingerprint(self) -> str:
        """A digest of every cell's position and content (changes when any cell is edited)."""
        h = hashlib.sha256()
        for (r, c), cell in sorted(self.cells.items()):
            h.update(f"{r},{c},{cell.key}\x1f".encode("utf-8", "surrogatepass"))
        return h.hexdigest()[:32]


def _raw_from_openpyxl(cell: object) -> RawCell | None:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    row, col = cell.row, cell.column  # type: ignore[attr-defined]
    dtype = getattr(cell, "data_type", "n")
    if dtype == "f" or (isinstance(value, str) and dtype != "s" and value.startswith("=")):
        return RawCell(row, col, str(value), formula=True)
    if dtype == "e":
        return RawCell(row, col, str(value), error=True)
    if isinstance(value, bool):
        return RawCell(row, col, value)
    if isinstance(value, (int, float)):
        fmt = getattr(cell, "number_format", "General") or "General"
        try:
            return RawCell(row, col, number_key(value), percent="%" in fmt)
        except (ValueError, InvalidOperation):
            return RawCell(row, col, str(value), error=True)
    if isinstance(value, _dt.datetime):
        return RawCell(row, col, value.date() if value.time() == _dt.time() else value.date())
    if isinstance(value, _dt.date):
        return RawCell(row, col, value)
    if isinstance(value, (_dt.time, _dt.timedelta)):
        return RawCell(row, col, str(value))
    text = normalize_text(str(value))
    return RawCell(row, col, text) if text != "" else None


def load_sheets(data: bytes, source_name: str = "") -> list[SheetData]:
    """Read every sheet's cells (read-only, capped); ``data`` must have passed ``safety.check_container``."""
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    where = f"“{source_name}”" if source_name else "工作簿"
    try:
        # A read-only sheet looks for its <dimension> when opened; a sheet without one (hand-made or
        # hostile) is then parsed whole, into one growing tree, just to learn its size. The bounds are
        # always given to iter_rows here, so the size is never needed.
        with warnings.catch_warnings(), mock.patch.object(ReadOnlyWorksheet, "_get_size", _size_not_needed):
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
            )
    except FileFormatError:
        raise
    except Exception as e:  # openpyxl raises many kinds on damaged or hostile files
        raise FileFormatError(
            f"无法导入{where}：工作簿已损坏或含有不安全的内容，无法读取（{type(e).__name__}）。"
        ) from None
    try:
        names = wb.sheetnames
        if len(names) > MAX_SHEETS:
            raise FileFormatError(f"无法导入{where}：工作表过多（{len(names)}张），不是自评表工作簿。")
        sheets = []
        for name in names:
            ws = wb[name]
            if not hasattr(ws, "iter_rows"):  # chartsheets hold no cells
                continue
            sheets.append(_read_sheet(ws, name, where))
        return sheets
    except FileFormatError:
        raise
    except Exception as e:
        raise FileFormatError(
            f"无法导入{where}：工作簿已损坏或含有不安全的内容，无法读取（{type(e).__name__}）。"
        ) from None
    finally:
        wb.close()


def _size_not_needed(self: object) -> None:  # noqa: ARG001 - stands in for a method
    return None


def _read_sheet(ws: object, name: str, where: str) -> SheetData:
    cells: dict[tuple[int, int], RawCell] = {}
    # Explicit bounds: openpyxl would otherwise trust the sheet's <dimension> and pad to it.
    for row in ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLS):  # type: ignore[attr-defined]
        for cell in row:
            raw = _raw_from_openpyxl(cell)
            if raw is None:
                continue
            if raw.row > MAX_ROWS:
                raise FileFormatError(
                    f"无法导入{where}：工作表“{name}”超过{MAX_ROWS}行，不是自评表（是否选错了文件？）。"
                )
            cells[(raw.row, raw.col)] = raw
    hidden = getattr(ws, "sheet_state", "visible") != "visible"
    return SheetData(name=name, cells=cells, hidden=hidden)
