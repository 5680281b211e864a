"""First launch on a Linux desktop without Qt's system libraries: one Chinese line, not Qt's English abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from evaldesk.ui import platform_check

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb", EVALDESK_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _one_chinese_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("无法打开窗口："), stderr
    assert "Could not load" not in stderr and "platform plugin" not in stderr
    return lines[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_main_names_the_missing_package_or_the_missing_desktop(tmp_path):
    done = _run(["main.py"], tmp_path)
    assert done.returncode == platform_check.EXIT_CODE, done.stderr
    line = _one_chinese_line(done.stderr)
    missing = platform_check.missing_packages()
    if missing:
        assert line == platform_check.install_line(missing)
    else:
        assert "未设置 DISPLAY" in line


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_qt_abort_is_caught_when_the_check_foresaw_nothing(tmp_path):
    """Qt's own fatal message (whatever the cause) ends the process with the Chinese line, not an abort."""
    code = (
        "from evaldesk.ui.platform_check import qt_start_guard\n"
        "from PySide6.QtWidgets import QApplication\n"
        "with qt_start_guard():\n"
        "    app = QApplication([])\n"
        "print('opened')\n"
    )
    done = _run(["-c", code], tmp_path)
    assert done.returncode == platform_check.EXIT_CODE, done.stderr
    _one_chinese_line(done.stderr)
    assert "opened" not in done.stdout


def test_missing_libraries_map_to_debian_packages():
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    got = platform_check.missing_packages(lambda lib: lib not in absent)
    assert got == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}
    assert platform_check.problem(env, lambda lib: lib not in absent) == (
        "无法打开窗口：系统缺少图形界面所需的组件，请先安装：sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
    )
    assert platform_check.problem(env, lambda _lib: True) == ""
    assert platform_check.problem({"QT_QPA_PLATFORM": "offscreen"}, lambda _lib: False) == ""


@pytest.mark.parametrize(
    ("env", "xcb"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
    ],
)
def test_which_platform_qt_tries(env, xcb):
    assert platform_check.uses_xcb(env, platform="linux") is xcb
    assert platform_check.uses_xcb(env, platform="win32") is False
