"""单位信息: the unit, its staffing (编制, 控制率), the footer people and the cover."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import edits, model, money, rulesets
from evaldesk.core.errors import EvalDeskError
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.grid.view import GridView
from evaldesk.ui.grid.widgets import BoundDateEdit, BoundLineEdit, BoundTextEdit, BoundYearEdit
from evaldesk.ui.labels import short_name
from evaldesk.ui.models.unit_models import STAFF_PATH, StaffByTypeModel, StaffingModel
from evaldesk.ui.pages.base import Block, Page, button_row, hint_label


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
        self._scheme_rows(form)

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
        block.add(
            hint_label("在自评报告中“根据数据起草”时，这两段会写入“一、单位基本情况”的（一）（二）两节。")
        )
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

    def _scheme_rows(self, form: QFormLayout) -> None:
        """分值方案 and, for a free split, the declared 一级 weights (blank = left open)."""
        self.scheme = QComboBox()
        for key, label in rulesets.SCHEMES:
            self.scheme.addItem(label, key)
        self.scheme.setAccessibleName("分值方案")
        self.scheme.activated.connect(self._on_scheme)
        form.addRow("分值方案", self.scheme)
        self.level1_box = QWidget()
        row = QHBoxLayout(self.level1_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.level1_edits: dict[str, QLineEdit] = {}
        for name, _ in rulesets.NATIONAL_WEIGHTS["level1"].items():
            edit = QLineEdit()
            edit.setPlaceholderText("不限定")
            edit.setAccessibleName(f"{name}分值")
            edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10)
            edit.editingFinished.connect(self._on_level1)
            row.addWidget(QLabel(name.removesuffix("指标")))
            row.addWidget(edit)
            self.level1_edits[name] = edit
        row.addStretch(1)
        self.level1_label = QLabel("一级指标分值")
        form.addRow(self.level1_label, self.level1_box)
        self.scheme_note = hint_label("")
        form.addRow("", self.scheme_note)

    # -- behaviour -------------------------------------------------------------------------------
    def _content(self) -> str:
        pkg = self.session.package
        if pkg.ruleset_content:
            return pkg.ruleset_content
        try:
            return rulesets.content_of(pkg.ruleset_id)
        except (KeyError, EvalDeskError):
            return rulesets.content_of(rulesets.DEFAULT_ID)

    def _on_ruleset(self, i: int) -> None:
        rid = self.ruleset.itemData(i)
        pkg = self.session.package
        if rid == pkg.ruleset_id:
            return
        current, _ = rulesets.of_package(pkg)
        declared: dict[str, Decimal | None] | None = None
        if current.scheme == rulesets.FREE:
            declared = {n: current.level1.get(n) for n in current.level1_names}
        content = rulesets.package_content(rid, current.scheme, declared)
        batch = edits.Batch(
            (edits.SetValue(("ruleset_id",), rid), edits.SetValue(("ruleset_content",), content))
        )
        self.session.push(batch, "修改评分规则")

    def _on_scheme(self, i: int) -> None:
        scheme = self.scheme.itemData(i)
        if scheme == rulesets.of_package(self.session.package)[0].scheme:
            return
        self._set_content(rulesets.with_scheme(self._content(), scheme), "修改分值方案")

    def _on_level1(self) -> None:
        declared: dict[str, Decimal | None] = {}
        for name, edit in self.level1_edits.items():
            text = edit.text().strip()
            if not text:
                declared[name] = None
                continue
            try:
                value = money.parse_plain_number(text)
            except EvalDeskError:
                self._say(f"{name}分值“{short_name(text)}”不是数字，请填写如 60 的分值，或留空表示不限定。")
                return
            if value < 0:
                self._say(f"{name}分值不能为负数。")
                return
            declared[name] = value
        rs = rulesets.of_package(self.session.package)[0]
        if declared == {n: rs.level1.get(n) for n in self.level1_edits}:
            return
        rest = rs.total - rs.execution_weight
        given = sum((v for v in declared.values() if v is not None), Decimal(0))
        if given > rest or (given != rest and all(v is not None for v in declared.values())):
            self._say(
                f"各一级指标分值合计为{money.format_points(given)}，应为{money.format_points(rest)}分"
                f"（执行率{money.format_points(rs.execution_weight)}分之外的分值）。"
            )
            return
        self._set_content(rulesets.with_scheme(self._content(), rulesets.FREE, declared), "申报一级指标分值")

    def _set_content(self, content: str, label: str) -> None:
        self.session.set_value(("ruleset_content",), content, label)

    def _say(self, text: str) -> None:
        self.scheme_note.setText(text)
        self.scheme_note.setStyleSheet("color: #c62828;")

    def add_staff_line(self) -> None:
        n = len(self.session.package.unit.staff_by_type)
        if self.session.push(edits.InsertItem(STAFF_PATH, n, model.StaffLine()), "添加编制类型"):
            self.staff.setCurrentIndex(self.staff_model.index(n, 0))
            self.staff.setFocus()

    def remove_staff_line(self) -> None:
        row = self.staff.currentIndex().row()
        if 0 <= row < len(self.session.package.unit.staff_by_type):
            kind = short_name(self.session.package.unit.staff_by_type[row].kind) or f"第{row + 1}行"
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
        rs, _ = rulesets.of_package(pkg)
        i = self.ruleset.findData(pkg.ruleset_id)
        if i < 0:  # a rule set this PC does not have, carried by the package itself
            self.ruleset.addItem(f"{rs.name}（随自评包保存）", pkg.ruleset_id)
            i = self.ruleset.count() - 1
        self.ruleset.setCurrentIndex(i)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(rs.scheme)))
        free = rs.scheme == rulesets.FREE
        self.level1_box.setVisible(free)
        self.level1_label.setVisible(free)
        for name, edit in self.level1_edits.items():
            w = rs.level1.get(name)
            edit.setText(money.format_entry(w, "score"))
        self.scheme_note.setStyleSheet("color: #666;")
        self.scheme_note.setText(
            f"{rs.scheme_label}。留空的一级指标不限定分值，只核对总分行合计为{money.format_points(rs.total)}分。"
            if free
            else f"执行率{money.format_points(rs.execution_weight)}分，"
            + "、".join(f"{k}{money.format_points(v)}分" for k, v in rs.level1_weights)
            + "；各一级指标下三级指标分值之和须与之相符。"
        )
        self.cover_title.setPlaceholderText(f"留空则为：{pkg.fiscal_year}年度{unit.name}整体支出绩效自评报告")
        self.cover_unit.setPlaceholderText(f"留空则为：{unit.name}" if unit.name else "")

    def focus_path(self, path: edits.Path) -> bool:
        w = self.fields.get(tuple(path))
        if w is not None:
            self.ensureWidgetVisible(w)
            w.setFocus()
            return True
        return False
