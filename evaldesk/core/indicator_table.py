"""The 绩效指标 table as the forms lay it out (附件2 and each 附件3): its columns and its spanned cells.

Rows follow the package's list order, as the PDF prints them; consecutive rows with the same 一级 share
one cell spanning them, and so do consecutive rows with the same 二级 inside one 一级. The printed form
and the window group the same way, so both take the runs from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from evaldesk.core import model

COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "自评得分",
    "偏差原因分析及改进措施",
)


def heading_runs(indicators: Sequence[model.Indicator]) -> Iterator[tuple[int, int, int]]:
    """(level, start, end) of every 一级 (level 1) and 二级 (level 2) cell, ``end`` exclusive.

    Each 一级 run comes before the 二级 runs inside it; a 二级 run never crosses a 一级 boundary.
    """
    for start, end in _runs([i.level1 for i in indicators]):
        yield 1, start, end
        for s2, e2 in _runs([i.level2 for i in indicators[start:end]]):
            yield 2, start + s2, start + e2


def _runs(keys: list[str]) -> list[tuple[int, int]]:
    """Consecutive runs of equal keys as (start, end) half-open ranges."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            runs.append((start, i))
            start = i
    return runs
