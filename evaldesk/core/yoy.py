"""Year over year: this year's package beside last year's.

``compare_years`` returns findings — ``Y1`` an amount that changed sharply, ``Y2`` a figure identical to
last year's where that is unlikely (a copied row), ``Y3`` a Y−1年决算数 that differs from what last year's
package reported — and ``yoy_rows`` the rows of a comparison view. ``stale_copy_findings`` is the lint
that needs no previous package: a 附件1 row whose Y年决算数 equals its Y−1年决算数 exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from evaldesk.core import model, money, targets
from evaldesk.core.edits import Path
from evaldesk.core.findings import Finding, Location

SHARP_CHANGE = "Y1"
STALE_COPY = "Y2"
PREV_MISMATCH = "Y3"
STALE_LINT = "L8"  # reported by 审核 as lint L8

# Small counts (1起, 4次演练) repeat from year to year by nature; only larger ones suggest a copied value.
MIN_COUNT = Decimal("10")

# Rows that are sums of other rows: a copied total follows from copied lines, which are reported instead.
_TOTAL_ROWS = frozenset({"sangong", "car", "project"})
# Units of indicator values that are not counts of work done: rates, money, points in time, scores.
_NOT_COUNT_UNITS = frozenset(
    {"%", "‰", "万元", "元", "亿元", "年", "年度", "月", "月份", "日", "周", "季度", "小时", "分钟", "分",
     "个百分点", "百分点", ""}
)  # fmt: skip
_YEAR_IN_NAME = re.compile(r"(?:19|20)[0-9]{2}\s*年度?")
_ROW_NUMBER = re.compile(r"^\s*(?:[0-9]+、|其中[:：])\s*|[:：]\s*$")


@dataclass(frozen=True)
class Thresholds:
    """When a change counts as sharp (Y1): by more than ``ratio`` of last year's amount *and* at least
    ``min_change`` 万元 (both conditions, so that small amounts do not raise noise)."""

    ratio: Decimal = Decimal("0.5")
    min_change: Decimal = Decimal("10")


@dataclass(frozen=True)
class YoyRow:
    """One row of the comparison view; ``change_pct`` is a percent value (None when last year was 0/blank)."""

    group: str  # 附件1 / 区级专项 / 上级转移支付 / 附件2 / 附件3
    label: str
    last: Decimal | None  # last year's Y年决算数 / 全年执行数
    this: Decimal | None
    change: Decimal | None
    change_pct: Decimal | None
    path: Path = ()  # this year's cell (empty when the line is gone this year)


@dataclass(frozen=True)
class _Item:
    """An amount compared across the years: the actual plus the row's other figures, per year."""

    group: str
    name: str  # in the comparison view: 三公经费, 区级专项“仓田消防站”
    label: str  # in messages: 附件1“三公经费”
    part: str
    project_id: str
    path: Path  # this year's actual cell; () when the line is gone this year
    prev_actual: Decimal | None
    cur_actual: Decimal | None
    prev_others: tuple[Decimal | None, ...]  # (Y−1年决算数, Y年预算数) or (年初预算数, 全年预算数)
    cur_others: tuple[Decimal | None, ...]


def row_label(key: str) -> str:
    """A 附件1 row's name without its numbering: ``1、公务用车购置和维护经费`` → ``公务用车购置和维护经费``."""
    return _ROW_NUMBER.sub("", model.BASIC_ROW_LABELS.get(key, key))


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _match_key(name: str) -> str:
    """Names match across years with their year removed (``2023年省级…专项`` is ``2024年省级…专项``)."""
    return _YEAR_IN_NAME.sub("", _norm(name))


def _pair_lines(
    prev: list[model.NamedLine], cur: list[model.NamedLine]
) -> Iterator[tuple[int | None, int | None]]:
    """(prev index, cur index) of lines with matching names, this year's order, then lines gone."""
    used: set[int] = set()
    for ci, line in enumerate(cur):
        for key in (_norm(line.name), _match_key(line.name)):
            pi = next(
                (
                    i
                    for i, p in enumerate(prev)
                    if i not in used and key and key in (_norm(p.name), _match_key(p.name))
                ),
                None,
            )
            if pi is not None:
                used.add(pi)
                yield pi, ci
                break
        else:
            yield None, ci
    for pi in range(len(prev)):
        if pi not in used:
            yield pi, None


