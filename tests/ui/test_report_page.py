"""自评报告: typing with undo, live fields, plain paste, drafting from the data, sub-sections, jumps."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor

from evaldesk.core import narrative
from evaldesk.core.narrative import keys
from evaldesk.ui.pages import report_page
from evaldesk.ui.steps import step_index
from tests.ui.helpers import commit_text, report

FUND = (2, None)  # 三、政府性基金预算支出情况
FUND_PATH = ("report", 2, "body")


def at_end(page) -> None:  # type: ignore[no-untyped-def]
    page.editor.setFocus()
    page.editor.moveCursor(QTextCursor.MoveOperation.End)


def test_typing_chinese_counts_and_undoes_as_one_step(qtbot, sample_window):
    page = report(sample_window)
    session = sample_window.session
    before = session.package.report[2].body
    assert before == "2023年度本部门无政府性基金安排的支出。"
    page.select(FUND)
    assert page.heading_edit.text() == "三、政府性基金预算支出情况"
    assert page.count_label.text().startswith("本部分 21 字 · 全文 ")
    at_end(page)
    commit_text(page.editor, "特此说明。")
    assert page.count_label.text().startswith("本部分 26 字")
    page.commit()
    commit_text(page.editor, "以上")
    page.tree.setFocus()  # leaving the editor commits
    assert session.package.report[2].body == before + "特此说明。以上"
    sample_window.undo_action.trigger()  # both commits are one undo step
    assert session.package.report[2].body == before
    assert page.editor.body() == before
    sample_window.redo_action.trigger()
    assert page.editor.body() == before + "特此说明。以上"


def test_ctrl_z_in_the_editor_commits_then_undoes(qtbot, sample_window):
    page = report(sample_window)
    page.select(FUND)
    at_end(page)
    commit_text(page.editor, "补充")
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sample_window.session.package.report[2].body == "2023年度本部门无政府性基金安排的支出。"
    assert page.editor.body() == "2023年度本部门无政府性基金安排的支出。"


def test_live_field_shows_the_current_value_and_is_atomic(qtbot, sample_window):
    page = report(sample_window)
    session = sample_window.session
    page.select(FUND)
    at_end(page)
    key = keys.overall("expend_basic")
    page.insert_field(key, "万元")
    stored = session.package.report[2].body
    assert stored.endswith("⟦f:overall:expend_basic⟧万元")
    assert page.editor.shown_text().endswith("支出。623.74万元")
    session.set_value(("overall_funding", "expend_basic"), Decimal("700.5"), "修改基本支出")
    assert page.editor.shown_text().endswith("支出。700.50万元")
    assert page.count_label.text().startswith("本部分 29 字")
    # The field is one character: two Backspaces remove 元 and 万, the third the whole field.
    at_end(page)
    for _ in range(3):
        qtbot.keyClick(page.editor, Qt.Key.Key_Backspace)
    page.commit()
    assert session.package.report[2].body == "2023年度本部门无政府性基金安排的支出。"


def test_paste_with_a_token_stays_plain(qtbot, sample_window):
    page = report(sample_window)
    page.select(FUND)
    at_end(page)
    data = QMimeData()
    data.setText("基本支出⟦f:overall:expend_basic⟧万元，⟦坏的⟧")
    page.editor.insertFromMimeData(data)
    page.commit()
    body = sample_window.session.package.report[2].body
    assert body.endswith("支出。基本支出623.74万元，坏的")
    assert not narrative.has_fields(body) and "⟦" not in body


def test_copy_puts_the_values_on_the_clipboard(qtbot, sample_window):
    page = report(sample_window)
    page.select(FUND)
    at_end(page)
    page.insert_field(keys.year())
    page.editor.selectAll()
    assert page.editor.createMimeDataFromSelection().text() == "2023年度本部门无政府性基金安排的支出。2023"


def test_insert_menu_lists_fields_by_group(qtbot, sample_window):
    page = report(sample_window)
    page.select(FUND)
    page._fill_insert_menu()
    groups = [a.text() for a in page.insert_menu.actions()]
    assert groups[:3] == ["年度与单位", "附件2 整体支出", "附件1 经费控制情况"]
    overall = page.insert_menu.actions()[1].menu()
    labels = [a.text() for a in overall.actions()]
    assert any(t.endswith("（623.74万元）") for t in labels)
    at_end(page)
    next(a for a in overall.actions() if a.text().endswith("（623.74万元）")).trigger()
    assert sample_window.session.package.report[2].body.endswith("⟦f:overall:expend_basic⟧万元")


def test_redraft_asks_before_replacing(qtbot, sample_window, monkeypatch):
    page = report(sample_window)
    session = sample_window.session
    asked: list[list[str]] = []
    answer = ["cancel"]
    monkeypatch.setattr(report_page, "confirm_replace", lambda _p, titles: asked.append(titles) or answer[0])
    before = [s.body for s in session.package.report[1].subsections]
    assert not page.draft([1])
    assert asked == [["二、 一般公共预算支出情况"]]
    assert [s.body for s in session.package.report[1].subsections] == before
    answer[0] = "replace"
    assert page.draft([1, 2, 3, 4])
    basic = session.package.report[1].subsections[0].body
    assert basic.startswith("⟦f:year⟧年基本支出为⟦f:spent:basic⟧万元")  # the 决算 figure (issue 15)
    assert page.node == (1, None)
    page.select((1, 0))
    assert page.editor.shown_text().startswith("2023年基本支出为623.74万元，其中：人员经费")
    sample_window.undo_action.trigger()  # one undo for the whole draft
    assert [s.body for s in session.package.report[1].subsections] == before


def test_subsections_add_rename_remove_undoable(qtbot, sample_window):
    page = report(sample_window)
    session = sample_window.session
    page.select((0, 1))
    page.add_subsection()
    subs = session.package.report[0].subsections
    assert [s.heading for s in subs] == ["（一）职能职责", "（二）机构设置", "（三）"]
    assert page.node == (0, 2)
    assert page.heading_edit.hasFocus()
    commit_text(page.heading_edit, "人员情况")
    qtbot.keyClick(page.heading_edit, Qt.Key.Key_Return)
    assert session.package.report[0].subsections[2].heading == "（三）人员情况"
    assert page.tree.topLevelItem(0).child(2).text(0) == "（三）人员情况"
    page.remove_subsection()
    assert len(session.package.report[0].subsections) == 2
    assert page.node == (0, 1)
    sample_window.undo_action.trigger()
    assert session.package.report[0].subsections[2].heading == "（三）人员情况"
    assert page.tree.topLevelItem(0).childCount() == 3


def test_standard_heading_fixes_the_numbering(qtbot, sample_window):
    page = report(sample_window)
    page.select((5, None))
    assert page.heading_edit.text() == "6、 单位整体支出绩效情况"
    page.use_standard_heading()
    assert sample_window.session.package.report[5].heading == "六、单位整体支出绩效情况"
    assert page.tree.topLevelItem(5).text(0) == "六、单位整体支出绩效情况"


def test_r17_finding_selects_the_sentence(qtbot, sample_window):
    ws = sample_window.workspace
    review = ws.page(step_index("review"))
    ws.go_to(step_index("review"))
    item = review.item_for("R17", "report/1/subsections/0")
    review.tree.itemActivated.emit(item, 0)
    page = ws.page(step_index("report"))
    assert ws.current == step_index("report")
    assert page.node == (1, 0)
    selected = page.editor.textCursor().selectedText()
    assert selected.startswith("2023年基本支出为623.74万元") and "商品和服务支出84.78万元" in selected
    assert selected.endswith("其他商品和服务支出。")
    assert page.findings_list.count() == 1  # this body's own findings, under the editor
    review.tree.setCurrentItem(item)  # and the table cell the figure was compared with
    assert review.table_button.isVisibleTo(review)
    assert review.show_current_table_cell()
    basic = ws.page(step_index("basic"))
    assert ws.current == step_index("basic")
    index = basic.grid.currentIndex()
    assert basic.grid_model.cell_at(index.row(), index.column()).path == ("basic", "rows", "public", "actual")


def test_cover_link_goes_to_the_unit_page(qtbot, sample_window):
    page = report(sample_window)
    assert "封面：2023年度岳阳楼区应急管理局整体支出绩效自评报告" in page.cover_label.text()
    assert "日期：2024年5月6日" in page.cover_label.text()
    assert page.edit_cover()
    assert sample_window.workspace.current == step_index("unit")


def test_selecting_across_a_field_keeps_it_and_typing_over_it_is_plain(qtbot, sample_window):
    page = report(sample_window)
    session = sample_window.session
    page.select(FUND)
    at_end(page)
    page.insert_field(keys.overall("expend_basic"), "万元")
    page.commit()
    # Select the two characters before the field and the field itself, ending just after it (the
    # cursor after the field, as Shift+→ leaves it).
    at_end(page)
    for _ in range(5):
        qtbot.keyClick(page.editor, Qt.Key.Key_Left)
    for _ in range(3):
        qtbot.keyClick(page.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert page.editor.textCursor().hasSelection()
    page.commit()
    assert session.package.report[2].body.endswith("支出。⟦f:overall:expend_basic⟧万元")
    # Typing over the selection replaces it with plain text, never a broken field.
    qtbot.keyClicks(page.editor, "x")
    page.commit()
    assert session.package.report[2].body == "2023年度本部门无政府性基金安排的支x万元"
