"""Helpers for the indicator editor and projects page tests."""

from __future__ import annotations

from evaldesk.ui.models.indicator_model import C_NAME
from evaldesk.ui.steps import step_index


def projects_page(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    i = step_index("projects")
    ws.go_to(i)
    return ws.page(i)


def overall_editor(window):  # type: ignore[no-untyped-def]
    ws = window.workspace
    i = step_index("overall")
    ws.go_to(i)
    return ws.page(i).indicators


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
