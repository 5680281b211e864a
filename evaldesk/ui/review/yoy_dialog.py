"""与上年对比 (视图 menu): amounts that changed sharply from last year, and figures identical to last year's.

Two tabs. 本表两年对比: 附件1's own Y−1年决算数 column beside its Y年决算数 (change and change %); a
sharp change (``core.yoy`` rule Y1) and an identical non-zero figure (``yoy.stale_copy_findings``, the
same test as 审核 rule L8) are coloured, with the reason in the last column. 与上年自评包对比: the
session's last-year package (the one 从上年继续 started from, or 选择上年自评包… — ``ui.document.last_year_dialog``, shared
with the 自评报告 page), ``yoy.yoy_rows`` and ``yoy.compare_years``
— 附件1, 附件2 and each 附件3 against last year's package (Y1 sharp change, Y2 copied figure, Y3 a
Y−1年决算数 that differs from what last year's package reported). Double-clicking a row shows its cell.
The dialog is not modal and follows the clerk's edits. The rows' texts are built in ``core.yoy_table``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import model
from evaldesk.core.yoy_table import FLAG_NAMES, ViewRow, compare_rows, within_rows
from evaldesk.ui.document import last_year_dialog as last_year_ui
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.review.jump import part_of_path

ROW_ROLE = Qt.ItemDataRole.UserRole
FLAG_COLORS = {"mismatch": QColor("#fde2e2"), "same": QColor("#ede7f6"), "sharp": QColor("#fff3e0")}
COLUMNS = ("类别", "项目", "上年", "本年", "增减额", "增减幅度", "说明")
COLUMN_CHARS = (6, 15, 8, 8, 8, 7, 24)
C_LABEL, C_REASON = 1, 6


# -- widgets -----------------------------------------------------------------------------------------------
def legend(*flags: str) -> QLabel:
    """The colours used in a table and what they mean."""
    parts = [
        f'<span style="background:{FLAG_COLORS[k].name()};">&nbsp;{FLAG_NAMES[k]}&nbsp;</span>' for k in flags
    ]
    label = QLabel("颜色：" + "　".join(parts) + "　·　双击一行转到该单元格。")
    label.setWordWrap(True)
    return label


class YoyTable(QTableWidget):
    """The comparison rows; wraps long names and reasons (rows grow, nothing is cut off)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.rows: list[ViewRow] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        em = self.fontMetrics().horizontalAdvance("中")
        for c, chars in enumerate(COLUMN_CHARS):
            self.setColumnWidth(c, em * chars + em)
        header.setSectionResizeMode(C_REASON, QHeaderView.ResizeMode.Stretch)
        self.set_headers("上年", "本年")

    def set_headers(self, last: str, this: str) -> None:
        names = list(COLUMNS)
        names[2], names[3] = last, this
        self.setHorizontalHeaderLabels(names)

    def set_rows(self, rows: list[ViewRow]) -> None:
        keep = self.verticalScrollBar().value()
        self.rows = rows
        self.clearContents()
        self.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for r, row in enumerate(rows):
            texts = (row.group, row.label, row.last, row.this, row.change, row.pct, "\n".join(row.reasons))
            tip = "\n".join(row.details) or ("本年度已没有这一行。" if not row.path else "双击转到该单元格。")
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ROW_ROLE, r)
                item.setTextAlignment(right if 2 <= c <= 5 and row.group != "指标" else left)
                item.setToolTip(tip)
                if row.flag:
                    item.setBackground(QBrush(FLAG_COLORS[row.flag]))
                self.setItem(r, c, item)
        self.resizeRowsToContents()
        self.verticalScrollBar().setValue(keep)

    def row_at(self, r: int) -> ViewRow | None:
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def resizeEvent(self, e: Any) -> None:
        super().resizeEvent(e)
        self.resizeRowsToContents()  # the reason column stretches: its wrapping changes


