"""Targets with units per something (元/亩, 万元/公里) and unit words (百分比) are scored like any number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaldesk.core.checks import run_checks
from evaldesk.core.narrative import keys
from evaldesk.core.narrative.fields import UNSCORED_TEXT, field_value
from evaldesk.core.scoring import score_package
from tests.helpers.checks import clean_package

ROWS = [
    # (target, actual, expected score of a 10-point 成本/质量 row)
    ("=10元/亩", "10元/亩", "10.00"),
    ("≤500元/人", "520元/人", "9.62"),
    ("≥3万元/公里", "3.2万元/公里", "10.00"),
    ("≤1.5万元/户", "1.5万元/户", "10.00"),
    ("≥95百分比", "96%", "10.00"),
    ("≥100人次", "80人次", "8.00"),
]


@pytest.mark.parametrize(("target", "actual", "score"), ROWS)
def test_a_per_unit_target_is_scored_and_the_report_prints_the_total(
    target: str, actual: str, score: str
) -> None:
    pkg = clean_package()
    ind = pkg.projects[0].performance.indicators[3]  # 成本指标, 10 points
    ind.target, ind.actual = target, actual
    sheet = score_package(pkg)
    table = sheet.projects["p1"]
    sc = table.indicators[3]
    assert (sc.kind, sc.final.value) == ("quant", Decimal(score))
    assert table.total.value == Decimal(90) + Decimal(score)
    printed = field_value(pkg, keys.score("p1", "total"), sheet)
    assert printed != UNSCORED_TEXT and Decimal(printed) == table.total.value


@pytest.mark.parametrize(("target", "actual"), [(t, a) for t, a, s in ROWS if s == "10.00"])
def test_a_met_per_unit_target_raises_no_finding(target: str, actual: str) -> None:
    pkg = clean_package()
    ind = pkg.projects[0].performance.indicators[3]
    ind.target, ind.actual = target, actual
    assert [(f.rule_id, f.message) for f in run_checks(pkg)] == []
