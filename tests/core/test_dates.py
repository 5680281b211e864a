"""Dates typed by a clerk."""

from __future__ import annotations

import datetime as dt

import pytest

from evaldesk.core.dates import format_date, parse_date, report_month
from evaldesk.core.errors import InputError


@pytest.mark.parametrize(
    "text",
    [
        "2025年3月20日",
        "2025-3-20",
        "2025.3.20",
        "20250320",
        "2025/03/20",
        " 2025 年 3 月 20 日 ",
        "２０２５年３月２０日",
        "2025年3月20号",
        "2025-03-20",
    ],
)
def test_accepted_forms(text):
    assert parse_date(text) == dt.date(2025, 3, 20)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写日期，如 2025年3月20日。"),
        ("三月二十日", "“三月二十日”不是日期，请按“2025年3月20日”或“2025-3-20”的样子填写。"),
        ("2025-13-1", "“2025-13-1”的月份13不存在，月份应为1到12。"),
        ("2025-2-30", "“2025-2-30”不是有效的日期：2025年2月没有30日。"),
        ("2025320", "“2025320”不是日期，请按“2025年3月20日”或“2025-3-20”的样子填写。"),
        ("2025-3-20-1", "“2025-3-20-1”不是日期，请按“2025年3月20日”或“2025-3-20”的样子填写。"),
    ],
)
def test_refused_with_a_chinese_message(text, message):
    with pytest.raises(InputError) as e:
        parse_date(text)
    assert str(e.value) == message


def test_format_and_report_month():
    assert format_date(dt.date(2024, 5, 6)) == "2024年5月6日"
    assert format_date(None) == ""
    assert parse_date(format_date(dt.date(2024, 12, 31))) == dt.date(2024, 12, 31)
    assert report_month(2023) == (2024, 3)
