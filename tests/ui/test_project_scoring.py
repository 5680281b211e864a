"""A new project filled in like a clerk would: indicators with ≥/≤/=/qualitative targets, the score
panel following every edit, an override with its reason, and one undo taking it back."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from evaldesk.ui.indicators import dialogs as indicator_dialogs
from evaldesk.ui.models.indicator_model import (
    C_ACTUAL,
    C_NAME,
    C_SCORE,
    C_TARGET,
    C_WEIGHT,
    OVERRIDE_ROLE,
    PROBLEM_ROLE,
)
from tests.ui.helpers import project_item, projects_page, type_cell


def fill_row(qtbot, view, row: int, name: str, target: str, actual: str, weight: str) -> None:  # type: ignore[no-untyped-def]
    m = view.grid
    type_cell(qtbot, view, m.index(row, C_NAME), name)
    type_cell(qtbot, view, m.index(row, C_TARGET), target)
    type_cell(qtbot, view, m.index(row, C_ACTUAL), actual)
    type_cell(qtbot, view, m.index(row, C_WEIGHT), weight)


def test_new_project_scored_live_override_and_undo(qtbot, sample_window, monkeypatch):
    window = sample_window
    page = projects_page(window)
    qtbot.mouseClick(page.projects.add_button, Qt.MouseButton.LeftButton)
    pkg = window.session.package
    assert len(pkg.projects) == 2
    pid = page.projects.current_id()
    project = pkg.project(pid)
    assert len(pid) == 8 and project.name == "新项目1"
    assert page.form.project_id == pid

    # 项目资金: 全年预算数 100, 全年执行数 90 → 执行率 90% → 9分.
    f = page.form.funding
    type_cell(qtbot, f, f.grid.index(0, 2), "100")
    type_cell(qtbot, f, f.grid.index(0, 3), "90")
    assert project.funding.total.full == Decimal("100")
    assert f.grid.index(0, 5).data() == "90.00%"

    editor = page.form.indicators
    view = editor.view
    inds = project.performance.indicators
    levels = [(i.level1, i.level2) for i in inds]
    assert levels[0] == ("产出指标", "数量指标") and len(inds) == 9
    # ASCII typed with key clicks (>= becomes ≥), Chinese through the input method.
    fill_row(qtbot, view, 0, "巡查覆盖率", ">=90%", "95%", "20")
    assert inds[0].target == "≥90%" and inds[0].actual == "95%" and inds[0].weight == Decimal("20")
    fill_row(qtbot, view, 1, "安全事故起数", "≤1起", "0起", "10")
    fill_row(qtbot, view, 2, "按期完成率", "=100%", "100%", "10")
    row = levels.index(("效益指标", "社会效益指标"))
    fill_row(qtbot, view, row, "宣传活动", "按时开展", "基本开展", "10")
    assert inds[row].target == "按时开展"
    # A qualitative actual: choose the band and a score inside it in the cell's editor.
    idx = view.grid.index(row, C_ACTUAL)
    view.setCurrentIndex(idx)
    view.edit(idx)
    ed = view.indexWidget(idx)
    ed.band.setCurrentIndex(ed.band.findData("部分达成并具有一定效果"))
    ed.band_score.setText("7")
    qtbot.keyClick(ed.raw, Qt.Key.Key_Return)
    assert inds[row].band == "部分达成并具有一定效果" and inds[row].band_score == Decimal("7")

    m = view.grid
    assert m.index(0, C_SCORE).data() == "20.00"
    assert m.index(row, C_SCORE).data() == "7.00"
    item = project_item(window, pid)
    assert item.text(0) == "新项目1"
    assert item.text(1) == "56.00 差"  # 9 + 20 + 10 + 10 + 7

    # Miss the first target: 20 × 81 ÷ 90 = 18.00, and the panel follows.
    type_cell(qtbot, view, m.index(0, C_ACTUAL), "81%")
    assert m.index(0, C_SCORE).data() == "18.00"
    assert item.text(1) == "54.00 差"
    view.setCurrentIndex(m.index(0, C_SCORE))
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(m.index(0, C_SCORE)).center()
    )
    assert "20 × 81 ÷ 90 = 18.00分" in editor.detail.text()
    assert editor.detail.text() == editor.detail_text(m.index(0, C_SCORE))

    # Override with a reason (the dialog is answered for the test): one undo step for both fields.
    asked = {}

    def answer(parent, name, computed, weight, score=None, reason=""):  # type: ignore[no-untyped-def]
        asked.update(name=name, computed=computed, weight=weight)
        return Decimal("19"), "按实际覆盖情况适度调整"

    monkeypatch.setattr(indicator_dialogs, "ask_override", answer)
    view.setCurrentIndex(m.index(0, C_NAME))
    qtbot.mouseClick(editor.override_button, Qt.MouseButton.LeftButton)
    assert asked["name"] == "巡查覆盖率" and asked["weight"] == Decimal("20")
    assert "18.00分" in asked["computed"]
    assert inds[0].override_score == Decimal("19") and inds[0].override_reason == "按实际覆盖情况适度调整"
    score = m.index(0, C_SCORE)
    assert score.data() == "19.00" and score.data(OVERRIDE_ROLE) is True
    assert "按实际覆盖情况适度调整" in score.data(Qt.ItemDataRole.ToolTipRole)
    assert item.text(1) == "55.00 差"
    assert window.undo_action.text() == "撤销“调整附件3“新项目1”指标“巡查覆盖率”的自评得分为19分”"
    window.undo_action.trigger()
    assert inds[0].override_score is None and inds[0].override_reason == ""
    assert score.data() == "18.00" and score.data(OVERRIDE_ROLE) is False
    assert item.text(1) == "54.00 差"


def test_structured_value_editor_and_malformed_target(qtbot, sample_window):
    page = projects_page(sample_window)
    editor = page.form.indicators
    view, m = editor.view, editor.model
    inds = sample_window.session.package.projects[0].performance.indicators
    # The sample's ≤≤15轮 is kept as written and flagged at the cell.
    bad = m.index(1, C_TARGET)
    assert bad.data() == "≤≤15轮"
    assert "运算符重复" in bad.data(PROBLEM_ROLE)
    assert "运算符重复" in bad.data(Qt.ItemDataRole.ToolTipRole)
    # Fix it with the parts: sign, number and unit.
    view.setCurrentIndex(bad)
    view.edit(bad)
    ed = view.indexWidget(bad)
    assert ed.op.currentData() == "≤" and ed.number.text() == "15" and ed.unit.currentText() == "轮"
    assert "运算符重复" in ed.problems.text()
    ed.op.setCurrentIndex(ed.op.findData("≥"))
    assert ed.raw.text() == "≥15轮"
    qtbot.keyClick(ed.raw, Qt.Key.Key_Return)
    assert inds[1].target == "≥15轮"
    assert bad.data(PROBLEM_ROLE) == ""
    # Typing a malformed value stores it as typed (never repaired silently) and flags it.
    type_cell(qtbot, view, bad, "≤≤16轮")
    assert inds[1].target == "≤≤16轮" and "运算符重复" in bad.data(PROBLEM_ROLE)
    sample_window.undo_action.trigger()
    assert inds[1].target == "≥15轮"
    # Clicking another cell while the editor is open keeps what was typed there.
    view.setCurrentIndex(bad)
    view.setFocus()
    qtbot.keyClick(view, "<")
    qtbot.keyClicks(view.indexWidget(bad), "=9")
    other = m.index(4, C_TARGET)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(other).center())
    qtbot.waitUntil(lambda: inds[1].target == "≤9轮" or inds[1].target == "≤9")
    assert inds[1].target == "≤9"
