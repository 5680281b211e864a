"""Hostile and random input never crashes EvalDesk: every reader returns a value or raises EvalDeskError.

Fed random text or bytes, and mutations of valid files (bytes flipped, deleted, inserted, duplicated,
truncated; members of a zip mutated and repacked; workbook cells overwritten with odd values), each of
the amount and target parsers, the JSON import, the XLSX import, the upload-package import and draft
opening either gives a value or raises an ``EvalDeskError`` subclass with a Chinese message. A value
that is returned must be usable: it can be scored, checked and written back out.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

from bench.generate import large_package
from evaldesk.core import jsonform, model
from evaldesk.core.errors import EvalDeskError
from evaldesk.core.money import parse_amount, parse_count, parse_percent
from evaldesk.core.sample import load_sample
from evaldesk.core.targets import parse_value
from evaldesk.export.package import build_package
from evaldesk.export.xlsx import render as render_xlsx

CJK = re.compile(r"[\u4e00-\u9fff]")
# Modest by default so that the suite stays fast; EVALDESK_FUZZ_SCALE=20 runs twenty times as many.
_SCALE = max(1, int(os.environ.get("EVALDESK_FUZZ_SCALE", "1") or 1))
FUZZ = settings(max_examples=50 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_SLOW = settings(max_examples=30 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pytestmark = pytest.mark.slow  # fuzzing: many generated hostile inputs per test


def _outcome(fn: Callable[[], Any]) -> Any:
    """Run ``fn``; an EvalDeskError must carry a Chinese message. Anything else propagates (and fails)."""
    try:
        value = fn()
    except EvalDeskError as e:
        assert str(e).strip(), f"{type(e).__name__} without a message"
        assert CJK.search(str(e)), f"message is not Chinese: {e}"
        event(f"refused: {type(e).__name__}")
        return None
    event("accepted")
    return value


def _usable(pkg: Any) -> None:
    """A package a reader returned can be scored, checked and written out again."""
    assert isinstance(pkg, model.Package)
    from evaldesk.core.checks import run_checks
    from evaldesk.core.scoring import score_package

    run_checks(pkg, score_package(pkg))
    assert jsonform.loads(jsonform.dumps(pkg)) == pkg


# ---- mutation strategies --------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, data: bytes, max_edits: int = 6) -> bytes:
    """``data`` with a few random byte-level edits."""
    b = bytearray(data)
    for _ in range(draw(st.integers(1, max_edits))):
        op = draw(st.sampled_from(["flip", "set", "delete", "insert", "duplicate", "truncate", "zero-run"]))
        pos = draw(st.integers(0, max(0, len(b) - 1)))
        if op == "flip" and b:
            b[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and b:
            b[pos] = draw(st.integers(0, 255))
        elif op == "delete":
            del b[pos : pos + draw(st.integers(1, 64))]
        elif op == "insert":
            b[pos:pos] = draw(st.binary(min_size=1, max_size=32))
        elif op == "duplicate":
            b[pos:pos] = b[pos : pos + draw(st.integers(1, 256))]
        elif op == "truncate":
            del b[pos:]
        elif op == "zero-run":
            n = draw(st.integers(1, 512))
            b[pos : pos + n] = bytes(len(b[pos : pos + n]))
    return bytes(b)


@st.composite
def zip_member_mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """The zip ``data`` with one member's content mutated, repacked as a valid zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(i, zf.read(i)) for i in zf.infolist()]
    target = draw(st.sampled_from([i.filename for i, _ in members]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, content in members:
            if info.filename == target:
                content = draw(mutated(content))
            zf.writestr(info, content)
    return out.getvalue()


_JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["1e999999", "NaN", "-0", "1.23456789", "2024-02-30", "9" * 400, "", "≥90%", "p1"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [path] + [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [path] + [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path]


@st.composite
def json_value_changed(draw: st.DrawFn) -> bytes:
    """The sample's canonical JSON with one value (or whole object/list) replaced, removed or duplicated."""
    doc = json.loads(_sample_json())
    paths = [p for p in _leaves(doc) if p]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            key = path[-1]
            action = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
            if action == "replace":
                parent[key] = draw(_JSON_VALUES)
            elif action == "delete":
                del parent[key]
            elif isinstance(parent, list):
                parent.insert(key, parent[key])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _canonical_json_edits() -> st.SearchStrategy[bytes]:
    text = _sample_json()
    return st.one_of(mutated(text), mutated(text, max_edits=1), json_value_changed(), json_value_changed())


# ---- valid inputs, made once ----------------------------------------------------------------------


@functools.cache
def _small() -> model.Package:
    return large_package(projects=2, indicators=15, lines=4, section_chars=200, seed=9)


@functools.cache
def _sample_json() -> bytes:
    return jsonform.dumps(load_sample()).encode("utf-8")


@functools.cache
def _workbook() -> bytes:
    return bytes(render_xlsx(load_sample()))


@functools.cache
def _upload_package() -> bytes:
    return bytes(build_package(_small(), accept_open_errors="测试：按现状生成"))


@functools.cache
def _draft_bytes() -> bytes:
    from evaldesk.core.storage import save_package

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "草稿.evaldesk"
        save_package(path, _small())
        return path.read_bytes()


# ---- parsers --------------------------------------------------------------------------------------

_TYPED = st.text(
    st.one_of(
        st.sampled_from(list("0123456789０１２３４５６７８９.,，．-－+＋%％万元人eE≥≤<>=＜＞＝ 　\t\n")),
        st.characters(),
    ),
    max_size=40,
)
_SPECIAL = st.sampled_from(
    [
        "NaN",
        "-Infinity",
        "1e999999999",
        "1E+5",
        "9" * 5000,
        "0." + "0" * 5000 + "1",
        "1" * 13,
        "１，８１８．３４万元",
        "--1",
        "1..2",
        "1,2,3",
        "，",
        "万元",
        "≤≤15轮",
        "=",
        "≥",
        "%",
        "0x1F",
        "١٢٣",
        "\u200b1",
        "1\u00a0000",
    ]
)


@FUZZ
@given(st.one_of(_TYPED, _SPECIAL, st.none()))
def test_amount_percent_count_parsers(text: str | None) -> None:
    for parse in (parse_amount, parse_percent, parse_count):
        value = _outcome(lambda parse=parse: parse(text))  # type: ignore[misc]
        if value is not None and parse is not parse_count:
            assert value.is_finite()
            assert len(value.as_tuple().digits) <= 40


@FUZZ
@given(st.one_of(_TYPED, _SPECIAL, st.none()))
def test_target_parser(text: str | None) -> None:
    value = _outcome(lambda: parse_value(text))
    if value is not None:
        assert value.kind in ("quant", "qual", "blank")
        assert all(isinstance(p, str) and p for p in value.problems)
        if value.number is not None:
            assert value.number.is_finite()


# ---- JSON -----------------------------------------------------------------------------------------


@FUZZ
@given(_canonical_json_edits())
def test_json_import_of_mutated_canonical_json(data: bytes) -> None:
    pkg = _outcome(lambda: jsonform.loads(data))
    if pkg is not None:
        _usable(pkg)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(str.encode),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
            ),
            max_leaves=20,
        ).map(lambda v: json.dumps(v).encode()),
    )
)
def test_json_import_of_random_input(data: bytes) -> None:
    pkg = _outcome(lambda: jsonform.loads(data))
    if pkg is not None:
        _usable(pkg)


