"""Application setup: fonts, translations, locale, the error hook, the command line and screenshots."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from evaldesk.core import paths
from evaldesk.ui import errors
from evaldesk.ui.app import main, parse_args
from evaldesk.ui.main_window import MainWindow


def test_font_translations_locale(qapp):
    assert qapp.font().family() == "Noto Sans SC"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
    assert QLocale().language() == QLocale.Language.Chinese


def test_parse_args():
    a = parse_args(["x.evaldesk", "--screenshots", "out"])
    assert (a.file, a.sample, a.screenshots) == ("x.evaldesk", False, "out")
    assert parse_args(["--sample"]).sample


def test_excepthook_logs_and_shows_details(qapp, monkeypatch):
    errors.setup_logging()
    shown = []

    def fake_exec(box):  # type: ignore[no-untyped-def]
        shown.append((box.text(), box.detailedText(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as e:
        errors.handle_exception(type(e), e, e.__traceback__)
    assert shown and "意外错误" in shown[0][0]
    # The clerk sees where the log is, not the traceback (which is in the log).
    log_file = paths.logs_dir() / "evaldesk.log"
    assert shown[0][1] == ""
    assert (
        shown[0][2]
        == f"技术信息已记录在日志文件中：\n{log_file}\n如果问题反复出现，请把这个文件发给技术支持。"
    )
    assert "ZeroDivisionError" not in shown[0][0] + shown[0][2]
    for h in logging.getLogger().handlers:
        h.flush()
    log_text = (paths.logs_dir() / "evaldesk.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: boom" in log_text


def test_screenshots_of_every_step(qapp, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own hook
    out = tmp_path / "shots"
    assert main(["--sample", "--screenshots", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    shown = [n for n in names if not n.endswith("-full.png")]
    assert shown == [
        "01-unit.png",
        "02-basic.png",
        "03-overall.png",
        "04-projects.png",
        "05-report.png",
        "06-review.png",
        "07-export.png",
    ]
    # Scrolling pages are also rendered whole (what is below the fold).
    assert {"01-unit-full.png", "02-basic-full.png", "03-overall-full.png", "04-projects-full.png"} <= set(
        names
    )
    assert QImage(str(out / "03-overall-full.png")).height() > QImage(str(out / "03-overall.png")).height()
    img = QImage(str(out / "02-basic.png"))
    assert img.width() > 600 and img.height() > 400
    # It says which files it wrote, each step is its own picture (not the same page seven times) and
    # none is an empty window.
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == names
    images = [QImage(str(out / n)) for n in shown]
    assert all(a != b for i, a in enumerate(images) for b in images[i + 1 :])
    for n, image in zip(shown, images, strict=True):
        assert len(_colours(image)) > 20, n
    # The window was only for the pictures: it is closed afterwards.
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def _colours(image: QImage) -> set[int]:
    """The distinct colours on a 40×40 grid of the image."""
    return {
        image.pixel(x * image.width() // 40, y * image.height() // 40) for x in range(40) for y in range(40)
    }


def test_error_in_a_slot_reaches_the_hook_and_window_keeps_working(qtbot, sample_window, monkeypatch):
    shown = []
    monkeypatch.setattr(errors, "error_dialog", lambda parent, msg, details: _FakeBox(shown, msg, details))
    monkeypatch.setattr(sys, "excepthook", errors.handle_exception)

    def broken() -> None:
        raise RuntimeError("slot failed")

    sample_window.next_action.triggered.connect(broken)
    sample_window.next_action.trigger()
    assert shown and "RuntimeError: slot failed" in shown[0][1]
    # The window still works: the step changed and edits still go through.
    assert sample_window.workspace.current == 1
    assert sample_window.session.set_value(("footer", "phone"), "12345", "修改联系电话")


class _FakeBox:
    def __init__(self, shown, msg, details):  # type: ignore[no-untyped-def]
        shown.append((msg, details))

    def exec(self) -> int:
        return 0
