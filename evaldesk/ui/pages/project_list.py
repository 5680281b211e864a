"""The list of projects (附件3) on the left of the 项目支出自评 step: add, duplicate, rename, delete, reorder.

Every operation is one undoable core edit on ``("projects",)`` (projects are addressed by id, so undo
finds them after reordering). Dragging a project to another place is a ``MoveItem`` too; the list itself
never moves items, it is rebuilt from the package after each such edit.
"""

from __future__ import annotations

import copy
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import edits, model
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import heading_font, hint_label, short_name

ID_ROLE = Qt.ItemDataRole.UserRole


def new_project_id(pkg: model.Package) -> str:
    """A fresh id, unique within the package."""
    used = {p.id for p in pkg.projects}
    while True:
        pid = uuid.uuid4().hex[:8]
        if pid not in used:
            return pid


class ProjectListWidget(QListWidget):
    """Projects in package order; a drop asks for a move instead of moving the item itself."""

    move_requested = Signal(int, int)  # (from, to) as edits.MoveItem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)

    def drop_target(self, src: int, before: int) -> int | None:
        """The ``MoveItem`` destination for dropping row ``src`` before row ``before`` (None: no move)."""
        dst = before - 1 if before > src else before
        dst = max(0, min(dst, self.count() - 1))
        return None if dst == src else dst

    def dropEvent(self, event: QDropEvent) -> None:
        src = self.currentRow()
        idx = self.indexAt(event.position().toPoint())
        pos = self.dropIndicatorPosition()
        P = QAbstractItemView.DropIndicatorPosition
        if not idx.isValid():
            before = self.count()
        elif pos == P.BelowItem:
            before = idx.row() + 1
        else:
            before = idx.row()
        # The move is an edit; the list is rebuilt from the package (never let Qt remove the source row).
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        dst = self.drop_target(src, before) if src >= 0 else None
        if dst is not None:
            self.move_requested.emit(src, dst)


