"""上年报告（参考）: last year's text of the section in the editor, shown beside it on the 自评报告 page.

The text is read-only and not part of this year's report: the clerk reads it, or selects and copies it
(Ctrl+C, 复制全部). Last year's section is found by its title (``carryover.reference_index``), else by its
position; a sub-section likewise within it. With no last-year package the panel offers to choose one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent, QTextOption
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evaldesk.core import model, narrative
from evaldesk.core.carryover import heading_title, reference_index, reference_text
from evaldesk.core.scoring import ScoreSheet, score_package
from evaldesk.ui.document import documents, last_year, last_year_dialog
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import heading_font, hint_label
from evaldesk.ui.pages import report_outline as outline

NO_PACKAGE_TEXT = "还没有上年的自评包。选择后，这里会显示上年报告中对应部分的文字，供编写时参考。"
SIZES_KEY = "report/splitterSizes"
SHOWN_KEY = "report/referenceShown"
NOTE_TEXT = "仅供参考，不属于本年度的报告（不会保存、打印或导出）。可选中后按 Ctrl+C 复制。"


@dataclass(frozen=True)
class Reference:
    """Last year's part matching a node: its heading, its text, and whether it was matched by position."""

    heading: str
    text: str
    by_position: bool = False


def _sub_index(prev: model.Section, heading: str, j: int) -> int | None:
    title = heading_title(heading, sub=True)
    for m, sub in enumerate(prev.subsections):
        if title and heading_title(sub.heading, sub=True) == title:
            return m
    return j if j < len(prev.subsections) else None


def reference_for(prev: model.Package, pkg: model.Package, node: outline.Node | None) -> Reference | None:
    """Last year's text for ``node`` of ``pkg`` (title first, then the same position); ``None``: no such part."""
    if node is None or not outline.exists(pkg, node):
        return None
    i, j = node
    k = reference_index(prev, pkg.report[i].heading)
    by_position = k is None
    if k is None:
        if i >= len(prev.report):
            return None
        k = i
    section = prev.report[k]
    if j is None:
        text = reference_text(prev, k)
        head = section.heading.strip()
        if head and text.startswith(head):
            text = text[len(head) :].lstrip("\n")  # the heading is shown above the text
        return Reference(head, text, by_position)
    m = _sub_index(section, pkg.report[i].subsections[j].heading, j)
    if m is None:
        return None
    sub_title = section.subsections[m].heading.strip()
    sub_position = heading_title(sub_title, sub=True) != heading_title(
        pkg.report[i].subsections[j].heading, sub=True
    )
    return Reference(
        f"{section.heading.strip()} · {sub_title}", reference_text(prev, k, m), by_position or sub_position
    )


