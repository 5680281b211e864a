"""core.cells: what a typed cell text becomes, per kind, and the Chinese message when it is not valid."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaldesk.core import cells
from evaldesk.core.errors import InputError


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("amount", "1,234.50", Decimal("1234.50")),
        ("percent", "95.5%", Decimal("95.5")),
        ("count", "12", 12),
        ("score", "9.5", Decimal("9.5")),
        ("text", "  安全检查 ", "安全检查"),
    ],
)
def test_parse_text_per_kind(kind: str, text: str, value: object) -> None:
    got = cells.parse_text(kind, text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        ("amount", "abc", "不是有效的金额"),
        ("count", "1.5", "人数应为整数"),
        ("percent", "x%", "不是有效的百分比"),
    ],
)
def test_parse_text_refuses_in_chinese(kind: str, text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        cells.parse_text(kind, text)