def _pair_projects(prev: model.Package, cur: model.Package) -> Iterator[tuple[model.Project, model.Project]]:
    by_id = {p.id: p for p in prev.projects}
    by_name = {_match_key(p.name): p for p in prev.projects}
    for p in cur.projects:
        old = by_id.get(p.id)
        if old is None or _match_key(old.name) != _match_key(p.name):
            old = by_name.get(_match_key(p.name))
        if old is not None:
            yield old, p


def _triple_item(group: str, name: str, label: str, path: Path, a: model.Triple, b: model.Triple) -> _Item:
    return _Item(
        group, name, label, "basic", "", path, a.actual, b.actual, (a.prev, a.budget), (b.prev, b.budget)
    )


def _funding_item(
    group: str, name: str, label: str, pid: str, path: Path, a: model.FundingRow, b: model.FundingRow
) -> _Item:
    part = "project" if pid else "overall"
    return _Item(
        group, name, label, part, pid, path, a.executed, b.executed, (a.initial, a.full), (b.initial, b.full)
    )


def _items(prev: model.Package, cur: model.Package) -> list[_Item]:
    """Every amount compared between the two years, in form order."""
    out: list[_Item] = []
    for key in model.BASIC_ROW_KEYS:
        a, b = prev.basic.rows.get(key, model.Triple()), cur.basic.rows.get(key, model.Triple())
        name = row_label(key)
        out.append(_triple_item("附件1", name, f"附件1“{name}”", ("basic", "rows", key, "actual"), a, b))
        if key != "project_operation":
            continue
        # The 区级专项 and 上级转移支付 lines sit after 运行维护经费 on the form.
        for group, title in (("special", "区级专项"), ("transfer", "上级转移支付")):
            pl, cl = getattr(prev.basic, group), getattr(cur.basic, group)
            for pi, ci in _pair_lines(pl, cl):
                a2 = pl[pi].triple() if pi is not None else model.Triple()
                b2 = cl[ci].triple() if ci is not None else model.Triple()
                named = cl[ci] if ci is not None else pl[pi] if pi is not None else model.NamedLine()
                line = f"{title}“{named.name.strip()}”"
                path: Path = ("basic", group, ci, "actual") if ci is not None else ()
                out.append(_triple_item(title, line, f"附件1{line}", path, a2, b2))
    total = ("overall_funding", "total", "executed")
    out.append(_funding_item("附件2", "年度资金总额", "附件2“年度资金总额”", "", total, prev.overall_funding.total,
                             cur.overall_funding.total))  # fmt: skip
    for old, p in _pair_projects(prev, cur):
        path = ("projects", p.id, "funding", "total", "executed")
        out.append(_funding_item("附件3", p.name, f"附件3“{p.name}”年度资金总额", p.id, path, old.funding.total,
                                 p.funding.total))  # fmt: skip
    return out


def _what(item: _Item, year: int) -> str:
    return f"{year}年决算数" if item.part == "basic" else f"{year}年全年执行数"


def _pct(change: Decimal, base: Decimal) -> Decimal | None:
    return None if base == 0 else money.round_money(change / abs(base) * 100)


def _sharp(item: _Item, cur_year: int, t: Thresholds) -> Finding | None:
    a, b = item.prev_actual, item.cur_actual
    if a is None or b is None:
        return None
    change = b - a
    if abs(change) < t.min_change or (a != 0 and abs(change) <= t.ratio * abs(a)):
        return None
    direction = "增加" if change > 0 else "减少"
    pct = _pct(change, a)
    share = f"（{money.format_percent(abs(pct))}）" if pct is not None else "（上年为0）"
    message = (
        f"{item.label}：{_what(item, cur_year)}{money.format_amount(b)}万元，较上年（{_what(item, cur_year - 1)}"
        f"{money.format_amount(a)}万元）{direction}{money.format_amount(abs(change))}万元{share}，变化较大。"
        "请核对数据，并在自评报告中说明原因。"
    )
    return Finding(
        SHARP_CHANGE,
        "hint",
        message,
        Location(item.part, item.path, item.project_id, item.label),
        {"last": a, "this": b, "change": change, "change_pct": pct},
        f"{money.format_plain(b)} − {money.format_plain(a)} = {money.format_plain(change)}",
    )


