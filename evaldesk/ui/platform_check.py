"""First launch on a Linux desktop: name the missing system package instead of Qt's English abort.

Qt aborts the process when its platform plugin (``xcb`` on an X11 desktop) cannot load, after printing
"Could not load the Qt platform plugin" in English. Before the window is created we try to load each
library the xcb plugin needs (the list comes from ``ldd`` on Qt 6.11's ``libqxcb.so`` and
``libQt6XcbQpa.so.6``) and, if one is missing, print one Chinese line naming the Debian package to
install. A Qt message handler catches what the check cannot foresee and exits with the same kind of line.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Library the xcb plugin links → the Debian/Ubuntu package that provides it.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
EXIT_CODE = 2  # as the command line uses for "cannot run"


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_packages(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The Debian packages whose libraries the xcb plugin needs and this system cannot load."""
    return sorted({pkg for lib, pkg in XCB_LIBRARIES.items() if not loads(lib)})


def uses_xcb(environ: dict[str, str] | os._Environ[str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will try the xcb plugin first (Linux, not offscreen/wayland by choice)."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland")


def install_line(packages: list[str]) -> str:
    return f"无法打开窗口：系统缺少图形界面所需的组件，请先安装：sudo apt-get install {' '.join(packages)}"


def problem(environ: dict[str, str] | None = None, loads: Callable[[str], bool] = _loads) -> str:
    """One Chinese line saying why the window cannot open ("" when nothing is known to be wrong)."""
    env = os.environ if environ is None else environ
    if not uses_xcb(env):
        return ""
    missing = missing_packages(loads)
    if missing:
        return install_line(missing)
    if not env.get("DISPLAY"):
        return "无法打开窗口：没有找到图形桌面（未设置 DISPLAY）。请在桌面环境中运行；只需截图时可加 --screenshots 目录。"
    return ""


@contextmanager
def qt_start_guard() -> Iterator[None]:
    """While the QApplication is created: Qt's fatal platform message becomes one Chinese line and a
    clean exit; its English plugin warnings are dropped (the line says what to do)."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            line = problem() or install_line(sorted(set(XCB_LIBRARIES.values())))
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
            os._exit(EXIT_CODE)  # Qt would abort() right after this message
        category = context.category or ""
        if not category.startswith("qt.qpa") and "platform plugin" not in message:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
