"""Dialogs of the indicator editor: 调整得分 (an override needs a reason) and the 指标库 search.

``ask_override`` is a module function so that tests can replace it; :class:`LibraryDialog` is driven by
tests as a real widget.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import indicator_library, model, money
from evaldesk.core.errors import InputError
from evaldesk.ui.labels import hint_label
from evaldesk.ui.text_limit import LimitedPlainTextEdit, limit_text_edit


class OverrideDialog(QDialog):
    """Ask for the adjusted score and the reason; 确定 only when both are valid."""

    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        computed: str,
        weight: Decimal,
        score: Decimal | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("调整自评得分")
        self.weight = weight
        lay = QVBoxLayout(self)
        heading = QLabel(f"指标“{name}”（分值{money.format_points(weight)}分）")
        heading.setWordWrap(True)  # a long indicator name wraps instead of running off the dialog
        lay.addWidget(heading)
        lay.addWidget(hint_label(f"按规则计算：{computed}"))
        form = QFormLayout()
        self.score = QLineEdit(money.format_entry(score, "score"))
        self.score.setAccessibleName("调整后得分")
        self.reason = LimitedPlainTextEdit(reason)
        self.reason.setAccessibleName("调整理由")
        self.reason.setPlaceholderText("例如：超额完成，按偏离度适度调减")
        self.reason.setTabChangesFocus(True)
        self.reason_limit = limit_text_edit(self.reason, "override_reason", "调整理由")
        form.addRow("调整后得分", self.score)
        form.addRow("调整理由（必填）", self.reason)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.score.textChanged.connect(self._validate)
        self.reason.textChanged.connect(self._validate)
        self._validate()
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 30)

    def result_value(self) -> tuple[Decimal, str] | None:
        """(score, reason) when both are valid, else None (and the message shown)."""
        try:
            value = money.parse_amount(self.score.text())
        except InputError as e:
            self.error.setText(str(e))
            return None
        reason = self.reason.toPlainText().strip()
        w = money.format_points(self.weight)
        if value is None:
            self.error.setText("请填写调整后的得分。")
        elif not Decimal(0) <= value <= self.weight:
            self.error.setText(f"调整后的得分应在0到{w}分之间。")
        elif not reason:
            self.error.setText("调整得分必须写明理由。")
        else:
            self.error.setText("")
            return value, reason
        return None

    def _validate(self) -> None:
        ok = self.result_value() is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def ask_override(
    parent: QWidget | None,
    name: str,
    computed: str,
    weight: Decimal,
    score: Decimal | None = None,
    reason: str = "",
) -> tuple[Decimal, str] | None:
    """Show :class:`OverrideDialog`; (score, reason) when the clerk confirmed, else None."""
    dlg = OverrideDialog(parent, name, computed, weight, score, reason)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return dlg.result_value()


class LibraryDialog(QDialog):
    """指标库: search the common indicators and the clerk's own from earlier packages."""

    COLUMNS = ("三级指标", "二级指标", "参考指标值", "来源")

    def __init__(self, parent: QWidget | None, level2: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从指标库添加指标")
        self._entries: list[indicator_library.LibraryEntry] = []
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入指标名称中的字词，如：满意度、隐患、培训")
        self.search.setAccessibleName("搜索指标")
        self.search.setClearButtonEnabled(True)
        self.level2 = QComboBox()
        self.level2.addItem("全部二级指标", "")
        for l1, l2s in model.LEVEL2_BY_LEVEL1.items():
            for l2 in l2s:
                self.level2.addItem(f"{l1} · {l2}", l2)
        if level2:
            i = self.level2.findData(level2)
            self.level2.setCurrentIndex(max(0, i))
        row.addWidget(self.search, 1)
        row.addWidget(self.level2)
        lay.addLayout(row)
        self.results = QTableWidget(0, len(self.COLUMNS))
        self.results.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.verticalHeader().hide()
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.results, 1)
        self.count = hint_label("")
        lay.addWidget(self.count)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.insert_button = self.buttons.addButton("插入到表中", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.search.textChanged.connect(self.refresh)
        self.level2.currentIndexChanged.connect(self.refresh)
        self.results.itemSelectionChanged.connect(self._update_buttons)
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 48, em * 30)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Search again for what is typed (the best matches first)."""
        level2 = str(self.level2.currentData() or "") or None
        self._entries = indicator_library.search(self.search.text(), level2, limit=200)
        self.results.setRowCount(len(self._entries))
        for r, e in enumerate(self._entries):
            example = (
                e.example or indicator_library.target_template(e)[0] + indicator_library.target_template(e)[1]
            )
            texts = (e.name, e.level2, example, "本单位以往填报" if e.source == "learned" else "常用指标")
            for c, t in enumerate(texts):
                item = QTableWidgetItem(t)
                item.setToolTip(t)
                self.results.setItem(r, c, item)
        self.count.setText(f"找到{len(self._entries)}个指标。选中后点“插入到表中”，或双击。")
        if self._entries:
            self.results.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.insert_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> indicator_library.LibraryEntry | None:
        rows = self.results.selectionModel().selectedRows()
        if not rows:
            return None
        r = rows[0].row()
        return self._entries[r] if 0 <= r < len(self._entries) else None

    def entries(self) -> list[indicator_library.LibraryEntry]:
        return list(self._entries)

    def keyPressEvent(self, e) -> None:
        # Enter in the search box inserts the selected indicator (Qt would press the default button).
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.chosen() is not None:
            self.accept()
            return
        super().keyPressEvent(e)
