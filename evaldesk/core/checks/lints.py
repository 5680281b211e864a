"""Lints: the rule set in use (RS), heading numbering (L4), footers (L5), the cover (L6), empty rows and
sections (L7), figures identical to last year or carried over unconfirmed (L8)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from evaldesk.core import model, yoy
from evaldesk.core.checks.common import perf_loc, table_name, tables
from evaldesk.core.checks.parts import has_report, tables_present
from evaldesk.core.checks.registry import Context, rule
from evaldesk.core.findings import Finding, Location
from evaldesk.core.indicator_score import is_placeholder

CN = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
_SECTION = re.compile(r"^\s*(?:([一二三四五六七八九十]+)|([0-9]+))\s*([、.．，,:：])?(\s*)(.*)$", re.S)
_SUB = re.compile(
    r"^\s*([（(])\s*([一二三四五六七八九十]+|[0-9]+)\s*([)）])\s*([、.．，,:：])?(\s*)(.*)$", re.S
)
_PHONE = re.compile(r"^[0-9０-９\-－—()（）+＋ ]{7,20}$")


@rule("RS")
def ruleset_known(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    if ctx.ruleset_problem:
        yield Finding(
            "RS",
            "warning",
            ctx.ruleset_problem,
            Location("package", ("ruleset_id",), "", "评分规则集"),
            {"ruleset_id": pkg.ruleset_id, "used": ctx.rs.id},
        )


def _section_heading(h: str, i: int) -> tuple[str, str] | None:
    """(severity, message) when section ``i``'s heading is not numbered ``一、`` … correctly."""
    m = _SECTION.match(h)
    want = f"{CN[i]}、"
    if m is None:
        if not h.strip():
            return "warning", f"自评报告第{i + 1}部分没有标题。"
        return "warning", f"自评报告第{i + 1}部分标题“{h.strip()}”没有编号，应为“{want}{h.strip()}”。"
    cn, arabic, sep, space, rest = m.groups()
    if (cn or "") == CN[i] and sep == "、":
        if space:
            return "hint", f"自评报告标题“{h.strip()}”的“、”后多了空格，应为“{want}{rest.strip()}”。"
        return None
    return "warning", (
        f"自评报告第{i + 1}部分标题“{h.strip()}”的编号应为“{want}”（一级标题依次用“一、二、三、”），"
        f"即“{want}{rest.strip()}”。"
    )


def _sub_heading(h: str, j: int, where: str) -> tuple[str, str] | None:
    m = _SUB.match(h)
    want = f"（{CN[j]}）"
    if m is None:
        return None
    lp, number, rp, sep, space, rest = m.groups()
    fixed = f"{want}{rest.strip()}"
    if number != CN[j]:
        return (
            "warning",
            f"自评报告“{where}”下的标题“{h.strip()}”编号应为“{want}”（二级标题用“（一）（二）”），即“{fixed}”。",
        )
    if sep:
        return "warning", f"自评报告标题“{h.strip()}”的“{want}”后不加标点，应为“{fixed}”。"
    if lp != "（" or rp != "）" or space:
        return "hint", f"自评报告标题“{h.strip()}”应写作“{fixed}”（全角括号，后面不空格）。"
    return None


