"""The importer's state: the problems found so far, and where each field of the package was read from.

Every figure goes through one of the typed readers below (:meth:`Ctx.amount`, :meth:`Ctx.percent`, …),
which parse with ``core.money``, record a problem ``附件1!D9：…`` instead of raising, and note the
field's *provenance* (sheet, cell, the cell's content). Provenance is what lets the hidden
``EvalDesk数据`` sheet put back an entered figure exactly where the visible cell still shows what was
exported (see :mod:`.records`).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from evaldesk.core import money
from evaldesk.core.errors import InputError
from evaldesk.export.xlsx.sheetdata import RawCell, SheetData

Path = tuple[Any, ...]
Anchor = tuple[str, str, str]  # (sheet, cell, content key)

MAX_PROBLEMS = 500

_DATE_TEXT = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
# A "formula" without references or functions: what a clerk types as ``=90%`` or ``=0起``.
_VALUE_LIKE_FORMULA = re.compile(r"^=[^A-Za-z(!$:]*$")
_AREA_UNITS = ("平方米", "m2", "m²", "㎡")


@dataclass
class Ctx:
    """Collects problems and provenance while one workbook is read."""

    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, cell, message)
    cells: dict[Path, Anchor] = field(default_factory=dict)  # visible field → its cell
    stable: dict[Path, Anchor] = field(default_factory=dict)  # item/part → a cell that names it
    strict: dict[Path, Anchor] = field(default_factory=dict)  # part → (sheet, "#", fingerprint)
    blank_rows: list[tuple[str, int]] = field(default_factory=list)  # blank rows seen inside lists
    keep_rows: set[tuple[str, int]] = field(default_factory=set)  # blank rows that are list items

    # -- problems and provenance -------------------------------------------------------------
    def problem(self, sheet: str, coord: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((sheet, coord, message))

    def note(self, sh: SheetData, row: int, col: int, path: Path | None) -> RawCell | None:
        cell = sh.get(row, col)
        if path is not None:
            self.cells[path] = (sh.name, coord(row, col), cell.key if cell else "")
        return cell

    def anchor(self, path: Path, sh: SheetData, row: int, col: int) -> None:
        """The item or part at ``path`` is named by the cell at (row, col)."""
        cell = sh.get(row, col)
        self.stable[path] = (sh.name, coord(row, col), cell.key if cell else "")

    def anchor_sheet(self, path: Path, sh: SheetData) -> None:
        """The part at ``path`` is the whole sheet: valid while the sheet is unchanged."""
        part = "/".join(p for p in path if isinstance(p, str))
        self.stable[path] = (sh.name, f"@{part}", "")
        self.strict[path] = (sh.name, f"#{part}", sh.fingerprint())

    def blank_row(self, sh: SheetData, row: int) -> bool:
        """Note a blank row inside a list; True when the workbook says it is an (empty) item."""
        self.blank_rows.append((sh.name, row))
        return (sh.name, row) in self.keep_rows

    # -- typed readers -----------------------------------------------------------------------
    def text(self, sh: SheetData, row: int, col: int, path: Path | None, strip: bool = True) -> str:
        cell = self.note(sh, row, col, path)
        if cell is None:
            return ""
        if cell.formula:
            text = str(cell.value)
            if _VALUE_LIKE_FORMULA.match(text):  # "=90%", "=3755个": a value typed with "=", not a formula
                return text.strip() if strip else text
            self._bad(sh, cell, "单元格含有公式，请改为直接填写内容（粘贴为数值）")
            return ""
        v = cell.value
        if isinstance(v, str):
            return v.strip() if strip else v
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, Decimal):
            return money.to_canonical(v.scaleb(2)) + "%" if cell.percent else money.to_canonical(v)
        if isinstance(v, _dt.date):
            return f"{v.year}年{v.month}月{v.day}日"
        return str(v)

    def amount(
        self, sh: SheetData, row: int, col: int, path: Path | None, computed: bool = False
    ) -> Decimal | None:
        """An amount in 万元 (``computed``: a figure we also compute, where a formula means "not typed")."""
        cell = self.note(sh, row, col, path)
        text = self._number_text(sh, cell, "金额", computed)
        if text is None:
            return None
        try:
            return money.parse_amount(text)
        except InputError as e:
            self._bad(sh, cell, _reason(e, cell))
            return None

    def percent(
        self, sh: SheetData, row: int, col: int, path: Path | None, computed: bool = True
    ) -> Decimal | None:
        """A percentage as a percent value (``Decimal('100')`` = 100%).

        A number with a % format holds the ratio (1 → 100%); a bare number from 0 to 1 is read as a
        ratio too (0.96 → 96%), any other bare number as the percent value (96 → 96%).
        """
        cell = self.note(sh, row, col, path)
        if cell is not None and isinstance(cell.value, Decimal) and not cell.formula:
            d = cell.value
            if cell.percent or (0 < abs(d) <= 1):
                d = d.scaleb(2)
            return self._in_range(sh, cell, d, "百分比")
        text = self._number_text(sh, cell, "百分比", computed)
        if text is None:
            return None
        try:
            return money.parse_percent(text)
        except InputError as e:
            self._bad(sh, cell, _reason(e, cell))
            return None

    def score(
        self, sh: SheetData, row: int, col: int, path: Path | None, computed: bool = False
    ) -> Decimal | None:
        """A 分值 or 得分 (``10``, ``9.5``, ``8.33分``)."""
        cell = self.note(sh, row, col, path)
        text = self._number_text(sh, cell, "分值", computed)
        if text is None:
            return None
        t = unicodedata.normalize("NFKC", text).strip()
        if t.endswith("分"):
            t = t[:-1]
        try:
            return self._in_range(sh, cell, money.parse_plain_number(t), "分值")
        except InputError:
            self._bad(sh, cell, f"“{text.strip()[:30]}”不是有效的分值")
            return None

    def area(self, sh: SheetData, row: int, col: int, path: Path | None) -> Decimal | None:
        """A floor area in m² (``1200``, ``1200㎡``)."""
        cell = self.note(sh, row, col, path)
        text = self._number_text(sh, cell, "面积", False)
        if text is None:
            return None
        t = unicodedata.normalize("NFKC", text).strip()
        for unit in _AREA_UNITS:
            if t.endswith(unit):
                t = t[: -len(unit)]
                break
        try:
            return self._in_range(sh, cell, money.parse_plain_number(t), "面积")
        except InputError:
            self._bad(sh, cell, f"“{text.strip()[:30]}”不是有效的面积")
            return None

    def count(self, sh: SheetData, row: int, col: int, path: Path | None) -> int | None:
        """A head-count (人)."""
        cell = self.note(sh, row, col, path)
        text = self._number_text(sh, cell, "人数", False)
        if text is None:
            return None
        try:
            return money.parse_count(text)
        except InputError as e:
            self._bad(sh, cell, _reason(e, cell))
            return None

    def date(self, sh: SheetData, row: int, col: int, path: Path | None) -> _dt.date | None:
        """A date cell, or text such as ``2024年5月6日`` / ``2024-05-06`` / ``2024.5.6``."""
        cell = self.note(sh, row, col, path)
        if cell is None:
            return None
        if isinstance(cell.value, _dt.date) and not cell.formula:
            return cell.value
        if cell.formula:
            self._bad(sh, cell, "单元格含有公式，请改为直接填写日期")
            return None
        if isinstance(cell.value, str):
            if not cell.value.strip():
                return None
            d = parse_date_text(cell.value)
            if d is None:
                self._bad_date(sh, cell)
            return d
        self._bad_date(sh, cell)
        return None

    # -- helpers -----------------------------------------------------------------------------
    def _in_range(self, sh: SheetData, cell: RawCell | None, d: Decimal, what: str) -> Decimal | None:
        """``d`` within the amount grammar's limits (``core.money``), or a problem at the cell.

        A spreadsheet number carries up to 15 significant digits (a ratio such as 0.959183673469388):
        decimals beyond the fourth are rounded, half up. A number too large for any package is refused
        here, where the sheet and cell can be named.
        """
        if not d.is_zero() and d.adjusted() >= money.MAX_INTEGER_DIGITS:
            shown = _shown(cell) if cell else str(d)
            self._bad(
                sh, cell, f"“{shown}”不是有效的{what}：数值过大（整数部分超过{money.MAX_INTEGER_DIGITS}位）"
            )
            return None
        exponent = d.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -money.MAX_AMOUNT_PLACES:
            d = money.round_money(d, money.MAX_AMOUNT_PLACES)
        return Decimal(money.to_canonical(d))

    def _bad_date(self, sh: SheetData, cell: RawCell) -> None:
        self._bad(sh, cell, f"“{_shown(cell)}”不是有效的日期（应如 2024年5月6日）")

    def _bad(self, sh: SheetData, cell: RawCell | None, message: str) -> None:
        self.problem(sh.name, cell.coord if cell else "", message)

    def _number_text(self, sh: SheetData, cell: RawCell | None, what: str, computed: bool) -> str | None:
        """The cell as text for ``core.money`` (``None``: blank, or a reason was recorded)."""
        if cell is None:
            return None
        if cell.formula or cell.error:
            if computed:  # a formula in a figure we compute anyway: the computation replaces it
                return None
            if cell.formula:
                self._bad(sh, cell, f"{what}单元格含有公式，请粘贴为数值")
            else:
                self._bad(sh, cell, f"“{cell.value}”是错误值，不是有效的{what}")
            return None
        v = cell.value
        if isinstance(v, Decimal):
            return money.to_canonical(v)
        if isinstance(v, (bool, _dt.date)):
            self._bad(sh, cell, f"“{_shown(cell)}”不是有效的{what}")
            return None
        return str(v) if str(v).strip() else None


def coord(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _shown(cell: RawCell) -> str:
    v = cell.value
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    return str(v)[:30]


def _reason(e: InputError, cell: RawCell | None) -> str:  # noqa: ARG001 - the message builders' common signature
    return str(e).rstrip("。")


def parse_date_text(text: str) -> _dt.date | None:
    """``2024年5月6日``, ``2024-05-06``, ``2024/5/6``, ``2024.5.6`` (full-width digits too); else ``None``."""
    m = _DATE_TEXT.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
