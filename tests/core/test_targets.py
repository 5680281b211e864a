"""Indicator values (年度指标值 / 实际完成值): parsing, printing, and an actual's problems."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaldesk.core.targets import Value, actual_problems, format_value, is_year_value, parse_value

# (text, kind, op, number, unit, canonical print)
WELL_FORMED = [
    ("≥90%", "quant", "≥", "90", "%", "≥90%"),
    (">=90%", "quant", "≥", "90", "%", "≥90%"),
    ("≧90%", "quant", "≥", "90", "%", "≥90%"),
    ("＞＝90%", "quant", "≥", "90", "%", "≥90%"),
    (">90%", "quant", ">", "90", "%", ">90%"),
    ("≤1起", "quant", "≤", "1", "起", "≤1起"),
    ("<=1起", "quant", "≤", "1", "起", "≤1起"),
    ("≦1起", "quant", "≤", "1", "起", "≤1起"),
    ("<1起", "quant", "<", "1", "起", "<1起"),
    ("=0起", "quant", "=", "0", "起", "=0起"),
    ("0起", "quant", "", "0", "起", "0起"),
    ("3755个", "quant", "", "3755", "个", "3755个"),
    ("=3755个", "quant", "=", "3755", "个", "=3755个"),
    ("2023年", "quant", "", "2023", "年", "2023年"),
    ("12月份", "quant", "", "12", "月份", "12月份"),
    ("≤1818.34万元", "quant", "≤", "1818.34", "万元", "≤1818.34万元"),
    ("≤1,818.34万元", "quant", "≤", "1818.34", "万元", "≤1818.34万元"),
    ("100%", "quant", "", "100", "%", "100%"),
    ("90.00%", "quant", "", "90.00", "%", "90.00%"),
    ("０", "quant", "", "0", "", "0"),
    ("≥９０％", "quant", "≥", "90", "%", "≥90%"),
    ("＝１５轮", "quant", "=", "15", "轮", "=15轮"),
    ("  ≥ 90 % ", "quant", "≥", "90", "%", "≥90%"),
    ("\u3000≤\u30001起\u3000", "quant", "≤", "1", "起", "≤1起"),
    ("≥2个百分点", "quant", "≥", "2", "个百分点", "≥2个百分点"),
    ("≥3台", "quant", "≥", "3", "台", "≥3台"),
    ("≥-5%", "quant", "≥", "-5", "%", "≥-5%"),
    ("90%以上", "quant", "≥", "90", "%", "≥90%"),
    ("30天以内", "quant", "≤", "30", "天", "≤30天"),
    ("不低于90%", "quant", "≥", "90", "%", "≥90%"),
    ("不超过5起", "quant", "≤", "5", "起", "≤5起"),
    ("按时举办", "qual", "", None, "", "按时举办"),
    ("已完成", "qual", "", None, "", "已完成"),
    ("完成", "qual", "", None, "", "完成"),
    ("建立长效管理机制", "qual", "", None, "", "建立长效管理机制"),
    ("超过预期", "qual", "", None, "", "超过预期"),
    ("2023年12月", "qual", "", None, "", "2023年12月"),
    ("5.12全国防灾减灾日", "qual", "", None, "", "5.12全国防灾减灾日"),
    ("1.完成年度罚没任务\n2.开展宣传活动", "qual", "", None, "", "1.完成年度罚没任务\n2.开展宣传活动"),
    ("", "blank", "", None, "", ""),
    ("   ", "blank", "", None, "", ""),
]


@pytest.mark.parametrize(("text", "kind", "op", "number", "unit", "printed"), WELL_FORMED)
def test_parse_value(text: str, kind: str, op: str, number: str | None, unit: str, printed: str) -> None:
    v = parse_value(text)
    assert (v.kind, v.op, v.unit, v.text, v.problems) == (kind, op, unit, text, ())
    if number is None:
        assert v.number is None
    else:
        assert v.number is not None and v.number.as_tuple() == Decimal(number).as_tuple()
    assert format_value(v) == printed


def test_none_is_blank() -> None:
    assert parse_value(None) == Value("blank", "", None, "", "")


@pytest.mark.parametrize(
    ("text", "op", "number", "unit", "problem"),
    [
        ("≤≤15轮", "≤", "15", "轮", "运算符重复（“≤≤”）"),
        ("≥≥90%", "≥", "90", "%", "运算符重复（“≥≥”）"),
        ("≧≧90%", "≥", "90", "%", "运算符重复（“≧≧”）"),
        ("==0起", "=", "0", "起", "运算符重复（“==”）"),
        ("≥=5个", "≥", "5", "个", "运算符重复（“≥=”）"),
        ("≥90%以上", "≥", "90", "%", "运算符重复"),
        ("≥≤5", "", "5", "", "运算符矛盾（“≥≤”）"),
        ("<>5", "", "5", "", "运算符矛盾（“<>”）"),
        ("≤5起以上", "", "5", "起", "运算符矛盾"),
        ("1,23个", "", "123", "个", "千分位逗号位置不对"),
    ],
)
def test_malformed_values_are_reported(text: str, op: str, number: str, unit: str, problem: str) -> None:
    v = parse_value(text)
    assert v.kind == "quant"
    assert (v.op, v.number, v.unit) == (op, Decimal(number), unit)
    assert any(problem in p for p in v.problems), v.problems


def test_canonical_print_of_malformed_values() -> None:
    assert format_value(parse_value("≤≤15轮")) == "≤15轮"  # the one unambiguous reduction
    assert format_value(parse_value("≥≤5")) == "≥≤5"  # no canonical form: printed as written
    assert format_value(parse_value("1,23个")) == "1,23个"


@pytest.mark.parametrize(
    ("text", "problem"), [("≥按时", "后面应为数值"), ("≥5月完成", "数值+单位"), ("=", "后面应为数值")]
)
def test_operator_without_number_is_reported(text: str, problem: str) -> None:
    v = parse_value(text)
    assert v.kind == "qual"
    assert any(problem in p for p in v.problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023年", True), ("=2023年", True), ("2023年度", True), ("２０２３年", True), ("12月份", False),
     ("≥2023年", False), ("3年", False), ("2023.5年", False), ("已完成", False), ("", False)],
)  # fmt: skip
def test_is_year_value(text: str, expected: bool) -> None:
    assert is_year_value(parse_value(text)) is expected


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≤1818.34万元", "≤1818.34万元", ["实际完成值不应带“≤”等比较符号"]),
        ("≥90%", "≥90%", ["实际完成值不应带“≥”等比较符号"]),
        ("≥90%", "=90%", []),
        ("=0起", "0", ["实际完成值缺少单位“起”"]),
        ("≤1起", "1个", ["实际完成值的单位“个”与年度指标值的单位“起”不一致"]),
        ("3", "3个", ["年度指标值缺少单位"]),
        ("≤1起", "已完成", ["实际完成值也应填写数值"]),
        ("2023年", "已完成", []),
        ("2023年", "完成", []),
        ("12月份", "12月", []),
        ("按时举办", "按时举办", []),
        ("按时举办", "5月", []),
        ("≤1起", "", []),
        ("", "1起", []),
    ],
)
def test_actual_problems(target: str, actual: str, expected: list[str]) -> None:
    problems = actual_problems(parse_value(target), parse_value(actual))
    assert len(problems) == len(expected), problems
    for want, got in zip(expected, problems, strict=True):
        assert want in got


# The indicator tables of the reference package (附件2 and 附件3), as printed: target, actual,
# (op, number, unit) of each, and the problems expected with the actual.
REFERENCE_ROWS = [
    ("≤3755个", ("≤", "3755", "个"), "=3755个", ("=", "3755", "个"), []),
    ("≤1起", ("≤", "1", "起"), "1起", ("", "1", "起"), []),
    ("2023年", ("", "2023", "年"), "已完成", None, []),
    ("2023年", ("", "2023", "年"), "完成", None, []),
    ("≤1818.34万元", ("≤", "1818.34", "万元"), "≤1818.34万元", ("≤", "1818.34", "万元"), ["比较符号"]),
    ("0起", ("", "0", "起"), "0起", ("", "0", "起"), []),
    ("=90%", ("=", "90", "%"), "=90%", ("=", "90", "%"), []),
    ("90%", ("", "90", "%"), "90%", ("", "90", "%"), []),
    ("≤2399个", ("≤", "2399", "个"), "2395个", ("", "2395", "个"), []),
    ("≤≤15轮", ("≤", "15", "轮"), "=15轮", ("=", "15", "轮"), []),
    ("100%", ("", "100", "%"), "100%", ("", "100", "%"), []),
    ("≤2起", ("≤", "2", "起"), "=2起", ("=", "2", "起"), []),
    ("按时举办", None, "按时举办", None, []),
    ("12月份", ("", "12", "月份"), "12月份", ("", "12", "月份"), []),
    ("≤74.99万元", ("≤", "74.99", "万元"), "=74.99万元", ("=", "74.99", "万元"), []),
    ("=0起", ("=", "0", "起"), "0", ("", "0", ""), ["缺少单位“起”"]),
    ("=90%", ("=", "90", "%"), "90%", ("", "90", "%"), []),
    ("建立长效管理机制", None, "开展相关活动", None, []),
    ("≥90%", ("≥", "90", "%"), "=90%", ("=", "90", "%"), []),
]


def _check(text: str, expected: tuple[str, str, str] | None) -> None:
    v = parse_value(text)
    if expected is None:
        assert v.kind == "qual" and v.problems == ()
        return
    op, number, unit = expected
    assert v.kind == "quant"
    assert (v.op, v.number, v.unit) == (op, Decimal(number), unit)
    assert v.problems == (("运算符重复（“≤≤”）",) if text == "≤≤15轮" else ())


@pytest.mark.parametrize(("target", "t_parts", "actual", "a_parts", "problems"), REFERENCE_ROWS)
def test_reference_package_values(
    target: str,
    t_parts: tuple[str, str, str] | None,
    actual: str,
    a_parts: tuple[str, str, str] | None,
    problems: list[str],
) -> None:
    _check(target, t_parts)
    _check(actual, a_parts)
    found = actual_problems(parse_value(target), parse_value(actual))
    assert len(found) == len(problems), found
    for want, got in zip(problems, found, strict=True):
        assert want in got


def test_reference_year_targets() -> None:
    assert is_year_value(parse_value("2023年"))
    assert not is_year_value(parse_value("12月份"))


# ------------------------------------------------------------------------------------------- properties

_valueish = st.text(alphabet="≥≤><=＝≧≦０１2.,，．%％ 个起轮万元年月份以上不低于完成\u3000-", max_size=20)


@given(st.one_of(st.text(), _valueish, st.none()))
def test_parse_value_never_raises(text: str | None) -> None:
    v = parse_value(text)
    assert v.kind in ("quant", "qual", "blank")
    assert v.op in ("≥", ">", "≤", "<", "=", "")
    assert v.text == (text or "")
    assert (v.number is not None) == (v.kind == "quant")
    printed = format_value(v)
    assert isinstance(printed, str)
    is_year_value(v)
    actual_problems(v, v)
    actual_problems(parse_value("≤1起"), v)


@given(_valueish)
def test_canonical_print_is_stable(text: str) -> None:
    v = parse_value(text)
    if v.kind == "quant" and not v.problems:
        again = parse_value(format_value(v))
        assert (again.kind, again.op, again.number, again.unit) == (v.kind, v.op, v.number, v.unit)


_PIECES = [
    "≥",
    "≤",
    ">",
    "<",
    "=",
    "＝",
    "≧",
    ">=",
    "≤≤",
    " ",
    "　",
    "0",
    "1",
    "9",
    "90",
    "3755",
    ".",
    ",",
    "１",
    "．",
    "%",
    "％",
    "个",
    "起",
    "万元",
    "年",
    "月份",
    "以上",
    "以内",
    "完成",
    "e5",
    "-",
    "x",
    "/",
    "／",
    "元",
    "亩",
    "公里",
    "百分比",
    "人次",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join))
def test_the_fast_path_gives_what_the_general_parser_gives(text: str) -> None:
    from evaldesk.core import money, targets

    s = money.normalize_text(text).translate(targets._OP_NORMALIZE)
    body = s.strip()
    if body:
        fast, general = targets.parse_value(text), targets._parse_general(text, s, body)
        assert fast == general
        assert str(fast.number) == str(general.number)  # the places as entered, too (1.50 is not 1.5)


# ---------------------------------------------------------------------------------- the unit grammar

PER_UNIT = [
    ("=10元/亩", "=", "10", "元/亩", "=10元/亩"),
    ("≤500元/人", "≤", "500", "元/人", "≤500元/人"),
    ("≥3万元/公里", "≥", "3", "万元/公里", "≥3万元/公里"),
    ("≤1.5万元/户", "≤", "1.5", "万元/户", "≤1.5万元/户"),
    ("≥95百分比", "≥", "95", "百分比", "≥95百分比"),
    ("≥100人次", "≥", "100", "人次", "≥100人次"),
    ("10元／亩", "", "10", "元/亩", "10元/亩"),
    ("≥3 万元 / 公里", "≥", "3", "万元/公里", "≥3万元/公里"),
    ("≤１.５万元／户", "≤", "1.5", "万元/户", "≤1.5万元/户"),
    ("不超过500元/人", "≤", "500", "元/人", "≤500元/人"),
]


@pytest.mark.parametrize(("text", "op", "number", "unit", "printed"), PER_UNIT)
def test_units_per_something_and_unit_words_are_quantitative(
    text: str, op: str, number: str, unit: str, printed: str
) -> None:
    v = parse_value(text)
    assert (v.kind, v.op, v.number, v.unit, v.problems) == ("quant", op, Decimal(number), unit, ())
    assert format_value(v) == printed


@pytest.mark.parametrize("text", ["≥5个/人/次", "≥5/亩", "5元/", "≥3万元/公里以外的路段"])
def test_what_the_unit_grammar_refuses(text: str) -> None:
    assert parse_value(text).kind == "qual"


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥95百分比", "96%", []),
        ("≥95%", "96百分比", []),
        ("=10元/亩", "10元／亩", []),
        ("=10元/亩", "10元", ["单位“元”与年度指标值的单位“元/亩”不一致"]),
        ("≤500元/人", "480元/户", ["不一致"]),
    ],
)
def test_actual_units_compare_by_the_grammar(target: str, actual: str, expected: list[str]) -> None:
    problems = actual_problems(parse_value(target), parse_value(actual))
    assert len(problems) == len(expected), problems
    for want, got in zip(expected, problems, strict=True):
        assert want in got


_SIMPLE_UNIT_SAMPLE = st.sampled_from(
    [
        "元",
        "万元",
        "亩",
        "公里",
        "人",
        "户",
        "人次",
        "%",
        "百分比",
        "个",
        "次",
        "平方米",
        "㎡",
        "月份",
        "kg",
        "t",
    ]
)


@given(
    op=st.sampled_from(["", "≥", "≤", ">", "<", "="]),
    number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    unit=_SIMPLE_UNIT_SAMPLE,
    per=st.one_of(st.just(""), _SIMPLE_UNIT_SAMPLE),
    slash=st.sampled_from(["/", "／", " / ", "／ "]),
    space=st.sampled_from(["", " ", "\u3000"]),
)
def test_the_unit_grammar_reads_number_unit_per_unit(
    op: str, number: Decimal, unit: str, per: str, slash: str, space: str
) -> None:
    from evaldesk.core.targets import canonical_unit

    written = unit + (slash + per if per else "")
    v = parse_value(f"{space}{op}{space}{number}{space}{written}{space}")
    want_unit = unit + ("/" + per if per else "")
    assert (v.kind, v.op, v.number, v.unit, v.problems) == ("quant", op, number, want_unit, ())
    again = parse_value(format_value(v))
    assert (again.op, again.number, again.unit) == (v.op, v.number, v.unit)
    # A unit and its spelled-out word are one unit for comparison, per part.
    spelled = {"%": "百分比", "百分比": "%", "㎡": "平方米", "月份": "月"}
    other = spelled.get(unit, unit) + ("/" + spelled.get(per, per) if per else "")
    assert canonical_unit(other) == canonical_unit(want_unit)
    assert actual_problems(v, parse_value(f"{number}{other}")) == []
