"""The 自评报告 page's widgets, laid out (the page wires them): the outline and the editor panels.

The outline panel fills its tree from the package and enables its buttons for the selected node; the
editor panel lists the findings about the body in the editor. What to do on a click is the page's.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import model
from evaldesk.core.findings import Finding
from evaldesk.core.narrative import FieldDef
from evaldesk.ui.labels import hint_label
from evaldesk.ui.pages import report_outline as outline
from evaldesk.ui.report.report_editor import ReportEditor

ROLE = Qt.ItemDataRole.UserRole  # a tree item's node; a findings-list item's Finding


def confirm_replace(parent: QWidget, titles: list[str]) -> str:
    """Ask before drafting over the clerk's text: ``replace``, ``keep`` (draft only empty ones) or ``cancel``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("根据数据起草")
    box.setText("以下部分已经有文字，起草会用根据数据生成的文字替换它们（可以撤销）：\n" + "\n".join(titles))
    replace = box.addButton("替换", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("只起草空白部分", QMessageBox.ButtonRole.ActionRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "replace" if clicked is replace else "keep" if clicked is keep else "cancel"


def fill_insert_menu(
    menu: QMenu, fields: list[FieldDef], shown: Callable[[str], str], insert: Callable[[str, str], object]
) -> None:
    """The 插入数据 menu: one sub-menu per group, each field with the value it shows now."""
    menu.clear()
    groups: dict[str, QMenu] = {}
    for fd in fields:
        sub = groups.get(fd.group)
        if sub is None:
            sub = groups[fd.group] = menu.addMenu(fd.group)
        action = sub.addAction(f"{fd.label}（{shown(fd.key)}{fd.unit}）")
        action.triggered.connect(lambda _=False, k=fd.key, u=fd.unit: insert(k, u))


class OutlinePanel(QWidget):
    """The sections and sub-sections, with the buttons that change the outline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("报告提纲")
        lay.addWidget(self.tree, 1)
        self.add_sub = QPushButton("添加小节")
        self.remove_sub = QPushButton("删除小节")
        self.up_sub = QPushButton("上移")
        self.down_sub = QPushButton("下移")
        for pair in ((self.add_sub, self.remove_sub), (self.up_sub, self.down_sub)):
            row = QHBoxLayout()
            for b in pair:
                row.addWidget(b)
            lay.addLayout(row)
        self.outline_button = QPushButton("建立标准提纲")
        self.outline_button.setToolTip("建立一至十部分的标准标题")
        lay.addWidget(self.outline_button)

    def fill(self, pkg: model.Package) -> None:
        """One item per section, its sub-sections under it (no selection signals while it is rebuilt)."""
        with QSignalBlocker(self.tree):
            self.tree.clear()
            for i, s in enumerate(pkg.report):
                top = QTreeWidgetItem([s.heading.strip() or f"（第{i + 1}部分，未命名）"])
                top.setToolTip(0, top.text(0))  # a long title is cut off in a narrow outline
                top.setData(0, ROLE, (i, None))
                self.tree.addTopLevelItem(top)
                for j, sub in enumerate(s.subsections):
                    child = QTreeWidgetItem([sub.heading.strip() or f"（第{j + 1}小节，未命名）"])
                    child.setToolTip(0, child.text(0))
                    child.setData(0, ROLE, (i, j))
                    top.addChild(child)
                top.setExpanded(True)
        self.outline_button.setVisible(not pkg.report)

    def item(self, node: outline.Node | None) -> QTreeWidgetItem | None:
        if node is None:
            return None
        i, j = node
        top = self.tree.topLevelItem(i)
        if top is None:
            return None
        return top if j is None else top.child(j)

    def update_buttons(self, pkg: model.Package, node: outline.Node | None) -> None:
        """Sub-sections can be added under any node; removed and moved only when one is selected."""
        is_sub = node is not None and node[1] is not None
        self.add_sub.setEnabled(node is not None)
        self.remove_sub.setEnabled(is_sub)
        n = len(pkg.report[node[0]].subsections) if node is not None else 0
        self.up_sub.setEnabled(is_sub and node[1] > 0)  # type: ignore[index,operator]
        self.down_sub.setEnabled(is_sub and node[1] < n - 1)  # type: ignore[index,operator]


class EditorPanel(QWidget):
    """Heading, the 插入数据 / 根据数据起草 tools with the character count, the editor, its findings."""

    def __init__(self, editor: ReportEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel("标题"))
        self.heading_edit = QLineEdit()
        self.heading_edit.setAccessibleName("标题")
        head.addWidget(self.heading_edit, 1)
        self.standard_button = QPushButton("标准标题")
        self.standard_button.setToolTip("恢复本部分的标准标题（如“六、单位整体支出绩效情况”）")
        head.addWidget(self.standard_button)
        # Here rather than with the tools below: the title field gives way when the editor is narrow.
        self.reference_button = QToolButton()
        self.reference_button.setText("上年报告")
        self.reference_button.setCheckable(True)
        self.reference_button.setToolTip("在正文右侧显示或收起上年报告中对应部分的文字（仅供参考）")
        head.addWidget(self.reference_button)
        lay.addLayout(head)

        tools = QHBoxLayout()
        self.insert_button = QToolButton()
        self.insert_button.setText("插入数据 ▾")
        self.insert_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.insert_button.setToolTip("在光标处插入随表格自动更新的数据")
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.insert_menu = QMenu(self.insert_button)
        self.insert_button.setMenu(self.insert_menu)
        self.draft_button = QToolButton()
        self.draft_button.setText("根据数据起草")
        self.draft_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.draft_button.setToolTip("根据表格数据起草第二至五部分（已有文字时先询问）")
        self.draft_menu = QMenu(self.draft_button)
        self.draft_button.setMenu(self.draft_menu)
        tools.addWidget(self.insert_button)
        tools.addWidget(self.draft_button)
        tools.addStretch(1)
        self.count_label = QLabel()
        tools.addWidget(self.count_label)
        lay.addLayout(tools)

        self.editor = editor
        self.editor.setAccessibleName("正文")
        lay.addWidget(self.editor, 1)
        self.findings_list = QListWidget()
        self.findings_list.setAccessibleName("本部分的审核结果")
        self.findings_list.setWordWrap(True)  # wrapped, not behind a scroll bar, when the editor is narrow
        self.findings_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.findings_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.findings_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        lay.addWidget(self.findings_list)
        lay.addWidget(hint_label("数据字段不能逐字修改，可整体删除；粘贴的文字一律按纯文本处理。"))

    def show_findings(self, found: list[Finding]) -> None:
        """List ``found`` under the editor (the list is hidden when there are none)."""
        self.findings_list.clear()
        for f in found:
            item = QListWidgetItem(f"[{f.rule_id}] {f.message}")
            item.setToolTip(f.message + (f"\n计算：{f.trace}" if f.trace else ""))
            item.setData(ROLE, f)
            self.findings_list.addItem(item)
        self.findings_list.setVisible(bool(found))
