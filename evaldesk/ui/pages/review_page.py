"""审核: every finding in a tree (错误 / 警告 / 提示 → part → finding), its trace, jumps and acknowledgements.

Activating a finding (double-click or Enter) shows the page that holds its cell and selects it. A warning
may be acknowledged with a reason (stored in the draft as ``model.Acknowledgement``, kind ``warning``,
listed in the upload package's manifest); an error cannot be acknowledged away.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import edits, model
from evaldesk.core.checks.registry import RULE_TITLES
from evaldesk.core.findings import PART_LABELS, PARTS, SEVERITIES, SEVERITY_LABELS, Finding
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import heading_font, hint_label
from evaldesk.ui.review import jump
from evaldesk.ui.review.reason_dialog import ask_reason

ACK_PATH: edits.Path = ("acknowledgements",)
ROLE = Qt.ItemDataRole.UserRole
SEVERITY_COLORS = {"error": QColor("#c62828"), "warning": QColor("#b26a00"), "hint": QColor("#1565c0")}
ACK_COLOR = QColor("#777")
ERROR_EXPLAINED = (
    "错误不能通过“确认”消除，请改正对应的数据。确需按现状上报的，可在“导出”步骤生成上传包时"
    "填写接受这些错误的原因，原因会记入上传包清单（manifest.json）。"
)
HINT_EXPLAINED = "提示仅供参考，无需确认。"


def acknowledgement_for(pkg: model.Package, f: Finding) -> tuple[int, model.Acknowledgement] | None:
    """The draft's acknowledgement of warning ``f`` and its position, if the clerk made one."""
    for i, a in enumerate(pkg.acknowledgements):
        if a.kind == "warning" and a.rule_id == f.rule_id and a.location == f.location.ack_key:
            return i, a
    return None