# ---- XLSX -----------------------------------------------------------------------------------------

_CELL_VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "#DIV/0!", "≥≥90%", "1,818.34万元", "", " ", "x" * 3000]),
    st.none(),
    st.booleans(),
)


@st.composite
def workbook_cells_changed(draw: st.DrawFn) -> bytes:
    """The exported sample workbook with a few cells overwritten with odd values."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(_workbook()))
    for _ in range(draw(st.integers(1, 6))):
        ws = wb.worksheets[draw(st.integers(0, len(wb.worksheets) - 1))]
        row = draw(st.integers(1, max(1, min(ws.max_row, 60))))
        col = draw(st.integers(1, max(1, min(ws.max_column, 12))))
        cell = ws.cell(row=row, column=col)
        if type(cell).__name__ == "MergedCell":
            continue
        value = draw(_CELL_VALUES)
        if isinstance(value, float) and value != value:
            value = None  # openpyxl cannot write NaN
        with contextlib.suppress(Exception):
            cell.value = value
    out = io.BytesIO()
    try:
        wb.save(out)
    except Exception:
        reject()
    return out.getvalue()


def _read_xlsx(data: bytes) -> Any:
    from evaldesk.export.xlsx import read_workbook

    return read_workbook(data, source_name="导入测试.xlsx")


@FUZZ_SLOW
@given(st.data())
def test_xlsx_import_of_mutated_bytes(data: st.DataObject) -> None:
    raw = data.draw(st.one_of(mutated(_workbook()), zip_member_mutated(_workbook()), st.binary(max_size=300)))
    pkg = _outcome(lambda: _read_xlsx(raw))
    if pkg is not None:
        _usable(pkg)


@FUZZ_SLOW
@given(st.data())
def test_xlsx_import_of_odd_cell_values(data: st.DataObject) -> None:
    raw = data.draw(workbook_cells_changed())
    pkg = _outcome(lambda: _read_xlsx(raw))
    if pkg is not None:
        _usable(pkg)


# ---- upload package -------------------------------------------------------------------------------


def _read_upload(data: bytes) -> Any:
    from evaldesk.export.package import read_package

    return read_package(data)


@FUZZ_SLOW
@given(st.data())
def test_package_import_of_mutated_zip(data: st.DataObject) -> None:
    raw = data.draw(
        st.one_of(mutated(_upload_package()), zip_member_mutated(_upload_package()), st.binary(max_size=300))
    )
    pkg = _outcome(lambda: _read_upload(raw))
    if pkg is not None:
        _usable(pkg)


# ---- draft files ----------------------------------------------------------------------------------


def _open_draft(path: Path) -> Any:
    from evaldesk.core.storage import Draft

    draft = Draft.open(path)
    try:
        return draft.package
    finally:
        draft.close()


@FUZZ_SLOW
@given(st.data())
def test_draft_open_of_mutated_sqlite(data: st.DataObject) -> None:
    raw = data.draw(
        st.one_of(
            mutated(_draft_bytes()),
            mutated(_draft_bytes(), max_edits=1),
            st.binary(max_size=300).map(lambda b: b"SQLite format 3\x00" + b),
        )
    )
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "变异.evaldesk"
        path.write_bytes(raw)
        pkg = _outcome(lambda: _open_draft(path))
        if pkg is not None:
            _usable(pkg)
        from evaldesk.export.importing import read_any

        pkg = _outcome(lambda: read_any(path))
        if pkg is not None:
            _usable(pkg)
