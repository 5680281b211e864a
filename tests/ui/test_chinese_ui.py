"""No English in front of the clerk: window titles, 关于, Qt's own file dialogs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QTreeView

from evaldesk.ui.app import setup_application


def test_titles_and_about_say_the_product_name(qtbot, window, monkeypatch):
    assert QApplication.applicationDisplayName() == "绩效自评助手"  # Qt appends it to every title
    assert window.windowTitle() == "绩效自评助手"
    texts = [
        a.text()
        for m in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
        for a in m.actions()
    ]
    assert "关于 绩效自评助手" in texts
    assert not [t for t in texts if "EvalDesk" in t]
    seen = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: seen.append((title, text)))
    window.about()
    assert seen and seen[0][0] == "关于 绩效自评助手" and seen[0][1].startswith("绩效自评助手")


def test_file_dialogs_are_qt_ones_in_chinese(qtbot, tmp_path):
    setup_application(QApplication.instance())
    # The desktop's own dialog would speak the system's language; Qt's is translated.
    assert QApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    dlg = QFileDialog(None, "保存自评包", str(tmp_path), "自评包 (*.evaldesk)")
    qtbot.addWidget(dlg)
    assert dlg.testOption(QFileDialog.Option.DontUseNativeDialog) or QApplication.testAttribute(
        Qt.ApplicationAttribute.AA_DontUseNativeDialogs
    )
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dlg.show()
    qtbot.waitExposed(dlg)
    labels = {w.objectName(): w.text() for w in dlg.findChildren(QLabel) if w.objectName()}
    # Qt 6.11 added mnemonics its zh_CN file does not have yet ("&Look in:", "Files of &type:").
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    assert labels["fileNameLabel"] == "文件名称(&N)："
    (tmp_path / "资料").mkdir()
    tree = dlg.findChild(QTreeView)
    fs = tree.model()
    assert [fs.headerData(i, Qt.Orientation.Horizontal) for i in range(4)] == [
        "名称",
        "体积",
        "类型",
        "修改日期",
    ]
    folder = fs.index(str(tmp_path / "资料"))
    qtbot.waitUntil(lambda: fs.index(folder.row(), 2, folder.parent()).data() == "文件夹")
    dlg.resize(700, 420)
    dlg.grab().save(str(SHOTS / "file-dialog.png"))


SHOTS = Path(os.environ.get("EVALDESK_SHOTS", tempfile.gettempdir()))


def test_no_page_shows_the_english_name(qtbot, sample_window):
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

    ws = sample_window.workspace
    shown: list[str] = []
    for i in range(len(ws.steps)):
        ws.go_to(i)
        for w in ws.page(i).findChildren(QWidget):
            shown.append(w.toolTip())
            if isinstance(w, (QLabel, QAbstractButton)):
                shown.append(w.text())
            if isinstance(w, QLineEdit):
                shown.append(w.placeholderText())
    assert len(shown) > 100
    assert [t for t in shown if "EvalDesk" in t] == []
