"""The working area of an open document: navigator · current step's page · score panel, and 上一步/下一步."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import edits
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.navigator import Navigator
from evaldesk.ui.score_panel import ScorePanel
from evaldesk.ui.steps import STEPS, StepSpec

log = logging.getLogger(__name__)


class Workspace(QWidget):
    """Shows one step at a time; pages are built on first visit (opening stays fast)."""

    step_changed = Signal(int)

    def __init__(
        self, session: DocumentSession, steps: list[StepSpec] | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.session = session
        self.steps = steps if steps is not None else STEPS
        self.pages: dict[int, QWidget] = {}

        self.navigator = Navigator(self.steps)
        self.stack = QStackedWidget()
        self._slots = []
        for _ in self.steps:
            slot = QWidget()  # replaced by the real page on first visit
            self._slots.append(slot)
            self.stack.addWidget(slot)
        self.score_panel = ScorePanel(session)

        self.prev_button = QPushButton("〈 上一步")
        self.next_button = QPushButton("下一步 〉")
        self.prev_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)
        self.position = QLabel()

        split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self.navigator)
        split.addWidget(self.stack)
        split.addWidget(self.score_panel)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 0)
        self.splitter = split
        em = self.fontMetrics().horizontalAdvance("中")
        split.setSizes([em * 12, em * 70, em * 15])

        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addStretch(1)
        bar.addWidget(self.position)
        bar.addStretch(1)
        bar.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split, 1)
        lay.addLayout(bar)

        self.navigator.step_chosen.connect(self.go_to)
        session.recomputed.connect(self._on_recomputed)
        self._on_recomputed()
        self.go_to(0)

    # -- steps -----------------------------------------------------------------------------------
    @property
    def current(self) -> int:
        return self.stack.currentIndex()

    def page(self, i: int) -> QWidget:
        """The page of step ``i``, built now if it was never shown."""
        if i not in self.pages:
            page = self.steps[i].factory(self.session)
            slot = self._slots[i]
            self.stack.insertWidget(i, page)
            self.stack.removeWidget(slot)
            slot.deleteLater()
            self.pages[i] = page
        return self.pages[i]

    def page_for(self, key: str) -> QWidget:
        for i, s in enumerate(self.steps):
            if s.key == key:
                return self.page(i)
        raise KeyError(key)

    def show_step(self, key: str) -> QWidget:
        """Go to step ``key`` and return its page (the menus reach a page's actions this way)."""
        for i, s in enumerate(self.steps):
            if s.key == key:
                self.go_to(i)
                return self.page(i)
        raise KeyError(key)

    def go_to(self, i: int) -> None:
        if not 0 <= i < len(self.steps):
            return
        page = self.page(i)
        self.stack.setCurrentWidget(page)
        if self.navigator.currentRow() != i:
            self.navigator.setCurrentRow(i)
        self.prev_button.setEnabled(i > 0)
        self.next_button.setEnabled(i < len(self.steps) - 1)
        self.position.setText(f"第 {i + 1} 步，共 {len(self.steps)} 步：{self.steps[i].title}")
        self.step_changed.emit(i)

    def go_next(self) -> None:
        self.go_to(self.current + 1)

    def go_previous(self) -> None:
        self.go_to(self.current - 1)

    def focus_path(self, part: str, path: edits.Path) -> bool:
        """Show the page that holds ``path`` and select it (for the 审核 panel).

        The step that owns ``part`` is tried first; a field shown on another page (控制率 is on both
        单位信息 and 基础数据表) is found there too.
        """
        order = sorted(range(len(self.steps)), key=lambda i: part not in self.steps[i].parts)
        for i in order:
            if self.steps[i].key == "review":
                continue
            focus = getattr(self.page(i), "focus_path", None)
            if focus is not None:
                self.go_to(i)
                if focus(path):
                    return True
        return False

    def _on_recomputed(self) -> None:
        a = self.session.analysis
        self.navigator.set_findings(a.by_part if a.checked else None, self.session.package)