class ReviewPage(QWidget):
    """Step 6 审核."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__()
        self.session = session
        self.findings: list[Finding] = []
        self._dirty = True
        em = self.fontMetrics().horizontalAdvance("中")

        title = QLabel("审核")
        title.setFont(heading_font(self.font()))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setAccessibleName("审核结果")
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._show_detail)
        self.tree.itemActivated.connect(self._on_activated)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        # One scrolling, selectable text for the detail: word-wrapped labels in a splitter get clipped.
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("审核结果详情")
        self.detail.setOpenLinks(False)
        self.info: dict[str, str] = {}  # rule, message, place, trace, ack, explain (plain text)
        self.go_button = QPushButton("转到该处")
        self.go_button.setToolTip("显示该处所在的页面并选中（也可双击或按回车）")
        self.go_button.clicked.connect(self.jump_current)
        self.report_button = QPushButton("在报告中查看")
        self.report_button.setToolTip("显示自评报告中对应的句子")
        self.report_button.clicked.connect(self.show_current_in_report)
        self.table_button = QPushButton("转到表格")
        self.table_button.setToolTip("显示报告中的数字所对应的表格单元格")
        self.table_button.clicked.connect(self.show_current_table_cell)
        self.ack_button = QPushButton("确认此警告…")
        self.ack_button.clicked.connect(self.acknowledge_current)
        self.unack_button = QPushButton("取消确认")
        self.unack_button.clicked.connect(self.unacknowledge_current)
        buttons = QHBoxLayout()
        for b in (self.go_button, self.report_button, self.table_button, self.ack_button, self.unack_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        dl.addWidget(self.detail, 1)
        dl.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.tree)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.detail.setMinimumHeight(em * 6)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(em, em, em, em)
        lay.addWidget(title)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        lay.addWidget(
            hint_label(
                "双击或按回车跳到对应单元格。警告核实无误后可“确认”并写明原因，确认记录会写入上传包清单。"
            )
        )
        session.recomputed.connect(self._on_recomputed)
        self.refresh()

    # -- building the tree -------------------------------------------------------------------------
    def _on_recomputed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, e: QShowEvent) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(e)

    def refresh(self) -> None:
        """Rebuild the tree from the session's latest findings, keeping expansion and selection."""
        self._dirty = False
        a = self.session.analysis
        pkg = self.session.package
        current = self.current_finding()
        expanded = self._expanded_groups()
        self.findings = list(a.findings)
        self.tree.clear()
        if not a.checked:
            self.summary.setText("审核规则暂不可用（内部错误已记录到日志）。")
            self._show_detail(None)
            return
        counts = {s: 0 for s in SEVERITIES}
        acked = 0
        restore: QTreeWidgetItem | None = None
        for sev in SEVERITIES:
            group = [(i, f) for i, f in enumerate(self.findings) if f.severity == sev]
            counts[sev] = len(group)
            if not group:
                continue
            top = QTreeWidgetItem([""])
            top.setData(0, ROLE, ("group", sev))
            top.setForeground(0, QBrush(SEVERITY_COLORS[sev]))
            top.setFont(0, heading_font(self.font(), 1.0))
            self.tree.addTopLevelItem(top)
            sev_acked = 0
            for part in PARTS:
                in_part = [(i, f) for i, f in group if f.location.part == part]
                if not in_part:
                    continue
                node = QTreeWidgetItem([f"{PART_LABELS.get(part, part)}  {len(in_part)} 处"])
                node.setData(0, ROLE, ("group", f"{sev}/{part}"))
                top.addChild(node)
                for i, f in in_part:
                    ack = acknowledgement_for(pkg, f) if sev == "warning" else None
                    item = QTreeWidgetItem([self._item_text(f, ack is not None)])
                    item.setData(0, ROLE, ("finding", i))
                    item.setToolTip(0, f.message + (f"\n计算：{f.trace}" if f.trace else ""))
                    if ack is not None:
                        item.setForeground(0, QBrush(ACK_COLOR))
                        sev_acked += 1
                    node.addChild(item)
                    if current is not None and f.key == current.key and f.message == current.message:
                        restore = item
                node.setExpanded(expanded.get(f"{sev}/{part}", True))
            acked += sev_acked
            text = f"{SEVERITY_LABELS[sev]} {len(group)} 处"
            if sev_acked:
                text += f"（已确认 {sev_acked} 处）"
            top.setText(0, text)
            top.setExpanded(expanded.get(sev, sev != "hint"))
        self.summary.setText(self._summary_text(counts, acked, pkg))
        if restore is not None:
            self.tree.setCurrentItem(restore)
        else:
            self._show_detail(None)

    @staticmethod
    def _item_text(f: Finding, acknowledged: bool) -> str:
        mark = "✓ 已确认  " if acknowledged else ""
        return f"{mark}[{f.rule_id}] {f.message}"

    def _summary_text(self, counts: dict[str, int], acked: int, pkg: model.Package) -> str:
        if not any(counts.values()):
            return "未发现问题。"
        parts = [f"{SEVERITY_LABELS[s]} {counts[s]} 处" for s in SEVERITIES]
        text = "，".join(parts) + "。"
        if acked:
            text += f"其中 {acked} 处警告已确认。"
        if counts["error"]:
            text += "有错误时不能直接生成上传包，请先改正。"
        live = {(f.rule_id, f.location.ack_key) for f in self.findings}
        stale = sum(
            1 for a in pkg.acknowledgements if a.kind == "warning" and (a.rule_id, a.location) not in live
        )
        if stale:
            text += f"另有 {stale} 条确认记录对应的警告已不再出现。"
        return text

    def _groups(self) -> list[QTreeWidgetItem]:
        """The severity and part nodes, each severity followed by its parts."""
        out: list[QTreeWidgetItem] = []
        for t in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(t)
            if top is not None:
                out.append(top)
                out.extend(c for c in (top.child(k) for k in range(top.childCount())) if c is not None)
        return out

    def _expanded_groups(self) -> dict[str, bool]:
        return {g.data(0, ROLE)[1]: g.isExpanded() for g in self._groups()}

    # -- selection and detail ----------------------------------------------------------------------
    def finding_of(self, item: QTreeWidgetItem | None) -> Finding | None:
        data = item.data(0, ROLE) if item is not None else None
        if isinstance(data, tuple) and data[0] == "finding" and 0 <= data[1] < len(self.findings):
            return self.findings[data[1]]
        return None

    def current_finding(self) -> Finding | None:
        return self.finding_of(self.tree.currentItem())

    def item_for(self, rule_id: str, key_part: str = "") -> QTreeWidgetItem | None:
        """The first finding item of ``rule_id`` whose location key contains ``key_part`` (tests, jumps)."""
        for node in self._groups():
            for k in range(node.childCount()):
                item = node.child(k)
                f = self.finding_of(item)
                if f is not None and f.rule_id == rule_id and key_part in f.location.key:
                    return item
        return None

    def _show_detail(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None = None) -> None:
        f = self.finding_of(item)
        for b in (self.go_button, self.report_button, self.table_button, self.ack_button, self.unack_button):
            b.setVisible(f is not None)
        if f is None:
            self.info = {"rule": "选择一条审核结果查看详情。" if self.findings else ""}
            self._render_detail(None)
            return
        ack = acknowledgement_for(self.session.package, f) if f.severity == "warning" else None
        self.info = {
            "rule": f"{SEVERITY_LABELS.get(f.severity, f.severity)} · {f.rule_id} {RULE_TITLES.get(f.rule_id, '')}",
            "message": f.message,
            "place": f"位置：{f.location.label or PART_LABELS.get(f.location.part, f.location.part)}",
            "trace": f"计算：{f.trace}" if f.trace else "",
            "ack": f"已确认，原因：{ack[1].reason}" if ack else "",
            "explain": ERROR_EXPLAINED
            if f.severity == "error"
            else HINT_EXPLAINED
            if f.severity == "hint"
            else "",
        }
        self._render_detail(f)
        self.report_button.setVisible(
            jump.report_target(f) is not None and tuple(f.location.path)[:1] != ("report",)
        )
        self.table_button.setVisible(bool(f.values.get("table_path")))
        self.ack_button.setVisible(ack is None)
        self.unack_button.setVisible(ack is not None)
        self.ack_button.setEnabled(f.severity == "warning")
        self.ack_button.setToolTip(self.info["explain"] or "核实无误后确认此警告，并写明原因")

    def _render_detail(self, f: Finding | None) -> None:
        color = SEVERITY_COLORS.get(f.severity, ACK_COLOR).name() if f is not None else "#555"
        parts = [f'<p style="color:{color}; font-weight:bold;">{escape(self.info.get("rule", ""))}</p>']
        for key, style in (
            ("message", ""),
            ("place", "color:#666;"),
            ("trace", ""),
            ("ack", "color:#2e7d32;"),
            ("explain", "color:#666;"),
        ):
            if self.info.get(key):
                parts.append(f'<p style="{style}">{escape(self.info[key])}</p>')
        self.detail.setHtml("".join(parts))

    # -- actions -----------------------------------------------------------------------------------
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        f = self.finding_of(item)
        if f is not None:
            jump.jump_to_finding(self, f)

    def jump_current(self) -> bool:
        f = self.current_finding()
        return f is not None and jump.jump_to_finding(self, f)

    def show_current_in_report(self) -> bool:
        f = self.current_finding()
        return f is not None and jump.show_in_report(self, f)

    def show_current_table_cell(self) -> bool:
        f = self.current_finding()
        return f is not None and jump.show_table_cell(self, f)

    def acknowledge(self, f: Finding, reason: str | None = None) -> bool:
        """Acknowledge warning ``f`` (asks for the reason when not given); errors are refused."""
        if f.severity != "warning":
            self.info["explain"] = ERROR_EXPLAINED if f.severity == "error" else HINT_EXPLAINED
            self._render_detail(f)
            return False
        if acknowledgement_for(self.session.package, f) is not None:
            return False
        if reason is None:
            reason = ask_reason(
                self,
                "确认警告",
                f"{f.message}\n\n确认后此警告仍会列出（标为“已确认”），原因会记入上传包清单。",
                ok_text="确认",
            )
        if not reason:
            return False
        ack = model.Acknowledgement(f.rule_id, f.location.ack_key, reason.strip(), "warning")
        n = len(self.session.package.acknowledgements)
        return self.session.push(edits.InsertItem(ACK_PATH, n, ack), f"确认警告 {f.rule_id}")

    def unacknowledge(self, f: Finding) -> bool:
        found = acknowledgement_for(self.session.package, f)
        if found is None:
            return False
        return self.session.push(edits.RemoveItem(ACK_PATH, found[0]), f"取消确认警告 {f.rule_id}")

    def acknowledge_current(self) -> bool:
        f = self.current_finding()
        return f is not None and self.acknowledge(f)

    def unacknowledge_current(self) -> bool:
        f = self.current_finding()
        return f is not None and self.unacknowledge(f)

    def focus_path(self, path: edits.Path) -> bool:
        return False
