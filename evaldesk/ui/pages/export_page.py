"""导出: the full PDF, the signature pages, the XLSX and the upload package; printing; the signed scans.

Every export asks where to save (the last folder used, a name like ``{单位}-{年度}-绩效自评报告.pdf``),
backs the draft up, then renders and writes atomically on a worker thread while the window stays
usable. The upload package is refused while errors are open; the clerk may then record why the
package goes up as it is (the reason travels in its manifest).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from evaldesk.core import edits
from evaldesk.core.errors import EvalDeskError, StorageError
from evaldesk.core.findings import Finding
from evaldesk.export.package import OpenErrorsRefused, fingerprint, manifest
from evaldesk.ui.document import documents
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.errors import error_dialog
from evaldesk.ui.output import export_jobs, printing
from evaldesk.ui.output.tasks import Task, run_task, snapshot
from evaldesk.ui.pages.attachments_block import AttachmentsBlock
from evaldesk.ui.pages.base import Block, Page, button_row, hint_label
from evaldesk.ui.review import jump
from evaldesk.ui.review.reason_dialog import ask_reason

log = logging.getLogger(__name__)
LAST_DIR_KEY = "export/lastDir"


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
    """Where to save (tests patch this); "" when cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return chosen


def ask_open_errors(
    parent: QWidget, errors: list[Finding], problem: str = "", initial: str = ""
) -> str | None:
    """Show the open errors (double-click one to go there) and ask why the package goes up as it is."""
    box = QListWidget()
    box.setAccessibleName("未处理的错误")
    box.setWordWrap(True)  # the messages are long sentences; no sideways scrolling
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setResizeMode(QListView.ResizeMode.Adjust)
    for f in errors:
        item = QListWidgetItem(f"[{f.rule_id}] {f.message}")
        item.setToolTip(f.message)
        box.addItem(item)

    def go(item: QListWidgetItem) -> None:
        dlg = box.window()
        if isinstance(dlg, QDialog):
            dlg.reject()
        jump.jump_to_finding(parent, errors[box.row(item)])

    box.itemActivated.connect(go)
    message = (
        f"审核还有 {len(errors)} 处错误未处理，通常应先改正（双击一条可跳到该处）。\n"
        "如确需按现状上报，请写明原因；原因和这些错误会记入上传包清单（manifest.json）。"
    )
    if problem:
        message += "\n" + problem
    return ask_reason(parent, "上传包：有未处理的错误", message, initial, "记录原因并生成", extra=box)


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the system's file manager (tests patch QDesktopServices.openUrl)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


MISSING_SCANS = "还没有添加签字页扫描件：现在生成的上传包将不含扫描件。请打印签字页，签字盖章后扫描添加。"


