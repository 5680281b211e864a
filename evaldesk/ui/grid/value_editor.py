"""The small editor of a 年度指标值 / 实际完成值 cell: the text as it prints, and its parts.

The first line is the raw text (typing ``≥90%`` or ``按时完成`` there is enough). Below it the same value
as parts — comparison sign, number, unit — kept in step both ways through ``core.targets``; for an
实际完成值 also the qualitative band (``model.QUAL_BANDS``) and the score inside it. Problems that
``core.targets`` finds (``≤≤15轮``) are shown live under the fields.
"""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from evaldesk.core import model, money, targets
from evaldesk.ui.models.grid_model import REFUSED_BG
from evaldesk.ui.text_limit import limit_line_edit, set_line_text

OPERATOR_CHOICES: tuple[tuple[str, str], ...] = (
    ("", "（无）"),
    ("≥", "≥ 不低于"),
    (">", "> 高于"),
    ("≤", "≤ 不超过"),
    ("<", "< 低于"),
    ("=", "= 等于"),
)
COMMON_UNITS = (
    "",
    "%",
    "个",
    "起",
    "次",
    "人",
    "人次",
    "万元",
    "家",
    "份",
    "天",
    "轮",
    "项",
    "件",
    "户",
    "场",
    "年",
    "月",
)
AUTO_BAND = "（按实际完成值判断）"
_TEMPLATE = re.compile(r"\s*([≥>≤<=])\s*([^\d\s.]{0,4})\s*")


def compose(op: str, number: str, unit: str) -> str:
    """The text of a quantitative value from its parts (``≥`` ``90`` ``%`` → ``≥90%``)."""
    number = number.strip()
    if not number:
        return ""
    return f"{op}{number}{unit.strip()}"


