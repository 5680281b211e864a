"""One amount grammar for every way in: JSON refuses what the edit path refuses, names the JSON path,
and never lets a long number, an unknown 附件1 row or a fractional version through (issue 16)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaldesk.core import jsonform, money
from evaldesk.core.errors import FileFormatError, InputError
from evaldesk.core.sample import load_sample


def _doc() -> dict[str, Any]:
    return json.loads(jsonform.dumps(load_sample()))


def _with_amount(raw: str) -> str:
    """The sample's JSON text with 附件1 项目支出's 上年决算数 written as ``raw`` (a JSON token)."""
    text = json.dumps(_doc(), ensure_ascii=False)
    needle = '"project": {"prev": "923.8"'
    assert needle in text
    return text.replace(needle, '"project": {"prev": ' + raw, 1)


@pytest.mark.parametrize(
    "raw",
    [
        '"1.23456"',
        '"1.23456789"',
        "1.23456",
        '"1e5"',
        "1e5",
        "1E+2",
        '"1234567890123"',
        "1234567890123",
        '"١٢٣"',
        '"7_7.23"',
        '"-0"',
        "-0",
        '"-0.00"',
        '"' + "9" * 401 + '"',
        "9" * 401,
        '"NaN"',
        '"Infinity"',
        '"sNaN"',
        '"1,818.34"',
        '"１８１８"',
        '" 12"',
        '"+5"',
        '".5"',
        '"5."',
    ],
)
def test_json_refuses_what_the_edit_path_refuses(raw: str) -> None:
    with pytest.raises(FileFormatError, match=re.escape("$.basic.rows.project.prev")) as e:
        jsonform.loads(_with_amount(raw))
    assert "无效" in str(e.value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ('"1818.34"', "1818.34"),
        ("4.8", "4.8"),
        ('"4.80"', "4.80"),
        ('"-5.1234"', "-5.1234"),
        ("123456789012", "123456789012"),
        ('"0"', "0"),
    ],
)
def test_json_accepts_the_canonical_form(raw: str, value: str) -> None:
    pkg = jsonform.loads(_with_amount(raw))
    got = pkg.basic.rows["project"].prev
    assert got is not None and str(got) == value


def test_a_5000_digit_integer_is_a_message_not_a_crash() -> None:
    text = jsonform.dumps(load_sample()).replace('"fiscal_year": 2023', '"fiscal_year": ' + "7" * 5000)
    with pytest.raises(FileFormatError, match=re.escape("$.fiscal_year 应为整数")):
        jsonform.loads(text)
    text = _with_amount("7" * 5000)
    with pytest.raises(FileFormatError, match="共5000个字符"):
        jsonform.loads(text)


def test_version_1_0_is_named_not_called_missing() -> None:
    text = jsonform.dumps(load_sample()).replace('"version": 1', '"version": 1.0', 1)
    with pytest.raises(FileFormatError, match="版本号“1.0”无效") as e:
        jsonform.loads(text)
    assert "缺少" not in str(e.value)
    doc = _doc()
    del doc["version"]
    with pytest.raises(FileFormatError, match="缺少版本号"):
        jsonform.loads(json.dumps(doc))


def test_an_unknown_basic_row_key_is_refused() -> None:
    doc = _doc()
    doc["basic"]["rows"]["pubilc"] = doc["basic"]["rows"].pop("public")
    with pytest.raises(FileFormatError, match="无法识别的附件1行：“pubilc”"):
        jsonform.loads(json.dumps(doc, ensure_ascii=False))


def test_negative_zero_is_written_as_zero() -> None:
    pkg = load_sample()
    pkg.basic.rows["project"].prev = Decimal("-0.00")
    text = jsonform.dumps(pkg)
    assert '"prev": "0.00"' in text
    assert jsonform.loads(text).basic.rows["project"].prev == Decimal("0")


_NUMBERISH = st.text(st.sampled_from(list("0123456789.-+eE_,١٢٣０ ")), min_size=1, max_size=24)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_NUMBERISH, st.sampled_from(["NaN", "-0", "1e5", "0.00001", "1" * 13, "7_7.23"])))
def test_json_never_accepts_an_amount_the_edit_path_refuses(text: str) -> None:
    """Property: whatever JSON accepts, ``parse_amount`` accepts with the same value."""
    try:
        got = money.parse_exchange_number(text)
    except InputError as e:
        assert str(e).strip()
        return
    assert money.parse_amount(text) == got
    assert got == Decimal(text)
