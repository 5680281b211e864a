"""A long text in a form cell goes on over continuation rows: nothing cut at 409 points, read back whole."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from evaldesk.core import jsonform
from evaldesk.core.sample import load_sample
from evaldesk.export import forms, xlsx
from evaldesk.export.xlsx import form_rows, pagination
from evaldesk.export.xlsx.sheetdata import RawCell, SheetData
from evaldesk.export.xlsx.sheetwriter import MAX_ROW_PT, height_for
from tests.helpers.longest import longest_package, text

FRUGAL = text(50_000, 7)


@pytest.fixture(scope="module")
def longest() -> tuple[Any, bytes]:
    pkg = longest_package()
    return pkg, xlsx.render(pkg)


def _frugal_pkg():  # type: ignore[no-untyped-def]
    pkg = load_sample()
    pkg.basic.frugality = FRUGAL
    return pkg


def _merged(ws) -> dict[tuple[int, int], Any]:  # type: ignore[no-untyped-def]
    return {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}


def test_no_cell_of_any_visible_sheet_needs_more_than_409_points(longest: tuple[Any, bytes]) -> None:
    """Every text at its limit: each text cell fits its row (or the rows it is merged over) at the
    width Excel gives its columns, by the measure the writer uses."""
    _, data = longest
    wb = load_workbook(io.BytesIO(data))
    checked = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue  # the hidden records sheet is data, never shown or printed
        mm = {
            c: pagination.column_mm(ws.column_dimensions[get_column_letter(c)].width)
            for c in range(1, ws.max_column + 1)
        }
        merged = _merged(ws)
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                    continue
                rng = merged.get((cell.row, cell.column))
                cols = range(rng.min_col, rng.max_col + 1) if rng else [cell.column]
                rows = range(rng.min_row, rng.max_row + 1) if rng else [cell.row]
                need = height_for(cell.value, sum(mm[c] for c in cols), cell.font.sz)
                assert need <= MAX_ROW_PT * len(rows), (ws.title, cell.coordinate, len(cell.value), need)
                checked += 1
    assert checked > 500


def test_every_text_at_its_limit_round_trips(longest: tuple[Any, bytes]) -> None:
    pkg, data = longest
    back = xlsx.read_workbook(data)
    want, got = jsonform.to_dict(pkg), jsonform.to_dict(back)
    want.pop("attachments"), got.pop("attachments")
    assert got == want


def test_the_visible_forms_alone_give_back_every_long_text() -> None:
    """Without the hidden records sheet: the pieces of each form cell are joined back exactly."""
    pkg = longest_package()
    back = xlsx.read_workbook(xlsx.render(pkg, xlsx.XlsxOptions(round_trip=False)))
    assert len(FRUGAL) == 50_000 and "\n" in FRUGAL and "budget ok" in FRUGAL
    assert back.basic.frugality == pkg.basic.frugality
    for got, want in (
        (back.overall, pkg.overall),
        (back.projects[0].performance, pkg.projects[0].performance),
    ):
        assert got.goal_expected == want.goal_expected
        assert got.goal_actual == want.goal_actual
        assert len(got.indicators) == len(want.indicators)
        for a, b in zip(got.indicators, want.indicators, strict=True):
            assert (a.name, a.target, a.actual, a.deviation) == (b.name, b.target, b.actual, b.deviation)
            assert a.weight == b.weight
    p, q = back.projects[0], pkg.projects[0]
    assert (p.name, p.department, p.implementer) == (q.name, q.department, q.implementer)
    assert back.unit.name == pkg.unit.name
    assert (back.unit.functions, back.unit.organization) == (pkg.unit.functions, pkg.unit.organization)


def test_a_50000_character_frugality_goes_on_over_marked_rows_beside_its_labels() -> None:
    data = xlsx.render(_frugal_pkg(), xlsx.XlsxOptions(round_trip=False))
    ws = load_workbook(io.BytesIO(data))["附件1"]
    label = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "厉行节约保障措施")
    pieces = []
    r = label
    while isinstance(ws.cell(row=r, column=4).value, str):
        pieces.append(ws.cell(row=r, column=4).value)
        r += 1
    assert len(pieces) > 20
    assert not pieces[0].startswith(tuple(form_rows.MARKERS.values()))
    assert all(p.startswith(tuple(form_rows.MARKERS.values())) for p in pieces[1:])
    assert ws.cell(row=r, column=1).value.startswith("说明")  # the notes follow the last piece
    # The labels span the continuation rows, merged page by page, standing at the top of each page.
    starts = _pages(ws)
    merged = _merged(ws)
    assert ws.cell(row=label, column=1).alignment.vertical == "top"
    for page in sorted({pagination.page_of(row, starts) for row in range(label, r)}):
        rows = [row for row in range(label, r) if pagination.page_of(row, starts) == page]
        for col in (1, 2):
            if len(rows) > 1:
                m = merged[(rows[0], col)]
                assert (m.min_row, m.max_row) == (rows[0], rows[-1])
            assert ws.cell(row=rows[0], column=col).border.bottom.style == "thin"
    assert xlsx.read_workbook(data).basic.frugality == FRUGAL


def _pages(ws) -> list[int]:  # type: ignore[no-untyped-def]
    heights = [ws.row_dimensions[r].height or pagination.DEFAULT_ROW_PT for r in range(1, ws.max_row + 1)]
    first, last = (int(x) for x in ws.print_title_rows.replace("$", "").split(":"))
    manual = frozenset(b.id + 1 for b in ws.row_breaks.brk)
    return pagination.page_starts(heights, (297 - 50) * pagination.PT_PER_MM, (first, last), manual)


def test_no_merged_label_runs_over_a_page_break_and_the_footer_keeps_the_last_piece() -> None:
    ws = load_workbook(io.BytesIO(xlsx.render(_frugal_pkg())))["附件1"]
    starts = _pages(ws)
    assert len(starts) > 20
    for m in ws.merged_cells.ranges:
        assert not [s for s in starts if m.min_row < s <= m.max_row], str(m)
    footer = ws.max_row
    assert str(ws.cell(row=footer, column=1).value).startswith("单位负责人签字")
    last_piece = max(r for r in range(1, footer) if isinstance(ws.cell(row=r, column=4).value, str))
    assert ws.cell(row=last_piece, column=4).value.startswith(tuple(form_rows.MARKERS.values()))
    assert pagination.page_of(last_piece, starts) == pagination.page_of(footer, starts)


def test_short_texts_keep_one_row_each() -> None:
    """The sample: no grid row is split, so its sheets are laid out exactly as before."""
    pkg = load_sample()
    for g in forms.all_forms(pkg, None):
        lay = form_rows.layout(g, 3)
        assert lay.count == [1] * g.n_rows and not lay.pieces
    wb = load_workbook(io.BytesIO(xlsx.render(pkg)))
    marks = tuple(form_rows.MARKERS.values())
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert not any(isinstance(c.value, str) and c.value.startswith(marks) for c in row)


def test_fold_joins_pieces_typed_half_width_and_keeps_other_rows() -> None:
    cells = {
        (5, 1): RawCell(5, 1, "厉行节约保障措施"),
        (5, 4): RawCell(5, 4, "第一段"),
        (6, 4): RawCell(6, 4, "(续)第二段"),
        (7, 4): RawCell(7, 4, "（接）接着写"),
        (8, 1): RawCell(8, 1, "（续）不是续行：同一行还有别的内容"),
        (8, 2): RawCell(8, 2, "别的内容"),
    }
    folded = form_rows.fold(SheetData("附件1", cells))
    assert folded.get(5, 4).value == "第一段\n第二段接着写"
    assert folded.continued == frozenset({6, 7})
    assert folded.get(6, 4) is None and folded.get(8, 2).value == "别的内容"
