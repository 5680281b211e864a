"""Last year's report beside this year's draft: the text of a section, found by position or by title."""

from __future__ import annotations

from evaldesk.core import model
from evaldesk.core.report_headings import heading_title


def reference_text(prev_pkg: model.Package, section_index: int, subsection_index: int | None = None) -> str:
    """Last year's text of a report section (or of one sub-section), to show beside the new draft.

    The section's text is its heading, its body and each sub-section (heading and body), separated by blank
    lines; an index past the end gives ``""``.
    """
    if not 0 <= section_index < len(prev_pkg.report):
        return ""
    section = prev_pkg.report[section_index]
    if subsection_index is not None:
        if not 0 <= subsection_index < len(section.subsections):
            return ""
        return section.subsections[subsection_index].body.strip()
    parts = [section.heading.strip(), section.body.strip()]
    for sub in section.subsections:
        parts += [sub.heading.strip(), sub.body.strip()]
    return "\n\n".join(p for p in parts if p)


def reference_index(prev_pkg: model.Package, heading: str) -> int | None:
    """The index of last year's section with the same title as ``heading`` (numbering ignored), if any.

    For the UI when the clerk has inserted or moved sections, so that positions no longer line up.
    """
    title = heading_title(heading)
    for i, section in enumerate(prev_pkg.report):
        if title and heading_title(section.heading) == title:
            return i
    return None
