"""The 一级/二级 runs the printed form and the window both span."""

from __future__ import annotations

from evaldesk.core import indicator_table, model


def _inds(*pairs: tuple[str, str]) -> list[model.Indicator]:
    return [model.Indicator(level1=l1, level2=l2) for l1, l2 in pairs]


def test_runs_nest_level2_inside_level1():
    inds = _inds(("产出", "数量"), ("产出", "数量"), ("产出", "质量"), ("效益", "质量"), ("产出", "数量"))
    assert list(indicator_table.heading_runs(inds)) == [
        (1, 0, 3),
        (2, 0, 2),
        (2, 2, 3),
        (1, 3, 4),
        (2, 3, 4),  # the same 二级 as the row above, but under another 一级: a cell of its own
        (1, 4, 5),
        (2, 4, 5),
    ]


def test_no_rows_no_runs():
    assert list(indicator_table.heading_runs([])) == []
