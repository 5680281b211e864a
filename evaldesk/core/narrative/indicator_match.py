"""What a count or a rate in the report speaks of among the indicators: matching by name.

A figure binds to an indicator of the same unit when the words before it name the indicator (see
:func:`strength`); for a rate the rate word must agree (``整改率`` ~ ``整治率``), so that ``重大隐患100%“清零”``
or ``督办率100%`` never bind to ``重大隐患排查整治率``. Approximations, changes and amounts never bind.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from evaldesk.core import model
from evaldesk.core.indicator_score import is_placeholder, parse
from evaldesk.core.narrative.figures import TextFigure

Path = tuple[str | int, ...]

_NAME_SUFFIXES = ("个数", "起数", "次数", "人数", "户数", "家数", "场次", "数量", "数")
_RATE_ENDS = ("率", "度")
_UNIT_SAME = {"人次": "人次", "名": "人", "次数": "次"}


@dataclass(frozen=True)
class IndicatorRef:
    """A quantitative indicator the report's counts and rates may state."""

    table: str  # "overall" or a project id
    index: int
    name: str
    core: str  # the name without 个数/数 …
    unit: str
    actual: Decimal | None
    target: Decimal | None
    actual_text: str
    path: Path  # edit path of its 实际完成值
    table_label: str  # 附件2 / 附件3“…”


@lru_cache(maxsize=8192)
def core_name(name: str) -> str:
    """``排查各类安全隐患个数`` → ``排查各类安全隐患``; a leading ``2023年`` is dropped too."""
    s = name.strip().translate(str.maketrans("", "", '“”"《》 '))
    if len(s) > 5 and s[:4].isdigit() and s[4] == "年":
        s = s[5:]
    for suffix in _NAME_SUFFIXES:
        if s.endswith(suffix) and len(s) - len(suffix) >= 3:
            return s[: -len(suffix)]
    return s


def _unit(u: str) -> str:
    return _UNIT_SAME.get(u, u)


def indicator_refs(pkg: model.Package) -> list[IndicatorRef]:
    """Every indicator with a number in its 实际完成值 (or 年度指标值), 附件2 first."""
    out = []
    tables: list[tuple[str, str, model.Performance, Path]] = [("overall", "附件2", pkg.overall, ("overall",))]
    tables += [
        (
            p.id,
            f"附件3“{p.name.strip() or '（未命名项目）'}”",
            p.performance,
            ("projects", p.id, "performance"),
        )
        for p in pkg.projects
    ]
    for table, label, perf, base in tables:
        for i, ind in enumerate(perf.indicators):
            if is_placeholder(ind) or len(ind.name.strip()) < 2:
                continue
            a, t = parse(ind.actual), parse(ind.target)
            unit = a.unit or t.unit
            if (
                not unit
                or unit in ("年", "年度", "月", "月份", "万元", "元")
                or (a.number is None and t.number is None)
            ):
                continue
            out.append(
                IndicatorRef(
                    table, i, ind.name.strip(), core_name(ind.name), _unit(unit),
                    a.number if a.kind == "quant" else None, t.number if t.kind == "quant" else None,
                    ind.actual.strip(), (*base, "indicators", i, "actual"), label,
                )
            )  # fmt: skip
    return out


def _head(s: str) -> str:
    """The rate word at the end of a name: ``重大隐患排查整治率`` → ``整治率``; ``""`` if none."""
    return s[-3:] if len(s) >= 3 and s.endswith(_RATE_ENDS) else ""


def _heads_agree(a: str, b: str) -> bool:
    # 整改率 ~ 整治率, 满意度 ~ 满意率: same rate word, or one shared character and the same ending.
    if not a or not b:
        return False
    if a[:2] == b[:2]:
        return True
    return a[-1] == b[-1] and bool(set(a[:2]) & set(b[:2]))


def strength(fig: TextFigure, ref: IndicatorRef) -> tuple[int, float]:
    """How surely ``fig`` speaks of ``ref``: (level, coverage); level 0 = not at all.

    3: the indicator's name is in the words before the number; 2: every character of it is in the words
    around the number (any order: 一般生产安全事故 ~ 一般安全生产事故); 1: the words before the number are
    a 4+ character part of the name covering half of it (有效应对 ~ 有效应对灾害天气), or — for rates — the
    same rate word (整改率 ~ 整治率) with most of the name's other characters earlier in the sentence.
    """
    label, core = fig.label, ref.core
    rate = fig.unit in ("%", "‰")
    head = _head(core)
    if rate and head and not _heads_agree(_head(label), head):
        return 0, 0.0
    if core and core in label:
        return 3, 1.0
    around = set(label + fig.after) if not rate else set(label)
    if len(core) >= 4 and set(core) <= around:
        return 2, 1.0
    if len(label) >= 4 and label in core and len(label) * 2 >= len(core):
        return 1, len(label) / len(core)
    if rate and head and _heads_agree(_head(label), head):
        rest = set(core[:-3])
        if not rest:
            return 1, 1.0
        cover = len(rest & set(fig.context)) / len(rest)
        if cover >= 0.6:
            return 1, cover
    return 0, 0.0


def match_indicator(fig: TextFigure, refs: list[IndicatorRef]) -> list[IndicatorRef]:
    """The indicators ``fig`` most surely speaks of (several only when equally sure); ``[]`` when none."""
    if fig.approx or fig.change or fig.unit == "万元":
        return []
    unit = _unit(fig.unit)
    best: tuple[int, float] = (0, 0.0)
    found: list[IndicatorRef] = []
    for ref in refs:
        if ref.unit != unit:
            continue
        s = strength(fig, ref)
        if s[0] == 0 or s < best:
            continue
        if s > best:
            best, found = s, []
        found.append(ref)
    return found
