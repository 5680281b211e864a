"""Jumping from a finding (审核 tree, the export page's open errors) to the cell or sentence it names.

Pages are given only the session; the workspace that can switch steps is found among the widget's
ancestors (duck-typed: importing ``workspace`` here would be circular, since it imports the steps).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from evaldesk.core import edits
from evaldesk.core.findings import Finding


def find_workspace(widget: QWidget | None) -> Any:
    """The ``Workspace`` that shows ``widget`` (``None`` when it is not inside one)."""
    w = widget
    while w is not None:
        if hasattr(w, "focus_path") and hasattr(w, "page_for") and hasattr(w, "steps"):
            return w
        w = w.parentWidget()
    return None


def step_for_part(workspace: Any, part: str) -> int | None:
    """The position of the step whose findings include ``part`` (审核 itself excluded)."""
    for i, spec in enumerate(workspace.steps):
        if part in spec.parts and spec.key != "review":
            return i
    return None


def _report_step(workspace: Any) -> int | None:
    for i, spec in enumerate(workspace.steps):
        if spec.key == "report":
            return i
    return None


def report_target(finding: Finding) -> tuple[edits.Path, int | None, int | None] | None:
    """For a finding about report text: (the body's path, offset, length) — offset ``None`` when unknown.

    R17/R18 sit on the body itself; R19 sits on the indicator and names the body in ``report_path``.
    """
    path = tuple(finding.location.path)
    if path[:1] != ("report",):
        rp = finding.values.get("report_path")
        if not rp:
            return None
        path = tuple(rp)
    offset, length = finding.values.get("offset"), finding.values.get("length")
    if isinstance(offset, int) and isinstance(length, int):
        return path, offset, length
    return path, None, None


def needle(finding: Finding) -> str | None:
    """Text to look for when a report finding carries no offset: its snippet, line or year."""
    v = finding.values
    for key in ("snippet", "sentence", "line"):
        if isinstance(v.get(key), str) and v[key]:
            return str(v[key])
    if isinstance(v.get("written"), int):
        return f"{v['written']}年"
    return None


def show_in_report(widget: QWidget, finding: Finding) -> bool:
    """Show the report sentence a finding is about (selected when its position is known)."""
    ws = find_workspace(widget)
    target = report_target(finding)
    step = _report_step(ws) if ws is not None else None
    if ws is None or target is None or step is None:
        return False
    page = ws.page(step)
    ws.go_to(step)
    path, offset, length = target
    focus_text = getattr(page, "focus_text", None)
    if focus_text is not None:
        return bool(focus_text(path, offset, length, needle(finding)))
    return bool(getattr(page, "focus_path", lambda _p: False)(path))


_HEAD_PARTS = {
    "unit": "unit",
    "footer": "unit",
    "cover": "unit",
    "fiscal_year": "unit",
    "basic": "basic",
    "overall": "overall",
    "overall_funding": "overall",
    "projects": "project",
    "report": "report",
}


def part_of_path(path: edits.Path) -> str:
    """The part (``Location.part``) a package path belongs to."""
    return _HEAD_PARTS.get(str(path[0]), "package") if path else "package"


def show_table_cell(widget: QWidget, finding: Finding) -> bool:
    """For a report finding: show the table cell its figure was compared with (``values["table_path"]``)."""
    ws = find_workspace(widget)
    path = finding.values.get("table_path")
    if ws is None or not path:
        return False
    return bool(ws.focus_path(part_of_path(tuple(path)), tuple(path)))


def jump_to_finding(widget: QWidget, finding: Finding) -> bool:
    """Show the page holding the finding's place and select it; ``False`` when only the step was shown."""
    ws = find_workspace(widget)
    if ws is None:
        return False
    loc = finding.location
    if tuple(loc.path)[:1] == ("report",):
        return show_in_report(widget, finding)
    if loc.path and ws.focus_path(loc.part, tuple(loc.path)):
        return True
    step = step_for_part(ws, loc.part)
    if step is not None:
        ws.go_to(step)
    return False
