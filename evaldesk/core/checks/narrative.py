"""The report against the tables (first version): amounts (R17), years (R18), counts and rates (R19).

R17 binds each ``…万元`` figure in the report to a table figure by the words before it (基本支出,
人员经费, 商品和服务支出/公用经费, 项目支出, 三公经费, the names of 附件1's project lines …) and compares
it with the matching column (the year written in the sentence picks Y−1 or Y; none means Y).
R19 only compares a count written right after an indicator's own name (``排查各类安全隐患3755个``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from evaldesk.core import model, narrative_figures
from evaldesk.core.checks.common import basic_row_name, clean_label, num, perf_loc, table_name, tables
from evaldesk.core.checks.registry import Context, rule
from evaldesk.core.derived import amt, column_label
from evaldesk.core.findings import Finding, Location
from evaldesk.core.indicator_score import is_placeholder, parse
from evaldesk.core.targets import is_year_value

_COMPARATIVE = ("较", "比", "与", "自", "从", "至", "同", "于")


@dataclass(frozen=True)
class Binding:
    """A table figure the report may state: the words that name it and its values by column."""

    aliases: tuple[str, ...]
    table_label: str  # e.g. 附件1“公用经费”
    values: dict[str, Decimal | None]  # prev / budget / actual


def _triple(t: model.Triple) -> dict[str, Decimal | None]:
    return {"prev": t.prev, "budget": t.budget, "actual": t.actual}


def bindings(pkg: model.Package) -> list[Binding]:
    """What the report's amounts are compared with (longest alias wins when several match)."""
    f, b = pkg.overall_funding, pkg.basic
    out = [
        Binding(("基本支出",), "附件2“基本支出”", {"actual": f.expend_basic}),
        Binding(("人员经费",), "附件2“人员经费”", {"actual": f.personnel}),
        Binding(("商品和服务支出", "公用经费"), "附件1“公用经费”", _triple(b.row("public"))),
        Binding(("项目支出",), "附件1“项目支出”", _triple(b.row("project"))),
        Binding(("三公经费",), "附件1“三公经费”", _triple(b.row("sangong"))),
        Binding(("公务接待",), "附件1“公务接待”", _triple(b.row("reception"))),
        Binding(("公务用车购置和维护",), "附件1“公务用车购置和维护经费”", _triple(b.row("car"))),
        Binding(("政府采购",), "附件1“政府采购金额”", _triple(b.row("procurement"))),
        Binding(("年度资金总额",), "附件2“年度资金总额”全年预算数", {"actual": f.total.full}),
    ]
    names = set()
    for key in ("project_business", "project_operation"):
        names.add(basic_row_name(key))
        out.append(Binding((basic_row_name(key),), f"附件1“{basic_row_name(key)}”", _triple(b.row(key))))
    for ln in (*b.special, *b.transfer):
        if len(ln.name.strip()) >= 2:
            names.add(ln.name.strip())
            out.append(Binding((ln.name.strip(),), f"附件1“{ln.name.strip()}”", _triple(ln.triple())))
    for p in pkg.projects:
        if len(p.name.strip()) >= 2 and p.name.strip() not in names:
            out.append(
                Binding((p.name.strip(),), f"{table_name(p)}全年执行数", {"actual": p.funding.total.executed})
            )
    return out


def _match(label: str, binds: list[Binding]) -> Binding | None:
    best, best_len = None, 0
    for bd in binds:
        for a in bd.aliases:
            if a in label and len(a) > best_len:
                best, best_len = bd, len(a)
    return best


def _loc(rt: narrative_figures.ReportText) -> Location:
    return Location("report", rt.path, "", f"自评报告“{rt.title}”")


