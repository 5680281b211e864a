"""Issue 15 item 1: every check compares 预算 with 预算 and 决算 with 决算, and the drafted report says 支出
only with 决算 figures. 附件2's 按支出性质分 split (基本支出 / 项目支出 / 人员经费) divides the 全年预算数."""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import model
from evaldesk.core import narrative as n
from evaldesk.core.checks import run_checks
from tests.helpers.checks import D, clean_package


def _serious(pkg: model.Package) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.location.key, f.message) for f in run_checks(pkg) if f.severity != "hint"]


def _under_executed() -> model.Package:
    """The clean package, 10.00 of its 基本支出 budget unspent: 公用经费 决算 25 (true), 人员经费 决算 93."""
    pkg = clean_package()
    f = pkg.overall_funding.total
    f.executed, f.rate_entered, f.score_entered = D(180), D("94.74"), D("9.47")
    pkg.overall.total_score_entered = D("99.47")
    pkg.basic.rows["public"] = model.Triple(D(30), D(30), D(25))
    pkg.overall.indicators[0].deviation = "部分预算未执行，原因是采购延期。"
    pkg.report[1].subsections[
        0
    ].body = "2023年基本支出为118.00万元，其中：人员经费93.00万元；商品和服务支出25.00万元。"
    return pkg


def test_a_true_public_spending_below_the_budget_split_is_not_an_error() -> None:
    # Old R8: 附件1 公用经费 决算 25 vs 附件2 基本支出 128 − 人员经费 100 = 28 (budget): an error that only a
    # false 28 could clear. 决算 with 决算: 25 ≤ 基本支出决算 180 − 62 = 118.
    assert _serious(_under_executed()) == []


def test_a_spending_sentence_is_compared_with_the_decision_figure() -> None:
    pkg = _under_executed()
    pkg.report[1].subsections[0].body = "2023年基本支出为128.00万元。"  # the budget figure, said as spending
    (f,) = [f for f in run_checks(pkg) if f.rule_id == "R17"]
    assert f.severity == "error"
    assert f.values["table"] == D(118)
    assert "与基本支出决算（全年执行数 − 项目支出决算）118.00不一致（相差10.00）" in f.message


def test_a_budget_sentence_is_compared_with_the_budget_split() -> None:
    pkg = _under_executed()
    pkg.report[1].subsections[0].body = "2023年基本支出预算为128.00万元，项目支出预算62.00万元。"
    assert [f for f in run_checks(pkg) if f.rule_id == "R17"] == []
    pkg.report[1].subsections[0].body = "2023年基本支出预算为118.00万元。"
    (f,) = [f for f in run_checks(pkg) if f.rule_id == "R17"]
    assert f.values["table"] == D(128) and f.values["column"] == "budget"


def _lines_only() -> model.Package:
    """附件1 项目支出 决算 left blank; its lines' 决算 add to 385.55; 附件2 项目支出 (budget) is 397."""
    pkg = clean_package()
    b = pkg.basic
    b.rows["project"] = model.Triple(D(80), D(50), None)
    b.rows["project_business"] = model.Triple(D(50), D(40), D("300.55"))
    b.rows["project_operation"] = model.Triple(D(10), D(10), D(9))
    b.special = [model.NamedLine("委员活动经费", D(20), D(0), D(76))]
    pkg.overall_funding.expend_project = D(397)
    return pkg


def test_the_drafted_project_spending_is_the_decision_not_the_budget() -> None:
    pkg = _lines_only()
    text = n.render_text(pkg, n.draft_section(pkg, 1).subsections[1].body)  # type: ignore[union-attr]
    assert text == (
        "2023年项目支出为385.55万元，其中：业务工作经费300.55万元，运行维护经费9.00万元，委员活动经费76.00万元。"
    )
    assert "397" not in text


def test_the_drafted_basic_spending_is_the_decision() -> None:
    pkg = _under_executed()
    text = n.render_text(pkg, n.draft_section(pkg, 1).subsections[0].body)  # type: ignore[union-attr]
    assert text == "2023年基本支出为118.00万元，其中：人员经费93.00万元；公用经费25.00万元。"


def test_without_decision_figures_the_draft_says_budget() -> None:
    pkg = clean_package()
    pkg.overall_funding.total.executed = None
    pkg.basic.rows["public"].actual = None
    text = n.render_text(pkg, n.draft_section(pkg, 1).subsections[0].body)  # type: ignore[union-attr]
    assert text == "2023年基本支出预算为128.00万元，其中：人员经费预算100.00万元。"


def test_blank_figures_are_left_out_of_the_draft() -> None:
    pkg = model.new_package("测试局", "测试区政府", 2023)
    draft = n.draft_section(pkg, 1)
    assert draft is not None
    assert [s.body for s in draft.subsections] == ["", ""]  # never 【未填写】 printed as a figure


def test_spent_fields_are_offered_and_described() -> None:
    pkg = _under_executed()
    by_key = {f.key: f for f in n.available_fields(pkg)}
    assert by_key["spent:basic"].label == "计算·基本支出决算"
    assert n.field_value(pkg, "spent:basic") == "118.00"
    assert n.field_value(pkg, "spent:personnel") == "93.00"
    assert n.field_value(_lines_only(), "spent:project") == "385.55"
    assert n.resolve_field(model.new_package("x", "y", 2023), "spent:basic").value is None
    assert Decimal("385.55") == n.resolve_field(_lines_only(), "spent:project").value
