"""A hand-edited or damaged cell of a draft: the clerk reads where it is in Chinese — the form, the row
and the column (``附件1 基础数据表第2行（…）的上年决算数``) — never the file's ``table.column`` names."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from pathlib import Path

import pytest

from evaldesk.core import model
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, codec, labels, load_package, save_package

# A value each kind of column can never hold: text where a number or date belongs, bytes where text does.
GARBAGE: dict[str, object] = {
    codec.DEC: "abc",
    codec.INT: "abc",
    codec.DATE: "abc",
    codec.TEXT: b"\x00\xff",
    codec.BLOB: "abc",
}

# Every table's stored cells (the keys and links the schema's CHECK and REFERENCES guard are left out).
TABLE_CELLS: dict[str, codec.Cols] = {
    "staff_lines": codec.STAFF_COLS,
    "basic_rows": (("key", codec.TEXT), *codec.TRIPLE_COLS),
    "basic_lines": codec.NAMED_LINE_COLS,
    "projects": (("id", codec.TEXT), *codec.PROJECT_COLS, *codec.PERFORMANCE_COLS),
    "funding_rows": codec.FUNDING_COLS,
    "indicators": codec.INDICATOR_COLS,
    "report_sections": codec.SECTION_COLS,
    "report_subsections": codec.SECTION_COLS,
    "attachments": codec.ATTACHMENT_COLS,
    "acknowledgements": codec.ACK_COLS,
    "carried": (("path", codec.TEXT),),
}
# Where the message must say the cell is (the first row of each table).
PLACES: dict[str, str] = {
    "staff_lines": r"单位信息 编制情况第1行",
    "basic_rows": r"附件1 基础数据表(第\d+行（[^）]+）)?的",
    "basic_lines": r"附件1 (区级专项资金|上级转移支付)第1行",
    "projects": r"附件3第1个项目(（[^）]+）)?的",
    "funding_rows": r"附件3“[^”]+”的“(年度资金总额|当年财政拨款|上年结转资金|其他资金)”行的",
    "indicators": r"附件[23]\S* 绩效指标表第\d+行(（[^）]+）)?的",
    "report_sections": r"自评报告第1部分的",
    "report_subsections": r"自评报告第\d+部分第1小节的",
    "attachments": r"附件材料第1个(（签字页.pdf）)?的",
    "acknowledgements": r"已确认的审核意见第1条的",
    "carried": r"沿用上年内容的记录第1条的",
}


def _meta_cells() -> list[tuple[str, str]]:
    return [
        (prefix + name, kind)
        for group in codec.META_GROUPS.values()
        for _, prefix, cols in group
        for name, kind in cols
    ]


CELLS = [("meta", c, k) for c, k in _meta_cells()] + [
    (t, c, k) for t, cols in TABLE_CELLS.items() for c, k in cols
]


@pytest.fixture(scope="module")
def good_draft(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample with a row in every table (an attachment, an acknowledgement, a carried field)."""
    pkg = load_sample()
    pkg.attachments = [model.Attachment("a1", "签字页.pdf", "application/pdf", b"%PDF-1.4 test")]
    pkg.acknowledgements = [model.Acknowledgement("R7", "basic/public/actual", "已核实", "warning")]
    pkg.carried = ["unit/functions"]
    path = tmp_path_factory.mktemp("cells") / "good.evaldesk"
    save_package(path, pkg)
    return path.read_bytes()


def _damaged(good: bytes, folder: Path, table: str, column: str, kind: str) -> Path:
    path = folder / "手工改过.evaldesk"
    path.write_bytes(good)
    with contextlib.closing(sqlite3.connect(path)) as c:
        first = f"(SELECT min(rowid) FROM {table})"
        assert (
            c.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = {first}", (GARBAGE[kind],)).rowcount
            == 1
        )
        c.commit()
    return path


def _label(table: str, column: str) -> tuple[str, str]:
    """(where, what) the message must name for the cell."""
    if table == "meta":
        return labels.META[column]
    return PLACES[table], labels.column(table, column)


def test_every_stored_column_has_a_chinese_name() -> None:
    assert sorted(labels.META) == sorted(c for c, _ in _meta_cells())
    for table, cols in TABLE_CELLS.items():
        assert table in labels.TABLES
        for column, _ in cols:
            assert column in labels.COLUMNS[table], f"{table}.{column}"


