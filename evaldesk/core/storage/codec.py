"""Rows ⇄ model objects: how each field of ``core.model`` is stored, and reading a whole package.

Every stored field is listed here once, with its kind; ``writer`` builds rows from the same lists, so
reading and writing cannot drift apart. Encoding is strict (a wrong type raises TypeError, which the
draft turns into a StorageError) and decoding is strict (a value that is not what we wrote raises
FileFormatError): the file holds exactly what the model holds, or nothing.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from evaldesk.core import model, money
from evaldesk.core.errors import FileFormatError

TEXT, INT, DEC, DATE, BLOB = "text", "int", "dec", "date", "blob"


Cols = tuple[tuple[str, str], ...]  # (attribute = column name, kind)


def encode(kind: str, value: Any) -> Any:
    """A model value as an SQLite value; TypeError for a value of the wrong type."""
    if kind == TEXT:
        if isinstance(value, str):
            return value
    elif kind == DEC:
        if value is None:
            return None
        if isinstance(value, Decimal):
            # Not ``money.to_canonical``: a draft keeps the exact Decimal, ``-0`` included.
            return format(value, "f")
    elif kind == INT:
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
    elif kind == DATE:
        if value is None:
            return None
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat()
    elif kind == BLOB:
        if isinstance(value, bytes):
            return value
    else:
        raise ValueError(kind)
    raise TypeError(f"expected {kind}, got {type(value).__name__}: {value!r:.60}")


def decode(kind: str, value: Any, where: str) -> Any:
    """An SQLite value as the model value; FileFormatError naming ``where`` when it is not one."""
    if kind == TEXT:
        if isinstance(value, str):
            return value
    elif kind == DEC:
        if value is None:
            return None
        # Only what ``encode`` writes: NaN/sNaN/Infinity would pass ``Decimal()`` and crash the checks.
        if isinstance(value, str):
            try:
                return money.from_canonical(value)
            except FileFormatError:
                pass  # named below with the place
    elif kind == INT:
        if value is None or isinstance(value, int):
            return value
    elif kind == DATE:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
    elif kind == BLOB and isinstance(value, bytes):
        return value
    raise FileFormatError(f"草稿文件已损坏：{where} 的内容“{str(value)[:40]}”无效。")


# ---- the stored fields of each model class -------------------------------------------------------

TRIPLE_COLS: Cols = (("prev", DEC), ("budget", DEC), ("actual", DEC))
NAMED_LINE_COLS: Cols = (("name", TEXT),) + TRIPLE_COLS
STAFF_COLS: Cols = (("kind", TEXT), ("count", INT))
FUNDING_COLS: Cols = (
    ("initial", DEC),
    ("full", DEC),
    ("executed", DEC),
    ("weight_entered", DEC),
    ("rate_entered", DEC),
    ("score_entered", DEC),
)
INDICATOR_COLS: Cols = (
    ("level1", TEXT),
    ("level2", TEXT),
    ("name", TEXT),
    ("target", TEXT),
    ("actual", TEXT),
    ("weight", DEC),
    ("score_entered", DEC),
    ("band", TEXT),
    ("band_score", DEC),
    ("override_score", DEC),
    ("override_reason", TEXT),
    ("deviation", TEXT),
)
PERFORMANCE_COLS: Cols = (  # Performance without its indicator list
    ("goal_expected", TEXT),
    ("goal_actual", TEXT),
    ("total_weight_entered", DEC),
    ("total_score_entered", DEC),
)
PROJECT_COLS: Cols = (("name", TEXT), ("department", TEXT), ("implementer", TEXT))
SECTION_COLS: Cols = (("heading", TEXT), ("body", TEXT))
ATTACHMENT_COLS: Cols = (("id", TEXT), ("filename", TEXT), ("mime", TEXT), ("data", BLOB))
ACK_COLS: Cols = (("rule_id", TEXT), ("location", TEXT), ("reason", TEXT), ("kind", TEXT))
FUNDING_ROWS: tuple[str, ...] = ("total", "current", "carryover", "other")  # ProjectFunding fields

# The single ``meta`` row: for each storage part, (object path from the package, column prefix, fields).
META_GROUPS: dict[str, tuple[tuple[tuple[str, ...], str, Cols], ...]] = {
    "fiscal_year": (((), "", (("fiscal_year", INT),)),),
    "ruleset_id": (((), "", (("ruleset_id", TEXT),)),),
    "ruleset_content": (((), "", (("ruleset_content", TEXT),)),),
    "unit": (
        (
            ("unit",),
            "unit_",
            (
                ("name", TEXT),
                ("department", TEXT),
                ("functions", TEXT),
                ("organization", TEXT),
                ("staff_authorized", INT),
                ("staff_actual", INT),
                ("control_rate_entered", DEC),
            ),
        ),
    ),
    "footer": (
        (("footer",), "footer_", (("leader", TEXT), ("preparer", TEXT), ("phone", TEXT), ("date", DATE))),
    ),
    "cover": ((("cover",), "cover_", (("title", TEXT), ("unit_name", TEXT), ("date", DATE))),),
    "basic": (
        (
            ("basic", "building"),
            "building_",
            (
                ("approved_area", DEC),
                ("actual_area", DEC),
                ("area_rate_entered", DEC),
                ("budget_invest", DEC),
                ("actual_invest", DEC),
                ("invest_rate_entered", DEC),
            ),
        ),
        (("basic",), "basic_", (("frugality", TEXT),)),
    ),
    "overall_funding": (
        (("overall_funding", "total"), "of_total_", FUNDING_COLS),
        (
            ("overall_funding",),
            "of_",
            tuple((name, DEC) for name in model.OVERALL_AMOUNTS),
        ),
    ),
    "overall": ((("overall",), "overall_", PERFORMANCE_COLS),),
}


def meta_columns(part: str | None = None) -> list[str]:
    """The ``meta`` columns of one part (all parts when ``part`` is None), in a fixed order."""
    groups = META_GROUPS.values() if part is None else (META_GROUPS[part],)
    return [prefix + name for group in groups for _, prefix, cols in group for name, _ in cols]


def meta_values(pkg: model.Package, part: str | None = None) -> list[Any]:
    """The encoded values for ``meta_columns(part)``."""
    groups = META_GROUPS.values() if part is None else (META_GROUPS[part],)
    out: list[Any] = []
    for group in groups:
        for path, _, cols in group:
            out.extend(values(_walk(pkg, path), cols))
    return out


def values(obj: Any, cols: Cols) -> list[Any]:
    """The encoded values of ``obj``'s stored fields, in ``cols`` order."""
    out = []
    for name, kind in cols:
        try:
            out.append(encode(kind, getattr(obj, name)))
        except TypeError as e:
            raise TypeError(f"{type(obj).__name__}.{name}: {e}") from None
    return out


