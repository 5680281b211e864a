"""整体支出自评 (附件2): the 年度预算申请 funding block, 年度总体目标 and the 绩效指标 table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from evaldesk.core import edits
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.grid.view import GridView
from evaldesk.ui.grid.widgets import BoundTextEdit
from evaldesk.ui.indicators.editor import IndicatorEditor
from evaldesk.ui.models.funding_models import ExpendModel, FundingTotalModel, IncomeModel
from evaldesk.ui.pages.base import Block, Page, button_row, hint_label


class FundingPage(Page):
    """Step 3 整体支出自评: 年度预算申请, 年度总体目标 and the 绩效指标 table."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(session, "")
        self.unit_label = QLabel()
        self.column.addWidget(self.unit_label)
        self.views: list[GridView] = []

        block = Block("年度预算申请（万元）")
        self.total_model = FundingTotalModel(session, self)
        self.total = self._view(self.total_model, [None, 8, 8, 8, 5, 7, 6])
        adopt = QPushButton("采用计算值")
        adopt.setToolTip("把所选单元格（执行率、分值、得分或合计）的填报值改为计算值")
        adopt.clicked.connect(self.adopt_current)
        block.add(self.total)
        split = QHBoxLayout()
        self.income_model = IncomeModel(session, self)
        self.expend_model = ExpendModel(session, self)
        top = Qt.AlignmentFlag.AlignTop
        split.addWidget(self._view(self.income_model, [None, 9]), 1, top)
        split.addWidget(self._view(self.expend_model, [None, 9]), 1, top)
        block.add(split)
        block.add(button_row(adopt))
        block.add(
            hint_label(
                "执行率 = 全年执行数 ÷ 全年预算数（调整后预算，不是年初预算数）。灰色单元格由程序计算，"
                "填报值与计算值不一致时标红；两种分法的合计都应等于全年预算数。"
            )
        )
        self.add_block(block)

        goals = Block("年度总体目标")
        self.goal_edits: list[BoundTextEdit] = []
        row = QHBoxLayout()
        for path, label in (
            (("overall", "goal_expected"), "预期目标"),
            (("overall", "goal_actual"), "实际完成情况"),
        ):
            col = Block(label)
            col.title.setFont(self.font())
            w = BoundTextEdit(session, path, f"年度总体目标{label}", lines=6)
            self.goal_edits.append(w)
            col.add(w)
            row.addWidget(col, 1)
        goals.add(row)
        self.add_block(goals)
        indicators = Block("绩效指标")
        self.indicators = IndicatorEditor(session, ("overall",))
        indicators.add(self.indicators)
        self.add_block(indicators)
        self.finish()
        self.refresh_titles()

    def _view(self, m, widths: list[int | None]) -> GridView:
        v = GridView(m)
        v.set_column_chars(widths)
        self.views.append(v)
        return v

    def adopt_current(self) -> None:
        for v in self.views:
            if v.currentIndex().isValid() and v.grid.adopt_edit(v.currentIndex()) is not None:
                v.adopt_computed()
                return
        if self.views:
            self.views[0].show_message("请先选中一个标红的计算单元格（执行率、分值、得分或合计）。")

    def refresh_titles(self) -> None:
        pkg = self.session.package
        self.title_label.setText(f"附件2　{pkg.fiscal_year}年度预算单位整体支出绩效自评表")
        self.unit_label.setText(f"预算单位名称：{pkg.unit.name}")

    def focus_path(self, path: edits.Path) -> bool:
        return self.focus_in(path, self.views, self.goal_edits, self.indicators)
