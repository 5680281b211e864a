"""Cells of the form grids: what a cell holds, how its text is parsed (core.money) and printed.

A :class:`Cell` describes one grid cell: its ``kind`` (amount, percent, count, text, or a fixed
label/heading), the edit path of the value it stores, and for computed cells the function that computes
it (``core.derived``). For a computed cell ``path`` is where the *entered* (typed or imported) figure lives,
which is compared with the computation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from evaldesk.core import derived, edits, model, money

NUMERIC_KINDS = ("amount", "percent", "count", "score")
VALUE_KINDS = (*NUMERIC_KINDS, "text")


@dataclass(frozen=True)
class Cell:
    """One grid cell. ``kind`` ∈ amount · percent · count · score · text · label · heading · blank."""

    kind: str
    path: edits.Path | None = None
    label: str = ""  # how the clerk names the cell in messages, e.g. 附件1“三公经费”2023年决算数
    text: str = ""  # the fixed text of a label or heading cell
    computed: Callable[[model.Package], derived.Figure] | None = None
    editable: bool = True  # typing allowed (computed cells never are; paste still fills their entered value)

    @property
    def is_value(self) -> bool:
        return self.kind in VALUE_KINDS and self.path is not None

    @property
    def is_computed(self) -> bool:
        return self.computed is not None

    @property
    def typable(self) -> bool:
        return self.is_value and self.editable and not self.is_computed


def parse_text(kind: str, text: str) -> Any:
    """The value for what was typed into a cell of ``kind``; raises ``InputError`` (Chinese) if invalid."""
    if kind == "amount":
        return money.parse_amount(text)
    if kind == "percent":
        return money.parse_percent(text)
    if kind == "count":
        return money.parse_count(text)
    if kind == "score":
        return money.parse_amount(text)  # a score is a plain decimal; the amount rules fit (≤ 4 places)
    if kind == "text":
        return text.strip()
    raise ValueError(kind)


def differs(kind: str, entered: Decimal | None, computed: Decimal | None, tolerance: Decimal) -> bool:  # noqa: ARG001 - callers name the cell kind; kept for their call shape
    """Whether an entered figure disagrees with the computed one by more than ``tolerance``."""
    if entered is None or computed is None:
        return False
    return abs(Decimal(entered) - Decimal(computed)) > tolerance


def adopted_value(kind: str, computed: Decimal) -> Decimal:
    """The value 采用计算值 stores: rates and scores rounded to 0.01, amounts exact."""
    if kind in ("percent", "score"):
        return money.round_money(computed)
    return computed
