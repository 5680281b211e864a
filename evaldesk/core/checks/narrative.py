"""The report against the tables: amounts and live fields (R17), years (R18), counts and rates (R19).

Every finding here lives in the report: ``location.path`` is the body's edit path (``("report", i,
"body")`` or ``("report", i, "subsections", j, "body")``) and ``values["offset"]``/``values["length"]``
select the figure in the *stored* body (tokens included), so the editor can jump to it;
``values["sentence"]`` is the sentence as it reads, ``values["table_path"]`` the edit path of the table
cell it was compared with. Figures that come from live fields always agree and are skipped.

Precision before recall (a false alarm on a clerk's correct sentence is worse than a miss): see
:mod:`evaldesk.core.narrative.match` for what binds a figure; approximations (``50余次``) and changes
(``同比下降66%``) are never compared; a figure agrees when it equals the table figure as entered or is
that figure rounded to the decimals the text writes (``1195万元`` for 1194.60).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from evaldesk.core import model
from evaldesk.core.checks.common import num, perf_loc, table_name, tables
from evaldesk.core.checks.registry import Context, rule
from evaldesk.core.derived import amt, column_label
from evaldesk.core.findings import Finding, Location
from evaldesk.core.indicator_score import is_placeholder, parse
from evaldesk.core.money import round_money
from evaldesk.core.narrative import figures as nf
from evaldesk.core.narrative import keys
from evaldesk.core.narrative.fields import UNSCORED_TEXT, Scores, describe_key
from evaldesk.core.narrative.indicator_match import IndicatorRef, indicator_refs, match_indicator
from evaldesk.core.narrative.match import (
    Binding,
    amount_bindings,
    bind,
    staff_bindings,
)
from evaldesk.core.narrative.tokens import Rendered, render_map
from evaldesk.core.targets import is_year_value

__all__ = ["bindings", "report_amounts", "report_facts", "years"]

# Sections whose text is mostly figures from the tables (二–五, 九): a past year opening a sentence there
# is almost always last year's report copied.
_DATA_SECTIONS = frozenset({1, 2, 3, 4, 8})
_COMPARE_WORDS = ("同比", "上年", "去年", "较", "相比", "比", "增长", "下降", "减少", "增加", "持平", "以来")
_SUBJECT_AFTER = ("本部门", "本单位", "单位整体", "部门整体", "整体支出")


def bindings(pkg: model.Package) -> list[Binding]:
    """What the report's amounts are compared with (see :func:`narrative.match.amount_bindings`)."""
    return amount_bindings(pkg)


@dataclass(frozen=True)
class _RenderedReport:
    """The report bodies rendered once per check run, kept in ``ctx.memo``."""

    texts: list[tuple[nf.ReportText, Rendered]]


def _rendered(pkg: model.Package, ctx: Context) -> list[tuple[nf.ReportText, Rendered]]:
    """Each report body rendered once per check run (shared by R17–R19 through ``ctx.memo``)."""
    got = ctx.memo.get("narrative.rendered")
    if not isinstance(got, _RenderedReport):
        scores = Scores(pkg, ctx.sheet)
        got = _RenderedReport([(rt, render_map(pkg, rt.text, scores=scores)) for rt in nf.report_texts(pkg)])
        ctx.memo["narrative.rendered"] = got
    return got.texts


def _loc(rt: nf.ReportText, vals: Mapping[str, object] | None = None) -> Location:
    anchor = ""
    start, length = (vals.get("offset"), vals.get("length")) if vals else (None, None)
    if isinstance(start, int) and isinstance(length, int):
        anchor = rt.text[start : start + length]
    return Location("report", rt.path, "", f"自评报告“{rt.title}”", anchor)


def _where(r: Rendered, start: int, end: int) -> dict[str, int]:
    a, b = r.raw_range(start, end)
    return {"offset": a, "length": b - a}


def _agrees(fig: nf.TextFigure, value: Decimal) -> bool:
    """Equal, or ``value`` rounded to the decimals the text writes (the clerk rounded in prose)."""
    if fig.number == value:
        return True
    exp = value.as_tuple().exponent
    have = -exp if isinstance(exp, int) and exp < 0 else 0
    return fig.places < have and round_money(value, fig.places) == fig.number


def _ungraded_over_maximum(ctx: Context, key: str) -> bool:
    """A grade field of a table whose total exceeds the maximum: its 分值 add to too much, which R13/R14
    report at the table; one defect, one finding — the report's 【暂无法计算】 goes once that is mended."""
    seg = keys.split(key)
    if len(seg) != 3 or seg[0] != "score" or seg[2] != "grade":
        return False
    table = ctx.sheet.overall if seg[1] == "overall" else ctx.sheet.projects.get(seg[1])
    return table is not None and table.total.value is not None and table.total.value > ctx.rs.total


