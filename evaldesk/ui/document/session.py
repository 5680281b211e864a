"""The open document: the draft file, its undo stack, and what is recomputed after each edit.

Pages never touch the draft directly: they call :meth:`DocumentSession.push` (or :meth:`set_value`)
with a core edit. The session applies and commits it (``draft.apply``), puts an undo command on the
stack, recomputes scores and findings once, and emits :attr:`changed` (models emit ``dataChanged``)
and then :attr:`recomputed` (navigator, score panel).

The session also knows last year's package (:attr:`DocumentSession.last_year`), shown beside the report
and compared in 与上年对比: set when the draft is made by 从上年继续 or chosen by the clerk, and read
again from the remembered file the first time it is needed after the draft is reopened.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from evaldesk.core import edits, model
from evaldesk.core.analysis import Analyser, Analysis
from evaldesk.core.errors import EvalDeskError
from evaldesk.core.storage import Draft, ReadOnlyDraft
from evaldesk.ui.document import last_year
from evaldesk.ui.document.undo import EditCommand

log = logging.getLogger(__name__)

READ_ONLY_NOTE = "只读：这个草稿正在另一个窗口中编辑，这里的修改不会保存。"


class DocumentSession(QObject):
    """One open draft: ``draft`` (core.storage.Draft), ``undo_stack`` and the latest :class:`Analysis`."""

    changed = Signal(object)  # the edit just applied (or undone: its inverse)
    recomputed = Signal()
    notice = Signal(str)  # a message for the status bar (a refused entry, a paste summary …)
    failed = Signal(str)  # a commit failed; the message is for a dialog
    last_year_changed = Signal()

    def __init__(
        self, draft: Draft | ReadOnlyDraft, parent: QObject | None = None, remember: bool = True
    ) -> None:
        """``remember=False`` (screenshots): nothing is written to the settings."""
        super().__init__(parent)
        self.draft = draft
        self.remember = remember
        self.last_year: model.Package | None = None
        self.last_year_path: Path | None = None
        self._last_year_looked_up = False
        self.undo_stack = QUndoStack(self)
        self._analyser = Analyser()
        self.analysis: Analysis = self._analyser.run(draft.package)
        self.last_edit_ms = 0.0

    # -- what pages read -------------------------------------------------------------------------
    @property
    def package(self) -> model.Package:
        return self.draft.package

    @property
    def path(self) -> Path:
        return Path(self.draft.path)

    def value(self, path: edits.Path) -> Any:
        """The current value at ``path`` (``None`` when the path does not exist any more)."""
        try:
            return edits.resolve(self.package, path)
        except (KeyError, IndexError, AttributeError):
            return None

    # -- last year's package -----------------------------------------------------------------------
    def set_last_year(self, pkg: model.Package | None, source: Path | None) -> None:
        """Use ``pkg`` (read from ``source``) as last year's package, and remember ``source`` for this draft."""
        self.last_year, self.last_year_path = pkg, Path(source) if pkg is not None and source else None
        self._last_year_looked_up = True
        if self.remember:
            last_year.remember(self.path, self.last_year_path)
        self.last_year_changed.emit()

    def load_last_year(self) -> model.Package | None:
        """Last year's package; the remembered file is read the first time (a note, not a dialog, if it fails)."""
        if self._last_year_looked_up:
            return self.last_year
        self._last_year_looked_up = True
        from evaldesk.export.importing import read_any

        source = last_year.remembered(self.path)
        if source is None:
            return None
        try:
            pkg = read_any(source)
        except (EvalDeskError, OSError) as e:
            log.info("remembered last-year package %s not read: %s", source, e)
            if self.remember:
                last_year.remember(self.path, None)
            self.notice.emit(
                f"上年自评包“{source.name}”已无法读取（已移动、删除或损坏），不再显示上年报告参考。"
            )
            return None
        self.last_year, self.last_year_path = pkg, source
        self.last_year_changed.emit()
        return pkg

    # -- editing ---------------------------------------------------------------------------------
    def set_value(self, path: edits.Path, value: Any, label: str, mergeable: bool = False) -> bool:
        """Set one value as an undoable edit; nothing happens when it is unchanged."""
        old = self.value(path)
        if type(old) is type(value) and old == value and str(old) == str(value):
            return False
        return self.push(edits.SetValue(path, value), label, mergeable=mergeable)

    @property
    def read_only(self) -> bool:
        """Opened read-only (being edited in another window): every edit is refused with a note."""
        return self.draft.read_only

    def push(self, edit: edits.Edit, label: str, mergeable: bool = False) -> bool:
        """Apply and commit ``edit`` and put it on the undo stack; ``False`` (and a message) if it failed."""
        if self.read_only:
            self.notice.emit(READ_ONLY_NOTE)
            return False
        started = time.perf_counter()
        edit = self._with_carried(edit)
        inverse = self._apply(edit)
        if inverse is None:
            return False
        self.undo_stack.push(EditCommand(self, edit, inverse, label, mergeable=mergeable))
        self.last_edit_ms = (time.perf_counter() - started) * 1000
        return True

    def _with_carried(self, edit: edits.Edit) -> edits.Edit:
        """Keep ``package.carried`` (values carried from last year) right through this edit.

        A value the clerk sets counts as confirmed; inserting, removing or moving rows re-addresses
        the carried paths. Both travel in one Batch with the edit, so one undo restores both.
        """
        pkg = self.package
        if not pkg.carried:
            return edit
        from evaldesk.core import carryover

        fix = carryover.carried_fixup(pkg, edit)
        carried = list(fix.value) if isinstance(fix, edits.SetValue) else list(pkg.carried)
        keys = [
            edits.describe_path(e.path)
            for e in edits.flatten(edit)
            if isinstance(e, edits.SetValue) and e.path[:1] != ("carried",)
        ]
        carried = [c for c in carried if not any(c == k or c.startswith(k + "/") for k in keys)]
        if carried == pkg.carried:
            return edit
        label = edit.label if isinstance(edit, edits.Batch) else ""
        return edits.Batch((edit, edits.SetValue(("carried",), carried)), label)

    def apply_from_stack(self, edit: edits.Edit) -> edits.Edit | None:
        """Used by undo/redo. On failure the stack no longer matches the file, so it is cleared."""
        inverse = self._apply(edit)
        if inverse is None:
            QTimer.singleShot(0, self.undo_stack.clear)
        return inverse

    def _apply(self, edit: edits.Edit) -> edits.Edit | None:
        try:
            inverse = self.draft.apply(edit)
        except EvalDeskError as e:  # StorageError: the draft left memory unchanged
            log.warning("edit not committed: %s", e)
            self.failed.emit(f"修改未能保存，已撤回：{e}")
            return None
        self.analysis = self._analyser.run(self.package, edit)
        self.changed.emit(edit)
        self.recomputed.emit()
        return inverse

    def close(self) -> None:
        """Close the draft file (every edit is already committed)."""
        try:
            self.draft.close()
        except EvalDeskError as e:
            log.warning("closing the draft: %s", e)
