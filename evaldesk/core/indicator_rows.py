"""Rules for the rows of a 绩效指标 table that need no widget: where a new row goes, which moves are
allowed, where a library indicator lands, and when a 偏差原因 is required but missing or refused.

The indicator editor (``ui.indicators.editor``) and its Qt model (``ui.models.indicator_model``) ask
these and turn the answers into edits, selections and colours.
"""

from __future__ import annotations

from collections.abc import Sequence

from evaldesk.core import edits, model
from evaldesk.core.scoring import IndicatorScore


def group_order(level1: str, level2: str) -> tuple[int, int]:
    """Where a heading sits on the form (unknown headings last)."""
    l1s = list(model.LEVEL2_BY_LEVEL1)
    i1 = l1s.index(level1) if level1 in l1s else len(l1s)
    l2s = model.LEVEL2_BY_LEVEL1.get(level1, ())
    i2 = l2s.index(level2) if level2 in l2s else len(l2s)
    return i1, i2


def same_group(inds: Sequence[model.Indicator], a: int, b: int) -> bool:
    """Whether rows ``a`` and ``b`` both exist and sit under the same 一级/二级 heading (a row moves only there)."""
    if not (0 <= a < len(inds) and 0 <= b < len(inds)):
        return False
    return (inds[a].level1, inds[a].level2) == (inds[b].level1, inds[b].level2)


def insert_position(inds: Sequence[model.Indicator], level1: str, level2: str) -> int:
    """After the last row of that 二级 heading; for a heading not in the table, where the form has it."""
    same = [i for i, ind in enumerate(inds) if (ind.level1, ind.level2) == (level1, level2)]
    if same:
        return same[-1] + 1
    want = group_order(level1, level2)
    before = [i for i, ind in enumerate(inds) if group_order(ind.level1, ind.level2) <= want]
    return before[-1] + 1 if before else 0


def place_indicator(
    list_path: edits.Path, inds: Sequence[model.Indicator], ind: model.Indicator
) -> tuple[int, edits.Edit]:
    """Where ``ind`` (from the library) goes and the edit that puts it there: the first empty row of its
    heading (keeping what that row already had for 偏差原因 and 自评得分), else a new row."""
    blank = [
        i for i, x in enumerate(inds) if (x.level1, x.level2) == (ind.level1, ind.level2) and x.is_blank()
    ]
    if blank:
        pos = blank[0]
        old = inds[pos]
        ind.deviation, ind.score_entered = old.deviation, old.score_entered
        return pos, edits.SetValue((*list_path, pos), ind)
    pos = insert_position(inds, ind.level1, ind.level2)
    return pos, edits.InsertItem(list_path, pos, ind)


def deviation_needed(ind: model.Indicator, score: IndicatorScore | None, boilerplate: Sequence[str]) -> str:
    """Why a deviation reason is required and still missing (blank or boilerplate); "" otherwise."""
    if score is None or not score.deviation_required:
        return ""
    text = ind.deviation.strip()
    if text and text not in boilerplate:
        return ""
    return score.deviation_why or "须说明偏差原因"


def deviation_refusal(text: str, score: IndicatorScore | None, boilerplate: Sequence[str]) -> str:
    """Why a typed 偏差原因 is refused (a boilerplate text where a reason is required); "" when accepted."""
    value = text.strip()
    if value and value in boilerplate and score is not None and score.deviation_required:
        return f"“{value}”不足以说明偏差原因（{score.deviation_why}）。请写明未达到或超出目标的原因，以及改进措施。"
    return ""
