"""``--screenshots DIR``: render the start page and every step of the open document to PNG files.

Each step is written as the window shows it (``NN-step.png``) and, for a scrolling page, as its whole
content (``NN-step-full.png``), so that what is below the fold can be looked at too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from evaldesk.ui.main_window import MainWindow


def settle() -> None:
    """Let layouts and pending paints happen (no sleeping)."""
    # Several passes: row heights are fitted from a zero-delay timer, and the layouts that depend
    # on them are redone one event-loop pass later.
    for _ in range(8):
        QApplication.processEvents()


def _full_page(page: QWidget) -> QWidget | None:
    """The content widget of a scrolling page (a page may name its scrolling part ``full_view``)."""
    area = getattr(page, "full_view", page)
    if isinstance(area, QScrollArea) and area.widget() is not None:
        return area.widget()
    return None


def render_all(window: MainWindow, out_dir: Path, width_em: int = 96, height_em: int = 56) -> list[Path]:
    """Write ``00-start.png`` (when no document is open) or ``NN-<step>.png`` per step; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    em = window.fontMetrics().horizontalAdvance("中")
    window.resize(em * width_em, em * height_em)
    window.show()
    settle()
    written: list[Path] = []
    ws = window.workspace
    if ws is None:
        p = out_dir / "00-start.png"
        window.grab().save(str(p))
        return [p]
    for i, spec in enumerate(ws.steps):
        ws.go_to(i)
        settle()
        p = out_dir / f"{i + 1:02d}-{spec.key}.png"
        window.grab().save(str(p))
        written.append(p)
        full = _full_page(ws.page(i))
        if full is not None:  # the whole page, below the fold too
            p = out_dir / f"{i + 1:02d}-{spec.key}-full.png"
            full.grab().save(str(p))
            written.append(p)
    ws.go_to(0)
    return written
