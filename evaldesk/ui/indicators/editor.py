"""The indicator editor shared by 附件2 and every 附件3: the table, its buttons and the detail line.

Rows are added into a chosen 二级 heading, removed, and moved within their heading (buttons and the
context menu; every change one undo step). The 自评得分 of a row shows its computation when clicked; an
override needs a reason (``indicator_dialogs.ask_override``). The 指标库 inserts a common or earlier
indicator into this table.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import carryover, edits, indicator_library, indicator_rows, model, money
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.grid.value_editor import ValueEditor
from evaldesk.ui.indicators import dialogs as dialogs
from evaldesk.ui.indicators.detail import cell_detail
from evaldesk.ui.indicators.view import IndicatorView
from evaldesk.ui.labels import hint_label, short_name
from evaldesk.ui.models.indicator_model import (
    C_L1,
    C_NAME,
    C_SCORE,
    C_TARGET,
    IndicatorModel,
)

log = logging.getLogger(__name__)

LEGEND = (
    "年度指标值、实际完成值可直接输入（如 ≥90%、≤1起、=0起、按时完成），双击可分别选择符号、数值、单位和定性档次。"
    "灰色的自评得分由程序计算，点击可看计算过程；橙色角标为经办人调整的得分。"
)


def _button(text: str, tip: str, slot: object) -> QToolButton:
    """A compact text button (tool buttons have no minimum width, so the row fits a narrow page)."""
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    b.clicked.connect(slot)
    return b


class IndicatorEditor(QWidget):
    """绩效指标 of the table at ``prefix`` (``("overall",)`` or ``("projects", id, "performance")``)."""

    def __init__(self, session: DocumentSession, prefix: edits.Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = IndicatorModel(session, prefix, self)
        self.view = IndicatorView(self.model)
        # 三级指标 takes the spare width; the rest is as narrow as the form's texts allow.
        self.view.set_column_chars([5.5, 5.5, None, 6, 6, 4, 4.5, 6.5])  # type: ignore[list-item]

        self.add_button = QToolButton()
        self.add_button.setText("添加指标")
        self.add_button.setToolTip("在所选指标的二级指标下添加一行；点右侧箭头可选择二级指标")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.add_menu = QMenu(self.add_button)
        for l1, l2s in model.LEVEL2_BY_LEVEL1.items():
            sub = self.add_menu.addMenu(l1)
            for l2 in l2s:
                sub.addAction(l2, partial(self.add_indicator, l1, l2))
        self.add_button.setMenu(self.add_menu)
        self.add_button.clicked.connect(lambda: self.add_indicator())
        self.remove_button = _button("删除", "删除所选的指标行（可撤销）", self.remove_current)
        self.up_button = _button("上移", "在同一二级指标内上移", lambda: self.move_current(-1))
        self.down_button = _button("下移", "在同一二级指标内下移", lambda: self.move_current(1))
        self.override_button = _button("调整得分…", "经办人调整自评得分（须写明理由）", self.override_current)
        self.clear_override_button = _button("取消调整", "恢复按规则计算的得分", self.clear_override)
        self.library_button = _button(
            "指标库…", "从指标库添加：搜索常用指标和本单位以往填报的指标，插入到本表", self.open_library
        )
        self.confirm_button = _button(
            "确认沿用的指标", "上年沿用的指标（蓝灰色）核对无误后，一次确认", self.confirm_carried
        )
        buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.override_button,
            self.clear_override_button,
            self.library_button,
            self.confirm_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("background: #f7f7f4; border: 1px solid #ddd; padding: 4px;")
        self.detail.setAccessibleName("计算过程")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.view)
        lay.addWidget(self.detail)
        lay.addWidget(hint_label(LEGEND))

        self._actions: dict[str, QAction] = {}
        for key, text, slot in (
            ("add", "在此二级指标下添加", lambda: self.add_indicator()),
            ("remove", "删除指标", self.remove_current),
            ("up", "上移", lambda: self.move_current(-1)),
            ("down", "下移", lambda: self.move_current(1)),
            ("override", "调整得分…", self.override_current),
            ("clear", "取消调整", self.clear_override),
            ("library", "从指标库添加…", self.open_library),
        ):
            a = QAction(text, self)
            a.triggered.connect(slot)
            self._actions[key] = a
        self.view.extra_actions = list(self._actions.values())
        self.view.selectionModel().currentChanged.connect(lambda cur, _prev: self.show_detail(cur))
        self.view.clicked.connect(self._on_clicked)
        self.model.modelReset.connect(self._update_buttons)
        session.changed.connect(self._on_session_changed)
        self.show_detail(QModelIndex())

    # -- where -----------------------------------------------------------------------------------
    @property
    def list_path(self) -> edits.Path:
        return self.model.list_path

    def set_prefix(self, prefix: edits.Path) -> None:
        """Show another table (the projects page switches projects)."""
        self.model.set_prefix(prefix)
        self.show_detail(QModelIndex())

    def current_item(self) -> int | None:
        idx = self.view.currentIndex()
        return self.model.item_of(idx.row()) if idx.isValid() else None

    def select_item(self, item: int, column: int = C_NAME) -> None:
        idx = self.model.index(self.model.row_of(item), column)
        self.view.setCurrentIndex(idx)
        self.view.scrollTo(idx)
        self.view.setFocus()

    def insert_position(self, level1: str, level2: str) -> int:
        """After the last row of that 二级 heading; for a heading not in the table, where the form has it."""
        return indicator_rows.insert_position(self.model.indicators(), level1, level2)

    # -- rows ------------------------------------------------------------------------------------
    def add_indicator(self, level1: str | None = None, level2: str | None = None) -> int | None:
        """Add an empty row under ``level1``/``level2`` (default: the selected row's heading)."""
        if level1 is None or level2 is None:
            item = self.current_item()
            inds = self.model.indicators()
            if item is not None:
                level1, level2 = inds[item].level1, inds[item].level2
            else:
                level1 = next(iter(model.LEVEL2_BY_LEVEL1))
                level2 = model.LEVEL2_BY_LEVEL1[level1][0]
        pos = self.insert_position(level1, level2)
        edit = edits.InsertItem(self.list_path, pos, model.Indicator(level1=level1, level2=level2))
        if not self.session.push(edit, f"在{self.model.where()}“{short_name(level2)}”下添加指标"):
            return None
        self.select_item(pos)
        return pos

    def remove_current(self) -> bool:
        item = self.current_item()
        if item is None:
            self.view.show_message("请先选中要删除的指标行。")
            return False
        col = max(self.view.currentIndex().column(), C_NAME)
        label = f"删除{self.model.where()}指标“{self.model.name_of(item)}”"
        if not self.session.push(edits.RemoveItem(self.list_path, item), label):
            return False
        n = len(self.model.indicators())
        if n:
            self.select_item(min(item, n - 1), col)
        return True

    def move_current(self, delta: int) -> bool:
        """Move the selected row up (−1) or down (+1) within its 二级 heading."""
        item = self.current_item()
        if item is None or not indicator_rows.same_group(self.model.indicators(), item, item + delta):
            return False
        col = self.view.currentIndex().column()
        label = f"{'上移' if delta < 0 else '下移'}指标“{self.model.name_of(item)}”"
        if not self.session.push(edits.MoveItem(self.list_path, item, item + delta), label):
            return False
        self.select_item(item + delta, col)
        return True

    # -- overrides -------------------------------------------------------------------------------
    def override_current(self) -> bool:
        """Ask for an adjusted score and its reason; both are set as one undoable edit."""
        item = self.current_item()
        if item is None:
            self.view.show_message("请先选中要调整得分的指标行。")
            return False
        ind = self.model.indicators()[item]
        if ind.weight is None:
            self.view.show_message("请先填写这个指标的分值，再调整得分。", self.view.currentIndex())
            return False
        sc = self.model.indicator_score(item)
        computed = sc.computed.trace if sc is not None else "评分暂不可用"
        name = self.model.name_of(item)
        answer = dialogs.ask_override(
            self, name, computed, ind.weight, ind.override_score, ind.override_reason
        )
        if answer is None:
            return False
        value, reason = answer
        base = (*self.list_path, item)
        shown = money.format_points(value)
        label = f"调整{self.model.where()}指标“{name}”的自评得分为{shown}分"
        edit = edits.Batch(
            (
                edits.SetValue((*base, "override_score"), value),
                edits.SetValue((*base, "override_reason"), reason),
            ),
            label,
        )
        ok = self.session.push(edit, label)
        if ok:
            self.select_item(item, C_SCORE)
        return ok

    def clear_override(self) -> bool:
        item = self.current_item()
        if item is None:
            return False
        ind = self.model.indicators()[item]
        if ind.override_score is None and not ind.override_reason:
            return False
        base = (*self.list_path, item)
        label = f"取消{self.model.where()}指标“{self.model.name_of(item)}”的得分调整"
        edit = edits.Batch(
            (edits.SetValue((*base, "override_score"), None), edits.SetValue((*base, "override_reason"), "")),
            label,
        )
        return self.session.push(edit, label)

    # -- the library -----------------------------------------------------------------------------
    def open_library(self) -> bool:
        item = self.current_item()
        level2 = self.model.indicators()[item].level2 if item is not None else None
        dlg = dialogs.LibraryDialog(self, level2)
        try:
            if dlg.exec() != dlg.DialogCode.Accepted:
                return False
            entry = dlg.chosen()
        finally:
            dlg.deleteLater()
        return entry is not None and self.insert_entry(entry) is not None

    def insert_entry(self, entry: indicator_library.LibraryEntry) -> int | None:
        """Put a library indicator into this table: into an empty row of its heading, else a new row."""
        ind = indicator_library.to_indicator(entry)
        label = f"从指标库添加“{short_name(ind.name)}”到{self.model.where()}"
        pos, edit = indicator_rows.place_indicator(self.list_path, self.model.indicators(), ind)
        if not self.session.push(edit, label):
            return None
        self.select_item(pos, C_TARGET)
        before, _after = indicator_library.target_template(entry)
        if ind.target:
            # The target is a template (``≥%``): open it with the cursor where the number goes.
            idx = self.view.currentIndex()
            self.view.edit(idx)
            editor = self.view.indexWidget(idx)
            if isinstance(editor, ValueEditor):
                editor.raw.deselect()
                editor.raw.setCursorPosition(len(before))
        return pos

    def confirm_carried(self) -> bool:
        """Confirm every indicator value of this table carried from last year."""
        edit = carryover.uncarry_edit(self.session.package, self.list_path)
        if edit is None:
            return False
        return self.session.push(edit, f"确认{self.model.where()}沿用上年的指标")

    # -- showing how a number came about ---------------------------------------------------------
    def _on_clicked(self, index: QModelIndex) -> None:
        text = self.show_detail(index)
        if index.column() in (C_SCORE, C_L1) and text:
            rect = self.view.visualRect(index)
            QToolTip.showText(self.view.viewport().mapToGlobal(rect.bottomLeft()), text, self.view)

    def detail_text(self, index: QModelIndex) -> str:
        """What the detail line says about the cell at ``index``."""
        return cell_detail(self.model, index)

    def show_detail(self, index: QModelIndex) -> str:
        text = self.detail_text(index)
        self.detail.setText(text or " ")
        self._update_buttons()
        return text

    def _on_session_changed(self, _edit: object) -> None:
        self.show_detail(self.view.currentIndex())

    def _update_buttons(self) -> None:
        item = self.current_item()
        has = item is not None
        ind = self.model.indicators()[item] if has and item is not None else None
        overridden = ind is not None and (ind.override_score is not None or bool(ind.override_reason))
        enabled = {
            "remove": has,
            "up": has
            and item is not None
            and indicator_rows.same_group(self.model.indicators(), item, item - 1),
            "down": has
            and item is not None
            and indicator_rows.same_group(self.model.indicators(), item, item + 1),
            "override": ind is not None and ind.weight is not None,
            "clear": overridden,
        }
        for key, on in enabled.items():
            self._actions[key].setEnabled(bool(on))
        self.remove_button.setEnabled(enabled["remove"])
        self.up_button.setEnabled(bool(enabled["up"]))
        self.down_button.setEnabled(bool(enabled["down"]))
        self.override_button.setEnabled(bool(enabled["override"]))
        self.clear_override_button.setEnabled(overridden)
        pkg = self.session.package
        key = edits.describe_path(self.list_path) + "/"
        self.confirm_button.setVisible(any(c.startswith(key) for c in pkg.carried))

    def focus_path(self, path: edits.Path) -> bool:
        """Select the cell of ``path`` (a field of an indicator, or the 总分 row)."""
        hit = self.model._by_path.get(tuple(path))
        if hit is None:
            n = len(self.list_path)
            if tuple(path[:n]) == self.list_path and len(path) > n and str(path[n]).isdigit():
                hit = (self.model.row_of(int(path[n])), C_NAME)
            elif tuple(path[:n]) == self.list_path and self.model.rowCount():
                hit = (0, C_NAME)
            else:
                return False
        idx = self.model.index(*hit)
        self.view.setCurrentIndex(idx)
        self.view.setFocus()
        self.view.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
        return True
