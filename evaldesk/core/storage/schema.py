"""The draft file's tables and their migrations.

``PRAGMA user_version`` is the schema version and ``PRAGMA application_id`` marks the file as ours.
A file is built, and an old file is brought up to date, by running the numbered steps of
``MIGRATIONS`` whose version is above the file's: an empty database (version 0) runs them all, so the
steps are exercised every time a draft is created, not only on the rare day a user opens an old file.

Each step runs in its own transaction, which also sets ``user_version`` to the step's number; callers
that must leave a file untouched on failure migrate a copy (``sqlitefile.migrate_file``).

Adding version 2: append ``Step(2, "…", fn)`` (never edit a shipped step), update ``codec``/``writer``,
and commit a ``tests/core/fixtures/v2_*.evaldesk`` made by the new version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evaldesk.core.errors import FileFormatError, StorageError
from evaldesk.core.storage import labels

# "EvDk": PRAGMA application_id, so that `file` and our own open can tell a draft from other SQLite files.
APPLICATION_ID = 0x4576446B


@dataclass(frozen=True)
class Step:
    """One migration: ``run(conn)`` turns a version ``version - 1`` database into version ``version``."""

    version: int
    description: str
    run: Callable[[sqlite3.Connection], None]


# Amounts, percentages and scores are TEXT (``format(d, 'f')``) so that they come back as the exact
# Decimal the clerk typed, trailing zeros included; dates are ISO text; "not filled" is NULL.
_V1_DDL = """
CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    app TEXT NOT NULL DEFAULT 'evaldesk',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    fiscal_year INTEGER NOT NULL,
    ruleset_id TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    unit_department TEXT NOT NULL,
    unit_functions TEXT NOT NULL,
    unit_organization TEXT NOT NULL,
    unit_staff_authorized INTEGER,
    unit_staff_actual INTEGER,
    unit_control_rate_entered TEXT,
    footer_leader TEXT NOT NULL,
    footer_preparer TEXT NOT NULL,
    footer_phone TEXT NOT NULL,
    footer_date TEXT,
    cover_title TEXT NOT NULL,
    cover_unit_name TEXT NOT NULL,
    cover_date TEXT,
    building_approved_area TEXT,
    building_actual_area TEXT,
    building_area_rate_entered TEXT,
    building_budget_invest TEXT,
    building_actual_invest TEXT,
    building_invest_rate_entered TEXT,
    basic_frugality TEXT NOT NULL,
    of_total_initial TEXT,
    of_total_full TEXT,
    of_total_executed TEXT,
    of_total_weight_entered TEXT,
    of_total_rate_entered TEXT,
    of_total_score_entered TEXT,
    of_income_total TEXT,
    of_income_general TEXT,
    of_income_fund TEXT,
    of_income_nontax TEXT,
    of_income_other TEXT,
    of_expend_total TEXT,
    of_expend_basic TEXT,
    of_expend_project TEXT,
    of_personnel TEXT,
    overall_goal_expected TEXT NOT NULL,
    overall_goal_actual TEXT NOT NULL,
    overall_total_weight_entered TEXT,
    overall_total_score_entered TEXT
);

CREATE TABLE staff_lines (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    count INTEGER
);

CREATE TABLE basic_rows (
    key TEXT PRIMARY KEY NOT NULL,
    seq INTEGER NOT NULL,
    prev TEXT,
    budget TEXT,
    actual TEXT
);

CREATE TABLE basic_lines (
    kind TEXT NOT NULL CHECK (kind IN ('special', 'transfer')),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    prev TEXT,
    budget TEXT,
    actual TEXT,
    PRIMARY KEY (kind, seq)
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    implementer TEXT NOT NULL,
    goal_expected TEXT NOT NULL,
    goal_actual TEXT NOT NULL,
    total_weight_entered TEXT,
    total_score_entered TEXT
);

CREATE TABLE funding_rows (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
    row TEXT NOT NULL CHECK (row IN ('total', 'current', 'carryover', 'other')),
    initial TEXT,
    full TEXT,
    executed TEXT,
    weight_entered TEXT,
    rate_entered TEXT,
    score_entered TEXT,
    PRIMARY KEY (project_id, row)
);

