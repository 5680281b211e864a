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
from evaldesk.core.storage import labels
from evaldesk.core.storage.labels import TABLES, named

TEXT, INT, DEC, DATE, BLOB = "text", "int", "dec", "date", "blob"


class DamagedDraft(FileFormatError):
    """A draft whose content is not what EvalDesk writes; the message says where, in the clerk's words,
    and names the file once :func:`read_package` knows it."""

    def __init__(self, detail: str, file_name: str = "") -> None:
        self.detail = detail
        draft = f"草稿文件“{file_name}”" if file_name else "草稿文件"
        super().__init__(f"{draft}已损坏：{detail}")


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


def decode(kind: str, value: Any, where: str, what: str = "") -> Any:
    """An SQLite value as the model value; FileFormatError naming the place when it is not one:
    ``where`` in the clerk's words (``附件1 基础数据表第2行（…）``) and ``what`` there (``上年决算数``)."""
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
    place = f"{where}的{what}" if what else where
    shown = f"“{value[:40]}{'…' if len(value) > 40 else ''}”" if isinstance(value, str) else ""
    raise DamagedDraft(f"{place}{shown}{_NOT_A[kind]}。可以从自动备份中恢复。")


_NOT_A = {
    TEXT: "不是文字",
    INT: "不是整数",
    DEC: "不是有效的数字",
    DATE: "不是有效的日期",
    BLOB: "不是文件内容",
}


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


def build(cls: Callable[..., Any], cols: Cols, row: Sequence[Any], table: str, where: str) -> Any:
    """A model object from the first ``len(cols)`` values of ``row``, a row of ``table`` that the
    clerk knows as ``where`` (a damaged value is reported there, by its column's Chinese name)."""
    return cls(
        **{
            name: decode(kind, row[i], where, labels.column(table, name))
            for i, (name, kind) in enumerate(cols)
        }
    )


