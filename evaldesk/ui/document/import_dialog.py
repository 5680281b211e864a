"""打开/导入 a file that is not a draft: a workbook, an upload zip or JSON becomes a new draft.

The clerk picks the file, ``export.importing.read_any`` reads it (all or nothing: a workbook with cells it
cannot understand is refused with every ``工作表!单元格：原因`` listed), and the clerk chooses where the new
draft is saved. 从上年继续 (``ui.carry``) goes through the same steps with one transformation between.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from evaldesk.core import model
from evaldesk.core.errors import EvalDeskError
from evaldesk.core.storage import Draft
from evaldesk.core.wizard import FILE_SUFFIX, safe_filename, unique_draft_path
from evaldesk.ui.document.documents import FILE_FILTER
from evaldesk.ui.output.tasks import run_task

log = logging.getLogger(__name__)

OPEN_FILTER = "自评包、Word文档、Excel工作簿或上传包 (*.evaldesk *.docx *.xlsx *.zip *.json);;所有文件 (*)"


def suggested_path(folder: Path, pkg: model.Package) -> Path:
    """``{folder}/{单位}-{年度}年度.evaldesk``, made unique if such a file exists."""
    return unique_draft_path(
        folder, f"{safe_filename(pkg.unit.name.strip() or '自评包')}-{pkg.fiscal_year}年度"
    )


def show_read_error(parent: QWidget | None, title: str, error: EvalDeskError) -> None:
    """The reason a file could not be read; a workbook's cell-by-cell list goes in the copyable details."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, str(error).split("\n", 1)[0], parent=parent)
    problems = getattr(error, "problems", None)
    if problems:
        box.setDetailedText("\n".join(problems))
    elif "\n" in str(error):
        box.setDetailedText(str(error).split("\n", 1)[1])
    box.exec()


PROGRESS_DELAY_MS = 300
"""A file read faster than this shows no progress window at all."""


def read_file(parent: QWidget | None, path: Path, title: str) -> model.Package | None:
    """The package in ``path`` (any kind), or ``None`` after telling the clerk why not (or 取消).

    The file is read on the thread pool while a progress window with 取消 keeps the window responsive.
    Every reader refuses a hostile file within a few seconds (``export.xlsx.safety``), so on 取消 the
    read is simply left to finish in the background and its result dropped.
    """
    from evaldesk.export.importing import read_any

    outcome: dict[str, object] = {}
    loop = QEventLoop()
    progress = QProgressDialog(f"正在读取“{path.name}”…", "取消", 0, 0, parent)
    progress.setWindowTitle("导入")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(PROGRESS_DELAY_MS)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.canceled.connect(loop.quit)
    task = run_task(
        lambda: read_any(path),
        label=f"read {path.name}",
        succeeded=lambda pkg: outcome.__setitem__("package", pkg),
        failed=lambda error: outcome.__setitem__("error", error),
        finished=loop.quit,
    )
    progress.setValue(0)  # starts the delay after which the window appears
    if not task.done:
        loop.exec()
    canceled = progress.wasCanceled() and not task.done
    progress.close()
    progress.deleteLater()
    if canceled:
        log.info("reading %s canceled", path)
        return None
    error = outcome.get("error")
    if isinstance(error, EvalDeskError):
        show_read_error(parent, title, error)
        return None
    if isinstance(error, BaseException):
        raise error  # a bug, not a refusal: the usual crash report
    pkg = outcome.get("package")
    assert isinstance(pkg, model.Package)
    return pkg


def save_as_new_draft(parent: QWidget | None, pkg: model.Package, folder: Path, title: str) -> Draft | None:
    """Ask where to save ``pkg`` as a new draft (a suggested name in ``folder``); the open draft or None."""
    target, _ = QFileDialog.getSaveFileName(parent, title, str(suggested_path(folder, pkg)), FILE_FILTER)
    if not target:
        return None
    path = Path(target)
    if path.suffix.lower() != FILE_SUFFIX:
        path = path.with_name(path.name + FILE_SUFFIX)
    try:
        draft = Draft.create(path, pkg)
    except EvalDeskError as e:
        QMessageBox.warning(parent, "无法保存", str(e))
        return None
    from evaldesk.ui.document import last_year

    if last_year.remembered(path) is not None:
        last_year.remember(path, None)  # a file replaced at this place: what was remembered is not its
    return draft


def import_file(
    parent: QWidget | None,
    source: Path,
    transform: Callable[[model.Package], model.Package] | None = None,
    what: str = "导入",
) -> Draft | None:
    """Read ``source``, optionally transform the package, and save it as a new draft the clerk names."""
    pkg = read_file(parent, source, f"无法{what}")
    if pkg is None:
        return None
    if transform is not None:
        try:
            pkg = transform(pkg)
        except EvalDeskError as e:
            QMessageBox.warning(parent, f"无法{what}", str(e))
            return None
    draft = save_as_new_draft(parent, pkg, source.parent, f"保存{pkg.fiscal_year}年度自评包")
    if draft is not None:
        log.info("%s %s as %s", what, source, draft.path)
    return draft


def import_dialog(parent: QWidget | None, start_dir: str = "") -> Draft | None:
    """文件 → 导入…: pick a workbook, upload zip or JSON and save it as a new draft."""
    chosen, _ = QFileDialog.getOpenFileName(parent, "导入Excel工作簿或上传包", start_dir, OPEN_FILTER)
    return import_file(parent, Path(chosen)) if chosen else None
