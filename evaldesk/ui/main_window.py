"""The main window: the start page or an open document's workspace, menus, title and status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core.storage import Draft, ReadOnlyDraft
from evaldesk.ui.document import documents
from evaldesk.ui.document.opening import DocumentOpener
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.document.start_page import StartPage
from evaldesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from evaldesk.ui.report.find_dialog import FindDialog
    from evaldesk.ui.review.yoy_dialog import YoyDialog

log = logging.getLogger(__name__)

APP_TITLE = "绩效自评助手"
GEOMETRY_KEY = "window/geometry"


class MainWindow(QMainWindow):
    """One window, one open draft at a time. Every edit is already saved, so closing never asks."""

    def __init__(self, remember: bool = True) -> None:
        """``remember=False`` (screenshots) leaves the recent-files list and window geometry alone."""
        super().__init__()
        self.remember = remember
        self.session: DocumentSession | None = None
        self.workspace: Workspace | None = None
        self.find_dialog: FindDialog | None = None
        self.yoy_dialog: YoyDialog | None = None
        self.opener = DocumentOpener(self, self)
        self.stack = QStackedWidget()
        self.start_page = StartPage()
        self.stack.addWidget(self.start_page)
        self.read_only_banner = QLabel()
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            "QLabel { background: #fff3c4; color: #5d4200; border-bottom: 1px solid #e0c060; padding: 6px 10px; }"
        )
        self.read_only_banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.start_page.new_requested.connect(self.new_package)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.sample_requested.connect(self.open_sample)
        self.start_page.recent_chosen.connect(self.open_path)
        self.start_page.carry_requested.connect(self.carry_over)
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()
        self._restore_geometry()
        self.refresh_recent()
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
        self.import_action = self._action("导入Excel工作簿或上传包…", self.import_dialog)
        self.import_action.setToolTip("把填好的Excel工作簿、同事交来的上传包或JSON数据导入为新的草稿")
        file_menu.addAction(self.import_action)
        self.carry_action = self._action("从上年继续…", self.carry_over)
        self.carry_action.setToolTip("用上一年度的自评包生成本年度草稿（单位信息、项目和指标沿用）")
        file_menu.addAction(self.carry_action)
        self.recent_menu = file_menu.addMenu("最近打开")
        file_menu.addSeparator()
        self.print_action = self._action("打印全部…", self.print_all, QKeySequence.StandardKey.Print)
        self.print_action.setToolTip("打印封面、自评报告和全部附表（先显示打印预览）")
        self.print_signature_action = self._action("打印签字页…", self.print_signature)
        self.print_signature_action.setToolTip("只打印需要签字盖章的页面")
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.print_signature_action)
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
        edit_menu.addSeparator()
        self.find_action = self._action("查找…", self.show_find, QKeySequence.StandardKey.Find)
        self.find_next_action = self._action("查找下一处", lambda: self.find_step(1), "F3")
        self.find_previous_action = self._action("查找上一处", lambda: self.find_step(-1), "Shift+F3")
        for a in (self.find_action, self.find_next_action, self.find_previous_action):
            edit_menu.addAction(a)

        view_menu = bar.addMenu("视图(&V)")
        self.prev_action = self._action(
            "上一步", self.go_previous, QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage)
        )
        self.next_action = self._action(
            "下一步", self.go_next, QKeySequence(QKeySequence.StandardKey.MoveToNextPage)
        )
        view_menu.addAction(self.prev_action)
        view_menu.addAction(self.next_action)
        view_menu.addSeparator()
        self.yoy_action = self._action("与上年对比…", self.show_yoy)
        self.yoy_action.setToolTip("列出与上年相比变化较大、或与上年完全相同的金额")
        view_menu.addAction(self.yoy_action)

        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self._action("关于 绩效自评助手", self.about))
        self._update_undo_actions()
        self._update_document_actions()

    def refresh_recent(self) -> None:
        """The recent-files list of the start page and the 最近打开 menu, from the settings."""
        files = documents.recent_files()
        self.start_page.set_recent(files)
        self.recent_menu.clear()
        for p in files:
            self.recent_menu.addAction(p.name, partial(self.open_path, p))
        self.recent_menu.setEnabled(bool(files))

    # -- documents (opening them is ui.document.opening's) --------------------------------------
    def new_package(self) -> None:
        self.opener.new_package()

    def open_dialog(self) -> None:
        self.opener.open_dialog()

    def open_any(self, path: Path) -> bool:
        """A draft opens as it is; a workbook, upload zip or JSON is imported into a new draft first."""
        return self.opener.open_any(path)

    def import_dialog(self) -> bool:
        return self.opener.import_dialog()

    def open_path(self, path: Path) -> bool:
        """Open the draft at ``path`` (with the damaged-file/backup offer); ``False`` if not opened."""
        return self.opener.open_path(path)

    def open_sample(self) -> bool:
        return self.opener.open_sample()

    def carry_over(self) -> bool:
        return self.opener.carry_over()

    def set_draft(self, draft: Draft | ReadOnlyDraft) -> None:
        """Show an open draft in a fresh workspace (a read-only one under the 只读 banner, edits disabled)."""
        self.close_session()
        session = DocumentSession(draft, self, remember=self.remember)
        self.session = session
        self.workspace = Workspace(session)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self._show_read_only(session)
        session.changed.connect(lambda _e: self._update_title())
        session.notice.connect(lambda m: self.statusBar().showMessage(m, 10000))
        session.failed.connect(lambda m: QMessageBox.warning(self, "未能保存", m))
        stack = session.undo_stack
        for sig in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
            sig.connect(self._update_undo_actions)
        if self.remember:
            documents.remember_recent(session.path)
            self.refresh_recent()
            from evaldesk.ui.document.carry import learn_in_background

            learn_in_background(session.package)  # the 指标库 learns this package's indicators
        self._update_title()
        self._update_undo_actions()
        self._update_document_actions()
        if self.find_dialog is not None:
            self.find_dialog.attach(session, self.workspace)
        backup_error = getattr(draft, "backup_error", None)
        if backup_error:
            self.statusBar().showMessage(f"注意：打开时未能备份文件（{backup_error}）", 15000)

    def _show_read_only(self, session: DocumentSession | None) -> None:
        read_only = session is not None and session.read_only
        self.read_only_banner.setVisible(read_only)
        if session is None or not read_only:
            return
        self.read_only_banner.setText(
            f"只读：“{session.path.name}”正在另一个窗口中编辑。这里显示的是打开时保存的内容，"
            "可以查看、打印和导出，但不能修改；要修改，请回到正在编辑它的窗口。"
        )
        workspace = self.workspace
        if workspace is not None:
            disable_editing(workspace)
            # Pages are built on first visit: each new one is made read-only as it appears.
            workspace.step_changed.connect(lambda _i: disable_editing(workspace))

    def commit_pending(self) -> None:
        """Commit what is being typed (a cell editor, a text field) by taking the focus away from it."""
        w = QApplication.focusWidget()
        if w is not None and self.isAncestorOf(w):
            w.clearFocus()

    def close_session(self) -> None:
        """Close the open draft (what is being typed is stored first); the start page is not shown."""
        if self.session is None:
            return
        self.commit_pending()
        if self.find_dialog is not None:
            self.find_dialog.attach(None, None)
        if self.yoy_dialog is not None:
            self.yoy_dialog.close()
            self.yoy_dialog.deleteLater()
            self.yoy_dialog = None
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.session.close()
        self.session.deleteLater()
        self.session = None
        self._show_read_only(None)
        self._update_title()
        self._update_undo_actions()
        self._update_document_actions()

    def close_document(self) -> None:
        self.close_session()
        self.stack.setCurrentWidget(self.start_page)
        self.refresh_recent()

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

    def _update_document_actions(self) -> None:
        open_ = self.session is not None
        for a in (
            self.print_action,
            self.print_signature_action,
            self.find_action,
            self.find_next_action,
            self.find_previous_action,
            self.yoy_action,
        ):
            a.setEnabled(open_)

    def show_find(self) -> None:
        """查找… (Ctrl+F): the non-modal find dialog, starting with the words selected in a field."""
        if self.session is None:
            return
        if self.find_dialog is None:
            from evaldesk.ui.report.find_dialog import FindDialog

            self.find_dialog = FindDialog(self)
            self.find_dialog.attach(self.session, self.workspace)
        from evaldesk.ui.report.find_dialog import selected_words

        self.find_dialog.start(selected_words(self.focusWidget()))

    def find_step(self, step: int) -> None:
        """F3 / Shift+F3 from the window: the next or previous place found (opens 查找 when nothing was)."""
        dlg = self.find_dialog
        if dlg is None or not dlg.field.text().strip():
            self.show_find()
        elif step > 0:
            dlg.find_next()
        else:
            dlg.find_previous()

    def print_all(self) -> bool:
        """打印全部… (Ctrl+P): the 导出 step prints (its status shows the progress)."""
        return self._print(signature_only=False)

    def print_signature(self) -> bool:
        """打印签字页…: only the pages to be signed and sealed."""
        return self._print(signature_only=True)

    def _print(self, signature_only: bool) -> bool:
        if self.workspace is None:
            return False
        self.commit_pending()  # what is being typed is printed too
        page = self.workspace.show_step("export")
        return bool(page.print_pages(signature_only))  # type: ignore[attr-defined]

    def show_yoy(self) -> None:
        """视图 → 与上年对比…: the non-modal comparison of this year's amounts with last year's."""
        if self.session is None:
            return
        if self.yoy_dialog is None:
            from evaldesk.ui.review.yoy_dialog import YoyDialog

            self.commit_pending()
            self.yoy_dialog = YoyDialog(self.session, self.workspace, self)
        self.yoy_dialog.show()
        self.yoy_dialog.raise_()
        self.yoy_dialog.activateWindow()

    def go_next(self) -> None:
        if self.workspace is not None:
            self.workspace.go_next()

    def go_previous(self) -> None:
        if self.workspace is not None:
            self.workspace.go_previous()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "关于 绩效自评助手",
            "绩效自评助手（EvalDesk）\n帮助预算单位填写整体支出和项目支出绩效自评表。\n每次修改都会立即保存到自评包文件中。",
        )

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowFilePath("")
            self.saved_label.setText("")
            return
        pkg = self.session.package
        unit = pkg.unit.name or "未命名单位"
        state = "只读" if self.session.read_only else "已保存"
        self.setWindowTitle(f"{unit} · {pkg.fiscal_year}年度 · {state} — {self.session.path.name}")
        self.setWindowFilePath(str(self.session.path))
        self.saved_label.setText(
            f"只读（正在另一个窗口中编辑）：{self.session.path.name}"
            if self.session.read_only
            else f"已保存到 {self.session.path.name}"
        )

    # -- geometry and closing --------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geom = documents.settings().value(GEOMETRY_KEY) if self.remember else None
        if isinstance(geom, QByteArray | bytes) and self.restoreGeometry(QByteArray(geom)):
            return
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 90, em * 52)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_pending()
        if self.remember:
            documents.settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        # Release the file; the widgets go with the window (deleteLater from inside closeEvent
        # crashed PySide 6.12 when the window was destroyed before the deferred deletes ran).
        if self.session is not None:
            self.session.close()
        event.accept()


def disable_editing(root: QWidget) -> None:
    """Make every field and grid under ``root`` read-only (the session refuses any edit that still comes)."""
    for w in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        w.setReadOnly(True)
    for box in root.findChildren(QAbstractSpinBox):  # dates and the year
        box.setReadOnly(True)
    for view in root.findChildren(QAbstractItemView):
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