def build(cls: Callable[..., Any], cols: Cols, row: Sequence[Any], where: str) -> Any:
    """A model object from the first ``len(cols)`` values of ``row``."""
    return cls(**{name: decode(kind, row[i], f"{where}.{name}") for i, (name, kind) in enumerate(cols)})


def _walk(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        obj = getattr(obj, name)
    return obj


# ---- reading -------------------------------------------------------------------------------------


def read_package(conn: sqlite3.Connection) -> model.Package:
    """The whole package stored in ``conn`` (a current-version draft)."""
    pkg = model.Package()
    _read_meta(conn, pkg)
    pkg.unit.staff_by_type = [
        build(model.StaffLine, STAFF_COLS, r, "staff_lines")
        for r in conn.execute("SELECT kind, count FROM staff_lines ORDER BY seq")
    ]
    pkg.basic.rows = {
        _row_key(r[0]): build(model.Triple, TRIPLE_COLS, r[1:], "basic_rows")
        for r in conn.execute("SELECT key, prev, budget, actual FROM basic_rows ORDER BY seq")
    }
    lines: dict[str, list[model.NamedLine]] = {"special": [], "transfer": []}
    for r in conn.execute("SELECT kind, name, prev, budget, actual FROM basic_lines ORDER BY kind, seq"):
        lines[r[0]].append(build(model.NamedLine, NAMED_LINE_COLS, r[1:], "basic_lines"))
    pkg.basic.special, pkg.basic.transfer = lines["special"], lines["transfer"]
    pkg.overall.indicators = read_indicators(conn, None)
    pkg.projects = read_projects(conn)
    pkg.report = _read_report(conn)
    pkg.attachments = [
        build(model.Attachment, ATTACHMENT_COLS, r, "attachments")
        for r in conn.execute("SELECT id, filename, mime, data FROM attachments ORDER BY seq")
    ]
    pkg.acknowledgements = [
        build(model.Acknowledgement, ACK_COLS, r, "acknowledgements")
        for r in conn.execute("SELECT rule_id, location, reason, kind FROM acknowledgements ORDER BY seq")
    ]
    pkg.carried = [
        decode(TEXT, r[0], "carried.path") for r in conn.execute("SELECT path FROM carried ORDER BY seq")
    ]
    return pkg


def _row_key(value: Any) -> str:
    """A 附件1 row key; one the program does not know would vanish from every view, so it is reported."""
    key: str = decode(TEXT, value, "basic_rows.key")
    if key not in model.BASIC_ROW_KEYS:
        raise FileFormatError(
            f"草稿文件已损坏：附件1 经费控制情况中有无法识别的行“{key[:40]}”（basic_rows.key），"
            "其中的数字无法显示。请用备份恢复，或改回原来的行名。"
        )
    return key


def _read_meta(conn: sqlite3.Connection, pkg: model.Package) -> None:
    rows = conn.execute(f"SELECT {', '.join(meta_columns())} FROM meta").fetchall()
    if len(rows) != 1:
        raise FileFormatError("草稿文件已损坏：缺少单位基本信息。")
    row = rows[0]
    i = 0
    for group in META_GROUPS.values():
        for path, prefix, cols in group:
            obj = _walk(pkg, path)
            for name, kind in cols:
                setattr(obj, name, decode(kind, row[i], f"meta.{prefix}{name}"))
                i += 1


def read_indicators(conn: sqlite3.Connection, project_id: str | None) -> list[model.Indicator]:
    """The indicator table of the overall form (``None``) or of one project."""
    cols = ", ".join(name for name, _ in INDICATOR_COLS)
    where = "project_id IS NULL" if project_id is None else "project_id = ?"
    args = () if project_id is None else (project_id,)
    return [
        build(model.Indicator, INDICATOR_COLS, r, "indicators")
        for r in conn.execute(f"SELECT {cols} FROM indicators WHERE {where} ORDER BY seq", args)
    ]


def read_projects(conn: sqlite3.Connection) -> list[model.Project]:
    """Every project, in order, with its funding rows and indicators."""
    head = ", ".join(name for name, _ in PROJECT_COLS + PERFORMANCE_COLS)
    fund = ", ".join(name for name, _ in FUNDING_COLS)
    funding: dict[str, dict[str, model.FundingRow]] = {}
    for r in conn.execute(f"SELECT project_id, row, {fund} FROM funding_rows"):
        funding.setdefault(r[0], {})[r[1]] = build(model.FundingRow, FUNDING_COLS, r[2:], "funding_rows")
    indicators: dict[str, list[model.Indicator]] = {}
    icols = ", ".join(name for name, _ in INDICATOR_COLS)
    for r in conn.execute(
        f"SELECT project_id, {icols} FROM indicators WHERE project_id IS NOT NULL ORDER BY project_id, seq"
    ):
        indicators.setdefault(r[0], []).append(build(model.Indicator, INDICATOR_COLS, r[1:], "indicators"))
    projects = []
    n_head = len(PROJECT_COLS)
    for r in conn.execute(f"SELECT id, {head} FROM projects ORDER BY seq"):
        pid = decode(TEXT, r[0], "projects.id")
        project = build(model.Project, PROJECT_COLS, r[1:], "projects")
        project.id = pid
        perf = build(model.Performance, PERFORMANCE_COLS, r[1 + n_head :], "projects")
        perf.indicators = indicators.get(pid, [])
        project.performance = perf
        rows = funding.get(pid, {})
        if set(rows) != set(FUNDING_ROWS):
            raise FileFormatError(f"草稿文件已损坏：项目“{project.name[:20]}”的资金数据不完整。")
        project.funding = model.ProjectFunding(**rows)
        projects.append(project)
    return projects


def _read_report(conn: sqlite3.Connection) -> list[model.Section]:
    subs: dict[int, list[model.Subsection]] = {}
    for r in conn.execute(
        "SELECT section_seq, heading, body FROM report_subsections ORDER BY section_seq, seq"
    ):
        subs.setdefault(r[0], []).append(build(model.Subsection, SECTION_COLS, r[1:], "report_subsections"))
    sections = []
    for r in conn.execute("SELECT seq, heading, body FROM report_sections ORDER BY seq"):
        section = build(model.Section, SECTION_COLS, r[1:], "report_sections")
        section.subsections = subs.get(r[0], [])
        sections.append(section)
    return sections
