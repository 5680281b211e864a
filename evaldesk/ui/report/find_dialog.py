"""查找 (Ctrl+F): a non-modal dialog that finds text across the package (``core.search``) and shows it.

Typing searches after a short pause; Enter (in the field) goes to the next place found, Enter or a
double-click on a result goes to that one, F3 / Shift+F3 step forwards and backwards (also from the main
window's 编辑 menu). Going to a place shows its step and selects the cell through
``Workspace.focus_path``; inside a text the match itself is selected, and in a report body it is mapped
from the stored text to the editor (a live field is one character there) as the 审核 page's jumps do.
The dialog stays in front, so the clerk can keep pressing F3.
"""

from __future__ import annotations

import contextlib
from html import escape
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core.search import MAX_HITS, Hit, find_text
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import short_name
from evaldesk.ui.report.report_editor import ReportEditor, raw_to_doc

HIT_ROLE = Qt.ItemDataRole.UserRole
MATCH_BG = "#ffe082"
SEARCH_DELAY_MS = 250
AnyIndex = QModelIndex | QPersistentModelIndex


def hit_html(hit: Hit, label_color: str) -> str:
    """A result as two lines: where (grey) and the text around the match, the match highlighted."""
    a, b = hit.mark
    s = hit.snippet
    body = f'{escape(s[:a])}<span style="background:{MATCH_BG}; color:#000000;">{escape(s[a:b])}</span>{escape(s[b:])}'
    return f'<div style="color:{label_color};">{escape(hit.label)}</div><div>{body}</div>'


class HitDelegate(QStyledItemDelegate):
    """Paints a result as rich text wrapped to the list's width (a long label or snippet never clips)."""

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex, width: float) -> QTextDocument:
        hit = index.data(HIT_ROLE)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setTextWidth(max(width, 50.0))
        grey = "#d0d0d0" if option.state & QStyle.StateFlag.State_Selected else "#666666"
        doc.setHtml(hit_html(hit, grey) if isinstance(hit, Hit) else escape(str(index.data() or "")))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_color = opt.palette.color(QPalette.ColorRole.Text)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            text_color = opt.palette.color(QPalette.ColorRole.HighlightedText)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect
        doc = self._document(opt, index, rect.width())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, text_color)
        painter.save()
        painter.translate(QPointF(rect.topLeft()))
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        doc = self._document(option, index, width)
        return QSize(int(width), int(doc.size().height()) + 2)


def selected_words(widget: QWidget | None) -> str:
    """The text selected in a field (one line, not too long): what Ctrl+F starts with."""
    text = ""
    if isinstance(widget, QLineEdit):
        text = widget.selectedText()
    elif isinstance(widget, ReportEditor):
        cur = widget.textCursor()
        text = widget.shown_text(cur.selectionStart(), cur.selectionEnd()) if cur.hasSelection() else ""
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        text = widget.textCursor().selectedText()
    text = text.strip()
    return "" if "\u2029" in text or "\n" in text or len(text) > 50 else text


def select_in_field(widget: QWidget | None, hit: Hit) -> bool:
    """Select the match inside the text field the jump gave the focus to (``False``: not a text field)."""
    if isinstance(widget, ReportEditor):
        stored = widget.body()
        start, end = raw_to_doc(stored, hit.offset), raw_to_doc(stored, hit.offset + hit.length)
        # Selected backwards and without signals: the editor resets the typing format when the cursor
        # stands after a live field, and with a selection that reset would restyle (destroy) the field.
        cur = widget.textCursor()
        cur.setPosition(end)
        cur.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        with QSignalBlocker(widget):
            widget.setTextCursor(cur)
        widget.ensureCursorVisible()
        widget.viewport().update()
        return True
    a, b = hit.mark
    shown = hit.snippet[a:b]
    end = hit.offset + hit.length
    # Only where the field shows the text the hit was found in (a number or date field shows it
    # otherwise, and the cell or field is selected already).
    if isinstance(widget, QLineEdit) and widget.text()[hit.offset : end] == shown:
        widget.setSelection(hit.offset, hit.length)
        return True
    if isinstance(widget, QPlainTextEdit | QTextEdit) and widget.toPlainText()[hit.offset : end] == shown:
        cur = widget.textCursor()
        cur.setPosition(hit.offset)
        cur.setPosition(end, cur.MoveMode.KeepAnchor)
        widget.setTextCursor(cur)
        widget.ensureCursorVisible()
        return True
    return False


