"""The report body editor: plain text in which live fields show as their current value.

A stored body is plain text with ``⟦f:KEY⟧`` tokens (``core.narrative``). In the editor each token is
*one* character, U+FFFC, carrying the key in its format and drawn by :class:`FieldObject` as the value
on a light blue background (light red when the data is gone, light yellow when blank). Being one
character, a field is atomic: the cursor cannot stop inside it and Backspace/Delete remove it whole.

The editor keeps no undo history of its own: Ctrl+Z/Ctrl+Y are handed to the page (``undo_requested``,
``redo_requested``), which commits what is typed and then undoes through the session, so typing and
the other edits share one undo stack. Pasted text is made plain (``plain_from_paste``): a token in the
clipboard never becomes a field; copying puts the values shown, not tokens, on the clipboard.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPointF, QRect, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPyTextObject,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from evaldesk.core import narrative
from evaldesk.ui.text_limit import note_paste

OBJECT_CHAR = "\ufffc"
FIELD_TYPE = int(QTextFormat.ObjectTypes.UserObject) + 1
KEY_PROPERTY = int(QTextFormat.Property.UserProperty) + 1
FIELD_COLORS = {"ok": QColor("#dbeafe"), "blank": QColor("#fff3c4"), "missing": QColor("#fde2e2")}
FIELD_TEXT_COLORS = {"ok": QColor("#0d47a1"), "blank": QColor("#8a6d00"), "missing": QColor("#b71c1c")}

# key → (text shown, status ok/blank/missing)
Lookup = Callable[[str], tuple[str, str]]


def field_format(key: str) -> QTextCharFormat:
    """The character format of a field's object character."""
    fmt = QTextCharFormat()
    fmt.setObjectType(FIELD_TYPE)
    fmt.setProperty(KEY_PROPERTY, key)
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignBaseline)
    return fmt


def raw_to_doc(text: str, raw: int) -> int:
    """The editor position of stored-text offset ``raw`` (a token is one character in the editor)."""
    doc_pos = 0
    for span in narrative.tokenize(text):
        if raw <= span.start:
            break
        if span.kind == "field":
            doc_pos += 1
        else:
            doc_pos += min(raw, span.end) - span.start
    return doc_pos