class ValueEditor(QFrame):
    """Editor of one target or actual; ``actual=True`` adds the qualitative band and its score."""

    def __init__(self, parent: QWidget, index: QModelIndex | QPersistentModelIndex, actual: bool) -> None:
        super().__init__(parent)
        self.index = QPersistentModelIndex(index)
        self.actual = actual
        self._forwarding = False
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.raw = QLineEdit(self)
        self.raw.setPlaceholderText("如 ≥90%、≤1起、=0起、按时完成")
        self.raw.setAccessibleName("实际完成值" if actual else "年度指标值")
        session = getattr(index.model(), "session", None)
        notify = session.notice.emit if session is not None else None
        limit_line_edit(self.raw, "actual" if actual else "target", self.raw.accessibleName(), notify)
        self.setFocusProxy(self.raw)
        self.op = QComboBox(self)
        for op, label in OPERATOR_CHOICES:
            self.op.addItem(label, op)
        self.op.setAccessibleName("比较符号")
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("数值")
        self.number.setAccessibleName("数值")
        self.unit = QComboBox(self)
        self.unit.setEditable(True)
        self.unit.addItems(list(COMMON_UNITS))
        self.unit.setAccessibleName("单位")
        self.kind_label = QLabel(self)
        self.kind_label.setStyleSheet("color: #666;")
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c62828;")
        em = self.fontMetrics().horizontalAdvance("中")
        self.number.setMinimumWidth(em * 5)
        self.unit.setMinimumWidth(em * 4)
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setHorizontalSpacing(max(2, em // 3))
        grid.setVerticalSpacing(2)
        grid.addWidget(self.raw, 0, 0, 1, 4)
        grid.addWidget(self.op, 1, 0)
        grid.addWidget(self.number, 1, 1)
        grid.addWidget(self.unit, 1, 2)
        grid.addWidget(self.kind_label, 1, 3)
        self.band = QComboBox(self)
        self.band_score = QLineEdit(self)
        if actual:
            self.band.addItem(AUTO_BAND, "")
            for b in model.QUAL_BANDS:
                self.band.addItem(b, b)
            self.band.setAccessibleName("定性档次")
            self.band.setToolTip("定性指标的完成档次；不选时按实际完成值的文字判断")
            self.band_score.setPlaceholderText("档内得分")
            self.band_score.setToolTip("档次内的得分；不填取档次上限")
            self.band_score.setAccessibleName("档内得分")
            band_label = QLabel("定性档次", self)
            grid.addWidget(band_label, 2, 0)
            grid.addWidget(self.band, 2, 1, 1, 2)
            grid.addWidget(self.band_score, 2, 3)
        else:
            self.band.hide()
            self.band_score.hide()
        grid.addWidget(self.problems, 3, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        self.raw.textEdited.connect(self._from_text)
        self.raw.textChanged.connect(lambda _t: self.mark_refused(False))
        self.op.currentIndexChanged.connect(self._from_parts)
        self.number.textEdited.connect(self._from_parts)
        self.unit.editTextChanged.connect(self._from_parts)

    # -- what the delegate reads and writes --------------------------------------------------
    def inner_widgets(self) -> list[QWidget]:
        return [self.raw, self.op, self.number, self.unit, self.band, self.band_score]

    def text(self) -> str:
        return self.raw.text()

    def setText(self, text: str) -> None:
        set_line_text(self.raw, text)
        self._from_text()

    def set_values(self, text: str, band: str = "", band_score: Decimal | None = None) -> None:
        set_line_text(self.raw, text)
        with QSignalBlocker(self.band):
            i = self.band.findData(band)
            self.band.setCurrentIndex(max(0, i))
        self.band_score.setText(money.format_entry(band_score, "score"))
        self._from_text()

    def band_value(self) -> str:
        return str(self.band.currentData() or "")

    def band_score_value(self) -> Decimal | None:
        """The band score typed; raises ``InputError`` for text that is not a number."""
        return money.parse_amount(self.band_score.text())

    def mark_refused(self, refused: bool) -> None:
        pal = QPalette()
        if refused:
            pal.setColor(QPalette.ColorRole.Base, REFUSED_BG)
        self.raw.setPalette(pal)
        self.band_score.setPalette(pal)

    # -- keeping the text and the parts in step -----------------------------------------------
    def _from_text(self, *_args: object) -> None:
        v = targets.parse_value(self.raw.text())
        blockers = [QSignalBlocker(w) for w in (self.op, self.number, self.unit)]
        if v.kind == "quant" and v.number is not None:
            self.op.setCurrentIndex(max(0, self.op.findData(v.op)))
            self.number.setText(money.to_canonical(v.number))
            self.unit.setEditText(v.unit)
            self.kind_label.setText("定量")
        elif (m := _TEMPLATE.fullmatch(self.raw.text())) is not None:
            # A template from the 指标库 (``≥%``): the sign and unit are set, the number is still to come.
            self.op.setCurrentIndex(max(0, self.op.findData(m.group(1))))
            self.number.setText("")
            self.unit.setEditText(m.group(2))
            self.kind_label.setText("请填写数值")
            del blockers
            self.problems.hide()
            return
        else:
            self.op.setCurrentIndex(0)
            self.number.setText("")
            self.unit.setEditText("")
            self.kind_label.setText({"qual": "定性（文字）", "blank": "未填"}[v.kind])
        del blockers
        self._show_problems(v)

    def _from_parts(self, *_args: object) -> None:
        text = compose(str(self.op.currentData() or ""), self.number.text(), self.unit.currentText())
        if not text and not self.number.text().strip():
            return  # no number yet: keep a qualitative text the clerk wrote
        self.raw.setText(text)
        v = targets.parse_value(text)
        self.kind_label.setText("定量" if v.kind == "quant" else "定性（文字）")
        self._show_problems(v)

    def _show_problems(self, v: targets.Value) -> None:
        self.problems.setText("；".join(v.problems))
        self.problems.setVisible(bool(v.problems))

    # -- typing sent to the frame goes to the text line ---------------------------------------
    # (Keys the text line ignores propagate back to the frame: the flag stops the ping-pong.)
    def keyPressEvent(self, e: QKeyEvent) -> None:
        self._forward(e)

    def inputMethodEvent(self, e: QInputMethodEvent) -> None:
        self._forward(e)

    def _forward(self, e: QEvent) -> None:
        if self._forwarding:
            e.ignore()
            return
        self._forwarding = True
        try:
            QCoreApplication.sendEvent(self.raw, e)
        finally:
            self._forwarding = False
