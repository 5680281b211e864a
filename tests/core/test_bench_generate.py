"""The benchmark's large package has the promised shape and is as consistent as a careful clerk's.

(Timings are not asserted anywhere in the suite: ``python bench/run.py`` reports them.)
"""

from __future__ import annotations

from decimal import Decimal

from bench.generate import large_package
from evaldesk.core import jsonform, model


def test_large_package_shape() -> None:
    pkg = large_package()
    assert len(pkg.projects) == 50
    assert all(len(p.performance.indicators) == 15 for p in pkg.projects)
    assert len(pkg.overall.indicators) == 15
    assert len(pkg.basic.special) + len(pkg.basic.transfer) == 40
    assert len(pkg.basic.special) == 30 and len(pkg.basic.transfer) == 10
    assert len(pkg.report) == 10
    for section in pkg.report:
        size = len(section.body) + sum(len(s.body) for s in section.subsections)
        assert 780 <= size <= 1000, (section.heading, size)
    assert len({p.id for p in pkg.projects}) == 50
    assert len({p.name for p in pkg.projects}) == 50
    assert jsonform.loads(jsonform.dumps(pkg)) == pkg
    assert jsonform.dumps(large_package()) == jsonform.dumps(pkg), "the generator is deterministic"


def test_large_package_amounts_agree() -> None:
    pkg = large_package()
    r = pkg.basic.rows
    lines = [
        r["project_business"],
        r["project_operation"],
        *(ln.triple() for ln in pkg.basic.special + pkg.basic.transfer),
    ]
    for col in ("prev", "budget", "actual"):
        assert getattr(r["project"], col) == sum(getattr(t, col) for t in lines)
        assert getattr(r["sangong"], col) == sum(getattr(r[k], col) for k in ("car", "abroad", "reception"))
    of = pkg.overall_funding
    assert of.expend_project == r["project"].actual
    assert of.expend_basic is not None and of.personnel is not None and of.expend_project is not None
    assert of.income_general is not None and of.income_other is not None
    assert of.expend_basic - of.personnel == r["public"].actual
    assert of.total.full == of.expend_basic + of.expend_project == of.income_general + of.income_other
    by_name = {ln.name: ln for ln in pkg.basic.special + pkg.basic.transfer}
    for p in pkg.projects[:40]:
        line = by_name[p.name]
        assert p.funding.total.executed == line.actual and p.funding.total.initial == line.budget
    for p in pkg.projects:
        weights = sum(i.weight or Decimal(0) for i in p.performance.indicators)
        assert weights + 10 == Decimal(100) == p.performance.total_weight_entered


def test_large_package_checks_find_no_errors() -> None:
    from evaldesk.core.checks import run_checks
    from evaldesk.core.scoring import score_package

    pkg = large_package()
    sheet = score_package(pkg)
    errors = [f for f in run_checks(pkg, sheet) if f.severity == "error"]
    assert errors == [], [f.message for f in errors[:5]]
    for p in pkg.projects:
        assert sheet.projects[p.id].total.value == p.performance.total_score_entered
    assert sheet.overall.total.value == Decimal(100)
    assert isinstance(pkg, model.Package)
