"""Writing the package, whole or by part: each storage part of ``edits.parts_touched`` maps to the rows
it owns, so an edit rewrites only those (one project's rows, not fifty projects').

Callers run these inside a transaction; nothing here commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from evaldesk.core import edits, model
from evaldesk.core.storage import codec
from evaldesk.core.storage.codec import (
    ACK_COLS,
    ATTACHMENT_COLS,
    FUNDING_COLS,
    FUNDING_ROWS,
    INDICATOR_COLS,
    NAMED_LINE_COLS,
    PERFORMANCE_COLS,
    PROJECT_COLS,
    SECTION_COLS,
    STAFF_COLS,
    TRIPLE_COLS,
)

Part = tuple[str, ...]
AttachmentSnapshot = list[tuple[Any, ...]]

META_PARTS = frozenset(codec.META_GROUPS)
# Rows of a table, in delete order (children before parents, so it works without foreign_keys=ON too).
ALL_TABLES = (
    "indicators",
    "funding_rows",
    "projects",
    "staff_lines",
    "basic_rows",
    "basic_lines",
    "report_subsections",
    "report_sections",
    "attachments",
    "acknowledgements",
    "carried",
    "meta",
)


def _names(cols: codec.Cols) -> list[str]:
    return [name for name, _ in cols]


def _insert_sql(table: str, columns: Iterable[str]) -> str:
    columns = list(columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_INDICATOR_INSERT = _insert_sql("indicators", ["project_id", "seq", *_names(INDICATOR_COLS)])
_FUNDING_INSERT = _insert_sql("funding_rows", ["project_id", "row", *_names(FUNDING_COLS)])
_PROJECT_INSERT = _insert_sql("projects", ["id", "seq", *_names(PROJECT_COLS + PERFORMANCE_COLS)])
_PROJECT_UPDATE = f"UPDATE projects SET {', '.join(f'{n} = ?' for n in _names(PROJECT_COLS + PERFORMANCE_COLS))} WHERE id = ?"
_FUNDING_UPDATE = f"UPDATE funding_rows SET {', '.join(f'{n} = ?' for n in _names(FUNDING_COLS))} WHERE project_id = ? AND row = ?"


def parts_for(pkg: model.Package, edit: edits.Edit) -> set[Part]:
    """The storage parts to rewrite after ``edit`` was applied to ``pkg``.

    ``edits.parts_touched`` plus what it cannot know: a project inserted or replaced whole must have
    its content written too, and a project whose id changed moves to a new row.
    """
    parts = edits.parts_touched(pkg, edit)
    for e in edits.flatten(edit):
        path = e.path
        if not path or path[0] != "projects":
            continue
        if len(path) == 1 and isinstance(e, edits.SetValue):
            parts |= {("project", p.id) for p in pkg.projects}
        elif len(path) == 1 and isinstance(e, edits.InsertItem):
            parts.add(("project", e.item.id))
        elif isinstance(e, edits.SetValue) and len(path) == 2:
            parts |= {("projects",), ("project", e.value.id)}
        elif isinstance(e, edits.SetValue) and len(path) == 3 and path[2] == "id":
            parts |= {("projects",), ("project", e.value)}
    return parts


def write_parts(
    conn: sqlite3.Connection,
    pkg: model.Package,
    parts: set[Part],
    attachments_before: AttachmentSnapshot | None = None,
) -> AttachmentSnapshot | None:
    """Rewrite the rows of ``parts``; returns the new attachment snapshot when attachments were written."""
    known = META_PARTS | {"unit", "basic", "overall", "report", "attachments", "acknowledgements", "carried"}
    if any(p[0] not in known | {"project", "projects"} for p in parts):
        write_all(conn, pkg)  # a part we do not know: rewriting everything is always right
        return attachment_snapshot(pkg)
    heads = {p[0] for p in parts}
    for head in sorted(heads & META_PARTS):
        update_meta(conn, pkg, head)
    if "unit" in heads:
        write_staff(conn, pkg)
    if "basic" in heads:
        write_basic(conn, pkg)
    if "overall" in heads:
        write_indicators(conn, None, pkg.overall.indicators)
    if "report" in heads:
        write_report(conn, pkg)
    if "acknowledgements" in heads:
        write_acknowledgements(conn, pkg)
    if "carried" in heads:
        write_carried(conn, pkg)
    write_projects(conn, pkg, {p[1] for p in parts if p[0] == "project"}, ("projects",) in parts)
    if "attachments" in heads:
        return write_attachments(conn, pkg, attachments_before)
    return None


def write_all(conn: sqlite3.Connection, pkg: model.Package) -> None:
    """Replace every row with the package."""
    for table in ALL_TABLES:
        conn.execute(f"DELETE FROM {table}")  # table names are constants, not input
    conn.execute(_insert_sql("meta", ["id", *codec.meta_columns()]), [1, *codec.meta_values(pkg)])
    write_staff(conn, pkg, clear=False)
    write_basic(conn, pkg, clear=False)
    write_indicators(conn, None, pkg.overall.indicators, clear=False)
    for seq, project in enumerate(pkg.projects):
        insert_project(conn, project, seq)
    write_report(conn, pkg, clear=False)
    write_attachments(conn, pkg, None, clear=False)
    write_acknowledgements(conn, pkg, clear=False)
    write_carried(conn, pkg, clear=False)


def update_meta(conn: sqlite3.Connection, pkg: model.Package, part: str) -> None:
    columns = codec.meta_columns(part)
    sql = f"UPDATE meta SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = 1"
    if conn.execute(sql, codec.meta_values(pkg, part)).rowcount != 1:
        raise sqlite3.DatabaseError("meta row missing")


def write_staff(conn: sqlite3.Connection, pkg: model.Package, clear: bool = True) -> None:
    if clear:
        conn.execute("DELETE FROM staff_lines")
    conn.executemany(
        _insert_sql("staff_lines", ["seq", *_names(STAFF_COLS)]),
        [[seq, *codec.values(line, STAFF_COLS)] for seq, line in enumerate(pkg.unit.staff_by_type)],
    )


def write_basic(conn: sqlite3.Connection, pkg: model.Package, clear: bool = True) -> None:
    """附件1: the fixed rows and the 区级专项 / 上级转移支付 lines (the building scalars are in meta)."""
    if clear:
        conn.execute("DELETE FROM basic_rows")
        conn.execute("DELETE FROM basic_lines")
    rows = []
    for seq, (key, triple) in enumerate(pkg.basic.rows.items()):
        rows.append([codec.encode(codec.TEXT, key), seq, *codec.values(triple, TRIPLE_COLS)])
    conn.executemany(_insert_sql("basic_rows", ["key", "seq", *_names(TRIPLE_COLS)]), rows)
    lines = [
        [kind, seq, *codec.values(line, NAMED_LINE_COLS)]
        for kind, items in (("special", pkg.basic.special), ("transfer", pkg.basic.transfer))
        for seq, line in enumerate(items)
    ]
    conn.executemany(_insert_sql("basic_lines", ["kind", "seq", *_names(NAMED_LINE_COLS)]), lines)


def write_indicators(
    conn: sqlite3.Connection, project_id: str | None, indicators: list[model.Indicator], clear: bool = True
) -> None:
    """The indicator table of the overall form (``project_id`` None) or of one project."""
    if clear:
        if project_id is None:
            conn.execute("DELETE FROM indicators WHERE project_id IS NULL")
        else:
            conn.execute("DELETE FROM indicators WHERE project_id = ?", (project_id,))
    conn.executemany(
        _INDICATOR_INSERT,
        [[project_id, seq, *codec.values(ind, INDICATOR_COLS)] for seq, ind in enumerate(indicators)],
    )


def _project_head(project: model.Project) -> list[Any]:
    return [*codec.values(project, PROJECT_COLS), *codec.values(project.performance, PERFORMANCE_COLS)]


def _funding_values(project: model.Project, row: str) -> list[Any]:
    return codec.values(getattr(project.funding, row), FUNDING_COLS)


def insert_project(conn: sqlite3.Connection, project: model.Project, seq: int) -> None:
    """All rows of a project that is not in the file yet."""
    pid = codec.encode(codec.TEXT, project.id)
    conn.execute(_PROJECT_INSERT, [pid, seq, *_project_head(project)])
    conn.executemany(_FUNDING_INSERT, [[pid, row, *_funding_values(project, row)] for row in FUNDING_ROWS])
    write_indicators(conn, pid, project.performance.indicators, clear=False)


def rewrite_project(conn: sqlite3.Connection, project: model.Project, seq: int) -> None:
    """All rows of one project (its place in the order is kept; ``seq`` is used only if it is new)."""
    if conn.execute(_PROJECT_UPDATE, [*_project_head(project), project.id]).rowcount == 0:
        insert_project(conn, project, seq)
        return
    conn.executemany(
        _FUNDING_UPDATE, [[*_funding_values(project, row), project.id, row] for row in FUNDING_ROWS]
    )
    write_indicators(conn, project.id, project.performance.indicators)


def write_projects(conn: sqlite3.Connection, pkg: model.Package, ids: set[str], membership: bool) -> None:
    """Rewrite the projects ``ids``; with ``membership``, also insert/delete/reorder the project list."""
    index = {p.id: i for i, p in enumerate(pkg.projects)}
    if any(pid not in index for pid in ids):
        membership = True  # a project vanished from memory (e.g. its id changed): its rows must go
    inserted: set[str] = set()
    if membership:
        stored = dict(conn.execute("SELECT id, seq FROM projects").fetchall())
        for pid in stored.keys() - index.keys():
            delete_project(conn, pid)
        for seq, project in enumerate(pkg.projects):
            if project.id not in stored:
                insert_project(conn, project, seq)
                inserted.add(project.id)
            elif stored[project.id] != seq:
                conn.execute("UPDATE projects SET seq = ? WHERE id = ?", (seq, project.id))
    for pid in sorted(ids - inserted):
        if pid in index:
            rewrite_project(conn, pkg.projects[index[pid]], index[pid])


def delete_project(conn: sqlite3.Connection, project_id: str) -> None:
    conn.execute("DELETE FROM indicators WHERE project_id = ?", (project_id,))
    conn.execute("DELETE FROM funding_rows WHERE project_id = ?", (project_id,))
    conn.execute("DELETE FROM projects WHERE id = ?", (project_id,))


def write_report(conn: sqlite3.Connection, pkg: model.Package, clear: bool = True) -> None:
    if clear:
        conn.execute("DELETE FROM report_subsections")
        conn.execute("DELETE FROM report_sections")
    conn.executemany(
        _insert_sql("report_sections", ["seq", *_names(SECTION_COLS)]),
        [[seq, *codec.values(s, SECTION_COLS)] for seq, s in enumerate(pkg.report)],
    )
    conn.executemany(
        _insert_sql("report_subsections", ["section_seq", "seq", *_names(SECTION_COLS)]),
        [
            [i, j, *codec.values(sub, SECTION_COLS)]
            for i, section in enumerate(pkg.report)
            for j, sub in enumerate(section.subsections)
        ],
    )


def attachment_snapshot(pkg: model.Package) -> AttachmentSnapshot:
    """What the attachment rows hold, to skip rewriting unchanged scans (they can be megabytes)."""
    return [tuple(codec.values(a, ATTACHMENT_COLS)) for a in pkg.attachments]


def write_attachments(
    conn: sqlite3.Connection, pkg: model.Package, before: AttachmentSnapshot | None, clear: bool = True
) -> AttachmentSnapshot:
    """Write the attachment rows that differ from ``before`` (all of them when ``before`` is None)."""
    now = attachment_snapshot(pkg)
    if before is None:
        if clear:
            conn.execute("DELETE FROM attachments")
        before = []
    sql = _insert_sql("attachments", ["seq", *_names(ATTACHMENT_COLS)]).replace(
        "INSERT", "INSERT OR REPLACE", 1
    )
    # Tuple == compares the (immutable, usually identical) bytes objects by identity first: cheap.
    conn.executemany(
        sql, [[seq, *row] for seq, row in enumerate(now) if seq >= len(before) or before[seq] != row]
    )
    conn.execute("DELETE FROM attachments WHERE seq >= ?", (len(now),))
    return now


def write_acknowledgements(conn: sqlite3.Connection, pkg: model.Package, clear: bool = True) -> None:
    if clear:
        conn.execute("DELETE FROM acknowledgements")
    conn.executemany(
        _insert_sql("acknowledgements", ["seq", *_names(ACK_COLS)]),
        [[seq, *codec.values(a, ACK_COLS)] for seq, a in enumerate(pkg.acknowledgements)],
    )


def write_carried(conn: sqlite3.Connection, pkg: model.Package, clear: bool = True) -> None:
    if clear:
        conn.execute("DELETE FROM carried")
    conn.executemany(
        _insert_sql("carried", ["seq", "path"]),
        [[seq, codec.encode(codec.TEXT, path)] for seq, path in enumerate(pkg.carried)],
    )
