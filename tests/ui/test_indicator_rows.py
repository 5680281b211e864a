"""The 附件2 indicator table: grouped like the form, rows added/moved/removed, weights checked per 一级,
deviation reasons asked for (boilerplate refused), and the 指标库."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialog

from evaldesk.ui.grid.value_editor import ValueEditor
from evaldesk.ui.indicators import dialogs as indicator_dialogs
from evaldesk.ui.models.grid_model import MISMATCH_FG
from evaldesk.ui.models.indicator_model import (
    C_ACTUAL,
    C_DEV,
    C_L1,
    C_L2,
    C_NAME,
    C_SCORE,
    C_WEIGHT,
    NEEDED_ROLE,
    SPAN_ROLE,
)
from tests.ui.helpers import commit_text, overall_editor, row_named, type_cell


def test_grouped_like_the_form_and_weight_sums(qtbot, sample_window):
    editor = overall_editor(sample_window)
    m, view = editor.model, editor.view
    # 产出指标 spans its six rows, 数量指标 two; the 总分 row closes the table.
    assert view.rowSpan(0, C_L1) == 6 and view.rowSpan(0, C_L2) == 2
    assert m.index(0, C_L1).data() == "产出指标\n（50分）"
    assert m.index(0, C_L1).data(SPAN_ROLE) == 6 and m.index(1, C_L1).data(SPAN_ROLE) == 0
    assert m.index(m.total_row(), 0).data() == "总分"
    assert m.index(m.total_row(), C_SCORE).data() == "100.00"
    # A weight that breaks the 50 of 产出指标 turns its heading red, with the sum.
    type_cell(qtbot, view, m.index(0, C_WEIGHT), "15")
    assert m.index(0, C_L1).data() == "产出指标\n（50分）\n现合计55分"
    assert m.index(0, C_L1).data(Qt.ItemDataRole.ForegroundRole).color() == MISMATCH_FG
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(m.index(0, C_L1)).center()
    )
    assert "15 + 10 + 10 + 10 + 5 + 5 = 55分" in editor.detail.text()
    sample_window.undo_action.trigger()
    assert m.index(0, C_L1).data() == "产出指标\n（50分）"


def test_add_move_remove_rows_undoable(qtbot, sample_window):
    editor = overall_editor(sample_window)
    m, view = editor.model, editor.view
    inds = sample_window.session.package.overall.indicators
    n = len(inds)
    # Add into a chosen 二级 heading (from the button's menu): after that heading's last row.
    time_menu = next(a.menu() for a in editor.add_menu.actions() if a.text() == "产出指标")
    next(a for a in time_menu.actions() if a.text() == "时效指标").trigger()
    assert len(inds) == n + 1
    assert (inds[5].level1, inds[5].level2, inds[5].name) == ("产出指标", "时效指标", "")
    assert editor.current_item() == 5
    assert view.rowSpan(4, C_L2) == 2 and view.rowSpan(0, C_L1) == 7
    commit_text_row = m.index(5, C_NAME)
    type_cell(qtbot, view, commit_text_row, "按时报送统计报表")
    assert inds[5].name == "按时报送统计报表"
    # Move up within its heading; not across headings.
    view.setCurrentIndex(m.index(5, C_NAME))
    assert editor.move_current(-1) and inds[4].name == "按时报送统计报表"
    assert not editor.move_current(-1)
    sample_window.undo_action.trigger()
    assert inds[5].name == "按时报送统计报表"
    # Remove (context menu), then undo.
    view.setCurrentIndex(m.index(5, C_NAME))
    menu = view.build_menu(m.index(5, C_NAME))
    next(a for a in menu.actions() if a.text() == "删除指标").trigger()
    assert len(inds) == n + 1 - 0 - 1 and all(i.name != "按时报送统计报表" for i in inds)
    sample_window.undo_action.trigger()
    assert inds[5].name == "按时报送统计报表"
    # A heading not yet in the table goes where the form has it (生态效益 after 社会效益).
    editor.add_indicator("效益指标", "生态效益指标")
    eco = next(i for i, x in enumerate(inds) if x.level2 == "生态效益指标")
    assert inds[eco - 1].level2 == "社会效益指标" and inds[eco + 1].level2 == "可持续影响指标"


def test_deviation_prompted_and_boilerplate_refused(qtbot, sample_window):
    editor = overall_editor(sample_window)
    m, view = editor.model, editor.view
    r = row_named(editor, "排查各类安全隐患个数")
    dev = m.index(r, C_DEV)
    assert not dev.data(NEEDED_ROLE)
    type_cell(qtbot, view, m.index(r, C_ACTUAL), "4000个")  # over a ≤3755个 target
    assert m.index(r, C_SCORE).data() == "9.39"
    assert "低于分值" in dev.data(NEEDED_ROLE)
    assert "须填写偏差原因" in dev.data(Qt.ItemDataRole.ToolTipRole)
    ind = sample_window.session.package.overall.indicators[r]
    depth = sample_window.session.undo_stack.count()
    type_cell(qtbot, view, dev, "无")
    assert ind.deviation == "" and sample_window.session.undo_stack.count() == depth
    assert "“无”不足以说明偏差原因" in view.last_message
    open_editor = view.indexWidget(dev)
    assert open_editor is not None and open_editor.text() == "无"
    open_editor.selectAll()
    commit_text(open_editor, "隐患排查范围扩大，下年度按实际调整目标")
    qtbot.keyClick(open_editor, Qt.Key.Key_Return)
    assert ind.deviation == "隐患排查范围扩大，下年度按实际调整目标"
    assert not dev.data(NEEDED_ROLE)


def test_library_dialog_inserts_an_indicator(qtbot, sample_window, monkeypatch):
    editor = overall_editor(sample_window)
    inds = sample_window.session.package.overall.indicators
    n = len(inds)
    seen = {}

    def run(dlg: indicator_dialogs.LibraryDialog) -> int:
        commit_text(dlg.search, "群众满意")
        seen["count"] = len(dlg.entries())
        seen["first"] = dlg.results.item(0, 0).text()
        dlg.results.selectRow(0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(indicator_dialogs.LibraryDialog, "exec", run)
    qtbot.mouseClick(editor.library_button, Qt.MouseButton.LeftButton)
    assert seen["count"] >= 1 and seen["first"] == "群众满意度"
    assert len(inds) == n + 1
    pos = next(i for i, x in enumerate(inds) if x.name == "群众满意度")
    assert (inds[pos].level1, inds[pos].level2, inds[pos].target) == (
        "满意度指标",
        "服务对象满意度指标",
        "≥%",
    )
    assert inds[pos - 1].level2 == "服务对象满意度指标"
    # The target opens with the cursor between the sign and the unit: type the number.
    ed = editor.view.indexWidget(editor.model.index(pos, 3))
    assert isinstance(ed, ValueEditor) and ed.raw.cursorPosition() == 1
    qtbot.keyClicks(ed.raw, "95")
    qtbot.keyClick(ed.raw, Qt.Key.Key_Return)
    assert inds[pos].target == "≥95%"
    sample_window.undo_action.trigger()
    sample_window.undo_action.trigger()
    assert len(inds) == n


def test_score_trace_in_panel_and_qualitative_band(qtbot, sample_window):
    panel = sample_window.workspace.score_panel
    overall = panel.item_for("overall")
    assert overall.text(1) == "100.00 优"
    rate = panel.item_for("overall", "执行率")
    panel.tree.setCurrentItem(rate)
    assert "执行率" in panel.detail.text() and "→" in panel.detail.text()
    p1 = panel.item_for("p1")
    assert p1.text(0) == "业务工作经费"
    qtbot.mouseClick(panel.total, Qt.MouseButton.LeftButton)
    assert panel.detail.text().startswith("整体：100.00 优\n总分 =")
    # A weaker actual lowers 产出 and the total at once.
    editor = overall_editor(sample_window)
    r = row_named(editor, "一般安全生产事故起数")
    type_cell(qtbot, editor.view, editor.model.index(r, C_ACTUAL), "2起")  # ≤1起 missed: 10 × 1 ÷ 2
    assert editor.model.index(r, C_SCORE).data() == "5.00"
    assert panel.item_for("overall", "产出").text(1) == "45.00/50"
    assert overall.text(1) == "95.00 优"
    assert sample_window.session.package.overall.indicators[r].weight == Decimal("10")


def test_long_names_wrap_and_the_row_grows(qtbot, sample_window):
    editor = overall_editor(sample_window)
    m, view = editor.model, editor.view
    r = row_named(editor, "一般安全生产事故起数")
    view.flush_layout()
    before = view.rowHeight(r)
    height = view.height()
    long_name = (
        "一般及以上安全生产事故起数（含道路交通、消防、危化品、建筑施工等各行业领域，以应急管理部门统计为准）"
    )
    type_cell(qtbot, view, m.index(r, C_NAME), long_name)
    view.flush_layout()
    assert m.index(r, C_NAME).data() == long_name
    fm = view.fontMetrics()
    width = view.columnWidth(C_NAME) - 2 * max(2, fm.horizontalAdvance("中") // 3)
    needed = fm.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap), long_name).height()
    assert needed > 2 * fm.height()  # the name does not fit on two lines …
    assert view.rowHeight(r) >= needed > before  # … and the row is as tall as all of it
    assert view.height() == height + view.rowHeight(r) - before  # the table grows; the page scrolls