@rule("R17")
def live_fields(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    for rt, r in _rendered(pkg, ctx):
        for p in r.fields():
            if p.status == "ok" or (
                r.text[p.start : p.end] == UNSCORED_TEXT and _ungraded_over_maximum(ctx, p.key)
            ):
                continue
            label = describe_key(pkg, p.key)
            shown = r.text[p.start : p.end]
            if p.status == "missing":
                sev, msg = (
                    "error",
                    (
                        f"自评报告“{rt.title}”中的数据字段“{label}”所指的数据已不存在（打印为“{shown}”），"
                        "请删除该字段或重新插入。"
                    ),
                )
            elif shown == UNSCORED_TEXT:
                sev, msg = (
                    "warning",
                    (
                        f"自评报告“{rt.title}”中的数据字段“{label}”暂时无法计算（打印为“{shown}”），"
                        "请先处理该表的计分问题。"
                    ),
                )
            else:
                sev, msg = (
                    "warning",
                    (
                        f"自评报告“{rt.title}”中的数据字段“{label}”没有数值（打印为“{shown}”），请先填写{label}或删除该字段。"
                    ),
                )
            vals = {"key": p.key, "offset": p.raw_start, "length": p.raw_end - p.raw_start}
            yield Finding("R17", sev, msg, _loc(rt, vals), vals)


@rule("R17")
def report_amounts(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    y = ctx.year
    binds = amount_bindings(pkg)
    for rt, r in _rendered(pkg, ctx):
        for fig in nf.amounts(r.text):
            if r.in_field(fig.start, fig.end):
                continue
            bound = bind(fig, binds, y)
            if bound is None or bound.column is None:
                continue
            places = [p for p in bound.binding.places.get(bound.column, ()) if p.value is not None]
            if not places or any(_agrees(fig, p.value) for p in places if p.value is not None):
                continue
            primary = places[0]
            assert primary.value is not None
            diff = fig.number - primary.value
            sev = ctx.money_severity(diff)
            if sev is None:
                continue
            extra = ""
            for other, v in bound.binding.values.items():
                if other != bound.column and v is not None and v == fig.number:
                    extra = f"；{amt(fig.number)}是{column_label(y, other)}，疑为误用了该列数字"
                    break
            calc = bound.binding.computed.get(bound.column)
            if calc is not None and calc.value is not None and _agrees(fig, calc.value):
                # The text states the computed total and the table's entered one is off (R4/R2/R3 say
                # so there): the sentence is right, so at most a hint to make the two agree.
                sev = "hint"
                extra = f"，但与{calc.label}{amt(calc.value)}一致；请核实表中填报数，使两处一致"
            said = f"“{fig.snippet}”"
            if fig.written_unit in ("元", "亿元"):
                said += f"（即{amt(fig.number)}万元）"
            msg = (
                f"自评报告“{rt.title}”写有{said}，与{primary.label}{amt(primary.value)}不一致"
                f"（相差{amt(abs(diff))}）{extra}。"
            )
            vals = {
                "text": fig.number,
                "table": primary.value,
                "snippet": fig.snippet,
                "column": bound.column,
                "sentence": fig.sentence,
                "table_path": primary.path,
                "table_label": primary.label,
                **_where(r, fig.start, fig.end),
            }
            yield Finding(
                "R17",
                sev,
                msg,
                _loc(rt, vals),
                vals,
                f"{amt(fig.number)} − {amt(primary.value)} = {amt(diff)}",
            )


@rule("R18")
def years(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    y = ctx.year
    if not 1990 <= y <= 2200:
        yield Finding(
            "R18",
            "error",
            f"自评包的评价年度“{y}”无效，请在单位信息中填写评价年度。",
            Location("unit", ("fiscal_year",), "", "评价年度"),
            {"year": y},
        )
        return
    for rt, r in _rendered(pkg, ctx):
        for ym in nf.years(r.text):
            if ym.year >= y or ym.comparative or ym.quoted or ym.date or r.in_field(ym.start, ym.end):
                continue  # this year, a plan for a later one, a comparison, a document title or a date
            if ym.year == y - 1 and any(w in ym.sentence for w in _COMPARE_WORDS):
                continue
            opens_report_subject = ym.du and r.text[ym.end : ym.end + 4].startswith(_SUBJECT_AFTER)
            if not (opens_report_subject or (ym.subject and (ym.du or rt.section in _DATA_SECTIONS))):
                continue  # history in the narrative ("2019年起…") is the clerk's business
            written = f"{ym.year}年度" if ym.du else f"{ym.year}年"
            yield Finding(
                "R18",
                "warning",
                f"自评报告“{rt.title}”写的是“{written}”，本自评包是{y}年度，请核实。",
                _loc(rt, where := _where(r, ym.start, ym.end)),
                {"written": ym.year, "year": y, "sentence": ym.sentence, **where},
            )
    if pkg.cover.title.strip() and f"{y}年" not in pkg.cover.title:
        yield Finding(
            "R18",
            "warning",
            f"封面标题“{pkg.cover.title.strip()}”中没有“{y}年度”。",
            Location("unit", ("cover", "title"), "", "封面标题"),
            {"year": y},
        )
    for date, path, label, part in (
        (pkg.cover.date, ("cover", "date"), "封面日期", "unit"),
        (pkg.footer.date, ("footer", "date"), "表尾填报日期", "unit"),
    ):
        if date is not None and date.year <= y:
            yield Finding(
                "R18",
                "error",
                f"{label}为{date.year}年{date.month}月{date.day}日，应在评价年度{y}年结束之后。",
                Location(part, path, "", label),
                {"date": date, "year": y},
            )
    for p, perf in tables(pkg):
        for i, ind in enumerate(perf.indicators):
            if is_placeholder(ind):
                continue
            for field, text in (("target", ind.target), ("actual", ind.actual)):
                written_year = _year_of(text)
                if written_year is not None and written_year != y:
                    what = "年度指标值" if field == "target" else "实际完成值"
                    yield Finding(
                        "R18",
                        "warning",
                        f"{table_name(p)}指标“{ind.name.strip()}”：{what}为“{text.strip()}”，本自评包是{y}年度。",
                        perf_loc(p, "indicators", i, field, label=f"{table_name(p)}指标“{ind.name.strip()}”"),
                        {"written": written_year, "year": y},
                    )


@lru_cache(maxsize=8192)
def _year_of(text: str) -> int | None:
    """The year of a value like ``2023年`` (a year as target), else ``None``."""
    v = parse(text)
    return int(v.number) if is_year_value(v) and v.number is not None else None


def _staff_findings(
    rt: nf.ReportText, r: Rendered, fig: nf.TextFigure, binds: list[Binding], y: int
) -> tuple[bool, Finding | None]:
    """(bound, finding) for a head-count: bound when it speaks of a 编制 figure."""
    bound = bind(fig, binds, y)
    if bound is None or bound.column != "actual":
        return bound is not None, None
    place = bound.binding.places["actual"][0]
    if place.value is None or place.value == fig.number:
        return True, None
    msg = f"自评报告“{rt.title}”写有“{fig.snippet}”，而{place.label}为{num(place.value)}人，请核实两处是否一致。"
    vals = {
        "text": fig.number,
        "table": place.value,
        "snippet": fig.snippet,
        "sentence": fig.sentence,
        "table_path": place.path,
        "table_label": place.label,
        **_where(r, fig.start, fig.end),
    }
    return True, Finding(
        "R19", "warning", msg, _loc(rt, vals), vals, f"报告{num(fig.number)}人，表中{num(place.value)}人"
    )


def _ind_agrees(fig: nf.TextFigure, ref: IndicatorRef) -> bool:
    return any(v is not None and _agrees(fig, v) for v in (ref.actual, ref.target))


@rule("R19")
def report_facts(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    y = ctx.year
    staff = staff_bindings(pkg)
    refs = indicator_refs(pkg)
    by_ref: dict[
        tuple[str, int], list[tuple[nf.ReportText, Rendered, nf.TextFigure, IndicatorRef, bool]]
    ] = {}
    for rt, r in _rendered(pkg, ctx):
        for fig in nf.counts(r.text):
            if fig.approx or fig.change or r.in_field(fig.start, fig.end):
                continue
            if fig.unit == "人":
                bound, finding = _staff_findings(rt, r, fig, staff, y)
                if finding is not None:
                    yield finding
                if bound:
                    continue
            found = match_indicator(fig, refs)
            if not found:
                continue
            agrees = [ref for ref in found if _ind_agrees(fig, ref)]
            if agrees:
                for ref in agrees:
                    by_ref.setdefault((ref.table, ref.index), []).append((rt, r, fig, ref, True))
            elif len({ref.actual for ref in found}) == 1:  # several equally sure candidates must agree
                ref = found[0]
                by_ref.setdefault((ref.table, ref.index), []).append((rt, r, fig, ref, False))
    for mentions in by_ref.values():
        if any(ok for *_, ok in mentions):
            continue  # the report states the indicator's figure somewhere: other mentions are other facts
        for rt, r, fig, ref, _ok in mentions:
            if ref.actual is None:
                continue
            msg = (
                f"自评报告“{rt.title}”写有“{fig.snippet}”，而{ref.table_label}指标“{ref.name}”"
                f"的实际完成值为“{ref.actual_text}”，请核实两处是否一致。"
            )
            vals = {
                "text": fig.number,
                "actual": ref.actual,
                "snippet": fig.snippet,
                "sentence": fig.sentence,
                "indicator": ref.name,
                "table_path": ref.path,
                "table_label": f"{ref.table_label}指标“{ref.name}”实际完成值",
                "report_path": rt.path,
                **_where(r, fig.start, fig.end),
            }
            trace = f"报告{num(fig.number)}{fig.unit}，指标{num(ref.actual)}{ref.unit}"
            yield Finding("R19", "warning", msg, _loc(rt, vals), vals, trace)
