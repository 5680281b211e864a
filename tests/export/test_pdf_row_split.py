"""A form row taller than a page is closed by rules on every page it runs over (issue 17)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from evaldesk.core.sample import load_sample
from evaldesk.export import pdf
from tests.helpers.longest import lengthen, text
from tests.helpers.pdf import Segment, open_rule_ends, pdf_lines, pdf_text


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


def test_an_indicator_row_just_taller_than_a_page_breaks_instead_of_failing_the_export() -> None:
    """Its rest after the first break was a little taller than a page, and reportlab would not leave
    fewer than three lines for the page after: the export failed (LayoutError)."""
    pkg = load_sample()
    pkg.projects = []
    lengthen(pkg.overall.indicators, [0])  # 年度指标值, 实际完成值, 偏差原因 of 1 000 characters each
    pkg.overall.indicators = pkg.overall.indicators[:2]
    data = pdf.render(pkg)
    for page in range(1, _pages(data) + 1):
        assert open_rule_ends(pdf_lines(data, page)) == [], page


def test_a_heading_with_line_breaks_is_set_line_by_line() -> None:
    """A heading imported with line breaks counted as one line per wrapped line only: sixty short
    lines made a paragraph taller than any page that the page split could not place."""
    pkg = load_sample()
    pkg.projects = pkg.projects[:1]
    pkg.report[1].heading = "\n".join(f"第{i}行" for i in range(60))
    data = pdf.render(pkg)
    text = "".join(pdf_text(data).split())
    assert "第0行第1行" in text and "第59行" in text


def test_the_rows_after_a_broken_row_follow_it_without_a_header_in_mid_page() -> None:
    pkg = load_sample()
    pkg.projects = pkg.projects[:1]
    pkg.projects[0].performance.indicators[3].deviation = text(1_000, 4)  # about three pages
    data = pdf.render(pkg)
    pages = ["".join(pdf_text(data, p).split()) for p in range(1, _pages(data) + 1)]
    (end,) = [i for i, t in enumerate(pages) if "末" in t]  # the page the long 偏差原因 ends on
    assert "总分" in pages[end]  # the rows after it go on there…
    assert "三级指标" not in pages[end]  # …with no header row repeated between them
