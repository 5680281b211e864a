"""Texts of the indicator table that need no widget: stored values, problems, the detail line.

What a typed 年度指标值/实际完成值 becomes (canonical when it parses cleanly), the problems
``core.targets`` finds, the deviation texts that say nothing (the rule set's list, as the R16 check uses),
and the words under the table about the selected cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex

from evaldesk.core import derived, model, rulesets, targets
from evaldesk.core.indicator_score import parse as parse_cached

if TYPE_CHECKING:
    from evaldesk.ui.models.indicator_model import IndicatorModel

C_L1, C_L2, C_NAME, C_TARGET, C_ACTUAL, C_WEIGHT, C_SCORE, C_DEV = range(8)


def normalize_value(text: str) -> str:
    """What is stored for a typed 年度指标值/实际完成值: canonical when it parses cleanly, else as written."""
    v = targets.parse_value(text)
    if v.kind == "quant" and not v.problems:
        return targets.format_value(v)
    return text.strip()


def value_problems(ind: model.Indicator, column: int) -> list[str]:
    """``core.targets``' problems with the target (or the actual, relative to the target)."""
    t = parse_cached(ind.target)
    if column == C_TARGET:
        return list(t.problems)
    a = parse_cached(ind.actual)
    return [*a.problems, *targets.actual_problems(t, a)]


def boilerplate(pkg: model.Package) -> tuple[str, ...]:
    """Deviation texts that say nothing: the rule set's list, the one the R16 check uses."""
    return rulesets.resolve(pkg.ruleset_id)[0].boilerplate_deviation


def runs(keys: list[str]) -> list[tuple[int, int]]:
    """Consecutive runs of equal keys as (start, end) half-open ranges (as the PDF groups them)."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            runs.append((start, i))
            start = i
    return runs


def cell_detail(m: IndicatorModel, index: QModelIndex) -> str:
    """What the detail line under the table says about the cell at ``index``: how its number came
    about, what is wrong with it, or what is still missing."""
    if not index.isValid():
        return "点击自评得分可查看计算过程；点击一级指标可查看分值合计。"
    c = index.column()
    item = m.item_of(index.row())
    if item is None:
        fig = m.figure(m.index(index.row(), c)) if c in (C_WEIGHT, C_SCORE) else None
        return fig.trace if fig is not None else ""
    ind = m.indicators()[item]
    if c == C_L1:
        return m.level1_text(ind.level1)
    if c == C_SCORE:
        sc = m.indicator_score(item)
        if sc is None:
            return "评分暂不可用。"
        lines = [f"自评得分：{sc.final.trace}"]
        if ind.score_entered is not None and m.mismatch(index):
            lines.append(
                f"表中填报的得分为{derived.fmt(ind.score_entered)}，与计算不一致（右键“采用计算值”可改正）。"
            )
        if sc.deviation_required:
            lines.append(f"须填写偏差原因：{sc.deviation_why}。")
        return "\n".join(lines)
    if c in (C_TARGET, C_ACTUAL):
        problems = value_problems(ind, c)
        if problems:
            return "；".join(problems) + "。"
        return ""
    if c == C_DEV:
        needed = m.deviation_needed(item)
        return f"须填写偏差原因分析及改进措施：{needed}。" if needed else ""
    return ""
