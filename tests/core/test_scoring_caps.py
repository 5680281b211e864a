"""Scores never exceed their weights, and a total above the maximum is never graded."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from evaldesk.core import model, rulesets
from evaldesk.core.checks import run_checks
from evaldesk.core.indicator_score import score_indicator
from evaldesk.core.sample import load_sample
from evaldesk.core.scoring import score_package

_values = st.sampled_from(
    ["≥10次", "≤5起", "=0起", "100%", "≥95百分比", "=10元/亩", "2023年", "12月份", "按时完成", "已完成",
     "未完成", "", "12次", "3起", "0起", "120%", "99百分比", "9元/亩", "11元/亩", "≥≤5", "≤≤3轮", "开展相关活动"]
)  # fmt: skip
_amounts = st.one_of(
    st.none(), st.decimals(min_value=0, max_value=60, places=2, allow_nan=False, allow_infinity=False)
)


@settings(max_examples=400)
@given(
    target=_values,
    actual=_values,
    weight=st.decimals(min_value=0, max_value=60, places=2, allow_nan=False, allow_infinity=False),
    band=st.sampled_from(["", *model.QUAL_BANDS, "自创档次"]),
    band_score=_amounts,
    override=_amounts,
    reason=st.sampled_from(["", "经复核调整"]),
    name=st.sampled_from(["检查次数", "安全事故起数", "群众满意度"]),
)
def test_an_indicator_never_scores_above_its_weight(
    target: str,
    actual: str,
    weight: Decimal,
    band: str,
    band_score: Decimal | None,
    override: Decimal | None,
    reason: str,
    name: str,
) -> None:
    ind = model.Indicator(
        level1="产出指标", level2="数量指标", name=name, target=target, actual=actual, weight=weight,
        band=band, band_score=band_score, override_score=override, override_reason=reason,
    )  # fmt: skip
    sc = score_indicator(0, ind, rulesets.get("mof2020"))
    for s in (sc.computed, sc.final):
        assert s.value is None or Decimal(0) <= s.value <= weight, s.trace


def test_a_total_above_the_maximum_is_not_graded() -> None:
    pkg = load_sample()
    # The sample's 附件3 分值 add to 105 (产出 55); once its one qualitative row has a band it scores fully.
    pkg.projects[0].performance.indicators[10].band = model.QUAL_BANDS[0]
    table = score_package(pkg).projects["p1"]
    assert table.total.value == Decimal("105.00")
    assert table.grade == ""
    assert "超过满分100分" in table.total.trace and "优" not in table.total.trace


def test_items_adding_to_more_than_the_maximum_are_the_finding() -> None:
    pkg = load_sample()
    pkg.projects[0].performance.indicators[10].band = model.QUAL_BANDS[0]
    r14 = [f for f in run_checks(pkg) if f.rule_id == "R14"]
    assert [f.message for f in r14] == [
        "附件3“业务工作经费”：执行率得分与各指标自评得分合计为105，超过满分100分；"
        "总分不能超过满分，应核对各指标的分值和自评得分。"
    ]
    # Nothing asks for a 总分 of 105.
    assert not [f for f in run_checks(pkg) if "应为105" in f.message]


def test_a_computed_total_above_the_maximum_is_reported_as_such() -> None:
    pkg = load_sample()
    p = pkg.projects[0].performance
    p.indicators[10].band = model.QUAL_BANDS[0]
    p.indicators[4].score_entered = None  # the printed items no longer add up on their own
    r14 = [f for f in run_checks(pkg) if f.rule_id == "R14"]
    assert len(r14) == 1
    assert "按计分规则计算的总分为105.00分，超过满分100分" in r14[0].message


def test_a_truncated_row_is_one_lint_not_two_r13_errors() -> None:
    from tests.helpers.checks import clean_package

    pkg = clean_package()
    row = pkg.overall.indicators[1]  # 产出 row of 10 points, cut short after its name
    row.target = row.actual = ""
    row.weight = row.score_entered = None
    found = [(f.rule_id, f.severity, f.location.key) for f in run_checks(pkg)]
    assert found == [("L7", "warning", "overall/indicators/1/weight")]
    # The table is not scored as if the row were worth nothing.
    assert score_package(pkg).overall.total.value is None


def test_an_appended_name_only_row_is_one_lint() -> None:
    from tests.helpers.checks import clean_package

    pkg = clean_package()
    pkg.projects[0].performance.indicators.append(
        model.Indicator(level1="效益指标", level2="社会效益指标", name="开展培训")
    )
    found = [(f.rule_id, f.message) for f in run_checks(pkg)]
    assert found == [
        (
            "L7",
            "附件3“业务工作经费”指标“开展培训”：这一行不完整，分值、年度指标值和实际完成值都未填写，请补全或删除。",
        )
    ]
