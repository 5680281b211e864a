"""The draft file stores the package exactly: sample, generated packages, committed fixtures."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from evaldesk.core import jsonform, model
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, codec, load_package, save_package, schema
from tests.strategies import packages

FIXTURES = Path(__file__).parent / "fixtures"


def test_sample_round_trip(tmp_path: Path) -> None:
    pkg = load_sample()
    path = tmp_path / "样例.evaldesk"
    save_package(path, pkg)
    loaded = load_package(path)
    assert loaded == pkg
    assert jsonform.dumps(loaded) == jsonform.dumps(pkg)
    with Draft.open(path) as draft:
        assert jsonform.dumps(draft.package) == jsonform.dumps(pkg)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["样例.evaldesk"]  # no journal or sidecar left


def test_file_is_a_readable_sqlite_database_with_normalised_tables(tmp_path: Path) -> None:
    path = tmp_path / "a.evaldesk"
    save_package(path, load_sample())
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert conn.execute("SELECT fiscal_year, ruleset_id, unit_name FROM meta").fetchone() == (
            2023,
            "hunan",
            "岳阳楼区应急管理局",
        )
        # Money is TEXT, exactly as entered.
        assert conn.execute(
            "SELECT prev, budget, actual FROM basic_rows WHERE key = 'sangong'"
        ).fetchone() == (
            "4.8",
            "3.3",
            "2.98",
        )
        assert conn.execute("SELECT count(*) FROM indicators WHERE project_id IS NULL").fetchone()[0] == 10
        assert conn.execute("SELECT count(*) FROM indicators WHERE project_id = 'p1'").fetchone()[0] == 14
        assert conn.execute("SELECT count(*) FROM basic_lines WHERE kind = 'special'").fetchone()[0] == 15
        assert conn.execute("SELECT typeof(data) FROM attachments").fetchall() == []
    finally:
        conn.close()


def test_decimals_keep_their_exact_digits(tmp_path: Path) -> None:
    pkg = model.new_package("单位", "主管", 2024)
    values = [Decimal("1.50"), Decimal("-0.0001"), Decimal("0"), Decimal("-0"), Decimal("123456789012.3400")]
    pkg.basic.special = [model.NamedLine(f"L{i}", v, None, v) for i, v in enumerate(values)]
    path = tmp_path / "d.evaldesk"
    save_package(path, pkg)
    loaded = load_package(path)
    assert [str(line.prev) for line in loaded.basic.special] == [
        "1.50",
        "-0.0001",
        "0",
        "-0",
        "123456789012.3400",
    ]
    assert [line.budget for line in loaded.basic.special] == [None] * 5


def test_every_model_field_has_a_column() -> None:
    """A field added to core.model must get a column (and a migration step), not be silently dropped."""
    stored: dict[type, set[str]] = {
        model.Triple: {n for n, _ in codec.TRIPLE_COLS},
        model.NamedLine: {n for n, _ in codec.NAMED_LINE_COLS},
        model.StaffLine: {n for n, _ in codec.STAFF_COLS},
        model.FundingRow: {n for n, _ in codec.FUNDING_COLS},
        model.Indicator: {n for n, _ in codec.INDICATOR_COLS},
        model.Performance: {n for n, _ in codec.PERFORMANCE_COLS} | {"indicators"},
        model.Project: {n for n, _ in codec.PROJECT_COLS} | {"id", "funding", "performance"},
        model.ProjectFunding: set(codec.FUNDING_ROWS),
        model.Subsection: {n for n, _ in codec.SECTION_COLS},
        model.Section: {n for n, _ in codec.SECTION_COLS} | {"subsections"},
        model.Attachment: {n for n, _ in codec.ATTACHMENT_COLS},
        model.Acknowledgement: {n for n, _ in codec.ACK_COLS},
    }
    for group in codec.META_GROUPS.values():
        for path, _, cols in group:
            owner = {
                (): model.Package,
                ("unit",): model.UnitInfo,
                ("footer",): model.Footer,
                ("cover",): model.Cover,
                ("basic",): model.BasicData,
                ("basic", "building"): model.Building,
                ("overall_funding",): model.OverallFunding,
                ("overall_funding", "total"): model.FundingRow,
                ("overall",): model.Performance,
            }[path]
            stored.setdefault(owner, set()).update(n for n, _ in cols)
    stored[model.Package] |= {"unit", "footer", "cover", "basic", "overall_funding", "overall", "projects"}
    stored[model.Package] |= {"report", "attachments", "acknowledgements", "carried"}
    stored[model.UnitInfo] |= {"staff_by_type"}
    stored[model.BasicData] |= {"rows", "special", "transfer", "building"}
    stored[model.OverallFunding] |= {"total"}
    for cls, names in stored.items():
        assert {f.name for f in dataclasses.fields(cls)} == names, cls.__name__


def test_schema_version_constants_agree() -> None:
    assert schema.latest_version() == schema.SCHEMA_VERSION == model.SCHEMA_VERSION


@pytest.mark.slow
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pkg=packages())
def test_generated_packages_round_trip(pkg: model.Package) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "g.evaldesk"
        save_package(path, pkg)
        loaded = load_package(path)
        assert loaded == pkg
        assert jsonform.dumps(loaded) == jsonform.dumps(pkg)
        assert [p.name for p in Path(d).iterdir()] == ["g.evaldesk"]


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.evaldesk")), ids=lambda p: p.name)
def test_committed_fixtures_load_to_the_expected_package(fixture: Path, tmp_path: Path) -> None:
    """Every file format ever shipped still opens (after migration) to what it held."""
    expected_file = fixture.with_name(fixture.name.replace(".evaldesk", ".expected.json"))
    expected = jsonform.dumps(jsonform.loads(expected_file.read_bytes()))
    original = fixture.read_bytes()
    assert jsonform.dumps(load_package(fixture)) == expected
    assert fixture.read_bytes() == original  # loading never writes
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    with Draft.open(copy) as draft:
        assert jsonform.dumps(draft.package) == expected
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.latest_version()
    assert jsonform.dumps(load_package(copy)) == expected


def test_there_is_a_fixture_for_the_current_version() -> None:
    assert (FIXTURES / f"v{schema.SCHEMA_VERSION}_sample.evaldesk").exists()


@pytest.mark.parametrize("text", ["4.80", "0", "-12.5", "123456789012.3456"])
def test_codec_reads_stored_amounts_through_money(text: str) -> None:
    """The draft's number column is the canonical text of ``money``, entered trailing zeros kept."""
    d = codec.decode(codec.DEC, text, "t")
    assert d == Decimal(text) and str(d) == text
    assert codec.encode(codec.DEC, d) == text


@pytest.mark.parametrize("text", ["NaN", "Infinity", "1E+3", "1,000", "+1", ".5", "1" * 100])
def test_codec_refuses_what_money_would_not_write(text: str) -> None:
    with pytest.raises(
        FileFormatError, match="^草稿文件已损坏：附件2 绩效指标表第1行的分值“.*”不是有效的数字。"
    ):
        codec.decode(codec.DEC, text, "附件2 绩效指标表第1行", "分值")
