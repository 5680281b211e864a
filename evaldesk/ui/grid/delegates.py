"""The cell delegate: editors parse with core.money and refuse bad text at the cell.

A refused entry keeps its editor open (tinted) with the Chinese message beside it and in the status
bar; nothing is stored. Enter commits and moves down, Tab moves right (handled by ``GridView``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from evaldesk.core.errors import InputError
from evaldesk.ui.grid.value_editor import ValueEditor
from evaldesk.ui.models.grid_model import KIND_ROLE, MISMATCH_FG, MISMATCH_ROLE, REFUSED_BG
from evaldesk.ui.text_limit import limit_line_edit, set_line_text

Hint = QAbstractItemDelegate.EndEditHint
AnyIndex = QModelIndex | QPersistentModelIndex
# The keys that commit an editor and where the view goes next.
EDIT_KEYS = {
    Qt.Key.Key_Return: Hint.SubmitModelCache,
    Qt.Key.Key_Enter: Hint.SubmitModelCache,
    Qt.Key.Key_Tab: Hint.EditNextItem,
    Qt.Key.Key_Backtab: Hint.EditPreviousItem,
}


def field_of(index: AnyIndex) -> str:
    """The package field a cell stores (its edit path's last name, as ``core.limits`` knows it)."""
    model = index.model()
    cell = getattr(model, "cell", None)
    path = cell(index).path if cell is not None else None
    return str(path[-1]) if path else ""


def notice_of(index: AnyIndex) -> Callable[[str], None] | None:
    """The status-bar message of the session the cell's model shows."""
    session = getattr(index.model(), "session", None)
    return session.notice.emit if session is not None else None


class CellEditor(QLineEdit):
    """The in-cell editor; remembers which cell it edits so a refusal can name it."""

    def __init__(self, parent: QWidget, index: AnyIndex) -> None:
        super().__init__(parent)
        self.index = QPersistentModelIndex(index)
        self.setFrame(False)

    def mark_refused(self, refused: bool) -> None:
        pal = self.palette()
        if refused:
            pal.setColor(QPalette.ColorRole.Base, REFUSED_BG)
        else:
            pal = QPalette()
        self.setPalette(pal)


class CellDelegate(QStyledItemDelegate):
    """Amounts, percentages, counts and names in the form grids."""

    refused = Signal(QPersistentModelIndex, str)  # the cell and the Chinese message

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = CellEditor(parent, index)
        label = getattr(index.model(), "label_of", lambda _i: "单元格")(index)
        limit_line_edit(editor, field_of(index), label, notice_of(index))
        if index.data(KIND_ROLE) != "text":
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.textEdited.connect(lambda _t: editor.mark_refused(False))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        set_line_text(editor, index.data(Qt.ItemDataRole.EditRole) or "")

    def _parse(self, model: QAbstractItemModel, index: AnyIndex, text: str) -> tuple[bool, Any]:
        try:
            return True, model.parse(index, text)  # type: ignore[attr-defined]
        except InputError as e:
            self.refused.emit(QPersistentModelIndex(index), str(e))
            return False, None

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        ok, value = self._parse(model, index, editor.text())
        if ok:
            model.setData(index, value, Qt.ItemDataRole.EditRole)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(obj, CellEditor) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            if key in EDIT_KEYS:
                index = obj.index
                ok, _ = self._parse(index.model(), index, obj.text())
                return self._submit(obj, ok, EDIT_KEYS[key])
        return super().eventFilter(obj, event)

    def _submit(self, editor: CellEditor | ValueEditor, ok: bool, hint: Hint) -> bool:
        """Commit and close ``editor`` after a committing key; a refused entry stays open instead."""
        if not ok:
            editor.mark_refused(True)
            return True  # keep the editor open with the text, so the clerk can correct it
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, hint)
        return True

    # -- painting ----------------------------------------------------------------------------------
    def _pad(self, option: QStyleOptionViewItem) -> int:
        # A third of a character, so text never touches the grid lines or the red outline.
        return max(2, option.fontMetrics.horizontalAdvance("中") // 3)

    def _draw_cell(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> tuple[QStyleOptionViewItem, str]:
        """Background, selection and focus across the whole cell; returns the style option and the
        text, which the caller draws inset."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        return opt, text

    def _text_color(self, opt: QStyleOptionViewItem, index: AnyIndex) -> QColor:
        """The model's foreground colour, except on a selected cell, which keeps the highlight's."""
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        return fg.color() if fg is not None and not selected else opt.palette.color(role)

    def _draw_mismatch(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        """The red outline of an entered value that disagrees with the computation (ux.md provenance)."""
        if index.data(MISMATCH_ROLE):
            painter.save()
            pen = QPen(MISMATCH_FG)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt, text = self._draw_cell(painter, option, index)
        if text:
            pad = self._pad(opt)
            rect = option.rect.adjusted(pad, 0, -pad, 0)
            painter.save()
            painter.setFont(opt.font)
            painter.setPen(self._text_color(opt, index))
            elided = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, int(opt.displayAlignment), elided)
            painter.restore()
        self._draw_mismatch(painter, option, index)
