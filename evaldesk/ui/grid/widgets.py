"""Form fields bound to a path in the package: each commit is one undoable edit through the session.

A field refreshes itself from the package after every edit (undo/redo included) unless the clerk is
typing in it. Long texts commit when the field loses focus and after a pause in typing; consecutive
commits to one field merge into one undo step.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent, QFocusEvent, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QToolTip,
    QWidget,
    QWidgetAction,
)

from evaldesk.core import dates, edits, limits
from evaldesk.core.errors import InputError
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.text_limit import (
    LimitedPlainTextEdit,
    limit_line_edit,
    limit_text_edit,
    set_line_limit,
    set_line_text,
)

# Typing in a long text is stored after this pause (and on leaving the field or closing the window), so a
# text is durable well within a second of the last keystroke, as a grid cell is once entered.
IDLE_COMMIT_MS = 400
CARRIED_TIP = "沿用上年数据，尚未确认：修改即视为确认，或右键选择“确认沿用值”。"


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
        limit_line_edit(self, str(path[-1]), label, session.notice.emit)
        self.refresh()
        self.editingFinished.connect(self.commit)
        session.changed.connect(self.refresh)

    def commit(self) -> None:
        self.session.set_value(self.path, self.text().strip(), f"修改{self.label}")

    def refresh(self, _edit: Any = None) -> None:
        value = self.session.value(self.path) or ""
        if self.text() != value and not (self.hasFocus() and self.isModified()):
            with QSignalBlocker(self):
                set_line_text(self, str(value))
        show_carried(self, is_carried(self.session, self.path))

    def rebind(self, path: edits.Path, label: str) -> None:
        """Show another value (the projects page switches projects)."""
        self.path, self.label = path, label
        self.setAccessibleName(label)
        set_line_limit(self, str(path[-1]))
        self.setModified(False)
        self.refresh()

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        _carried_menu(self, e)


class BoundTextEdit(LimitedPlainTextEdit):
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
        self.text_limit = limit_text_edit(self, str(path[-1]), label, session.notice.emit)
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

    def focusOutEvent(self, e: QFocusEvent) -> None:
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
        if self.text_limit is not None:
            self.text_limit.limit, self.text_limit.label = limits.limit_for(str(path[-1])), label
        self.refresh()

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        _carried_menu(self, e)


class BoundDateEdit(QWidget):
    """A date typed as the clerk writes it (2025年3月20日, 2025-3-20, 2025.3.20, 20250320) or picked
    from a calendar, shown as 2025年3月20日, with a 清除 button (blank = not filled).

    A text that is not a date stays in the field, tinted, with the reason beside the cursor and in
    the status bar; nothing is stored until it is corrected.
    """

    def __init__(self, session: DocumentSession, path: edits.Path, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path, self.label = session, path, label
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(label)
        self.edit.setPlaceholderText(f"未填写（如 {dates.EXAMPLE}）")
        self.setFocusProxy(self.edit)  # a jump from 审核 to this date lands in the text
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("日历")
        self.calendar_button.setToolTip(f"从日历中选择{label}")
        self.clear_button = QPushButton("清除", self)
        self.clear_button.setToolTip(f"清除{label}")
        self.message = ""
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.calendar_button)
        lay.addWidget(self.clear_button)
        self._popup = QMenu(self)
        self.calendar = QCalendarWidget(self._popup)
        self.calendar.setGridVisible(True)
        holder = QWidgetAction(self._popup)
        holder.setDefaultWidget(self.calendar)
        self._popup.addAction(holder)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.calendar_button.clicked.connect(self.show_calendar)
        self.refresh()
        self.edit.editingFinished.connect(self.commit)
        self.edit.textEdited.connect(lambda _t: self._mark(""))
        self.clear_button.clicked.connect(self.clear)
        session.changed.connect(self.refresh)

    def value(self) -> _dt.date | None:
        """The stored date (``None``: not filled)."""
        v = self.session.value(self.path)
        return v if isinstance(v, _dt.date) else None

    def commit(self) -> bool:
        """Store what was typed (blank clears); a text that is no date is refused with the reason."""
        text = self.edit.text().strip()
        if not text:
            return self.set_date(None)
        try:
            d = dates.parse_date(text)
        except InputError as e:
            self._mark(f"{self.label}：{e}")
            return False
        return self.set_date(d)

    def _mark(self, message: str) -> None:
        self.message = message
        pal = QPalette()
        if message:
            pal.setColor(QPalette.ColorRole.Base, QColor("#ffebee"))
            self.session.notice.emit(message)
            QToolTip.showText(self.edit.mapToGlobal(self.edit.rect().bottomLeft()), message, self.edit)
        self.edit.setPalette(pal)
        self.edit.setToolTip(message)

    def set_date(self, value: _dt.date | None) -> bool:
        """Set the date as if the clerk entered it (an undoable edit)."""
        self._mark("")
        stored = value == self.value() or self.session.set_value(self.path, value, f"修改{self.label}")
        self.refresh(force=True)
        return bool(stored)

    def clear(self) -> None:
        self.set_date(None)

    def show_calendar(self) -> None:
        """The calendar at the date, or (blank) at the spring after the fiscal year, when reports are made."""
        d = self.value()
        if d is not None:
            self.calendar.setSelectedDate(QDate(d.year, d.month, d.day))
        else:
            year, month = dates.report_month(self.session.package.fiscal_year)
            self.calendar.setSelectedDate(QDate(year, month, 1))
            self.calendar.setCurrentPage(year, month)
        self._popup.popup(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft()))

    def _picked(self, d: QDate) -> None:
        self._popup.close()
        self.set_date(_dt.date(d.year(), d.month(), d.day()))

    def refresh(self, _edit: Any = None, force: bool = False) -> None:
        if self.message or (self.edit.hasFocus() and self.edit.isModified() and not force):
            return  # what the clerk is typing (or a refused text) stays
        shown = dates.format_date(self.value())
        if self.edit.text() != shown:
            with QSignalBlocker(self.edit):
                self.edit.setText(shown)
        self.edit.setModified(False)


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
