"""The score values scoring and indicator scoring both build: a score with its trace, a problem met
while scoring, one indicator's result. Kept apart so that :mod:`evaldesk.core.indicator_score` and
:mod:`evaldesk.core.scoring` import them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Score:
    """A computed score out of ``max``; ``trace`` explains it in plain Chinese."""

    value: Decimal | None  # None when it cannot be computed (a blank amount, an unparseable target)
    max: Decimal | None
    trace: str
    overridden: bool = False  # the clerk's override (with reason) replaced the computed value


@dataclass(frozen=True)
class ScoreIssue:
    """Something scoring met that the clerk should fix (turned into a finding by the checks)."""

    code: str  # band_needed, band_unknown, band_score_outside, override_no_reason, override_out_of_range,
    #            cannot_score, target_blank, actual_blank, band_ignored
    severity: str  # error / warning / hint
    text: str  # Chinese, without the indicator's name (the check adds where)
    values: dict[str, Decimal] = field(default_factory=dict)  # the figures involved


@dataclass(frozen=True)
class IndicatorScore:
    index: int  # position in Performance.indicators
    computed: Score  # by the rules
    final: Score  # the override where there is one, else ``computed``
    kind: str  # "quant" | "qual" | "blank"
    deviation_required: bool  # §2.5: 得分 < 分值, band below 达成, over-completion, …
    deviation_why: str  # why a deviation reason is required ("" when not)
    over_completion: bool = False
    issues: tuple[ScoreIssue, ...] = ()
