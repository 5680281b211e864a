"""Amounts, head-counts and percentages: the one place that turns the clerk's text into ``Decimal``.

Amounts are 万元, kept exactly with up to four decimals (to the 元) and printed with at least two,
never hiding a decimal that was entered (``89.974`` prints as ``89.974``, ``4.8`` as ``4.80``).
A blank cell is ``None`` ("not filled"), which is not ``Decimal('0')``. Rounding is half-up.
No binary floats are used anywhere in this module.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Literal

from evaldesk.core.errors import FileFormatError, InputError

MAX_AMOUNT_PLACES = 4
"""Decimals an amount in 万元 may carry: four decimals of 万元 is one 元."""

MAX_INTEGER_DIGITS = 12
"""Integer digits accepted for an amount or percentage; anything larger is a typing mistake."""

# Full-width and look-alike characters mapped one-for-one to ASCII, so that positions in the normalised
# text are positions in the original text.
_NORMALIZE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
        "．": ".",
        "，": ",",
        "－": "-",
        "−": "-",  # U+2212 MINUS SIGN
        "＋": "+",
        "％": "%",
        "\u3000": " ",  # ideographic space
        "\u00a0": " ",  # no-break space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\t": " ",
    }
)

_NOT_NUMBERS = frozenset({"nan", "snan", "qnan", "inf", "infinity"})
_GROUPED_INT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_EXPONENT = re.compile(r"[0-9.,]*[0-9][0-9.,]*[eE][+-]?[0-9]+")
_CANONICAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_QUOTE_LIMIT = 30
_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)


class _Refusal(Exception):
    """Internal: why a piece of text is not a number (a Chinese phrase without the quoted input)."""


def normalize_text(text: str) -> str:
    """Map full-width digits, ``．，－＋％`` and unusual spaces to ASCII, character for character.

    The result has the same length as ``text``, so an index into it is an index into ``text``.
    """
    return text.translate(_NORMALIZE)


def _quote(text: str) -> str:
    shown = text.strip()
    if len(shown) > _QUOTE_LIMIT:
        shown = shown[:_QUOTE_LIMIT] + "…"
    return f"“{shown}”"


def _split_number(body: str) -> tuple[bool, str, str]:
    """Split normalised number text into (negative, integer digits, fraction digits) or refuse.

    Accepts an optional sign, digits with correctly placed thousands separators and at most one
    decimal point. Integer digits come back without separators or leading zeros (at least ``"0"``).
    """
    body = body.strip()
    if body.lstrip("+-").strip().lower() in _NOT_NUMBERS:
        raise _Refusal("不是数字")
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:].lstrip()
        if body[:1] in ("+", "-"):
            raise _Refusal("正负号多于一个")
    if not body:
        raise _Refusal("没有数字")
    if any(ch.isspace() for ch in body):
        raise _Refusal("数字中间有空格")
    if _EXPONENT.fullmatch(body):
        raise _Refusal("不接受科学计数法（如 1e5），请直接写出全部数字")
    for ch in body:
        if ch not in "0123456789.,":
            raise _Refusal(f"含有无法识别的字符“{ch}”")
    if body.count(".") > 1:
        raise _Refusal("小数点多于一个")
    int_part, _, frac = body.partition(".")
    if not any(ch.isdigit() for ch in body):
        raise _Refusal("没有数字")
    if "," in frac or ("," in int_part and not _GROUPED_INT.fullmatch(int_part)):
        raise _Refusal("千分位逗号位置不对（应每三位一个，如 1,818.34）")
    digits = int_part.replace(",", "").lstrip("0") or "0"
    return negative, digits, frac


def _make(negative: bool, digits: str, frac: str) -> Decimal:
    d = Decimal(f"{'-' if negative else ''}{digits}{'.' + frac if frac else ''}")
    return d.copy_abs() if d.is_zero() else d


def parse_plain_number(text: str) -> Decimal:
    """Parse a bare number (sign, digits, thousands separators, one decimal point), any size and places.

    Full-width characters are understood. Used by ``core.targets`` for indicator values; amounts go
    through :func:`parse_amount`. Raises ``InputError`` quoting ``text`` when it is not such a number.
    """
    try:
        return _make(*_split_number(normalize_text(text)))
    except _Refusal as r:
        raise InputError(f"{_quote(text)}不是有效的数字：{r}。") from None


def _limit_digits(negative: bool, digits: str, frac: str, rule: str, suffix: str) -> None:
    """Refuse more than 12 integer digits or more than 4 decimals (suggesting the rounded value)."""
    if len(digits) > MAX_INTEGER_DIGITS:
        raise _Refusal(f"数值过大（整数部分超过{MAX_INTEGER_DIGITS}位），请检查是否多输了数字")
    if len(frac) > MAX_AMOUNT_PLACES:
        quantum = Decimal(1).scaleb(-MAX_AMOUNT_PLACES)
        rounded = _make(negative, digits, frac).quantize(quantum, context=_CONTEXT)
        raise _Refusal(f"{rule}，可改为 {to_canonical(rounded)}{suffix}")


def parse_amount(text: str | None) -> Decimal | None:
    """Parse an amount in 万元 as typed by a clerk; blank or ``None`` gives ``None`` (not filled).

    Understands ``1,818.34``, full-width ``１８１８．３４`` (``，`` as thousands separator), a ``万元`` or
    ``万`` suffix, surrounding spaces and a leading ``-``/``－``. Keeps the entered decimals exactly
    (``4.8`` stays ``Decimal('4.8')``), at most four. Negative amounts are returned; the caller decides.
    Raises ``InputError`` with a Chinese message quoting the input for anything else, including a bare
    ``元`` unit, exponents, ``NaN``/``Infinity`` and more than 12 integer digits.
    """
    if text is None or not text.strip():
        return None
    s = normalize_text(text).strip()
    try:
        if s.endswith("万元"):
            s = s[:-2]
        elif s.endswith("万"):
            s = s[:-1]
        elif s.endswith("元"):
            raise _Refusal(_yuan_reason(s[:-1]))
        negative, digits, frac = _split_number(s)
        _limit_digits(negative, digits, frac, f"金额最多保留{MAX_AMOUNT_PLACES}位小数（到元）", "")
    except _Refusal as r:
        raise InputError(f"{_quote(text)}不是有效的金额：{r}。") from None
    return _make(negative, digits, frac)


def parse_exchange_number(text: str) -> Decimal:
    """Read a number from a file (JSON, the canonical form): the amount grammar, written plainly.

    The same limits as a typed amount or percentage (at most 12 integer digits and 4 decimals), but
    only the form :func:`to_canonical` writes: ASCII digits, an optional leading ``-``, at most one
    decimal point — no thousands separators, no exponent (``1e5``), no ``_``, no other scripts'
    digits, no ``NaN``/``Infinity`` and no negative zero (``-0``). Raises ``InputError`` with the
    reason (without the quoted input: the caller names the place).
    """
    try:
        if len(text) > 2 * MAX_INTEGER_DIGITS + MAX_AMOUNT_PLACES:
            raise _Refusal(f"数值过长（整数部分最多{MAX_INTEGER_DIGITS}位，小数最多{MAX_AMOUNT_PLACES}位）")
        if _EXPONENT.fullmatch(text.lstrip("+-")):
            raise _Refusal("不接受科学计数法（如 1e5），请直接写出全部数字")
        if text.lower().lstrip("+-") in _NOT_NUMBERS:
            raise _Refusal("不是数字")
        if not _PLAIN.fullmatch(text):
            bad = next((ch for ch in text if ch not in "-.0123456789"), None)
            raise _Refusal(f"含有无法识别的字符“{bad}”" if bad else "不是有效的数字写法")
        negative, digits, frac = _split_number(text)
        _limit_digits(negative, digits, frac, f"最多保留{MAX_AMOUNT_PLACES}位小数", "")
        if negative and digits == "0" and not frac.strip("0"):
            raise _Refusal("负零（-0）无效，请写 0")
    except _Refusal as r:
        raise InputError(f"{r}") from None
    return Decimal(text)


def _yuan_reason(number_text: str) -> str:
    reason = "金额以万元为单位，不能以“元”填写，请换算为万元"
    try:
        yuan = _make(*_split_number(number_text))
    except _Refusal:
        return reason
    if len(yuan.as_tuple().digits) > 40:
        return reason
    wan = yuan.scaleb(-4, context=_CONTEXT).normalize(context=_CONTEXT)
    relation = "="
    if _places(wan, 0) > MAX_AMOUNT_PLACES:
        wan, relation = round_money(wan, MAX_AMOUNT_PLACES), "≈"
    return f"{reason}（{to_canonical(yuan)} 元 {relation} {to_canonical(wan)} 万元）"


def parse_count(text: str | None) -> int | None:
    """Parse a head-count (人): a non-negative whole number, optionally followed by ``人``.

    Full-width digits, thousands separators and surrounding spaces are understood; blank gives ``None``.
    Raises ``InputError`` quoting the input for negatives, decimals and anything else.
    """
    if text is None or not text.strip():
        return None
    s = normalize_text(text).strip()
    if s.endswith("人"):
        s = s[:-1]
    try:
        negative, digits, frac = _split_number(s)
        if negative and digits != "0":
            raise _Refusal("人数不能为负数")
        if frac.strip("0"):
            raise _Refusal("人数应为整数")
        if len(digits) > MAX_INTEGER_DIGITS:
            raise _Refusal("人数过大，请检查是否多输了数字")
    except _Refusal as r:
        raise InputError(f"{_quote(text)}不是有效的人数：{r}。") from None
    return int(digits)


def parse_percent(text: str | None) -> Decimal | None:
    """Parse a percentage such as ``100%``, ``１００％``, ``99.5`` or ``90.00%`` into its percent value.

    ``Decimal('100')`` means 100%; the entered decimals are kept (at most four). Blank gives ``None``.
    Raises ``InputError`` quoting the input, in the style of :func:`parse_amount`.
    """
    if text is None or not text.strip():
        return None
    s = normalize_text(text).strip()
    if s.endswith("%"):
        s = s[:-1]
    try:
        negative, digits, frac = _split_number(s)
        _limit_digits(negative, digits, frac, f"百分比最多保留{MAX_AMOUNT_PLACES}位小数", "%")
    except _Refusal as r:
        raise InputError(f"{_quote(text)}不是有效的百分比：{r}。") from None
    return _make(negative, digits, frac)


def round_money(d: Decimal, places: int = 2) -> Decimal:
    """Round ``d`` to ``places`` decimals, half away from zero (``ROUND_HALF_UP``)."""
    return d.quantize(Decimal(1).scaleb(-places), context=_CONTEXT)


def _places(d: Decimal, min_places: int) -> int:
    if not d.is_finite():
        raise ValueError(f"not a finite number: {d!r}")  # a bug: the parsers never produce these
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(min_places, -exponent)


def _format_grouped(d: Decimal, min_places: int) -> str:
    places = _places(d, min_places)
    if d.is_zero():
        d = d.copy_abs()
    return format(d, f",.{places}f")


def _format_plain(d: Decimal, min_places: int) -> str:
    """``format(d, f".{places}f")`` without reading the digits twice: scoring and the checks print
    thousands of numbers on every edit (a test keeps the two equal)."""
    if not d.is_finite():
        raise ValueError(f"not a finite number: {d!r}")  # a bug: the parsers never produce these
    if d.is_zero():
        d = d.copy_abs()
    s = format(d, "f")
    i = s.find(".")
    have = 0 if i < 0 else len(s) - i - 1
    if have < min_places:
        s += ("." if i < 0 else "") + "0" * (min_places - have)
    return s


def format_amount(d: Decimal | None, min_places: int = 2) -> str:
    """Print an amount with thousands separators and at least ``min_places`` decimals.

    Never drops an entered decimal: ``1818.34`` → ``1,818.34``, ``4.8`` → ``4.80``, ``89.974`` →
    ``89.974``, ``-1234.5`` → ``-1,234.50``; ``None`` → ``""``.
    """
    return "" if d is None else _format_grouped(d, min_places)


def format_plain(d: Decimal | None, min_places: int = 2) -> str:
    """Like :func:`format_amount` but without thousands separators (``1818.34``)."""
    return "" if d is None else _format_plain(d, min_places)


def format_percent(d: Decimal | None, places: int = 2) -> str:
    """Print a percent value: ``Decimal('100')`` → ``100.00%``, ``Decimal('99.125')`` → ``99.125%``."""
    return "" if d is None else _format_plain(d, places) + "%"


FigureKind = Literal["amount", "percent", "score", "count"]
"""What a figure is, for showing it: 万元, a rate in percent, a score or 分值, a head-count."""

SHOWN_MIN_PLACES = 2
"""Amounts, rates and scores show at least two decimals — on screen, in the PDF and in the XLSX alike."""


def shown_places(d: Decimal, kind: FigureKind) -> int:
    """Decimals ``d`` is shown with: at least two (more when entered) for amounts, rates and scores;
    none for a head-count. The XLSX number format and every printed text follow this one rule."""
    return 0 if kind == "count" else _places(d, SHOWN_MIN_PLACES)


def format_score(d: Decimal | None) -> str:
    """A score or 分值 as a figure in a table: ``10.00``, ``9.50``, ``8.333`` (no thousands separators)."""
    return "" if d is None else _format_plain(d, SHOWN_MIN_PLACES)


def format_points(d: Decimal | None) -> str:
    """A 分值 inside a sentence or heading (``产出指标（50分）``): no trailing decimals added."""
    return "" if d is None else _format_plain(d, 0)


def format_figure(d: Decimal | None, kind: FigureKind) -> str:
    """The one text of a figure of ``kind`` in a table (screen, PDF, XLSX and Word); ``None`` → ``""``.

    Amounts ``1,818.34`` and rates ``95.92%`` as :func:`format_amount`/:func:`format_percent`, scores
    as :func:`format_score`, head-counts as a whole number.
    """
    if d is None:
        return ""
    if kind == "amount":
        return format_amount(d)
    if kind == "percent":
        return format_percent(d)
    if kind == "score":
        return format_score(d)
    return format_plain(d.to_integral_value(context=_CONTEXT), 0)


def format_entry(d: Decimal | int | None, kind: FigureKind) -> str:
    """The text an editor starts with and a copy puts on the clipboard: the value as entered, no
    thousands separators and no decimals added (``1818.3``, ``95.5%``, ``10``, ``12``); ``None`` → ``""``.

    It reads back through :func:`parse_amount`/:func:`parse_percent`/:func:`parse_count` as the same value.
    """
    if d is None:
        return ""
    if isinstance(d, int):
        d = Decimal(d)
    if kind == "count":
        return format_plain(d.to_integral_value(context=_CONTEXT), 0)
    return format_plain(d, 0) + ("%" if kind == "percent" else "")


def to_canonical(d: Decimal) -> str:
    """The storage/JSON text of a ``Decimal``: plain digits, no exponent, entered trailing zeros kept.

    ``Decimal('4.80')`` → ``'4.80'``, ``Decimal('1E+3')`` → ``'1000'``, ``Decimal('-0')`` → ``'0'``.
    """
    _places(d, 0)
    if d.is_zero():
        d = d.copy_abs()
    return format(d, "f")


def from_canonical(s: str) -> Decimal:
    """Read text written by :func:`to_canonical`; raises ``FileFormatError`` for anything else."""
    if not isinstance(s, str) or len(s) > 60 or not _CANONICAL.fullmatch(s):
        raise FileFormatError(f"保存的数据中有无效的数值{_quote(str(s))}。")
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise FileFormatError(f"保存的数据中有无效的数值{_quote(s)}。") from None
