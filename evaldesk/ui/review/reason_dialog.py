"""Asking the clerk for a reason (acknowledging a warning, uploading with open errors).

``ask_reason`` is the one entry point (tests patch it). A reason must say something: ``无``, ``/``,
``已完成`` and the like are refused in the dialog, as the deviation reasons of domain §2.5 are.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from evaldesk.ui.text_limit import LimitedPlainTextEdit, limit_text_edit

# Reasons that say nothing (the upload package refuses the same ones).
EMPTY_REASONS = frozenset(
    {"无", "没有", "略", "/", "-", "—", "——", "已完成", "同意", "确认", "已确认", "n/a", "na", "none", "ok"}
)


def reason_problem(text: str) -> str:
    """Why ``text`` is not a usable reason ("" when it is)."""
    t = text.strip()
    if not t:
        return "请填写原因。"
    if t.lower() in EMPTY_REASONS or len(t) < 2:
        return f"“{t}”不能作为原因，请写明具体原因。"
    return ""


class ReasonDialog(QDialog):
    """A message, an optional extra widget (e.g. a list of errors) and a multi-line reason field."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        message: str,
        initial: str = "",
        ok_text: str = "确定",
        extra: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        label = QLabel(message, self)
        label.setWordWrap(True)
        lay.addWidget(label)
        if extra is not None:
            lay.addWidget(extra, 1)
        lay.addWidget(QLabel("原因：", self))
        self.edit = LimitedPlainTextEdit(self)
        self.edit.setPlainText(initial)
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName("原因")
        self.text_limit = limit_text_edit(self.edit, "reason", "原因")
        em = self.fontMetrics().horizontalAdvance("中")
        self.edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + em)
        if extra is not None:  # the list above gets the room
            self.edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + em)
        lay.addWidget(self.edit)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(em * (50 if extra is not None else 36))

    def _check(self) -> None:
        problem = reason_problem(self.edit.toPlainText())
        shown = problem if self.edit.toPlainText().strip() else ""
        self.problem.setText(shown)
        self.problem.setVisible(bool(shown))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def reason(self) -> str:
        return self.edit.toPlainText().strip()


def ask_reason(
    parent: QWidget | None,
    title: str,
    message: str,
    initial: str = "",
    ok_text: str = "确定",
    extra: QWidget | None = None,
) -> str | None:
    """The reason the clerk typed, or ``None`` when cancelled."""
    dlg = ReasonDialog(parent, title, message, initial, ok_text, extra)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.reason()
    return None
