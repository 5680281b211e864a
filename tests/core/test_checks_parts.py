"""Issue 15 item 9: a package that is only a 附件3 (or only a 附件1) gets no findings about the cover,
the report or the links to parts it does not contain."""

from __future__ import annotations

from evaldesk.core import model
from evaldesk.core.checks import run_checks
from tests.helpers.checks import clean_package


def _only_project() -> model.Package:
    """The clean package's 附件3 alone, as a unit hands in one project's table."""
    pkg = clean_package()
    pkg.basic = model.BasicData()
    pkg.unit.staff_authorized = pkg.unit.staff_actual = pkg.unit.control_rate_entered = None
    pkg.overall_funding = model.OverallFunding()
    pkg.overall = model.Performance(indicators=model.standard_indicators())
    pkg.report = model.standard_report()
    pkg.cover = model.Cover()
    return pkg


def _only_basic() -> model.Package:
    pkg = clean_package()
    pkg.projects = []
    pkg.overall_funding = model.OverallFunding()
    pkg.overall = model.Performance(indicators=model.standard_indicators())
    pkg.report = model.standard_report()
    pkg.cover = model.Cover()
    return pkg


def _keys(pkg: model.Package) -> list[tuple[str, str]]:
    return [(f.rule_id, f.location.key) for f in run_checks(pkg) if f.rule_id != "L7"]


def test_only_a_project_table_gets_no_cover_or_link_findings() -> None:
    assert _keys(_only_project()) == []  # no L6 封面, no R10 "附件1 has no such line"


def test_only_the_basic_table_gets_no_cover_findings() -> None:
    assert _keys(_only_basic()) == []


def test_the_footer_is_asked_for_the_tables_the_package_has() -> None:
    pkg = _only_project()
    pkg.footer = model.Footer()
    msgs = [f.message for f in run_checks(pkg) if f.rule_id == "L5"]
    assert "表尾“填表人”未填写（附件3的表尾）。" in msgs
    empty = model.new_package("测试局", "测试区政府", 2023)
    assert [f for f in run_checks(empty) if f.rule_id == "L5"] == []  # no table yet, no footer


def test_a_full_package_still_gets_cover_findings() -> None:
    pkg = clean_package()
    pkg.cover.unit_name = "另一个局"  # (an empty cover name prints 单位信息's: no finding)
    assert ("L6", "cover/unit_name") in _keys(pkg)
    pkg.footer.preparer = ""
    (msg,) = [f.message for f in run_checks(pkg) if f.rule_id == "L5"]
    assert msg == "表尾“填表人”未填写（附件1、附件2、附件3的表尾共用）。"
