"""``evaldesk restore``: it repairs a damaged draft from its backups, and never rolls back an intact one
(a day's edits) unless told to with ``--force``."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from evaldesk.cli import main
from evaldesk.core import edits
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, load_package


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _draft_with_a_days_edits(tmp_path: Path) -> Path:
    path = tmp_path / "今天的草稿.evaldesk"
    Draft.create(path, load_sample()).close()
    with Draft.open(path) as d:  # the backup on open holds the sample
        d.apply(edits.SetValue(("unit", "name"), "今天改过的单位名称"))
    return path


def test_restore_refuses_an_intact_draft(tmp_path: Path) -> None:
    path = _draft_with_a_days_edits(tmp_path)
    before = path.read_bytes()
    code, out, err = run("restore", str(path))
    assert code == 2 and out == ""
    assert path.name in err and "完好" in err and "--force" in err, err
    assert path.read_bytes() == before
    assert load_package(path).unit.name == "今天改过的单位名称"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_restore_force_rolls_back_and_keeps_the_replaced_file(tmp_path: Path) -> None:
    path = _draft_with_a_days_edits(tmp_path)
    code, out, err = run("restore", "--force", str(path))
    assert code == 0, err
    assert "已用备份" in out
    assert load_package(path).unit.name == load_sample().unit.name
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and load_package(kept[0]).unit.name == "今天改过的单位名称"


def test_restore_repairs_a_draft_with_index_damage_that_quick_check_misses(tmp_path: Path) -> None:
    path = _draft_with_a_days_edits(tmp_path)
    # What two writers at once left behind: rows their index does not hold where it should
    # (integrity_check: "row N missing from index"; quick_check does not compare index and table).
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX indicators_owner_seq ON indicators (seq, project_id)'"
            " WHERE name = 'indicators_owner_seq'"
        )
        conn.commit()
    finally:
        conn.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert "missing from index" in conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
    finally:
        conn.close()
    code, _, err = run("check", str(path))
    assert code == 2 and "已损坏" in err and path.name in err, err
    code, out, err = run("restore", str(path))
    assert code == 0, err
    assert load_package(path).unit.name == load_sample().unit.name
