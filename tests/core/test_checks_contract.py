"""The engine's contract (docs/checks.md): on any consistent package ``check`` gives no error and no
warning; one injected defect of a rule's kind makes exactly that rule fire, at that place.

The default profile keeps CI short; ``HYPOTHESIS_PROFILE=thousands`` runs the contract on thousands of
packages (see docs/checks.md for the last such run).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings

from evaldesk.core import model
from evaldesk.core.checks import run_checks
from evaldesk.core.checks.parts import tables_present
from evaldesk.core.money import round_money
from evaldesk.core.scoring import score_package
from tests.strategies_consistent import DEVIATION, ZERO, consistent_packages

settings.register_profile(
    "thousands", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck)
)
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "")
_EXAMPLES = settings.get_profile(_PROFILE).max_examples if _PROFILE == "thousands" else 40


def _serious(pkg: model.Package) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.location.key, f.message) for f in run_checks(pkg) if f.severity != "hint"]


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_packages())
def test_a_consistent_package_has_no_error_and_no_warning(pkg: model.Package) -> None:
    assert _serious(pkg) == []


# ---- one defect of each rule's kind: exactly that rule fires, at that place ----------------------------

Injection = Callable[[model.Package], tuple[str, str]]


def _overall_present(pkg: model.Package) -> None:
    assume(pkg.overall_funding.total.full is not None)


def _r1(pkg: model.Package) -> tuple[str, str]:
    u = pkg.unit
    assume(u.staff_authorized and u.staff_actual is not None)
    assert u.staff_authorized is not None and u.staff_actual is not None
    u.control_rate_entered = round_money(Decimal(u.staff_actual) * 100 / u.staff_authorized) + 5
    return "R1", "unit/control_rate_entered"


def _r2(pkg: model.Package) -> tuple[str, str]:
    t = pkg.basic.rows["sangong"]
    assume(t.actual is not None and t.actual >= 1)
    assert t.actual is not None
    t.actual -= 1
    return "R2", "basic/rows/sangong/actual"


def _r3(pkg: model.Package) -> tuple[str, str]:
    r = pkg.basic.rows
    purchase = r["car_purchase"].actual
    assume(r["car"].actual is not None and r["car_running"].actual is not None)
    assume(purchase is not None and purchase >= 1)
    r["car_purchase"].actual = (purchase or ZERO) - 1
    return "R3", "basic/rows/car/actual"


def _r4(pkg: model.Package) -> tuple[str, str]:
    r = pkg.basic.rows
    assume(r["project"].actual is not None and r["project_business"].actual in (None, ZERO))
    r["project_business"].actual = Decimal(1)
    return "R4", "basic/rows/project/actual"


def _r5(pkg: model.Package) -> tuple[str, str]:
    r = pkg.basic.rows
    assume(r["public"].budget is not None)
    assert r["public"].budget is not None
    r["public_office"].budget = r["public"].budget + 1
    return "R5", "basic/rows/public/budget"


def _r6(pkg: model.Package) -> tuple[str, str]:
    _overall_present(pkg)
    f = pkg.overall_funding
    assert f.total.full is not None
    f.expend_total = f.total.full + 1
    return "R6", "overall_funding/expend_total"


def _r9(pkg: model.Package) -> tuple[str, str]:
    _overall_present(pkg)
    t = pkg.overall_funding.total
    assume(bool(t.full))
    assert t.full is not None and t.executed is not None
    t.rate_entered = round_money(t.executed * 100 / t.full) + 5
    return "R9", "overall_funding/total/rate_entered"


def _r11(pkg: model.Package) -> tuple[str, str]:
    assume(bool(pkg.projects) and pkg.basic.special and pkg.basic.special[0].budget is not None)
    f = pkg.projects[0].funding
    assume(f.total.initial is not None and f.current.initial is not None)
    assert f.total.initial is not None and f.current.initial is not None
    f.total.initial += 1
    f.current.initial += 1
    return "R11", "projects/p1/funding/total/initial"


def _r12(pkg: model.Package) -> tuple[str, str]:
    assume(bool(pkg.projects))
    pkg.projects[0].funding.current.weight_entered = Decimal(10)
    return "R12", "projects/p1/funding/current/weight_entered"


def _r13(pkg: model.Package) -> tuple[str, str]:
    _overall_present(pkg)
    ind = pkg.overall.indicators[0]
    assert ind.weight is not None
    ind.weight += 1
    ind.score_entered = None
    pkg.overall.total_score_entered = pkg.overall.total_weight_entered = None
    return "R13", "overall/indicators/0/weight"


def _r14(pkg: model.Package) -> tuple[str, str]:
    _overall_present(pkg)
    total = score_package(pkg).overall.total.value
    assume(total is not None)
    assert total is not None
    pkg.overall.total_score_entered = total + 1
    return "R14", "overall/total_score_entered"


def _r15(pkg: model.Package) -> tuple[str, str]:
    _overall_present(pkg)
    v = score_package(pkg).overall.indicators[0].final.value
    assume(v is not None and v >= 1)
    assert v is not None
    pkg.overall.indicators[0].score_entered = v - 1
    pkg.overall.total_score_entered = None
    return "R15", "overall/indicators/0/score_entered"


def _r16(pkg: model.Package) -> tuple[str, str]:
    _overall_present(pkg)
    rows = [i for i, ind in enumerate(pkg.overall.indicators) if ind.deviation == DEVIATION]
    assume(bool(rows))
    pkg.overall.indicators[rows[0]].deviation = "无"
    return "R16", f"overall/indicators/{rows[0]}/deviation"


def _r17(pkg: model.Package) -> tuple[str, str]:
    public = pkg.basic.rows["public"].actual
    assume(public is not None and pkg.cover.date is not None)
    pkg.report[1].subsections[0].body += f"{pkg.fiscal_year}年公用经费{public + 10}万元。"
    return "R17", "report/1/subsections/0/body"


def _r18(pkg: model.Package) -> tuple[str, str]:
    pkg.footer.date = dt.date(pkg.fiscal_year, 12, 1)
    return "R18", "footer/date"


def _r20(pkg: model.Package) -> tuple[str, str]:
    b = pkg.basic.building
    assume(bool(b.approved_area))
    assert b.approved_area is not None
    b.actual_area = b.approved_area + 1
    b.area_rate_entered = round_money(b.actual_area * 100 / b.approved_area)
    return "R20", "basic/building/actual_area"


def _r22(pkg: model.Package) -> tuple[str, str]:
    assume(bool(pkg.projects))
    cur = pkg.projects[0].funding.current
    assert cur.full is not None
    cur.full += 1
    cur.rate_entered = None
    return "R22", "projects/p1/funding/total/full"


def _l4(pkg: model.Package) -> tuple[str, str]:
    pkg.report[5].heading = "6、单位整体支出绩效情况"
    return "L4", "report/5/heading"


def _l5(pkg: model.Package) -> tuple[str, str]:
    assume(bool(tables_present(pkg)))  # no table, no footer to sign
    pkg.footer.preparer = ""
    return "L5", "footer/preparer"


def _l6(pkg: model.Package) -> tuple[str, str]:
    assume(pkg.cover.date is not None)
    pkg.cover.unit_name = "另一个单位"
    return "L6", "cover/unit_name"


def _l9(pkg: model.Package) -> tuple[str, str]:
    f = pkg.overall_funding
    assume(f.expend_total is not None and f.expend_basic is not None and f.expend_basic > Decimal("0.01"))
    assume("expend_basic" not in pkg.report[1].subsections[0].body)  # else its live field is blank too
    f.expend_basic = None
    return "L9", "overall_funding/expend_basic"


INJECTIONS: list[Injection] = [
    _r1, _r2, _r3, _r4, _r5, _r6, _r9, _r11, _r12, _r13, _r14, _r15, _r16, _r17, _r18, _r20, _r22,
    _l4, _l5, _l6, _l9,
]  # fmt: skip


@pytest.mark.parametrize("inject", INJECTIONS, ids=[f.__name__.strip("_").upper() for f in INJECTIONS])
@settings(max_examples=max(10, _EXAMPLES // 4), deadline=None, suppress_health_check=list(HealthCheck))
@given(pkg=consistent_packages())
def test_one_injected_defect_fires_exactly_its_rule(inject: Injection, pkg: model.Package) -> None:
    rule_id, key = inject(pkg)
    assert [(r, k) for r, k, _ in _serious(pkg)] == [(rule_id, key)], _serious(pkg)
