"""The hidden ``EvalDesk数据`` sheet: what the visible forms cannot carry, so that export → import is exact.

The visible forms print what EvalDesk computes (控制率, totals, 执行率, 得分, 总分) and only the fields a
paper form has. Everything else rides in this one hidden, clearly labelled sheet, one record a row:

======  ================================================================================================
类型     meaning
======  ================================================================================================
原值     the field read from ``工作表!单元格`` really is ``值`` — e.g. the 控制率 the clerk entered
         (``"100"``) under the computed 95.92%, a blank ``null`` where nothing was entered, a 分值 typed
         on a 其中 row that the form leaves blank, the exact decimals of an amount (``"4.80"``)
附加     a field the form does not show, relative to the item named by ``工作表!单元格`` (an
         indicator's 定性档次/调整得分/理由), to the part a sheet shows (单元格 ``@…``: a project's id)
         or to the package (工作表 blank: rule set id, carried paths, acknowledged warnings)
整表     a whole list (``字段``) of the part shown on ``工作表``, used only while that sheet is unchanged
空行     a blank row that is an item (an empty indicator or 专项 line), not a clerk's spacer
校验     the digest of a visible sheet at export: while it matches, the sheet is as exported, so a cell
         the importer cannot read there (e.g. a 专项 line named like a fixed row) is not a problem —
         the records restore it
======  ================================================================================================

Each record also holds ``导出时内容``: the content of its cell at export (``整表``: a digest of the whole
sheet). On import a record is used only if the cell (sheet) still has that content, so whatever the
clerk changes in the visible form wins, and the visible form is always read first.
``字段`` is a JSON list of keys under the anchor (for 原值: the field's name, to tell apart fields read
from one cell); ``值`` is JSON (split over several cells when long).
The records are planned by reading the visible sheets back with the importer itself and comparing
with the package (:func:`plan`), so a field added to the model is carried without changes here.
Attachments (scanned signed pages) are not written: the workbook is the forms, not the upload package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from evaldesk.export.xlsx.context import Ctx, Path
from evaldesk.export.xlsx.sheetdata import SheetData

SHEET_NAME = "EvalDesk数据"
TITLE = (
    "本表由绩效自评助手生成，用于重新导入时还原表格中看不到的内容（原填报的执行率、得分、合计等与计算值不同的数，"
    "项目编号、评分规则、定性档次、调整得分理由等）。只在对应单元格未被修改时使用；请勿编辑本表。"
)
HEADER = ("类型", "工作表", "单元格", "导出时内容", "字段", "值")
KINDS = ("原值", "附加", "整表", "空行", "校验")
CHUNK = 30000  # characters per cell (Excel holds at most 32767)
SKIP_TOP = ("attachments",)


@dataclass(frozen=True)
class Record:
    kind: str
    sheet: str
    coord: str
    key: str
    suffix: Path
    value: Any


# -- planning (export side) ------------------------------------------------------------------
def _walk(a: Any, b: Any, path: Path) -> list[tuple[str, Path, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):  # other keys, or the same keys in another order
            return [("struct", path, a)]
        out = []
        for k in a:
            if not path and k in SKIP_TOP:
                continue
            out += _walk(a[k], b[k], path + (k,))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [("struct", path, a)]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _walk(x, y, path + (i,))
        return out
    if type(a) is not type(b) and (isinstance(a, (dict, list)) or isinstance(b, (dict, list))):
        return [("struct", path, a)]
    return [] if a == b else [("leaf", path, a)]


def field_name(path: Path) -> Path:
    """The field a path names, without list positions: ``("projects", 2, "name")`` → ``("projects", "name")``."""
    return tuple(p for p in path if isinstance(p, str))


def _longest(table: dict[Path, tuple[str, str, str]], path: Path) -> tuple[Path, tuple[str, str, str]] | None:
    for n in range(len(path), 0, -1):
        hit = table.get(path[:n])
        if hit is not None:
            return path[:n], hit
    return None


def plan(original: dict[str, Any], parsed: dict[str, Any], ctx: Ctx) -> list[Record]:
    """The records that turn ``parsed`` (what the importer makes of the visible sheets) into ``original``."""
    records: list[Record] = []
    for kind, path, value in _walk(original, parsed, ()):
        if kind == "leaf" and path in ctx.cells:
            sheet, coord, key = ctx.cells[path]
            records.append(Record("原值", sheet, coord, key, field_name(path), value))
            continue
        hit = _longest(ctx.stable if kind == "leaf" else ctx.strict, path)
        if hit is None:
            records.append(Record("附加", "", "", "", path, value))
        else:
            prefix, (sheet, coord, key) = hit
            records.append(
                Record("附加" if kind == "leaf" else "整表", sheet, coord, key, path[len(prefix) :], value)
            )
    return records


def digest_records(sheets: list[SheetData]) -> list[Record]:
    """校验 records: each visible sheet's digest as exported."""
    return [Record("校验", sh.name, "#", sh.fingerprint(), (), None) for sh in sheets]


