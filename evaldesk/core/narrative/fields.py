"""The live fields a report can carry: what they are called in the insert menu, and their current value.

Formatting (what a field prints): amounts in 万元 as ``money.format_plain`` (no thousands separator, at
least two decimals: ``623.74``, ``1194.60``), head-counts as whole numbers (``49``), computed rates with two
decimals (``95.92``), the total score with two decimals (``100.00``), the grade (``优``), the year (``2023``).
Fields with a fixed unit print **the number only** and the text writes the unit after it, as reports read
("基本支出为⟦…⟧万元", "总编制数⟦…⟧人"); :attr:`FieldDef.unit` names that unit. Indicator values print with the
unit the indicator states (``3755个``, ``100%``), because it differs from one indicator to the next.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from evaldesk.core import derived, model
from evaldesk.core.indicator_score import is_placeholder, parse
from evaldesk.core.money import format_plain, round_money, to_canonical
from evaldesk.core.narrative import keys
from evaldesk.core.scoring import ScoreSheet, TableScore, score_package

MISSING_TEXT = "【数据已删除】"
BLANK_TEXT = "【未填写】"
UNSCORED_TEXT = "【暂无法计算】"

_OVERALL_LABELS = derived.OVERALL_LABELS
_FUNDING_LABELS = dict(derived.FUNDING_COLUMNS)
_UNIT_LABELS = {"staff_authorized": "编制数", "staff_actual": "实际在职人数"}
_ROW_PREFIX = re.compile(r"^(?:其中[:：]|[0-9]+[、.．])\s*")
_IND_LABELS = {"target": "年度指标值", "actual": "实际完成值"}


@dataclass(frozen=True)
class FieldDef:
    """One entry of the insert menu: the stable key, its Chinese label and menu group, and the unit
    the text writes after it (``万元``, ``人``, ``%``, ``分`` or ``""``)."""

    key: str
    label: str  # e.g. 附件2·基本支出
    group: str  # e.g. 附件2 整体支出
    unit: str = ""


@dataclass(frozen=True)
class FieldValue:
    """A field resolved against a package: ``status`` is ``ok``, ``blank`` (the cell exists but is not
    filled, or cannot be computed) or ``missing`` (the target no longer exists); ``text`` is what prints."""

    status: str
    text: str
    value: Decimal | int | str | None = None


class Scores:
    """The score sheet, computed on first use only (most texts carry no score field)."""

    def __init__(self, pkg: model.Package, sheet: ScoreSheet | None = None) -> None:
        self.pkg, self._sheet = pkg, sheet

    def sheet(self) -> ScoreSheet:
        if self._sheet is None:
            self._sheet = score_package(self.pkg)
        return self._sheet

    def table(self, table: str) -> TableScore | None:
        s = self.sheet()
        return s.overall if table == "overall" else s.projects.get(table)


def _ok_amount(v: Decimal | None) -> FieldValue:
    return FieldValue("ok", format_plain(v), v) if v is not None else FieldValue("blank", BLANK_TEXT)


def _ok_count(v: int | None) -> FieldValue:
    return FieldValue("ok", str(v), v) if v is not None else FieldValue("blank", BLANK_TEXT)


def _ok_rate(v: Decimal | None) -> FieldValue:
    return FieldValue("ok", format_plain(v), v) if v is not None else FieldValue("blank", UNSCORED_TEXT)


MISSING = FieldValue("missing", MISSING_TEXT)


def _project(pkg: model.Package, pid: str) -> model.Project | None:
    return next((p for p in pkg.projects if p.id == pid), None)


def _line(pkg: model.Package, kind: str, name: str) -> model.NamedLine | None:
    lines = pkg.basic.special if kind == "special" else pkg.basic.transfer
    return next((ln for ln in lines if ln.name.strip() == name), None)


def _indicator(perf: model.Performance, name: str) -> model.Indicator | None:
    return next((i for i in perf.indicators if i.name.strip() == name and not is_placeholder(i)), None)


def indicator_text(raw: str) -> str:
    """An indicator value as it reads in a sentence: ``=3755个`` → ``3755个``, ``≥90%`` kept, text as typed."""
    v = parse(raw)
    if v.kind != "quant" or v.number is None:
        return raw.strip()
    op = "" if v.op in ("", "=") else v.op
    return f"{op}{to_canonical(v.number)}{v.unit}"


def _resolve(pkg: model.Package, seg: tuple[str, ...], scores: Scores) -> FieldValue:
    head, n = seg[0], len(seg)
    if head == "year" and n == 1:
        return FieldValue("ok", str(pkg.fiscal_year), pkg.fiscal_year) if pkg.fiscal_year else MISSING
    if head == "unit" and n == 2:
        u = pkg.unit
        if seg[1] == "name":
            return (
                FieldValue("ok", u.name.strip(), u.name.strip())
                if u.name.strip()
                else FieldValue("blank", BLANK_TEXT)
            )
        if seg[1] in _UNIT_LABELS:
            return _ok_count(getattr(u, seg[1]))
        if seg[1] == "control_rate":
            return _ok_rate(derived.control_rate(u).value)
    if head == "staff" and n == 2:
        line = next((s for s in pkg.unit.staff_by_type if s.kind.strip() == seg[1]), None)
        return MISSING if line is None else _ok_count(line.count)
    if head == "basic" and n == 3 and seg[1] in model.BASIC_ROW_KEYS and seg[2] in keys.COLUMNS:
        return _ok_amount(getattr(pkg.basic.row(seg[1]), seg[2]))
    if head in ("special", "transfer") and n == 3 and seg[2] in keys.COLUMNS:
        ln = _line(pkg, head, seg[1])
        return MISSING if ln is None else _ok_amount(getattr(ln, seg[2]))
    if head == "overall":
        f = pkg.overall_funding
        if n == 2 and seg[1] in model.OVERALL_AMOUNTS:
            return _ok_amount(getattr(f, seg[1]))
        if n == 2 and seg[1] == "rate":
            return _ok_rate(derived.execution_rate(f.total).value)
        if n == 3 and seg[1] == "total" and seg[2] in keys.FUNDING_COLUMNS:
            return _ok_amount(getattr(f.total, seg[2]))
    if head == "spent" and n == 2 and seg[1] in keys.SPENT:
        return _ok_amount(_spent(pkg, seg[1]))
    if head == "project" and n == 3:
        p = _project(pkg, seg[1])
        if p is None:
            return MISSING
        if seg[2] in keys.FUNDING_COLUMNS:
            return _ok_amount(getattr(p.funding.total, seg[2]))
        if seg[2] == "rate":
            return _ok_rate(derived.execution_rate(p.funding.total).value)
        if seg[2] == "name":
            return (
                FieldValue("ok", p.name.strip(), p.name.strip())
                if p.name.strip()
                else FieldValue("blank", BLANK_TEXT)
            )
    if head == "indicator" and n == 4 and seg[3] in _IND_LABELS:
        perf = pkg.overall if seg[1] == "overall" else getattr(_project(pkg, seg[1]), "performance", None)
        ind = _indicator(perf, seg[2]) if perf is not None else None
        if ind is None:
            return MISSING
        raw = getattr(ind, seg[3])
        return FieldValue("ok", indicator_text(raw), raw) if raw.strip() else FieldValue("blank", BLANK_TEXT)
    if head == "score" and n == 3 and seg[2] in ("total", "grade"):
        if seg[1] != "overall" and _project(pkg, seg[1]) is None:
            return MISSING
        ts = scores.table(seg[1])
        if ts is None:
            return MISSING
        if seg[2] == "grade":
            return FieldValue("ok", ts.grade, ts.grade) if ts.grade else FieldValue("blank", UNSCORED_TEXT)
        v = ts.total.value
        return _ok_rate(round_money(v) if v is not None else None)
    return MISSING


_SPENT_LABELS = {"basic": "基本支出决算", "personnel": "人员经费决算", "project": "项目支出决算"}


def _spent(pkg: model.Package, what: str) -> Decimal | None:
    if what == "basic":
        return derived.basic_spent(pkg).value
    if what == "personnel":
        return derived.personnel_spent(pkg).value
    return derived.project_spent(pkg.basic).value


def resolve_field(
    pkg: model.Package, key: str, sheet: ScoreSheet | None = None, *, scores: Scores | None = None
) -> FieldValue:
    """The field's current value and status; never raises (an unknown key is ``missing``)."""
    return _resolve(pkg, keys.split(key), scores or Scores(pkg, sheet))


