"""The detail line under the indicator table: how the selected cell's number came about, what is wrong
with it, or what is still missing."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from evaldesk.core import money
from evaldesk.core.indicator_text import (
    C_ACTUAL,
    C_DEV,
    C_L1,
    C_SCORE,
    C_TARGET,
    C_WEIGHT,
    level1_text,
    value_problems,
)
from evaldesk.ui.models.indicator_model import IndicatorModel


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
        return level1_text(m.indicators(), m.ruleset(), ind.level1)
    if c == C_SCORE:
        sc = m.indicator_score(item)
        if sc is None:
            return "评分暂不可用。"
        lines = [f"自评得分：{sc.final.trace}"]
        if ind.score_entered is not None and m.mismatch(index):
            lines.append(
                f"表中填报的得分为{money.format_figure(ind.score_entered, 'score')}，与计算不一致（右键“采用计算值”可改正）。"
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
