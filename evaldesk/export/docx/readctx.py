"""The Word importer's state: what was read from where (provenance), and every cell it could not read.

Each value goes through a typed reader here that parses with ``core.money`` and, instead of raising,
lists an unreadable cell as :class:`Unread` (table, row, column, the text, why) and leaves the field
blank. ``/``, ``—``, ``-`` and ``无`` in a number cell mean "nothing to fill" and are read as blank.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from evaldesk.core import money
from evaldesk.core.errors import InputError
from evaldesk.export.docx.body import Row

Path = tuple[Any, ...]
BLANK_MARKS = frozenset({"/", "／", "—", "——", "-", "－", "无", "\\"})
_AREA_UNITS = ("平方米", "m2", "m²", "㎡")


@dataclass(frozen=True)
class Unread:
    """A cell that could not be read: ``附件1`` 第2个表格 第5行 第3列, its text and the reason."""

    form: str  # 附件1 / 附件2 / 附件3（项目名） / 自评报告
    table: int  # the Word table, 1-based in document order (0: not a table)
    row: int  # 1-based inside that Word table
    col: int  # 1-based grid column
    text: str
    reason: str

    def describe(self) -> str:
        where = f"{self.form} 第{self.table}个表格第{self.row}行第{self.col}列" if self.table else self.form
        shown = f"“{self.text[:30]}”" if self.text else ""
        return f"{where}{shown}：{self.reason}"


@dataclass(frozen=True)
class Source:
    """Where an imported value was read: the form, the Word table, row and column, the text."""

    form: str
    table: int
    row: int
    col: int
    text: str


@dataclass
class ReadCtx:
    unread: list[Unread] = field(default_factory=list)
    provenance: dict[Path, Source] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # 附件 not found in the document

    def bad(self, form: str, row: Row, col: int, reason: str) -> None:
        self.unread.append(Unread(form, row.table_no, row.row_no, col + 1, row.text(col), reason))

    def note(self, form: str, row: Row, col: int, path: Path) -> str:
        text = row.text(col)
        self.provenance[path] = Source(form, row.table_no, row.row_no, col + 1, text)
        return text

    def amount_in(self, form: str, row: Row, col: int, text: str, path: Path) -> Decimal | None:
        """An amount written after its label in the same cell (``按收入性质分：1818.34``)."""
        self.note(form, row, col, path)
        text = text.strip()
        if not text or text in BLANK_MARKS:
            return None
        try:
            return money.parse_amount(text)
        except InputError as e:
            self.bad(form, row, col, str(e))
            return None

    def text(self, form: str, row: Row, col: int | None, path: Path) -> str:
        if col is None:
            return ""
        return self.note(form, row, col, path).strip()

    def _number_text(self, form: str, row: Row, col: int | None, path: Path) -> str | None:
        if col is None:
            return None
        text = self.note(form, row, col, path).strip()
        if not text or text in BLANK_MARKS:
            return None
        return text

    def amount(self, form: str, row: Row, col: int | None, path: Path) -> Decimal | None:
        return self._parsed(form, row, col, path, money.parse_amount)

    def percent(self, form: str, row: Row, col: int | None, path: Path) -> Decimal | None:
        return self._parsed(form, row, col, path, money.parse_percent)

    def _parsed(
        self, form: str, row: Row, col: int | None, path: Path, parse: Callable[[str], Decimal | None]
    ) -> Decimal | None:
        """The cell's figure through ``money``'s grammar; an unreadable one is listed, not guessed."""
        text = self._number_text(form, row, col, path)
        if text is None or col is None:
            return None
        try:
            return parse(text)
        except InputError as e:
            self.bad(form, row, col, str(e))
            return None

    def score(self, form: str, row: Row, col: int | None, path: Path) -> Decimal | None:
        text = self._number_text(form, row, col, path)
        if text is None or col is None:
            return None
        t = unicodedata.normalize("NFKC", text).strip().removesuffix("分")
        try:
            return money.parse_plain_number(t)
        except InputError:
            self.bad(form, row, col, "不是有效的分值")
            return None

    def area(self, form: str, row: Row, col: int | None, path: Path) -> Decimal | None:
        text = self._number_text(form, row, col, path)
        if text is None or col is None:
            return None
        t = unicodedata.normalize("NFKC", text).strip()
        for unit in _AREA_UNITS:
            t = t.removesuffix(unicodedata.normalize("NFKC", unit))
        try:
            return money.parse_plain_number(t)
        except InputError:
            self.bad(form, row, col, "不是有效的面积")
            return None

    def count(self, form: str, row: Row, col: int | None, path: Path) -> int | None:
        text = self._number_text(form, row, col, path)
        if text is None or col is None:
            return None
        try:
            return money.parse_count(text)
        except InputError as e:
            self.bad(form, row, col, str(e))
            return None