def _stale(item: _Item, cur_year: int) -> Finding | None:
    a, b = item.prev_actual, item.cur_actual
    if a is None or b is None or b == 0 or a != b or not item.path:
        return None
    pairs = [
        (x, y)
        for x, y in zip(item.prev_others, item.cur_others, strict=True)
        if x is not None and y is not None
    ]
    whole_row = bool(pairs) and all(x == y for x, y in pairs)
    if whole_row:
        severity, tail = "warning", "整行数据都与上年自评包相同，可能是沿用了上年的表格。请填写本年度的数据。"
    else:
        severity, tail = "hint", "这种情况较少见，请确认是否为本年度的数据。"
    message = (
        f"{item.label}：{_what(item, cur_year)}{money.format_amount(b)}万元，与上年（{_what(item, cur_year - 1)}"
        f"{money.format_amount(a)}万元）完全相同，{tail}"
    )
    return Finding(
        STALE_COPY,
        severity,
        message,
        Location(item.part, item.path, item.project_id, item.label),
        {"last": a, "this": b, "whole_row": whole_row},
    )


def _prev_mismatch(item: _Item, cur_year: int) -> Finding | None:
    """This year's Y−1年决算数 column against the Y年决算数 last year's package reported (附件1 only)."""
    if item.part != "basic" or not item.path:
        return None
    reported, written = item.prev_actual, item.cur_others[0]
    if reported is None or written is None or reported == written:
        return None
    path = (*item.path[:-1], "prev")
    message = (
        f"{item.label}：本表的{cur_year - 1}年决算数填为{money.format_amount(written)}万元，"
        f"但{cur_year - 1}年度自评包中的{cur_year - 1}年决算数为{money.format_amount(reported)}万元，两者应一致。"
        "请核对后修改其中之一。"
    )
    return Finding(
        PREV_MISMATCH,
        "warning",
        message,
        Location("basic", path, "", item.label),
        {"written": written, "reported": reported},
        f"{money.format_plain(written)} − {money.format_plain(reported)} = {money.format_plain(written - reported)}",
    )


def _count_value(text: str) -> targets.Value | None:
    """The value when ``text`` is a plain count large enough that repeating it exactly is unlikely."""
    v = targets.parse_value(text)
    if v.kind != "quant" or v.op not in ("", "=") or v.problems or v.number is None or v.number < MIN_COUNT:
        return None
    return None if v.unit in _NOT_COUNT_UNITS or targets.is_year_value(v) else v


def _indicator_findings(prev: model.Package, cur: model.Package) -> list[Finding]:
    """Y2 for indicator actuals: a count achieved exactly as last year (same 二级 heading and name)."""
    tables: list[tuple[model.Performance, model.Performance, str, str, Path, str]] = [
        (prev.overall, cur.overall, "overall", "", ("overall",), "附件2")
    ]
    for old, p in _pair_projects(prev, cur):
        tables.append(
            (
                old.performance,
                p.performance,
                "project",
                p.id,
                ("projects", p.id, "performance"),
                f"附件3“{p.name}”",
            )
        )
    out: list[Finding] = []
    for a_perf, b_perf, part, pid, prefix, table in tables:
        last: dict[tuple[str, str], model.Indicator] = {}
        for ind in a_perf.indicators:
            last.setdefault((_norm(ind.level2), _match_key(ind.name)), ind)
        for i, ind in enumerate(b_perf.indicators):
            before = last.get((_norm(ind.level2), _match_key(ind.name)))
            if before is None:
                continue
            va, vb = _count_value(before.actual), _count_value(ind.actual)
            if va is None or vb is None or va.number != vb.number or va.unit != vb.unit:
                continue
            label = f"{table}指标“{ind.name.strip()}”"
            message = (
                f"{label}：实际完成值“{ind.actual.strip()}”与上年的实际完成值“{before.actual.strip()}”完全相同。"
                "工作量类指标连续两年完全一致的情况较少见，请确认填写的是本年度的实际完成值。"
            )
            path = (*prefix, "indicators", i, "actual")
            out.append(
                Finding(
                    STALE_COPY,
                    "hint",
                    message,
                    Location(part, path, pid, label),
                    {"last": before.actual, "this": ind.actual},
                )
            )
    return out


