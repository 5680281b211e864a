"""Figures written in the report's free text: ``商品和服务支出84.78万元``, ``排查各类安全隐患3755个``, years.

Pure text work, no package semantics: the checks (R17–R19) decide what a figure should agree with.
Positions are positions in the original text (full-width digits are read through
``money.normalize_text``, which keeps lengths).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from evaldesk.core import model
from evaldesk.core.money import normalize_text

_AMOUNT = re.compile(r"(?<![0-9.])([0-9][0-9,]*(?:\.[0-9]+)?)\s*万元")
_COUNT = re.compile(r"(?<![0-9.])([0-9][0-9,]*(?:\.[0-9]+)?)\s*(%|个|起|轮|次|人次|人|家|份|天|项|场|户|件)")
_YEAR_IN = re.compile(r"([0-9]{4})年度?")
_YEARDU = re.compile(r"(?<![0-9])([0-9]{4})年度")
_STOP = "，。；：,;:\n、（）()！？!?"
_TRAILING = re.compile(r"(?:共计|合计|总计|累计|达到|共|为|是|达|约|计|了|有)+$")
_LEADING = re.compile(r"^(?:其中|包括|主要包括|全年|全区|本年|当年|今年|年内|共|累计)+")


@dataclass(frozen=True)
class TextFigure:
    """A number with its unit found in free text, and the words just before it."""

    number: Decimal
    unit: str  # 万元, 个, %, …
    label: str  # the cleaned words before the number, e.g. 商品和服务支出
    year: int | None  # the year named in the same clause or sentence, if any
    start: int  # span of the number and unit in the text
    end: int
    snippet: str  # the clause as written, label + number + unit


@dataclass(frozen=True)
class ReportText:
    """One body of text in the report, with the edit path that holds it and a label for messages."""

    path: tuple[str | int, ...]
    title: str  # e.g. 二、一般公共预算支出情况（一）基本支出情况
    section: int  # index of the section (0 = 一)
    text: str


def report_texts(pkg: model.Package) -> list[ReportText]:
    """Every section body and sub-section body, in order (headings are not included)."""
    out = []
    for si, s in enumerate(pkg.report):
        head = s.heading.strip()
        if s.body.strip():
            out.append(ReportText(("report", si, "body"), head, si, s.body))
        for j, sub in enumerate(s.subsections):
            if sub.body.strip():
                out.append(
                    ReportText(
                        ("report", si, "subsections", j, "body"), head + sub.heading.strip(), si, sub.body
                    )
                )
    return out


def _clause_start(norm: str, pos: int) -> int:
    i = pos
    while i > 0 and norm[i - 1] not in _STOP:
        i -= 1
    return i


def _sentence_year(norm: str, pos: int) -> int | None:
    i = pos
    while i > 0 and norm[i - 1] not in "。\n！？!?":
        i -= 1
    years = _YEAR_IN.findall(norm, i, pos)
    return int(years[-1]) if years else None


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _figures(text: str, pattern: re.Pattern[str], fixed_unit: str | None) -> Iterator[TextFigure]:
    norm = normalize_text(text)
    for m in pattern.finditer(norm):
        value = _number(m.group(1))
        if value is None:
            continue
        start = _clause_start(norm, m.start())
        raw_label = norm[start : m.start()].strip()
        year = None
        ym = _YEAR_IN.search(raw_label)
        if ym:
            year = int(ym.group(1))
            raw_label = raw_label[ym.end() :]
        else:
            year = _sentence_year(norm, m.start())
        label = _LEADING.sub("", _TRAILING.sub("", raw_label.strip())).strip()
        unit = fixed_unit or m.group(2)
        yield TextFigure(value, unit, label, year, m.start(), m.end(), text[start : m.end()].strip())


@lru_cache(maxsize=256)
def amounts(text: str) -> tuple[TextFigure, ...]:
    """Amounts written with ``万元``: ``2023年基本支出为623.74万元`` → (623.74, label 基本支出, year 2023)."""
    return tuple(_figures(text, _AMOUNT, "万元"))


@lru_cache(maxsize=256)
def counts(text: str) -> tuple[TextFigure, ...]:
    """Counts and rates with a unit: ``排查各类安全隐患3755个`` → (3755, 个, label 排查各类安全隐患)."""
    return tuple(_figures(text, _COUNT, None))


@lru_cache(maxsize=256)
def years_with_du(text: str) -> tuple[tuple[int, int, int], ...]:
    """Every ``NNNN年度`` as (year, start, end)."""
    norm = normalize_text(text)
    return tuple((int(m.group(1)), m.start(), m.end()) for m in _YEARDU.finditer(norm))
