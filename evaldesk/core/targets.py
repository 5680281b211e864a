"""Indicator values (年度指标值 / 实际完成值): parsed from the clerk's raw text, never repaired silently.

A value is quantitative (``≥90%``, ``≤1起``, ``3755个``, ``2023年``), qualitative (``按时举办``) or
blank. Malformation such as a doubled operator (``≤≤15轮``) is parsed as well as it can be and
described in ``Value.problems``; :func:`actual_problems` compares an 实际完成值 with its 年度指标值.
Numbers are built by :mod:`evaldesk.core.money`; nothing here raises on any input text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from evaldesk.core import money
from evaldesk.core.errors import InputError

Kind = Literal["quant", "qual", "blank"]

OPERATORS: tuple[str, ...] = ("≥", ">", "≤", "<", "=")
"""The comparison operators a quantitative value may carry (``""`` when none was written)."""

KNOWN_UNITS: frozenset[str] = frozenset(
    {
        "个", "起", "轮", "次", "人", "人次", "%", "‰", "万元", "元", "亿元", "家", "份", "天", "日",
        "年", "年度", "月", "月份", "周", "季度", "小时", "分钟", "项", "件", "户", "场", "期", "台",
        "辆", "套", "批", "所", "座", "处", "条", "篇", "册", "张", "本", "名", "支", "队", "亩",
        "公顷", "平方米", "立方米", "m²", "㎡", "米", "公里", "千米", "吨", "公斤", "千克", "株",
        "棵", "万人", "万人次", "万份", "个百分点", "百分点", "分", "百分比", "千分比",
    }
)  # fmt: skip
"""Simple units recognised at any length; other simple units are accepted when at most two letters long.