class YoyDialog(QDialog):
    """视图 → 与上年对比…; ``workspace`` shows a row's cell when it is double-clicked."""

    def __init__(self, session: DocumentSession, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.workspace = session, workspace
        self.setWindowTitle("与上年对比")
        self.setModal(False)

        self.tabs = QTabWidget()
        self.within = YoyTable()
        self.within_note = QLabel()
        self.within_note.setWordWrap(True)
        self.tabs.addTab(self._tab(self.within_note, legend("sharp", "same"), self.within), "本表两年对比")

        self.compare = YoyTable()
        self.compare_note = QLabel()
        self.compare_note.setWordWrap(True)
        self.load_button = QPushButton(last_year_ui.CHOOSE_TEXT)
        self.load_button.setToolTip(last_year_ui.CHOOSE_TIP)
        self.load_button.clicked.connect(self.choose_last_year)
        top = QHBoxLayout()
        top.addWidget(self.compare_note, 1)
        top.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignTop)
        self.tabs.addTab(
            self._tab(top, legend("sharp", "same", "mismatch"), self.compare), "与上年自评包对比"
        )

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)
        for table in (self.within, self.compare):
            table.cellDoubleClicked.connect(lambda r, _c, t=table: self.show_row(t.row_at(r)))
        em = self.fontMetrics().horizontalAdvance("中")
        # Narrower than every column plus a readable 说明 would hide the reasons behind a scroll bar.
        fixed = sum(COLUMN_CHARS[:C_REASON]) + C_REASON
        self.setMinimumWidth(em * (fixed + 20))
        self.resize(em * 96, em * 44)
        self._dirty = self._refreshing = False
        session.recomputed.connect(self._on_recomputed)
        session.last_year_changed.connect(self._on_recomputed)
        self.refresh()

    @property
    def last_year(self) -> model.Package | None:
        """The session's last-year package (read from the remembered file when first needed)."""
        return self.session.load_last_year()

    @property
    def last_path(self) -> Path | None:
        return self.session.last_year_path

    def _on_recomputed(self) -> None:
        if self._refreshing:
            return  # the remembered last-year file was just read by this refresh
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # closed: brought up to date when shown again

    def showEvent(self, e: Any) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(e)

    @staticmethod
    def _tab(head: QWidget | QHBoxLayout, legend_label: QLabel, table: YoyTable) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        if isinstance(head, QHBoxLayout):
            lay.addLayout(head)
        else:
            lay.addWidget(head)
        lay.addWidget(legend_label)
        lay.addWidget(table, 1)
        return w

    # -- content ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild both tables from the package as it is now."""
        self._dirty = False
        self._refreshing = True
        try:
            self.session.load_last_year()
        finally:
            self._refreshing = False
        pkg = self.session.package
        y = pkg.fiscal_year
        rows = within_rows(pkg)
        self.within.set_headers(f"{y - 1}年\n决算数", f"{y}年\n决算数")
        self.within.set_rows(rows)
        flagged = sum(1 for r in rows if r.flags)
        self.within_note.setText(
            f"附件1中每一行的“{y - 1}年决算数”与“{y}年决算数”对比。"
            + (f"有 {flagged} 行需要留意，原因写在“说明”一栏。" if flagged else "没有需要留意的行。")
            + "两年金额完全相同的行也会在“审核”步骤中提示。"
        )
        self.compare.set_headers(f"上年\n（{y - 1}年）", f"本年\n（{y}年）")
        prev = self.last_year
        if prev is None:
            self.compare.set_rows([])
            self.compare_note.setText(
                "选择上一年度的自评包（.evaldesk 草稿、上传包 .zip 或 Excel 工作簿），"
                f"与本年度的附件1、附件2和附件3逐行对比；还会核对本表的{y - 1}年决算数是否与上年自评包一致。"
            )
            return
        rows = compare_rows(prev, pkg)
        self.compare.set_rows(rows)
        name = self.last_path.name if self.last_path is not None else ""
        note = f"上年自评包：{name}（{prev.fiscal_year}年度，{prev.unit.name or '未填写单位名称'}）。"
        if prev.fiscal_year != y - 1:
            note += f"注意：所选自评包是{prev.fiscal_year}年度的，不是{y - 1}年度的。"
        if (
            prev.unit.name.strip()
            and pkg.unit.name.strip()
            and prev.unit.name.strip() != pkg.unit.name.strip()
        ):
            note += f"注意：单位名称与本年度（{pkg.unit.name.strip()}）不同。"
        flagged = sum(1 for r in rows if r.flags)
        note += f"有 {flagged} 行需要留意。" if flagged else "没有需要留意的行。"
        self.compare_note.setText(note)

    def load_last_year(self, path: Path) -> bool:
        """Compare with the package in ``path`` (it becomes the session's); a dialog says why it cannot be read."""
        return self._shown(last_year_ui.load(self, self.session, Path(path)))

    def choose_last_year(self) -> bool:
        """选择上年自评包…: a file dialog, then :meth:`load_last_year`."""
        return self._shown(last_year_ui.choose(self, self.session))

    def _shown(self, loaded: bool) -> bool:
        if loaded:  # the session's signal has refreshed the tables
            self.tabs.setCurrentIndex(1)
        return loaded

    def show_row(self, row: ViewRow | None) -> bool:
        """Show the cell of ``row`` in the main window (``False`` for a line gone this year)."""
        if row is None or not row.path or self.workspace is None:
            return False
        return bool(self.workspace.focus_path(part_of_path(row.path), row.path))
