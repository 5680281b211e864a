"""The two text styles every page and dialog shares: a heading font and a grey explanatory line."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget


def heading_font(base: QFont, scale: float = 1.35, bold: bool = True) -> QFont:
    """A font ``scale`` times the base size (no fixed pixel sizes)."""
    f = QFont(base)
    if f.pointSizeF() > 0:
        f.setPointSizeF(f.pointSizeF() * scale)
    f.setBold(bold)
    return f


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A grey, wrapping explanatory line."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #666;")
    return label


NAME_CHARS = 30
"""How much of a name a message or status line quotes; the rest becomes "…"."""


def short_name(name: str, chars: int = NAME_CHARS) -> str:
    """``name`` as a message quotes it: its first ``chars`` characters and "…" when it is longer.

    Names are the clerk's (or an imported file's): a pathological one of thousands of characters would
    otherwise fill a message box or push the status line off the screen. Line breaks become spaces.
    """
    one_line = " ".join(name.split())
    return one_line if len(one_line) <= chars else one_line[:chars] + "…"
