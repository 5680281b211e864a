"""Values carried over from last year (``Package.carried``) until the clerk confirms them.

Carried values are listed in ``Package.carried`` (edit paths as :func:`edits.describe_path` keys) until the
clerk confirms or changes them; :func:`uncarry_edit` is the core edit that removes a path from that list,
and :func:`carried_fixup` keeps the list pointing at the same cells when rows are inserted, removed or moved.

Making the new year's draft (:func:`carry_over`), the report's heading numbers and last year's report
text live in their own modules; they are re-exported here, where callers have always found them.
"""

from __future__ import annotations

from collections.abc import Callable

from evaldesk.core import edits, model
from evaldesk.core.next_year_draft import carry_over
from evaldesk.core.report_headings import cn_numeral, heading_title, section_heading, subsection_heading
from evaldesk.core.report_reference import reference_index, reference_text

__all__ = [
    "carried_fixup",
    "carry_over",
    "cn_numeral",
    "heading_title",
    "is_carried",
    "reference_index",
    "reference_text",
    "section_heading",
    "subsection_heading",
    "uncarry_edit",
]


# --- confirming carried values ------------------------------------------------------------------------


def _key(path: edits.Path | str) -> str:
    return path if isinstance(path, str) else edits.describe_path(path)


def is_carried(pkg: model.Package, path: edits.Path | str) -> bool:
    """True when the value at ``path`` (or a row or block containing it) is carried and not yet confirmed."""
    key = _key(path)
    return any(key == c or key.startswith(c + "/") for c in pkg.carried)


def uncarry_edit(pkg: model.Package, path: edits.Path | str) -> edits.Edit | None:
    """The edit that confirms ``path``: removes it, and every carried path inside it, from ``pkg.carried``.

    ``None`` when nothing there is carried. The UI batches it with the value edit, so that one undo
    restores both the value and its carried mark. The empty path ``()`` confirms everything.
    """
    key = _key(path)
    keep = [c for c in pkg.carried if not (not key or c == key or c.startswith(key + "/"))]
    if len(keep) == len(pkg.carried):
        return None
    return edits.SetValue(("carried",), keep)


def _shift(carried: list[str], list_key: str, where: Callable[[int], int | None]) -> list[str]:
    """Re-address carried paths through the list at ``list_key``: item ``i`` is now at ``where(i)``

    (``None``: the item is gone, and so are the carried paths inside it).
    """
    prefix = list_key + "/"
    out: list[str] = []
    for c in carried:
        head, sep, tail = c[len(prefix) :].partition("/") if c.startswith(prefix) else ("", "", "")
        if not head.isdigit():
            out.append(c)
            continue
        index = where(int(head))
        if index is not None:
            out.append(f"{prefix}{index}{sep}{tail}")
    return out


def carried_fixup(pkg: model.Package, edit: edits.Edit) -> edits.Edit | None:
    """The edit that keeps ``pkg.carried`` on the same cells when ``edit`` inserts, removes or moves items.

    Call it *before* applying ``edit`` and batch the two (one undo restores both). Carried paths inside a
    removed item are dropped (a removed project's too); ``None`` when ``pkg.carried`` needs no change.
    """
    carried = list(pkg.carried)
    project_ids = [p.id for p in pkg.projects]
    for e in edits.flatten(edit):
        if isinstance(e, edits.SetValue):
            continue
        if e.path == ("projects",):
            # Projects are addressed by id, so only a removal matters; keep the id list in step.
            if isinstance(e, edits.RemoveItem):
                gone = project_ids.pop(e.index)
                carried = [c for c in carried if not c.startswith(f"projects/{gone}/")]
            elif isinstance(e, edits.InsertItem):
                project_ids.insert(max(0, min(e.index, len(project_ids))), getattr(e.item, "id", ""))
            else:
                project_ids.insert(e.dst, project_ids.pop(e.src))
            continue
        carried = _shift(carried, edits.describe_path(e.path), _where(e))
    if carried == pkg.carried:
        return None
    return edits.SetValue(("carried",), carried)


def _where(e: edits.InsertItem | edits.RemoveItem | edits.MoveItem) -> Callable[[int], int | None]:
    """Where item ``i`` of the list is after ``e`` (``None``: removed)."""
    if isinstance(e, edits.RemoveItem):
        r = e.index
        return lambda i: None if i == r else (i - 1 if i > r else i)
    if isinstance(e, edits.InsertItem):
        # Clamping the index (as ``edits.apply`` does) is not needed: no carried path points past the end.
        n = e.index
        return lambda i: i + 1 if i >= n else i
    src, dst = e.src, e.dst
    return lambda i: _moved(i, src, dst)


def _moved(i: int, src: int, dst: int) -> int:
    """Where item ``i`` ends up when the item at ``src`` is popped and inserted at ``dst``."""
    if i == src:
        return dst
    if src < i <= dst:
        return i - 1
    if dst <= i < src:
        return i + 1
    return i
