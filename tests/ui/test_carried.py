"""Values carried from last year: blue-grey until confirmed; typing or 确认沿用值 confirms (undoable)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from evaldesk.core import sample
from evaldesk.ui.models.grid_model import CARRIED_FG
from tests.ui.helpers import basic_page, cell_index, type_cell


def test_carried_cells_confirmed_by_typing_or_menu(qtbot, window, tmp_path):
    from evaldesk.core.storage import Draft

    pkg = sample.load_sample()
    pkg.carried = ["basic/rows/abroad/prev", "basic/rows/reception/prev"]
    path = tmp_path / "carried.evaldesk"
    Draft.create(path, pkg).close()
    assert window.open_path(path)
    page = basic_page(window)
    abroad, reception = cell_index(page, "abroad", 1), cell_index(page, "reception", 1)
    assert abroad.data(Qt.ItemDataRole.ForegroundRole).color() == CARRIED_FG
    assert "沿用上年数据" in abroad.data(Qt.ItemDataRole.ToolTipRole)
    type_cell(qtbot, page.grid, abroad, "1")
    session = window.session
    assert session.package.basic.rows["abroad"].prev == Decimal("1")
    assert session.package.carried == ["basic/rows/reception/prev"]
    assert abroad.data(Qt.ItemDataRole.ForegroundRole) is None
    window.undo_action.trigger()  # one undo restores the value and its mark
    assert session.package.carried == ["basic/rows/abroad/prev", "basic/rows/reception/prev"]
    menu = page.grid.build_menu(reception)
    next(a for a in menu.actions() if a.text() == "确认沿用值").trigger()
    assert session.package.carried == ["basic/rows/abroad/prev"]
    assert session.package.basic.rows["reception"].prev == Decimal("0")
