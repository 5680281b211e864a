"""The 年度指标值 / 实际完成值 editor keeps what was typed when the clerk leaves it without Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from evaldesk.core.storage import Draft
from evaldesk.ui.models.indicator_model import C_ACTUAL, C_TARGET
from evaldesk.ui.steps import step_index
from tests.ui.helpers import projects_page, type_cell


def test_typed_target_kept_when_changing_step_with_pagedown(qtbot, sample_window):
    page = projects_page(sample_window)
    view, m = page.form.indicators.view, page.form.indicators.model
    inds = sample_window.session.package.projects[0].performance.indicators
    cell = m.index(1, C_TARGET)
    type_cell(qtbot, view, cell, "≥16轮", key=None)  # typed, no Enter
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
    assert sample_window.workspace.current == step_index("projects") + 1
    assert inds[1].target == "≥16轮"
    assert (
        sample_window.undo_action.text() == "撤销“修改附件3“业务工作经费”指标“有效应对灾害天气”的年度指标值”"
    )


def test_parts_typed_kept_when_the_window_is_closed(qtbot, sample_window):
    path = sample_window.session.path
    page = projects_page(sample_window)
    view, m = page.form.indicators.view, page.form.indicators.model
    cell = m.index(0, C_ACTUAL)
    view.setCurrentIndex(cell)
    view.edit(cell)
    ed = view.indexWidget(cell)
    ed.number.setFocus()
    ed.number.selectAll()
    qtbot.keyClicks(ed.number, "2400")
    assert ed.raw.text() == "2400个"
    sample_window.close()
    with Draft.open(path) as draft:
        assert draft.package.projects[0].performance.indicators[0].actual == "2400个"


def test_override_dialog_shows_a_long_indicator_name_whole(qtbot):
    from decimal import Decimal

    from evaldesk.ui.indicators.dialogs import OverrideDialog

    name = "对于安全生产工作宣传力度、执法工作、应急救援工作和防灾减灾宣传教育工作基本满意的群众比例"
    dlg = OverrideDialog(None, name, "完成值90%≥指标值90%，得满分10分", Decimal("10"))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    label = next(lb for lb in dlg.findChildren(type(dlg.error)) if name in lb.text())
    screen = dlg.screen().availableGeometry()
    assert dlg.width() <= screen.width()
    # Every character of the heading is inside the label (wrapped rather than cut off at the edge).
    fits_one_line = label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    wraps = label.wordWrap() and label.height() >= label.heightForWidth(label.width())
    assert fits_one_line or wraps