@rule("L4")
def heading_numbers(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for i, s in enumerate(pkg.report[: len(CN)]):
        r = _section_heading(s.heading, i)
        if r:
            yield Finding(
                "L4",
                r[0],
                r[1],
                Location("report", ("report", i, "heading"), "", f"自评报告“{s.heading.strip()}”"),
                {"heading": s.heading},
            )
        for j, sub in enumerate(s.subsections[: len(CN)]):
            r = _sub_heading(sub.heading, j, s.heading.strip())
            if r:
                yield Finding(
                    "L4",
                    r[0],
                    r[1],
                    Location(
                        "report",
                        ("report", i, "subsections", j, "heading"),
                        "",
                        f"自评报告“{sub.heading.strip()}”",
                    ),
                    {"heading": sub.heading},
                )
        bodies: list[tuple[tuple[str | int, ...], str, str]] = [(("report", i, "body"), s.heading, s.body)]
        bodies += [
            (("report", i, "subsections", j, "body"), sub.heading, sub.body)
            for j, sub in enumerate(s.subsections)
        ]
        for path, head, body in bodies:
            for line in body.splitlines():
                m = _SUB.match(line)
                if m and m.group(4) and m.group(4) in "、.．，,":
                    shown = line.strip()[:20]
                    yield Finding(
                        "L4",
                        "warning",
                        f"自评报告“{head.strip()}”中“{shown}…”的“（{m.group(2)}）”后不加标点。",
                        Location("report", path, "", f"自评报告“{head.strip()}”"),
                        {"line": line.strip()},
                    )


@rule("L5")
def footer(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    f = pkg.footer
    present = tables_present(pkg)
    if not present:
        return  # no table, so no footer to sign
    shared = f"（{'、'.join(present)}的表尾{'共用' if len(present) > 1 else ''}）"
    items = (
        ("leader", f.leader, "hint", "单位负责人签字", "单位负责人签字栏为空：打印后须由单位负责人签字。"),
        ("preparer", f.preparer, "warning", "填表人", "表尾“填表人”未填写。"),
        ("phone", f.phone, "warning", "联系电话", "表尾“联系电话”未填写。"),
        ("date", f.date, "warning", "填报日期", "表尾“填报日期”未填写。"),
    )
    for field, value, sev, label, msg in items:
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Finding(
                "L5",
                sev,
                msg[:-1] + shared + "。",
                Location("unit", ("footer", field), "", f"表尾“{label}”"),
            )
    if f.phone.strip() and not _PHONE.match(f.phone.strip()):
        yield Finding(
            "L5",
            "warning",
            f"表尾联系电话“{f.phone.strip()}”不像电话号码，请核实。",
            Location("unit", ("footer", "phone"), "", "表尾“联系电话”"),
            {"phone": f.phone},
        )


@rule("L6")
def cover(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    c, unit = pkg.cover, pkg.unit.name.strip()
    if not unit:
        yield Finding("L6", "error", "单位名称未填写。", Location("unit", ("unit", "name"), "", "单位名称"))
    if not has_report(pkg):
        return  # the cover belongs to the 自评报告, which this package does not contain
    # An empty cover name prints 单位信息's name (model.Package.cover_unit_name): nothing to report.
    if unit and c.unit_name.strip() and c.unit_name.strip() != unit:
        yield Finding(
            "L6",
            "warning",
            f"封面单位名称“{c.unit_name.strip()}”与单位信息中的“{unit}”不一致。",
            Location("unit", ("cover", "unit_name"), "", "封面“部门（单位）名称”"),
            {"cover": c.unit_name, "unit": unit},
        )
    if c.date is None:
        yield Finding(
            "L6", "warning", "封面日期未填写。", Location("unit", ("cover", "date"), "", "封面日期")
        )


@rule("L7")
def empty_rows(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for p, perf in tables(pkg):
        groups: dict[tuple[str, str], int] = {}
        for ind in perf.indicators:
            if not is_placeholder(ind):
                key = (ind.level1, ind.level2)
                groups[key] = groups.get(key, 0) + 1
        for i, ind in enumerate(perf.indicators):
            if not is_placeholder(ind):
                continue
            label = f"{table_name(p)}“{ind.level2 or ind.level1 or '指标'}”第{i + 1}行"
            if ind.name.strip():
                yield Finding(
                    "L7",
                    "hint",
                    f"{label}是占位行（“{ind.name.strip()}”），请删除或填写。",
                    perf_loc(p, "indicators", i, "name", label=label),
                    {"name": ind.name},
                )
            elif groups.get((ind.level1, ind.level2)):
                yield Finding(
                    "L7",
                    "hint",
                    f"{label}是空行，可删除。",
                    perf_loc(p, "indicators", i, "name", label=label),
                )
    for kind, lines in (("special", pkg.basic.special), ("transfer", pkg.basic.transfer)):
        for i, ln in enumerate(lines):
            if not ln.name.strip() and ln.prev is None and ln.budget is None and ln.actual is None:
                yield Finding(
                    "L7",
                    "hint",
                    f"附件1{'区级专项' if kind == 'special' else '上级转移支付'}第{i + 1}行是空行，可删除。",
                    Location("basic", ("basic", kind, i, "name"), "", f"附件1 {kind} 第{i + 1}行"),
                )
    for i, s in enumerate(pkg.report):
        if not s.body.strip() and not any(sub.body.strip() for sub in s.subsections):
            yield Finding(
                "L7",
                "hint",
                f"自评报告“{s.heading.strip()}”还没有内容。",
                Location("report", ("report", i, "body"), "", f"自评报告“{s.heading.strip()}”"),
            )


def _path(s: str) -> tuple[str | int, ...]:
    return tuple(int(x) if x.isdigit() else x for x in s.split("/") if x)


_PART_OF = {
    "unit": "unit",
    "footer": "unit",
    "basic": "basic",
    "overall": "overall",
    "overall_funding": "overall",
    "projects": "project",
    "report": "report",
    "cover": "unit",
}


@rule("L8")
def same_as_last_year(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    # One implementation of "copied from last year" (core.yoy), shared with the 与上年对比 view.
    yield from yoy.stale_copy_findings(pkg)
    for s in pkg.carried:
        path = _path(s)
        part = _PART_OF.get(str(path[0]), "package") if path else "package"
        pid = str(path[1]) if part == "project" and len(path) > 1 else ""
        yield Finding(
            "L8",
            "hint",
            "此处的数据从上年自评包带入，尚未确认，请核对后确认。",
            Location(part, path, pid, "从上年带入的数据"),
            {"path": s},
        )
