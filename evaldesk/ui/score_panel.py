"""The score panel on the right: 整体 total and grade, the 一级 subtotals, and the 审核 counts.

Part 1 shows what ``score_package`` offers; clicking a number to see its trace comes with part 2
(every label already carries the trace as its tooltip).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from evaldesk.core import money
from evaldesk.ui.pages.base import heading_font
from evaldesk.ui.session import DocumentSession


def _num(d: Decimal | None) -> str:
    return "—" if d is None else money.format_plain(money.round_money(d))


class ScorePanel(QFrame):
    """Live scores; refreshed on ``session.recomputed``."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 13)
        self.setMaximumWidth(em * 17)
        lay = QVBoxLayout(self)
        title = QLabel("得分")
        title.setFont(heading_font(self.font(), 1.15))
        lay.addWidget(title)
        self.total = QLabel()
        self.total.setFont(heading_font(self.font(), 1.3))
        lay.addWidget(self.total)
        self.rows = QGridLayout()
        lay.addLayout(self.rows)
        self.review = QLabel()
        self.review.setWordWrap(True)
        lay.addWidget(self.review)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        lay.addWidget(self.note)
        lay.addStretch(1)
        self._row_labels: list[QLabel] = []
        session.recomputed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        a = self.session.analysis
        for w in self._row_labels:
            w.deleteLater()
        self._row_labels.clear()
        sheet = a.scores
        if sheet is None:
            self.total.setText("整体  —")
            self.total.setToolTip("")
            self.note.setText("评分暂不可用。")
        else:
            t = sheet.overall
            self.total.setText(f"整体  {_num(t.total.value)}  {t.grade}")
            self.total.setToolTip(t.total.trace)
            self.note.setText("")
            rows = [("执行率", t.funding.score)] + list(t.by_level1.items())
            for r, (name, s) in enumerate(rows):
                name_label = QLabel(name)
                value_label = QLabel(f"{_num(s.value)}/{_num(s.max)}" if s.max is not None else _num(s.value))
                value_label.setToolTip(s.trace)
                name_label.setToolTip(s.trace)
                self.rows.addWidget(name_label, r, 0)
                self.rows.addWidget(value_label, r, 1)
                self._row_labels += [name_label, value_label]
        if a.checked:
            errors = sum(1 for f in a.findings if f.severity == "error")
            warnings = sum(1 for f in a.findings if f.severity == "warning")
            self.review.setText(f"审核：错误 {errors}  警告 {warnings}")
        else:
            self.review.setText("审核：暂不可用")
