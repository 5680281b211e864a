"""Computed 附件1/附件2/附件3 figures with their traces (domain.md §3)."""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import derived, model
from evaldesk.core.sample import load_sample
from tests.helpers.checks import D


def test_sample_columns() -> None:
    b = load_sample().basic
    assert [derived.project_total(b, c).value for c in derived.COLUMNS] == [
        D("923.80"),
        D("83"),
        D("1194.57"),
    ]
    assert [derived.sangong(b, c).value for c in derived.COLUMNS] == [D("4.8"), D("3.3"), D("2.98")]
    assert [derived.car(b, c).value for c in derived.COLUMNS] == [D("4.8"), D("3"), D("2.93")]
    assert derived.public_items(b, "actual").value == D("17.78")
    assert derived.sangong(b, "actual").trace == "三公经费 = 公务用车2.93 + 出国0.00 + 公务接待0.05 = 2.98"


def test_rates() -> None:
    pkg = load_sample()
    assert derived.control_rate(pkg.unit) == derived.Figure(
        D("95.92"), "控制率 = 实际在职人数47 ÷ 编制数49 = 95.92%"
    )
    assert derived.execution_rate(pkg.projects[0].funding.total).value == D("100.00")
    assert derived.area_rate(pkg.basic.building).value is None  # 0 ÷ 0: no building completed
    assert derived.public_from_overall(pkg.overall_funding).value == D("77.22")
    assert derived.income_sum(pkg.overall_funding).value == D("1818.34")
    assert derived.expend_sum(pkg.overall_funding).value == D("1818.34")


def test_blanks() -> None:
    b = model.BasicData()
    assert derived.sangong(b, "actual") == derived.Figure(None, "三公经费：各组成项均未填写")
    b.rows["car"] = model.Triple(actual=D(2))
    fig = derived.sangong(b, "actual")
    assert fig.value == D(2) and fig.trace.endswith("（空白按0计）")
    assert derived.rate("控制率", "实际在职人数", 5, "编制数", None).value is None
    assert derived.rate("控制率", "实际在职人数", 5, "编制数", 0).trace == "控制率：编制数为0，无法计算"


def test_funding_parts() -> None:
    f = load_sample().projects[0].funding
    fig = derived.funding_parts(f, "full")
    assert fig.value == D("74.99")
    assert (
        fig.trace
        == "全年预算数其中各项合计 = 当年财政拨款74.99 + 上年结转资金（空） + 其他资金（空） = 74.99（空白按0计）"
    )
    assert derived.total([None, D(1), D("2.5")]) == Decimal("3.5") and derived.total([None]) is None


def test_column_labels() -> None:
    assert [derived.column_label(2023, c) for c in derived.COLUMNS] == [
        "2022年决算数",
        "2023年预算数",
        "2023年决算数",
    ]