def ask_missing_scans(parent: QWidget) -> str:
    """``add`` (添加扫描件…), ``without`` (不含扫描件继续) or "" (取消); tests patch this."""
    box = QMessageBox(QMessageBox.Icon.Warning, "还没有签字页扫描件", MISSING_SCANS, parent=parent)
    box.setInformativeText("上传包一般应包含签字、盖章后的签字页扫描件。")
    add = box.addButton("添加扫描件…", QMessageBox.ButtonRole.AcceptRole)
    without = box.addButton("不含扫描件继续", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(add)
    box.exec()
    clicked = box.clickedButton()
    return "add" if clicked is add else "without" if clicked is without else ""


class ExportPage(Page):
    """Step 7 导出."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(
            session, "导出", "导出前会自动备份草稿。导出的文件写完才替换同名旧文件，不会留下半个文件。"
        )
        self.task: Task | None = None
        self.last_result: export_jobs.ExportResult | None = None
        self.print_job: printing.PrintJob | None = None
        self._reason = ""  # the reason given for open errors, offered again next time
        self.buttons: dict[str, QPushButton] = {}
        self._files_block()
        self._print_block()
        self.attachments = AttachmentsBlock(session)
        self.add_block(self.attachments)
        session.changed.connect(self._refresh_scans)
        self._refresh_scans()
        self.finish()
        session.recomputed.connect(self.refresh_titles)
        self.refresh_titles()

    # -- layout ------------------------------------------------------------------------------------
    def _files_block(self) -> None:
        block = Block("导出文件")
        grid = QGridLayout()
        xlsx_ok = export_jobs.xlsx_available()
        for r, kind in enumerate(export_jobs.KINDS):
            name = QLabel(kind.title)
            name.setFont(self.font())
            what = QLabel(kind.what)
            what.setWordWrap(True)
            button = QPushButton(kind.button)
            button.clicked.connect(lambda _=False, k=kind.key: self.export(k))
            if kind.key == "xlsx" and not xlsx_ok:
                button.setEnabled(False)
                button.setToolTip("Excel 导出暂不可用")
            self.buttons[kind.key] = button
            grid.addWidget(name, r, 0)
            grid.addWidget(what, r, 1)
            grid.addWidget(button, r, 2)
        grid.setColumnStretch(1, 1)
        block.add(grid)
        self.scans_label = QLabel()
        self.scans_label.setWordWrap(True)
        self.scans_label.setStyleSheet("color: #b26a00;")
        self.scans_button = QPushButton("添加扫描件…")
        self.scans_button.clicked.connect(lambda: self.attachments.add_files())
        scans_row = QHBoxLayout()
        scans_row.addWidget(self.scans_label, 1)
        scans_row.addWidget(self.scans_button)
        block.add(scans_row)
        self.errors_label = QLabel()
        self.errors_label.setWordWrap(True)
        self.review_button = QPushButton("查看审核结果")
        self.review_button.clicked.connect(self.show_review)
        row = QHBoxLayout()
        row.addWidget(self.errors_label, 1)
        row.addWidget(self.review_button)
        block.add(row)
        self.fingerprint_label = hint_label("")
        block.add(self.fingerprint_label)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the renderers report no steps
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.folder_button = QPushButton("打开所在文件夹")
        self.folder_button.setEnabled(False)
        self.folder_button.clicked.connect(self.open_last_folder)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.folder_button)
        block.add(self.progress)
        block.add(status_row)
        self.add_block(block)

    def _print_block(self) -> None:
        block = Block("打印")
        self.print_sign = QPushButton("打印签字页…")
        self.print_sign.clicked.connect(lambda: self.print_pages(True))
        self.print_all = QPushButton("打印全部…")
        self.print_all.clicked.connect(lambda: self.print_pages(False))
        self.open_pdf = QPushButton("用PDF阅读器打开")
        self.open_pdf.setToolTip("生成PDF并用系统的PDF阅读器打开，在阅读器中打印")
        self.open_pdf.clicked.connect(self.open_in_reader)
        block.add(button_row(self.print_sign, self.print_all, self.open_pdf))
        text = "先预览，再在系统打印对话框中选择打印机。"
        if not printing.can_print():
            text = printing.NO_PRINTING
        self.print_hint = hint_label(text)
        block.add(self.print_hint)
        self.add_block(block)

    def refresh_titles(self) -> None:
        a = self.session.analysis
        pkg = self.session.package
        if not a.checked:
            self.errors_label.setText("审核规则暂不可用，生成上传包时会重新审核。")
        else:
            still = manifest.open_errors(pkg, a.findings)
            warnings = sum(1 for f in a.findings if f.severity == "warning")
            if still:
                self.errors_label.setText(
                    f"审核还有 {len(still)} 处错误未处理：可以导出PDF和Excel，生成上传包时需先改正或写明原因。"
                )
                self.errors_label.setStyleSheet("color: #c62828;")
            else:
                self.errors_label.setText(f"没有未处理的错误（警告 {warnings} 处），可以生成上传包。")
                self.errors_label.setStyleSheet("")
        if self.isVisible():
            self.fingerprint_label.setText(
                f"数据指纹：{fingerprint(pkg)}。修改数据后指纹会变化：签字页、PDF和上传包应在数据定稿后一起导出。"
            )

    def _refresh_scans(self, _edit: object = None) -> None:
        """Say, before the package is built, that it would go without the signed scans."""
        missing = not self.session.package.attachments
        self.scans_label.setText(MISSING_SCANS if missing else "")
        self.scans_label.setVisible(missing)
        self.scans_button.setVisible(missing)

    def _confirm_scans(self) -> bool:
        """Before a package without scans: add them now, go on without, or stop."""
        if self.session.package.attachments:
            return True
        choice = ask_missing_scans(self)
        if choice == "add":
            if self.attachments.add_files() > 0:
                return True
            self.status.setText("未生成上传包：还没有添加签字页扫描件。")
            return False
        return choice == "without"

    def showEvent(self, e) -> None:
        super().showEvent(e)
        self.refresh_titles()

    # -- exporting ---------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def _start_dir(self) -> Path:
        last = documents.settings().value(LAST_DIR_KEY)
        if isinstance(last, str) and last and Path(last).is_dir():
            return Path(last)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else self.session.path.parent

    def export(self, kind: str) -> bool:
        """Ask where, back up, and write the ``kind`` file off the GUI thread; ``False`` if not started."""
        if self.busy:
            return False
        spec = export_jobs.BY_KEY[kind]
        pkg = self.session.package
        reason: str | None = None
        if kind == "package" and not self._confirm_scans():
            return False
        if kind == "package":
            still = manifest.open_errors(pkg, self.session.analysis.findings)
            if still:
                reason = ask_open_errors(self, still, initial=self._reason)
                if not reason:
                    self.status.setText("未生成上传包：有未处理的错误。")
                    return False
                self._reason = reason
        suggested = str(self._start_dir() / export_jobs.default_name(kind, pkg))
        chosen = ask_save_path(self, f"保存{spec.title}", suggested, spec.file_filter)
        if not chosen:
            return False
        path = export_jobs.with_suffix(chosen, spec.suffix)
        return self._run(kind, path, reason)

    def _run(self, kind: str, path: Path, reason: str | None) -> bool:
        spec = export_jobs.BY_KEY[kind]
        note = ""
        try:
            self.session.draft.backup("export")  # on this thread: it uses the draft's connection
        except (StorageError, AttributeError) as e:
            note = f"（注意：导出前未能备份草稿：{e}）"
            log.warning("backup before export failed: %s", e)
        copy = snapshot(self.session.package)
        self._set_busy(True, spec.busy)
        self.task = run_task(
            lambda: export_jobs.run_export(kind, copy, path, reason),
            f"export {kind}",
            succeeded=lambda r: self._exported(r, note),
            failed=lambda e: self._export_failed(e, kind, path),
            finished=self._task_finished,
        )
        return True

    def _task_finished(self) -> None:
        if not self.busy:  # a failed package export may already have started the next try
            self._set_busy(False)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        for key, b in self.buttons.items():
            b.setEnabled(not busy and (key != "xlsx" or export_jobs.xlsx_available()))
        for b in (self.print_sign, self.print_all, self.open_pdf):
            b.setEnabled(not busy)
        if busy:
            self.status.setText(text)

    def _exported(self, result: export_jobs.ExportResult, note: str) -> None:
        self.last_result = result
        documents.settings().setValue(LAST_DIR_KEY, str(result.path.parent))
        self.folder_button.setEnabled(True)
        size = (
            f"{result.size / 1024 / 1024:.1f} MB"
            if result.size >= 1024 * 1024
            else f"{result.size // 1024 + 1} KB"
        )
        text = f"已保存“{result.path.name}”（{size}）到 {result.path.parent}。{note}"
        text += "".join(f"\n注意：{w}" for w in result.warnings)
        if result.kind == "package":
            text += "\n" + "\n".join(result.verify_lines[:1])
            if not result.verified:
                QMessageBox.warning(self, "上传包校验未通过", "\n".join(result.verify_lines))
        self.status.setText(text)
        self.session.notice.emit(f"已导出 {result.path.name}")

    def _export_failed(self, error: BaseException, kind: str, path: Path) -> None:
        if isinstance(error, OpenErrorsRefused) and kind == "package":
            # e.g. a reason that says nothing (“无”): ask again, showing why.
            problem = next((ln for ln in str(error).splitlines() if "不能作为原因" in ln), "")
            self._set_busy(False)
            reason = ask_open_errors(self, error.errors, problem, self._reason)
            if reason:
                self._reason = reason
                self._run(kind, path, reason)
                return
            self.status.setText("未生成上传包：有未处理的错误。")
            return
        if isinstance(error, EvalDeskError):
            self.status.setText(f"导出失败：{error}")
            QMessageBox.warning(self, "导出失败", str(error))
            return
        self.status.setText("导出失败：程序内部错误，详情已记录到日志。")
        details = self.task.details if self.task is not None else repr(error)
        error_dialog(self, "导出时出现意外错误，文件没有写入。", details).exec()

    def open_last_folder(self) -> bool:
        if self.last_result is None:
            return False
        return open_folder(self.last_result.path.parent)

    def show_review(self) -> None:
        ws = jump.find_workspace(self)
        if ws is not None:
            for i, spec in enumerate(ws.steps):
                if spec.key == "review":
                    ws.go_to(i)

    # -- printing ----------------------------------------------------------------------------------
    def print_pages(self, signature_only: bool) -> bool:
        """Render the PDF, rasterise its pages and show the print preview (off the GUI thread)."""
        if self.busy:
            return False
        if not printing.can_print():
            box = QMessageBox(QMessageBox.Icon.Information, "无法直接打印", printing.NO_PRINTING, parent=self)
            open_button = box.addButton("用PDF阅读器打开", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is open_button:
                self.open_in_reader()
            return False
        kind = "signature" if signature_only else "pdf"
        title = export_jobs.default_name(kind, self.session.package)
        if self.print_job is not None:
            self.print_job.cleanup()
        job = self.print_job = printing.PrintJob(title)
        copy = snapshot(self.session.package)
        self._set_busy(True, "正在准备打印页面…")
        self.task = run_task(
            lambda: job.render(export_jobs.render(kind, copy)),
            f"print {kind}",
            succeeded=self._print_ready,
            failed=lambda e: self._export_failed(e, kind, Path()),
            finished=self._task_finished,
        )
        return True

    def _print_ready(self, job: printing.PrintJob) -> None:
        self.status.setText(f"打印页面已准备好（共 {len(job.pages)} 页）。")
        printing.preview(self, job)

    def open_in_reader(self) -> bool:
        """Write the full PDF to a temporary folder and open it in the system's PDF reader."""
        if self.busy:
            return False
        if self.print_job is not None:
            self.print_job.cleanup()
        job = self.print_job = printing.PrintJob("pdf")
        path = job.folder / export_jobs.default_name("pdf", self.session.package)
        copy = snapshot(self.session.package)
        self._set_busy(True, "正在生成PDF…")
        self.task = run_task(
            lambda: export_jobs.run_export("pdf", copy, path),
            "open pdf",
            succeeded=self._open_written_pdf,
            failed=lambda e: self._export_failed(e, "pdf", path),
            finished=self._task_finished,
        )
        return True

    def _open_written_pdf(self, result: export_jobs.ExportResult) -> bool:
        """Hand the PDF to the system's reader; without one, say so and offer its folder."""
        self.last_result = result
        self.folder_button.setEnabled(True)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path))):
            self.status.setText(f"已用PDF阅读器打开“{result.path.name}”。")
            return True
        message = "没有找到可以打开PDF的程序。"
        self.status.setText(f"{message}PDF已生成：{result.path}")
        box = QMessageBox(QMessageBox.Icon.Warning, "无法打开PDF", message, parent=self)
        box.setInformativeText(
            f"PDF已生成在：\n{result.path}\n可以打开所在文件夹后用其他程序打开它，"
            "或安装PDF阅读器（如WPS、福昕阅读器）后再试；要保存一份，请用上面的“导出PDF…”。"
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is folder:
            open_folder(result.path.parent)
        return False

    def focus_path(self, path: edits.Path) -> bool:
        return False
