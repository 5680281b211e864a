"""Figures written in the report's free text: amounts, counts, rates and years, with the words around them.

Pure text work, no package semantics (:mod:`.match` decides what a figure speaks of). Positions are
positions in the text given (full-width digits and ``，．％`` are read through ``money.normalize_text``,
which keeps lengths): ``１，２３４．５万元`` is 1234.5 万元. Amounts are converted to 万元 (``元`` ÷ 10000,
``亿元`` × 10000); ``万`` alone counts as 万元 only where no count unit follows (``7万人次`` is not money).

Each figure carries flags that make the checks leave it alone: ``approx`` (``50余次``, ``近2800余人次``,
``约600万元``, ``3000人左右``, ranges such as ``3-5个``) and ``change`` (``同比下降66%``, ``较上年减少12万元``,
``占总支出的35%``, ``个百分点``): neither is a figure a table states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from evaldesk.core import model
from evaldesk.core.money import normalize_text

_FIG = re.compile(
    r"(?<![0-9.])(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"[ ]*(?P<approx>余|多)?[ ]*"
    r"(?P<unit>亿元|万元|元(?!旦)|万人次|万人|万(?![人份次户个件元台辆项家名条块处所座场套批篇])"
    r"|人次|个百分点|百分点|%|‰|个(?!月|工作日|小时|多月|季度|百分点)|起|轮|次|人(?!民)|家|份|天|项|场|户|件"
    r"|名|条|块|所|座|处(?!理)|辆|台|套|批|期(?!间)|篇|分(?!钟|之|别|局|队|类|析|解|享|工|配))"
)
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[ ]*年(度)?")
_AMOUNT_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001")}
_CLAUSE_STOPS = frozenset("。；;：:，,、\n！？!?")
_SENTENCE_STOPS = frozenset("。！？!?\n")
_QUOTES = str.maketrans("", "", "“”\"'‘’《》〈〉「」『』")
_LEADING = re.compile(
    r"^(?:其中|主要包括|主要有|包括|全年|全区|全市|全县|全局|本年度|本年|当年|今年以来|今年来|今年|年内|"
    r"共计|合计|总计|累计|共|我局|本局|本部门|本单位|现已|均已|已|均|另|此外|截至目前|目前)+"
)
_TRAILING = re.compile(
    r"(?:共计|合计|总计|累计|达到|约为|大约|将近|接近|超过|不到|不足|共|为|是|达|约|计|了|有|近|逾|仅|已|均)+$"
)
_APPROX_BEFORE = re.compile(r"(?:约为|大约|将近|接近|超过|不到|不足|约|近|逾|上下|左右)$")
_APPROX_AFTER = re.compile(r"^(?:左右|以上|以下|上下|许|余|多|之多)")
_CHANGE_WORDS = (
    "同比", "环比", "增加", "增长", "减少", "下降", "上升", "降低", "提高", "提升", "增幅", "降幅", "节约",
    "节省", "结余", "多出", "超出", "上涨", "回落", "缩减", "压减", "压缩", "比上年", "较上年", "较去年",
    "人均", "平均", "每人", "每月", "月均", "年均", "占", "分别",
)  # fmt: skip
_RANGE_BEFORE = re.compile(r"(?:[0-9][ ]*[-~～—至到])$")
_RANGE_AFTER = re.compile(r"^[ ]*[-~～—至到][ ]*[0-9]")
_COMPARATIVE_BEFORE = ("较", "比", "与", "同", "自", "从", "至", "于", "截")
_COMPARATIVE_AFTER = ("相比", "同期", "以来", "比", "至")
_PREV_WORDS = re.compile(r"^(?:上年度|上一年度|上年|去年|上一年)")


@dataclass(frozen=True)
class TextFigure:
    """A number with its unit found in free text, and the words around it."""

    number: Decimal  # in ``unit`` (amounts converted to 万元)
    unit: str  # 万元, 个, %, 人 …
    label: str  # the cleaned words just before the number, e.g. 商品和服务支出
    year: int | None  # the year named in the same clause, else in the sentence before it
    start: int  # span of the number and unit in the text
    end: int
    snippet: str  # the clause as written: label + number + unit
    written_unit: str = ""  # the unit as written (元, 万, 万元 …)
    after: str = ""  # the words right after the unit, up to the next clause stop (``的基本支出``)
    sentence: str = ""  # the whole sentence, as written
    context: str = ""  # the sentence up to the number (normalised), for name matching
    approx: bool = False
    change: bool = False
    prev_words: bool = False  # the clause speaks of 上年/去年
    places: int = 0  # decimals written


@dataclass(frozen=True)
class YearMention:
    """A year written in the text (``2022年`` or ``2022年度``) and how it is used."""

    year: int
    start: int
    end: int
    du: bool  # written as 年度
    comparative: bool  # 较2022年, 与2022年相比, 自2019年以来 …
    subject: bool  # opens its sentence or clause (after numbering such as 1、or （一）)
    quoted: bool  # inside 《…》 or “…” (a document title)
    date: bool  # followed by a month: 2022年12月
    sentence: str  # the sentence, as written


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
                path = ("report", si, "subsections", j, "body")
                out.append(ReportText(path, head + sub.heading.strip(), si, sub.body))
    return out


def _back(norm: str, pos: int, stops: frozenset[str]) -> int:
    i = pos
    while i > 0 and norm[i - 1] not in stops:
        i -= 1
    return i


def _fwd(norm: str, pos: int, stops: frozenset[str]) -> int:
    i = pos
    while i < len(norm) and norm[i] not in stops:
        i += 1
    return i


def _is_comparative(norm: str, start: int, end: int) -> bool:
    before = norm[max(0, start - 2) : start]
    after = norm[end : end + 2]
    return any(c in before for c in _COMPARATIVE_BEFORE) or after.startswith(_COMPARATIVE_AFTER)


def _sentence_year(norm: str, sent_start: int, pos: int) -> int | None:
    found = None
    for m in _YEAR.finditer(norm, sent_start, pos):
        if not _is_comparative(norm, m.start(), m.end()):
            found = int(m.group(1))
    return found


def _places(d: Decimal) -> int:
    e = d.as_tuple().exponent
    return -e if isinstance(e, int) and e < 0 else 0


def _figures(text: str) -> tuple[TextFigure, ...]:
    norm = normalize_text(text)
    out = []
    for m in _FIG.finditer(norm):
        digits = m.group("num").replace(",", "")
        if len(digits.partition(".")[0]) > 15:
            continue  # no table holds such a figure (and Decimal arithmetic on it would overflow)
        try:
            written = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            continue
        start, end = m.start(), m.end()
        if norm[start - 1 : start] == "第":
            continue  # an ordinal: 排名第1
        unit = m.group("unit")
        cs = _back(norm, start, _CLAUSE_STOPS)
        ss = _back(norm, start, _SENTENCE_STOPS)
        raw = norm[cs:start].strip()
        year = None
        for ym in _YEAR.finditer(raw):
            if not _is_comparative(raw, ym.start(), ym.end()):
                year, raw = int(ym.group(1)), raw[ym.end() :]
        approx = bool(m.group("approx")) or bool(_APPROX_BEFORE.search(raw)) or unit in ("万人次", "万人")
        after_end = _fwd(norm, end, _CLAUSE_STOPS)
        after = norm[end:after_end].strip()
        approx = approx or bool(_APPROX_AFTER.match(after)) or bool(_RANGE_AFTER.match(norm[end:]))
        approx = approx or bool(_RANGE_BEFORE.search(norm[max(0, start - 3) : start]))
        change = unit in ("个百分点", "百分点") or any(w in raw for w in _CHANGE_WORDS)
        label = raw.strip().translate(_QUOTES)
        prev_words = bool(_PREV_WORDS.match(_LEADING.sub("", label)))
        label = _LEADING.sub("", _TRAILING.sub("", label)).strip()
        if year is None:
            year = _sentence_year(norm, ss, cs)
        factor = _AMOUNT_UNITS.get(unit)
        number = written
        if factor is not None and factor != 1:
            # 6,237,400元 → 623.74 (not 623.7400): keep the decimals the amount really has.
            number = (written * factor).normalize()
            number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number
        canon = "万元" if factor is not None else unit
        se = _fwd(norm, end, _SENTENCE_STOPS)
        out.append(
            TextFigure(
                number=number,
                unit=canon,
                label=label,
                year=year,
                start=start,
                end=end,
                snippet=text[cs:end].strip(),
                written_unit=unit,
                after=after.translate(_QUOTES),
                sentence=text[ss : se + 1 if se < len(text) else se].strip(),
                context=norm[ss:start].translate(_QUOTES),
                approx=approx,
                change=change,
                prev_words=prev_words,
                places=_places(number),
            )
        )
    return tuple(out)


@lru_cache(maxsize=512)
def figures(text: str) -> tuple[TextFigure, ...]:
    """Every amount, count and rate in ``text``, in order (cached per text)."""
    return _figures(text)


@lru_cache(maxsize=512)
def amounts(text: str) -> tuple[TextFigure, ...]:
    """Amounts (万元, 万, 元, 亿元 → 万元): ``2023年基本支出为623.74万元`` → (623.74, label 基本支出, year 2023)."""
    return tuple(f for f in figures(text) if f.unit == "万元")


@lru_cache(maxsize=512)
def counts(text: str) -> tuple[TextFigure, ...]:
    """Counts and rates with a unit: ``排查各类安全隐患3755个`` → (3755, 个, label 排查各类安全隐患)."""
    return tuple(f for f in figures(text) if f.unit != "万元")


def _subject(norm: str, start: int) -> bool:
    head = norm[_back(norm, start, _CLAUSE_STOPS | frozenset("；;")) : start]
    return (
        re.fullmatch(
            r"\s*(?:[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.]|[一二三四五六七八九十]+、)?\s*", head
        )
        is not None
    )


def _quoted(norm: str, pos: int) -> bool:
    before = norm[:pos]
    return before.count("《") > before.count("》") or before.count("“") > before.count("”")


@lru_cache(maxsize=512)
def years(text: str) -> tuple[YearMention, ...]:
    """Every year written in ``text`` (``NNNN年`` or ``NNNN年度``), with how it is used."""
    norm = normalize_text(text)
    out = []
    for m in _YEAR.finditer(norm):
        ss, se = _back(norm, m.start(), _SENTENCE_STOPS), _fwd(norm, m.end(), _SENTENCE_STOPS)
        out.append(
            YearMention(
                year=int(m.group(1)),
                start=m.start(),
                end=m.end(),
                du=m.group(2) is not None,
                comparative=_is_comparative(norm, m.start(), m.end()),
                subject=_subject(norm, m.start()),
                quoted=_quoted(norm, m.start()),
                date=re.match(r"[ ]*[0-9]{1,2}[ ]*月", norm[m.end() :]) is not None,
                sentence=text[ss : se + 1 if se < len(text) else se].strip(),
            )
        )
    return tuple(out)


@lru_cache(maxsize=256)
def years_with_du(text: str) -> tuple[tuple[int, int, int], ...]:
    """Every ``NNNN年度`` as (year, start, end)."""
    return tuple((y.year, y.start, y.end) for y in years(text) if y.du)
