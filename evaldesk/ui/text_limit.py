"""Text boxes stop at the length ``core.limits`` allows, quietly, instead of refusing the text afterwards.

A one-line box gets Qt's ``maxLength``; a multi-line box cuts what goes beyond its limit as it comes in
(typing, an input method, a paste, a drop). Either says so in a tooltip beside the text and, for fields
of the package, in the status bar — never in a box while the clerk types. A paste that is too long keeps
its beginning and the message says how many characters were kept.

What a draft already holds is never cut: a stored text longer than the limit (written before the limits
existed) is shown whole, and only what is added to it is refused.

Lengths are counted in Qt's UTF-16 units: a character outside the Basic Multilingual Plane counts twice
here and once in ``core.limits``, so a box never takes more than the core accepts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QPoint, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from evaldesk.core import limits

Notify = Callable[[str], None]
_LIMIT = "evaldesk_limit"  # the property holding a line edit's own limit (its maxLength may be more)


def qt_length(text: str) -> int:
    """The length of ``text`` as Qt counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def full_message(label: str, limit: int) -> str:
    return f"{label}最多{limit}个字，已达到上限，多出的字未输入。"


def cut_message(label: str, limit: int, kept: int, given: int, how: str = "粘贴") -> str:
    return f"{label}最多{limit}个字：{how}的{given}个字只保留了前{kept}个字。"


def _tell(widget: QWidget, where: QPoint, message: str, notify: Notify | None) -> None:
    widget.setToolTip(message)
    QToolTip.showText(widget.mapToGlobal(where), message, widget)
    if notify is not None:
        notify(message)


def limit_line_edit(edit: QLineEdit, field: str, label: str, notify: Notify | None = None) -> int:
    """Give ``edit`` the limit of the package field ``field`` (its attribute name); returns the limit.

    Typing or pasting past it stops at the limit with a quiet message naming the box (its accessible
    name, else ``label``). Show stored text with :func:`set_line_text`, which never cuts it.
    """
    limit = set_line_limit(edit, field)

    def edited(text: str) -> None:
        own = edit.property(_LIMIT)
        if edit.maxLength() > own:  # a stored over-long text was shortened: it may not grow back
            edit.setMaxLength(max(own, qt_length(text)))
        if qt_length(text) >= edit.maxLength():
            name = edit.accessibleName() or label
            _tell(edit, edit.cursorRect().bottomLeft(), full_message(name, own), notify)

    edit.textEdited.connect(edited)
    return limit


def set_line_limit(edit: QLineEdit, field: str) -> int:
    """Set (or change) the limit of a line edit to that of ``field``, keeping the text it shows whole."""
    limit = limits.limit_for(field)
    edit.setProperty(_LIMIT, limit)
    edit.setMaxLength(max(limit, qt_length(edit.text())))
    return limit


def set_line_text(edit: QLineEdit, text: str) -> None:
    """Show ``text`` in a limited line edit whole, even when it is longer than the limit."""
    limit = edit.property(_LIMIT)
    if isinstance(limit, int):
        edit.setMaxLength(max(limit, qt_length(text)))
    edit.setText(text)


class TextLimit(QObject):
    """Keeps a multi-line box (``QPlainTextEdit`` or ``QTextEdit``) at most ``limit`` characters long.

    ``length`` measures the text as it will be stored (by default the document's characters).
    ``hit(message)`` is emitted when something was cut; ``message`` keeps the last one.
    """

    hit = Signal(str)

    def __init__(
        self,
        edit: QPlainTextEdit | QTextEdit,
        limit: int,
        label: str,
        notify: Notify | None = None,
        length: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(edit)
        self.edit, self.limit, self.label = edit, limit, label
        self.message = ""
        self.pasting: int | None = None  # the length of a paste or drop being inserted (see note_paste)
        self._length = length or (lambda: edit.document().characterCount() - 1)
        self._change: tuple[int, int, int] = (0, 0, 0)
        self._cutting = False
        if notify is not None:
            self.hit.connect(notify)
        edit.text_limit = self  # type: ignore[union-attr]  # LimitedPlainTextEdit and ReportEditor count pastes
        edit.document().contentsChange.connect(self._on_change)
        edit.textChanged.connect(self._cut)

    def _on_change(self, position: int, removed: int, added: int) -> None:
        if not self._cutting:
            self._change = (position, removed, added)

    def _cut(self) -> None:
        position, removed, added = self._change
        self._change = (0, 0, 0)
        grown = added - removed
        if self._cutting or grown <= 0 or getattr(self.edit, "loading", False):
            return
        over = self._length() - self.limit
        if over <= 0:
            return
        # What came in ends at the cursor. Only that is cut: a stored text is never shortened.
        end = self.edit.textCursor().position()
        pasted = self.pasting is not None
        given = self.pasting if self.pasting is not None else grown
        cut = min(over, grown, given)
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(max(position, end - cut))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._cutting = True
        try:
            cursor.removeSelectedText()
        finally:
            self._cutting = False
        if given > 1:
            message = cut_message(self.label, self.limit, given - cut, given, "粘贴" if pasted else "输入")
        else:
            message = full_message(self.label, self.limit)
        self.message = message
        _tell(self.edit, self.edit.cursorRect().bottomLeft(), message, None)
        self.hit.emit(message)


def note_paste(edit: QPlainTextEdit | QTextEdit, text: str) -> None:
    """Tell the box's limit, if any, that ``text`` is being pasted (``""``: the paste is over), so a cut
    paste says how many of its characters were kept. Called around ``insertFromMimeData``."""
    limit = getattr(edit, "text_limit", None)
    if isinstance(limit, TextLimit):
        limit.pasting = qt_length(text) if text else None


class LimitedPlainTextEdit(QPlainTextEdit):
    """A plain multi-line box whose paste and drop a :class:`TextLimit` can count."""

    text_limit: TextLimit | None = None

    def insertFromMimeData(self, source: QMimeData) -> None:
        note_paste(self, source.text() if source.hasText() else "")
        try:
            super().insertFromMimeData(source)
        finally:
            note_paste(self, "")


def limit_text_edit(
    edit: QPlainTextEdit | QTextEdit,
    field: str,
    label: str,
    notify: Notify | None = None,
    length: Callable[[], int] | None = None,
) -> TextLimit:
    """Give the multi-line ``edit`` the limit of the package field ``field`` (see :class:`TextLimit`)."""
    return TextLimit(edit, limits.limit_for(field), label, notify, length)
