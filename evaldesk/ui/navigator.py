"""The step navigator on the left: each step with its state (✓ done · ⚠ warnings · ✗ errors) and counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from evaldesk.core import model
from evaldesk.core.findings import Finding
from evaldesk.ui.steps import StepSpec

STATE_COLORS = {  # "" = not started or not checked
    "error": QColor("#c62828"),
    "warning": QColor("#b26a00"),
    "ok": QColor("#2e7d32"),
    "": QColor("#555"),
}


def step_state(findings: list[Finding]) -> tuple[str, str, str]:
    """(state, mark, count text) for a step's findings: ``error``/``warning``/``ok``."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    if errors:
        return "error", "✗", str(errors)
    if warnings:
        return "warning", "⚠", str(warnings)
    return "ok", "✓", ""


class Navigator(QListWidget):
    """Free jumps: clicking a step shows it. ``step_chosen`` carries the step's position."""

    step_chosen = Signal(int)

    def __init__(self, steps: list[StepSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = steps
        self.setUniformItemSizes(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for _ in steps:
            self.addItem(QListWidgetItem())
        self.set_findings(None)
        self.currentRowChanged.connect(self.step_chosen)
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 11)
        self.setMaximumWidth(em * 14)
        self.setSpacing(max(2, em // 4))

    def set_findings(
        self, by_part: dict[str, list[Finding]] | None, pkg: model.Package | None = None
    ) -> None:
        """Show each step's state; ``None`` when the checks are not available (no marks).

        ✓ only for a step whose required parts are filled and that has no open problem: a step the
        clerk has not started (its ``started`` says so) shows ○ unless it has errors or warnings, and
        a ``whole`` step (导出) shows ○ while any step has an open error.
        """
        all_errors = sum(1 for fs in (by_part or {}).values() for f in fs if f.severity == "error")
        for i, spec in enumerate(self.steps):
            item = self.item(i)
            found = [f for p in spec.parts for f in (by_part or {}).get(p, [])]
            serious = any(f.severity in ("error", "warning") for f in found)
            if pkg is not None and spec.started is not None and not serious and not spec.started(pkg):
                state, mark, count, tip = "", "○", "", "尚未填写" if not spec.whole else "必填的内容尚未填完"
            elif by_part is None:
                state, mark, count = "", " ", ""
                tip = "审核规则暂不可用"
            elif spec.whole and all_errors and not serious:
                state, mark, count, tip = "", "○", "", f"还有{all_errors}处错误未处理，见“审核”"
            else:
                state, mark, count = step_state(found)
                e = sum(1 for f in found if f.severity == "error")
                w = sum(1 for f in found if f.severity == "warning")
                h = sum(1 for f in found if f.severity == "hint")
                tip = f"错误 {e} 处，警告 {w} 处，提示 {h} 处" if found else "未发现问题"
            text = f"{mark}  {i + 1}  {spec.title}"
            if count:
                text += f"  {count}"
            item.setText(text)
            item.setToolTip(f"{spec.title}：{tip}")
            item.setForeground(QBrush(STATE_COLORS[state]))
            item.setData(Qt.ItemDataRole.UserRole, state)
