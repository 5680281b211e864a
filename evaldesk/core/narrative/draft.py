"""Sections drafted from the data, in the phrasing of real reports, with the figures as live fields.

``draft_section(pkg, i)`` returns a new :class:`model.Section` for sections 一 (职能职责 and the 编制 figures
of 机构设置), 二 (基本支出 / 项目支出), 三, 四, 五, 九 and 十, or ``None`` for the sections that are the
clerk's own prose (六, 七, 八). The section's heading and sub-headings are kept as the package has them.
The UI calls :func:`redraft_would_replace` first and asks before replacing text the clerk has written.
After drafting the clerk edits freely: the draft is ordinary text with tokens in it.

Phrasing follows the reference report: "2023年基本支出为623.74万元，其中：人员经费546.52万元；公用经费
77.23万元。", "2023年项目支出为1194.60万元，其中：业务工作经费74.99万元，…", "2023年度本部门无政府性基金
安排的支出。". 四 and 五 have no figures in the package (no table holds 国有资本经营 or 社会保险基金
spending), so their draft is the standard "无…支出" sentence with the year as a field.

Like with like: the draft says 支出 only with 决算 figures (基本支出决算 = 全年执行数 − 项目支出决算,
人员经费决算 = 基本支出决算 − 公用经费决算, 项目支出 = 附件1 决算数 or the sum of its lines' 决算数). Where a
决算 figure cannot be computed, it states 附件2's budget split and calls it 预算; a figure that is blank
is left out rather than printed as 【未填写】.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from evaldesk.core import derived, model
from evaldesk.core.narrative import keys
from evaldesk.core.narrative.tokens import insert_field_token as tok

DRAFTABLE: tuple[int, ...] = (0, 1, 2, 3, 4, 8, 9)
"""Indexes of the sections :func:`draft_section` can draft (一, 二, 三, 四, 五, 九, 十)."""

_STAFF_LINE = re.compile(r"编制[^。\n]*?[0-9０-９]+\s*人")
_NUMBERED = re.compile(r"^\s*[0-9０-９]+\s*[、.．]\s*")


def _year() -> str:
    return tok(keys.year())


def _nonzero(v: Decimal | None) -> bool:
    return v is not None and v != 0


def _heading(pkg: model.Package, i: int) -> str:
    if i < len(pkg.report) and pkg.report[i].heading.strip():
        return pkg.report[i].heading
    num, title, _subs = model.REPORT_OUTLINE[i]
    return f"{num}、{title}"


def _sub_headings(pkg: model.Package, i: int) -> list[str]:
    standard = model.standard_report()[i].subsections
    have = pkg.report[i].subsections if i < len(pkg.report) else []
    return [
        have[j].heading if j < len(have) and have[j].heading.strip() else standard[j].heading
        for j in range(len(standard))
    ]


def _staff_sentence(pkg: model.Package) -> str:
    u = pkg.unit
    kinds = [s for s in u.staff_by_type if s.kind.strip()]
    if u.staff_authorized is None and u.staff_actual is None and not kinds:
        return ""
    parts = f"人员构成：总编制数{tok(keys.unit('staff_authorized'))}人"
    if kinds:
        parts += "，其中" + "、".join(f"{s.kind.strip()}{tok(keys.staff(s.kind))}人" for s in kinds)
    if u.staff_actual is not None:
        parts += f"；{_year()}年实际在职人数{tok(keys.unit('staff_actual'))}人"
    return parts + "。"


def _organization(pkg: model.Package) -> str:
    """机构设置: the 编制 sentence as live fields, then the clerk's own lines (内设机构 …) without the
    lines that state 编制 figures (they would repeat the table as dead text)."""
    staff = _staff_sentence(pkg)
    lines = [ln.strip() for ln in pkg.unit.organization.splitlines() if ln.strip()]
    rest = [ln for ln in lines if not (staff and _STAFF_LINE.search(ln))]
    if not staff:
        return "\n".join(rest)
    if any(_NUMBERED.match(ln) for ln in rest):
        numbered, n = [f"1、{staff}"], 2
        for ln in rest:
            if _NUMBERED.match(ln):
                numbered.append(f"{n}、{_NUMBERED.sub('', ln)}")
                n += 1
            else:
                numbered.append(ln)
        return "\n".join(numbered)
    return "\n".join([staff, *rest])


def _basic_spending(pkg: model.Package) -> str:
    """基本支出 as spent (决算); where it cannot be computed, the 附件2 budget figure, called 预算."""
    f = pkg.overall_funding
    if derived.basic_spent(pkg).value is not None:
        text = f"{_year()}年基本支出为{tok(keys.spent('basic'))}万元"
        parts = []
        if derived.personnel_spent(pkg).value is not None:
            parts.append(f"人员经费{tok(keys.spent('personnel'))}万元")
        if pkg.basic.row("public").actual is not None:
            parts.append(f"公用经费{tok(keys.basic('public', 'actual'))}万元")
        return text + ("，其中：" + "；".join(parts) if parts else "") + "。"
    if f.expend_basic is None:
        return ""
    text = f"{_year()}年基本支出预算为{tok(keys.overall('expend_basic'))}万元"
    if f.personnel is not None:
        text += f"，其中：人员经费预算{tok(keys.overall('personnel'))}万元"
    return text + "。"


def _project_spending(pkg: model.Package) -> str:
    """项目支出 as spent (附件1 决算数, else the sum of its lines' 决算), then the lines that make it up."""
    b = pkg.basic
    total: str | None = keys.basic("project", "actual")
    if b.row("project").actual is None:
        total = keys.spent("project") if derived.project_spent(b).value is not None else None
    items: list[tuple[str, str]] = []
    for row, name in (("project_business", "业务工作经费"), ("project_operation", "运行维护经费")):
        if _nonzero(b.row(row).actual):
            items.append((name, keys.basic(row, "actual")))
    for kind, lines in (("special", b.special), ("transfer", b.transfer)):
        for ln in lines:
            if ln.name.strip() and _nonzero(ln.actual):
                items.append((ln.name.strip(), keys.line(kind, ln.name, "actual")))
    if not items:
        items = [
            (p.name.strip(), keys.project(p.id, "executed"))
            for p in pkg.projects
            if p.name.strip() and _nonzero(p.funding.total.executed)
        ]
    if total is not None:
        listed = "，其中：" + "，".join(f"{name}{tok(key)}万元" for name, key in items) if items else ""
        return f"{_year()}年项目支出为{tok(total)}万元{listed}。"
    # No 决算 total: the items (if any) are the projects' 全年执行数.
    executed = "各项目全年执行数：" + "，".join(f"{name}{tok(key)}万元" for name, key in items)
    if pkg.overall_funding.expend_project is not None:
        budget = f"{_year()}年项目支出预算为{tok(keys.overall('expend_project'))}万元"
        return budget + (f"；{executed}" if items else "") + "。"
    return f"{_year()}年{executed}。" if items else ""


def _fund(pkg: model.Package) -> str:
    if _nonzero(pkg.overall_funding.income_fund):
        # 附件2's 政府性基金拨款 is funding (a split of the 全年预算数), not spending: say 拨款.
        return f"{_year()}年度本部门政府性基金拨款{tok(keys.overall('income_fund'))}万元。"
    return f"{_year()}年度本部门无政府性基金安排的支出。"


def _results(pkg: model.Package) -> str:
    text = (
        f"{_year()}年度单位整体支出绩效自评得分为{tok(keys.score('overall', 'total'))}分，"
        f"等级为“{tok(keys.score('overall', 'grade'))}”。"
    )
    named = [p for p in pkg.projects if p.name.strip()]
    if named:
        text += (
            f"项目支出绩效自评{len(named)}个项目："
            + "；".join(
                f"“{p.name.strip()}”自评得分{tok(keys.score(p.id, 'total'))}分，"
                f"等级为“{tok(keys.score(p.id, 'grade'))}”"
                for p in named
            )
            + "。"
        )
    return text + (
        "自评结果已在财政预算绩效管理信息系统填报，并按规定在门户网站公开；"
        "自评中发现的问题将作为以后年度预算编制和资金安排的重要依据。"
    )


def draft_section(pkg: model.Package, section_index: int) -> model.Section | None:
    """The drafted section ``section_index`` (0 = 一), or ``None`` when it has no data-drafting."""
    i = section_index
    if i not in DRAFTABLE:
        return None
    heading = _heading(pkg, i)
    if i == 0:
        subs = _sub_headings(pkg, 0)
        return model.Section(
            heading,
            "",
            [
                model.Subsection(subs[0], pkg.unit.functions.strip()),
                model.Subsection(subs[1], _organization(pkg)),
            ],
        )
    if i == 1:
        subs = _sub_headings(pkg, 1)
        return model.Section(
            heading,
            "",
            [
                model.Subsection(subs[0], _basic_spending(pkg)),
                model.Subsection(subs[1], _project_spending(pkg)),
            ],
        )
    drafters: dict[int, Callable[[model.Package], str]] = {
        2: _fund,
        3: lambda p: f"{_year()}年度本部门无国有资本经营预算支出。",  # noqa: ARG005 - every drafter takes the package
        4: lambda p: f"{_year()}年度本部门无社会保险基金预算支出。",  # noqa: ARG005 - every drafter takes the package
        8: _results,
        9: lambda p: "本部门无其他需要说明的情况。",  # noqa: ARG005 - every drafter takes the package
    }
    body = drafters[i](pkg)
    return model.Section(heading, body, [])


def _texts(s: model.Section) -> list[str]:
    return [s.body.strip(), *(sub.body.strip() for sub in s.subsections)]


def redraft_would_replace(pkg: model.Package, section_index: int) -> bool:
    """True when drafting section ``section_index`` would replace text the clerk has (the UI asks first);
    False when the section is empty, already equal to the draft, or has no drafting."""
    draft = draft_section(pkg, section_index)
    if draft is None or section_index >= len(pkg.report):
        return False
    current = pkg.report[section_index]
    if not any(_texts(current)):
        return False
    return _texts(current) != _texts(draft)
