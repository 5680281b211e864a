"""XLSX print setup: the signature line prints with the table's last rows, never alone on a page."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from evaldesk.core import model
from evaldesk.core.sample import load_sample
from evaldesk.export import xlsx
from evaldesk.export.form_layout import KEEP_WITH_FOOTER
from evaldesk.export.xlsx import pagination

USABLE_PT = (297 - 50) * pagination.PT_PER_MM  # A4 portrait, 25 mm top and bottom, printed at 100 %


def test_page_starts_repeat_titles_and_honour_manual_breaks() -> None:
    heights = [100.0] * 10
    assert pagination.page_starts(heights, 350) == [1, 4, 7, 10]
    # row 2 repeats at the top of each later page: 3 + 1 rows per page after the first
    assert pagination.page_starts(heights, 350, (2, 2)) == [1, 4, 6, 8, 10]
    assert pagination.page_starts(heights, 350, None, frozenset({3})) == [1, 3, 6, 9]
    assert pagination.keep_break(heights, 350, None, 6) == 6  # rows 6–10 would print as 4–6 | 7–9 | 10
    assert pagination.keep_break(heights, 350, None, 9) == 9
    assert pagination.keep_break(heights, 350, None, 10) is None  # the last row is always with itself


def _pages(ws) -> tuple[list[int], int, int]:  # type: ignore[no-untyped-def]
    heights = [ws.row_dimensions[r].height or pagination.DEFAULT_ROW_PT for r in range(1, ws.max_row + 1)]
    first, last = (int(x) for x in ws.print_title_rows.replace("$", "").split(":"))
    manual = frozenset(b.id + 1 for b in ws.row_breaks.brk)
    return pagination.page_starts(heights, USABLE_PT, (first, last), manual), ws.max_row, last


@pytest.mark.parametrize("lines", [0, 36])
def test_form1_footer_prints_with_the_last_rows(lines: int) -> None:
    """With these many 区级专项 lines the last page held only the repeated header and the signature line."""
    pkg = load_sample()
    pkg.projects = []
    one = Decimal(1)
    pkg.basic.special = [
        model.NamedLine(name=f"专项{i}", prev=one, budget=one, actual=one) for i in range(lines)
    ]
    ws = load_workbook(io.BytesIO(xlsx.render(pkg)))["附件1"]
    starts, footer, _ = _pages(ws)
    assert str(ws.cell(row=footer, column=1).value).startswith("单位负责人签字")
    tail = next(r for r in range(footer, 0, -1) if ws.cell(row=r, column=1).value == "厉行节约保障措施")
    tail -= KEEP_WITH_FOOTER - 1
    assert pagination.page_of(tail, starts) == pagination.page_of(footer, starts)
    assert len(starts) >= 2  # the form does break: the test is about where
