"""core.yoy_table: the 与上年对比 rows as the dialog shows them, built without a window."""

from __future__ import annotations

import copy
from decimal import Decimal

from evaldesk.core import yoy_table
from evaldesk.core.sample import load_sample


def _row(rows: list[yoy_table.ViewRow], label: str) -> yoy_table.ViewRow:
    return next(r for r in rows if r.label == label)


def test_within_rows_set_each_form1_figure_beside_last_years_with_signed_change() -> None:
    rows = yoy_table.within_rows(load_sample())
    sangong = _row(rows, "三公经费")
    assert (sangong.group, sangong.last, sangong.this) == ("附件1", "4.80", "2.98")
    assert (sangong.change, sangong.pct, sangong.flags) == ("−1.82", "−37.92%", ())
    assert sangong.path == ("basic", "rows", "sangong", "actual")
    reception = _row(rows, "公务接待")
    assert (reception.change, reception.pct) == ("+0.05", "上年为0")


def test_a_sharp_change_is_flagged_with_its_reason_and_the_findings_message() -> None:
    row = _row(
        yoy_table.within_rows(load_sample()), "仓田消防站"
    )  # 区级专项“仓田消防站”: the group is not repeated
    assert row.group == "区级专项" and row.flag == "sharp"
    assert row.reasons == ("变化较大：请核对数据，并在自评报告中说明原因。",)
    assert len(row.details) == 1 and "增加545.70万元" in row.details[0]


def test_compare_rows_flag_a_figure_copied_from_last_years_package() -> None:
    prev = load_sample()
    prev.fiscal_year -= 1
    cur = copy.deepcopy(load_sample())
    cur.basic.rows["public_office"].actual = prev.basic.rows["public_office"].actual = Decimal("14.24")
    row = _row(yoy_table.compare_rows(prev, cur), "办公经费")
    assert "same" in row.flags and row.this == "14.24"
    assert all(name in yoy_table.FLAG_NAMES for name in row.flags)
