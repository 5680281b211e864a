"""UI test setup: offscreen Qt, a fresh data folder and settings per test, the app's fonts and locale."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """EVALDESK_DATA_DIR and QSettings point into this test's tmp folder."""
    d = tmp_path / "data"
    d.mkdir()
    monkeypatch.setenv("EVALDESK_DATA_DIR", str(d))
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    return d


@pytest.fixture(autouse=True, scope="session")
def app_setup(qapp: QApplication) -> QApplication:
    from evaldesk.ui.app import setup_application

    setup_application(qapp)
    return qapp


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    from evaldesk.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


@pytest.fixture
def sample_window(window):  # type: ignore[no-untyped-def]
    assert window.open_sample()
    return window


def commit_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` the way an input method does (Chinese, full-width): a commit string."""
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def type_cell(qtbot, view, index, text: str, key=Qt.Key.Key_Return) -> None:  # type: ignore[no-untyped-def]
    """Select ``index`` and type ``text`` into it like a clerk, ending with Enter (or ``key``).

    ASCII goes through key clicks (the first one opens the editor, as in Excel); anything else is
    committed by an input-method event.
    """
    view.setCurrentIndex(index)
    view.setFocus()
    if text.isascii():
        qtbot.keyClick(view, text[0])
        rest = text[1:]
    else:
        commit_text(view, text)
        rest = ""
    editor = view.indexWidget(index)
    assert editor is not None, "typing did not open the cell editor"
    if rest:
        qtbot.keyClicks(editor, rest)
    if key is not None:
        qtbot.keyClick(editor, key)


def open_editor(view, index):  # type: ignore[no-untyped-def]
    """The cell editor currently open on ``index`` (None when not editing it)."""
    return view.indexWidget(index)


@pytest.fixture(autouse=True)
def no_scans_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """A package built without scans asks first (a modal box); tests go on without unless they say."""
    from evaldesk.ui.pages import export_page

    monkeypatch.setattr(export_page, "ask_missing_scans", lambda _parent: "without", raising=False)