The unit grammar: a unit is empty, a simple unit, or a simple unit per another (``元/亩``, ``万元/公里``,
``人/次``), written with ``/`` or ``／`` and spaces allowed around it. Units that name the same thing
(``百分比`` and ``%``, ``月份`` and ``月``) are one unit for comparison: :func:`canonical_unit`.
"""

# Spellings of one unit, mapped to the one the comparison uses; Chinese words for symbols included.
_EQUIVALENT_UNITS: dict[str, str] = {
    "月份": "月", "年度": "年", "日": "天", "㎡": "平方米", "m²": "平方米", "百分比": "%", "千分比": "‰",
}  # fmt: skip
_PER = re.compile(r"\s*[/／]\s*")
_YEAR_UNITS = frozenset({"年", "年度"})
_REPEAT = "运算符重复"

# Operator look-alikes mapped one-for-one, on top of money.normalize_text (full-width digits etc.).
_OP_NORMALIZE = str.maketrans(
    {"＞": ">", "＜": "<", "＝": "=", "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "﹥": ">", "﹤": "<", "﹦": "="}
)
# Operator spellings, longest first so that ``>=`` wins over ``>`` and ``不超过`` over ``超过``.
_OP_SPELLINGS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            ">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤", "≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "=",
            "大于或等于": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥", "不小于": "≥", "至少": "≥",
            "小于或等于": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤", "不大于": "≤",
            "至多": "≤", "大于": ">", "高于": ">", "多于": ">", "超过": ">", "小于": "<", "低于": "<",
            "少于": "<", "等于": "=",
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)  # fmt: skip
_SUFFIX_OPS: tuple[tuple[str, str], ...] = (
    ("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"),
)  # fmt: skip
_DIRECTION = {"≥": "up", ">": "up", "≤": "down", "<": "down"}
_NUMBER = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)")


@dataclass(frozen=True)
class Value:
    """One parsed indicator value.

    ``kind`` is ``"quant"`` (a number, maybe with an operator and unit), ``"qual"`` (text such as
    ``按时举办``) or ``"blank"``. ``op`` is one of :data:`OPERATORS` or ``""``; ``number`` and ``unit``
    are set for quantitative values; ``text`` is the original text; ``problems`` describe malformation
    in Chinese (empty for a well-formed value).
    """

    kind: Kind
    op: str
    number: Decimal | None
    unit: str
    text: str
    problems: tuple[str, ...] = ()


def _scan_operators(s: str) -> tuple[list[str], int]:
    """Read the run of operators at the start of ``s``: (operators, index just after the run)."""
    ops: list[str] = []
    pos = 0
    while True:
        i = pos
        while i < len(s) and s[i].isspace():
            i += 1
        for spelling, op in _OP_SPELLINGS:
            if s.startswith(spelling, i):
                ops.append(op)
                pos = i + len(spelling)
                break
        else:
            return ops, pos


def _combine(ops: list[str], written: str) -> tuple[str, list[str]]:
    """Reduce the operators written before (and after) a number to one operator, reporting oddities.

    Repeats of one direction (``≤≤``, ``≥=``) keep that operator and report ``运算符重复``; opposite
    directions (``≥≤``) give no operator and report ``运算符矛盾``.
    """
    if not ops:
        return "", []
    if len(ops) == 1:
        return ops[0], []
    directions = {_DIRECTION[op] for op in ops if op in _DIRECTION}
    if len(directions) > 1:
        return "", [f"运算符矛盾（“{written}”），无法确定是大于还是小于"]
    op = next((op for op in ops if op != "="), "=")
    return op, [f"{_REPEAT}（“{written}”）"]


def _is_simple_unit(unit: str) -> bool:
    if unit in KNOWN_UNITS:
        return True
    return 0 < len(unit) <= 2 and all(ch.isalpha() or ch in "%‰²³" for ch in unit)


def _is_unit(unit: str) -> bool:
    """The unit grammar (see :data:`KNOWN_UNITS`): empty, simple, or simple ``/`` simple."""
    if not unit:
        return True
    parts = unit.split("/")
    return len(parts) <= 2 and all(_is_simple_unit(p) for p in parts)


def written_unit(unit: str) -> str:
    """A unit as the value keeps it: ``万元 / 公里`` and ``万元／公里`` become ``万元/公里``."""
    return _PER.sub("/", unit.strip())


def canonical_unit(unit: str) -> str:
    """The unit compared: each part with its equivalent (``百分比`` → ``%``, ``元/亩`` stays ``元/亩``)."""
    return "/".join(_EQUIVALENT_UNITS.get(p, p) for p in written_unit(unit).split("/"))


def numerator_unit(unit: str) -> str:
    """What a per-unit counts (``元`` of ``元/亩``): the unit whose tolerances apply."""
    return canonical_unit(unit).split("/")[0]


# The well-formed common case (``≥90%``, ``=0起``, ``3755个``, ``2023年``): one symbol at most, digits
# without separators, a known unit. Scoring parses hundreds of values on opening a package; this path gives
# exactly what the general one below gives for such text (a property test keeps them equal).
_SIMPLE_UNITS = KNOWN_UNITS | {""}
_SIMPLE = re.compile(r"([≥≤<>=]?)\s*([0-9]+(?:\.[0-9]+)?)\s*(\S*)")


def parse_value(text: str | None) -> Value:
    """Parse a 年度指标值 or 实际完成值; never raises.

    Understands ``≥90%``, ``>=90%``, ``≧90%``, ``≤1起``, ``<=1起``, ``=0起``, ``0起``, ``3755个``,
    ``2023年``, ``12月份``, ``≤1818.34万元``, ``90%以上``, ``不低于90%``, units per something
    (``=10元/亩``, ``≥3万元/公里``), unit words (``≥95百分比``), full-width digits, operators
    and percent sign, and spaces. Other text is qualitative; blank text is ``kind="blank"``.
    Malformed values are reported in ``problems``: ``≤≤15轮`` gives op ``≤``, 15, ``轮`` and
    ``运算符重复（“≤≤”）``.
    """
    raw = text if isinstance(text, str) else ""
    s = money.normalize_text(raw).translate(_OP_NORMALIZE)
    body = s.strip()
    if not body:
        return Value("blank", "", None, "", raw)
    simple = _SIMPLE.fullmatch(body)
    if simple is not None and simple.group(3) in _SIMPLE_UNITS:
        op, number_text, unit = simple.groups()
        # ASCII digits with at most one point: Decimal reads them as parse_plain_number does (same
        # value and places, leading zeros dropped), without its checks for separators, signs and words.
        return Value("quant", op, Decimal(number_text), unit, raw)
    return _parse_general(raw, s, body)


def _parse_general(raw: str, s: str, body: str) -> Value:
    start = len(s) - len(s.lstrip())
    ops, op_end = _scan_operators(body)
    written = raw[start : start + op_end].strip()
    rest = body[op_end:].lstrip()
    match = _NUMBER.match(rest)
    # Word operators (超过, 低于 …) also open ordinary sentences; only symbols mark a malformed number.
    symbolic = any(ch in written for ch in "≥≤<>=")
    if match is None:
        hint = (f"比较符号“{written}”后面应为数值",) if symbolic else ()
        return Value("qual", "", None, "", raw, hint)
    number_text = match.group()
    unit = rest[match.end() :].strip()
    suffix = ""
    for spelling, op in _SUFFIX_OPS:
        if unit.endswith(spelling):
            suffix, unit = spelling, unit[: -len(spelling)].rstrip()
            ops.append(op)
            break
    unit = written_unit(unit)
    if not _is_unit(unit):
        hint = (f"比较符号“{written}”后面应为“数值+单位”",) if symbolic else ()
        return Value("qual", "", None, "", raw, hint)
    problems: list[str] = []
    try:
        number = money.parse_plain_number(number_text)
    except InputError:
        problems.append(f"数值“{number_text}”的千分位逗号位置不对")
        number = money.parse_plain_number(number_text.replace(",", ""))
    shown = f"{written}…{suffix}" if written and suffix else written + suffix
    op, op_problems = _combine(ops, shown)
    return Value("quant", op, number, unit, raw, tuple(op_problems + problems))


def format_value(v: Value) -> str:
    """Print a value canonically: ``≥90%``, ``≤1起``, ``=0起``, ``3755个``, ``≤1818.34万元``.

    The number is printed plainly as entered (no thousands separators); a repeated operator is printed
    once (``≤≤15轮`` → ``≤15轮``). Qualitative text is returned as written (stripped), and so is a value
    with any other problem (contradicting operators, misplaced separators): it has no certain canonical form.
    """
    if v.kind == "blank":
        return ""
    if v.kind == "qual" or v.number is None or any(not p.startswith(_REPEAT) for p in v.problems):
        return v.text.strip()
    return f"{v.op}{money.to_canonical(v.number)}{v.unit}"


def is_year_value(v: Value) -> bool:
    """True for a value like ``2023年``: a pseudo-target meaning "within that year"."""
    return (
        v.kind == "quant"
        and v.unit in _YEAR_UNITS
        and v.op in ("", "=")
        and v.number is not None
        and v.number == v.number.to_integral_value()
        and 1900 <= v.number <= 2200
    )


def _is_time_point(v: Value) -> bool:
    """``2023年``, ``12月份``: targets met by doing the thing in time, so a textual actual is fine."""
    return v.kind == "quant" and v.unit[:1] in ("年", "月") and v.op in ("", "=")


def _same_unit(a: str, b: str) -> bool:
    return canonical_unit(a) == canonical_unit(b)


def actual_problems(target: Value, actual: Value) -> list[str]:
    """Problems with an 实际完成值 relative to its 年度指标值, in Chinese; empty when consistent.

    Reports an actual written as an inequality (``=`` is tolerated), a missing or mismatched unit, and a
    textual actual for a numeric target (except time-point targets such as ``2023年``). A blank actual
    gives no problems here (completeness is checked elsewhere), nor do the value's own malformations,
    which are in ``actual.problems``.
    """
    problems: list[str] = []
    if actual.kind == "blank":
        return problems
    if actual.kind == "quant" and actual.op in ("≥", ">", "≤", "<"):
        problems.append(f"实际完成值不应带“{actual.op}”等比较符号，应填写实际达到的数值")
    if target.kind == "quant" and actual.kind == "qual" and not _is_time_point(target):
        problems.append(
            f"年度指标值是数值（“{format_value(target)}”），实际完成值也应填写数值，"
            f"而不是“{actual.text.strip()[:30]}”"
        )
    if target.kind == "quant" and actual.kind == "quant" and not _same_unit(target.unit, actual.unit):
        if not actual.unit:
            problems.append(f"实际完成值缺少单位“{target.unit}”")
        elif not target.unit:
            problems.append(f"年度指标值缺少单位（实际完成值的单位是“{actual.unit}”）")
        else:
            problems.append(f"实际完成值的单位“{actual.unit}”与年度指标值的单位“{target.unit}”不一致")
    return problems
