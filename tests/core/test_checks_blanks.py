"""Issue 15 item 3: a blank part is *not filled*, never 0. It never yields an error with a made-up expected
value; the missing part is named (lint L9) and only what is there is computed."""

from __future__ import annotations

from evaldesk.core import model
from evaldesk.core.checks import run_checks
from evaldesk.core.findings import Finding
from tests.helpers.checks import D, clean_package


def _found(pkg: model.Package) -> list[Finding]:
    return [f for f in run_checks(pkg) if f.severity != "hint"]


def test_a_blank_part_is_named_not_counted_as_zero() -> None:
    pkg = clean_package()
    pkg.overall_funding.expend_basic = None  # 合计 190, 项目支出 62, 基本支出 not filled
    found = _found(pkg)
    assert [(f.rule_id, f.severity, f.location.key) for f in found] == [
        ("L9", "warning", "overall_funding/expend_basic")
    ]
    (f,) = found
    assert f.message == (
        "基本支出未填写：附件2“按支出性质分”合计为190.00，已填写的 项目支出62.00 合计62.00，相差128.00。"
        "请填写基本支出（没有的填0），才能核对合计。"
    )
    assert f.values["missing"] == ["基本支出"] and f.values["rule"] == "R6"


def test_no_message_offers_an_expected_value_computed_from_a_blank() -> None:
    pkg = clean_package()
    pkg.overall_funding.expend_basic = None
    pkg.basic.rows["abroad"] = model.Triple(None, None, None)
    pkg.basic.rows["sangong"].actual = D(3)
    pkg.basic.rows["project_operation"].actual = None
    pkg.projects[0].funding.carryover = model.FundingRow(D(0), D(1), None)
    for f in run_checks(pkg):
        assert not ("（空）" in f.message and "应为" in f.message), f.message


def test_blanks_that_the_filled_parts_account_for_are_silent() -> None:
    pkg = clean_package()
    pkg.basic.rows["abroad"] = model.Triple(None, None, None)  # 三公 = 公车 + 接待 already
    pkg.overall_funding.income_fund = None  # 一般公共预算 190 makes the 合计
    assert _found(pkg) == []


def test_filled_parts_that_already_exceed_the_total_are_the_rules_error() -> None:
    pkg = clean_package()
    pkg.basic.rows["abroad"] = model.Triple(None, None, None)
    pkg.basic.rows["car"].actual = D(2)
    pkg.basic.rows["car_running"].actual = D(2)  # 公车 2 + 接待 0.5 > 三公 2
    r2 = [f for f in run_checks(pkg) if f.rule_id == "R2"]
    assert [(f.severity, f.location.key) for f in r2] == [("error", "basic/rows/sangong/actual")]
    assert r2[0].message == (
        "附件1“三公经费”2023年决算数填报为2.00，仅已填写的 公务用车购置和维护经费2.00 + 公务接待0.50 合计已达2.50，"
        "超出0.50（出国经费未填写，不计入）。"
    )


def test_a_project_line_left_blank_is_named() -> None:
    pkg = clean_package()
    pkg.basic.rows["project_operation"].actual = None  # 项目支出 62 = 38 + 9 + 15; 9 is missing
    (f,) = _found(pkg)
    assert (f.rule_id, f.location.key) == ("L9", "basic/rows/project_operation/actual")
    assert f.values["difference"] == D(9)


def test_a_partly_filled_sub_row_of_a_funding_block_is_a_missing_part() -> None:
    pkg = clean_package()
    p = pkg.projects[0]
    p.funding.carryover = model.FundingRow(D(0), D(2), None)  # 上年结转 used, 执行数 not filled
    p.funding.total.full = D(40)
    p.funding.current.full = D(38)
    p.funding.total.rate_entered, p.funding.total.score_entered = D(95), D("9.5")
    p.funding.current.rate_entered = None
    p.performance.total_score_entered = D("99.5")
    p.performance.indicators[0].deviation = "部分资金未执行完毕。"
    p.performance.indicators[3].target = "≤40万元"
    found = [(f.rule_id, f.location.key) for f in _found(pkg)]
    assert ("R22", "projects/p1/funding/total/executed") not in found
    assert ("R22", "projects/p1/funding/total/full") not in found
    # 执行数 38 = 当年财政拨款 38: the blank 上年结转 执行数 changes nothing, so nothing to say
    assert not [k for r, k in found if r in ("R22", "L9")]
