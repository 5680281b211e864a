"""The delegate of the 绩效指标 table: wrapped text, the value editor, and the cell markers.

Long indicator names and reasons wrap (rows grow to fit, ``sizeHint``); numbers stay on one line.
Markers: red outline (entered 得分 disagrees with the computation), a red corner (a malformed target or
actual, message on hover), an orange corner and bar (the clerk's override, reason on hover), and a grey
prompt in an empty 偏差原因 cell that must be filled.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QPainter, QPolygon
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QLineEdit,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from evaldesk.core.errors import InputError
from evaldesk.ui.grid.delegates import EDIT_KEYS, CellDelegate
from evaldesk.ui.grid.value_editor import ValueEditor
from evaldesk.ui.models.grid_model import MISMATCH_FG
from evaldesk.ui.models.indicator_model import (
    C_ACTUAL,
    C_DEV,
    C_L1,
    C_L2,
    C_TARGET,
    NEEDED_ROLE,
    OVERRIDE_ROLE,
    PROBLEM_ROLE,
    SPAN_ROLE,
    WRAP_COLUMNS,
)

OVERRIDE_FG = QColor("#ef6c00")
PLACEHOLDER_FG = QColor("#9e9e9e")
Hint = QAbstractItemDelegate.EndEditHint
AnyIndex = QModelIndex | QPersistentModelIndex


def _corner(painter: QPainter, rect: QRect, color: QColor, left: bool) -> None:
    size = max(5, rect.height() // 4)
    x = rect.left() + 1 if left else rect.right() - 1
    dx = size if left else -size
    tri = QPolygon(
        [QPoint(x, rect.top() + 1), QPoint(x + dx, rect.top() + 1), QPoint(x, rect.top() + 1 + size)]
    )
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon(tri)
    painter.restore()


class IndicatorDelegate(CellDelegate):
    """Cells of :class:`~evaldesk.ui.models.indicator_model.IndicatorModel`."""

    # -- editors ---------------------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        col = index.column()
        if col in (C_TARGET, C_ACTUAL):
            value_editor = ValueEditor(parent, index, actual=col == C_ACTUAL)
            for w in value_editor.inner_widgets():
                w.installEventFilter(self)
            return value_editor
        editor = super().createEditor(parent, option, index)
        if col == C_DEV and isinstance(editor, QLineEdit):
            needed = index.data(NEEDED_ROLE)
            editor.setPlaceholderText(f"须填写：{needed}" if needed else "")
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, ValueEditor):
            m = index.model()
            item = m.item_of(index.row())  # type: ignore[attr-defined]
            ind = m.indicators()[item]  # type: ignore[attr-defined]
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            editor.set_values(text, ind.band, ind.band_score)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if not isinstance(editor, ValueEditor):
            super().setModelData(editor, model, index)
            return
        values = self._values(editor, model, index)
        if values is not None:
            model.set_fields(index, values)  # type: ignore[attr-defined]

    def _values(self, editor: ValueEditor, model: QAbstractItemModel, index: AnyIndex) -> dict | None:
        """The fields to store from ``editor``; ``None`` (and a message) when something is refused."""
        ok, text = self._parse(model, index, editor.text())
        if not ok:
            return None
        key = "target" if index.column() == C_TARGET else "actual"
        values: dict[str, object] = {key: text}
        if editor.actual:
            try:
                score = editor.band_score_value()
            except InputError as e:
                self.refused.emit(QPersistentModelIndex(index), f"档内得分：{e}")
                return None
            values["band"] = editor.band_value()
            values["band_score"] = score
        return values

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if not isinstance(editor, ValueEditor):
            super().updateEditorGeometry(editor, option, index)
            return
        # Wider and taller than the cell, over the cells beside and below (like a drop-down);
        # kept inside the viewport so nothing is cut off.
        rect = QRect(option.rect)
        hint = editor.sizeHint()
        em = option.fontMetrics.horizontalAdvance("中")
        rect.setWidth(max(rect.width(), hint.width(), em * 22))
        rect.setHeight(max(rect.height(), hint.height()))
        host = editor.parentWidget()
        area = host.rect() if host is not None else rect
        if rect.right() > area.right():
            rect.moveRight(area.right())
        if rect.bottom() > area.bottom():
            rect.moveBottom(max(option.rect.bottom(), area.bottom()))
        rect.moveLeft(max(rect.left(), 0))
        rect.moveTop(max(rect.top(), 0))
        editor.setGeometry(rect)

    def _editor_of(self, obj: QObject) -> ValueEditor | None:
        if isinstance(obj, ValueEditor):
            return obj
        parent = obj.parent() if isinstance(obj, QWidget) else None
        while parent is not None:
            if isinstance(parent, ValueEditor):
                return parent
            parent = parent.parent()
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        editor = self._editor_of(obj)
        if editor is None:
            return super().eventFilter(obj, event)
        t = event.type()
        if t == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            if key == Qt.Key.Key_Escape:
                self.closeEditor.emit(editor, Hint.RevertModelCache)
                return True
            tab_inside = key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and obj not in (editor, editor.raw)
            if key in EDIT_KEYS and not tab_inside:
                model = editor.index.model()
                ok = self._values(editor, model, editor.index) is not None
                return self._submit(editor, ok, EDIT_KEYS[key])
            return False
        if t == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            if event.reason() != Qt.FocusReason.PopupFocusReason:
                # At once, not later: the focus also leaves when the step changes (PageDown) or the
                # window closes, and by then a deferred commit would find the page hidden or the
                # file closed, and what was typed would be lost. Qt has already moved the focus,
                # so _maybe_close can tell a move inside the editor from leaving it.
                self._maybe_close(editor)
            return False
        return False

    def _maybe_close(self, editor: ValueEditor) -> None:
        """Commit and close when the focus has left the editor (not to one of its drop-downs)."""
        if not shiboken6.isValid(editor) or QApplication.activePopupWidget() is not None:
            return
        w = QApplication.focusWidget()
        while w is not None:
            if w is editor:
                return
            w = w.parentWidget()
        if editor.isHidden():
            return  # the view has closed it already (the focus left because it was hidden)
        view = self.parent()
        if isinstance(view, QTableView) and view.indexWidget(editor.index) is not editor:
            # The view is closing this editor itself (Enter, Tab, Esc): it lets go of the editor and
            # then takes the focus back, which is the focus-out seen here. Committing or closing it
            # again would reach a view that no longer owns it (Qt's "does not belong to this view"),
            # and after Esc it would store what the clerk meant to throw away.
            return
        model = editor.index.model()
        if self._values(editor, model, editor.index) is not None:
            self.commitData.emit(editor)
        self.closeEditor.emit(editor, Hint.NoHint)

    # -- painting ----------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt, text = self._draw_cell(painter, option, index)
        col = index.column()
        pad = self._pad(opt)
        rect = option.rect.adjusted(pad, 1, -pad, -1)
        painter.save()
        painter.setFont(opt.font)
        if text:
            painter.setPen(self._text_color(opt, index))
            align = int(opt.displayAlignment)
            if col in WRAP_COLUMNS:
                painter.drawText(rect, align | int(Qt.TextFlag.TextWordWrap), text)
            else:
                elided = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
                painter.drawText(rect, align, elided)
        elif col == C_DEV and index.data(NEEDED_ROLE):
            f = QFont(opt.font)
            f.setItalic(True)
            painter.setFont(f)
            painter.setPen(PLACEHOLDER_FG)
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
            painter.drawText(rect, flags, "须填写偏差原因")
        painter.restore()
        self._draw_mismatch(painter, option, index)
        if col in (C_TARGET, C_ACTUAL) and index.data(PROBLEM_ROLE):
            _corner(painter, option.rect, MISMATCH_FG, left=False)
        if index.data(OVERRIDE_ROLE):
            _corner(painter, option.rect, OVERRIDE_FG, left=True)
            painter.save()
            painter.fillRect(
                QRect(option.rect.left(), option.rect.top(), 3, option.rect.height()), OVERRIDE_FG
            )
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        view = self.parent()
        col = index.column()
        if not isinstance(view, QTableView):
            return super().sizeHint(option, index)
        base_h = view.verticalHeader().defaultSectionSize()
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        width = view.columnWidth(col)
        if col not in WRAP_COLUMNS or not text:
            return QSize(width, base_h)
        span = index.data(SPAN_ROLE)
        if col in (C_L1, C_L2) and span == 0:
            return QSize(width, 0)  # inside a spanned cell: the first row carries the height
        pad = self._pad(option)
        fm = option.fontMetrics
        box = fm.boundingRect(
            QRect(0, 0, max(1, width - 2 * pad), 100000), int(Qt.TextFlag.TextWordWrap), text
        )
        need = box.height() + 2 + fm.descent()
        if col in (C_L1, C_L2) and isinstance(span, int) and span > 1:
            need -= (span - 1) * base_h  # the rows below share the spanned cell's height
        return QSize(width, max(base_h, need))
