"""The score panel on the right: live total and grade of 整体 and of every project, the 一级 subtotals,
and the 审核 counts. Clicking any number shows how it was computed (its trace) under the list.

After an edit only the tables that were re-scored are refreshed: the analysis keeps the very same
``TableScore`` objects for untouched tables, so a package of 50 projects costs one table per edit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import money
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import heading_font

TRACE_ROLE = Qt.ItemDataRole.UserRole
TABLE_ROLE = Qt.ItemDataRole.UserRole + 1  # "overall" or a project id
SHORT = {"产出指标": "产出", "效益指标": "效益", "满意度指标": "满意度"}
GRADE_COLORS = {
    "优": QColor("#2e7d32"),
    "良": QColor("#1565c0"),
    "中": QColor("#b26a00"),
    "差": QColor("#c62828"),
}
SHORTFALL = QColor("#c62828")


def _num(d: Decimal | None) -> str:
    """A score as the PDF and XLSX print it (``money.format_figure``); ``—`` when there is none."""
    return "—" if d is None else money.format_figure(d, "score")


def _out_of(s: Any) -> str:
    """``37.50/40``: the score as printed, out of its 分值 as a heading writes it (``money.format_points``)."""
    return f"{_num(s.value)}/{money.format_points(s.max)}" if s.max is not None else _num(s.value)


class _ClickLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(e)


class ScorePanel(QFrame):
    """Live scores; refreshed on ``session.recomputed``. ``project_activated(id)`` on a double-click."""

    project_activated = Signal(str)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 13)
        self.setMaximumWidth(em * 18)
        lay = QVBoxLayout(self)
        title = QLabel("得分")
        title.setFont(heading_font(self.font(), 1.15))
        lay.addWidget(title)
        self.total = _ClickLabel()
        self.total.setCursor(Qt.CursorShape.PointingHandCursor)
        self.total.setFont(heading_font(self.font(), 1.3))
        self.total.setWordWrap(True)
        lay.addWidget(self.total)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName("各表得分")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.tree, 1)
        self.detail = QLabel("点击任一得分可查看计算过程。")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("background: #f7f7f4; border: 1px solid #ddd; padding: 4px;")
        self.detail.setAccessibleName("计算过程")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        lay.addWidget(self.detail)
        self.review = QLabel()
        self.review.setWordWrap(True)
        lay.addWidget(self.review)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        lay.addWidget(self.note)
        self._items: dict[str, QTreeWidgetItem] = {}  # table key → its top item
        self._shown: dict[str, Any] = {}  # table key → the TableScore shown (identity)
        self._layout_key: tuple[tuple[str, str], ...] = ()
        self.tree.currentItemChanged.connect(lambda cur, _prev: self.show_trace(cur))
        self.tree.itemClicked.connect(lambda item, _col: self.show_trace(item))
        self.total.clicked.connect(lambda: self.show_trace(self._items.get("overall")))
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        session.recomputed.connect(self.refresh)
        self.refresh()

    # -- building ------------------------------------------------------------------------------
    def _tables(self) -> list[tuple[str, str]]:
        return [("overall", "整体")] + [(p.id, p.name or "未命名项目") for p in self.session.package.projects]

    def _rebuild(self, tables: list[tuple[str, str]]) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, TABLE_ROLE) if current is not None else None
        self.tree.clear()
        self._items.clear()
        self._shown.clear()
        for key, name in tables:
            top = QTreeWidgetItem(self.tree, [name, ""])
            top.setData(0, TABLE_ROLE, key)
            top.setToolTip(0, name)
            if key == "overall":
                top.setFont(0, heading_font(self.font(), 1.0))
                top.setExpanded(True)
            self._items[key] = top
        self._layout_key = tuple(tables)
        if keep in self._items:
            self.tree.setCurrentItem(self._items[keep])

    def refresh(self) -> None:
        a = self.session.analysis
        tables = self._tables()
        if tuple(tables) != self._layout_key:
            self._rebuild(tables)
        sheet = a.scores
        if sheet is None:
            self.total.setText("整体  —")
            self.total.setToolTip("")
            self.note.setText("评分暂不可用。")
        else:
            self.note.setText(sheet.ruleset_problem)
            for key, _name in tables:
                ts = sheet.overall if key == "overall" else sheet.projects.get(key)
                if ts is not None and self._shown.get(key) is not ts:
                    self._fill(self._items[key], ts)
                    self._shown[key] = ts
            t = sheet.overall
            self.total.setText(f"整体  {_num(t.total.value)}  {t.grade}")
            self.total.setToolTip(t.total.trace)
        if a.checked:
            errors = sum(1 for f in a.open_findings if f.severity == "error")
            warnings = sum(1 for f in a.open_findings if f.severity == "warning")
            self.review.setText(f"审核：错误 {errors}  警告 {warnings}")
        else:
            self.review.setText("审核：暂不可用")
        current = self.tree.currentItem()
        if current is not None:
            self.show_trace(current)

    def _fill(self, top: QTreeWidgetItem, ts: Any) -> None:
        """Write one table's total, grade and subtotals into its item (children made as needed)."""
        # A total that cannot be computed yet says so (its trace names the rows to finish).
        top.setText(
            1, f"{_num(ts.total.value)} {ts.grade}".strip() if ts.total.value is not None else "未能计分"
        )
        top.setData(0, TRACE_ROLE, ts.total.trace)
        top.setToolTip(1, ts.total.trace)
        top.setForeground(1, QBrush(GRADE_COLORS.get(ts.grade, SHORTFALL)))
        rows = [("执行率", ts.funding.score)] + list(ts.by_level1.items())
        while top.childCount() > len(rows):
            top.takeChild(top.childCount() - 1)
        for i, (name, s) in enumerate(rows):
            child = top.child(i) if i < top.childCount() else None
            if child is None:
                child = QTreeWidgetItem(top)
            child.setText(0, SHORT.get(name, name or "（未填一级）"))
            child.setText(1, _out_of(s))
            child.setData(0, TRACE_ROLE, s.trace)
            child.setData(0, TABLE_ROLE, top.data(0, TABLE_ROLE))
            child.setToolTip(0, s.trace)
            child.setToolTip(1, s.trace)
            short = s.value is None or (s.max is not None and s.value < s.max)
            child.setForeground(1, QBrush(SHORTFALL) if short else QBrush())

    # -- traces --------------------------------------------------------------------------------
    def item_for(self, table: str, row: str | None = None) -> QTreeWidgetItem | None:
        """The item of ``table`` ("overall" or a project id), or of its subtotal ``row`` (执行率, 产出 …)."""
        top = self._items.get(table)
        if top is None or row is None:
            return top
        for i in range(top.childCount()):
            child = top.child(i)
            if child is not None and child.text(0) == row:
                return child
        return None

    def show_trace(self, item: QTreeWidgetItem | None) -> str:
        """Show how ``item``'s number was computed in the detail area; returns the text."""
        if item is None:
            return ""
        trace = item.data(0, TRACE_ROLE) or ""
        parent = item.parent()
        title = f"{parent.text(0)} · {item.text(0)}" if parent is not None else item.text(0)
        text = f"{title}：{item.text(1)}\n{trace}" if trace else f"{title}：评分暂不可用"
        self.detail.setText(text)
        return text

    def _on_double_click(self, item: QTreeWidgetItem, _col: int) -> None:
        key = item.data(0, TABLE_ROLE)
        if key and key != "overall":
            self.project_activated.emit(str(key))
            ws = getattr(self.window(), "workspace", None)
            if ws is not None:
                try:
                    page = ws.page_for("projects")
                    ws.go_to(ws.steps.index(next(s for s in ws.steps if s.key == "projects")))
                    page.select_project(str(key))
                except (KeyError, StopIteration, AttributeError):
                    pass