def field_value(pkg: model.Package, key: str, sheet: ScoreSheet | None = None) -> str:
    """What the field prints now: ``623.74``; ``【数据已删除】`` when its target is gone, ``【未填写】`` when blank."""
    return resolve_field(pkg, key, sheet).text


def _table_label(pkg: model.Package, table: str) -> str:
    if table == "overall":
        return "附件2"
    p = _project(pkg, table)
    return f"附件3“{p.name.strip() or '（未命名项目）'}”" if p else "附件3（已删除的项目）"


def describe_key(pkg: model.Package, key: str) -> str:
    """A Chinese name for any key, even one whose target is gone: ``附件2指标“X”实际完成值``."""
    seg = keys.split(key)
    head, n, y = seg[0], len(seg), pkg.fiscal_year
    if head == "year":
        return "评价年度"
    if head == "unit" and n == 2:
        return {"name": "单位名称", "control_rate": "附件1·财政供养人员控制率"}.get(
            seg[1], f"附件1·{_UNIT_LABELS.get(seg[1], seg[1])}"
        )
    if head == "staff" and n == 2:
        return f"附件1·{seg[1]}"
    if head == "basic" and n == 3:
        label = model.BASIC_ROW_LABELS.get(seg[1], seg[1])
        return f"附件1·{_clean(label)}·{derived.column_label(y, seg[2])}"
    if head in ("special", "transfer") and n == 3:
        return f"附件1·{seg[1]}·{derived.column_label(y, seg[2])}"
    if head == "spent" and n == 2:
        return f"计算·{_SPENT_LABELS.get(seg[1], seg[1])}"
    if head == "overall" and n == 2:
        return "附件2·预算执行率" if seg[1] == "rate" else f"附件2·{_OVERALL_LABELS.get(seg[1], seg[1])}"
    if head == "overall" and n == 3:
        return f"附件2·年度资金总额·{_FUNDING_LABELS.get(seg[2], seg[2])}"
    if head == "project" and n == 3:
        what = {"rate": "预算执行率", "name": "项目名称", **_FUNDING_LABELS}.get(seg[2], seg[2])
        return f"{_table_label(pkg, seg[1])}·{what}"
    if head == "indicator" and n == 4:
        return f"{_table_label(pkg, seg[1])}指标“{seg[2]}”{_IND_LABELS.get(seg[3], seg[3])}"
    if head == "score" and n == 3:
        return f"{_table_label(pkg, seg[1])}·{'总分' if seg[2] == 'total' else '等级'}"
    return f"数据字段“{key}”"


