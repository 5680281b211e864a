"""Import a package from a Word document — one we exported, or one a clerk made by hand.

The document is read in order: the cover (title, 部门（单位）名称…（盖章）, date), the 自评报告 by its
headings (``一、`` sections, ``（一）`` sub-sections), then the 附件 tables. A table is told apart by
its content (``经费控制情况`` → 附件1, ``年度预算申请`` → 附件2, ``项目支出名称`` → a 附件3), else by the
heading above it (``附件2``, ``…整体支出绩效自评表``); a table with neither continues the one before
(a table split over pages, or split in two by a clerk), its repeated header rows skipped.

Nothing is guessed: every value read is recorded with its table, row and column
(:attr:`DocxImport.provenance`); every cell that could not be read is listed
(:attr:`DocxImport.unread`) and its field left blank; every 附件 not found is named in
:attr:`DocxImport.missing`. A document we exported and nobody edited comes back exactly (:mod:`.embed`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

from evaldesk.core import model
from evaldesk.core.errors import FileFormatError
from evaldesk.export.docx import embed
from evaldesk.export.docx.body import Block, Grid, Row, blocks, is_header_row
from evaldesk.export.docx.read_forms import read_form1, read_form2, read_form3
from evaldesk.export.docx.readctx import Path, ReadCtx, Source, Unread
from evaldesk.export.docx.release import release_documents
from evaldesk.export.xlsx.context import parse_date_text
from evaldesk.export.xlsx.labels import fiscal_year_in, norm

MAX_LISTED = 40
_LABEL = re.compile(r"^附件\s*([1-3１-３])\s*[:：]?$")
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,2}、")
_NUMBERED = re.compile(r"^\s*[0-9０-９]{1,2}\s*[、.．]\s*")
_STANDARD_TITLES = frozenset(title for _, title, _ in model.REPORT_OUTLINE)
_SUBSECTION = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_COVER_UNIT = re.compile(r"^部门\s*[（(]\s*单位\s*[）)]\s*名称\s*[:：]\s*(.*?)\s*([（(]\s*盖章\s*[）)])?$")
FORMS = {
    "form1": "附件1 基础数据表",
    "form2": "附件2 整体支出绩效自评表",
    "form3": "附件3 项目支出绩效自评表",
}
NO_REPORT = "自评报告（未找到“一、单位基本情况”这样的章节标题）"
_FOOTER = re.compile(r"(单位负责人签字|填表人|联系电话|填报日期)[:：]")


@dataclass
class DocxImport:
    """The package read from a Word document and what the reader could not read."""

    package: model.Package
    unread: list[Unread] = field(default_factory=list)
    provenance: dict[Path, Source] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    exact: bool = False  # our own export, unchanged: the embedded data was used


class DocxImportProblems(FileFormatError):
    """Cells of a Word package that cannot be read, each ``附件1 第1个表格第5行第3列“…”：原因``."""

    def __init__(self, unread: list[Unread], source_name: str = "") -> None:
        self.unread = list(unread)
        where = f"“{source_name}”" if source_name else "Word 文档"
        lines = [u.describe() for u in self.unread]
        shown = "\n".join(lines[:MAX_LISTED])
        more = f"\n……另有{len(lines) - MAX_LISTED}处" if len(lines) > MAX_LISTED else ""
        super().__init__(
            f"无法导入{where}：有{len(lines)}处内容无法识别，文档未导入。请在 Word 中改正以下单元格后重新导入：\n{shown}{more}"
        )


def read_docx(data: bytes, source_name: str = "") -> DocxImport:
    """Read the ``.docx`` bytes ``data``; ``FileFormatError`` when it is not a usable Word document."""
    try:
        return _read_docx(data, source_name)
    finally:
        release_documents()


def _read_docx(data: bytes, source_name: str) -> DocxImport:
    name = f"“{source_name}”" if source_name else "文件"
    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise FileFormatError(f"{name}不是有效的 Word 文档（.docx），无法打开：{e}") from None
    exact = embed.embedded_package(doc)
    if exact is not None:
        return DocxImport(exact, exact=True)
    ctx = ReadCtx()
    pkg = model.Package(report=model.standard_report())
    items = blocks(doc)
    first_form = _read_forms(ctx, items, pkg)
    _read_front(ctx, [b.text for b in items[:first_form] if b.grid is None], pkg)
    _fiscal_year(ctx, items, pkg)
    return DocxImport(pkg, ctx.unread, ctx.provenance, ctx.missing)


def read_docx_package(data: bytes, source_name: str = "") -> model.Package:
    """The package, or :class:`DocxImportProblems` listing every cell that could not be read."""
    result = read_docx(data, source_name)
    if not result.exact and set(result.missing) >= {*FORMS.values(), NO_REPORT}:
        raise FileFormatError(
            f"无法导入“{source_name or 'Word 文档'}”：其中没有找到自评表格（附件1 基础数据表、附件2 整体支出绩效自评表、"
            "附件3 项目支出绩效自评表），也没有找到自评报告的章节（“一、单位基本情况”等）。"
        )
    if result.unread:
        raise DocxImportProblems(result.unread, source_name)
    return result.package


# --- the tables -----------------------------------------------------------------------------------


def _heading_kind(text: str) -> str:
    t = norm(text)
    m = _LABEL.match(text.strip())
    if m:
        return "form" + str(int(m.group(1).translate(str.maketrans("１２３", "123"))))
    if len(t) > 60 or t.startswith("附件:"):
        return ""
    if "基础数据表" in t:
        return "form1"
    if "项目支出绩效自评表" in t:
        return "form3"
    if "整体支出绩效自评表" in t:
        return "form2"
    return ""


def _content_kind(grid: Grid) -> str:
    for row in grid.rows[:4]:
        for t in row.texts:
            n = norm(t)
            if n.startswith(("经费控制情况", "财政供养人员")):
                return "form1"
            if n.startswith(("项目支出名称", "项目名称")):
                return "form3"
            if n.startswith("年度预算申请"):
                return "form2"
    return ""


def _read_forms(ctx: ReadCtx, items: list[Block], pkg: model.Package) -> int:
    """Read every 附件 table into ``pkg``; returns the index of the first block that belongs to them."""
    forms: list[tuple[str, list[Row]]] = []
    pending = ""
    first: int | None = None
    for i, b in enumerate(items):
        if b.grid is None:
            kind = _heading_kind(b.text)
            if kind:
                pending = kind
                first = i if first is None else first
            if _FOOTER.search(b.text):
                _footer(b.text, pkg.footer)
            continue
        own = _content_kind(b.grid)
        # A table with no title before it continues the one before, unless it starts a form of its own
        # (a 附件3 after a 附件3); only one 附件1 and one 附件2 exist, so theirs never start anew.
        if forms and not pending and (not own or (own == forms[-1][0] and own != "form3")):
            rows = forms[-1][1]
            headers = {tuple(norm(t) for t in r.texts) for r in rows if is_header_row(r)}
            rows.extend(r for r in b.grid.rows if tuple(norm(t) for t in r.texts) not in headers)
        elif own or pending:
            first = i if first is None else first
            forms.append((own or pending, list(b.grid.rows)))
        # else: a table before the 附件 (inside the report) is not a form
        # else: a table before the 附件 (inside the report) is not a form
        pending = ""
    seen = {k for k, _ in forms}
    for kind, label in FORMS.items():
        if kind not in seen:
            ctx.missing.append(label)
    if "form2" not in seen:
        pkg.overall.indicators = model.standard_indicators()
    for kind, rows in forms:
        if kind == "form1":
            read_form1(ctx, rows, pkg)
        elif kind == "form2":
            read_form2(ctx, rows, pkg)
        else:
            project = model.Project(id=f"p{len(pkg.projects) + 1}")
            read_form3(ctx, rows, project, len(pkg.projects))
            pkg.projects.append(project)
    return len(items) if first is None else first


def _footer(text: str, footer: model.Footer) -> None:
    """``单位负责人签字：  填表人：张三  联系电话：…  填报日期：2024年5月6日`` (the first one found)."""
    if footer.leader or footer.preparer or footer.phone or footer.date:
        return
    parts = _FOOTER.split(text)
    values = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    footer.leader = values.get("单位负责人签字", "")
    footer.preparer = values.get("填表人", "")
    footer.phone = values.get("联系电话", "")
    footer.date = parse_date_text(values.get("填报日期", "")) if values.get("填报日期") else None


# --- the cover and the report ---------------------------------------------------------------------


def _read_front(ctx: ReadCtx, paras: list[str], pkg: model.Package) -> None:
    texts = [t for t in paras if t]
    start = next((i for i, t in enumerate(texts) if _is_section(t)), None)
    front = texts if start is None else texts[:start]
    for t in front:
        m = _COVER_UNIT.match(t)
        if m:
            name = m.group(1).strip()
            if name and name != pkg.unit.name:
                pkg.cover.unit_name = name
            pkg.unit.name = pkg.unit.name or name
        elif parse_date_text(t) is not None and pkg.cover.date is None:
            pkg.cover.date = parse_date_text(t)
        elif "自评报告" in t and not pkg.cover.title:
            pkg.cover.title = t
            if pkg.fiscal_year == 0 and fiscal_year_in(t):
                pkg.fiscal_year = fiscal_year_in(t) or 0
    if start is None:
        ctx.missing.append(NO_REPORT)
        return
    body = texts[start:]
    # The 署名 and date close the report.
    while body and (
        parse_date_text(body[-1]) is not None or body[-1] in (pkg.unit.name, pkg.cover.unit_name)
    ):
        if pkg.cover.date is None:
            pkg.cover.date = parse_date_text(body[-1])
        body.pop()
    report: list[model.Section] = []
    for t in body:
        if _is_section(t):
            report.append(model.Section(heading=t))
        elif _is_subsection(t) and report:
            report[-1].subsections.append(model.Subsection(heading=t))
        elif report:
            target = report[-1].subsections[-1] if report[-1].subsections else report[-1]
            target.body = f"{target.body}\n{t}" if target.body else t
    pkg.report = report
    # 单位信息 holds the texts the report's 一、(一)(二) are drafted from: the same words.
    subs = {
        norm(sub.heading).lstrip("(（0123456789一二)）.、"): sub.body
        for sec in report[:1]
        for sub in sec.subsections
    }
    pkg.unit.functions = pkg.unit.functions or subs.get("职能职责", "")
    pkg.unit.organization = pkg.unit.organization or subs.get("机构设置", "")


def _is_section(text: str) -> bool:
    """``一、单位基本情况``; also ``6、单位整体支出绩效情况`` (a misnumbered standard heading, kept as typed)."""
    if len(text) > 40 or "。" in text[:-1]:
        return False
    if _SECTION.match(text):
        return True
    m = _NUMBERED.match(text)
    return m is not None and text[m.end() :].strip() in _STANDARD_TITLES


_STANDARD_SUBTITLES = frozenset(sub for _, _, subs in model.REPORT_OUTLINE for sub in subs)
_NUMBERED_SUB = re.compile(r"^\s*[（(]\s*[0-9０-９]{1,2}\s*[）)]\s*")


def _is_subsection(text: str) -> bool:
    """``（一）职能职责``; also ``（2） 项目支出情况`` (a misnumbered standard sub-heading, kept as typed)."""
    if len(text) > 40 or "。" in text:
        return False
    if _SUBSECTION.match(text):
        return True
    m = _NUMBERED_SUB.match(text)
    return m is not None and text[m.end() :].strip() in _STANDARD_SUBTITLES


def _fiscal_year(ctx: ReadCtx, items: list[Block], pkg: model.Package) -> None:
    if not pkg.fiscal_year:
        for b in items:
            if b.grid is None and _heading_kind(b.text) and fiscal_year_in(b.text):
                pkg.fiscal_year = fiscal_year_in(b.text) or 0
                break
    if pkg.cover.title == f"{pkg.fiscal_year}年度{pkg.unit.name}整体支出绩效自评报告":
        pkg.cover.title = ""  # the standard title: kept blank, so it follows the unit's name
    if not pkg.fiscal_year:
        ctx.unread.append(Unread("封面", 0, 0, 0, "", "未能确定年度：标题中应有“2023年度”这样的年度"))
