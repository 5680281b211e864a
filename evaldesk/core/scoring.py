"""Scoring: package + rule set → a score sheet where every number carries its trace (domain.md §2).

* 预算执行率 (附件2 and each 附件3): 执行率 = 全年执行数 ÷ 全年预算数, rounded half-up to 0.01%;
  score = 分值 × the rule set's curve at that rate (default: 分值 × min(执行率, 100%)), rounded to 0.01.
  Only the 年度资金总额 row is scored; the 其中 rows get a rate and ``Score(None, None, …)``.
* Indicators: :mod:`evaldesk.core.indicator_score` (quantitative by direction, qualitative by band,
  overrides with a reason).
* Subtotals per 一级 (max = the rule set's weight) and per 二级 (max = Σ 分值 of its rows); total =
  执行率得分 + Σ indicator 得分, rounded half-up to 0.01. Any score that cannot be computed makes the
  subtotals and total that contain it ``None``, and the trace names it.
* A total above the rule set's maximum (only possible when the 分值 add to more than it) gets no grade.
* Grade on the total **rounded to 0.01**: 89.995 rounds to 90.00 → 优 (the printed total is what a
  reviewer grades); 89.5 → 良. The thresholds are rule-set data.

Indicator scores and table sums are memoised on what they depend on, so rescoring after one edit
only recomputes what changed (results are immutable or fresh containers). Scoring never raises on
clerk data; the problems it meets travel as :class:`ScoreIssue` values for the checks to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from evaldesk.core import derived, model, rulesets
from evaldesk.core.derived import pct
from evaldesk.core.indicator_score import is_placeholder, n, pts, score_indicator
from evaldesk.core.money import format_score, round_money

# The score values live in score_types (indicator_score builds them too); callers import them from here.
from evaldesk.core.score_types import IndicatorScore as IndicatorScore
from evaldesk.core.score_types import Score as Score
from evaldesk.core.score_types import ScoreIssue as ScoreIssue


@dataclass(frozen=True)
class FundingScore:
    """执行率 and its score for one funding row."""

    rate: Decimal | None  # percent, e.g. Decimal('100.00'); None when 全年预算数 is blank or 0
    rate_trace: str
    score: Score  # only the 年度资金总额 row carries 分值/得分; 其中 rows have Score(None, None, …)


@dataclass
class TableScore:
    """附件2 or one 附件3: the funding block, the indicator table, subtotals, total, grade."""

    funding: FundingScore  # 年度资金总额
    funding_rows: dict[str, FundingScore] = field(
        default_factory=dict
    )  # 附件3 其中 rows: current/carryover/other
    indicators: list[IndicatorScore] = field(default_factory=list)
    by_level1: dict[str, Score] = field(default_factory=dict)  # 一级 name → subtotal (max = its weight)
    by_level2: dict[tuple[str, str], Score] = field(default_factory=dict)
    total: Score = Score(None, Decimal(100), "")
    grade: str = ""  # 优 / 良 / 中 / 差, "" when the total cannot be computed


@dataclass
class ScoreSheet:
    overall: TableScore
    projects: dict[str, TableScore]  # by project id
    ruleset_id: str = rulesets.DEFAULT_ID  # the rule set actually used
    ruleset_problem: str = ""  # non-empty when the package's rule set was unknown (fallback used)


def score_funding(row: model.FundingRow, weight: Decimal | None, rs: rulesets.RuleSet) -> FundingScore:
    """执行率 of one funding row, and its score when ``weight`` is given (the 年度资金总额 row)."""
    fig = derived.execution_rate(row)
    if weight is None:
        return FundingScore(fig.value, fig.trace, Score(None, None, "其中行不计分"))
    if fig.value is None:
        return FundingScore(None, fig.trace, Score(None, weight, f"{fig.trace}，无法计分"))
    share = rs.rate_share(fig.value)
    value = round_money(min(max(weight * share, Decimal(0)), weight))
    note = ""
    if fig.value > 100:
        note = "（执行率超过100%，按100%计；执行数大于预算数应核实）"
    elif share * 100 != fig.value:
        note = f"（按规则集执行率曲线，{pct(fig.value)}对应得分比例{pct(share * 100)}）"
    trace = f"{fig.trace} → {n(weight)} × {pct(min(share * 100, Decimal(100)))} = {pts(value)}{note}"
    return FundingScore(fig.value, fig.trace, Score(value, weight, trace))


# One indicator in a subtotal: (its label for messages, its final score, the score as printed or None).
_Item = tuple[str, Score, str | None]


def _subtotal(title: str, items: list[_Item], max_: Decimal | None) -> Score:
    missing = [label for label, s, _ in items if s.value is None]
    if missing:
        return Score(None, max_, f"{title}：{'、'.join(missing)}未能计分，合计暂无法计算")
    total = sum((s.value for _, s, _ in items if s.value is not None), Decimal(0))
    terms = " + ".join(text for _, _, text in items if text is not None) or "0"
    return Score(round_money(total), max_, f"{title} = {terms} = {pts(total)}")


def score_table(
    perf: model.Performance,
    funding: model.FundingRow,
    rs: rulesets.RuleSet,
    other_rows: dict[str, model.FundingRow] | None = None,
) -> TableScore:
    """Score 附件2 or one 附件3: funding, indicators, subtotals per 一级/二级, total and grade."""
    scored = [score_indicator(i, ind, rs) for i, ind in enumerate(perf.indicators)]
    # Rescoring after an edit mostly meets unchanged tables: the indicator scores are the very same
    # (memoised) objects, so the table's sums can be reused when the rows and amounts are unchanged too.
    key = (
        rs,
        _row_key(funding),
        tuple((k, _row_key(r)) for k, r in (other_rows or {}).items()),
        tuple(map(id, scored)),
        tuple((ind.level1, ind.level2, ind.weight, ind.name) for ind in perf.indicators),
    )
    hit = _TABLE_MEMO.get(key)
    if hit is not None and all(a is b for a, b in zip(hit.indicators, scored, strict=True)):
        return TableScore(
            hit.funding,
            dict(hit.funding_rows),
            scored,
            dict(hit.by_level1),
            dict(hit.by_level2),
            hit.total,
            hit.grade,
        )
    ts = _score_table(perf, funding, rs, other_rows, scored)
    if len(_TABLE_MEMO) >= 4096:
        _TABLE_MEMO.clear()
    _TABLE_MEMO[key] = ts
    return TableScore(
        ts.funding, dict(ts.funding_rows), scored, dict(ts.by_level1), dict(ts.by_level2), ts.total, ts.grade
    )


_TABLE_MEMO: dict[tuple[object, ...], TableScore] = {}


def _row_key(r: model.FundingRow) -> tuple[Decimal | None, Decimal | None]:
    return (r.full, r.executed)


def _score_table(
    perf: model.Performance,
    funding: model.FundingRow,
    rs: rulesets.RuleSet,
    other_rows: dict[str, model.FundingRow] | None,
    scored: list[IndicatorScore],
) -> TableScore:
    fs = score_funding(funding, rs.execution_weight, rs)
    rows = {k: score_funding(r, None, rs) for k, r in (other_rows or {}).items()}
    groups1: dict[str, list[_Item]] = {name: [] for name in rs.level1_names or rs.level1}
    rows1: dict[str, Decimal] = {}  # Σ 分值 per 一级: the maximum of a 一级 whose weight is left open
    groups2: dict[tuple[str, str], list[_Item]] = {}
    weights2: dict[tuple[str, str], Decimal] = {}
    missing = [] if fs.score.value is not None else ["执行率"]
    for sc, ind in zip(scored, perf.indicators, strict=True):
        if sc.kind == "blank" and sc.final.max is None and is_placeholder(ind):
            continue  # an empty row; a named one cut short is missing, not zero
        v = sc.final.value
        if v is None:
            label = f"“{ind.name.strip() or f'第{sc.index + 1}行'}”"
            missing.append(label)
            item: _Item = (label, sc.final, None)
        else:
            item = ("", sc.final, format_score(v))
        groups1.setdefault(ind.level1, []).append(item)
        rows1[ind.level1] = rows1.get(ind.level1, Decimal(0)) + (ind.weight or 0)
        key = (ind.level1, ind.level2)
        groups2.setdefault(key, []).append(item)
        weights2[key] = weights2.get(key, Decimal(0)) + (ind.weight or 0)
    level1_w = rs.level1
    open1 = set(rs.level1_names) - set(level1_w)
    by1 = {
        name: _subtotal(
            name or "（未填一级指标）",
            items,
            rows1.get(name, Decimal(0)) if name in open1 else level1_w.get(name),
        )
        for name, items in groups1.items()
    }
    by2 = {
        key: _subtotal(key[1] or "（未填二级指标）", items, weights2[key]) for key, items in groups2.items()
    }
    if missing:
        total = Score(None, rs.total, f"总分：{'、'.join(missing)}未能计分，总分暂无法计算")
        return TableScore(fs, rows, scored, by1, by2, total, "")
    parts = [("执行率", fs.score)] + [(name, s) for name, s in by1.items()]
    value = round_money(sum((s.value for _, s in parts if s.value is not None), Decimal(0)))
    terms = " + ".join(f"{name}{format_score(s.value)}" for name, s in parts if s.value is not None)
    if value > rs.total:
        # Scores never exceed their weights, so a sum above the maximum means the 分值 themselves add to
        # more than the maximum (R13): the total is shown as the arithmetic gives it, never graded.
        trace = f"总分 = {terms} = {pts(value)}，超过满分{n(rs.total)}分（分值合计有误），不评定等级"
        return TableScore(fs, rows, scored, by1, by2, Score(value, rs.total, trace), "")
    g = rs.grade(value)
    total = Score(value, rs.total, f"总分 = {terms} = {pts(value)} → {g}")
    return TableScore(fs, rows, scored, by1, by2, total, g)


def score_package_with(pkg: model.Package, rs: rulesets.RuleSet) -> ScoreSheet:
    """Score the whole package with the given rule set."""
    overall = score_table(pkg.overall, pkg.overall_funding.total, rs)
    projects = {p.id: score_project(p, rs) for p in pkg.projects}
    return ScoreSheet(overall, projects, rs.id)


def score_project(p: model.Project, rs: rulesets.RuleSet) -> TableScore:
    """Score one 附件3. 执行率 comes from the rows that carry the money: a blank or 0 年度资金总额 column
    is the sum of the 其中 rows (``derived.effective_total``)."""
    f = p.funding
    row, note = derived.effective_total(f)
    ts = score_table(
        p.performance, row, rs, {"current": f.current, "carryover": f.carryover, "other": f.other}
    )
    if not note:
        return ts
    fs = ts.funding
    sc = fs.score
    ts.funding = FundingScore(
        fs.rate, fs.rate_trace + note, Score(sc.value, sc.max, sc.trace + note, sc.overridden)
    )
    return ts


def score_package(pkg: model.Package) -> ScoreSheet:
    """Score the whole package with its rule set (an unknown id falls back to the default, noted)."""
    rs, problem = rulesets.of_package(pkg)
    sheet = score_package_with(pkg, rs)
    sheet.ruleset_problem = problem
    return sheet


def grade(total: Decimal, ruleset: rulesets.RuleSet | None = None) -> str:
    """优 ≥ 90 · 良 80–<90 · 中 60–<80 · 差 < 60, on the total rounded to 0.01."""
    rs = ruleset or rulesets.get(rulesets.DEFAULT_ID)
    return rs.grade(round_money(total))
