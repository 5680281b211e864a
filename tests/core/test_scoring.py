"""Scoring (domain.md §2): 执行率, quantitative and qualitative indicators, overrides, totals, grades."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaldesk.core import model, rulesets
from evaldesk.core.indicator_score import score_indicator
from evaldesk.core.sample import load_sample
from evaldesk.core.scoring import FundingScore, grade, score_funding, score_package, score_table
from tests.helpers.checks import D, clean_package

RS = rulesets.get("mof2020")


def ind(
    target: str, actual: str, weight: str | None = "10", name: str = "完成检查次数", **kw: object
) -> model.Indicator:
    return model.Indicator(
        level1="产出指标",
        level2="数量指标",
        name=name,
        target=target,
        actual=actual,
        weight=D(weight) if weight is not None else None,
        **kw,
    )  # type: ignore[arg-type]


# ---------------------------------------------------------------- grade


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("100", "优"),
        ("90", "优"),
        ("90.00", "优"),
        ("89.995", "优"),  # 89.995 rounds half-up to 90.00
        ("89.994", "良"),
        ("89.99", "良"),
        ("89.5", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.995", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_on_rounded_total(total: str, expected: str) -> None:
    assert grade(D(total)) == expected
    assert grade(D(total), rulesets.get("hunan")) == expected


# ---------------------------------------------------------------- 执行率


@pytest.mark.parametrize(
    ("full", "executed", "rate", "score"),
    [
        ("74.99", "74.99", "100.00", "10.00"),
        ("100", "90", "90.00", "9.00"),
        ("3", "2", "66.67", "6.67"),  # the rate is rounded first, then 10 × 66.67% = 6.667 → 6.67
        ("100", "120", "120.00", "10.00"),  # over 100%: capped
        ("100", "0", "0.00", "0.00"),
    ],
)
def test_execution_rate_and_score(full: str, executed: str, rate: str, score: str) -> None:
    fs = score_funding(model.FundingRow(full=D(full), executed=D(executed)), D(10), RS)
    assert fs.rate is not None and fs.rate.as_tuple() == D(rate).as_tuple()
    assert fs.score.value is not None and fs.score.value.as_tuple() == D(score).as_tuple()


def test_execution_trace_in_plain_chinese() -> None:
    fs = score_funding(model.FundingRow(full=D("74.99"), executed=D("74.99")), D(10), RS)
    assert fs.score.trace == "执行率 = 全年执行数74.99 ÷ 全年预算数74.99 = 100.00% → 10 × 100.00% = 10.00分"
    over = score_funding(model.FundingRow(full=D(100), executed=D(120)), D(10), RS)
    assert "执行率超过100%，按100%计" in over.score.trace


@pytest.mark.parametrize(("full", "executed"), [(None, "5"), ("0", "5"), ("5", None)])
def test_execution_rate_not_computable(full: str | None, executed: str | None) -> None:
    row = model.FundingRow(full=D(full) if full else None, executed=D(executed) if executed else None)
    fs = score_funding(row, D(10), RS)
    assert fs.rate is None and fs.score.value is None and fs.score.max == D(10)


def test_sub_rows_have_a_rate_but_no_score() -> None:
    fs = score_funding(model.FundingRow(full=D(10), executed=D(5)), None, RS)
    assert fs == FundingScore(D("50.00"), "执行率 = 全年执行数5.00 ÷ 全年预算数10.00 = 50.00%", fs.score)
    assert fs.score.value is None and fs.score.max is None


def test_rate_curve_is_data() -> None:
    assert RS.rate_share(D(50)) == D("0.5")
    assert RS.rate_share(D(150)) == D(1)
    assert RS.rate_share(D(-5)) == D(0)


# ---------------------------------------------------------------- quantitative

QUANT = [
    # target, actual, name, score, over-completion
    ("≥90%", "95%", "宣传知晓率", "10.00", False),
    ("≥100个", "90个", "完成检查个数", "9.00", False),
    ("≥3755个", "3000个", "排查隐患个数", "7.99", False),  # 10 × 3000 ÷ 3755 = 7.989… → 7.99
    ("≥100个", "119个", "完成检查个数", "10.00", False),
    ("≥100个", "120个", "完成检查个数", "10.00", True),  # exactly 1.2 × target: over-completion
    ("≥100个", "1000个", "完成检查个数", "10.00", True),  # far above target
    (">100个", "100个", "完成检查个数", "10.00", False),
    ("≥0个", "0个", "新增问题个数", "10.00", False),
    ("≤1起", "1起", "一般事故起数", "10.00", False),
    ("≤10起", "12起", "一般事故起数", "8.33", False),  # 10 × 10 ÷ 12
    ("≤1起", "100起", "一般事故起数", "0.10", False),  # far above a ≤ target
    ("≤0起", "0起", "较大事故起数", "10.00", False),  # zero target: pass/fail
    ("≤0起", "1起", "较大事故起数", "0.00", False),
    ("=0起", "0", "较大事故起数", "10.00", False),
    ("=0起", "2起", "较大事故起数", "0.00", False),
    ("0起", "0起", "较大事故", "10.00", False),  # no operator, 0: means =0
    ("=100个", "95个", "完成检查个数", "9.50", False),  # 10 × (1 − 5 ÷ 100)
    ("=100个", "300个", "完成检查个数", "0.00", False),  # clamped at 0
    ("=74.99万元", "75.00万元", "预算控制", "10.00", False),  # within the 万元 tolerance 0.01
    ("=74.99万元", "75.05万元", "预算控制", "9.99", False),
    ("90%", "85%", "群众满意度", "9.44", False),  # no operator on a rate: ≥
    ("3755个", "3000个", "排查隐患个数", "7.99", False),  # no operator on a count: ≥
    ("5起", "6起", "安全事故起数", "8.33", False),  # no operator, something to keep low: ≤
    ("≤≤15轮", "=15轮", "有效应对灾害天气", "10.00", False),  # malformed but scoreable (a lint reports it)
    ("≤1818.34万元", "≤1818.34万元", "严格预算支出控制", "10.00", False),
]


@pytest.mark.parametrize(("target", "actual", "name", "score", "over"), QUANT)
def test_quantitative(target: str, actual: str, name: str, score: str, over: bool) -> None:
    sc = score_indicator(0, ind(target, actual, name=name), RS)
    assert sc.kind == "quant"
    assert sc.final.value is not None and sc.final.value.as_tuple() == D(score).as_tuple(), sc.final.trace
    assert sc.over_completion is over
    assert sc.deviation_required is (over or D(score) < 10)
    assert not sc.issues


def test_quantitative_traces() -> None:
    assert score_indicator(0, ind("≥100个", "90个"), RS).final.trace == (
        "实际完成值90个，未达到年度指标值≥100个 → 10 × 90 ÷ 100 = 9.00分"
    )
    assert score_indicator(0, ind("≤10起", "12起", name="事故起数"), RS).final.trace == (
        "实际完成值12起，超过年度指标值≤10起 → 10 × 10 ÷ 12 = 8.33分"
    )
    t = score_indicator(0, ind("90%", "95%", name="满意度"), RS).final.trace
    assert t.startswith("年度指标值“90%”未写比较符号，按“≥”计；")
    over = score_indicator(0, ind("≥100个", "130个"), RS)
    assert "超额完成" in over.final.trace and over.deviation_why == "超额完成"


def test_unit_mismatch_cannot_be_scored() -> None:
    sc = score_indicator(0, ind("≥10个", "10次"), RS)
    assert sc.final.value is None and [i.code for i in sc.issues] == ["cannot_score"]


# ---------------------------------------------------------------- qualitative

QUAL = [
    # target, actual, band, band_score, score, issue codes
    ("建立长效机制", "开展活动", "达成年度指标", None, "10.00", ()),
    ("建立长效机制", "开展活动", "部分达成并具有一定效果", None, "7.99", ()),  # top of [60%, 80%)
    ("建立长效机制", "开展活动", "未达成且效果较差", None, "5.99", ()),
    ("建立长效机制", "开展活动", "达成年度指标", "9", "9.00", ()),
    ("建立长效机制", "开展活动", "达成年度指标", "8", "8.00", ()),  # 80% belongs to 达成
    ("建立长效机制", "开展活动", "达成年度指标", "7", "8.00", ("band_score_outside",)),  # clamped into band
    ("建立长效机制", "开展活动", "部分达成并具有一定效果", "8", "7.99", ("band_score_outside",)),
    ("建立长效机制", "开展活动", "部分达成并具有一定效果", "6", "6.00", ()),
    ("建立长效机制", "开展活动", "", "7", "7.00", ()),  # band inferred from the score
    ("建立长效机制", "开展活动", "优秀", None, None, ("band_unknown", "band_needed")),
    ("建立长效机制", "已完成", "", None, "10.00", ()),  # inferred 达成
    ("按时举办", "按时举办", "", None, "10.00", ()),
    ("建立长效机制", "建立长效机制", "", None, "10.00", ()),  # actual restates the target
    ("2023年", "完成", "", None, "10.00", ()),  # a year as target: done within the year
    ("12月份", "11月份", "", None, "10.00", ()),
    ("6月份", "12月份", "", None, None, ("band_needed",)),  # late: ask
    ("建立长效机制", "未完成", "", None, None, ("band_needed",)),
    ("建立长效机制", "开展相关活动", "", None, None, ("band_needed",)),
]


@pytest.mark.parametrize(("target", "actual", "band", "band_score", "score", "codes"), QUAL)
def test_qualitative(
    target: str, actual: str, band: str, band_score: str | None, score: str | None, codes: tuple[str, ...]
) -> None:
    row = ind(
        target, actual, name="减少烟花鞭炮燃放", band=band, band_score=D(band_score) if band_score else None
    )
    sc = score_indicator(0, row, RS)
    assert sc.kind == "qual"
    if score is None:
        assert sc.final.value is None
    else:
        assert sc.final.value is not None and sc.final.value.as_tuple() == D(score).as_tuple(), sc.final.trace
    assert tuple(i.code for i in sc.issues) == codes


def test_band_below_top_requires_a_deviation_reason() -> None:
    sc = score_indicator(
        0, ind("建立机制", "开展活动", band="部分达成并具有一定效果", band_score=D("7.5")), RS
    )
    assert sc.deviation_required and "部分达成" in sc.deviation_why
    assert sc.final.trace == (
        "定性指标，选择档次“部分达成并具有一定效果”：部分达成并具有一定效果（60%–80%，即6.00–7.99分），"
        "所填得分 → 7.50分"
    )


def test_bands_of_an_odd_weight() -> None:
    sc = score_indicator(0, ind("建立机制", "开展活动", weight="3", band="部分达成并具有一定效果"), RS)
    assert sc.final.value == D("2.39")  # 3 × 80% = 2.40, exclusive top → 2.39


# ---------------------------------------------------------------- overrides, blanks


def test_override_with_reason_replaces_the_score_and_stays_visible() -> None:
    sc = score_indicator(
        0, ind("≥100个", "130个", override_score=D("9.5"), override_reason="超额较多，按偏离度调减"), RS
    )
    assert sc.computed.value == D("10.00") and not sc.computed.overridden
    assert sc.final.value == D("9.50") and sc.final.overridden
    assert "经办人调整为9.50分（理由：超额较多，按偏离度调减）" in sc.final.trace
    assert sc.deviation_required and not sc.issues


def test_override_without_reason_is_refused() -> None:
    sc = score_indicator(0, ind("≥100个", "90个", override_score=D(10)), RS)
    assert sc.final == sc.computed and sc.final.value == D("9.00")
    assert [(i.code, i.severity) for i in sc.issues] == [("override_no_reason", "error")]


def test_override_outside_the_weight_is_refused() -> None:
    sc = score_indicator(0, ind("≥100个", "90个", override_score=D(11), override_reason="理由"), RS)
    assert sc.final.value == D("9.00") and [i.code for i in sc.issues] == ["override_out_of_range"]


@pytest.mark.parametrize(
    ("row", "kind", "codes"),
    [
        (model.Indicator(level1="效益指标", level2="生态效益指标"), "blank", ()),
        (model.Indicator(level1="满意度指标", name="……"), "blank", ()),
        (ind("", "", name="完成检查"), "blank", ("target_blank",)),
        (ind("≥10个", "", name="完成检查"), "qual", ("actual_blank",)),
        (ind("≥10个", "10个", weight=None), "quant", ()),
    ],
)
def test_blank_and_incomplete_rows(row: model.Indicator, kind: str, codes: tuple[str, ...]) -> None:
    sc = score_indicator(0, row, RS)
    assert sc.kind == kind and sc.final.value is None
    assert tuple(i.code for i in sc.issues) == codes


# ---------------------------------------------------------------- tables and packages


def test_clean_package_scores_100() -> None:
    sheet = score_package(clean_package())
    for ts in (sheet.overall, sheet.projects["p1"]):
        assert ts.total.value == D("100.00") and ts.grade == "优"
        assert {k: s.value for k, s in ts.by_level1.items()} == {
            "产出指标": D("50.00"),
            "效益指标": D("30.00"),
            "满意度指标": D("10.00"),
        }
        assert ts.by_level2[("产出指标", "数量指标")].value == D("20.00")
    assert (
        sheet.overall.total.trace
        == "总分 = 执行率10.00 + 产出指标50.00 + 效益指标30.00 + 满意度指标10.00 = 100.00分 → 优"
    )


def test_partial_scores_add_up_and_grade() -> None:
    pkg = clean_package()
    pkg.overall.indicators[0].actual = "5次"  # 20 × 5 ÷ 10 = 10
    pkg.overall_funding.total.executed = D(171)  # 90% → 9
    ts = score_package(pkg).overall
    assert ts.funding.score.value == D("9.00")
    assert ts.by_level1["产出指标"].value == D("40.00")
    assert ts.total.value == D("89.00") and ts.grade == "良"


def test_unscorable_row_leaves_the_total_open_and_says_why() -> None:
    pkg = clean_package()
    pkg.overall.indicators[4].target, pkg.overall.indicators[4].actual = "建立长效机制", "开展相关活动"
    ts = score_package(pkg).overall
    assert ts.by_level1["效益指标"].value is None
    assert ts.total.value is None and ts.grade == ""
    assert "“整体宣传知晓率”未能计分" in ts.total.trace


def test_sample_scores() -> None:
    sheet = score_package(load_sample())
    assert sheet.ruleset_id == "hunan" and sheet.ruleset_problem == ""
    assert sheet.overall.total.value == D("100.00") and sheet.overall.grade == "优"
    p1 = sheet.projects["p1"]
    assert p1.funding.rate == D("100.00") and p1.funding.score.value == D("10.00")
    assert p1.funding_rows["current"].rate == D("100.00")
    assert p1.by_level1["产出指标"].value == D("55.00") and p1.by_level1["产出指标"].max == D(50)
    assert p1.total.value is None  # “减少烟花鞭炮燃放” needs a band


def test_unknown_ruleset_falls_back_loudly() -> None:
    pkg = clean_package()
    pkg.ruleset_id = "sichuan2099"
    sheet = score_package(pkg)
    assert sheet.ruleset_id == "mof2020"
    assert "“sichuan2099”不存在" in sheet.ruleset_problem and "mof2020" in sheet.ruleset_problem


def test_score_table_without_sub_rows() -> None:
    ts = score_table(model.Performance(), model.FundingRow(), RS)
    assert ts.funding.score.value is None and ts.total.value is None and ts.funding_rows == {}


def test_rescoring_reuses_unchanged_rows() -> None:
    pkg = clean_package()
    a = score_package(pkg).overall.indicators
    pkg.overall.indicators[1].actual = "90%"
    b = score_package(pkg).overall.indicators
    assert a[0] is b[0] and a[1] is not b[1] and b[1].final.value == D("9.00")


def test_weights_are_decimal() -> None:
    assert isinstance(RS.execution_weight, Decimal)


def test_rescoring_notices_every_change_to_a_table() -> None:
    pkg = clean_package()
    assert score_package(pkg).overall.total.value == D("100.00")
    pkg.overall_funding.total.executed = D(171)  # 90% → 9.00
    assert score_package(pkg).overall.total.value == D("99.00")
    pkg.overall.indicators[5].level1 = "效益指标"  # 满意度 row moved under 效益
    ts = score_package(pkg).overall
    assert ts.by_level1["效益指标"].value == D("40.00") and ts.by_level1["满意度指标"].value == D("0")
    pkg.overall.indicators[5].weight = D(5)
    assert score_package(pkg).overall.by_level1["效益指标"].value == D("35.00")
    first, second = score_package(pkg).overall, score_package(pkg).overall
    assert first is not second and first.by_level1 is not second.by_level1 and first.total == second.total


@pytest.mark.parametrize(
    ("actual", "score"),
    [("基本完成", None), ("部分完成", None), ("是否完成待定", None), ("已按期完成", "10.00")],
)
def test_completion_wording(actual: str, score: str | None) -> None:
    sc = score_indicator(0, ind("建立长效机制", actual), RS)
    assert sc.final.value == (D(score) if score else None)
