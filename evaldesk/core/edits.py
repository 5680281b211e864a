"""Edits: every change a clerk makes to a package, as a value that can be applied and undone.

An edit addresses a place in the package by a *path* of attribute names, dict keys and list indices,
starting from ``Package``. Projects are addressed by id, not position, so an undo still finds them after
reordering: ``("projects", "p1", "performance", "indicators", 2, "target")``.

``apply(pkg, edit)`` changes the package in place and returns the inverse edit; the UI's undo stack keeps
those pairs, and ``core.storage`` commits the parts an edit touched (``parts_touched``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from evaldesk.core import limits, model
from evaldesk.core.errors import InputError

PathElem = str | int
Path = tuple[PathElem, ...]


@dataclass(frozen=True)
class SetValue:
    path: Path
    value: Any


@dataclass(frozen=True)
class InsertItem:
    """Insert ``item`` into the list at ``path`` before ``index``."""

    path: Path
    index: int
    item: Any


@dataclass(frozen=True)
class RemoveItem:
    path: Path
    index: int


@dataclass(frozen=True)
class MoveItem:
    """Move the list item at ``src`` so that it ends up at ``dst``."""

    path: Path
    src: int
    dst: int


@dataclass(frozen=True)
class Batch:
    """Several edits that are one step for the clerk (a paste, a fill) and one undo."""

    edits: tuple[Edit, ...]
    label: str = ""


Edit = SetValue | InsertItem | RemoveItem | MoveItem | Batch
Step = SetValue | InsertItem | RemoveItem | MoveItem  # an edit that is not a Batch


def flatten(edit: Edit) -> list[Step]:
    """The single edits of ``edit`` in the order they apply (a Batch's, recursively)."""
    if isinstance(edit, Batch):
        return [e for sub in edit.edits for e in flatten(sub)]
    return [edit]


def edit_paths(edit: Edit) -> list[Path]:
    """Every path an edit writes to (for a list edit: the list's path)."""
    return [e.path for e in flatten(edit)]


def is_structural(edit: Edit) -> bool:
    """Whether the edit inserts, removes or moves list items (views over that list must reset)."""
    return any(not isinstance(e, SetValue) for e in flatten(edit))


def resolve(pkg: model.Package, path: Path) -> Any:
    """The object at ``path``."""
    obj: Any = pkg
    it = iter(path)
    for elem in it:
        if obj is pkg and elem == "projects":
            pid = next(it, None)
            if pid is None:
                return pkg.projects
            obj = pkg.project(str(pid))
        elif isinstance(obj, list):
            obj = obj[int(elem)]
        elif isinstance(obj, dict):
            obj = obj[elem]
        else:
            obj = getattr(obj, str(elem))
    return obj


def _set(pkg: model.Package, path: Path, value: Any) -> None:
    parent = resolve(pkg, path[:-1])
    last = path[-1]
    if isinstance(parent, list):
        parent[int(last)] = value
    elif isinstance(parent, dict):
        parent[last] = value
    else:
        if not hasattr(parent, str(last)):
            raise KeyError(path)
        setattr(parent, str(last), value)


def _check_length(path: Path, value: Any) -> None:
    """Refuse text longer than ``core.limits`` allows, before anything changes (InputError, with the limit)."""
    if isinstance(value, str):
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        limits.check_text(field, value)
        return
    for _, field, length in limits.too_long(value):
        raise InputError(f"{limits.too_long_message(field, length)}，请删减后再输入。")


def apply(pkg: model.Package, edit: Edit) -> Edit:
    """Apply ``edit`` to ``pkg`` in place and return the edit that undoes it."""
    if isinstance(edit, SetValue):
        _check_length(edit.path, edit.value)
        old = resolve(pkg, edit.path)
        _set(pkg, edit.path, copy.deepcopy(edit.value))
        if len(edit.path) == 3 and edit.path[0] == "projects" and edit.path[2] == "id":
            # The project is now found under its new id; the undo must address it there.
            return SetValue(("projects", str(edit.value), "id"), old)
        return SetValue(edit.path, old)
    if isinstance(edit, InsertItem):
        _check_length(edit.path, edit.item)
        items = resolve(pkg, edit.path)
        index = max(0, min(edit.index, len(items)))
        items.insert(index, copy.deepcopy(edit.item))
        return RemoveItem(edit.path, index)
    if isinstance(edit, RemoveItem):
        items = resolve(pkg, edit.path)
        item = items.pop(edit.index)
        return InsertItem(edit.path, edit.index, item)
    if isinstance(edit, MoveItem):
        items = resolve(pkg, edit.path)
        item = items.pop(edit.src)
        items.insert(edit.dst, item)
        return MoveItem(edit.path, edit.dst, edit.src)
    if isinstance(edit, Batch):
        done: list[Edit] = []
        try:
            for e in edit.edits:
                done.append(apply(pkg, e))
        except Exception:
            for inv in reversed(done):  # all or nothing
                apply(pkg, inv)
            raise
        return Batch(tuple(reversed(done)), edit.label)
    raise TypeError(f"not an edit: {edit!r}")


def parts_touched(pkg: model.Package, edit: Edit) -> set[tuple[str, ...]]:
    """The storage parts an edit changes: ``("unit",)``, ``("project", id)``, ``("projects",)`` …

    ``("projects",)`` means the list of projects itself (order, membership) changed.
    """
    if isinstance(edit, Batch):
        out: set[tuple[str, ...]] = set()
        for e in edit.edits:
            out |= parts_touched(pkg, e)
        return out
    path = edit.path
    head = str(path[0]) if path else ""
    if head == "projects":
        if len(path) == 1:
            return {("projects",)}
        return {("project", str(path[1]))}
    return {(head,)}


def describe_path(path: Path) -> str:
    """A short key for a path, used as a finding's location key and in acknowledgements."""
    return "/".join(str(p) for p in path)
