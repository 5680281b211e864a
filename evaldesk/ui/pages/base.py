"""What every step page shares: a scrolling column of titled blocks laid out like the paper form."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import edits
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.grid.view import GridView
from evaldesk.ui.grid.widgets import BoundLineEdit, BoundTextEdit
from evaldesk.ui.indicators.editor import IndicatorEditor
from evaldesk.ui.labels import heading_font, hint_label


class Block(QFrame):
    """A titled block of a form (经费控制情况（万元）, 年度总体目标 …)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("block")
        self.title = QLabel(title, self)
        self.title.setFont(heading_font(self.font(), 1.1))
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.title)

    def add(self, item: QWidget | QLayout, stretch: int = 0) -> None:
        if isinstance(item, QLayout):
            self.body.addLayout(item, stretch)
        else:
            self.body.addWidget(item, stretch)


class Page(QScrollArea):
    """Base of a step page: ``self.session`` is the open document; blocks are added to ``self.column``.

    Subclasses build their widgets in ``__init__`` and may override :meth:`focus_path` (the 审核 panel
    jumps to a finding's cell) and :meth:`refresh_titles` (titles that name the fiscal year).
    """

    def __init__(self, session: DocumentSession, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("pageContent")
        self.column = QVBoxLayout(content)
        em = self.fontMetrics().horizontalAdvance("中")
        self.column.setContentsMargins(em, em, em, em)
        self.column.setSpacing(em)
        self.title_label = QLabel(title, content)
        self.title_label.setFont(heading_font(self.font()))
        self.title_label.setWordWrap(True)
        self.column.addWidget(self.title_label)
        self.subtitle_label = hint_label(subtitle, content)
        self.subtitle_label.setVisible(bool(subtitle))
        self.column.addWidget(self.subtitle_label)
        self.setWidget(content)
        session.changed.connect(self._on_changed)

    def add_block(self, block: QWidget, stretch: int = 0) -> None:
        self.column.addWidget(block, stretch)

    def finish(self) -> None:
        """Call at the end of ``__init__``: pushes the blocks to the top."""
        self.column.addStretch(1)

    def _on_changed(self, _edit: object) -> None:
        self.refresh_titles()

    def refresh_titles(self) -> None:
        """Update texts that show package values (unit name, year); cheap, called after each edit."""

    def focus_path(self, path: edits.Path) -> bool:
        """Select the field or cell for ``path``; ``False`` when this page does not show it."""
        return False

    def focus_in(
        self,
        path: edits.Path,
        grids: Iterable[GridView] = (),
        fields: Iterable[BoundLineEdit | BoundTextEdit] = (),
        indicators: IndicatorEditor | None = None,
    ) -> bool:
        """Select ``path``'s cell in the first of ``grids`` that shows it, else focus the field bound
        to it, else its cell in ``indicators``, and scroll there; ``False`` when none shows it."""
        path = tuple(path)
        for view in grids:
            m = view.grid
            for r in range(m.rowCount()):
                for c in range(m.columnCount()):
                    if m.cell_at(r, c).path == path:
                        view.setCurrentIndex(m.index(r, c))
                        view.setFocus()
                        self.ensureWidgetVisible(view)
                        return True
        for w in fields:
            if w.path == path:
                w.setFocus()
                self.ensureWidgetVisible(w)
                return True
        if indicators is not None and indicators.focus_path(path):
            self.ensureWidgetVisible(indicators.view)
            return True
        return False


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons left-aligned in a row."""
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


def centered_message(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label
