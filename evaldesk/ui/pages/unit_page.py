"""单位信息: the unit, its staffing (编制, 控制率), the footer people and the cover."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evaldesk.core import edits, model, rulesets
from evaldesk.ui.grid import GridView
from evaldesk.ui.models.unit_models import STAFF_PATH, StaffByTypeModel, StaffingModel
from evaldesk.ui.pages.base import Block, Page, button_row, hint_label
from evaldesk.ui.session import DocumentSession
from evaldesk.ui.widgets import BoundDateEdit, BoundLineEdit, BoundTextEdit, BoundYearEdit


def staffing_row(page: Page) -> tuple[StaffingModel, GridView, QHBoxLayout]:
    """The 财政供养人员情况 grid with its 采用计算值 button: 单位信息 and 附件1 both show these figures."""
    staffing_model = StaffingModel(page.session, page)
    staffing = GridView(staffing_model)
    staffing.set_column_chars([8, 12, 8])
    adopt = QPushButton("采用计算值")
    adopt.setToolTip("把填报的控制率改为按 实际在职人数 ÷ 编制数 计算的值")
    adopt.clicked.connect(lambda: staffing.adopt_computed(staffing_model.index(0, 2)))
    row = QHBoxLayout()
    row.addWidget(staffing)
    row.addWidget(adopt)
    row.addStretch(1)
    return staffing_model, staffing, row


class UnitPage(Page):
    """Step 1 单位信息."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(
            session, "单位信息", "单位的基本情况，会用在封面、自评报告“一、单位基本情况”和每张附表上。"
        )
        self.fields: dict[edits.Path, QWidget] = {}
        self._basic_block()
        self._texts_block()
        self._staffing_block()
        self._footer_block()
        self._cover_block()
        self.finish()
        self.refresh_titles()

    # -- blocks ----------------------------------------------------------------------------------
    def _form(self, title: str) -> tuple[Block, QFormLayout]:
        block = Block(title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        block.add(form)
        self.add_block(block)
        return block, form

    def _line(self, form: QFormLayout, path: edits.Path, label: str, placeholder: str = "") -> BoundLineEdit:
        w = BoundLineEdit(self.session, path, label)
        w.setPlaceholderText(placeholder)
        form.addRow(label, w)
        self.fields[path] = w
        return w

    def _basic_block(self) -> None:
        _, form = self._form("基本信息")
        self._line(form, ("unit", "name"), "预算单位名称", "如：岳阳楼区应急管理局")
        self._line(form, ("unit", "department"), "主管部门", "如：岳阳楼区政府")
        year = BoundYearEdit(self.session, ("fiscal_year",), "评价年度")
        self.fields[("fiscal_year",)] = year
        form.addRow("评价年度", year)
        self.ruleset = QComboBox()
        for rid, name in rulesets.available():
            self.ruleset.addItem(name, rid)
        self.ruleset.activated.connect(self._on_ruleset)
        form.addRow("评分规则", self.ruleset)

    def _texts_block(self) -> None:
        block = Block("职能职责与机构设置")
        row = QHBoxLayout()
        for path, label in ((("unit", "functions"), "职能职责"), (("unit", "organization"), "机构设置")):
            col = Block(label)
            col.title.setFont(self.font())
            w = BoundTextEdit(self.session, path, label, lines=6)
            self.fields[path] = w
            col.add(w)
            row.addWidget(col, 1)
        block.add(row)
        block.add(hint_label("在自评报告中“根据数据起草”时，这两段会写入“一、单位基本情况”的（一）（二）两节。"))
        self.add_block(block)

    def _staffing_block(self) -> None:
        block = Block("财政供养人员情况（人）")
        self.staffing_model, self.staffing, top = staffing_row(self)
        block.add(top)
        block.add(hint_label("控制率 = 实际在职人数 ÷ 编制数，由程序计算（灰色）；填报值不一致时标红。"))

        block.add(QLabel("编制按类型"))
        self.staff_model = StaffByTypeModel(self.session, self)
        self.staff = GridView(self.staff_model)
        self.staff.set_column_chars([12, 6])
        add = QPushButton("添加一行")
        add.clicked.connect(self.add_staff_line)
        remove = QPushButton("删除所选行")
        remove.clicked.connect(self.remove_staff_line)
        row = QHBoxLayout()
        row.addWidget(self.staff)
        side = button_row(add, remove)
        self.staff_sum = QLabel()
        self.staff_sum.setWordWrap(True)
        col = QWidget()
        cl = QVBoxLayout(col)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(side)
        cl.addWidget(self.staff_sum)
        cl.addStretch(1)
        row.addWidget(col, 1)
        block.add(row)
        self.add_block(block)

    def _footer_block(self) -> None:
        _, form = self._form("填表信息（印在每张附表底部）")
        self._line(form, ("footer", "leader"), "单位负责人")
        self._line(form, ("footer", "preparer"), "填表人")
        self._line(form, ("footer", "phone"), "联系电话")
        date = BoundDateEdit(self.session, ("footer", "date"), "填报日期")
        self.fields[("footer", "date")] = date
        form.addRow("填报日期", date)

    def _cover_block(self) -> None:
        _, form = self._form("封面")
        self.cover_title = self._line(form, ("cover", "title"), "封面标题")
        self.cover_unit = self._line(form, ("cover", "unit_name"), "封面单位名称")
        date = BoundDateEdit(self.session, ("cover", "date"), "封面日期")
        self.fields[("cover", "date")] = date
        form.addRow("封面日期", date)

    # -- behaviour -------------------------------------------------------------------------------
    def _on_ruleset(self, i: int) -> None:
        self.session.set_value(("ruleset_id",), self.ruleset.itemData(i), "修改评分规则")

    def add_staff_line(self) -> None:
        n = len(self.session.package.unit.staff_by_type)
        if self.session.push(edits.InsertItem(STAFF_PATH, n, model.StaffLine()), "添加编制类型"):
            self.staff.setCurrentIndex(self.staff_model.index(n, 0))
            self.staff.setFocus()

    def remove_staff_line(self) -> None:
        row = self.staff.currentIndex().row()
        if 0 <= row < len(self.session.package.unit.staff_by_type):
            kind = self.session.package.unit.staff_by_type[row].kind or f"第{row + 1}行"
            self.session.push(edits.RemoveItem(STAFF_PATH, row), f"删除编制类型“{kind}”")

    def refresh_titles(self) -> None:
        pkg = self.session.package
        unit = pkg.unit
        total = self.staff_model.total()
        if not unit.staff_by_type:
            text, bad = "还没有填写编制类型。点“添加一行”逐类填写，如：行政编制 13人。", False
        elif total is None:
            text, bad = "编制按类型合计：人数未填写。", False
        elif unit.staff_authorized is None:
            text, bad = f"编制按类型合计 {total} 人；编制数未填写。", False
        elif total == unit.staff_authorized:
            text, bad = f"编制按类型合计 {total} 人，与编制数 {unit.staff_authorized} 人一致。", False
        else:
            text = f"编制按类型合计 {total} 人，与编制数 {unit.staff_authorized} 人不一致，请核对。"
            bad = True
        self.staff_sum.setText(text)
        self.staff_sum.setStyleSheet("color: #c62828;" if bad else "")
        i = self.ruleset.findData(pkg.ruleset_id)
        if i >= 0:
            self.ruleset.setCurrentIndex(i)
        self.cover_title.setPlaceholderText(f"留空则为：{pkg.fiscal_year}年度{unit.name}整体支出绩效自评报告")
        self.cover_unit.setPlaceholderText(f"留空则为：{unit.name}" if unit.name else "")

    def focus_path(self, path: edits.Path) -> bool:
        w = self.fields.get(tuple(path))
        if w is not None:
            self.ensureWidgetVisible(w)
            w.setFocus()
            return True
        return False
