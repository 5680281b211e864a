"""Dates as a clerk types them (填报日期, 封面日期): ``2025年3月20日``, ``2025-3-20``, ``2025.3.20``, ``20250320``.

Pure functions, no Qt: the date fields of the window parse with :func:`parse_date` and show
:func:`format_date`.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from evaldesk.core.errors import InputError

# 2025年3月20日 · 2025-3-20 · 2025.3.20 · 2025/3/20 (spaces allowed around the separators), 20250320.
_SEPARATED = re.compile(r"^(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
EXAMPLE = "2025年3月20日"
# Reports on a fiscal year are made in the following spring: a blank date's calendar opens there.
REPORT_MONTH = 3


def parse_date(text: str) -> _dt.date:
    """The date ``text`` names; raises ``InputError`` (Chinese, quoting the text) when it names none."""
    s = unicodedata.normalize("NFKC", text or "").strip()
    m = _SEPARATED.match(s) or _COMPACT.match(s)
    shown = (text or "").strip()
    if not s:
        raise InputError(f"请填写日期，如 {EXAMPLE}。")
    if not m:
        raise InputError(f"“{shown[:30]}”不是日期，请按“{EXAMPLE}”或“2025-3-20”的样子填写。")
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise InputError(f"“{shown}”的月份{month}不存在，月份应为1到12。")
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise InputError(f"“{shown}”不是有效的日期：{year}年{month}月没有{day}日。") from None


def format_date(d: _dt.date | None) -> str:
    """``2025年3月20日`` (no zero padding, as the forms print it); "" for no date."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def report_month(fiscal_year: int) -> tuple[int, int]:
    """(year, month) when a package on ``fiscal_year`` is usually filled in: the following spring."""
    return fiscal_year + 1, REPORT_MONTH