class ProjectList(QWidget):
    """The list and its buttons; ``project_chosen(id)`` ("" when none is selected)."""

    project_chosen = Signal(str)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        title = QLabel("项目（附件3）")
        title.setFont(heading_font(self.font(), 1.1))
        self.list = ProjectListWidget()
        self.list.setAccessibleName("项目列表")
        self.add_button = QPushButton("添加项目")
        self.copy_button = QPushButton("复制")
        self.rename_button = QPushButton("重命名")
        self.delete_button = QPushButton("删除")
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        grid = QGridLayout()
        for i, b in enumerate(
            (
                self.add_button,
                self.copy_button,
                self.rename_button,
                self.delete_button,
                self.up_button,
                self.down_button,
            )
        ):
            grid.addWidget(b, i // 2, i % 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(title)
        lay.addWidget(self.list, 1)
        lay.addLayout(grid)
        lay.addWidget(hint_label("每个项目一张附件3。可拖动调整顺序；双击可改名。"))
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 11)
        self.setMaximumWidth(em * 15)

        self.add_button.clicked.connect(self.add_project)
        self.copy_button.clicked.connect(self.duplicate_current)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.list.move_requested.connect(self.move_project)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        session.changed.connect(self._on_changed)
        self.refresh()

    # -- showing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the items from the package, keeping the selected project (or its neighbour)."""
        keep = self.current_id()
        row = self.list.currentRow()
        projects = self.session.package.projects
        self.list.blockSignals(True)
        self.list.clear()
        for p in projects:
            item = QListWidgetItem(p.name or "（未命名项目）")
            item.setData(ID_ROLE, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(p.name)
            self.list.addItem(item)
        ids = [p.id for p in projects]
        if keep in ids:
            self.list.setCurrentRow(ids.index(keep))
        elif ids:
            self.list.setCurrentRow(max(0, min(row, len(ids) - 1)))
        self.list.blockSignals(False)
        self._update_buttons()
        if self.current_id() != keep:
            self.project_chosen.emit(self.current_id())

    def _on_changed(self, edit: edits.Edit) -> None:
        for p in edits.edit_paths(edit):
            if p[:1] == ("projects",) and (len(p) <= 2 or p[2:] == ("name",)):
                self.refresh()
                return

    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else ""

    def select(self, project_id: str) -> bool:
        for r in range(self.list.count()):
            if self.list.item(r).data(ID_ROLE) == project_id:
                self.list.setCurrentRow(r)
                return True
        return False

    def _on_row(self, _row: int) -> None:
        self._update_buttons()
        self.project_chosen.emit(self.current_id())

    def _update_buttons(self) -> None:
        row, n = self.list.currentRow(), self.list.count()
        has = row >= 0
        for b in (self.copy_button, self.rename_button, self.delete_button):
            b.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < n - 1)

    def _menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction("添加项目", self.add_project)
        if self.list.currentItem() is not None:
            menu.addAction("复制", self.duplicate_current)
            menu.addAction("重命名", self.rename_current)
            menu.addAction("删除", self.delete_current)
            menu.addSeparator()
            menu.addAction("上移", lambda: self.move_current(-1)).setEnabled(self.up_button.isEnabled())
            menu.addAction("下移", lambda: self.move_current(1)).setEnabled(self.down_button.isEnabled())
        menu.exec(self.list.viewport().mapToGlobal(pos))

    # -- operations ------------------------------------------------------------------------------
    def _project(self) -> model.Project | None:
        pid = self.current_id()
        try:
            return self.session.package.project(pid) if pid else None
        except KeyError:
            return None

    def add_project(self) -> str | None:
        """A new project after the selected one, with the standard indicator headings."""
        pkg = self.session.package
        names = {p.name for p in pkg.projects}
        n = 1
        while f"新项目{n}" in names:
            n += 1
        p = model.Project(
            id=new_project_id(pkg),
            name=f"新项目{n}",
            department=pkg.unit.department,
            implementer=pkg.unit.name,
            performance=model.Performance(indicators=model.standard_indicators()),
        )
        pos = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else len(pkg.projects)
        if not self.session.push(edits.InsertItem(("projects",), pos, p), f"添加项目“{short_name(p.name)}”"):
            return None
        self.select(p.id)
        return p.id

    def duplicate_current(self) -> str | None:
        src = self._project()
        if src is None:
            return None
        p = copy.deepcopy(src)
        p.id = new_project_id(self.session.package)
        p.name = f"{src.name}（副本）"
        pos = self.list.currentRow() + 1
        if not self.session.push(
            edits.InsertItem(("projects",), pos, p), f"复制项目“{short_name(src.name)}”"
        ):
            return None
        self.select(p.id)
        return p.id

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def rename(self, project_id: str, name: str) -> bool:
        name = name.strip()
        if not name:
            self.session.notice.emit("项目名称不能为空。")
            self.refresh()
            return False
        return self.session.set_value(
            ("projects", project_id, "name"), name, f"项目改名为“{short_name(name)}”"
        )

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        pid = str(item.data(ID_ROLE))
        try:
            old = self.session.package.project(pid).name
        except KeyError:
            return
        if item.text() != (old or "（未命名项目）"):
            self.rename(pid, item.text())

    def delete_current(self) -> bool:
        p = self._project()
        if p is None:
            return False
        answer = QMessageBox.question(
            self,
            "删除项目",
            f"确定删除项目“{short_name(p.name) or '未命名项目'}”及其附件3的全部内容吗？\n删除后可以用“撤销”（Ctrl+Z）恢复。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        row = self.list.currentRow()
        return self.session.push(edits.RemoveItem(("projects",), row), f"删除项目“{short_name(p.name)}”")

    def move_current(self, delta: int) -> bool:
        row = self.list.currentRow()
        dst = row + delta
        if row < 0 or not 0 <= dst < self.list.count():
            return False
        return self.move_project(row, dst)

    def move_project(self, src: int, dst: int) -> bool:
        """Move the project at ``src`` to ``dst`` (one undo step)."""
        projects = self.session.package.projects
        if not (0 <= src < len(projects) and 0 <= dst < len(projects)) or src == dst:
            return False
        name = short_name(projects[src].name)
        return self.session.push(edits.MoveItem(("projects",), src, dst), f"移动项目“{name}”")