class FindDialog(QDialog):
    """查找 across the open package. ``attach`` gives it the session and workspace (``None``: closed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("查找")
        self.setModal(False)
        self.session: DocumentSession | None = None
        self.workspace: Any = None
        self.hits: list[Hit] = []
        self.searched = ""  # the query the list shows
        self._stale = True

        self.field = QLineEdit()
        self.field.setPlaceholderText("要查找的文字或数字，如：仓田、1818.34")
        self.field.setClearButtonEnabled(True)
        self.prev_button = QPushButton("上一处")
        self.next_button = QPushButton("下一处")
        self.prev_button.setToolTip("Shift+F3")
        self.next_button.setToolTip("F3 或 Enter")
        for b in (self.prev_button, self.next_button):
            b.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(QLabel("查找："))
        top.addWidget(self.field, 1)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)

        self.results = QListWidget()
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel("在单位信息、各张表和自评报告中查找。不区分全角半角和大小写。")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #666;")

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.results, 1)
        lay.addWidget(self.status)
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 28)
        self.resize(em * 40, em * 34)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.field.textChanged.connect(self._on_typed)
        self.field.returnPressed.connect(self.find_next)
        self.results.itemActivated.connect(self._on_activated)
        self.prev_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        for key, slot in (("F3", self.find_next), ("Shift+F3", self.find_previous)):
            QShortcut(QKeySequence(key), self, slot)
        self._update_buttons()

    # -- document --------------------------------------------------------------------------------
    def attach(self, session: DocumentSession | None, workspace: Any) -> None:
        """Search this document from now on (``None``, ``None`` when no document is open)."""
        if self.session is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.session.recomputed.disconnect(self._on_recomputed)
        self.session, self.workspace = session, workspace
        if session is not None:
            session.recomputed.connect(self._on_recomputed)
        self._stale = True
        if self.isVisible() and self.field.text().strip():
            self.search()
        else:
            self._show([], "")

    def start(self, initial: str = "") -> None:
        """Show the dialog (Ctrl+F) with the field ready for typing; ``initial`` replaces its text."""
        if initial:
            self.field.setText(initial)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()
        if self._stale and self.field.text().strip():
            self.search()

    # -- searching ---------------------------------------------------------------------------------
    def _on_typed(self) -> None:
        self._stale = True
        self._timer.start()

    def _on_recomputed(self) -> None:
        self._stale = True
        if self.isVisible() and self.searched:
            self._timer.start()  # the package changed: the places and offsets may have moved

    def search(self) -> list[Hit]:
        """Search now for the field's text; keeps the current place when it is still found."""
        self._timer.stop()
        query = self.field.text()
        if self.session is None:
            self._show([], query)
            self.status.setText("请先打开一个自评包。")
            return []
        sheet = getattr(self.session.analysis, "scores", None)
        hits = find_text(self.session.package, query, sheet) if query.strip() else []
        self._show(hits, query)
        return hits

    def _show(self, hits: list[Hit], query: str) -> None:
        current = self.current_hit() if query == self.searched else None  # a re-search keeps the place
        self._stale = False
        self.hits, self.searched = hits, query
        self.results.clear()
        for h in hits:
            item = QListWidgetItem(f"{h.label}\n{h.snippet}")
            item.setData(HIT_ROLE, h)
            item.setToolTip(h.label)
            self.results.addItem(item)
        if current is not None:
            keep = [i for i, h in enumerate(hits) if (h.path, h.offset) == (current.path, current.offset)]
            if keep:
                self.results.setCurrentRow(keep[0])
        if not query.strip():
            self.status.setText("在单位信息、各张表和自评报告中查找。不区分全角半角和大小写。")
        elif not hits:
            self.status.setText(f"没有找到“{short_name(query)}”。")
        elif len(hits) >= MAX_HITS:
            self.status.setText(f"找到很多处，只列出前 {MAX_HITS} 处。请输入更具体的文字。")
        else:
            self.status.setText(f"找到 {len(hits)} 处。按 Enter 或 F3 转到下一处，Shift+F3 转到上一处。")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self.hits) or bool(self.field.text().strip())
        self.prev_button.setEnabled(has)
        self.next_button.setEnabled(has)

    def current_hit(self) -> Hit | None:
        item = self.results.currentItem()
        hit = item.data(HIT_ROLE) if item is not None else None
        return hit if isinstance(hit, Hit) else None

    # -- going to a place --------------------------------------------------------------------------
    def find_next(self) -> bool:
        return self._step(1)

    def find_previous(self) -> bool:
        return self._step(-1)

    def _step(self, step: int) -> bool:
        if self._stale or self.field.text() != self.searched:
            self.search()
        n = len(self.hits)
        if n == 0:
            return False
        row = self.results.currentRow()
        if row < 0:
            row = 0 if step > 0 else n - 1
        else:
            row = (row + step) % n
            if (step > 0 and row == 0) or (step < 0 and row == n - 1):
                self.status.setText("已查找到末尾，从头继续。" if step > 0 else "已查找到开头，从末尾继续。")
        self.results.setCurrentRow(row)
        return self.go_to(self.hits[row])

    def _on_activated(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if isinstance(hit, Hit):
            self.go_to(hit)

    def go_to(self, hit: Hit) -> bool:
        """Show the step holding ``hit``, select its cell or field, and inside a text the match."""
        ws = self.workspace
        if ws is None:
            return False
        if not ws.focus_path(hit.part, hit.path):
            self.status.setText(f"无法转到“{short_name(hit.label)}”。")
            return False
        select_in_field(ws.window().focusWidget(), hit)
        return True
