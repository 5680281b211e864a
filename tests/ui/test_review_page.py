"""审核: the findings tree with counts, jumping to a cell, acknowledging warnings (not errors)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evaldesk.core import model
from evaldesk.core.storage import Draft
from evaldesk.ui.pages import review_page
from evaldesk.ui.steps import step_index


def review(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    ws.go_to(step_index("review"))
    page = ws.page(step_index("review"))
    assert isinstance(page, review_page.ReviewPage)
    return page


def tops(page):  # type: ignore[no-untyped-def]
    return [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]


def test_tree_shows_the_samples_counts_by_severity_and_part(qtbot, sample_window):
    page = review(sample_window)
    found = sample_window.session.analysis.findings
    warnings = sum(1 for f in found if f.severity == "warning")
    hints = sum(1 for f in found if f.severity == "hint")
    assert tops(page) == ["错误 9 处", f"警告 {warnings} 处", f"提示 {hints} 处"]
    errors = page.tree.topLevelItem(0)
    parts = [errors.child(i).text(0) for i in range(errors.childCount())]
    assert parts == ["单位信息  1 处", "项目支出自评  6 处", "自评报告  2 处"]
    assert page.summary.text().startswith(f"错误 9 处，警告 {warnings} 处，提示 {hints} 处。")
    item = page.item_for("R9", "funding/total/rate_entered")
    assert item is not None and item.text(0).startswith("[R9] 附件3“业务工作经费”：执行率填报为90%")
    page.tree.setCurrentItem(item)
    assert page.info["rule"] == "错误 · R9 执行率与得分按公式计算"
    assert page.info["trace"].startswith("计算：")
    assert "执行率填报为90%" in page.detail.toPlainText()
    assert not page.ack_button.isEnabled()  # an error cannot be acknowledged
    assert "不能通过“确认”消除" in page.info["explain"]


def test_activating_r9_shows_the_project_step(qtbot, sample_window):
    ws = sample_window.workspace
    page = review(sample_window)
    item = page.item_for("R9", "funding/total/rate_entered")
    page.tree.setCurrentItem(item)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert ws.steps[ws.current].key == "projects"
    funding = ws.page(ws.current).form.funding  # the jump selected the 执行率 cell of the total row
    cell = funding.grid.cell(funding.currentIndex())
    assert cell.path == ("projects", "p1", "funding", "total", "rate_entered")


def test_activating_r4_selects_the_basic_cell(qtbot, sample_window):
    ws = sample_window.workspace
    page = review(sample_window)
    item = page.item_for("R4")
    page.tree.itemActivated.emit(item, 0)
    assert ws.steps[ws.current].key == "basic"
    basic = ws.page(ws.current)
    cell = basic.grid_model.cell_at(basic.grid.currentIndex().row(), basic.grid.currentIndex().column())
    assert cell.path == ("basic", "rows", "project", "actual")


def test_acknowledge_warning_with_reason_then_undo_and_unacknowledge(qtbot, sample_window, monkeypatch):
    page = review(sample_window)
    asked = []
    monkeypatch.setattr(
        review_page, "ask_reason", lambda *a, **k: asked.append(a[2]) or "经核对原始凭证，差额为四舍五入所致"
    )
    page.tree.setCurrentItem(page.item_for("R4"))
    assert page.ack_button.isEnabled()
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("附件1“项目支出”")
    acks = sample_window.session.package.acknowledgements
    assert acks == [
        model.Acknowledgement(
            "R4", "basic/rows/project/actual", "经核对原始凭证，差额为四舍五入所致", "warning"
        )
    ]
    warnings = sum(1 for f in sample_window.session.analysis.findings if f.severity == "warning")
    assert tops(page)[1] == f"警告 {warnings} 处（已确认 1 处）"
    # What still needs attention no longer counts the acknowledged warning.
    panel = sample_window.workspace.score_panel
    assert panel.review.text().endswith(f"警告 {warnings - 1}")
    basic = sample_window.workspace.navigator.item(1).text()
    assert basic.startswith("⚠") and basic.endswith(" 1")
    item = page.tree.currentItem()
    assert item.text(0).startswith("✓ 已确认  [R4]")
    assert page.info["ack"] == "已确认，原因：经核对原始凭证，差额为四舍五入所致"
    assert page.unack_button.isVisible() and not page.ack_button.isVisible()
    sample_window.undo_action.trigger()
    assert sample_window.session.package.acknowledgements == []
    assert tops(page)[1] == f"警告 {warnings} 处"
    sample_window.redo_action.trigger()
    assert len(sample_window.session.package.acknowledgements) == 1
    page.tree.setCurrentItem(page.item_for("R4"))
    qtbot.mouseClick(page.unack_button, Qt.MouseButton.LeftButton)
    assert sample_window.session.package.acknowledgements == []
    assert page.acknowledge(page.finding_of(page.item_for("R18")), "第五部分引用的是上年度的政策文件年度")
    path = sample_window.session.path
    sample_window.close_document()
    with Draft.open(path, backup=False) as draft:  # stored in the draft file itself
        assert [(a.rule_id, a.location, a.kind) for a in draft.package.acknowledgements] == [
            ("R18", "report/4/body#2022年度", "warning")
        ]


def test_error_and_cancel_are_refused(qtbot, sample_window, monkeypatch):
    page = review(sample_window)
    monkeypatch.setattr(review_page, "ask_reason", lambda *a, **k: None)
    r9 = page.finding_of(page.item_for("R9"))
    assert not page.acknowledge(r9, "想忽略")
    r4 = page.finding_of(page.item_for("R4"))
    assert not page.acknowledge(r4)  # cancelled
    assert sample_window.session.package.acknowledgements == []
