"""查找 (Ctrl+F): find text across a package — every text and every value the clerk sees, as shown.

What is searched: the unit's texts and staffing, the footer and the cover, 附件1 (line names, every amount,
楼堂馆所, 厉行节约), 附件2 and each 附件3 (funding amounts and rates, goals, indicator names, targets,
actuals, scores and deviation texts) and the report's headings and bodies. Report bodies are searched as
they show and print — live fields replaced by their current values (``narrative.render_map``) — and a
match is mapped back to the stored text, so the editor can select it.

Matching ignores case and full-width/half-width differences (``１８１８．３４`` finds ``1818.34``, ``ＡＢＣ``
finds ``abc``); an amount matches as printed with thousands separators (``1,818.34``) and without
(``1818.34``). Each occurrence in a text is a hit; a number is one hit.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from evaldesk.core import derived, model, money, narrative
from evaldesk.core.derived import column_label
from evaldesk.core.edits import Path
from evaldesk.core.narrative.fields import Scores
from evaldesk.core.scoring import ScoreSheet
from evaldesk.core.yoy import row_label

MAX_HITS = 1000  # a query such as "0" matches nearly every cell; the list stops there
_BEFORE, _AFTER = 18, 30  # snippet context in characters
_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{4,}(?:\.[0-9]+)?")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Hit:
    """One match.

    ``path`` is the field or cell (an edit path) and ``part`` one of ``findings.PARTS`` (the step that
    shows it); ``label`` names the place as a clerk would. ``offset``/``length`` locate the match in the
    field's stored text (report bodies: mapped back from the rendered text, a live field counting whole);
    for a number they locate it in the shown text. ``snippet`` is the shown text around the match and
    ``mark`` the match's (start, end) inside the snippet.
    """

    path: Path
    part: str
    label: str
    snippet: str
    offset: int
    length: int = 0
    mark: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class _Source:
    path: Path
    part: str
    label: str
    kind: str  # text · report · amount · percent · score · count · date
    value: Any
    computed: Any = None  # a computed cell shows this (grey) rather than the entered value


# -- normalising ---------------------------------------------------------------------------------------
class _FoldTable(dict[int, str]):
    """``str.translate`` table built on demand: each character to its half-width, lower-case form, but only
    one character for one (so that an index into the folded text is an index into the original)."""

    def __missing__(self, code: int) -> str:
        ch = money.normalize_text(chr(code))
        wide = unicodedata.normalize("NFKC", ch)
        if len(wide) == 1:
            ch = wide
        low = ch.lower()
        if len(low) == 1:
            ch = low
        self[code] = ch
        return ch


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """``text`` for matching: half-width, lower case, same length as ``text``."""
    return text.translate(_FOLD)


# -- what a clerk sees -----------------------------------------------------------------------------------
def _shown(kind: str, value: Any) -> list[str]:
    """The forms in which a value is shown (the first is how its cell shows it)."""
    if value is None or value == "":
        return []
    if kind == "amount":
        forms = [money.format_amount(value), money.format_plain(value), money.format_plain(value, 0)]
    elif kind == "percent":
        forms = [money.format_percent(value), money.format_plain(value, 0) + "%"]
    elif kind == "score":
        forms = [money.format_plain(value), money.format_plain(value, 0)]
    elif kind == "date" and isinstance(value, _dt.date):
        forms = [f"{value.year}年{value.month}月{value.day}日", value.isoformat()]
    else:
        forms = [str(value)]
    return list(dict.fromkeys(forms))


def _unit(pkg: model.Package) -> Iterator[_Source]:
    u, y = pkg.unit, pkg.fiscal_year
    for key, name in (("name", "预算单位名称"), ("department", "主管部门")):
        yield _Source(("unit", key), "unit", f"单位信息“{name}”", "text", getattr(u, key))
    yield _Source(("fiscal_year",), "unit", "单位信息“评价年度”", "count", pkg.fiscal_year or None)
    for key, name in (("functions", "职能职责"), ("organization", "机构设置")):
        yield _Source(("unit", key), "unit", f"单位信息“{name}”", "text", getattr(u, key))
    yield _Source(("unit", "staff_authorized"), "unit", "单位信息“编制数”", "count", u.staff_authorized)
    yield _Source(("unit", "staff_actual"), "unit", f"单位信息“{y}年实际在职人数”", "count", u.staff_actual)
    rate = derived.control_rate(u).value
    yield _Source(
        ("unit", "control_rate_entered"), "unit", "单位信息“控制率”", "percent", u.control_rate_entered, rate
    )
    for i, line in enumerate(u.staff_by_type):
        shown = line.kind.strip() or f"第{i + 1}行"
        base = ("unit", "staff_by_type", i)
        yield _Source((*base, "kind"), "unit", f"编制类型（{shown}）", "text", line.kind)
        yield _Source((*base, "count"), "unit", f"编制类型“{shown}”人数", "count", line.count)
    for key, name, kind in (
        ("leader", "单位负责人", "text"),
        ("preparer", "填表人", "text"),
        ("phone", "联系电话", "text"),
        ("date", "填报日期", "date"),
    ):
        yield _Source(("footer", key), "unit", f"填表信息“{name}”", kind, getattr(pkg.footer, key))
    for key, name, kind in (
        ("title", "标题", "text"),
        ("unit_name", "单位名称", "text"),
        ("date", "日期", "date"),
    ):
        yield _Source(("cover", key), "unit", f"封面“{name}”", kind, getattr(pkg.cover, key))


_BUILDING = (
    ("approved_area", "批复规模（m²）", "amount"),
    ("actual_area", "实际规模（m²）", "amount"),
    ("area_rate_entered", "规模控制率", "percent"),
    ("budget_invest", "预算投资（万元）", "amount"),
    ("actual_invest", "实际投资（万元）", "amount"),
    ("invest_rate_entered", "投资概算控制率", "percent"),
)
_COLUMNS = ("prev", "budget", "actual")
# 附件1 rows that are sums of others: the grid shows the sum (the figure entered on hover).
_BASIC_SUMS: dict[str, Callable[[model.BasicData, str], derived.Figure]] = {
    "sangong": derived.sangong,
    "car": derived.car,
    "project": derived.project_total,
}


def _basic(pkg: model.Package) -> Iterator[_Source]:
    b, y = pkg.basic, pkg.fiscal_year
    for key in model.BASIC_ROW_KEYS:
        t = b.rows.get(key, model.Triple())
        sums = _BASIC_SUMS.get(key)
        for col in _COLUMNS:
            label = f"附件1“{row_label(key)}”{column_label(y, col)}"
            computed = sums(b, col).value if sums is not None else None
            yield _Source(("basic", "rows", key, col), "basic", label, "amount", getattr(t, col), computed)
        if key != "project_operation":
            continue
        for group, title in (("special", "区级专项"), ("transfer", "上级转移支付")):
            for i, line in enumerate(getattr(b, group)):
                shown = line.name.strip() or f"第{i + 1}个{title}"
                base = ("basic", group, i)
                yield _Source((*base, "name"), "basic", f"附件1{title}“{shown}”的名称", "text", line.name)
                for col in _COLUMNS:
                    label = f"附件1{title}“{shown}”{column_label(y, col)}"
                    yield _Source((*base, col), "basic", label, "amount", getattr(line, col))
    rates = {"area_rate_entered": derived.area_rate, "invest_rate_entered": derived.invest_rate}
    for key, name, kind in _BUILDING:
        value = getattr(b.building, key)
        computed = rates[key](b.building).value if key in rates else None
        yield _Source(("basic", "building", key), "basic", f"附件1楼堂馆所“{name}”", kind, value, computed)
    yield _Source(("basic", "frugality"), "basic", "附件1“厉行节约保障措施”", "text", b.frugality)


_FUNDING_FIELDS = (
    ("initial", "年初预算数", "amount"),
    ("full", "全年预算数", "amount"),
    ("executed", "全年执行数", "amount"),
    ("weight_entered", "分值", "score"),
    ("rate_entered", "执行率", "percent"),
    ("score_entered", "自评得分", "score"),
)
_OVERALL_SPLIT = (
    ("income_total", "附件2“按收入性质分”合计"),
    ("income_general", "附件2“一般公共预算”"),
    ("income_fund", "附件2“政府性基金拨款”"),
    ("income_nontax", "附件2“纳入专户管理的非税收入拨款”"),
    ("income_other", "附件2“其他资金”"),
    ("expend_total", "附件2“按支出性质分”合计"),
    ("expend_basic", "附件2“基本支出”"),
    ("expend_project", "附件2“项目支出”"),
    ("personnel", "附件2“人员经费”"),
)
_PROJECT_ROWS = (
    ("total", "年度资金总额"),
    ("current", "当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
_INDICATOR_FIELDS = (
    ("name", "三级指标", "text"),
    ("target", "年度指标值", "text"),
    ("actual", "实际完成值", "text"),
    ("weight", "分值", "score"),
    ("score_entered", "自评得分", "score"),
    ("deviation", "偏差原因分析及改进措施", "text"),
)


def _funding_row(row: model.FundingRow, base: Path, part: str, prefix: str) -> Iterator[_Source]:
    for key, name, kind in _FUNDING_FIELDS:
        computed = derived.execution_rate(row).value if key == "rate_entered" else None
        yield _Source((*base, key), part, f"{prefix}“{name}”", kind, getattr(row, key), computed)


def _performance(perf: model.Performance, base: Path, part: str, table: str) -> Iterator[_Source]:
    for key, name in (("goal_expected", "预期目标"), ("goal_actual", "实际完成情况")):
        yield _Source((*base, key), part, f"{table}年度总体目标“{name}”", "text", getattr(perf, key))
    for i, ind in enumerate(perf.indicators):
        shown = ind.name.strip() or f"第{i + 1}个指标"
        for key, name, kind in _INDICATOR_FIELDS:
            label = f"{table}指标“{shown}”" if key == "name" else f"{table}指标“{shown}”{name}"
            yield _Source((*base, "indicators", i, key), part, label, kind, getattr(ind, key))
    yield _Source(
        (*base, "total_weight_entered"), part, f"{table}“总分”分值", "score", perf.total_weight_entered
    )
    yield _Source(
        (*base, "total_score_entered"), part, f"{table}“总分”得分", "score", perf.total_score_entered
    )


def _overall(pkg: model.Package) -> Iterator[_Source]:
    f = pkg.overall_funding
    yield from _funding_row(f.total, ("overall_funding", "total"), "overall", "附件2年度资金总额")
    sums = {"income_total": derived.income_sum(f).value, "expend_total": derived.expend_sum(f).value}
    for key, label in _OVERALL_SPLIT:
        yield _Source(("overall_funding", key), "overall", label, "amount", getattr(f, key), sums.get(key))
    yield from _performance(pkg.overall, ("overall",), "overall", "附件2")


def _projects(pkg: model.Package) -> Iterator[_Source]:
    for p in pkg.projects:
        table = f"附件3“{p.name.strip() or '（未命名项目）'}”"
        base: Path = ("projects", p.id)
        for key, name in (("name", "项目支出名称"), ("department", "主管部门"), ("implementer", "实施单位")):
            yield _Source((*base, key), "project", f"{table}{name}", "text", getattr(p, key))
        for key, name in _PROJECT_ROWS:
            row = getattr(p.funding, key)
            yield from _funding_row(row, (*base, "funding", key), "project", f"{table}{name}")
        yield from _performance(p.performance, (*base, "performance"), "project", table)


def _report(pkg: model.Package) -> Iterator[_Source]:
    for i, s in enumerate(pkg.report):
        title = s.heading.strip() or f"第{i + 1}部分"
        yield _Source(("report", i, "heading"), "report", f"自评报告“{title}”标题", "report", s.heading)
        yield _Source(("report", i, "body"), "report", f"自评报告“{title}”", "report", s.body)
        for j, sub in enumerate(s.subsections):
            sub_title = sub.heading.strip() or f"第{j + 1}小节"
            base = ("report", i, "subsections", j)
            label = f"自评报告“{title}”“{sub_title}”"
            yield _Source((*base, "heading"), "report", f"{label}标题", "report", sub.heading)
            yield _Source((*base, "body"), "report", label, "report", sub.body)


def sources(pkg: model.Package) -> Iterator[_Source]:
    """Every searchable field in the order of the steps (单位信息 … 自评报告)."""
    yield from _unit(pkg)
    yield from _basic(pkg)
    yield from _overall(pkg)
    yield from _projects(pkg)
    yield from _report(pkg)


# -- matching --------------------------------------------------------------------------------------------
def _snippet(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    a, b = max(0, start - _BEFORE), min(len(text), end + _AFTER)
    head = "…" if a > 0 else ""
    tail = "…" if b < len(text) else ""
    body = text[a:b].replace("\r", " ").replace("\n", " ").replace("\u2029", " ")
    return head + body + tail, (len(head) + start - a, len(head) + end - a)


def number_forms(needle: str) -> tuple[str, ...]:
    """A number written either way in free text: ``1,818.34`` also as ``1818.34`` and the reverse."""
    if not _NUMBER.fullmatch(needle):
        return (needle,)
    plain = needle.replace(",", "")
    # As entered, with separators: ``1234.50`` → ``1,234.50`` (every decimal kept).
    grouped = money.format_amount(money.parse_plain_number(plain), 0) if _PLAIN.fullmatch(plain) else plain
    return tuple(dict.fromkeys((needle, plain, grouped)))


def _occurrences(folded: str, needles: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """(start, end) of each match of any of ``needles``, in text order, not overlapping."""
    at = 0
    while True:
        found = [(i, i + len(n)) for n in needles if (i := folded.find(n, at)) >= 0]
        if not found:
            return
        start, end = min(found, key=lambda m: (m[0], -m[1]))
        yield start, end
        at = end


def _text_hits(
    src: _Source, shown: str, needles: tuple[str, ...], rendered: narrative.Rendered | None
) -> Iterator[Hit]:
    for at, end in _occurrences(fold(shown), needles):
        if rendered is not None:
            raw_start, raw_end = rendered.raw_range(at, end)
        else:
            raw_start, raw_end = at, end
        snippet, mark = _snippet(shown, at, end)
        yield Hit(src.path, src.part, src.label, snippet, raw_start, raw_end - raw_start, mark)


def find_text(pkg: model.Package, query: str, sheet: ScoreSheet | None = None) -> list[Hit]:
    """Every place in ``pkg`` whose shown text contains ``query`` (case and width ignored), in step order.

    ``sheet`` (the current scores) saves rescoring when report bodies hold live fields. At most
    :data:`MAX_HITS` hits are returned.
    """
    needle = fold(query)
    if not needle.strip():
        return []
    needles = number_forms(needle)
    scores = Scores(pkg, sheet)
    hits: list[Hit] = []
    for src in sources(pkg):
        if src.kind in ("text", "report"):
            text = src.value if isinstance(src.value, str) else ""
            rendered = narrative.render_map(pkg, text, scores=scores) if src.kind == "report" else None
            shown = rendered.text if rendered is not None else text
            hits.extend(_text_hits(src, shown, needles, rendered))
        else:
            forms = dict.fromkeys(_shown(src.kind, src.computed) + _shown(src.kind, src.value))
            for form in forms:
                at = fold(form).find(needle)
                if at >= 0:
                    snippet, mark = _snippet(form, at, at + len(needle))
                    hits.append(Hit(src.path, src.part, src.label, snippet, at, len(needle), mark))
                    break
        if len(hits) >= MAX_HITS:
            return hits[:MAX_HITS]
    return hits