@pytest.mark.parametrize(("table", "column", "kind"), CELLS, ids=[f"{t}.{c}" for t, c, _ in CELLS])
def test_a_garbage_cell_is_named_where_the_clerk_sees_it(
    good_draft: bytes, tmp_path: Path, table: str, column: str, kind: str
) -> None:
    path = _damaged(good_draft, tmp_path, table, column, kind)
    with pytest.raises(FileFormatError) as opened:
        Draft.open(path)
    with pytest.raises(FileFormatError) as loaded:
        load_package(path)
    message = str(opened.value)
    assert str(loaded.value) == message
    assert message.startswith("草稿文件“手工改过.evaldesk”已损坏："), message
    where, what = _label(table, column)
    assert re.search(where, message) if table != "meta" else where in message, message
    assert f"的{what}" in message, message
    # No name of the file's inside: once the garbage shown in quotes is taken out, no Latin letter is left.
    inside = (
        message.removeprefix("草稿文件“手工改过.evaldesk”").replace("“abc”", "").replace("签字页.pdf", "")
    )
    assert not re.search(r"[A-Za-z]", inside), message


def test_the_message_for_a_hand_edited_amount(good_draft: bytes, tmp_path: Path) -> None:
    path = tmp_path / "手工改过.evaldesk"
    path.write_bytes(good_draft)
    with contextlib.closing(sqlite3.connect(path)) as c:
        c.execute("UPDATE basic_rows SET prev = '12,3元' WHERE key = 'car'")
        c.execute("UPDATE indicators SET weight = '十分' WHERE project_id IS NULL AND seq = 2")
        c.commit()
    with pytest.raises(FileFormatError) as info:
        load_package(path)
    assert str(info.value) == (
        "草稿文件“手工改过.evaldesk”已损坏：附件1 基础数据表第2行（1、公务用车购置和维护经费）的上年决算数“12,3元”不是有效的数字。"
        "可以从自动备份中恢复。"
    )
    with contextlib.closing(sqlite3.connect(path)) as c:
        c.execute("UPDATE basic_rows SET prev = '12.3' WHERE key = 'car'")
        c.commit()
        name = c.execute("SELECT name FROM indicators WHERE project_id IS NULL AND seq = 2").fetchone()[0]
        n = (
            1
            + c.execute("SELECT count(*) FROM indicators WHERE project_id IS NULL AND seq < 2").fetchone()[0]
        )
    with pytest.raises(FileFormatError) as info:
        load_package(path)
    assert str(info.value) == (
        f"草稿文件“手工改过.evaldesk”已损坏：附件2 绩效指标表第{n}行（{name}）的分值“十分”不是有效的数字。可以从自动备份中恢复。"
    )


def test_a_row_the_program_does_not_know_is_named_by_its_form(good_draft: bytes, tmp_path: Path) -> None:
    path = tmp_path / "手工改过.evaldesk"
    path.write_bytes(good_draft)
    with contextlib.closing(sqlite3.connect(path)) as c:
        c.execute("UPDATE basic_rows SET key = 'car_new' WHERE key = 'car'")
        c.commit()
    with pytest.raises(FileFormatError) as info:
        load_package(path)
    assert str(info.value) == (
        "草稿文件“手工改过.evaldesk”已损坏：附件1 基础数据表中有无法识别的行“car_new”，其中的数字无法显示。"
        "请用备份恢复，或改回原来的行名。"
    )


def test_a_refused_draft_is_not_left_locked(good_draft: bytes, tmp_path: Path) -> None:
    """The value refused halfway through reading a table once left SQLite's statement open, and with it
    the file's lock, for as long as the error was kept (a dialog showing it): restoring it then said
    "in use". Now the file is free as soon as the refusal is raised."""
    path = _damaged(good_draft, tmp_path, "indicators", "weight", codec.DEC)
    with pytest.raises(FileFormatError) as kept:
        Draft.open(path)
    with pytest.raises(
        FileFormatError
    ) as again:  # not FileInUseError, though ``kept`` still holds its frames
        Draft.open(path)
    assert str(again.value) == str(kept.value)
