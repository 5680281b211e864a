"""Indicator entry leaves Qt silent: no editor is committed or closed twice by the view that owns it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler

from evaldesk.ui.models.indicator_model import C_ACTUAL, C_TARGET
from tests.ui.helpers import projects_page, type_cell


@pytest.fixture
def qt_messages() -> Iterator[list[str]]:
    """Every warning Qt prints while the test runs."""
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)


def test_typing_indicator_values_prints_no_editor_warnings(qtbot, sample_window, qt_messages):
    page = projects_page(sample_window)
    view, m = page.form.indicators.view, page.form.indicators.model
    inds = sample_window.session.package.projects[0].performance.indicators
    type_cell(qtbot, view, m.index(1, C_TARGET), "≥16轮")  # Enter
    type_cell(qtbot, view, m.index(2, C_TARGET), "≥3次", key=Qt.Key.Key_Tab)
    type_cell(qtbot, view, m.index(0, C_ACTUAL), "2400个")
    before = inds[3].target
    type_cell(qtbot, view, m.index(3, C_TARGET), "999", key=Qt.Key.Key_Escape)
    assert (inds[1].target, inds[2].target, inds[0].actual) == ("≥16轮", "≥3次", "2400个")
    assert inds[3].target == before  # Esc throws the typing away
    owned = [msg for msg in qt_messages if "does not belong to this view" in msg]
    assert owned == []