def compare_years(
    prev: model.Package, cur: model.Package, thresholds: Thresholds | None = None
) -> list[Finding]:
    """Findings Y1 (sharp change), Y2 (copied from last year) and Y3 (Y−1年决算数 ≠ last year's report)."""
    t = thresholds or Thresholds()
    out: list[Finding] = []
    for item in _items(prev, cur):
        for f in (_prev_mismatch(item, cur.fiscal_year), _sharp(item, cur.fiscal_year, t)):
            if f is not None:
                out.append(f)
        if not item.path or item.path[:3] not in {("basic", "rows", k) for k in _TOTAL_ROWS}:
            stale = _stale(item, cur.fiscal_year)
            if stale is not None:
                out.append(stale)
    return out + _indicator_findings(prev, cur)


def yoy_rows(prev: model.Package, cur: model.Package) -> list[YoyRow]:
    """The comparison view: last year's and this year's Y年决算数 (附件1) and 全年执行数 (附件2, 附件3)."""
    rows: list[YoyRow] = []
    for item in _items(prev, cur):
        a, b = item.prev_actual, item.cur_actual
        change = b - a if a is not None and b is not None else None
        pct = _pct(change, a) if change is not None and a is not None else None
        rows.append(YoyRow(item.group, item.name, a, b, change, pct, item.path))
    return rows


def stale_copy_findings(pkg: model.Package) -> list[Finding]:
    """Lint L8 (hint): a 附件1 line whose Y年决算数 equals its Y−1年决算数 exactly and is not zero."""
    y = pkg.fiscal_year
    cells: list[tuple[str, Path, Decimal | None, Decimal | None]] = []
    for key in model.BASIC_ROW_KEYS:
        if key not in _TOTAL_ROWS:
            row = pkg.basic.rows.get(key, model.Triple())
            cells.append((f"附件1“{row_label(key)}”", ("basic", "rows", key, "actual"), row.prev, row.actual))
    for group, title in (("special", "区级专项"), ("transfer", "上级转移支付")):
        for i, line in enumerate(getattr(pkg.basic, group)):
            cells.append(
                (f"附件1{title}“{line.name.strip()}”", ("basic", group, i, "actual"), line.prev, line.actual)
            )
    out: list[Finding] = []
    for label, path, prev, actual in cells:
        if prev is None or actual is None or actual == 0 or prev != actual:
            continue
        message = (
            f"{label}：{y}年决算数{money.format_amount(actual)}万元与{y - 1}年决算数{money.format_amount(prev)}万元"
            "完全相同。两年决算金额一分不差的情况较少见，请确认没有把上年的数据抄到本年。"
        )
        out.append(
            Finding(
                STALE_LINT,
                "hint",
                message,
                Location("basic", path, "", label),
                {"prev": prev, "actual": actual},
            )
        )
    return out


def columns_as_years(pkg: model.Package) -> tuple[model.Package, model.Package]:
    """附件1 as two packages — its Y−1年决算数 column as "last year" — so that ``yoy`` compares the columns.

    Blank line names get a placeholder so that lines pair by position (paths are by position anyway).
    """
    prev = model.Package(fiscal_year=pkg.fiscal_year - 1, unit=pkg.unit)
    cur = model.Package(fiscal_year=pkg.fiscal_year, unit=pkg.unit)
    for key in model.BASIC_ROW_KEYS:
        t = pkg.basic.rows.get(key, model.Triple())
        prev.basic.rows[key] = model.Triple(actual=t.prev)
        cur.basic.rows[key] = model.Triple(t.prev, t.budget, t.actual)
    for group in ("special", "transfer"):
        for i, line in enumerate(getattr(pkg.basic, group)):
            name = line.name.strip() or f"（第{i + 1}行）"
            getattr(prev.basic, group).append(model.NamedLine(name, actual=line.prev))
            getattr(cur.basic, group).append(model.NamedLine(name, line.prev, line.budget, line.actual))
    return prev, cur
