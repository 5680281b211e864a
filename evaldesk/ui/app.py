"""Application setup and ``main``: fonts, Chinese translations and locale, error hook, command line.

``evaldesk [FILE] [--sample] [--screenshots DIR]``
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from evaldesk.export import font_store

log = logging.getLogger(__name__)

UI_FONT_FILE = "NotoSansSC-Regular.ttf"
DISPLAY_NAME = "绩效自评助手"  # the product's name for its users
_translators: list[QTranslator] = []  # kept alive for the application's lifetime
_ui_family: list[str] = []  # fonts are registered once per process


def register_fonts() -> str:
    """Register every bundled font (once); returns the UI font family (Noto Sans SC)."""
    if _ui_family:
        return _ui_family[0]
    ui_family = ""
    for f in font_store.font_files():  # expanded from the bundle's packed copies when needed
        font_id = QFontDatabase.addApplicationFont(str(f))
        if font_id < 0:
            log.warning("font not registered: %s", f)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if f.name == UI_FONT_FILE and families:
            ui_family = families[0]
    _ui_family.append(ui_family)
    return ui_family


# Qt contexts renamed since the zh_CN files were written → the contexts the files still use.
_MOVED = {"QAbstractFileIconProvider": ("QFileDialog", "QFileSystemModel")}


class CatchUpTranslator(QTranslator):
    """Qt texts its zh_CN file does not know yet: a mnemonic added, or a context renamed.

    Qt 6.11's file dialog says ``&Look in:`` and ``Files of &type:``; the shipped qtbase_zh_CN has only
    ``Look in:`` / ``Files of type:``. Such a text is translated as its plain form, with the mnemonic
    written the Chinese way: ``查找范围(&L)：``.

    Texts that moved to another context are looked up where the file still has them: the file
    types (文件夹, 驱动器) went from ``QFileDialog`` to ``QAbstractFileIconProvider``.
    """

    def __init__(self, base: QTranslator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base = base

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null string) lets Qt ask the next translator; "" would stand as the translation.
        for moved_from in _MOVED.get(context, ()):
            text = self.base.translate(moved_from, source, disambiguation, n)
            if text:
                return text
        at = source.find("&")
        if at < 0 or at + 1 >= len(source) or source[at + 1] == "&":
            return None
        plain = source[:at] + source[at + 1 :]
        text = self.base.translate(context, plain, disambiguation, n)
        if not text:
            return None
        key = f"(&{source[at + 1].upper()})"
        for colon in ("：", ":"):
            if text.endswith(colon):
                return text[: -len(colon)] + key + "："
        return text + key

    def isEmpty(self) -> bool:
        return False


def load_translations(app: QApplication) -> bool:
    """Qt's own zh_CN texts (确定/取消/下一步 in standard dialogs)."""
    if _translators:
        return True
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(_pyside_translations())]
    for folder in folders:  # a qt.conf or a system Qt may point elsewhere: PySide6 ships its own
        for name in ("qtbase_zh_CN", "qt_zh_CN"):
            tr = QTranslator(app)
            if tr.load(name, folder):
                app.installTranslator(tr)
                mnemonics = CatchUpTranslator(tr, app)
                app.installTranslator(mnemonics)
                _translators.extend((tr, mnemonics))
                return True
    log.warning("Qt zh_CN translations not found in %s", folders)
    return False


def _pyside_translations() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


def setup_application(app: QApplication) -> None:
    """Fonts, translations and locale on an existing QApplication (also used by the tests)."""
    app.setOrganizationName("EvalDesk")
    app.setApplicationName("EvalDesk")
    app.setApplicationDisplayName(DISPLAY_NAME)  # Qt adds it to every window title
    # Qt's own file dialogs, translated above; the desktop's native one speaks the system's language,
    # often English on an office PC.
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    family = register_fonts()
    if family:
        font = QFont(app.font())
        font.setFamily(family)
        font.setFamilies([family])
        if font.pointSizeF() < 10:
            font.setPointSizeF(10)  # the platform default (9 pt on some) is small for dense CJK forms
        app.setFont(font)
    load_translations(app)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        setup_application(existing)
        return existing
    app = QApplication([sys.argv[0] if sys.argv else "evaldesk", *(argv or [])])
    setup_application(app)
    return app


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="evaldesk", description="绩效自评助手（EvalDesk）")
    p.add_argument("file", nargs="?", help="要打开的自评包（.evaldesk）")
    p.add_argument("--sample", action="store_true", help="打开示例自评包的副本")
    p.add_argument("--screenshots", metavar="DIR", help="把每一步渲染为PNG保存到DIR后退出（不显示窗口）")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the window; returns the exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshots and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from evaldesk.ui.errors import install_excepthook, setup_logging
    from evaldesk.ui.main_window import MainWindow
    from evaldesk.ui.platform_check import EXIT_CODE, problem, qt_start_guard

    why = problem()
    if why:
        print(why, file=sys.stderr)
        return EXIT_CODE
    setup_logging()
    with qt_start_guard():
        app = create_application()
    install_excepthook()
    if not args.screenshots:
        from evaldesk.ui.document import last_year

        last_year.prune()
    window = MainWindow(remember=not args.screenshots)
    opened = True
    if args.sample:
        opened = window.open_sample()
    elif args.file:
        opened = window.open_path(Path(args.file))
    if args.screenshots:
        from evaldesk.ui.screenshots import render_all

        written = render_all(window, Path(args.screenshots))
        for p in written:
            print(p)
        window.close()
        return 0 if opened else 1
    window.show()
    return app.exec()
