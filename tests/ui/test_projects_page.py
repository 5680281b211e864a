"""The projects list: duplicate, rename, delete, reorder — each one undo step; the form follows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from evaldesk.ui.models.grid_model import MISMATCH_ROLE
from evaldesk.ui.models.project_models import STRAY_MESSAGE
from tests.ui.helpers import commit_text, project_item, projects_page, type_cell


def names(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.name for p in window.session.package.projects]


def test_duplicate_rename_delete_move_and_undo(qtbot, sample_window, monkeypatch):
    window = sample_window
    page = projects_page(window)
    plist = page.projects
    assert plist.list.count() == 1 and plist.current_id() == "p1"
    assert page.form.fields["name"].text() == "业务工作经费"

    # Duplicate: a deep copy with a fresh id, placed after the original and selected.
    qtbot.mouseClick(plist.copy_button, Qt.MouseButton.LeftButton)
    pkg = window.session.package
    assert names(window) == ["业务工作经费", "业务工作经费（副本）"]
    copy_id = pkg.projects[1].id
    assert copy_id != "p1" and len(copy_id) == 8
    assert plist.current_id() == copy_id and page.form.project_id == copy_id
    assert pkg.projects[1].performance.indicators[0].name == "排查重大安全隐患个数"
    assert pkg.projects[1].performance.indicators is not pkg.projects[0].performance.indicators
    assert project_item(window, copy_id).text(0) == "业务工作经费（副本）"

    # Rename in the list (the item editor, typed with the input method).
    qtbot.mouseClick(plist.rename_button, Qt.MouseButton.LeftButton)
    editor = plist.list.indexWidget(plist.list.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    commit_text(editor, "防汛物资储备")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the list commits its editor from the event loop
    qtbot.waitUntil(lambda: names(window) == ["业务工作经费", "防汛物资储备"])
    assert page.form.fields["name"].text() == "防汛物资储备"
    assert page.form.indicators.model.where() == "附件3“防汛物资储备”"
    assert project_item(window, copy_id).text(0) == "防汛物资储备"
    window.undo_action.trigger()
    assert names(window) == ["业务工作经费", "业务工作经费（副本）"]
    window.redo_action.trigger()

    # Move up, then undo.
    qtbot.mouseClick(plist.up_button, Qt.MouseButton.LeftButton)
    assert names(window) == ["防汛物资储备", "业务工作经费"]
    assert plist.current_id() == copy_id
    window.undo_action.trigger()
    assert names(window) == ["业务工作经费", "防汛物资储备"]

    # Delete (confirmed), then undo brings it back with the same id.
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    plist.select(copy_id)
    qtbot.mouseClick(plist.delete_button, Qt.MouseButton.LeftButton)
    assert "防汛物资储备" in asked[0]
    assert names(window) == ["业务工作经费"]
    assert plist.current_id() == "p1" and page.form.project_id == "p1"
    assert project_item(window, copy_id) is None
    window.undo_action.trigger()
    assert [p.id for p in pkg.projects] == ["p1", copy_id]
    assert plist.list.count() == 2


def test_drop_target_and_move_by_drag(qtbot, sample_window):
    page = projects_page(sample_window)
    plist = page.projects
    plist.duplicate_current()
    plist.duplicate_current()
    lw = plist.list
    assert lw.drop_target(0, 3) == 2  # dropped below the last item
    assert lw.drop_target(2, 0) == 0
    assert lw.drop_target(1, 1) is None and lw.drop_target(1, 2) is None
    first = sample_window.session.package.projects[0].id
    lw.move_requested.emit(0, 2)
    assert sample_window.session.package.projects[2].id == first


def test_funding_rate_computed_and_stray_scores_flagged(qtbot, sample_window):
    page = projects_page(sample_window)
    f = page.form.funding
    m = f.grid
    assert m.index(0, 5).data() == "100.00%"
    assert m.index(0, 5).data(MISMATCH_ROLE) is True  # the sample printed 90%
    # The 其中 row carries 分值/得分 in the sample: flagged, and refused when typed.
    stray = m.index(1, 4)
    assert stray.data() == "10.00" and stray.data(MISMATCH_ROLE) is True
    assert STRAY_MESSAGE in stray.data(Qt.ItemDataRole.ToolTipRole)
    type_cell(qtbot, f, m.index(2, 4), "5")
    assert STRAY_MESSAGE in f.last_message
    qtbot.keyClick(f.indexWidget(m.index(2, 4)), Qt.Key.Key_Escape)
    f.setCurrentIndex(stray)
    f.setFocus()
    qtbot.keyClick(f, Qt.Key.Key_Delete)
    p = sample_window.session.package.projects[0]
    assert p.funding.current.weight_entered is None and stray.data(MISMATCH_ROLE) is False
    # An amount typed in a 其中 row changes its rate.
    type_cell(qtbot, f, m.index(1, 3), "60")
    assert m.index(1, 5).data() == "80.01%"  # 60 ÷ 74.99


def test_empty_package_shows_how_to_start(qtbot, window, tmp_path):
    from evaldesk.core import model
    from evaldesk.core.storage import Draft

    path = tmp_path / "new.evaldesk"
    Draft.create(path, model.new_package("测试单位", "测试部门", 2024)).close()
    assert window.open_path(path)
    page = projects_page(window)
    assert page.right.currentWidget() is page.empty
    qtbot.mouseClick(page.projects.add_button, Qt.MouseButton.LeftButton)
    assert page.right.currentWidget() is page.form
    p = window.session.package.projects[0]
    assert p.department == "测试部门" and p.implementer == "测试单位"
    window.undo_action.trigger()
    assert page.right.currentWidget() is page.empty


def test_focus_path_selects_the_project_and_cell(qtbot, sample_window):
    from evaldesk.ui.models.indicator_model import C_TARGET

    page = projects_page(sample_window)
    page.projects.duplicate_current()
    assert page.form.project_id != "p1"
    ws = sample_window.workspace
    assert ws.focus_path("project", ("projects", "p1", "performance", "indicators", 1, "target"))
    assert ws.page_for("projects") is page and page.projects.current_id() == "p1"
    cur = page.form.indicators.view.currentIndex()
    assert (cur.row(), cur.column()) == (1, C_TARGET)
    assert ws.focus_path("project", ("projects", "p1", "funding", "total", "rate_entered"))
    assert page.form.funding.currentIndex().column() == 5
    assert ws.focus_path("project", ("projects", "p1", "performance", "goal_actual"))
    assert page.form.goals["goal_actual"].hasFocus()
