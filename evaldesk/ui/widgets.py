"""Form fields bound to a path in the package: each commit is one undoable edit through the session.

A field refreshes itself from the package after every edit (undo/redo included) unless the clerk is
typing in it. Long texts commit when the field loses focus and after a pause in typing; consecutive
commits to one field merge into one undo step.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSignalBlocker, QTimer
from PySide6.QtGui import QContextMenuEvent, QFocusEvent, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from evaldesk.core import edits
from evaldesk.ui.session import DocumentSession

# Typing in a long text is stored after this pause (and on leaving the field or closing the window), so a
# text is durable well within a second of the last keystroke, as a grid cell is once entered.
IDLE_COMMIT_MS = 400
CARRIED_TIP = "沿用上年数据，尚未确认：修改即视为确认，或右键选择“确认沿用值”。"
BLANK_DATE = QDate(1900, 1, 1)  # QDateEdit cannot be empty: its minimum date stands for "not filled"
DATE_FORMAT = "yyyy年M月d日"  # 2024年5月6日: no zero padding, as the form prints it


def is_carried(session: DocumentSession, path: edits.Path) -> bool:
    """Whether the value at ``path`` was carried from last year and not confirmed yet."""
    if not session.package.carried:
        return False
    from evaldesk.core.carryover import is_carried as carried

    return carried(session.package, path)


def show_carried(widget: QWidget, carried: bool) -> None:
    """Blue-grey text (as in the grids) while a carried value is not confirmed."""
    from evaldesk.ui.models.grid_model import CARRIED_FG

    pal = widget.palette()
    want = CARRIED_FG if carried else QPalette().color(QPalette.ColorRole.Text)
    if pal.color(QPalette.ColorRole.Text) != want:
        pal.setColor(QPalette.ColorRole.Text, want)
        widget.setPalette(pal)
    if carried:
        widget.setToolTip(CARRIED_TIP)
    elif widget.toolTip() == CARRIED_TIP:
        widget.setToolTip("")


def confirm_carried(session: DocumentSession, path: edits.Path, label: str) -> bool:
    """Confirm a carried value without changing it (one undo step)."""
    from evaldesk.core.carryover import uncarry_edit

    edit = uncarry_edit(session.package, path)
    return edit is not None and session.push(edit, f"确认沿用值：{label}")


def _carried_menu(widget: Any, e: QContextMenuEvent) -> None:
    menu = widget.createStandardContextMenu()
    if is_carried(widget.session, widget.path):
        first = menu.actions()[0] if menu.actions() else None
        action = menu.addAction("确认沿用值")
        action.triggered.connect(lambda: confirm_carried(widget.session, widget.path, widget.label))
        if first is not None:
            menu.insertAction(first, action)
            menu.insertSeparator(first)
    menu.exec(e.globalPos())
    menu.deleteLater()


class BoundLineEdit(QLineEdit):
    """A one-line text field for ``path``; commits when editing finishes (Enter or leaving the field)."""

    def __init__(self, session: DocumentSession, path: edits.Path, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path, self.label = session, path, label
        self.setAccessibleName(label)
        self.refresh()
        self.editingFinished.connect(self.commit)
        session.changed.connect(self.refresh)

    def commit(self) -> None:
        self.session.set_value(self.path, self.text().strip(), f"修改{self.label}")

    def refresh(self, _edit: Any = None) -> None:
        value = self.session.value(self.path) or ""
        if self.text() != value and not (self.hasFocus() and self.isModified()):
            with QSignalBlocker(self):
                self.setText(str(value))
        show_carried(self, is_carried(self.session, self.path))

    def rebind(self, path: edits.Path, label: str) -> None:
        """Show another value (the projects page switches projects)."""
        self.path, self.label = path, label
        self.setAccessibleName(label)
        self.setModified(False)
        self.refresh()

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:  # noqa: N802
        _carried_menu(self, e)


class BoundTextEdit(QPlainTextEdit):
    """A multi-line text (职能职责, 厉行节约 …); ``lines`` sets the visible height in text lines."""

    def __init__(
        self,
        session: DocumentSession,
        path: edits.Path,
        label: str,
        lines: int = 4,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.session, self.path, self.label = session, path, label
        self.setAccessibleName(label)
        self.setTabChangesFocus(True)
        fm = QFontMetrics(self.font())
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        self.setMinimumHeight(
            int(fm.lineSpacing() * lines + 2 * self.document().documentMargin() + margins + 2)
        )
        self._timer = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self._timer.timeout.connect(self.commit)
        self._dirty = False
        self.refresh()
        self.textChanged.connect(self._on_typed)
        session.changed.connect(self.refresh)

    def _on_typed(self) -> None:
        self._dirty = True
        self._timer.start()

    def commit(self) -> None:
        """Store the text (one undo step with the commits before it in this field)."""
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        self.session.set_value(self.path, self.toPlainText(), f"修改{self.label}", mergeable=True)

    def focusOutEvent(self, e: QFocusEvent) -> None:  # noqa: N802
        self.commit()
        super().focusOutEvent(e)

    def refresh(self, _edit: Any = None) -> None:
        value = self.session.value(self.path) or ""
        show_carried(self, is_carried(self.session, self.path))
        if self._dirty or self.toPlainText() == value:
            return
        with QSignalBlocker(self):
            self.setPlainText(str(value))

    def rebind(self, path: edits.Path, label: str) -> None:
        """Show another value (the projects page switches projects); what was typed is stored first."""
        self.commit()
        self.path, self.label = path, label
        self.setAccessibleName(label)
        self.refresh()

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:  # noqa: N802
        _carried_menu(self, e)


class BoundDateEdit(QWidget):
    """A date with a calendar picker, shown as 2024年5月6日, and a 清除 button (blank = not filled)."""

    def __init__(self, session: DocumentSession, path: edits.Path, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path, self.label = session, path, label
        self.edit = QDateEdit(self)
        self.edit.setAccessibleName(label)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setMinimumDate(BLANK_DATE)
        self.edit.setSpecialValueText("未填写")
        self.clear_button = QPushButton("清除", self)
        self.clear_button.setToolTip(f"清除{label}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.clear_button)
        self.edit.calendarWidget().installEventFilter(self)
        self.refresh()
        self.edit.dateChanged.connect(self._on_date)
        self.clear_button.clicked.connect(self.clear)
        session.changed.connect(self.refresh)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # A blank date opens the calendar at this month rather than at 1900 (the "blank" sentinel).
        if event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self.edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return False

    def value(self) -> _dt.date | None:
        d = self.edit.date()
        return None if d == BLANK_DATE else _dt.date(d.year(), d.month(), d.day())

    def _on_date(self, _d: QDate) -> None:
        self.session.set_value(self.path, self.value(), f"修改{self.label}")

    def set_date(self, value: _dt.date | None) -> None:
        """Set the date as if the clerk picked it (an undoable edit)."""
        self.edit.setDate(BLANK_DATE if value is None else QDate(value.year, value.month, value.day))

    def clear(self) -> None:
        self.set_date(None)

    def refresh(self, _edit: Any = None) -> None:
        value = self.session.value(self.path)
        if value == self.value():
            return
        with QSignalBlocker(self.edit):
            self.edit.setDate(BLANK_DATE if value is None else QDate(value.year, value.month, value.day))


class BoundYearEdit(QSpinBox):
    """The fiscal year (评价年度) as a number field; commits when editing finishes."""

    def __init__(self, session: DocumentSession, path: edits.Path, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path, self.label = session, path, label
        self.setAccessibleName(label)
        self.setRange(2000, 2100)
        self.setSuffix(" 年度")
        self.setGroupSeparatorShown(False)
        self.refresh()
        self.editingFinished.connect(self.commit)
        session.changed.connect(self.refresh)

    def commit(self) -> None:
        self.session.set_value(self.path, int(self.value()), f"修改{self.label}")

    def refresh(self, _edit: Any = None) -> None:
        value = self.session.value(self.path)
        if isinstance(value, int) and value != self.value() and not self.hasFocus():
            with QSignalBlocker(self):
                self.setValue(value)
