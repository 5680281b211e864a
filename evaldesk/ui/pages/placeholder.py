"""The page of a step that a later version provides."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from evaldesk.ui.pages.base import heading_font
from evaldesk.ui.session import DocumentSession

MESSAGE = "本部分将在后续版本提供"


class PlaceholderPage(QWidget):
    """A clear "not yet" page with the step's title."""

    def __init__(self, session: DocumentSession, title: str, what: str = "") -> None:
        super().__init__()
        self.session = session
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        t = QLabel(title, self)
        t.setFont(heading_font(self.font()))
        msg = QLabel(MESSAGE + "。", self)
        msg.setFont(heading_font(self.font(), 1.1, bold=False))
        lay.addWidget(t)
        lay.addWidget(msg)
        if what:
            detail = QLabel(what, self)
            detail.setWordWrap(True)
            detail.setStyleSheet("color: #666;")
            lay.addWidget(detail)
        lay.addStretch(2)
        for w in (t, msg):
            w.setWordWrap(True)
        em = self.fontMetrics().horizontalAdvance("中")
        lay.setContentsMargins(em * 3, em, em * 3, em)

    def focus_path(self, path: tuple) -> bool:  # type: ignore[type-arg]
        return False


def placeholder(title: str, what: str = ""):  # type: ignore[no-untyped-def]
    """A page factory for a step that is not built yet."""

    def factory(session: DocumentSession) -> QWidget:
        return PlaceholderPage(session, title, what)

    return factory
