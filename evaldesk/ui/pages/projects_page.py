"""项目支出自评 (附件3): the list of projects, and the selected project's form.

The form of one project reads like the paper 附件3: 项目支出名称 · 主管部门 · 实施单位, 项目资金（万元）,
年度总体目标 and 绩效指标 (the shared :class:`~evaldesk.ui.indicators.editor.IndicatorEditor`). Its widgets
are built once and re-pointed at another project when the selection changes, so that a package of 50
projects costs no more than one of one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import edits
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.grid.view import GridView
from evaldesk.ui.grid.widgets import BoundLineEdit, BoundTextEdit
from evaldesk.ui.indicators.editor import IndicatorEditor
from evaldesk.ui.labels import short_name
from evaldesk.ui.models.project_models import ProjectFundingModel
from evaldesk.ui.pages.base import Block, Page, button_row, centered_message, hint_label
from evaldesk.ui.pages.project_list import ProjectList

HEADER_FIELDS = (("name", "项目支出名称"), ("department", "主管部门"), ("implementer", "实施单位"))
GOAL_FIELDS = (("goal_expected", "预期目标"), ("goal_actual", "实际完成情况"))


class ProjectForm(Page):
    """The 附件3 of one project (``set_project`` switches)."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(session, "")
        self.project_id = ""
        head = Block("项目信息")
        form = QFormLayout()
        self.fields: dict[str, BoundLineEdit] = {}
        for key, label in HEADER_FIELDS:
            w = BoundLineEdit(session, ("projects", "", key), label)
            self.fields[key] = w
            form.addRow(label, w)
        head.add(form)
        self.add_block(head)

        money = Block("项目资金（万元）")
        self.funding_model = ProjectFundingModel(session, "", self)
        self.funding = GridView(self.funding_model)
        self.funding.set_column_chars([10, 5.5, 5.5, 5.5, 4, 5.5, 4.5])  # type: ignore[list-item]
        adopt = QPushButton("采用计算值")
        adopt.setToolTip("把所选单元格（执行率、分值或得分）的填报值改为计算值")
        adopt.clicked.connect(self.adopt_current)
        money.add(self.funding)
        money.add(button_row(adopt))
        money.add(
            hint_label(
                "执行率 = 全年执行数 ÷ 全年预算数，由程序计算（灰色）；填报值不一致时标红。"
                "分值和自评得分只在“年度资金总额”行；年度资金总额应等于其中各行之和。"
            )
        )
        self.add_block(money)

        goals = Block("年度总体目标")
        row = QHBoxLayout()
        self.goals: dict[str, BoundTextEdit] = {}
        for key, label in GOAL_FIELDS:
            col = Block(label)
            col.title.setFont(self.font())
            goal = BoundTextEdit(session, ("projects", "", "performance", key), label, lines=5)
            self.goals[key] = goal
            col.add(goal)
            row.addWidget(col, 1)
        goals.add(row)
        self.add_block(goals)

        block = Block("绩效指标")
        self.indicators = IndicatorEditor(session, ("projects", "", "performance"))
        block.add(self.indicators)
        self.add_block(block)
        self.finish()
        self.refresh_titles()

    def set_project(self, project_id: str) -> None:
        """Show the project ``project_id`` (what is being typed is stored first)."""
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            focus.clearFocus()  # commits a half-typed field to the project it belongs to
        self.project_id = project_id
        name = short_name(self._name())
        for key, label in HEADER_FIELDS:
            self.fields[key].rebind(("projects", project_id, key), f"附件3“{name}”{label}")
        for key, label in GOAL_FIELDS:
            self.goals[key].rebind(
                ("projects", project_id, "performance", key), f"附件3“{name}”年度总体目标{label}"
            )
        self.funding_model.set_project(project_id)
        self.indicators.set_prefix(("projects", project_id, "performance"))
        self.refresh_titles()
        self.verticalScrollBar().setValue(0)

    def _name(self) -> str:
        p = self.session.value(("projects", self.project_id)) if self.project_id else None
        return getattr(p, "name", "") or "未命名项目"

    def adopt_current(self) -> None:
        if self.funding.grid.adopt_edit(self.funding.currentIndex()) is not None:
            self.funding.adopt_computed()
        else:
            self.funding.show_message("请先选中一个标红的计算单元格（执行率、分值或得分）。")

    def refresh_titles(self) -> None:
        pkg = self.session.package
        self.title_label.setText(f"附件3　{pkg.fiscal_year}年度项目支出绩效自评表")

    def focus_path(self, path: edits.Path) -> bool:
        fields: list[BoundLineEdit | BoundTextEdit] = [*self.fields.values(), *self.goals.values()]
        return self.focus_in(path, [self.funding], fields, self.indicators)


class ProjectsPage(QWidget):
    """Step 4 项目支出自评: projects on the left, the selected project's 附件3 on the right."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__()
        self.session = session
        self.projects = ProjectList(session)
        self.form = ProjectForm(session)
        self.empty = QWidget()
        empty_lay = QVBoxLayout(self.empty)
        empty_lay.addStretch(1)
        empty_lay.addWidget(
            centered_message("还没有项目。每个项目支出填一张附件3：点击左侧“添加项目”开始，或从上年继续。")
        )
        first = QPushButton("添加第一个项目")
        first.clicked.connect(self.projects.add_project)
        empty_lay.addWidget(first, 0, Qt.AlignmentFlag.AlignCenter)
        empty_lay.addStretch(2)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.form)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self.projects)
        split.addWidget(self.right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("中")
        split.setSizes([em * 13, em * 60])
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.full_view = self.form  # what --screenshots renders whole
        self.projects.project_chosen.connect(self.show_project)
        self.show_project(self.projects.current_id())

    def show_project(self, project_id: str) -> None:
        if project_id:
            self.form.set_project(project_id)
            self.right.setCurrentWidget(self.form)
        else:
            self.form.set_project("")
            self.right.setCurrentWidget(self.empty)

    def select_project(self, project_id: str) -> bool:
        return self.projects.select(project_id)

    def focus_path(self, path: edits.Path) -> bool:
        """Select the project of ``path`` and then its cell or field."""
        if len(path) < 2 or path[0] != "projects":
            return False
        if not self.projects.select(str(path[1])):
            return False
        return self.form.focus_path(path)
