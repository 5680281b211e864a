"""Import a workbook in the official layout — ours, or one a clerk made by hand — into a package.

Steps: refuse hostile files (:mod:`.safety`); read the cells, read-only and capped (:mod:`.sheetdata`);
tell the sheets apart by title (``…基础数据表``, ``…整体支出绩效自评表``, ``…项目支出绩效自评表``), then by
name (``附件1``, ``附件 1``, ``附件1 基础数据表``, ``附件3-…``); read each form by its labels
(:mod:`.read_basic`, :mod:`.read_selfeval`) and the 单位信息 / 自评报告 sheets (:mod:`.read_side_sheets`);
finally put back from the hidden ``EvalDesk数据`` sheet what the forms cannot show (:mod:`.records`).

Figures that EvalDesk computes (控制率, the 附件1 totals, 执行率, 得分, 总分) are imported as the
*entered* figures (``*_entered`` fields, the total rows of ``basic.rows``) so the checks compare them
with the computation; a formula in such a cell counts as "not entered". A formula in any other cell is
refused, except a "formula" without references in a text cell (``=90%``, ``=0起``), which is what a
clerk typed as the value. Every cell that cannot be understood is reported as ``工作表!单元格：原因``; the import is all
or nothing (:class:`ImportProblems` lists every problem found).

Without a 自评报告 sheet the report comes back as the standard outline; without 单位信息 the footer is
read from the forms' signature line.
"""

from __future__ import annotations

from collections.abc import Iterable

from evaldesk.core import jsonform, limits, model
from evaldesk.core.errors import FileFormatError
from evaldesk.export.xlsx import form_rows, records
from evaldesk.export.xlsx.context import Ctx
from evaldesk.export.xlsx.labels import find_cell, fiscal_year_in, norm, text_of
from evaldesk.export.xlsx.read_basic import read_form1
from evaldesk.export.xlsx.read_selfeval import read_form2, read_form3
from evaldesk.export.xlsx.read_side_sheets import (
    REPORT_SHEET,
    REVIEW_SHEET,
    UNIT_SHEET,
    read_footer,
    read_report_sheet,
    read_unit_sheet,
)
from evaldesk.export.xlsx.safety import check_container
from evaldesk.export.xlsx.sheetdata import SheetData, load_sheets

MAX_LISTED = 40


class ImportProblems(FileFormatError):
    """The workbook has cells that cannot be understood; ``problems`` lists each as ``工作表!单元格：原因``."""

    def __init__(self, problems: list[str], source_name: str = "") -> None:
        self.problems = list(problems)
        where = f"“{source_name}”" if source_name else "工作簿"
        shown = "\n".join(self.problems[:MAX_LISTED])
        more = f"\n……另有{len(self.problems) - MAX_LISTED}处" if len(self.problems) > MAX_LISTED else ""
        super().__init__(
            f"无法导入{where}：有{len(self.problems)}处内容无法识别，工作簿未导入。请改正以下单元格后重新导入：\n{shown}{more}"
        )


def read_workbook(data: bytes, source_name: str = "") -> model.Package:
    """The package in the workbook ``data`` (the bytes of an ``.xlsx`` file).

    Raises ``FileFormatError`` for a file that is not a usable workbook (not an xlsx, damaged, hostile,
    no form found) and its subclass :class:`ImportProblems` when cells cannot be understood.
    """
    check_container(data, source_name)
    sheets = load_sheets(data, source_name)
    return build_package(sheets, source_name)


def classify(sh: SheetData) -> str:
    """``form1``/``form2``/``form3``, ``unit``, ``report``, ``review``, ``data`` or ``other``."""
    name = norm(sh.name)
    if sh.name == records.SHEET_NAME:
        return "data"
    for title, kind in ((UNIT_SHEET, "unit"), (REPORT_SHEET, "report"), (REVIEW_SHEET, "review")):
        if name == title:
            return kind
    for r in sorted({r for r, _ in sh.cells})[:6]:
        for c in sh.row(r):
            t = norm(text_of(c))
            if "基础数据表" in t:
                return "form1"
            if "项目支出绩效自评表" in t:
                return "form3"
            if "整体支出绩效自评表" in t:
                return "form2"
    for prefix, kind in (("附件1", "form1"), ("附件2", "form2"), ("附件3", "form3")):
        if name.startswith(prefix):
            return kind
    if find_cell(sh, lambda t: t.startswith("经费控制情况")):
        return "form1"
    if find_cell(sh, lambda t: t.startswith("项目支出名称")):
        return "form3"
    if find_cell(sh, lambda t: t.startswith("年度预算申请")):
        return "form2"
    return "other"


