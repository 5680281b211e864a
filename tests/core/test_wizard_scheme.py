"""The new-package wizard's 分值方案: the package keeps its rule set's content with the chosen scheme."""

from __future__ import annotations

import datetime as dt

from evaldesk.core import rulesets
from evaldesk.core.wizard import NewPackageWizard


def test_the_scheme_is_a_choice_of_the_year_step_defaulting_to_the_national_template(tmp_path):
    wiz = NewPackageWizard(today=dt.date(2024, 4, 15), save_dir=tmp_path)
    field = next(f for f in wiz.step("year").fields if f.key == "scheme")
    assert (field.kind, field.choices) == ("choice", rulesets.SCHEMES)
    assert wiz.value("scheme") == rulesets.NATIONAL
    wiz.set_value("scheme", "其他")
    assert wiz.step_errors("year") == {"scheme": "请选择分值方案。"}


def test_the_new_package_carries_its_rules_and_scheme(tmp_path):
    wiz = NewPackageWizard(today=dt.date(2024, 4, 15), save_dir=tmp_path)
    wiz.set_value("unit_name", "岳阳楼区应急管理局")
    wiz.set_value("ruleset", "hunan")
    wiz.set_value("scheme", rulesets.FREE)
    pkg = wiz.result().package
    rs, problem = rulesets.of_package(pkg)
    assert (pkg.ruleset_id, rs.id, rs.name, rs.scheme, rs.level1, problem) == (
        "hunan", "hunan", "湖南省规则", rulesets.FREE, {}, ""
    )  # fmt: skip
    wiz.set_value("scheme", rulesets.NATIONAL)
    assert wiz.result().package.ruleset_content == rulesets.content_of("hunan")
