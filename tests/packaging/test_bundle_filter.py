"""What the spec keeps of Qt and of the build machine's libraries."""

from __future__ import annotations

from tests.packaging.helpers import load

bf = load("bundle_filter")


def test_only_the_desktop_qt_plugins_are_kept() -> None:
    keep = bf.keep
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")  # --screenshots and CI
    assert keep("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so")  # 拼音输入
    assert keep("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
    assert keep("PySide6\\Qt\\plugins\\platforms\\qwindows.dll")  # the Windows build
    assert not keep("PySide6/Qt/plugins/platforms/libqwayland-egl.so")
    assert not keep("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not keep("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")
    assert not keep("PySide6/Qt/plugins/qmltooling/libqmldbg_debugger.so")
    assert not keep("PySide6/Qt/plugins/imageformats/libqsvg.so")


def test_only_the_chinese_qt_translations_are_kept() -> None:
    assert bf.keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert bf.keep("PySide6/Qt/translations/qt_zh_CN.qm")
    assert not bf.keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not bf.keep("PySide6/Qt/translations/qtdeclarative_zh_CN.qm")
    assert not bf.keep("PySide6/Qt/qml/QtQuick/qmldir")


def test_unused_qt_libraries_and_non_qt_files_are_decided_by_name() -> None:
    assert not bf.keep("PySide6/Qt/lib/libQt6Network.so.6")
    assert not bf.keep("libQt6Quick.so.6")
    assert bf.keep("PySide6/Qt/lib/libQt6Widgets.so.6")
    assert bf.keep("resources/fonts/NotoSerifSC-Regular.ttf")


def test_prune_drops_what_no_kept_binary_loads_and_what_the_desktop_provides() -> None:
    toc = [
        ("PySide6/QtWidgets.abi3.so", "/site/PySide6/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/site/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "/site/libQt6EglFS.so.6", "BINARY"),
        ("libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6", "SYMLINK"),
        ("libQt6EglFSDeviceIntegration.so.6", "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "SYMLINK"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/site/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/site/libqgtk3.so", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),  # only the GTK theme plugin needs it
        ("libX11.so.6", "/usr/lib/libX11.so.6", "BINARY"),  # the desktop has it
        ("libsqlite3.so.0", "/usr/lib/libsqlite3.so.0", "BINARY"),  # Python's sqlite3 module needs it
        ("python3.11/lib-dynload/_sqlite3.so", "/py/_sqlite3.so", "EXTENSION"),
        ("pypdfium2_raw/libpdfium.so", "/site/libpdfium.so", "BINARY"),  # loaded by ctypes, not linked
        ("resources/sample/sample.json", "/repo/sample.json", "DATA"),
    ]
    needs = {
        "/site/PySide6/QtWidgets.abi3.so": {"libQt6Widgets.so.6", "libX11.so.6"},
        "/site/libqxcb.so": {"libX11.so.6"},
        "/site/libqgtk3.so": {"libcairo.so.2"},
        "/py/_sqlite3.so": {"libsqlite3.so.0"},
    }
    kept = {e[0] for e in bf.prune_libs(toc, lambda src: needs.get(src, set()))}
    assert kept == {
        "PySide6/QtWidgets.abi3.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "libQt6Widgets.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libsqlite3.so.0",
        "python3.11/lib-dynload/_sqlite3.so",
        "pypdfium2_raw/libpdfium.so",
        "resources/sample/sample.json",
    }
