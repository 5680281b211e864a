"""Amounts, counts and percentages typed by a clerk: accepted forms, refusals and round-trips."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaldesk.core import money
from evaldesk.core.errors import EvalDeskError, FileFormatError, InputError
from evaldesk.core.money import (
    format_amount,
    format_percent,
    format_plain,
    from_canonical,
    normalize_text,
    parse_amount,
    parse_count,
    parse_percent,
    parse_plain_number,
    round_money,
    to_canonical,
)


def same(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal value *and* representation (``Decimal('4.8')`` is not ``Decimal('4.80')`` here)."""
    return a is None and b is None or (a is not None and b is not None and a.as_tuple() == b.as_tuple())


# ----------------------------------------------------------------------------------------- parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1818.34", Decimal("1818.34")),
        ("1,818.34", Decimal("1818.34")),
        ("1,234,567.8", Decimal("1234567.8")),
        ("１８１８．３４", Decimal("1818.34")),
        ("１，８１８．３４", Decimal("1818.34")),
        ("1818.34万元", Decimal("1818.34")),
        ("1818.34万", Decimal("1818.34")),
        ("1818.34 万元", Decimal("1818.34")),
        ("１８１８．３４万元", Decimal("1818.34")),
        ("  1818.34  ", Decimal("1818.34")),
        ("\u30001818.34\u3000", Decimal("1818.34")),
        ("-5", Decimal("-5")),
        ("－5", Decimal("-5")),
        ("-1,234.5", Decimal("-1234.5")),
        ("89.974", Decimal("89.974")),
        ("4.8", Decimal("4.8")),
        ("4.80", Decimal("4.80")),
        ("0", Decimal("0")),
        ("0.00", Decimal("0.00")),
        ("-0.00", Decimal("0.00")),
        ("1.2345", Decimal("1.2345")),
        ("007", Decimal("7")),
        (".5", Decimal("0.5")),
        ("999999999999.9999", Decimal("999999999999.9999")),
    ],
)
def test_parse_amount_accepts(text: str, expected: Decimal) -> None:
    assert same(parse_amount(text), expected)


@pytest.mark.parametrize("text", [None, "", " ", "\u3000", " \t\n "])
def test_parse_amount_blank_is_not_filled(text: str | None) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12.3.4", "小数点多于一个"),
        ("abc", "无法识别的字符“a”"),
        ("1e5", "科学计数法"),
        ("1.5E-3", "科学计数法"),
        ("--5", "正负号多于一个"),
        ("1,23.4", "千分位逗号位置不对"),
        ("1234,567", "千分位逗号位置不对"),
        ("1.234,5", "千分位逗号位置不对"),
        (".", "没有数字"),
        ("-", "没有数字"),
        ("万元", "没有数字"),
        ("NaN", "不是数字"),
        ("nan", "不是数字"),
        ("Infinity", "不是数字"),
        ("-inf", "不是数字"),
        ("1 234", "空格"),
        ("¥5", "无法识别的字符“¥”"),
        ("1818.34元", "万元为单位"),
        ("1818.34 元", "万元为单位"),
        ("18183400元", "18183400 元 = 1818.34 万元"),
        ("1.23456", "金额最多保留4位小数（到元），可改为 1.2346"),
        ("-1.23455", "可改为 -1.2346"),
        ("1000000000000", "整数部分超过12位"),
        ("1,000,000,000,000.00", "整数部分超过12位"),
    ],
)
def test_parse_amount_refuses(text: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        parse_amount(text)
    message = str(info.value)
    assert message.startswith(f"“{text.strip()}”不是有效的金额：")
    assert reason in message
    assert message.endswith("。")


def test_parse_amount_exact_message() -> None:
    with pytest.raises(InputError, match="^“12.3.4”不是有效的金额：小数点多于一个。$"):
        parse_amount("12.3.4")


def test_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(InputError) as info:
        parse_amount("x" * 500)
    assert len(str(info.value)) < 100


def test_input_error_is_an_evaldesk_error() -> None:
    assert issubclass(InputError, EvalDeskError)


# ------------------------------------------------------------------------------ parse_count, parse_percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("47", 47),
        ("４７", 47),
        ("47人", 47),
        ("４７ 人", 47),
        (" 0 ", 0),
        ("1,200", 1200),
        ("", None),
        (None, None),
    ],
)
def test_parse_count_accepts(text: str | None, expected: int | None) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-3", "不能为负数"),
        ("4.5", "应为整数"),
        ("abc", "无法识别"),
        ("人", "没有数字"),
        ("1e3", "科学计数法"),
    ],
)
def test_parse_count_refuses(text: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        parse_count(text)
    assert str(info.value).startswith(f"“{text}”不是有效的人数：")
    assert reason in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100%", Decimal("100")),
        ("１００％", Decimal("100")),
        ("99.5", Decimal("99.5")),
        ("90.00%", Decimal("90.00")),
        (" 90 % ", Decimal("90")),
        ("-2.5%", Decimal("-2.5")),
        ("", None),
        (None, None),
    ],
)
def test_parse_percent_accepts(text: str | None, expected: Decimal | None) -> None:
    assert same(parse_percent(text), expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("%", "没有数字"),
        ("90%%", "无法识别的字符“%”"),
        ("9.0.0%", "小数点多于一个"),
        ("百分之九十", "无法识别"),
        ("33.333333%", "可改为 33.3333%"),
        ("1e2%", "科学计数法"),
    ],
)
def test_parse_percent_refuses(text: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        parse_percent(text)
    assert str(info.value).startswith(f"“{text}”不是有效的百分比：")
    assert reason in str(info.value)


def test_parse_plain_number() -> None:
    assert same(parse_plain_number("１，８１８．３４５６７"), Decimal("1818.34567"))
    with pytest.raises(InputError, match="“1,23”"):
        parse_plain_number("1,23")


def test_normalize_text_keeps_length() -> None:
    text = "－１，８１８．３４％\u3000"
    assert normalize_text(text) == "-1,818.34% "
    assert len(normalize_text(text)) == len(text)


# --------------------------------------------------------------------------------- rounding and printing


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("1.005", 2, "1.01"),
        ("-1.005", 2, "-1.01"),
        ("1.004", 2, "1.00"),
        ("2.5", 0, "3"),
        ("89.974", 2, "89.97"),
        ("89.975", 2, "89.98"),
        ("4.8", 2, "4.80"),
        ("1.23445", 4, "1.2345"),
    ],
)
def test_round_money_half_up(value: str, places: int, expected: str) -> None:
    assert same(round_money(Decimal(value), places), Decimal(expected))


