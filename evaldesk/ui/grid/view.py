"""GridView: a table that edits like Excel/WPS.

Typing replaces, F2 edits, Enter commits and moves down, Tab moves right, Delete clears, Ctrl+C copies a
block as TSV, Ctrl+V pastes one (a single undo step; any bad cell refuses the whole paste with a list).
Computed cells are not typable; their context menu offers 采用计算值.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QToolTip,
    QWidget,
)

from evaldesk.core import edits
from evaldesk.core.errors import InputError
from evaldesk.ui.grid.clipboard import parse_tsv, to_tsv
from evaldesk.ui.grid.delegates import CellDelegate
from evaldesk.ui.models.grid_model import GridModel, cell_text

Hint = QAbstractItemDelegate.EndEditHint
MAX_LISTED = 8


class GridView(QTableView):
    """A form grid over a :class:`GridModel`; ``fit`` makes it as tall as its rows (no inner scrolling)."""

    refused = Signal(str)  # a refused entry or paste, with its Chinese message
    # The editors that take an input method's text (IndicatorView adds its value editor).
    text_editors: tuple[type[QWidget], ...] = (QLineEdit,)

    def __init__(self, model: GridModel, parent: QWidget | None = None, fit: bool = True) -> None:
        super().__init__(parent)
        self.grid = model
        self.setModel(model)
        self.delegate = CellDelegate(self)
        self.delegate.refused.connect(self._on_refused)
        self.setItemDelegate(self.delegate)
        T = QAbstractItemView.EditTrigger
        self.setEditTriggers(T.DoubleClicked | T.EditKeyPressed | T.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(False)  # Tab is ours: commit and move right
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        fm = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(int(fm.height() * 1.55))
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.extra_actions: list[QAction] = []
        self.last_message = ""
        self._fit = fit
        if fit:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                sig.connect(self.fit_height)
            self.fit_height()
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    # -- layout ----------------------------------------------------------------------------------
    def char_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("中")

    def set_column_chars(self, widths: list[int | None]) -> None:
        """Column widths in Chinese characters; ``None`` stretches that column.

        A grid with no stretching column is exactly as wide as its columns.
        """
        header = self.horizontalHeader()
        cw = self.char_width()
        for col, n in enumerate(widths):
            if n is None:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(col, int(n * cw))
        total = sum(int((n or 6) * cw) for n in widths) + 2 * self.frameWidth()
        if None in widths:
            self.setMinimumWidth(total)
        else:
            self.setFixedWidth(total)

    def fit_height(self) -> None:
        """Be exactly as tall as header + rows, so the page (not the grid) scrolls."""
        if not self._fit:
            return
        rows = self.model().rowCount()
        h = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(h + 2 * self.frameWidth())

    # -- messages --------------------------------------------------------------------------------
    def _on_refused(self, index: QPersistentModelIndex, message: str) -> None:
        label = self.grid.label_of(index)
        self.show_message(f"{label}：{message}" if label else message, index)

    def show_message(self, message: str, index: QModelIndex | QPersistentModelIndex | None = None) -> None:
        """Show a message at the cell (tooltip) and tell the window (status bar)."""
        self.last_message = message
        self.refused.emit(message)
        self.grid.session.notice.emit(message)
        if index is not None and index.isValid():
            rect = self.visualRect(self.grid.index(index.row(), index.column()))
            QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self)

    # -- keyboard --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            key = event.key()
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(1, 0)
                return
            if key == Qt.Key.Key_Tab:
                self.step(0, 1)
                return
            if key == Qt.Key.Key_Backtab:
                self.step(0, -1)
                return
        super().keyPressEvent(event)

    def event(self, e: QEvent) -> bool:
        # Keep Tab for cell navigation instead of moving focus to the next widget.
        if (
            e.type() == QEvent.Type.KeyPress
            and isinstance(e, QKeyEvent)
            and (
                e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and self.state() != QAbstractItemView.State.EditingState
            )
        ):
            self.keyPressEvent(e)
            return True
        return super().event(e)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # An input method commits text (Chinese, full-width digits) to the view, not to an editor:
        # open the cell's editor with that text, replacing the old value as typing does.
        text = event.commitString()
        if self.state() != QAbstractItemView.State.EditingState and text and not event.preeditString():
            index = self.currentIndex()
            if self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, None):
                editor = self.indexWidget(index)
                if isinstance(editor, self.text_editors):
                    editor.setText(text)  # type: ignore[attr-defined]
                    editor.setFocus()
            event.accept()
            return
        super().inputMethodEvent(event)

    def edit(self, index, trigger=None, event=None):
        if trigger is None:  # edit(index): the public overload
            return super().edit(index)
        cell = self.grid.cell(index)
        wants = QAbstractItemView.EditTrigger
        if cell.is_computed and trigger in (wants.AnyKeyPressed, wants.EditKeyPressed, wants.DoubleClicked):
            self.show_message(
                f"{self.grid.label_of(index)}由程序自动计算，不能直接填写；请修改它的各组成项。"
                "填报值与计算值不一致时，可用右键菜单“采用计算值”。",
                index,
            )
            return False
        return super().edit(index, trigger, event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, Hint.NoHint)
        if hint == Hint.EditNextItem:
            self.step(0, 1)
        elif hint == Hint.EditPreviousItem:
            self.step(0, -1)
        elif hint == Hint.SubmitModelCache:
            self.step(1, 0)

    def step(self, dr: int, dc: int) -> None:
        """Move the current cell down (dr) or across (dc), skipping cells that hold no value."""
        cur = self.currentIndex()
        rows, cols = self.grid.rowCount(), self.grid.columnCount()
        if not cur.isValid() or rows == 0:
            return
        r, c = cur.row(), cur.column()
        for _ in range(rows * cols):
            if dc:
                c += dc
                if c >= cols:
                    r, c = r + 1, 0
                elif c < 0:
                    r, c = r - 1, cols - 1
            else:
                r += dr
            if not (0 <= r < rows):
                return
            if self.grid.cell_at(r, c).is_value:
                self.setCurrentIndex(self.grid.index(r, c))
                return

    # -- block operations ------------------------------------------------------------------------
    def selected_block(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) of the selection, or of the current cell."""
        ranges = self.selectionModel().selection()
        if ranges.isEmpty():
            cur = self.currentIndex()
            if not cur.isValid():
                return None
            return cur.row(), cur.column(), cur.row(), cur.column()
        rg = ranges.first()
        return rg.top(), rg.left(), rg.bottom(), rg.right()

    def copy_selection(self) -> str:
        """Put the selected block on the clipboard as TSV (plain numbers, no thousands separators)."""
        block = self.selected_block()
        if block is None:
            return ""
        top, left, bottom, right = block
        rows = []
        for r in range(top, bottom + 1):
            rows.append(
                [self.grid.index(r, c).data(Qt.ItemDataRole.EditRole) or "" for c in range(left, right + 1)]
            )
        text = to_tsv(rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> bool:
        """Fill the grid from the current cell with a TSV block: one undo step, or nothing at all."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        block = parse_tsv(text)
        start = self.currentIndex()
        if not block or not start.isValid():
            return False
        todo: list[edits.Edit] = []
        errors: list[str] = []
        skipped = 0
        for dr, row in enumerate(block):
            for dc, text_cell in enumerate(row):
                r, c = start.row() + dr, start.column() + dc
                cell = self.grid.cell_at(r, c)
                if r >= self.grid.rowCount() or c >= self.grid.columnCount() or not cell.is_value:
                    skipped += bool(text_cell.strip())
                    continue
                try:
                    value = self.grid.parse(self.grid.index(r, c), text_cell)
                except InputError as e:
                    errors.append(f"{self.grid.label_of(self.grid.index(r, c))}：{e}")
                    continue
                if cell.path is not None and self.grid.session.value(cell.path) != value:
                    todo.append(edits.SetValue(cell.path, value))
        if errors:
            shown = "\n".join(errors[:MAX_LISTED])
            more = f"\n……另有{len(errors) - MAX_LISTED}处" if len(errors) > MAX_LISTED else ""
            message = f"粘贴的内容中有{len(errors)}处无法识别，未粘贴任何内容：\n{shown}{more}"
            self.last_message = message
            self.refused.emit(message)
            QMessageBox.warning(self, "无法粘贴", message)
            return False
        if todo:
            self.grid.session.push(edits.Batch(tuple(todo), "粘贴"), f"粘贴{len(todo)}个单元格")
        note = (
            f"已粘贴{len(todo)}个单元格" + (f"，{skipped}个不可填写的单元格已跳过" if skipped else "") + "。"
        )
        self.grid.session.notice.emit(note)
        return True

    def clear_selection(self) -> bool:
        """Delete: blank every typable cell in the selection (one undo step)."""
        block = self.selected_block()
        if block is None:
            return False
        top, left, bottom, right = block
        todo: list[edits.Edit] = []
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                cell = self.grid.cell_at(r, c)
                if not cell.typable or cell.path is None:
                    continue
                blank = "" if cell.kind == "text" else None
                if self.grid.session.value(cell.path) != blank:
                    todo.append(edits.SetValue(cell.path, blank))
        if not todo:
            return False
        if len(todo) == 1:
            label = self.grid.edit_label("清除", self.currentIndex())
        else:
            label = f"清除{len(todo)}个单元格"
        return self.grid.session.push(edits.Batch(tuple(todo), "清除"), label)

    def adopt_computed(self, index: QModelIndex | None = None) -> bool:
        """采用计算值: set the entered value of the (current) computed cell to the computed one."""
        index = index if index is not None else self.currentIndex()
        edit = self.grid.adopt_edit(index)
        if edit is None:
            return False
        cell = self.grid.cell(index)
        shown = cell_text(cell.kind, edit.value)
        return self.grid.session.push(edit, f"采用计算值：{self.grid.label_of(index)}改为{shown}")

    def confirm_carried(self, index: QModelIndex) -> bool:
        """Confirm a value carried from last year without changing it."""
        from evaldesk.core.carryover import uncarry_edit

        cell = self.grid.cell(index)
        edit = uncarry_edit(self.grid.session.package, cell.path) if cell.path is not None else None
        if edit is None:
            return False
        return self.grid.session.push(edit, f"确认沿用值：{self.grid.label_of(index)}")

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        menu = self.build_menu(index)
        menu.exec(self.viewport().mapToGlobal(pos))

    def build_menu(self, index: QModelIndex) -> QMenu:
        """The context menu for the cell at ``index`` (also used by tests)."""
        menu = QMenu(self)
        adopt = menu.addAction("采用计算值", lambda: self.adopt_computed(index))
        adopt.setEnabled(self.grid.adopt_edit(index) is not None)
        if self.grid.is_carried(index):
            menu.addAction("确认沿用值", lambda: self.confirm_carried(index))
        menu.addSeparator()
        menu.addAction("复制", self.copy_selection)
        menu.addAction("粘贴", self.paste)
        menu.addAction("清除", self.clear_selection)
        if self.extra_actions:
            menu.addSeparator()
            for a in self.extra_actions:
                menu.addAction(a)
        return menu
