"""The sheets around the forms: 单位信息, 自评报告, 审核结果 and the hidden EvalDesk数据.

单位信息 and 自评报告 are plain label/value tables (read back by :mod:`.read_side_sheets`), so the round trip
covers what the forms do not print: 主管部门, 职能职责, 机构设置, 编制 by type, 人员经费, the cover, the
footer, and the report's sections. 审核结果 lists the findings of ``core.checks`` (not read back).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from evaldesk.core import model, scoring
from evaldesk.core.findings import SEVERITY_LABELS
from evaldesk.core.narrative import render_report
from evaldesk.export.xlsx import form_rows, longtext, records
from evaldesk.export.xlsx.read_side_sheets import (
    REPORT_HEADER,
    REPORT_SHEET,
    REVIEW_SHEET,
    SECTION,
    STAFF_HEADER,
    SUBSECTION,
    UNIT_FIELDS,
    UNIT_SHEET,
)
from evaldesk.export.xlsx.sheetdata import SheetData
from evaldesk.export.xlsx.sheetwriter import MAX_ROW_PT, TITLE_FONT, Look, SheetWriter, height_for

__all__ = [
    "REPORT_SHEET",
    "REVIEW_SHEET",
    "UNIT_SHEET",
    "write_unit_sheet",
    "write_report_sheet",
    "write_review_sheet",
    "write_data_sheet",
]

TEXT = Look()
HEAD = Look(bold=True, align="center")
NUMBER = Look(align="right", wrap=False, shrink=True)


def _title(sw: SheetWriter, text: str, ncols: int) -> None:
    sw.put(1, 1, text, Look(font=TITLE_FONT, size=14, bold=True, align="center", border=False))
    sw.merge(1, 1, 1, ncols)
    sw.need_height(1, 28)


def _setup(sw: SheetWriter, widths: list[float], last_row: int, ncols: int) -> None:
    from openpyxl.utils import get_column_letter

    sw.set_widths(widths)
    sw.apply_heights()
    ws = sw.ws
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.print_area = f"A1:{get_column_letter(ncols)}{max(last_row, 2)}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10


def _value(pkg: model.Package, path: tuple[str, ...]) -> object:
    obj: object = pkg
    for name in path:
        obj = getattr(obj, name)
    return obj


def write_unit_sheet(sw: SheetWriter, pkg: model.Package) -> SheetData:
    """单位信息: one label/value row per field, then the 编制 lines."""
    widths = [30.0, 130.0]
    _title(sw, "单位信息", 2)
    sw.put(2, 1, "项目", HEAD)
    sw.put(2, 2, "内容", HEAD)
    r = 3
    for label, path, kind in UNIT_FIELDS:
        value = _value(pkg, path)
        sw.put(r, 1, label, TEXT)
        if kind == "amount":
            sw.put(r, 2, value, NUMBER, "amount")
        elif isinstance(value, _dt.date) or kind == "date":
            sw.put(r, 2, value, Look(align="left"), "date")
        else:
            # A long text (职能职责, 机构设置) goes on over rows marked 续/接, as on 自评报告.
            pieces = longtext.chunks(str(value), lambda t: _fits(t, widths[1]))
            for i, (marker, piece) in enumerate(pieces):
                if i:
                    r += 1
                    sw.put(r, 1, marker, Look(align="center"))
                sw.put(r, 2, piece, TEXT)
                sw.need_height(r, height_for(piece, widths[1]))
        r += 1
    r += 1
    sw.put(r, 1, STAFF_HEADER[0], HEAD)
    sw.put(r, 2, STAFF_HEADER[1], HEAD)
    for line in pkg.unit.staff_by_type:
        r += 1
        sw.put(r, 1, line.kind, TEXT)
        sw.put(r, 2, Decimal(line.count) if line.count is not None else None, NUMBER, "int")
    _setup(sw, widths, r, 2)
    return sw.mirror


def write_report_sheet(sw: SheetWriter, pkg: model.Package) -> SheetData:
    """自评报告: ``章`` rows (section heading and text before its sub-sections), ``节`` rows under them."""
    widths = [12.0, 45.0, 110.0]
    _title(sw, "自评报告", 3)
    for i, h in enumerate(REPORT_HEADER, start=1):
        sw.put(2, i, h, HEAD)
    r = 2
    for section in render_report(pkg):  # live fields shown as values; the raw text rides in the data sheet
        items = [(SECTION, section.heading, section.body)]
        items += [(SUBSECTION, s.heading, s.body) for s in section.subsections]
        for level, heading, body in items:
            # A long text goes on over rows marked 续/接: one cell would be cut at 409 points.
            pieces = longtext.chunks(body, lambda t: _fits(t, widths[2]))
            for i, (marker, piece) in enumerate(pieces):
                r += 1
                sw.put(r, 1, marker or level, Look(align="center"))
                sw.put(r, 2, "" if i else heading, TEXT)
                sw.put(r, 3, piece, TEXT)
                sw.need_height(
                    r, max(height_for("" if i else heading, widths[1]), height_for(piece, widths[2]))
                )
    _setup(sw, widths, r, 3)
    return sw.mirror


def write_review_sheet(sw: SheetWriter, pkg: model.Package, sheet: scoring.ScoreSheet | None) -> None:
    """审核结果: the findings of ``core.checks`` (severity, rule, message, location)."""
    widths = [10.0, 14.0, 14.0, 90.0, 45.0]
    _title(sw, "审核结果", 5)
    for i, h in enumerate(("序号", "严重程度", "规则", "问题说明", "位置"), start=1):
        sw.put(2, i, h, HEAD)
    r = 2
    try:
        from evaldesk.core.checks import run_checks

        findings = run_checks(pkg, sheet)
    except (ImportError, NotImplementedError):  # the checks are optional for an export
        findings = None
    if findings is None:
        sw.put(3, 1, "审核功能不可用，未列出审核结果。", TEXT)
        sw.merge(3, 1, 3, 5)
        r = 3
    elif not findings:
        sw.put(3, 1, "审核未发现问题。", TEXT)
        sw.merge(3, 1, 3, 5)
        r = 3
    for n, f in enumerate(findings or [], start=1):
        r += 1
        # A message quoting a long name goes on in the rows below (this sheet is not read back).
        texts = [_pieces(f.message, widths[3]), _pieces(f.location.label or f.location.key, widths[4])]
        last = r + max(len(t) for t in texts) - 1
        for c, look, value, kind in (
            (1, NUMBER, Decimal(n), "int"),
            (2, Look(align="center"), SEVERITY_LABELS.get(f.severity, f.severity), "text"),
            (3, Look(align="center"), f.rule_id, "text"),
        ):
            sw.put(r, c, value, look, kind)
            sw.merge(r, c, last, c)
        for c, pieces in enumerate(texts, start=4):
            for i, piece in enumerate(pieces):
                sw.put(r + i, c, piece, TEXT)
                sw.merge(r + i, c, last if i == len(pieces) - 1 else r + i, c)
                sw.need_height(r + i, height_for(piece, widths[c - 1]))
        r = last
    _setup(sw, widths, r, 5)


def _fits(text: str, width_mm: float) -> bool:
    """``text`` fits one row of a column ``width_mm`` wide (as Excel rounds it to whole pixels)."""
    return height_for(text, min(width_mm, form_rows.shown_mm([width_mm]))) <= MAX_ROW_PT


def _pieces(text: str, width: float) -> list[str]:
    return [p for _, p in longtext.chunks(text, lambda t: _fits(t, width))]


def write_data_sheet(sw: SheetWriter, recs: list[records.Record]) -> None:
    """The hidden EvalDesk数据 sheet (see :mod:`.records`)."""
    plain = Look(border=False, wrap=False)
    sw.put(1, 1, records.TITLE, plain)
    for i, h in enumerate(records.HEADER, start=1):
        sw.put(2, i, h, Look(bold=True, border=False, wrap=False))
    for r, row in enumerate(records.rows(recs), start=3):
        for c, text in enumerate(row, start=1):
            sw.put(r, c, text, plain)
    sw.set_widths([10, 24, 10, 30, 30, 80])
    sw.ws.sheet_state = "hidden"