@pytest.mark.parametrize(
    ("value", "amount", "plain"),
    [
        (Decimal("1818.34"), "1,818.34", "1818.34"),
        (Decimal("4.8"), "4.80", "4.80"),
        (Decimal("89.974"), "89.974", "89.974"),
        (Decimal("1.2345"), "1.2345", "1.2345"),
        (Decimal("0"), "0.00", "0.00"),
        (Decimal("-0"), "0.00", "0.00"),
        (Decimal("-1234.5"), "-1,234.50", "-1234.50"),
        (Decimal("1E+3"), "1,000.00", "1000.00"),
        (Decimal("1234567.891"), "1,234,567.891", "1234567.891"),
        (None, "", ""),
    ],
)
def test_format_amount_and_plain(value: Decimal | None, amount: str, plain: str) -> None:
    assert format_amount(value) == amount
    assert format_plain(value) == plain


def test_format_min_places() -> None:
    assert format_amount(Decimal("1818"), min_places=0) == "1,818"
    assert format_plain(Decimal("4.8"), min_places=4) == "4.8000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("100"), "100.00%"),
        (Decimal("90"), "90.00%"),
        (Decimal("99.5"), "99.50%"),
        (Decimal("99.125"), "99.125%"),
        (None, ""),
    ],
)
def test_format_percent(value: Decimal | None, expected: str) -> None:
    assert format_percent(value) == expected


def test_format_refuses_non_finite() -> None:
    with pytest.raises(ValueError):
        format_amount(Decimal("NaN"))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("4.80"), "4.80"),
        (Decimal("4.8"), "4.8"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1.0E+3"), "1000"),
        (Decimal("-0"), "0"),
        (Decimal("-12.5"), "-12.5"),
        (Decimal("0.0001"), "0.0001"),
        (Decimal("1E-7"), "0.0000001"),
    ],
)
def test_to_canonical(value: Decimal, text: str) -> None:
    assert to_canonical(value) == text
    assert from_canonical(text) == value


def test_from_canonical_keeps_trailing_zeros() -> None:
    assert same(from_canonical("4.80"), Decimal("4.80"))


@pytest.mark.parametrize(
    "text", ["", "1E+3", "1,000", " 1", "NaN", "Infinity", "+1", "1.", ".5", "abc", "1" * 100]
)
def test_from_canonical_refuses(text: str) -> None:
    with pytest.raises(FileFormatError):
        from_canonical(text)


@pytest.mark.parametrize(
    "text", ["1818.34", "4.8", "89.974", "0", "-1234.50", "1,818.34", "１８１８．３４", "1818.34万元"]
)
def test_parse_format_round_trip(text: str) -> None:
    value = parse_amount(text)
    assert value is not None
    assert parse_amount(format_amount(value)) == value
    assert parse_amount(format_plain(value)) == value
    assert same(from_canonical(to_canonical(value)), value)


