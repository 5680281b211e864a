"""Sections drafted from the data: the phrasing of the real report, figures as live fields."""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import model
from evaldesk.core import narrative as n
from evaldesk.core.checks import run_checks
from evaldesk.core.sample import load_sample


def rendered(pkg: model.Package, i: int) -> list[str]:
    s = n.render_section(pkg, n.draft_section(pkg, i))  # type: ignore[arg-type]
    return [s.body, *(sub.body for sub in s.subsections)]


def test_only_data_sections_are_drafted() -> None:
    pkg = load_sample()
    assert n.DRAFTABLE == (0, 1, 2, 3, 4, 8, 9)
    assert [i for i in range(10) if n.draft_section(pkg, i) is not None] == list(n.DRAFTABLE)
    assert n.redraft_would_replace(pkg, 5) is False


def test_basic_and_project_spending_read_like_the_real_report() -> None:
    pkg = load_sample()
    draft = n.draft_section(pkg, 1)
    assert draft is not None
    assert draft.heading == "二、 一般公共预算支出情况"  # the clerk's headings are kept
    assert [s.heading for s in draft.subsections] == ["（一）基本支出情况", "（2） 项目支出情况"]
    assert draft.subsections[0].body == (
        "⟦f:year⟧年基本支出为⟦f:spent:basic⟧万元，其中：人员经费⟦f:spent:personnel⟧万元；"
        "公用经费⟦f:basic:public:actual⟧万元。"
    )
    body, basic, project = rendered(pkg, 1)
    assert body == ""
    # 决算 figures: 1818.34 − 1194.6 = 623.74; 623.74 − 77.23 = 546.51 (附件2's budget split says 546.52)
    assert basic == "2023年基本支出为623.74万元，其中：人员经费546.51万元；公用经费77.23万元。"
    assert project == (
        "2023年项目支出为1194.60万元，其中：业务工作经费74.99万元，运行维护经费2.94万元，安全隐患整治83.70万元，"
        "仓田消防站809.11万元，应急仓库31.57万元，民生社会保险及公用支出52.86万元，工资及制服支出55.34万元，"
        "编外用工人员经费9.52万元，伙食补助1.27万元，社保费用10.07万元，绩效奖金49.82万元，其他支出3.38万元，"
        "2023年省级安全生产预防及应急专项10.00万元。"
    )  # lines with a 2023年决算数 of 0 are left out


def test_projects_are_listed_when_basic_lines_are_empty() -> None:
    pkg = load_sample()
    pkg.basic = model.BasicData()
    pkg.projects[0].funding.total.executed = Decimal("74.99")
    # no 决算 total: 附件2's 项目支出 is a budget figure and is called 预算
    assert rendered(pkg, 1)[2] == "2023年项目支出预算为1194.60万元；各项目全年执行数：业务工作经费74.99万元。"


def test_section_one_drafts_the_staffing_figures_and_keeps_the_clerks_lines() -> None:
    pkg = load_sample()
    _body, functions, organization = rendered(pkg, 0)
    assert functions == pkg.unit.functions.strip()
    assert organization.splitlines()[0] == (
        "1、人员构成：总编制数49人，其中行政编制13人、参公事业编制12人、事业编制24人；2023年实际在职人数47人。"
    )
    assert organization.splitlines()[1].startswith("2、内设股室：根据编办核定，我局内设7个职能股室")
    assert len(organization.splitlines()) == 2  # the old typed 人员构成 line is replaced, not repeated
    assert "⟦f:staff:行政编制⟧" in n.draft_section(pkg, 0).subsections[1].body  # type: ignore[union-attr]


def test_funds_sections_and_results() -> None:
    pkg = load_sample()
    assert rendered(pkg, 2) == ["2023年度本部门无政府性基金安排的支出。"]
    assert rendered(pkg, 3) == ["2023年度本部门无国有资本经营预算支出。"]
    assert rendered(pkg, 4) == ["2023年度本部门无社会保险基金预算支出。"]
    pkg.overall_funding.income_fund = Decimal("12.5")
    assert rendered(pkg, 2) == ["2023年度本部门政府性基金拨款12.50万元。"]  # a budget figure: not 支出
    nine = rendered(pkg, 8)[0]
    assert nine.startswith("2023年度单位整体支出绩效自评得分为100.00分，等级为“优”。")
    assert "“业务工作经费”自评得分【暂无法计算】分" in nine  # 附件3 as submitted cannot be scored
    assert rendered(pkg, 9) == ["本部门无其他需要说明的情况。"]


def test_drafts_follow_the_data_afterwards() -> None:
    pkg = load_sample()
    pkg.report[1] = n.draft_section(pkg, 1)  # type: ignore[assignment]
    pkg.overall_funding.total.executed = Decimal("1900")
    pkg.fiscal_year = 2024
    assert n.render_text(pkg, pkg.report[1].subsections[0].body).startswith("2024年基本支出为705.40万元")


def test_redraft_asks_only_before_replacing_the_clerks_text() -> None:
    pkg = load_sample()
    assert n.redraft_would_replace(pkg, 1) is True  # the sample has typed text
    pkg.report[1] = n.draft_section(pkg, 1)  # type: ignore[assignment]
    assert n.redraft_would_replace(pkg, 1) is False  # same as the draft
    pkg.report[1].subsections[0].body += "另有说明。"
    assert n.redraft_would_replace(pkg, 1) is True
    fresh = model.new_package("测试局", "测试区政府", 2023)
    assert all(not n.redraft_would_replace(fresh, i) for i in range(10))
    assert n.draft_section(fresh, 1).subsections[0].heading == "（一）基本支出情况"  # type: ignore[union-attr]


def test_a_fully_drafted_report_raises_no_reconciliation_alarm() -> None:
    pkg = load_sample()
    pkg.projects[0].performance.indicators[10].band = model.QUAL_BANDS[0]  # let 附件3 be scored
    for i in n.DRAFTABLE:
        pkg.report[i] = n.draft_section(pkg, i)  # type: ignore[assignment]
    found = [f for f in run_checks(pkg) if f.rule_id in ("R17", "R18", "R19")]
    # Only the real problem remains: the disagreement in the clerk's own section 六. 附件3's 等级 cannot
    # be given because its 分值 add to 105 (a total above 100 is never graded); that is R13's finding
    # at the table, not a second one in the report.
    assert [(f.rule_id, f.location.key, f.values.get("key")) for f in found] == [
        ("R19", "report/5/body", None)
    ]
    assert any(f.rule_id == "R13" and f.location.key.startswith("projects/") for f in run_checks(pkg))