def _walk(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        obj = getattr(obj, name)
    return obj


# ---- reading -------------------------------------------------------------------------------------


def _rows(conn: sqlite3.Connection, sql: str, args: Sequence[Any] = ()) -> list[Any]:
    """Every row at once. A value refused halfway through a live cursor would leave its statement open,
    and SQLite keeps the file locked after the connection is closed until that statement is freed."""
    return conn.execute(sql, args).fetchall()


def read_package(conn: sqlite3.Connection, file_name: str = "") -> model.Package:
    """The whole package stored in ``conn`` (a current-version draft); a damaged value raises
    :class:`DamagedDraft` naming ``file_name`` and the place."""
    try:
        return _read_package(conn)
    except DamagedDraft as e:
        if not file_name:
            raise
        raise DamagedDraft(e.detail, file_name) from None


def _read_package(conn: sqlite3.Connection) -> model.Package:
    pkg = model.Package()
    _read_meta(conn, pkg)
    pkg.unit.staff_by_type = [
        build(model.StaffLine, STAFF_COLS, r, "staff_lines", f"{TABLES['staff_lines']}第{n}行")
        for n, r in enumerate(_rows(conn, "SELECT kind, count FROM staff_lines ORDER BY seq"), 1)
    ]
    rows: dict[str, model.Triple] = {}
    for r in _rows(conn, "SELECT key, prev, budget, actual FROM basic_rows ORDER BY seq"):
        key = _row_key(r[0])
        rows[key] = build(model.Triple, TRIPLE_COLS, r[1:], "basic_rows", labels.basic_row(key))
    pkg.basic.rows = rows
    lines: dict[str, list[model.NamedLine]] = {"special": [], "transfer": []}
    for r in _rows(conn, "SELECT kind, name, prev, budget, actual FROM basic_lines ORDER BY kind, seq"):
        kind = lines[r[0]]
        where = f"附件1 {labels.LINE_KINDS[r[0]]}第{len(kind) + 1}行{named(r[1])}"
        kind.append(build(model.NamedLine, NAMED_LINE_COLS, r[1:], "basic_lines", where))
    pkg.basic.special, pkg.basic.transfer = lines["special"], lines["transfer"]
    pkg.overall.indicators = read_indicators(conn, None)
    pkg.projects = read_projects(conn)
    pkg.report = _read_report(conn)
    pkg.attachments = [
        build(
            model.Attachment,
            ATTACHMENT_COLS,
            r,
            "attachments",
            f"{TABLES['attachments']}第{n}个{named(r[1])}",
        )
        for n, r in enumerate(_rows(conn, "SELECT id, filename, mime, data FROM attachments ORDER BY seq"), 1)
    ]
    acks = _rows(conn, "SELECT rule_id, location, reason, kind FROM acknowledgements ORDER BY seq")
    pkg.acknowledgements = [
        build(model.Acknowledgement, ACK_COLS, r, "acknowledgements", f"{TABLES['acknowledgements']}第{n}条")
        for n, r in enumerate(acks, 1)
    ]
    pkg.carried = [
        decode(TEXT, r[0], f"{TABLES['carried']}第{n}条", labels.column("carried", "path"))
        for n, r in enumerate(_rows(conn, "SELECT path FROM carried ORDER BY seq"), 1)
    ]
    return pkg


def _row_key(value: Any) -> str:
    """A 附件1 row key; one the program does not know would vanish from every view, so it is reported."""
    key: str = decode(TEXT, value, TABLES["basic_rows"], labels.column("basic_rows", "key"))
    if key not in model.BASIC_ROW_KEYS:
        raise DamagedDraft(
            f"{TABLES['basic_rows']}中有无法识别的行“{key[:40]}”，其中的数字无法显示。请用备份恢复，或改回原来的行名。"
        )
    return key


def _read_meta(conn: sqlite3.Connection, pkg: model.Package) -> None:
    rows = conn.execute(f"SELECT {', '.join(meta_columns())} FROM meta").fetchall()
    if len(rows) != 1:
        raise DamagedDraft("缺少单位基本信息。")
    row = rows[0]
    i = 0
    for group in META_GROUPS.values():
        for path, prefix, cols in group:
            obj = _walk(pkg, path)
            for name, kind in cols:
                setattr(obj, name, decode(kind, row[i], *labels.META[prefix + name]))
                i += 1


_NAME = [name for name, _ in INDICATOR_COLS].index("name")


def _indicator(row: Sequence[Any], table: str, n: int) -> model.Indicator:
    """Row ``n`` (from 1) of the indicator table ``table`` (``附件2``, ``附件3“项目”``)."""
    where = f"{table} {TABLES['indicators']}第{n}行{named(row[_NAME])}"
    ind: model.Indicator = build(model.Indicator, INDICATOR_COLS, row, "indicators", where)
    return ind


def _project_table(name: object, n: int) -> str:
    """``附件3“道路养护”`` (``附件3第2个项目`` when the name itself is unreadable)."""
    return f"附件3“{name.strip()[:20]}”" if isinstance(name, str) and name.strip() else f"附件3第{n}个项目"


def read_indicators(conn: sqlite3.Connection, project_id: str | None) -> list[model.Indicator]:
    """The indicator table of the overall form (``None``) or of one project."""
    cols = ", ".join(name for name, _ in INDICATOR_COLS)
    where = "project_id IS NULL" if project_id is None else "project_id = ?"
    args = () if project_id is None else (project_id,)
    table = "附件2"
    if project_id is not None:
        head = conn.execute(
            "SELECT name, (SELECT count(*) FROM projects p WHERE p.seq <= q.seq) FROM projects q WHERE id = ?",
            args,
        ).fetchone()
        table = _project_table(*head) if head else "附件3"
    rows = _rows(conn, f"SELECT {cols} FROM indicators WHERE {where} ORDER BY seq", args)
    return [_indicator(r, table, n) for n, r in enumerate(rows, 1)]


def read_projects(conn: sqlite3.Connection) -> list[model.Project]:
    """Every project, in order, with its funding rows and indicators."""
    head = ", ".join(name for name, _ in PROJECT_COLS + PERFORMANCE_COLS)
    fund = ", ".join(name for name, _ in FUNDING_COLS)
    # Where each project's rows are, in the clerk's words, for a message about a damaged value.
    tables = {
        r[0]: _project_table(r[1], n)
        for n, r in enumerate(_rows(conn, "SELECT id, name FROM projects ORDER BY seq"), 1)
    }
    funding: dict[str, dict[str, model.FundingRow]] = {}
    for r in _rows(conn, f"SELECT project_id, row, {fund} FROM funding_rows"):
        where = f"{tables.get(r[0], '附件3')}的“{labels.FUNDING_ROW_NAMES.get(r[1], '资金')}”行"
        funding.setdefault(r[0], {})[r[1]] = build(
            model.FundingRow, FUNDING_COLS, r[2:], "funding_rows", where
        )
    indicators: dict[str, list[model.Indicator]] = {}
    icols = ", ".join(name for name, _ in INDICATOR_COLS)
    for r in _rows(
        conn,
        f"SELECT project_id, {icols} FROM indicators WHERE project_id IS NOT NULL ORDER BY project_id, seq",
    ):
        table = indicators.setdefault(r[0], [])
        table.append(_indicator(r[1:], tables.get(r[0], "附件3"), len(table) + 1))
    projects = []
    n_head = len(PROJECT_COLS)
    for n, r in enumerate(_rows(conn, f"SELECT id, {head} FROM projects ORDER BY seq"), 1):
        where = f"附件3第{n}个项目{named(r[1])}"
        pid = decode(TEXT, r[0], where, labels.column("projects", "id"))
        project = build(model.Project, PROJECT_COLS, r[1:], "projects", where)
        project.id = pid
        perf = build(model.Performance, PERFORMANCE_COLS, r[1 + n_head :], "projects", where)
        perf.indicators = indicators.get(pid, [])
        project.performance = perf
        rows = funding.get(pid, {})
        if set(rows) != set(FUNDING_ROWS):
            raise DamagedDraft(f"项目“{project.name[:20]}”的资金数据不完整。")
        project.funding = model.ProjectFunding(**rows)
        projects.append(project)
    return projects


def _read_report(conn: sqlite3.Connection) -> list[model.Section]:
    number = {r[0]: n for n, r in enumerate(_rows(conn, "SELECT seq FROM report_sections ORDER BY seq"), 1)}
    subs: dict[int, list[model.Subsection]] = {}
    for r in _rows(
        conn, "SELECT section_seq, heading, body FROM report_subsections ORDER BY section_seq, seq"
    ):
        got = subs.setdefault(r[0], [])
        where = f"{TABLES['report_subsections']}第{number.get(r[0], '?')}部分第{len(got) + 1}小节"
        got.append(build(model.Subsection, SECTION_COLS, r[1:], "report_subsections", where))
    sections = []
    for n, r in enumerate(_rows(conn, "SELECT seq, heading, body FROM report_sections ORDER BY seq"), 1):
        section = build(
            model.Section, SECTION_COLS, r[1:], "report_sections", f"{TABLES['report_sections']}第{n}部分"
        )
        section.subsections = subs.get(r[0], [])
        sections.append(section)
    return sections
