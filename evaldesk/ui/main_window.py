"""The main window: the start page or an open document's workspace, menus, title and status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QStandardPaths
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget

from evaldesk.core.errors import EvalDeskError, FileFormatError
from evaldesk.core.storage import Draft
from evaldesk.ui import documents
from evaldesk.ui.session import DocumentSession
from evaldesk.ui.start_page import StartPage
from evaldesk.ui.workspace import Workspace

log = logging.getLogger(__name__)

APP_TITLE = "EvalDesk 绩效自评助手"
GEOMETRY_KEY = "window/geometry"


class MainWindow(QMainWindow):
    """One window, one open draft at a time. Every edit is already saved, so closing never asks."""

    def __init__(self, remember: bool = True) -> None:
        """``remember=False`` (screenshots) leaves the recent-files list and window geometry alone."""
        super().__init__()
        self.remember = remember
        self.session: DocumentSession | None = None
        self.workspace: Workspace | None = None
        self.stack = QStackedWidget()
        self.start_page = StartPage()
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self.start_page.new_requested.connect(self.new_package)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.sample_requested.connect(self.open_sample)
        self.start_page.recent_chosen.connect(self.open_path)
        self.start_page.carry_requested.connect(self.carry_over)
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()
        self._restore_geometry()
        self._refresh_recent()
        self._update_title()

    # -- menus -----------------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        a = QAction(text, self)
        a.triggered.connect(slot)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        return a

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addAction(self._action("新建自评包…", self.new_package, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action("打开…", self.open_dialog, QKeySequence.StandardKey.Open))
        file_menu.addAction(self._action("打开示例", self.open_sample))
        self.carry_action = self._action("从上年继续…", self.carry_over)
        self.carry_action.setToolTip("用上一年度的自评包生成本年度草稿（单位信息、项目和指标沿用）")
        file_menu.addAction(self.carry_action)
        self.recent_menu = file_menu.addMenu("最近打开")
        file_menu.addSeparator()
        self.close_action = self._action("关闭", self.close_document, QKeySequence.StandardKey.Close)
        file_menu.addAction(self.close_action)
        file_menu.addAction(self._action("退出", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = bar.addMenu("编辑(&E)")
        self.undo_action = self._action("撤销", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("重做", self.redo, "Ctrl+Y")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        view_menu = bar.addMenu("视图(&V)")
        self.prev_action = self._action(
            "上一步", self.go_previous, QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage)
        )
        self.next_action = self._action(
            "下一步", self.go_next, QKeySequence(QKeySequence.StandardKey.MoveToNextPage)
        )
        view_menu.addAction(self.prev_action)
        view_menu.addAction(self.next_action)

        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self._action("关于 EvalDesk", self.about))
        self._update_undo_actions()

    def _refresh_recent(self) -> None:
        files = documents.recent_files()
        self.start_page.set_recent(files)
        self.recent_menu.clear()
        for p in files:
            self.recent_menu.addAction(p.name, partial(self.open_path, p))
        self.recent_menu.setEnabled(bool(files))

    # -- documents -------------------------------------------------------------------------------
    def new_package(self) -> None:
        from evaldesk.ui.wizard import NewPackageDialog

        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dlg = NewPackageDialog(self, save_dir=Path(docs) if docs and Path(docs).is_dir() else None)
        if dlg.exec() and dlg.draft is not None:
            self.set_draft(dlg.draft)

    def open_dialog(self) -> None:
        start = str(self.session.path.parent) if self.session else ""
        chosen, _ = QFileDialog.getOpenFileName(self, "打开自评包", start, documents.FILE_FILTER)
        if chosen:
            self.open_path(Path(chosen))

    def open_path(self, path: Path) -> bool:
        """Open the draft at ``path`` (with the damaged-file/backup offer); ``False`` if not opened."""
        path = Path(path)
        if self.session is not None and self.session.path.resolve() == path.resolve():
            return True
        if not path.exists():
            QMessageBox.warning(self, "无法打开", f"找不到文件“{path}”。它可能已被移动或删除。")
            documents.forget_recent(path)
            self._refresh_recent()
            return False
        self._close_session()  # release our own lock first: the same file may be reopened
        draft = documents.open_draft(self, path)
        if draft is None:
            return False
        self.set_draft(draft)
        return True

    def open_sample(self) -> bool:
        """Open the clerk's copy of the built-in sample (made fresh when missing)."""
        self._close_session()
        draft: Draft | None
        try:
            draft = documents.open_sample()
        except FileFormatError:
            draft = documents.open_draft(self, documents.sample_path())
        except EvalDeskError as e:
            QMessageBox.warning(self, "无法打开示例", str(e))
            return False
        if draft is None:
            return False
        self.set_draft(draft)
        return True

    def carry_over(self) -> bool:
        """从上年继续…: next year's draft from last year's file, saved where the clerk says, then opened."""
        from evaldesk.ui.carry import carry_over_dialog

        start = str(self.session.path.parent) if self.session else ""
        draft = carry_over_dialog(self, start)
        if draft is None:
            return False
        self.set_draft(draft)
        self.statusBar().showMessage(
            f"已生成{draft.package.fiscal_year}年度草稿：蓝灰色的内容沿用自上年，核对后修改或右键“确认沿用值”。", 15000
        )
        return True

    def set_draft(self, draft: Draft) -> None:
        """Show an open draft in a fresh workspace."""
        self._close_session()
        session = DocumentSession(draft, self)
        self.session = session
        self.workspace = Workspace(session)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        session.changed.connect(lambda _e: self._update_title())
        session.notice.connect(lambda m: self.statusBar().showMessage(m, 10000))
        session.failed.connect(lambda m: QMessageBox.warning(self, "未能保存", m))
        stack = session.undo_stack
        for sig in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
            sig.connect(self._update_undo_actions)
        if self.remember:
            documents.remember_recent(session.path)
            self._refresh_recent()
            from evaldesk.ui.carry import learn_in_background

            learn_in_background(session.package)  # the 指标库 learns this package's indicators
        self._update_title()
        self._update_undo_actions()
        backup_error = getattr(draft, "backup_error", None)
        if backup_error:
            self.statusBar().showMessage(f"注意：打开时未能备份文件（{backup_error}）", 15000)

    def commit_pending(self) -> None:
        """Commit what is being typed (a cell editor, a text field) by taking the focus away from it."""
        w = QApplication.focusWidget()
        if w is not None and self.isAncestorOf(w):
            w.clearFocus()

    def _close_session(self) -> None:
        if self.session is None:
            return
        self.commit_pending()
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.session.close()
        self.session.deleteLater()
        self.session = None
        self._update_title()
        self._update_undo_actions()

    def close_document(self) -> None:
        self._close_session()
        self.stack.setCurrentWidget(self.start_page)
        self._refresh_recent()

    # -- edit / view -----------------------------------------------------------------------------
    def undo(self) -> None:
        if self.session is not None:
            self.commit_pending()
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _update_undo_actions(self, *_args: object) -> None:
        stack = self.session.undo_stack if self.session is not None else None
        can_undo = bool(stack and stack.canUndo())
        can_redo = bool(stack and stack.canRedo())
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(f"撤销“{stack.undoText()}”" if stack and can_undo else "撤销")
        self.redo_action.setText(f"重做“{stack.redoText()}”" if stack and can_redo else "重做")

    def go_next(self) -> None:
        if self.workspace is not None:
            self.workspace.go_next()

    def go_previous(self) -> None:
        if self.workspace is not None:
            self.workspace.go_previous()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "关于 EvalDesk",
            "EvalDesk 绩效自评助手\n帮助预算单位填写整体支出和项目支出绩效自评表。\n每次修改都会立即保存到自评包文件中。",
        )

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowFilePath("")
            self.saved_label.setText("")
            return
        pkg = self.session.package
        unit = pkg.unit.name or "未命名单位"
        self.setWindowTitle(f"{unit} · {pkg.fiscal_year}年度 · 已保存 — {self.session.path.name}")
        self.setWindowFilePath(str(self.session.path))
        self.saved_label.setText(f"已保存到 {self.session.path.name}")

    # -- geometry and closing --------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geom = documents.settings().value(GEOMETRY_KEY) if self.remember else None
        if isinstance(geom, QByteArray | bytes) and self.restoreGeometry(QByteArray(geom)):
            return
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 90, em * 52)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.commit_pending()
        if self.remember:
            documents.settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        # Release the file; the widgets go with the window (deleteLater from inside closeEvent
        # crashed PySide 6.12 when the window was destroyed before the deferred deletes ran).
        if self.session is not None:
            self.session.close()
        event.accept()