def _clean(label: str) -> str:
    """``1、业务工作经费`` → ``业务工作经费``; ``其中：办公经费`` → ``办公经费``; ``项目支出：`` → ``项目支出``."""
    return _ROW_PREFIX.sub("", label.strip()).rstrip("：:")


def available_fields(pkg: model.Package) -> list[FieldDef]:
    """Every field the clerk can insert into this package's report, in menu order, grouped."""
    out: list[FieldDef] = []

    def add(key: str, group: str, unit: str = "") -> None:
        out.append(FieldDef(key, describe_key(pkg, key), group, unit))

    g = "年度与单位"
    add(keys.year(), g)
    add(keys.unit("name"), g)
    add(keys.unit("staff_authorized"), g, "人")
    add(keys.unit("staff_actual"), g, "人")
    add(keys.unit("control_rate"), g, "%")
    for s in pkg.unit.staff_by_type:
        if s.kind.strip():
            add(keys.staff(s.kind), g, "人")
    g = "附件2 整体支出"
    for col in keys.FUNDING_COLUMNS:
        add(keys.overall("total", col), g, "万元")
    add(keys.overall("rate"), g, "%")
    for fld in ("expend_basic", "personnel", "expend_project", *model.OVERALL_AMOUNTS[:6]):
        add(keys.overall(fld), g, "万元")
    add(keys.score("overall", "total"), g, "分")
    add(keys.score("overall", "grade"), g)
    g = "附件1 经费控制情况"
    for row in model.BASIC_ROW_KEYS:
        for col in keys.COLUMNS:
            add(keys.basic(row, col), g, "万元")
    for kind, lines in (("special", pkg.basic.special), ("transfer", pkg.basic.transfer)):
        for ln in lines:
            if ln.name.strip():
                for col in keys.COLUMNS:
                    add(keys.line(kind, ln.name, col), g, "万元")
    g = "决算数（计算）"
    for what in keys.SPENT:
        add(keys.spent(what), g, "万元")
    tables: list[tuple[str, model.Performance]] = [("overall", pkg.overall)]
    for p in pkg.projects:
        g = _table_label(pkg, p.id)
        add(keys.project(p.id, "name"), g)
        for col in keys.FUNDING_COLUMNS:
            add(keys.project(p.id, col), g, "万元")
        add(keys.project(p.id, "rate"), g, "%")
        add(keys.score(p.id, "total"), g, "分")
        add(keys.score(p.id, "grade"), g)
        tables.append((p.id, p.performance))
    for table, perf in tables:
        g = f"{_table_label(pkg, table)}绩效指标"
        seen: set[str] = set()
        for ind in perf.indicators:
            name = ind.name.strip()
            if is_placeholder(ind) or not name or name in seen:
                continue
            seen.add(name)
            for fld in ("target", "actual"):
                add(keys.indicator(table, name, fld), g)
    return out


FIELDS: Callable[[model.Package], list[FieldDef]] = available_fields
"""Alias of :func:`available_fields` (the issue's name for the catalogue)."""