def parse_visible(ctx: Ctx, sheets: Iterable[SheetData]) -> model.Package:
    """The package as the visible sheets show it (no records applied)."""
    by_kind: dict[str, list[SheetData]] = {}
    for sh in sheets:
        kind = classify(sh)
        # A form's long text went on over continuation rows: read it as the one cell it was.
        by_kind.setdefault(kind, []).append(form_rows.fold(sh) if kind.startswith("form") else sh)
    forms = [sh for k in ("form1", "form2", "form3") for sh in by_kind.get(k, [])]
    if not forms:
        raise FileFormatError(
            "无法导入：工作簿中没有找到自评表格（附件1 基础数据表、附件2 整体支出绩效自评表或附件3 项目支出绩效自评表）。"
        )
    pkg = model.Package(report=model.standard_report())
    for kind, label in (("form1", "附件1"), ("form2", "附件2")):
        for extra in by_kind.get(kind, [])[1:]:
            ctx.problem(
                extra.name, "", f"工作簿中有多张{label}，只能有一张（另一张是“{by_kind[kind][0].name}”）"
            )
    if "form1" in by_kind:
        read_form1(ctx, by_kind["form1"][0], pkg)
    if "form2" in by_kind:
        read_form2(ctx, by_kind["form2"][0], pkg)
    else:
        pkg.overall.indicators = model.standard_indicators()
    for i, sh in enumerate(by_kind.get("form3", [])):
        project = model.Project(id=f"p{i + 1}")
        read_form3(ctx, sh, project, i)
        pkg.projects.append(project)
    if "unit" in by_kind:
        read_unit_sheet(ctx, by_kind["unit"][0], pkg)
    else:
        for sh in forms:
            if read_footer(ctx, sh, pkg.footer):
                break
    if "report" in by_kind:
        pkg.report = read_report_sheet(ctx, by_kind["report"][0])
    _fiscal_year(ctx, forms, pkg)
    return pkg


def _fiscal_year(ctx: Ctx, forms: list[SheetData], pkg: model.Package) -> None:
    for sh in forms:
        for r in sorted({r for r, _ in sh.cells})[:6]:
            for c in sh.row(r):
                t = text_of(c)
                year = fiscal_year_in(t) if "表" in t else None
                if year is not None:
                    pkg.fiscal_year = year
                    ctx.cells[("fiscal_year",)] = (sh.name, c.coord, c.key)
                    return
    for sh in forms:
        cell = find_cell(sh, lambda t: t[:4].isdigit() and t[4:].startswith("年预算"))
        if cell is not None:
            pkg.fiscal_year = int(norm(text_of(cell))[:4])
            return
    ctx.problem(forms[0].name, "", "未能确定年度：表格标题中应有“2023年度”这样的年度")


def build_package(sheets: list[SheetData], source_name: str = "") -> model.Package:
    """Parse the sheets, apply the hidden records, and check that everything was understood."""
    data_sheets = [sh for sh in sheets if sh.name == records.SHEET_NAME]
    ctx = Ctx()
    recs = records.parse(data_sheets[0], ctx) if data_sheets else []
    ctx.keep_rows = records.keep_rows(recs)
    pkg = parse_visible(ctx, sheets)
    _too_long(ctx, pkg)
    d = jsonform.to_dict(pkg)
    fixed = records.apply(d, recs, ctx)
    _unique_ids(d)
    try:
        pkg = jsonform.from_dict(d)
    except FileFormatError as e:
        if not ctx.problems:  # otherwise it is one of those, already reported at its cell
            ctx.problem(
                records.SHEET_NAME, "", f"绩效自评助手数据表内容无效（{e}），请删除此工作表后重新导入"
            )
    # A sheet still exactly as we exported it cannot hold a clerk's mistake: what the importer could
    # not read there (a 专项 line named like a fixed row, say) is restored by the records.
    as_exported = records.unchanged_sheets(recs, sheets)
    problems = [
        f"{sheet}!{coord}：{msg}" if coord else f"{sheet}：{msg}"
        for sheet, coord, msg in ctx.problems
        if (sheet, coord) not in fixed and sheet not in as_exported
    ]
    if problems:
        raise ImportProblems(problems, source_name)
    return pkg


def _too_long(ctx: Ctx, pkg: model.Package) -> None:
    """A text longer than ``core.limits`` allows is reported at its cell, with the limit."""
    for path, field, length in limits.too_long(pkg):
        sheet, coord, _ = ctx.cells.get(path, ("", "", ""))
        where = "" if sheet else f"{limits.json_path(path)} "
        ctx.problem(sheet or "工作簿", coord, f"{where}{limits.too_long_message(field, length)}，请删减")


def _unique_ids(d: dict[str, object]) -> None:
    """Project ids restored from the records may collide with generated ones: renumber the latter."""
    projects = d.get("projects")
    if not isinstance(projects, list):
        return
    seen: set[str] = set()
    n = 0
    for p in projects:
        pid = p.get("id") if isinstance(p, dict) else None
        if isinstance(pid, str) and pid and pid not in seen:
            seen.add(pid)
            continue
        while f"p{n + 1}" in seen or any(
            isinstance(q, dict) and q.get("id") == f"p{n + 1}" for q in projects
        ):
            n += 1
        if isinstance(p, dict):
            p["id"] = f"p{n + 1}"
            seen.add(p["id"])