# ------------------------------------------------------------------------------------------- properties

_amounts = st.integers(min_value=0, max_value=4).flatmap(
    lambda places: st.decimals(
        min_value=Decimal("-999999999999.9999"),
        max_value=Decimal("999999999999.9999"),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )
)


@given(st.text())
def test_parse_amount_returns_or_refuses(text: str) -> None:
    try:
        result = parse_amount(text)
    except InputError as e:
        assert str(e)
    else:
        assert result is None or isinstance(result, Decimal)
        assert result is None or result.is_finite()


@given(st.text(alphabet="0123456789.,-+ 万元%１２．，－e\u3000人"))
def test_parsers_on_numberish_text(text: str) -> None:
    """Digit-like text either parses to a finite number (or blank) or is refused with a Chinese message."""
    for parse, kind in ((parse_amount, Decimal), (parse_count, int), (parse_percent, Decimal)):
        try:
            result = parse(text)
        except InputError as e:
            assert re.search("[\u4e00-\u9fff]", str(e)), (parse.__name__, text, str(e))
        else:
            if not text.strip():
                assert result is None
            assert result is None or type(result) is kind, (parse.__name__, text, result)
            assert not isinstance(result, Decimal) or result.is_finite()
            assert not isinstance(result, int) or result >= 0


@given(_amounts)
def test_amount_format_round_trip(d: Decimal) -> None:
    assert parse_amount(format_amount(d)) == d
    assert parse_amount(format_plain(d)) == d
    assert same(from_canonical(to_canonical(d)), d if not d.is_zero() else d.copy_abs())


@given(_amounts)
def test_format_amount_never_hides_decimals(d: Decimal) -> None:
    text = format_amount(d)
    decimals = text.partition(".")[2]
    assert len(decimals) >= 2
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    assert len(decimals) >= -exponent


@pytest.mark.parametrize(
    ("value", "kind", "text", "places"),
    [
        (Decimal("10"), "score", "10.00", 2),  # the window shows 10.00; paper printed "10" before
        (Decimal("8.5"), "score", "8.50", 2),
        (Decimal("8.333"), "score", "8.333", 3),
        (Decimal("1818.34"), "amount", "1,818.34", 2),
        (Decimal("89.974"), "amount", "89.974", 3),
        (Decimal("95.9"), "percent", "95.90%", 2),
        (Decimal("12"), "count", "12", 0),
    ],
)
def test_one_display_rule_for_every_figure(
    value: Decimal, kind: money.FigureKind, text: str, places: int
) -> None:
    assert money.format_figure(value, kind) == text
    assert money.shown_places(value, kind) == places
    assert money.format_figure(None, kind) == ""


def test_points_in_a_heading_add_no_decimals() -> None:
    assert money.format_points(Decimal("50")) == "50"
    assert money.format_points(Decimal("7.5")) == "7.5"


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (Decimal("1818.3"), "amount", "1818.3"),
        (Decimal("-1234.50"), "amount", "-1234.50"),
        (Decimal("10"), "score", "10"),
        (Decimal("8.333"), "score", "8.333"),
        (Decimal("95.5"), "percent", "95.5%"),
        (12, "count", "12"),
        (Decimal("12"), "count", "12"),
        (None, "score", ""),
    ],
)
def test_the_text_an_editor_starts_with_reads_back_as_the_value(
    value: Decimal | int | None, kind: money.FigureKind, text: str
) -> None:
    assert money.format_entry(value, kind) == text
    parse = {"count": money.parse_count, "percent": money.parse_percent}.get(kind, money.parse_amount)
    back = parse(text)
    assert back == value and str(back) == str(value)


def _reference(d: Decimal, min_places: int) -> str:
    """The display rule written the slow, obvious way: every entered decimal, at least ``min_places``."""
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    return format(d.copy_abs() if d.is_zero() else d, f".{max(min_places, -exponent)}f")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_the_fast_formatters_follow_the_display_rule(d: Decimal) -> None:
    """Scoring and the checks print through these on every edit; they must say what the rule says."""
    assert money.format_score(d) == format_plain(d) == _reference(d, 2)
    assert money.format_points(d) == format_plain(d, 0) == _reference(d, 0)
    assert format_percent(d) == _reference(d, 2) + "%"
    assert format_amount(d).replace(",", "") == _reference(d, 2)


def test_the_formatters_refuse_what_is_not_a_number() -> None:
    for bad in (Decimal("NaN"), Decimal("Infinity")):
        for f in (money.format_score, money.format_points, format_plain, format_percent, format_amount):
            with pytest.raises(ValueError, match="not a finite number"):
                f(bad)
