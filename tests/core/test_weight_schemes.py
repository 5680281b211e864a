"""Weight schemes: the national template, and 执行率 10 with the other 90 points split freely among the
一级 indicators (declared or left open). R13 checks Σ = 100 and the declared 一级 weights."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaldesk.core import model, rulesets
from evaldesk.core.checks import run_checks
from evaldesk.core.errors import FileFormatError
from evaldesk.core.scoring import score_package
from tests.helpers.checks import D, clean_package

SPLIT_60_30_0 = {"产出指标": D(60), "效益指标": D(30), "满意度指标": D(0)}


def with_scheme(pkg: model.Package, scheme: str, level1: dict[str, Decimal | None] | None = None) -> None:
    pkg.ruleset_content = rulesets.with_scheme(rulesets.content_of(pkg.ruleset_id), scheme, level1)


def split_60_30_0() -> model.Package:
    """The clean package re-weighted 产出 60 / 效益 30 / 满意度 0 (no 满意度 rows), all rows met."""
    pkg = clean_package()
    for perf in (pkg.overall, pkg.projects[0].performance):
        perf.indicators[0].weight = perf.indicators[0].score_entered = D(30)
        perf.indicators = [i for i in perf.indicators if i.level1 != "满意度指标"]
    return pkg


def r13(pkg: model.Package) -> list[tuple[str, str]]:
    return [(f.location.key, f.message) for f in run_checks(pkg) if f.rule_id == "R13"]


def test_the_shipped_rule_sets_name_the_national_scheme() -> None:
    for rid in ("mof2020", "hunan"):
        rs = rulesets.get(rid)
        assert (rs.scheme, rs.level1_names) == (rulesets.NATIONAL, ("产出指标", "效益指标", "满意度指标"))


def test_a_declared_free_split_is_what_r13_checks() -> None:
    pkg = split_60_30_0()
    # Under the national template: 产出 60 ≠ 50 and 满意度 0 ≠ 10, in each table.
    assert [m.split("：")[1][:5] for _, m in r13(pkg)] == ["产出指标各", "满意度指标"] * 2
    with_scheme(pkg, rulesets.FREE, dict(SPLIT_60_30_0))
    assert [(f.rule_id, f.message) for f in run_checks(pkg)] == []
    sheet = score_package(pkg)
    assert sheet.overall.total.value == Decimal("100.00") and sheet.overall.grade == "优"
    assert sheet.overall.by_level1["产出指标"].max == 60


def test_the_declared_split_is_checked_per_level1() -> None:
    pkg = clean_package()  # 产出 50 / 效益 30 / 满意度 10
    with_scheme(pkg, rulesets.FREE, dict(SPLIT_60_30_0))
    found = [m for k, m in r13(pkg) if k.startswith("overall/")]
    assert found == [
        "附件2：产出指标各三级指标分值合计为50，应为60分（分值方案：执行率10分，其余90分申报为产出60分、效益30分、满意度0分）。",
        "附件2：满意度指标各三级指标分值合计为10，应为0分（分值方案：执行率10分，其余90分申报为产出60分、效益30分、满意度0分）。",
    ]


def test_a_split_typed_with_decimals_reads_the_same_in_the_scheme_and_the_finding() -> None:
    """A 分值 in a sentence is money.format_points everywhere: the scheme label once dropped the
    ``.00`` of a weight typed ``60.00`` while R13 kept it in the same sentence."""
    pkg = clean_package()
    with_scheme(pkg, rulesets.FREE, {"产出指标": D("60.00"), "效益指标": D(30), "满意度指标": D(0)})
    assert (
        rulesets.of_package(pkg)[0].scheme_label
        == "分值方案：执行率10分，其余90分申报为产出60.00分、效益30分、满意度0分"
    )
    found = [m for k, m in r13(pkg) if k.startswith("overall/")]
    assert found[0] == (
        "附件2：产出指标各三级指标分值合计为50，应为60.00分"
        "（分值方案：执行率10分，其余90分申报为产出60.00分、效益30分、满意度0分）。"
    )


def test_an_open_split_checks_only_the_sum() -> None:
    pkg = split_60_30_0()
    with_scheme(pkg, rulesets.FREE)
    assert run_checks(pkg) == []
    assert score_package(pkg).overall.by_level1["产出指标"].max == 60  # an open 一级 is out of its rows
    pkg.overall.indicators[0].weight = D(35)
    assert r13(pkg) == [
        ("overall/total_weight_entered", "附件2：执行率分值与各指标分值合计为105，应为100分。")
    ]


def test_a_partly_declared_split_checks_what_is_declared_and_the_sum() -> None:
    pkg = split_60_30_0()
    with_scheme(pkg, rulesets.FREE, {"产出指标": D(60), "效益指标": None, "满意度指标": None})
    assert run_checks(pkg) == []
    pkg.projects[0].performance.indicators[1].weight = D(5)  # 产出 55, total 95
    assert [k for k, _ in r13(pkg)] == ["projects/p1/performance/indicators/0/weight"]


def test_a_split_that_does_not_fit_is_refused() -> None:
    base = rulesets.content_of("mof2020")
    with pytest.raises(FileFormatError, match="分值合计为110"):
        rulesets.with_scheme(base, rulesets.FREE, {"产出指标": D(70), "效益指标": D(30), "满意度指标": None})
    with pytest.raises(FileFormatError, match="分值合计为90"):
        rulesets.with_scheme(base, rulesets.FREE, {"产出指标": D(50), "效益指标": D(20), "满意度指标": D(10)})


def test_the_national_scheme_must_declare_every_weight() -> None:
    import json

    data = json.loads(rulesets.content_of("mof2020"))
    data["weights"]["level1"]["满意度指标"] = None
    with pytest.raises(FileFormatError, match="全国通用方案"):
        rulesets.from_content(json.dumps(data, ensure_ascii=False))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=90).flatmap(
        lambda a: st.integers(min_value=0, max_value=90 - a).map(lambda b: (a, b, 90 - a - b))
    ),
    st.booleans(),
)
def test_any_consistent_free_split_raises_no_finding(split: tuple[int, int, int], declared: bool) -> None:
    """A package whose rows add up to any split of the 90 points (all met) is clean under the free scheme,
    declared or open."""
    out, eff, sat = split
    pkg = clean_package()
    for perf in (pkg.overall, pkg.projects[0].performance):
        rows = []
        for level1, level2, w, proto in (
            ("产出指标", "数量指标", out, perf.indicators[0]),
            ("效益指标", "社会效益指标", eff, perf.indicators[4]),
            ("满意度指标", "服务对象满意度指标", sat, perf.indicators[5]),
        ):
            if w:
                rows.append(
                    model.Indicator(
                        level1=level1, level2=level2, name=proto.name, target=proto.target,
                        actual=proto.actual, weight=D(w), score_entered=D(w),
                    )
                )  # fmt: skip
        perf.indicators = rows
    names = ("产出指标", "效益指标", "满意度指标")
    level1 = {n: D(w) for n, w in zip(names, split, strict=True)} if declared else None
    with_scheme(pkg, rulesets.FREE, level1)
    assert [(f.rule_id, f.message) for f in run_checks(pkg)] == []
    assert score_package(pkg).overall.grade == "优"
