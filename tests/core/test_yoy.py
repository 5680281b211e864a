"""Year over year: findings Y1/Y2/Y3 on a crafted 2023 → 2024 pair, the comparison rows, and the stale-copy lint L8."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from evaldesk.core import model
from evaldesk.core.carryover import carry_over
from evaldesk.core.sample import load_sample
from evaldesk.core.yoy import (
    Thresholds,
    columns_as_years,
    compare_years,
    row_label,
    stale_copy_findings,
    yoy_rows,
)


@pytest.fixture(scope="module")
def prev() -> model.Package:
    return load_sample()


@pytest.fixture()
def cur(prev: model.Package) -> model.Package:
    """A plausible 2024 package: every amount changed a little from 2023, nothing alarming."""
    pkg = carry_over(prev)
    for row in pkg.basic.rows.values():
        if row.prev is not None:
            row.budget = row.prev + D("0.5")
            row.actual = row.prev + D("0.3") if row.prev else D("0")
    for line in pkg.basic.special + pkg.basic.transfer:
        line.budget, line.actual = D("0"), (line.prev or D("0")) + (D("0.3") if line.prev else D("0"))
    pkg.overall_funding.total = model.FundingRow(initial=D("900"), full=D("1800"), executed=D("1790"))
    pkg.projects[0].funding.total = model.FundingRow(initial=D("80"), full=D("76"), executed=D("75.5"))
    return pkg


def by_rule(findings, rule):
    return {f.location.key: f for f in findings if f.rule_id == rule}


def test_nothing_to_report_on_ordinary_changes(prev: model.Package, cur: model.Package) -> None:
    assert compare_years(prev, cur) == []


def test_y1_sharp_change(prev: model.Package, cur: model.Package) -> None:
    cur.basic.special[1].actual = D("100")  # 仓田消防站 809.11 → 100
    cur.basic.rows["public"].actual = D("120")  # 77.23 → 120: +55%, +42.77
    cur.basic.rows["public_office"].actual = D("12")  # 5.67 → 12: +112% but only 6.33 万元
    cur.basic.rows["abroad"].actual = D("15")  # 0 → 15
    cur.projects[0].funding.total.executed = D("30")  # 74.99 → 30
    found = by_rule(compare_years(prev, cur), "Y1")
    assert set(found) == {
        "basic/special/1/actual",
        "basic/rows/public/actual",
        "basic/rows/abroad/actual",
        "projects/p1/funding/total/executed",
    }
    f = found["basic/special/1/actual"]
    assert f.severity == "hint"
    assert f.message == (
        "附件1区级专项“仓田消防站”：2024年决算数100.00万元，较上年（2023年决算数809.11万元）减少709.11万元（87.64%），"
        "变化较大。请核对数据，并在自评报告中说明原因。"
    )
    assert f.values == {
        "last": D("809.11"),
        "this": D("100"),
        "change": D("-709.11"),
        "change_pct": D("-87.64"),
    }
    assert f.location.part == "basic" and f.location.path == ("basic", "special", 1, "actual")
    assert "（上年为0）" in found["basic/rows/abroad/actual"].message
    p = found["projects/p1/funding/total/executed"]
    assert p.location.project_id == "p1"
    assert "2024年全年执行数30.00万元" in p.message and "2023年全年执行数74.99万元" in p.message


def test_y1_thresholds_are_configurable(prev: model.Package, cur: model.Package) -> None:
    cur.basic.rows["public_office"].actual = D("12")
    loose = Thresholds(ratio=D("0.5"), min_change=D("5"))
    assert "basic/rows/public_office/actual" in by_rule(compare_years(prev, cur, loose), "Y1")
    cur.basic.rows["public"].actual = D("115.845")  # exactly +50%: not "more than"
    assert "basic/rows/public/actual" not in by_rule(compare_years(prev, cur), "Y1")


def test_y2_copied_row_and_copied_amount(prev: model.Package, cur: model.Package) -> None:
    # The whole 办公经费 row copied from last year's file: warning.
    cur.basic.rows["public_office"] = model.Triple(D("14.24"), D("12"), D("5.67"))
    # Only the Y决算 of 会议费、培训费 equals last year's: hint.
    cur.basic.rows["public_meeting"].actual = D("0.71")
    # A total row equal to last year's is not reported on its own (its lines are).
    cur.basic.rows["sangong"].actual = D("2.98")
    found = by_rule(compare_years(prev, cur), "Y2")
    assert set(found) == {"basic/rows/public_office/actual", "basic/rows/public_meeting/actual"}
    office = found["basic/rows/public_office/actual"]
    assert office.severity == "warning" and office.values["whole_row"] is True
    assert office.message.startswith(
        "附件1“办公经费”：2024年决算数5.67万元，与上年（2023年决算数5.67万元）完全相同"
    )
    assert "整行数据都与上年自评包相同" in office.message
    assert found["basic/rows/public_meeting/actual"].severity == "hint"


def test_y2_indicator_counts(prev: model.Package, cur: model.Package) -> None:
    overall = cur.overall.indicators
    overall[0].actual = "=3755个"  # the same count of hidden dangers as last year
    overall[1].actual = "1起"  # small counts repeat naturally
    overall[7].actual = "=90%"  # rates repeat naturally
    cur.projects[0].performance.indicators[0].actual = "2395个"
    cur.projects[0].performance.indicators[3].actual = "=2起"
    found = by_rule(compare_years(prev, cur), "Y2")
    assert set(found) == {"overall/indicators/0/actual", "projects/p1/performance/indicators/0/actual"}
    f = found["projects/p1/performance/indicators/0/actual"]
    assert f.severity == "hint" and f.location.part == "project" and f.location.project_id == "p1"
    assert f.message.startswith(
        "附件3“业务工作经费”指标“排查重大安全隐患个数”：实际完成值“2395个”与上年的实际完成值“2395个”完全相同。"
    )


def test_y3_prev_column_differs_from_last_years_package(prev: model.Package, cur: model.Package) -> None:
    cur.basic.rows["sangong"].prev = D("3")
    found = by_rule(compare_years(prev, cur), "Y3")
    assert list(found) == ["basic/rows/sangong/prev"]
    assert found["basic/rows/sangong/prev"].message == (
        "附件1“三公经费”：本表的2023年决算数填为3.00万元，但2023年度自评包中的2023年决算数为2.98万元，两者应一致。"
        "请核对后修改其中之一。"
    )


def test_lines_match_by_name_even_with_a_new_year_or_order(prev: model.Package, cur: model.Package) -> None:
    cur.basic.transfer[0].name = "2024年省级安全生产预防及应急专项"
    cur.basic.transfer[0].actual = D("60")
    cur.basic.special.reverse()
    found = by_rule(compare_years(prev, cur), "Y1")
    assert list(found) == ["basic/transfer/0/actual"]
    assert "上级转移支付“2024年省级安全生产预防及应急专项”" in found["basic/transfer/0/actual"].message


def test_yoy_rows(prev: model.Package, cur: model.Package) -> None:
    cur.basic.special.pop(2)  # 全国自然灾害风险普查 is gone this year
    cur.basic.special.append(model.NamedLine(name="森林防火", actual=D("20")))
    rows = yoy_rows(prev, cur)
    first = rows[0]
    assert (first.group, first.label, first.last, first.this) == ("附件1", "三公经费", D("2.98"), D("3.28"))
    assert first.change == D("0.30") and first.change_pct == D("10.07")
    assert first.path == ("basic", "rows", "sangong", "actual")
    labels = [r.label for r in rows]
    assert labels[:3] == ["三公经费", "公务用车购置和维护经费", "公车购置"]
    new_line = next(r for r in rows if r.label == "区级专项“森林防火”")
    assert (new_line.last, new_line.this, new_line.change) == (None, D("20"), None)
    gone = next(r for r in rows if r.label == "区级专项“全国自然灾害风险普查”")
    assert (gone.last, gone.this, gone.path) == (D("0"), None, ())
    zero = next(r for r in rows if r.label == "公车购置")
    assert zero.change == D("0") and zero.change_pct is None
    assert (
        (rows[-2].group, rows[-2].label) == ("附件2", "年度资金总额")
        and rows[-2].last == D("1818.34")
        and rows[-2].this == D("1790")
    )
    assert rows[-1].group == "附件3" and rows[-1].label == "业务工作经费" and rows[-1].change == D("0.51")


def test_row_label() -> None:
    assert row_label("car") == "公务用车购置和维护经费"
    assert row_label("public_office") == "办公经费"
    assert row_label("project") == "项目支出"


def test_stale_copy_lint_within_one_package() -> None:
    pkg = load_sample()
    assert stale_copy_findings(pkg) == []  # zeros equal to zeros are not stale
    pkg.basic.rows["public_utilities"].actual = D("11.81")  # = its 2022 决算
    pkg.basic.special[0].actual = D("196.41")
    pkg.basic.rows["sangong"].actual = D("4.8")  # a total: reported through its lines, not itself
    found = {f.location.key: f for f in stale_copy_findings(pkg)}
    assert set(found) == {"basic/rows/public_utilities/actual", "basic/special/0/actual"}
    f = found["basic/rows/public_utilities/actual"]
    assert f.rule_id == "L8" and f.severity == "hint"
    assert f.message.startswith(
        "附件1“水费、电费、差旅费”：2023年决算数11.81万元与2022年决算数11.81万元完全相同。"
    )
    assert found["basic/special/0/actual"].location.label == "附件1区级专项“安全隐患整治”"


def test_a_packages_own_two_columns_compare_as_two_years() -> None:
    pkg = load_sample()
    prev, cur = columns_as_years(pkg)
    assert (prev.fiscal_year, cur.fiscal_year) == (2022, 2023)
    assert prev.basic.rows["public"].actual == D("84.78") and cur.basic.rows["public"].actual == D("77.23")
    assert prev.basic.special[1].actual == D("263.41") and cur.basic.special[1].actual == D("809.11")
    sharp = {f.location.key for f in compare_years(prev, cur) if f.rule_id == "Y1"}
    assert "basic/special/1/actual" in sharp  # 仓田消防站 263.41 → 809.11