-- project_id NULL = the 附件2 (overall) table; otherwise the 附件3 of that project.
CREATE TABLE indicators (
    project_id TEXT REFERENCES projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
    seq INTEGER NOT NULL,
    level1 TEXT NOT NULL,
    level2 TEXT NOT NULL,
    name TEXT NOT NULL,
    target TEXT NOT NULL,
    actual TEXT NOT NULL,
    weight TEXT,
    score_entered TEXT,
    band TEXT NOT NULL,
    band_score TEXT,
    override_score TEXT,
    override_reason TEXT NOT NULL,
    deviation TEXT NOT NULL
);
CREATE UNIQUE INDEX indicators_owner_seq ON indicators (project_id, seq);

CREATE TABLE report_sections (
    seq INTEGER PRIMARY KEY,
    heading TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE TABLE report_subsections (
    section_seq INTEGER NOT NULL REFERENCES report_sections (seq) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    heading TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (section_seq, seq)
);

CREATE TABLE attachments (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE acknowledgements (
    seq INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL,
    location TEXT NOT NULL,
    reason TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE carried (
    seq INTEGER PRIMARY KEY,
    path TEXT NOT NULL
);
"""


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one inside the current transaction (``executescript`` would commit)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending[:60]!r}")


def _create_v1(conn: sqlite3.Connection) -> None:
    run_script(conn, _V1_DDL)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _add_ruleset_content(conn: sqlite3.Connection) -> None:
    # The rule set travels with the draft; '' (older drafts) means "scored by ruleset_id".
    conn.execute("ALTER TABLE meta ADD COLUMN ruleset_content TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Step] = [
    Step(1, "建立初始表结构", _create_v1),
    Step(2, "评分规则集内容随草稿保存", _add_ruleset_content),
]

# The version this program writes. Read through ``latest_version()`` (tests add fake steps).
SCHEMA_VERSION = 2


def latest_version(steps: Sequence[Step] | None = None) -> int:
    """The schema version reached by running ``steps`` (default: ``MIGRATIONS``)."""
    steps = MIGRATIONS if steps is None else steps
    return steps[-1].version if steps else 0


def newer_version_error(version: int, supported: int | None = None) -> FileFormatError:
    """The message for a file written by a newer EvalDesk."""
    supported = latest_version() if supported is None else supported
    return FileFormatError(
        f"此文件由更新版本的绩效自评助手创建（文件格式版本 {version}），"
        f"本程序只支持到版本 {supported}，请升级后再打开。"
    )


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate_connection(conn: sqlite3.Connection, steps: Sequence[Step] | None = None) -> list[int]:
    """Run the steps above the database's version, in order, each in one transaction.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Returns the versions run.
    A failing step is rolled back and raises StorageError; steps before it stay committed.
    """
    steps = list(MIGRATIONS if steps is None else steps)
    _check_steps(steps)
    current = user_version(conn)
    target = latest_version(steps)
    if current > target:
        raise newer_version_error(current, target)
    done: list[int] = []
    for step in steps:
        if step.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step.run(conn)
            # PRAGMA user_version is part of the transaction: the version moves only if the step commits.
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StorageError(f"升级后的数据引用关系不完整（{labels.table_of(problems[0][0])}）。")
            conn.execute("COMMIT")
        except Exception as e:
            _rollback(conn)
            if isinstance(e, StorageError):
                raise
            raise StorageError(
                f"升级文件格式到版本 {step.version}（{step.description}）时出错（{_why(e)}）。"
            ) from e
        except BaseException:
            _rollback(conn)
            raise
        done.append(step.version)
    return done


def _why(e: Exception) -> str:
    """Why a step failed, for the clerk: SQLite's own text names tables and columns (kept in the chain)."""
    if isinstance(e, sqlite3.IntegrityError):
        return "文件中的数据不符合新格式的要求，可能被手工改动过"
    if isinstance(e, sqlite3.Error):
        return "文件内容与预期的格式不符"
    return "程序内部错误"


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _check_steps(steps: Sequence[Step]) -> None:
    # A programming error, not a user's: the step list must be 1, 2, 3, … without gaps.
    versions = [s.version for s in steps]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration steps must be numbered 1..N, got {versions}")
