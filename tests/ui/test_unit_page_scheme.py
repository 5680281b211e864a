"""单位信息: choosing the weight scheme and declaring the 一级 weights, as a clerk does."""

from __future__ import annotations

import os
from decimal import Decimal

from PySide6.QtCore import Qt

from evaldesk.core import rulesets
from evaldesk.core.checks import run_checks


def unit_page(window):  # type: ignore[no-untyped-def]
    window.workspace.go_to(0)
    return window.workspace.page(0)


def r13(pkg):  # type: ignore[no-untyped-def]
    return [(f.location.key, f.message) for f in run_checks(pkg) if f.rule_id == "R13"]


def test_free_scheme_then_declared_split(qtbot, sample_window):
    page = unit_page(sample_window)
    pkg = sample_window.session.package
    assert page.scheme.currentData() == rulesets.NATIONAL
    assert not page.level1_box.isVisibleTo(page)
    # The sample's 附件3 has 产出 10+10+10+10+5+5+5 = 55 against the national 50.
    assert [k for k, _ in r13(pkg)] == ["projects/p1/performance/indicators/0/weight"]

    page.scheme.setFocus()
    qtbot.keyClick(page.scheme, Qt.Key.Key_Down)  # the clerk picks the second scheme
    assert page.scheme.currentData() == rulesets.FREE
    rs, problem = rulesets.of_package(pkg)
    assert (rs.scheme, rs.level1, problem) == (rulesets.FREE, {}, "")
    assert page.level1_box.isVisibleTo(page)
    # An open split: only Σ = 100 is checked, and 附件3's rows add to 105.
    assert r13(pkg) == [
        (
            "projects/p1/performance/total_weight_entered",
            "附件3“业务工作经费”：执行率分值与各指标分值合计为105，应为100分。",
        )
    ]

    for name, value in (("产出指标", "60"), ("效益指标", "30"), ("满意度指标", "0")):
        edit = page.level1_edits[name]
        edit.setFocus()
        qtbot.keyClicks(edit, value)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    rs, _ = rulesets.of_package(pkg)
    assert rs.level1 == {"产出指标": Decimal(60), "效益指标": Decimal(30), "满意度指标": Decimal(0)}
    assert "申报为产出60分、效益30分、满意度0分" in page.scheme_note.text()
    found = r13(pkg)
    assert ("projects/p1/performance/indicators/0/weight",
            "附件3“业务工作经费”：产出指标各三级指标分值合计为55，应为60分（分值方案：执行率10分，其余90分申报为"
            "产出60分、效益30分、满意度0分）。") in found  # fmt: skip
    assert not any("效益指标" in m for _, m in found)  # 效益 30 = 30

    if os.environ.get("EVALDESK_SHOTS"):
        qtbot.wait(100)
        page.grab().save(os.path.join(os.environ["EVALDESK_SHOTS"], "unit_scheme.png"))

    # A split that does not fit is refused in words, and nothing changes.
    before = pkg.ruleset_content
    edit = page.level1_edits["满意度指标"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "10")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert pkg.ruleset_content == before
    assert "合计为100，应为90分" in page.scheme_note.text()

    # Undo goes back step by step, to the national template.
    for _ in range(4):
        sample_window.undo_action.trigger()
    assert rulesets.of_package(pkg)[0].scheme == rulesets.NATIONAL
    assert page.scheme.currentData() == rulesets.NATIONAL
    assert not page.level1_box.isVisibleTo(page)


def test_changing_the_rule_set_keeps_the_scheme(qtbot, sample_window):
    page = unit_page(sample_window)
    pkg = sample_window.session.package
    page.scheme.setFocus()
    qtbot.keyClick(page.scheme, Qt.Key.Key_Down)
    page.ruleset.setFocus()
    target = page.ruleset.findData("mof2020")
    while page.ruleset.currentIndex() != target:
        qtbot.keyClick(
            page.ruleset, Qt.Key.Key_Up if page.ruleset.currentIndex() > target else Qt.Key.Key_Down
        )
    assert pkg.ruleset_id == "mof2020"
    rs, _ = rulesets.of_package(pkg)
    assert (rs.id, rs.scheme) == ("mof2020", rulesets.FREE)


def test_a_rule_set_this_pc_lacks_is_shown_from_the_package(qtbot, window, tmp_path, data_dir):
    import json

    from evaldesk.core.sample import load_sample
    from evaldesk.core.storage import save_package

    folder = data_dir / "rulesets"
    folder.mkdir(exist_ok=True)
    user = folder / "county.json"
    user.write_text(
        json.dumps({"extends": "hunan", "name": "某县规则"}, ensure_ascii=False), encoding="utf-8"
    )
    rulesets.get.cache_clear()
    pkg = load_sample()
    pkg.ruleset_id, pkg.ruleset_content = "county", rulesets.content_of("county")
    path = tmp_path / "county.evaldesk"
    save_package(path, pkg)
    user.unlink()  # another PC
    rulesets.get.cache_clear()
    try:
        assert window.open_path(path)
        page = unit_page(window)
        assert page.ruleset.currentText() == "某县规则（随自评包保存）"
        assert page.ruleset.currentData() == "county"
        assert not any(f.rule_id == "RS" for f in run_checks(window.session.package))
    finally:
        rulesets.get.cache_clear()