@rule("R17")
def report_amounts(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    y = ctx.year
    binds = bindings(pkg)
    for rt in narrative_figures.report_texts(pkg):
        for fig in narrative_figures.amounts(rt.text):
            bd = _match(fig.label, binds)
            if bd is None:
                continue
            col = "prev" if fig.year == y - 1 else "actual" if fig.year in (None, y) else None
            table = bd.values.get(col) if col else None
            if table is None or col is None:
                continue
            diff = fig.number - table
            sev = ctx.money_severity(diff)
            if sev is None:
                continue
            col_name = column_label(y, col) if "prev" in bd.values else ""  # 附件2 figures have one column
            extra = ""
            for other, v in bd.values.items():
                if other != col and v is not None and v == fig.number:
                    extra = f"；{amt(fig.number)}是{column_label(y, other)}，疑为误用了该列数字"
                    break
            msg = (
                f"自评报告“{rt.title}”写有“{fig.snippet}”，与{bd.table_label}{col_name}{amt(table)}不一致"
                f"（相差{amt(abs(diff))}）{extra}。"
            )
            yield Finding(
                "R17",
                sev,
                msg,
                _loc(rt),
                {"text": fig.number, "table": table, "snippet": fig.snippet, "column": col},
                f"{amt(fig.number)} − {amt(table)} = {amt(diff)}",
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
    for rt in narrative_figures.report_texts(pkg):
        for year, start, _end in narrative_figures.years_with_du(rt.text):
            if year in (y, y + 1) or any(c in rt.text[max(0, start - 2) : start] for c in _COMPARATIVE):
                continue
            yield Finding(
                "R18",
                "warning",
                f"自评报告“{rt.title}”写的是“{year}年度”，本自评包是{y}年度，请核实。",
                _loc(rt),
                {"written": year, "year": y},
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
                written = _year_of(text)
                if written is not None and written != y:
                    what = "年度指标值" if field == "target" else "实际完成值"
                    yield Finding(
                        "R18",
                        "warning",
                        f"{table_name(p)}指标“{ind.name.strip()}”：{what}为“{text.strip()}”，"
                        f"本自评包是{y}年度。",
                        perf_loc(p, "indicators", i, field, label=f"{table_name(p)}指标“{ind.name.strip()}”"),
                        {"written": written, "year": y},
                    )


@lru_cache(maxsize=8192)
def _year_of(text: str) -> int | None:
    """The year of a value like ``2023年`` (a year as target), else ``None``."""
    v = parse(text)
    return int(v.number) if is_year_value(v) and v.number is not None else None


@lru_cache(maxsize=8192)
def _core_name(name: str) -> str:
    s = clean_label(name.strip())
    for suffix in ("个数", "起数", "次数", "人数", "户数", "家数", "数量", "数"):
        if s.endswith(suffix) and len(s) - len(suffix) >= 4:
            return s[: -len(suffix)]
    return s


@lru_cache(maxsize=16)
def _count_index(
    texts: tuple[narrative_figures.ReportText, ...],
) -> dict[tuple[str, str], list[tuple[narrative_figures.ReportText, narrative_figures.TextFigure]]]:
    """Counts in the report by (every ending of their label of 4+ characters, unit)."""
    index: dict[tuple[str, str], list[tuple[narrative_figures.ReportText, narrative_figures.TextFigure]]] = {}
    for rt in texts:
        for fig in narrative_figures.counts(rt.text):
            for k in range(4, len(fig.label) + 1):
                index.setdefault((fig.label[-k:], fig.unit), []).append((rt, fig))
    return index


@rule("R19")
def report_facts(pkg: model.Package, ctx: Context) -> Iterator[Finding]:
    index = _count_index(tuple(narrative_figures.report_texts(pkg)))
    if not index:
        return
    for p, perf in tables(pkg):
        for i, ind in enumerate(perf.indicators):
            a = parse(ind.actual)
            if is_placeholder(ind) or a.kind != "quant" or a.number is None:
                continue
            unit = a.unit or parse(ind.target).unit
            for rt, fig in index.get((_core_name(ind.name), unit), ()):
                if fig.number != a.number:
                    yield Finding(
                        "R19",
                        "warning",
                        f"自评报告“{rt.title}”写有“{fig.snippet}”，而{table_name(p)}指标“{ind.name.strip()}”"
                        f"的实际完成值为“{ind.actual.strip()}”，请核实两处是否一致。",
                        perf_loc(
                            p, "indicators", i, "actual", label=f"{table_name(p)}指标“{ind.name.strip()}”"
                        ),
                        {"text": fig.number, "actual": a.number, "report_path": rt.path},
                        f"报告{num(fig.number)}{fig.unit}，指标{num(a.number)}{unit}",
                    )
