"""``--screenshots DIR``: render the start page and every step of the open document to PNG files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from evaldesk.ui.main_window import MainWindow


def settle() -> None:
    """Let layouts and pending paints happen (no sleeping)."""
    for _ in range(3):
        QApplication.processEvents()


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
    ws.go_to(0)
    return written