class FieldObject(QPyTextObject):
    """Draws a field character as its current value."""

    PAD = 2.0

    def __init__(
        self, lookup: Lookup, selected: Callable[[int], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self.selected = selected  # whether the character at a position is inside the selection

    def _font(self, doc: QTextDocument, fmt: QTextFormat) -> QFont:
        return QTextCharFormat(fmt).font().resolve(doc.defaultFont())

    def intrinsicSize(self, doc: QTextDocument, _pos: int, fmt: QTextFormat) -> QSizeF:
        text, _status = self.lookup(str(fmt.property(KEY_PROPERTY) or ""))
        fm = QFontMetricsF(self._font(doc, fmt))
        return QSizeF(fm.horizontalAdvance(text) + 2 * self.PAD, fm.height())

    def drawObject(
        self, painter: QPainter, rect: QRectF | QRect, doc: QTextDocument, pos: int, fmt: QTextFormat
    ) -> None:
        rect = QRectF(rect)
        text, status = self.lookup(str(fmt.property(KEY_PROPERTY) or ""))
        font = self._font(doc, fmt)
        fm = QFontMetricsF(font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        selected = self.selected(pos)
        palette = QGuiApplication.palette()
        if selected:  # drawn as selected text is, so a selection reads as one piece
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(rect)
        else:
            painter.setBrush(FIELD_COLORS.get(status, FIELD_COLORS["ok"]))
            painter.drawRoundedRect(rect, 3, 3)
        painter.setFont(font)
        if selected:
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(FIELD_TEXT_COLORS.get(status, FIELD_TEXT_COLORS["ok"]))
        painter.drawText(QPointF(rect.left() + self.PAD, rect.top() + fm.ascent()), text)
        painter.restore()


class ReportEditor(QTextEdit):
    """A body of the report; ``body()`` is the stored text, ``set_body()`` loads one."""

    undo_requested = Signal()
    redo_requested = Signal()
    focus_lost = Signal()

    def __init__(self, lookup: Lookup, paste_filter: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.lookup = lookup
        self.paste_filter = paste_filter  # clipboard text → plain text (no tokens)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.loading = False  # set while the editor changes its own document (not a clerk's edit)
        self.handler = FieldObject(self._lookup, self._selected, self)
        self.document().documentLayout().registerHandler(FIELD_TYPE, self.handler)
        self.currentCharFormatChanged.connect(self._plain_after_field)
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.15)  # long prose: a little larger than the forms
        self.setFont(font)
        self.document().setDocumentMargin(QFontMetricsF(font).horizontalAdvance("中") * 0.6)

    def _lookup(self, key: str) -> tuple[str, str]:
        return self.lookup(key)

    def _selected(self, pos: int) -> bool:
        cur = self.textCursor()
        return cur.hasSelection() and cur.selectionStart() <= pos < cur.selectionEnd()

    # -- stored text ↔ document ---------------------------------------------------------------------
    def set_body(self, text: str, keep_cursor: bool = True) -> None:
        """Show stored ``text`` (tokens become fields); the cursor stays where it was when it can."""
        pos = self.textCursor().position() if keep_cursor else 0
        self.loading = True
        try:
            self.document().clear()
            cur = QTextCursor(self.document())
            block = QTextBlockFormat()
            block.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            cur.setBlockFormat(block)  # new paragraphs inherit it
            plain = QTextCharFormat()
            for span in narrative.tokenize(text):
                if span.kind == "field":
                    cur.insertText(OBJECT_CHAR, field_format(span.key))
                else:
                    cur.insertText(text[span.start : span.end], plain)
            cur.setPosition(min(pos, self.document().characterCount() - 1))
            self.setTextCursor(cur)
            self.setCurrentCharFormat(plain)
        finally:
            self.loading = False

    def body(self) -> str:
        """The document as stored text: each field character back to its token."""
        return self._stored(0, None)

    def _stored(self, start: int, end: int | None) -> str:
        text = self._with_fields(start, end, lambda key: narrative.insert_field_token(key) if key else "")
        return text.replace("\u2029", "\n").replace("\u2028", "\n")

    def shown_text(self, start: int = 0, end: int | None = None) -> str:
        """The document as the clerk sees it: fields as their values."""
        return self._with_fields(start, end, lambda key: self.lookup(key)[0])

    def _with_fields(self, start: int, end: int | None, field_text: Callable[[str], str]) -> str:
        """The document's text from ``start`` to ``end``, each field character as ``field_text(its key)``."""
        doc = self.document()
        text = doc.toPlainText()
        end = len(text) if end is None else end
        if OBJECT_CHAR not in text[start:end]:
            return text[start:end]
        out = []
        cur = QTextCursor(doc)
        for i in range(start, end):
            ch = text[i]
            if ch == OBJECT_CHAR:
                cur.setPosition(i + 1)
                out.append(field_text(str(cur.charFormat().property(KEY_PROPERTY) or "")))
            else:
                out.append(ch)
        return "".join(out)

    def field_keys(self) -> list[str]:
        """The keys of the fields in the document, in order."""
        return narrative.fields_in(self.body())

    def relayout(self) -> None:
        """Re-measure the fields after their values changed."""
        self.loading = True
        try:
            self.document().markContentsDirty(0, self.document().characterCount())
            self.viewport().update()
        finally:
            self.loading = False

    # -- inserting ----------------------------------------------------------------------------------
    def insert_field(self, key: str, unit: str = "") -> None:
        """Insert a live field at the cursor, followed by its unit unless the text already has it."""
        cur = self.textCursor()
        cur.beginEditBlock()
        cur.insertText(OBJECT_CHAR, field_format(key))
        if unit:
            after = self.document().toPlainText()[cur.position() : cur.position() + len(unit)]
            if after != unit:
                cur.insertText(unit, QTextCharFormat())
        cur.endEditBlock()
        self.setTextCursor(cur)
        self.setCurrentCharFormat(QTextCharFormat())

    def _plain_after_field(self, fmt: QTextCharFormat) -> None:
        # Text typed right after a field would inherit the field's format; it must stay plain.
        # With a selection, setCurrentCharFormat would reformat the selected text itself (turning a
        # selected field into an empty character), so typing over a selection is handled in
        # _replace_selection instead.
        if fmt.objectType() == FIELD_TYPE and not self.textCursor().hasSelection():
            self.setCurrentCharFormat(QTextCharFormat())

    def _replace_selection(self, text: str) -> bool:
        """Type ``text`` over the selection as plain text; ``False`` when there is no selection."""
        cur = self.textCursor()
        if not cur.hasSelection() or not text:
            return False
        cur.beginEditBlock()
        cur.removeSelectedText()
        cur.insertText(text, QTextCharFormat())
        cur.endEditBlock()
        self.setTextCursor(cur)
        self.ensureCursorVisible()
        return True

    # -- clipboard ----------------------------------------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:
        cur = self.textCursor()
        data = QMimeData()
        data.setText(self.shown_text(cur.selectionStart(), cur.selectionEnd()).replace("\u2029", "\n"))
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if not source.hasText():
            return
        text = self.paste_filter(source.text())
        note_paste(self, text)  # a paste cut at the length limit says how much of it was kept
        try:
            self.textCursor().insertText(text, QTextCharFormat())
        finally:
            note_paste(self, "")
        self.ensureCursorVisible()

    # -- keys ---------------------------------------------------------------------------------------
    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        if e.matches(QKeySequence.StandardKey.Redo) or (
            e.key() == Qt.Key.Key_Y and e.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            self.redo_requested.emit()
            return
        text = e.text()
        if (
            text
            and text.isprintable()
            and not e.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
            and self._replace_selection(text)
        ):
            return
        super().keyPressEvent(e)

    def inputMethodEvent(self, e: QInputMethodEvent) -> None:
        if not e.preeditString() and self._replace_selection(e.commitString()):
            e.accept()
            return
        super().inputMethodEvent(e)

    def focusOutEvent(self, e) -> None:
        super().focusOutEvent(e)
        self.focus_lost.emit()

    def select_range(self, start: int, end: int) -> None:
        """Select editor positions [start, end) and scroll to them."""
        n = self.document().characterCount() - 1
        cur = self.textCursor()
        cur.setPosition(max(0, min(start, n)))
        cur.setPosition(max(0, min(end, n)), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.ensureCursorVisible()
