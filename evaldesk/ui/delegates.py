"""The cell delegate: editors parse with core.money and refuse bad text at the cell.

A refused entry keeps its editor open (tinted) with the Chinese message beside it and in the status
bar; nothing is stored. Enter commits and moves down, Tab moves right (handled by ``GridView``).
"""

from __future__ import annotations

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
from evaldesk.ui.models.grid_model import KIND_ROLE, MISMATCH_FG, MISMATCH_ROLE

REFUSED_BG = QColor("#ffebee")

Hint = QAbstractItemDelegate.EndEditHint
AnyIndex = QModelIndex | QPersistentModelIndex


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

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:  # noqa: N802
        editor = CellEditor(parent, index)
        if index.data(KIND_ROLE) != "text":
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.textEdited.connect(lambda _t: editor.mark_refused(False))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def _parse(self, model: QAbstractItemModel, index: AnyIndex, text: str) -> tuple[bool, Any]:
        try:
            return True, model.parse(index, text)  # type: ignore[attr-defined]
        except InputError as e:
            self.refused.emit(QPersistentModelIndex(index), str(e))
            return False, None

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        ok, value = self._parse(model, index, editor.text())
        if ok:
            model.setData(index, value, Qt.ItemDataRole.EditRole)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(obj, CellEditor) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            hints = {
                Qt.Key.Key_Return: Hint.SubmitModelCache,
                Qt.Key.Key_Enter: Hint.SubmitModelCache,
                Qt.Key.Key_Tab: Hint.EditNextItem,
                Qt.Key.Key_Backtab: Hint.EditPreviousItem,
            }
            if key in hints:
                index = obj.index
                ok, _ = self._parse(index.model(), index, obj.text())  # type: ignore[arg-type]
                if not ok:
                    obj.mark_refused(True)
                    return True  # keep the editor open with the text, so the clerk can correct it
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, hints[key])
                return True
        return super().eventFilter(obj, event)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # Background, selection and focus across the whole cell; the text inset by a third of a
        # character so it never touches the grid lines or the red outline.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if text:
            pad = max(2, opt.fontMetrics.horizontalAdvance("中") // 3)
            rect = option.rect.adjusted(pad, 0, -pad, 0)
            painter.save()
            painter.setFont(opt.font)
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            fg = index.data(Qt.ItemDataRole.ForegroundRole)
            painter.setPen(fg.color() if fg is not None and not selected else opt.palette.color(role))
            elided = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, int(opt.displayAlignment), elided)
            painter.restore()
        if index.data(MISMATCH_ROLE):
            # The red outline of an entered value that disagrees with the computation (ux.md provenance).
            painter.save()
            pen = QPen(MISMATCH_FG)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()
