"""A form row taller than a page is closed by rules on every page it runs over (issue 17)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from evaldesk.core.sample import load_sample
from evaldesk.export import pdf
from tests.helpers.longest import text
from tests.helpers.pdf import Segment, open_rule_ends, pdf_lines


def _pdf(**texts: str) -> bytes:
    pkg = load_sample()
    pkg.projects = pkg.projects[:1]
    pkg.overall.goal_expected = texts.get("goal", pkg.overall.goal_expected)
    pkg.basic.frugality = texts.get("frugality", pkg.basic.frugality)
    return pdf.render(pkg)


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _rules(lines: list[Segment]) -> tuple[list[tuple[float, float, float]], set[float]]:
    horizontal = [(min(a[0], b[0]), max(a[0], b[0]), a[1]) for a, b in lines if abs(a[1] - b[1]) < 0.01]
    vertical = {round(a[0], 1) for a, b in lines if abs(a[0] - b[0]) < 0.01 and abs(a[1] - b[1]) >= 0.01}
    return horizontal, vertical


@pytest.fixture(scope="module")
def tall_goal() -> bytes:
    return _pdf(goal=text(4_200, 3))  # 预期目标 about three and a half pages long


def test_a_row_over_four_pages_is_closed_at_the_foot_and_head_of_each(tall_goal: bytes) -> None:
    middle = []
    for page in range(1, _pages(tall_goal) + 1):
        lines = pdf_lines(tall_goal, page)
        horizontal, vertical = _rules(lines)
        if vertical and len(vertical) == 4:  # the 预期目标 row alone: block · 预期目标 · 实际完成情况
            middle.append(page)
            left, right = min(vertical), max(vertical)
            full = sorted(y for x0, x1, y in horizontal if x0 <= left + 1 and x1 >= right - 1)
            assert len(full) == 2, (page, full)  # one rule at the foot, one at the head
            tops = [max(a[1], b[1]) for a, b in lines if abs(a[0] - b[0]) < 0.01]
            bottoms = [min(a[1], b[1]) for a, b in lines if abs(a[0] - b[0]) < 0.01]
            assert max(tops) == pytest.approx(full[1]) and min(bottoms) == pytest.approx(full[0])
    assert len(middle) >= 2  # the row fills at least two pages between its first and its last


@pytest.mark.parametrize("which", ["goal", "frugality"])
def test_no_page_leaves_a_table_open(which: str, tall_goal: bytes) -> None:
    data = tall_goal if which == "goal" else _pdf(frugality=text(9_000, 5))
    for page in range(1, _pages(data) + 1):
        assert open_rule_ends(pdf_lines(data, page)) == [], page
