"""The first screen with no file open: what EvalDesk does, three big choices, and recent files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from evaldesk.ui.labels import heading_font, hint_label

INTRO = "绩效自评助手帮助预算单位填写年度整体支出和项目支出绩效自评表，自动计算得分、核对数字，并导出可盖章上报的自评报告。"


class StartPage(QWidget):
    """Signals: ``new_requested``, ``open_requested``, ``sample_requested``, ``carry_requested``,
    ``recent_chosen(path)``."""

    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    carry_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        em = self.fontMetrics().horizontalAdvance("中")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(em * 4, em * 3, em * 4, em * 2)
        outer.setSpacing(em)
        title = QLabel("绩效自评助手")
        title.setFont(heading_font(self.font(), 2.0))
        outer.addWidget(title)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setFont(heading_font(self.font(), 1.15, bold=False))
        outer.addWidget(intro)

        row = QHBoxLayout()
        row.setSpacing(em)
        self.new_button = self._big("新建自评包", "从头开始一个年度的自评包", self.new_requested.emit)
        self.open_button = self._big("打开…", "打开草稿，或导入Excel工作簿、上传包", self.open_requested.emit)
        self.sample_button = self._big(
            "打开示例", "岳阳楼区应急管理局2023年度（示例副本）", self.sample_requested.emit
        )
        for b in (self.new_button, self.open_button, self.sample_button):
            row.addWidget(b, 1)
        outer.addLayout(row)
        self.carry_button = QPushButton(
            "从上年继续…  用上一年度的自评包生成本年度草稿（单位信息、项目和指标沿用）"
        )
        self.carry_button.setAccessibleName("从上年继续")
        self.carry_button.setFont(heading_font(self.font(), 1.05, bold=False))
        self.carry_button.setMinimumHeight(self.carry_button.fontMetrics().lineSpacing() * 2)
        self.carry_button.clicked.connect(self.carry_requested.emit)
        outer.addWidget(self.carry_button)

        recent_title = QLabel("最近打开")
        recent_title.setFont(heading_font(self.font(), 1.1))
        outer.addWidget(recent_title)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(self._on_recent)
        self.recent.itemClicked.connect(self._on_recent)
        outer.addWidget(self.recent, 1)
        self.no_recent = hint_label("还没有打开过自评包。")
        outer.addWidget(self.no_recent)

    def _big(self, text: str, detail: str, on_click: Callable[[], object]) -> QPushButton:
        b = QPushButton(f"{text}\n{detail}")
        b.setFont(heading_font(self.font(), 1.15, bold=False))
        fm = b.fontMetrics()
        b.setMinimumHeight(fm.lineSpacing() * 4)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.setAccessibleName(text)
        b.clicked.connect(on_click)
        return b

    def set_recent(self, files: list[Path]) -> None:
        self.recent.clear()
        for p in files:
            item = QListWidgetItem(f"{p.name}    {p.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(p))
            item.setToolTip(str(p))
            if not p.exists():
                item.setText(f"{p.name}（文件已不在原处）    {p.parent}")
            self.recent.addItem(item)
        self.recent.setVisible(bool(files))
        self.no_recent.setVisible(not files)

    def _on_recent(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
