"""基础数据表 (附件1): the 经费控制情况 grid, 楼堂馆所 and 厉行节约, laid out like the form."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton

from evaldesk.core import edits, model
from evaldesk.core.progress import basic_started
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.grid.view import GridView
from evaldesk.ui.grid.widgets import BoundTextEdit
from evaldesk.ui.labels import short_name
from evaldesk.ui.models.basic_model import BasicGridModel, BuildingModel
from evaldesk.ui.pages.base import Block, Page, button_row, hint_label
from evaldesk.ui.pages.unit_page import staffing_row

LIST_NAMES = {"special": "区级专项", "transfer": "上级转移支付"}
FOOTNOTE = (
    "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"
)


class BasicPage(Page):
    """Step 2 基础数据表."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(session, "")
        self.unit_label = QLabel()
        self.column.addWidget(self.unit_label)
        self._staffing_block()
        self._grid_block()
        self._building_block()
        frugal = Block("厉行节约保障措施 · 节约型机关制度措施")
        self.frugality = BoundTextEdit(session, ("basic", "frugality"), "厉行节约保障措施", lines=4)
        frugal.add(self.frugality)
        self.add_block(frugal)
        self.column.addWidget(hint_label(FOOTNOTE))
        self.finish()
        self.refresh_titles()

    def _staffing_block(self) -> None:
        # The same figures as on 单位信息, placed where the form prints them.
        block = Block("财政供养人员情况（人）")
        self.staffing_model, self.staffing, row = staffing_row(self)
        block.add(row)
        self.add_block(block)

    def _grid_block(self) -> None:
        block = Block("经费控制情况（万元）")
        self.grid_model = BasicGridModel(self.session, self)
        self.grid = GridView(self.grid_model)
        self.grid.set_column_chars([None, 9, 9, 9])
        self.grid.setMinimumWidth(self.grid.char_width() * 46)
        self.add_special = QPushButton("添加区级专项")
        self.add_special.clicked.connect(lambda: self.add_line("special"))
        self.add_transfer = QPushButton("添加上级转移支付")
        self.add_transfer.clicked.connect(lambda: self.add_line("transfer"))
        self.remove_btn = QPushButton("删除所选行")
        self.remove_btn.clicked.connect(self.remove_line)
        self.up_btn = QPushButton("上移")
        self.up_btn.clicked.connect(lambda: self.move_line(-1))
        self.down_btn = QPushButton("下移")
        self.down_btn.clicked.connect(lambda: self.move_line(1))
        self.adopt_btn = QPushButton("采用计算值")
        self.adopt_btn.setToolTip("把所选合计行的填报值改为程序的计算值（可撤销）")
        self.adopt_btn.clicked.connect(lambda: self.grid.adopt_computed())
        block.add(
            button_row(
                self.add_special,
                self.add_transfer,
                self.remove_btn,
                self.up_btn,
                self.down_btn,
                self.adopt_btn,
            )
        )
        block.add(self.grid)
        block.add(
            hint_label(
                "灰色单元格由程序按下级各行自动计算；填报值与计算值不一致时标红，鼠标停留可看两个数，"
                "右键或“采用计算值”可改为计算值。可从Excel复制一块数据后按 Ctrl+V 粘贴。"
            )
        )
        actions = []
        for text, slot in (
            ("添加区级专项", lambda: self.add_line("special")),
            ("添加上级转移支付", lambda: self.add_line("transfer")),
            ("删除所选行", self.remove_line),
            ("上移", lambda: self.move_line(-1)),
            ("下移", lambda: self.move_line(1)),
        ):
            a = QAction(text, self)
            a.triggered.connect(slot)
            actions.append(a)
        self.grid.extra_actions = actions
        self.grid.selectionModel().currentChanged.connect(self._update_buttons)
        self.grid_model.modelReset.connect(self._update_buttons)
        self.session.changed.connect(lambda _e: self._update_buttons())
        self._update_buttons()
        self.add_block(block)

    def _building_block(self) -> None:
        self.building_block = Block("")
        self.building_model = BuildingModel(self.session, self)
        self.building = GridView(self.building_model)
        self.building.set_column_chars([None, None, None, None, None, None])
        self.building_block.add(self.building)
        self.building_block.add(
            hint_label("当年没有完工项目时各项填0。规模控制率、投资概算控制率由程序计算。")
        )
        self.add_block(self.building_block)

    # -- rows of the 区级专项 / 上级转移支付 lists --------------------------------------------------
    def _current_line(self) -> tuple[str, int] | None:
        """(list name, position) of the selected line, or (list name, −1) on a heading row."""
        info = self.grid_model.info(self.grid.currentIndex().row())
        if info is None or info.kind not in ("line", "heading"):
            return None
        return info.list, info.pos

    def add_line(self, list_name: str) -> None:
        """Add a line to ``list_name`` after the selected line of that list (else at the end) and name it."""
        items = getattr(self.session.package.basic, list_name)
        cur = self._current_line()
        pos = cur[1] + 1 if cur is not None and cur[0] == list_name else len(items)
        path = ("basic", list_name)
        if self.session.push(edits.InsertItem(path, pos, model.NamedLine()), f"添加{LIST_NAMES[list_name]}"):
            row = self.grid_model.row_of(list_name, pos)
            index = self.grid_model.index(row, 0)
            self.grid.setCurrentIndex(index)
            self.grid.setFocus()
            self.grid.edit(index)

    def remove_line(self) -> None:
        cur = self._current_line()
        if cur is None or cur[1] < 0:
            self.grid.show_message("请先选中一行区级专项或上级转移支付，再删除。")
            return
        list_name, pos = cur
        line = getattr(self.session.package.basic, list_name)[pos]
        shown = short_name(line.name) or f"第{pos + 1}行"
        col = self.grid.currentIndex().column()
        if self.session.push(
            edits.RemoveItem(("basic", list_name), pos), f"删除{LIST_NAMES[list_name]}“{shown}”"
        ):
            n = len(getattr(self.session.package.basic, list_name))
            row = (
                self.grid_model.row_of(list_name, min(pos, n - 1))
                if n
                else self.grid_model.row_of(list_name, -1)
            )
            self.grid.setCurrentIndex(self.grid_model.index(row, col))

    def move_line(self, delta: int) -> None:
        cur = self._current_line()
        if cur is None or cur[1] < 0:
            return
        list_name, pos = cur
        n = len(getattr(self.session.package.basic, list_name))
        dst = pos + delta
        if not 0 <= dst < n:
            return
        shown = short_name(getattr(self.session.package.basic, list_name)[pos].name) or f"第{pos + 1}行"
        col = self.grid.currentIndex().column()
        label = f"{'上移' if delta < 0 else '下移'}“{shown}”"
        if self.session.push(edits.MoveItem(("basic", list_name), pos, dst), label):
            self.grid.setCurrentIndex(self.grid_model.index(self.grid_model.row_of(list_name, dst), col))

    def _update_buttons(self, *_args: object) -> None:
        cur = self._current_line()
        on_line = cur is not None and cur[1] >= 0
        n = len(getattr(self.session.package.basic, cur[0])) if cur else 0
        self.remove_btn.setEnabled(on_line)
        self.up_btn.setEnabled(on_line and cur is not None and cur[1] > 0)
        self.down_btn.setEnabled(on_line and cur is not None and cur[1] < n - 1)
        self.adopt_btn.setEnabled(self.grid_model.adopt_edit(self.grid.currentIndex()) is not None)

    def refresh_titles(self) -> None:
        pkg = self.session.package
        self.title_label.setText(f"附件1　{pkg.fiscal_year}年度预算单位整体支出绩效评价基础数据表")
        self.unit_label.setText(f"预算单位名称：{pkg.unit.name}")
        self.building_block.title.setText(f"楼堂馆所控制情况（{pkg.fiscal_year}年完工项目）")
        empty = not basic_started(pkg)
        self.subtitle_label.setText(
            "还没有填写数据。可以逐格输入（按回车到下一行），也可以在Excel中复制整块数据，"
            "选中这里对应的左上角单元格后按 Ctrl+V 粘贴。各合计行由程序自动计算。"
        )
        self.subtitle_label.setVisible(empty)

    def focus_path(self, path: edits.Path) -> bool:
        if self.focus_in(path, (self.staffing, self.grid, self.building)):
            return True
        if tuple(path) == ("basic", "frugality"):
            self.frugality.setFocus()
            return True
        return False
