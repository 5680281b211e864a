"""Finding rows and columns by their labels, the way a clerk's workbook varies them.

Labels are compared after :func:`norm`: NFKC (full-width letters, digits and brackets become ASCII,
``㎡`` becomes ``m2``), all white space removed (``年度\\n指标值``, ``经济效\\n益指标``), ``、`` read as
``.``. :func:`row_key` also drops the numbering (``1、``, ``（2）``), ``其中：`` and a trailing colon, so
``3、区级专项资金（一个专项一行）`` and ``区级专项资金`` are the same row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from evaldesk.export.xlsx.sheetdata import RawCell, SheetData

Pred = Callable[[str], bool]

_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:\(?[0-9一二三四五六七八九十]+[.)](?!\d)|\([0-9一二三四五六七八九十]+\))")
_ONE_PER_LINE = re.compile(r"\(一个专项一行\)$")
_WEIGHT_SUFFIX = re.compile(r"\s*[（(]\s*[0-9０-９.．]+\s*分\s*[)）]\s*$")
_YEAR_TITLE = re.compile(r"(-?\d+)\s*年度")


def norm(text: str) -> str:
    """The comparable form of a label (see the module docstring)."""
    s = unicodedata.normalize("NFKC", text)
    s = _SPACE.sub("", s)
    return s.replace("、", ".").replace("。", ".")


def row_key(text: str) -> str:
    """A row label without numbering, ``其中：``, trailing colon or ``（一个专项一行）``."""
    s = norm(text)
    if s.startswith("其中:"):
        s = s[3:]
    elif s.startswith("其中"):
        s = s[2:]
    s = _NUMBERING.sub("", s, count=1)
    s = _ONE_PER_LINE.sub("", s.rstrip(":"))
    return s.rstrip(":")


def level_text(text: str) -> str:
    """一级/二级指标 as a name: the ``（50分）`` weight and inner white space dropped."""
    return _SPACE.sub("", _WEIGHT_SUFFIX.sub("", text))


def fiscal_year_in(text: str) -> int | None:
    """The year of a title such as ``2023年度预算单位…`` (``None`` when there is none)."""
    m = _YEAR_TITLE.search(unicodedata.normalize("NFKC", text))
    if not m or len(m.group(1).lstrip("-")) > 6:
        return None
    return int(m.group(1))


def text_of(cell: RawCell | None) -> str:
    """A cell's content as label text ('' for blanks and numbers)."""
    if cell is None or not isinstance(cell.value, str) or cell.formula:
        return ""
    return cell.value


def find_cell(sheet: SheetData, pred: Pred, rows: range | None = None) -> RawCell | None:
    """The first text cell (row by row, left to right) whose normalised text satisfies ``pred``."""
    for r, cells in sheet.rows().items():
        if rows is not None and r not in rows:
            continue
        for c in cells:
            t = text_of(c)
            if t and pred(norm(t)):
                return c
    return None


def header_columns(cells: list[RawCell], wanted: Mapping[str, Pred]) -> dict[str, int]:
    """Map each wanted column name to the column of the first cell whose label satisfies its predicate."""
    found: dict[str, int] = {}
    for c in cells:
        t = norm(text_of(c))
        if not t:
            continue
        for name, pred in wanted.items():
            if name not in found and pred(t):
                found[name] = c.col
                break
    return found


def is_blank_row(cells: list[RawCell]) -> bool:
    """A row with nothing but empty or white-space text."""
    return all(isinstance(c.value, str) and not c.value.strip() and not c.formula for c in cells)
