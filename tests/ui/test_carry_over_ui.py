"""从上年继续…: a 2024 draft from the 2023 sample, carried values blue-grey until confirmed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog

from evaldesk.core import sample
from evaldesk.core.storage import Draft
from evaldesk.ui.models.grid_model import CARRIED_FG
from evaldesk.ui.models.indicator_model import C_NAME
from tests.ui.helpers import projects_page


def test_carry_over_from_start_page(qtbot, window, tmp_path, monkeypatch):
    last_year = tmp_path / "2023年度.evaldesk"
    Draft.create(last_year, sample.load_sample()).close()
    target = tmp_path / "out" / "岳阳楼区应急管理局-2024年度.evaldesk"
    target.parent.mkdir()
    asked = {}

    def open_name(parent, title, start, filt):  # type: ignore[no-untyped-def]
        asked["open"] = title
        return str(last_year), ""

    def save_name(parent, title, suggested, filt):  # type: ignore[no-untyped-def]
        asked["save"], asked["suggested"] = title, suggested
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    qtbot.mouseClick(window.start_page.carry_button, Qt.MouseButton.LeftButton)
    assert asked["save"] == "保存2024年度自评包"
    assert asked["suggested"].endswith("岳阳楼区应急管理局-2024年度.evaldesk")
    session = window.session
    assert session is not None and session.path == target and target.exists()
    pkg = session.package
    assert pkg.fiscal_year == 2024 and pkg.carried
    assert "projects/p1/department" in pkg.carried

    # Text fields show carried values blue-grey; editing confirms them (one undo restores the mark).
    page = projects_page(window)
    dept = page.form.fields["department"]
    assert dept.palette().color(QPalette.ColorRole.Text) == CARRIED_FG
    dept.setFocus()
    dept.selectAll()
    qtbot.keyClicks(dept, "X")
    dept.commit()
    assert "projects/p1/department" not in pkg.carried
    assert dept.palette().color(QPalette.ColorRole.Text) != CARRIED_FG
    window.undo_action.trigger()
    assert "projects/p1/department" in pkg.carried

    # The indicator table: carried names blue-grey; 确认沿用的指标 confirms the whole table.
    editor = page.form.indicators
    name = editor.model.index(0, C_NAME)
    assert name.data(Qt.ItemDataRole.ForegroundRole).color() == CARRIED_FG
    assert editor.confirm_button.isVisibleTo(editor)
    qtbot.mouseClick(editor.confirm_button, Qt.MouseButton.LeftButton)
    assert not any(c.startswith("projects/p1/performance/indicators/") for c in pkg.carried)
    assert name.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "projects/p1/department" in pkg.carried
    assert not editor.confirm_button.isVisibleTo(editor)


def test_carry_over_menu_action_cancelled(qtbot, sample_window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    before = sample_window.session
    sample_window.carry_action.trigger()
    assert sample_window.session is before
