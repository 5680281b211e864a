"""UI test setup: offscreen Qt, a fresh data folder and settings per test, the app's fonts and locale."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


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


@pytest.fixture
def save_to(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Patch the export page's save dialog: it answers tmp_path/<name>; remembers what it suggested."""
    from evaldesk.ui.pages import export_page

    asked: list[str] = []
    target = {"name": "out"}

    def fake(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(tmp_path / target["name"])

    monkeypatch.setattr(export_page, "ask_save_path", fake)
    return asked, target


@pytest.fixture(autouse=True)
def no_scans_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """A package built without scans asks first (a modal box); tests go on without unless they say."""
    from evaldesk.ui.pages import export_page

    monkeypatch.setattr(export_page, "ask_missing_scans", lambda _parent: "without", raising=False)