def unchanged_sheets(records: list[Record], sheets: list[SheetData]) -> set[str]:
    """The sheets whose content is still exactly as exported (their 校验 digest matches)."""
    digests = {sh.name: sh.fingerprint() for sh in sheets}
    return {r.sheet for r in records if r.kind == "校验" and digests.get(r.sheet) == r.key}


def blank_records(ctx: Ctx) -> list[Record]:
    """空行 records for every blank row the importer met inside a list (in our layout each is an item)."""
    return [Record("空行", sheet, f"A{row}", "", (), None) for sheet, row in ctx.blank_rows]


def rows(records: list[Record]) -> list[list[str]]:
    """The records as sheet rows (strings), after the title and header rows."""
    out = []
    for rec in records:
        row = [rec.kind, rec.sheet, rec.coord, rec.key, json.dumps(list(rec.suffix), ensure_ascii=False)]
        text = json.dumps(rec.value, ensure_ascii=False)
        if ILLEGAL_CHARACTERS_RE.search(text) or not _encodable(text):
            text = json.dumps(rec.value, ensure_ascii=True)  # keep characters XML cannot hold escaped
        row += [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
        out.append(row)
    return out


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


# -- reading (import side) -------------------------------------------------------------------
def parse(sh: SheetData, ctx: Ctx) -> list[Record]:
    """The records of the ``EvalDesk数据`` sheet; a damaged row is a problem, not a crash."""
    records = []
    for r, cells in sh.rows().items():
        if r <= 2:
            continue
        texts = {c.col: c.value if isinstance(c.value, str) else "" for c in cells}
        kind = texts.get(1, "")
        if kind not in KINDS:
            ctx.problem(
                sh.name, f"A{r}", "绩效自评助手数据表内容已损坏（类型无法识别），请删除此工作表后重新导入"
            )
            continue
        try:
            suffix = tuple(json.loads(texts.get(5, "") or "[]"))
            raw = "".join(texts.get(c, "") for c in range(6, max(texts) + 1))
            value = json.loads(raw) if raw else None
        except (ValueError, TypeError):
            ctx.problem(sh.name, f"E{r}", "绩效自评助手数据表内容已损坏，请删除此工作表后重新导入")
            continue
        records.append(Record(kind, texts.get(2, ""), texts.get(3, ""), texts.get(4, ""), suffix, value))
    return records


def keep_rows(records: list[Record]) -> set[tuple[str, int]]:
    """The (sheet, row) of every 空行 record."""
    out = set()
    for rec in records:
        if rec.kind == "空行" and rec.coord[:1] == "A" and rec.coord[1:].isdigit():
            out.add((rec.sheet, int(rec.coord[1:])))
    return out


def _set_in(d: Any, path: Path, value: Any) -> bool:
    if not path:
        return False
    obj = d
    for k in path[:-1]:
        if isinstance(obj, dict) and isinstance(k, str) and k in obj:  # noqa: SIM114 - typed per branch
            obj = obj[k]
        elif isinstance(obj, list) and isinstance(k, int) and 0 <= k < len(obj):
            obj = obj[k]
        else:
            return False
    last = path[-1]
    if isinstance(obj, dict) and isinstance(last, str) and last in obj:  # never add a field
        obj[last] = value
        return True
    if isinstance(obj, list) and isinstance(last, int) and 0 <= last < len(obj):
        obj[last] = value
        return True
    return False


def apply(d: dict[str, Any], records: list[Record], ctx: Ctx) -> set[tuple[str, str]]:
    """Apply the records whose cells are unchanged to the package dict ``d``; returns the cells fixed."""
    cells: dict[tuple[str, str], list[tuple[Path, str]]] = {}
    for path, (sheet, coord, key) in ctx.cells.items():
        cells.setdefault((sheet, coord), []).append((path, key))
    anchors: dict[tuple[str, str], list[tuple[Path, str]]] = {}
    for path, (sheet, coord, key) in ctx.stable.items():
        anchors.setdefault((sheet, coord), []).append((path, key))
    whole = {anchor: path for path, anchor in ctx.strict.items()}
    fixed: set[tuple[str, str]] = set()
    later = []
    for rec in records:
        if rec.kind == "原值":
            for path, key in cells.get((rec.sheet, rec.coord), []):
                if key == rec.key and field_name(path) == rec.suffix and _set_in(d, path, rec.value):
                    fixed.add((rec.sheet, rec.coord))
        elif rec.kind == "附加":
            if not rec.sheet:
                _set_in(d, rec.suffix, rec.value)
                continue
            for path, key in anchors.get((rec.sheet, rec.coord), []):
                if key == rec.key:
                    _set_in(d, path + rec.suffix, rec.value)
        elif rec.kind == "整表":
            later.append(rec)
    # Whole lists last: they replace what the per-cell records may have touched inside them.
    for rec in later:
        target = whole.get((rec.sheet, rec.coord, rec.key))
        if target is not None:
            _set_in(d, target + rec.suffix, rec.value)
    return fixed
