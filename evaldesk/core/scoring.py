"""Scoring: package + rule set → a score sheet where every number carries its trace (domain.md §2).

(Interface first; the implementation lands with the scoring issue.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from evaldesk.core import model


@dataclass(frozen=True)
class Score:
    """A computed score out of ``max``; ``trace`` explains it in plain Chinese."""

    value: Decimal | None  # None when it cannot be computed (a blank amount, an unparseable target)
    max: Decimal | None
    trace: str
    overridden: bool = False  # the clerk's override (with reason) replaced the computed value


@dataclass(frozen=True)
class FundingScore:
    """执行率 and its score for one funding row."""

    rate: Decimal | None  # percent, e.g. Decimal('100.00'); None when 全年预算数 is blank or 0
    rate_trace: str
    score: Score  # only the 年度资金总额 row carries 分值/得分; 其中 rows have Score(None, None, …)


@dataclass(frozen=True)
class IndicatorScore:
    index: int  # position in Performance.indicators
    computed: Score  # by the rules
    final: Score  # the override where there is one, else ``computed``
    kind: str  # "quant" | "qual" | "blank"
    deviation_required: bool  # §2.5: 得分 < 分值, band below 达成, over-completion, …
    deviation_why: str  # why a deviation reason is required ("" when not)
    over_completion: bool = False


@dataclass
class TableScore:
    """附件2 or one 附件3: the funding block, the indicator table, subtotals, total, grade."""

    funding: FundingScore  # 年度资金总额
    funding_rows: dict[str, FundingScore] = field(default_factory=dict)  # 附件3 其中 rows: current/carryover/other
    indicators: list[IndicatorScore] = field(default_factory=list)
    by_level1: dict[str, Score] = field(default_factory=dict)  # 一级 name → subtotal (max = its weight)
    by_level2: dict[tuple[str, str], Score] = field(default_factory=dict)
    total: Score = Score(None, Decimal(100), "")
    grade: str = ""  # 优 / 良 / 中 / 差, "" when the total cannot be computed


@dataclass
class ScoreSheet:
    overall: TableScore
    projects: dict[str, TableScore]  # by project id


def score_package(pkg: model.Package) -> ScoreSheet:
    """Score the whole package with its rule set."""
    raise NotImplementedError


def grade(total: Decimal) -> str:
    """优 ≥ 90 · 良 80–<90 · 中 60–<80 · 差 < 60, on the total rounded to 0.01."""
    raise NotImplementedError
