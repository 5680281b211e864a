"""Long text in the XLSX goes on over several rows: nothing is cut at Excel's 409-point row limit."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaldesk.core.sample import load_sample
from evaldesk.export import xlsx
from evaldesk.export.xlsx import longtext
from evaldesk.export.xlsx.sheetwriter import MAX_ROW_PT, height_for
from evaldesk.export.xlsx.write_side_sheets import REPORT_SHEET

LONG = "\n".join(
    ["本年度围绕安全生产中心工作，" + "开展隐患排查整治和宣传教育，取得明显成效。" * 30] * 2
    + ["一段不长的说明。"] * 3
    + ["没有句号的超长段落" * 150]
)


def _pkg():  # type: ignore[no-untyped-def]
    pkg = load_sample()
    pkg.report[5].body = LONG
    return pkg


def test_a_long_section_is_split_over_rows_none_taller_than_excel_allows() -> None:
    assert len(LONG) > 2515
    wb = load_workbook(io.BytesIO(xlsx.render(_pkg())))
    ws = wb[REPORT_SHEET]
    heights = [ws.row_dimensions[r].height or 15 for r in range(1, ws.max_row + 1)]
    assert max(heights) <= MAX_ROW_PT
    markers = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    assert longtext.SAME_PARAGRAPH in markers and longtext.NEW_PARAGRAPH in markers
    for r in range(1, ws.max_row + 1):  # every piece fits the height its row was given
        text = ws.cell(row=r, column=3).value
        if isinstance(text, str):
            assert height_for(text, 110.0) <= MAX_ROW_PT


def test_the_visible_sheet_reads_back_to_the_same_text() -> None:
    pkg = _pkg()
    data = xlsx.render(pkg, xlsx.XlsxOptions(round_trip=False))
    back = xlsx.read_workbook(data)
    assert back.report[5].body == LONG
    assert [s.heading for s in back.report] == [s.heading for s in pkg.report]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="安全生产。；\n ab", max_size=400), st.integers(min_value=3, max_value=40))
def test_chunks_join_back_exactly_and_each_fits(text: str, limit: int) -> None:
    parts = longtext.chunks(text, lambda t: len(t) <= limit)
    assert longtext.join(parts) == text
    assert all(len(p) <= limit or len(p) == 1 for _, p in parts)
