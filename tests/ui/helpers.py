"""What UI tests share: typing like a clerk, and going to a step's page and finding its cells."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from evaldesk.ui.models.indicator_model import C_NAME
from evaldesk.ui.pages import export_page, report_page
from evaldesk.ui.steps import step_index

# ---- typing ----------------------------------------------------------------------------------------------


def commit_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` the way an input method does (Chinese, full-width): a commit string."""
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def type_cell(qtbot, view, index, text: str, key=Qt.Key.Key_Return) -> None:  # type: ignore[no-untyped-def]
    """Select ``index`` and type ``text`` into it like a clerk, ending with Enter (or ``key``).

    ASCII goes through key clicks (the first one opens the editor, as in Excel); anything else is
    committed by an input-method event.
    """
    view.setCurrentIndex(index)
    view.setFocus()
    if text.isascii():
        qtbot.keyClick(view, text[0])
        rest = text[1:]
    else:
        commit_text(view, text)
        rest = ""
    editor = view.indexWidget(index)
    assert editor is not None, "typing did not open the cell editor"
    if rest:
        qtbot.keyClicks(editor, rest)
    if key is not None:
        qtbot.keyClick(editor, key)


# ---- pages -----------------------------------------------------------------------------------------------


def basic_page(window):  # type: ignore[no-untyped-def]
    window.workspace.go_to(1)
    return window.workspace.page(1)


def cell_index(page, key: str, col: int):  # type: ignore[no-untyped-def]
    """The 基础数据表 grid index of fixed row ``key``, column ``col`` (1 = Y−1, 2 = Y预算, 3 = Y决算)."""
    m = page.grid_model
    for r in range(m.rowCount()):
        info = m.info(r)
        if info.kind == "fixed" and info.key == key:
            return m.index(r, col)
    raise KeyError(key)


def overall_editor(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    i = step_index("overall")
    ws.go_to(i)
    return ws.page(i).indicators


def projects_page(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    i = step_index("projects")
    ws.go_to(i)
    return ws.page(i)


def row_named(editor, name: str) -> int:  # type: ignore[no-untyped-def]
    """The grid row of the indicator called ``name``."""
    m = editor.model
    for r in range(m.rowCount() - 1):
        if m.index(r, C_NAME).data() == name:
            return r
    raise KeyError(name)


def project_item(window, project_id: str):  # type: ignore[no-untyped-def]
    """The score panel's item of a project."""
    return window.workspace.score_panel.item_for(project_id)


def report(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    ws.go_to(step_index("report"))
    page = ws.page(step_index("report"))
    assert isinstance(page, report_page.ReportPage)
    return page


def export(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    ws.go_to(step_index("export"))
    page = ws.page(step_index("export"))
    assert isinstance(page, export_page.ExportPage)
    return page


def wait_done(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the export page's background job to finish."""
    qtbot.waitUntil(lambda: page.task is not None and page.task.done and not page.busy, timeout=60000)


def scan_png(path: Path, w: int = 300, h: int = 400) -> Path:
    """A blank white page image, standing in for a signed scan."""
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(0xFFFFFF)
    assert img.save(str(path))
    return path