class ReferencePanel(QWidget):
    """The side panel; :meth:`show_node` follows the editor, the session's ``last_year_changed`` the package."""

    hide_requested = Signal()

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.node: outline.Node | None = None
        self._sheet: ScoreSheet | None = None  # last year's score sheet, for live fields in its text
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 12)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel("上年报告（参考）")
        self.title.setFont(heading_font(self.font(), 1.05))
        head.addWidget(self.title, 1)
        self.hide_button = QPushButton("收起")
        self.hide_button.setToolTip("收起上年报告（可用正文上方的“上年报告”按钮重新显示）")
        self.hide_button.clicked.connect(self.hide_requested)
        head.addWidget(self.hide_button)
        lay.addLayout(head)

        self.pages = QStackedWidget()
        lay.addWidget(self.pages, 1)
        # No package yet: one sentence and the button.
        empty = QWidget()
        e = QVBoxLayout(empty)
        e.setContentsMargins(0, 0, 0, 0)
        self.empty_label = hint_label(NO_PACKAGE_TEXT)
        self.choose_button = QPushButton(last_year_dialog.CHOOSE_TEXT)
        self.choose_button.setToolTip(last_year_dialog.CHOOSE_TIP)
        self.choose_button.clicked.connect(self.choose)
        e.addWidget(self.empty_label)
        e.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        e.addStretch(1)
        self.pages.addWidget(empty)
        # A package: where it came from, the matching part's heading and text.
        shown = QWidget()
        s = QVBoxLayout(shown)
        s.setContentsMargins(0, 0, 0, 0)
        self.note = hint_label(NOTE_TEXT)
        self.source_label = hint_label("")
        self.heading_label = QLabel()
        self.heading_label.setWordWrap(True)
        bold = QFont(self.font())
        bold.setBold(True)
        self.heading_label.setFont(bold)
        self.heading_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("上年报告（参考）")
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.text.setStyleSheet("QPlainTextEdit { background: #f5f5f0; color: #333; }")
        self.copy_button = QPushButton("复制全部")
        self.copy_button.setToolTip("把上年这一部分的文字复制到剪贴板")
        self.copy_button.clicked.connect(self.copy_all)
        self.change_button = QPushButton("更换…")
        self.change_button.setToolTip(last_year_dialog.CHOOSE_TIP)
        self.change_button.clicked.connect(self.choose)
        for w in (self.note, self.source_label, self.heading_label):
            s.addWidget(w)
        s.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.change_button)
        s.addLayout(buttons)
        self.pages.addWidget(shown)
        session.last_year_changed.connect(self._on_package)
        self.refresh()

    # -- following the editor and the package ----------------------------------------------------
    def show_node(self, node: outline.Node | None) -> None:
        """Show last year's part for ``node`` (the section or sub-section in the editor)."""
        self.node = node
        self.refresh()

    def _on_package(self) -> None:
        self._sheet = None
        self.refresh()

    def showEvent(self, e: QShowEvent) -> None:
        self.session.load_last_year()  # the remembered file is read when it is first needed
        super().showEvent(e)

    def refresh(self) -> None:
        """Show the package's state: the empty page, or the part matching :attr:`node`."""
        prev = self.session.last_year
        if prev is None:
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        self._show_source(prev)
        ref = reference_for(prev, self.session.package, self.node)
        self.copy_button.setEnabled(bool(ref and ref.text))
        if self.node is None:
            self.heading_label.setText("")
            self.text.setPlainText("")
            self.text.setPlaceholderText("在左侧选择一个部分，这里显示上年报告中对应的文字。")
            return
        if ref is None:
            self.heading_label.setText("上年报告中没有对应的部分。")
            self.text.setPlainText("")
            self.text.setPlaceholderText("")
            return
        heading = ref.heading or "（未命名）"
        self.heading_label.setText(f"{heading}（按位置对应）" if ref.by_position else heading)
        self.heading_label.setToolTip(
            "上年没有同名的部分，显示的是位置相同的部分。" if ref.by_position else "上年报告中同名的部分"
        )
        self.text.setPlainText(self._rendered(prev, ref.text))
        self.text.setPlaceholderText("上年报告中这一部分没有文字。")

    def _show_source(self, prev: model.Package) -> None:
        path = self.session.last_year_path
        name = path.name if path is not None else "上年自评包"
        note = f"来自：{name}（{prev.fiscal_year}年度）"
        year = self.session.package.fiscal_year
        if prev.fiscal_year != year - 1:
            note += f"。注意：这是{prev.fiscal_year}年度的自评包，不是{year - 1}年度的"
        self.source_label.setText(note + "。")
        self.source_label.setToolTip(str(path) if path is not None else "")

    def _rendered(self, prev: model.Package, text: str) -> str:
        """Live fields in last year's text show last year's values (as last year's report printed them)."""
        if not narrative.has_fields(text):
            return text
        if self._sheet is None:
            self._sheet = score_package(prev)
        return narrative.render_text(prev, text, self._sheet)

    # -- actions -----------------------------------------------------------------------------------
    def choose(self) -> bool:
        """选择上年自评包… (the session keeps it, and this draft remembers it)."""
        return last_year_dialog.choose(self, self.session)

    def copy_all(self) -> None:
        """复制全部: last year's text of this part on the clipboard."""
        text = self.text.toPlainText()
        if text:
            QApplication.clipboard().setText(text)
            self.session.notice.emit("已复制上年这一部分的文字。")


def _sizes(value: object) -> list[int]:
    """Three positive widths from the settings (``[]`` when not usable)."""
    items = value if isinstance(value, list) else []
    try:
        sizes = [int(v) for v in items]
    except (TypeError, ValueError):
        return []
    return sizes if len(sizes) == 3 and all(v > 0 for v in sizes) else []


def attach_reference(
    split: QSplitter, panel: ReferencePanel, toggle: QAbstractButton, session: DocumentSession
) -> None:
    """Add ``panel`` as the last part of the outline–editor ``split``, as wide and as shown as last time.

    The editor takes whatever width is left over (the side parts keep theirs; none goes below what its
    contents need), and ``toggle`` shows or collapses the panel. Screenshot mode (``session.remember`` off) writes nothing.
    """
    split.addWidget(panel)
    for i, stretch in enumerate((0, 1, 0)):
        split.setStretchFactor(i, stretch)
    em = split.fontMetrics().horizontalAdvance("中")
    store = documents.settings()
    split.setSizes(_sizes(store.value(SIZES_KEY)) or [em * 16, em * 34, em * 17])
    # Until the clerk shows or hides it, the panel is shown only where there is last year's text to show.
    shown = store.value(SHOWN_KEY)
    if shown is None:
        shown = session.last_year is not None or last_year.remembered(session.path) is not None
    shown = shown if isinstance(shown, bool) else str(shown).lower() != "false"

    def set_shown(on: bool) -> None:
        panel.setVisible(on)
        if toggle.isChecked() != on:
            toggle.setChecked(on)
        if session.remember:
            documents.settings().setValue(SHOWN_KEY, on)

    def save(*_args: object) -> None:
        if session.remember and not panel.isHidden():
            documents.settings().setValue(SIZES_KEY, split.sizes())

    panel.setVisible(shown)
    toggle.setChecked(shown)
    toggle.toggled.connect(set_shown)
    panel.hide_requested.connect(lambda: set_shown(False))
    split.splitterMoved.connect(save)
