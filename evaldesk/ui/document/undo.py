"""Undo commands: every clerk edit is a ``QUndoCommand`` around a core edit (``core.edits``).

The command is pushed *after* its edit has been applied and committed (so a failed commit never leaves
a command on the stack); its first ``redo()`` — which ``QUndoStack.push`` calls — is therefore a no-op.
Undo applies the inverse edit that ``draft.apply`` returned, and redo re-applies the edit.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from evaldesk.core import edits

# Commands that may merge (consecutive typing in one text field) share this id.
MERGE_TEXT_ID = 1001


class Applier(Protocol):
    """What a command needs of the session (``DocumentSession``, which imports this module)."""

    def apply_from_stack(self, edit: edits.Edit) -> edits.Edit | None: ...


class EditCommand(QUndoCommand):
    """One undo step: ``edit`` (already applied) and its ``inverse``."""

    def __init__(
        self,
        session: Applier,
        edit: edits.Edit,
        inverse: edits.Edit,
        label: str,
        mergeable: bool = False,
    ) -> None:
        super().__init__(label)
        self._session = session
        self.edit = edit
        self.inverse = inverse
        self._mergeable = mergeable
        self._fresh = True  # the edit is applied already; the push's redo() must not apply it again

    def id(self) -> int:
        return MERGE_TEXT_ID if self._mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Merge consecutive text commits to the same field into one undo step."""
        if not isinstance(other, EditCommand) or not (self._mergeable and other._mergeable):
            return False
        a, b = self.edit, other.edit
        if not (isinstance(a, edits.SetValue) and isinstance(b, edits.SetValue) and a.path == b.path):
            return False
        self.edit = b  # keep our inverse: it restores the value from before the first commit
        return True

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        inverse = self._session.apply_from_stack(self.edit)
        if inverse is not None:
            self.inverse = inverse

    def undo(self) -> None:
        edit = self._session.apply_from_stack(self.inverse)
        if edit is not None:
            self.edit = edit
