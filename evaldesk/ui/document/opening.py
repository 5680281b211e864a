"""How the window comes to show a document: 新建 (the wizard), 打开 (a draft, or a workbook, upload package or
JSON to import first), 打开示例, 导入 and 从上年继续.

Each path ends in the window's ``set_draft``; a path that is cancelled or fails leaves the window as it
was (a message says why). The window keeps its menus and actions; this module says what they do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from evaldesk.core.errors import EvalDeskError, FileFormatError, FileInUseError
from evaldesk.core.storage import Draft, ReadOnlyDraft
from evaldesk.ui.document import documents
from evaldesk.ui.document.session import DocumentSession


class Host(Protocol):
    """What the opener needs of the main window (a protocol: the window's module imports this one)."""

    session: DocumentSession | None

    def set_draft(self, draft: Draft | ReadOnlyDraft) -> None: ...

    def close_session(self) -> None: ...

    def refresh_recent(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...


class DocumentOpener:
    """Opens documents into ``host`` (one draft at a time: the one shown is closed first); ``parent`` is
    the dialogs' parent (the window itself)."""

    def __init__(self, host: Host, parent: QWidget) -> None:
        self.window, self.parent = host, parent

    def _start_dir(self) -> str:
        session = self.window.session
        return str(session.path.parent) if session else ""

    def new_package(self) -> None:
        """文件 → 新建自评包…: the wizard, saving in the clerk's documents folder by default."""
        from evaldesk.ui.document.wizard import NewPackageDialog

        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dlg = NewPackageDialog(self.parent, save_dir=Path(docs) if docs and Path(docs).is_dir() else None)
        if dlg.exec() and dlg.draft is not None:
            self.window.set_draft(dlg.draft)

    def open_dialog(self) -> None:
        """文件 → 打开…: a draft, or any file EvalDesk can import."""
        from evaldesk.ui.document.import_dialog import OPEN_FILTER

        chosen, _ = QFileDialog.getOpenFileName(self.parent, "打开自评包", self._start_dir(), OPEN_FILTER)
        if chosen:
            self.open_any(Path(chosen))

    def open_any(self, path: Path) -> bool:
        """A draft opens as it is; a workbook, upload zip or JSON is imported into a new draft first."""
        from evaldesk.export.importing import sniff

        try:
            kind = sniff(path)
        except FileFormatError:
            kind = "draft"  # open_path explains what is wrong with it and offers a backup
        return self.open_path(path) if kind == "draft" else self._import(path)

    def import_dialog(self) -> bool:
        """文件 → 导入…: a workbook, upload zip or JSON becomes a new draft, which is then opened."""
        from evaldesk.ui.document.import_dialog import import_dialog

        return self._show_imported(import_dialog(self.parent, self._start_dir()))

    def _import(self, path: Path) -> bool:
        from evaldesk.ui.document.import_dialog import import_file

        return self._show_imported(import_file(self.parent, path))

    def _show_imported(self, draft: Draft | ReadOnlyDraft | None) -> bool:
        if draft is None:
            return False
        self.window.set_draft(draft)
        self.window.statusBar().showMessage(
            f"已导入并保存为：{draft.path.name}。审核步骤会列出导入数据中的问题。", 15000
        )
        return True

    def open_path(self, path: Path) -> bool:
        """Open the draft at ``path`` (with the damaged-file/backup offer); ``False`` if not opened."""
        window = self.window
        path = Path(path)
        session = window.session
        same = session is not None and session.path.resolve() == path.resolve()
        if same and session is not None and not session.read_only:
            return True  # a read-only one is opened again: the other window may have closed it by now
        if not path.exists():
            QMessageBox.warning(self.parent, "无法打开", f"找不到文件“{path}”。它可能已被移动或删除。")
            documents.forget_recent(path)
            window.refresh_recent()
            return False
        window.close_session()  # release our own lock first: the same file may be reopened
        draft = documents.open_draft(self.parent, path)
        if draft is None:
            return False
        window.set_draft(draft)
        return True

    def open_sample(self) -> bool:
        """Open the clerk's copy of the built-in sample (made fresh when missing)."""
        window = self.window
        window.close_session()
        draft: Draft | ReadOnlyDraft | None
        try:
            draft = documents.open_sample()
        except (FileFormatError, FileInUseError):  # damaged: the restore offer; in use: the read-only one
            draft = documents.open_draft(self.parent, documents.sample_path())
        except EvalDeskError as e:
            QMessageBox.warning(self.parent, "无法打开示例", str(e))
            return False
        if draft is None:
            return False
        window.set_draft(draft)
        return True

    def carry_over(self) -> bool:
        """从上年继续…: next year's draft from last year's file, saved where the clerk says, then opened."""
        from evaldesk.ui.document.carry import carry_over_dialog

        window = self.window
        carried = carry_over_dialog(self.parent, self._start_dir())
        if carried is None:
            return False
        draft = carried.draft
        window.set_draft(draft)
        if window.session is not None:
            window.session.set_last_year(carried.last_year, carried.source)
        window.statusBar().showMessage(
            f"已生成{draft.package.fiscal_year}年度草稿：蓝灰色的内容沿用自上年，核对后修改或右键“确认沿用值”。",
            15000,
        )
        return True
