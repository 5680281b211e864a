"""A number no package can hold, in any figure cell, is named by sheet and cell (issue 16, item 5)."""

from __future__ import annotations

import functools
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaldesk.core.sample import load_sample
from evaldesk.export.xlsx import read_workbook, render
from evaldesk.export.xlsx.reader import ImportProblems

PROBLEM = re.compile(r"^附件2!([A-Z]+[0-9]+)：")


@functools.cache
def _workbook() -> bytes:
    return bytes(render(load_sample()))


def _changed(cells: dict[str, object]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(_workbook()))
    for coord, value in cells.items():
        wb["附件2"][coord].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("coord", "what"),
    [("E5", "金额"), ("G14", "分值"), ("H14", "分值"), ("H5", "百分比"), ("G5", "分值")],
)
def test_1e300_in_a_figure_cell_names_the_sheet_and_cell(coord: str, what: str) -> None:
    with pytest.raises(ImportProblems) as e:
        read_workbook(_changed({coord: 1e300}), source_name="测试.xlsx")
    assert e.value.problems, str(e.value)
    assert all(PROBLEM.match(p) for p in e.value.problems), e.value.problems
    assert any(p.startswith(f"附件2!{coord}：") and what in p for p in e.value.problems), e.value.problems
    assert "删除此工作表" not in str(e.value)


def test_a_spreadsheet_ratio_with_fifteen_digits_is_rounded_to_four_decimals() -> None:
    pkg = read_workbook(_changed({"H5": 0.959183673469388}))
    assert pkg.overall_funding.total.rate_entered == Decimal("95.9184")
    pkg = read_workbook(_changed({"G14": 3.333333333333}))
    assert pkg.overall.indicators[0].weight == Decimal("3.3333")


_NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**20), 10**20),
    st.sampled_from([1e300, -1e300, 1e-300, 5e-324, 1.7976931348623157e308, 1e15, 999999999999.9999]),
    st.text(st.sampled_from(list("0123456789.-eE%万元,")), max_size=16),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    coord=st.sampled_from(["D5", "E5", "F5", "G5", "H5", "I5", "E7", "I8", "G14", "H14", "G24", "H24"]),
    value=_NUMBERS,
)
def test_any_number_in_a_figure_cell_is_read_or_named(coord: str, value: object) -> None:
    """Fuzz: a figure cell's number is imported, or refused naming 附件2 and that cell (never the data sheet)."""
    try:
        read_workbook(_changed({coord: value}))
    except ImportProblems as e:
        assert all(PROBLEM.match(p) for p in e.problems), e.problems
        assert "删除此工作表" not in str(e)
