"""Scoring one 三级 indicator (domain.md §2.3, §2.4): quantitative by direction, qualitative by band.

Choices (all thresholds and word lists come from the rule set):

* **No operator** on a quantitative target: ``0起`` means ``=0``; otherwise the direction follows the
  indicator's name — a name about something to keep low (事故, 投诉, 成本 …, ``negative_outcome`` words)
  is ``≤``, anything else (counts of work, rates, 满意度) is ``≥``. The trace says which was assumed.
* ``>`` and ``<`` are scored like ``≥`` and ``≤`` (an actual equal to the target earns full marks).
* **Year or month as target** (``2023年``, ``12月份``): not a number to compare but "done in time"; it
  is scored as a qualitative indicator (an actual month at or before the target month is 达成).
* **Qualitative with no band chosen**: 达成 is inferred when the actual says it was done (完成, 已完成,
  按时 … and none of 未完成 …) or restates the target text; otherwise the score is ``None`` and an
  issue asks the clerk to choose a band. A ``band_score`` without a band picks the band containing it.
* **Band score**: default is the top of the band (for a band whose top is exclusive, 0.01 below it);
  a ``band_score`` outside its band is an issue and is clamped into the band.
* **Override**: used only with a reason and within [0, 分值]; otherwise an issue and the computed score.
* Scores are clamped to [0, 分值] and rounded half-up to 0.01.

Problems are returned as :class:`ScoreIssue` values inside the :class:`~evaldesk.core.score_types.IndicatorScore`
(the checks turn them into findings with locations), never raised.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from evaldesk.core import model, targets
from evaldesk.core.money import format_points, format_score, round_money
from evaldesk.core.rulesets import Band, RuleSet
from evaldesk.core.score_types import IndicatorScore, Score, ScoreIssue

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_PLACEHOLDER_CHARS = "…．.。·-—－_ "


@lru_cache(maxsize=8192)
def parse(text: str) -> targets.Value:
    """``targets.parse_value`` with a cache: the same text is parsed once per process."""
    return targets.parse_value(text)


def n(d: Decimal) -> str:
    """A number as written in a trace: as entered (``15``, ``74.99``)."""
    return format_points(d)


def pts(d: Decimal) -> str:
    """A score: ``10.00分``."""
    return f"{format_score(round_money(d))}分"


def is_placeholder(ind: model.Indicator) -> bool:
    """An empty row, or one whose name is only ``……`` with nothing else filled."""
    if ind.weight is not None:  # the common case first: a row with a 分值 is a real row
        return False
    return (
        not ind.name.strip(_PLACEHOLDER_CHARS)
        and not ind.target.strip()
        and not ind.actual.strip()
        and ind.weight is None
    )


def _unit(u: str) -> str:
    return targets.canonical_unit(u)


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _clamp(v: Decimal, w: Decimal) -> Decimal:
    return round_money(min(max(v, ZERO), w))


def assumed_op(ind: model.Indicator, t: targets.Value, rs: RuleSet) -> str:
    """The operator a quantitative target without one is scored with (see the module docstring)."""
    if t.number is not None and t.number == 0:
        return "="
    return "≤" if _has(ind.name, rs.negative_words) else "≥"


def _is_time_point(v: targets.Value) -> bool:
    return v.kind == "quant" and v.op in ("", "=") and _unit(v.unit) in ("年", "月") and v.number is not None


def _quant(
    ind: model.Indicator, w: Decimal, t: targets.Value, a: targets.Value, rs: RuleSet
) -> tuple[Score, bool, list[ScoreIssue]]:
    assert t.number is not None and a.number is not None
    tn, an, unit = t.number, a.number, t.unit or a.unit
    if t.unit and a.unit and _unit(t.unit) != _unit(a.unit):
        why = f"实际完成值的单位“{a.unit}”与年度指标值的单位“{t.unit}”不同，无法比较"
        return Score(None, w, why), False, [ScoreIssue("cannot_score", "warning", why)]
    op = t.op
    pre = ""
    if not op:
        op = assumed_op(ind, t, rs)
        pre = f"年度指标值“{t.text.strip()}”未写比较符号，按“{op}”计；"
    tt = f"{op}{n(tn)}{unit}"
    tv, av = f"年度指标值{tt}", f"实际完成值{n(an)}{a.unit or unit}"
    over = False
    if op in ("≥", ">"):
        if an >= tn:
            if tn > 0 and an / tn >= rs.over_completion_ratio:
                over = True
                ratio = round_money(an * HUNDRED / tn)
                trace = (
                    f"{av} ÷ {tt} = {n(ratio)}%，达到{n(rs.over_completion_ratio * HUNDRED)}%"
                    f"以上，超额完成 → {pts(w)}（须说明超额原因，可按偏离度适度调减）"
                )
            else:
                trace = f"{av}，达到{tv} → {pts(w)}"
            value = round_money(w)
        else:
            value = _clamp(w * an / tn, w)
            trace = f"{av}，未达到{tv} → {n(w)} × {n(an)} ÷ {n(tn)} = {pts(value)}"
    elif op in ("≤", "<"):
        if an <= tn:
            value, trace = round_money(w), f"{av}，未超过{tv} → {pts(w)}"
        elif tn <= 0:
            value, trace = round_money(ZERO), f"{tv}为零目标（达成或不达成），{av}，未达成 → {pts(ZERO)}"
        else:
            value = _clamp(w * tn / an, w)
            trace = f"{av}，超过{tv} → {n(w)} × {n(tn)} ÷ {n(an)} = {pts(value)}"
    else:
        tol = rs.equal_tol(_unit(unit), targets.numerator_unit(unit))
        diff = abs(an - tn)
        if diff <= tol:
            value, trace = round_money(w), f"{av}，符合{tv} → {pts(w)}"
        elif tn == 0:
            value, trace = round_money(ZERO), f"{tv}为零目标（达成或不达成），{av}，未达成 → {pts(ZERO)}"
        else:
            value = _clamp(w * (1 - diff / abs(tn)), w)
            trace = (
                f"|{av} − {tt}| = {n(diff)}，超过允许偏差{n(tol)} → "
                f"{n(w)} × (1 − {n(diff)} ÷ {n(abs(tn))}) = {pts(value)}"
            )
    return Score(value, w, pre + trace), over, []


def _band_top(b: Band, w: Decimal) -> Decimal:
    top = round_money(w * b.high / HUNDRED)
    return top if b.high_inclusive else top - CENT


def _band_bottom(b: Band, w: Decimal) -> Decimal:
    low = round_money(w * b.low / HUNDRED)
    return low if b.low_inclusive else low + CENT


def _infer_band(
    ind: model.Indicator, t: targets.Value, a: targets.Value, rs: RuleSet
) -> tuple[Band | None, str]:
    """Infer 达成 from the actual's wording; ``(None, why)`` when the clerk must choose."""
    top = rs.bands[0]
    actual = ind.actual.strip()
    if a.kind == "blank":
        return None, "实际完成值未填写"
    if _has(actual, rs.not_completed_words):
        return None, f"实际完成值“{actual}”表明未完全完成"
    if _is_time_point(t) and _is_time_point(a) and _unit(t.unit) == _unit(a.unit):
        assert t.number is not None and a.number is not None
        if a.number <= t.number:
            return top, f"实际完成时间“{actual}”不晚于年度指标值“{ind.target.strip()}”"
        return None, f"实际完成时间“{actual}”晚于年度指标值“{ind.target.strip()}”"
    if _has(actual, rs.completion_words):
        return top, f"实际完成值“{actual}”表明已完成"
    if actual == ind.target.strip():
        return top, f"实际完成值与年度指标值相同（“{actual}”）"
    return None, f"无法从实际完成值“{actual}”判断达成程度"


def _qual(
    ind: model.Indicator, w: Decimal, t: targets.Value, a: targets.Value, rs: RuleSet
) -> tuple[Score, str, list[ScoreIssue]]:
    """Returns (score, band name used, issues)."""
    issues: list[ScoreIssue] = []
    band = rs.band(ind.band) if ind.band else None
    how = f"选择档次“{ind.band}”"
    if ind.band and band is None:
        issues.append(
            ScoreIssue(
                "band_unknown",
                "error",
                f"所选档次“{ind.band}”不是规定的档次（{'、'.join(b.name for b in rs.bands)}）",
            )
        )
    if band is None and ind.band_score is not None:
        pct = ind.band_score * HUNDRED / w if w else ZERO
        band = next((b for b in rs.bands if b.contains(pct)), None)
        how = f"未选档次，按所填得分{n(ind.band_score)}分归入“{band.name}”" if band else how
    if band is None:
        band, why = _infer_band(ind, t, a, rs)
        if band is None:
            msg = f"定性指标未选择档次，{why}，请选择档次（{'、'.join(b.name for b in rs.bands)}）"
            issues.append(ScoreIssue("band_needed", "warning", msg))
            return Score(None, w, f"定性指标：{why}，请选择档次后计分"), "", issues
        how = f"未选档次，{why}，按“{band.name}”计"
    # On a tiny 分值 (0, 0.01) the cent kept off an exclusive bound can cross the other bound or 0.
    top = _clamp(_band_top(band, w), w)
    lo = min(_clamp(_band_bottom(band, w), w), top)
    rng = f"{band.name}（{n(band.low)}%–{n(band.high)}%，即{n(lo)}–{n(top)}分）"
    if ind.band_score is None:
        value = top
        trace = f"定性指标，{how}：{rng}，取档次上限 → {pts(value)}"
    elif lo <= ind.band_score <= top:
        value = round_money(ind.band_score)
        trace = f"定性指标，{how}：{rng}，所填得分 → {pts(value)}"
    else:
        value = min(max(ind.band_score, lo), top)
        issues.append(
            ScoreIssue(
                "band_score_outside",
                "error",
                f"所填得分{n(ind.band_score)}分不在档次“{band.name}”的范围{n(lo)}–{n(top)}分内",
                {"band_score": ind.band_score, "low": lo, "high": top},
            )
        )
        trace = f"定性指标，{how}：{rng}，所填得分{n(ind.band_score)}分超出档次范围，按{pts(value)}计"
    return Score(value, w, trace), band.name, issues


def score_indicator(index: int, ind: model.Indicator, rs: RuleSet) -> IndicatorScore:
    """Score one indicator row (see the module docstring for every choice).

    Results are memoised on everything the score depends on, so that rescoring a package after one
    edit only recomputes the rows that changed (the result is immutable and safe to share).
    """
    key = (
        index,
        ind.name,
        ind.target,
        ind.actual,
        ind.weight,
        ind.band,
        ind.band_score,
        ind.override_score,
        ind.override_reason,
        rs,
    )
    hit = _MEMO.get(key)
    if hit is None:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        hit = _MEMO[key] = _score_indicator(index, ind, rs)
    return hit


_MEMO: dict[tuple[object, ...], IndicatorScore] = {}
_MEMO_MAX = 50_000


def _score_indicator(index: int, ind: model.Indicator, rs: RuleSet) -> IndicatorScore:
    if is_placeholder(ind):
        s = Score(None, None, "空行，不计分")
        return IndicatorScore(index, s, s, "blank", False, "")
    w = ind.weight
    t, a = parse(ind.target), parse(ind.actual)
    issues: list[ScoreIssue] = []
    over = False
    band_name = ""
    quant = (
        t.kind == "quant"
        and a.kind == "quant"
        and t.number is not None
        and a.number is not None
        and not _is_time_point(t)
    )
    kind = "quant" if quant else ("blank" if t.kind == "blank" and a.kind == "blank" else "qual")
    if w is None:
        computed = Score(None, None, "未填分值，无法计分")
    elif t.kind == "blank":
        computed = Score(None, w, "年度指标值未填写，无法计分")
        issues.append(ScoreIssue("target_blank", "warning", "年度指标值未填写，无法计分"))
    elif a.kind == "blank":
        computed = Score(None, w, "实际完成值未填写，无法计分")
        issues.append(ScoreIssue("actual_blank", "warning", "实际完成值未填写，无法计分"))
    elif quant:
        computed, over, more = _quant(ind, w, t, a, rs)
        issues += more
        if ind.band:
            issues.append(
                ScoreIssue("band_ignored", "hint", f"定量指标按公式计分，所选档次“{ind.band}”未使用")
            )
    else:
        computed, band_name, more = _qual(ind, w, t, a, rs)
        issues += more
    final = computed
    if ind.override_score is not None and w is not None:
        o = ind.override_score
        if not ind.override_reason.strip():
            issues.append(
                ScoreIssue(
                    "override_no_reason",
                    "error",
                    f"自评得分调整为{n(o)}分但未写明调整理由，已按计算得分计",
                    {"override": o},
                )
            )
        elif not ZERO <= o <= w:
            issues.append(
                ScoreIssue(
                    "override_out_of_range",
                    "error",
                    f"调整后的得分{n(o)}分超出0–{n(w)}分，已按计算得分计",
                    {"override": o},
                )
            )
        else:
            was = pts(computed.value) if computed.value is not None else "无法计算"
            final = Score(
                round_money(o),
                w,
                f"经办人调整为{pts(o)}（理由：{ind.override_reason.strip()}）；"
                f"按规则计算为{was}：{computed.trace}",
                overridden=True,
            )
    why = []
    if final.value is not None and w is not None and final.value < w:
        why.append(f"得分{pts(final.value)}低于分值{n(w)}分")
    if band_name and band_name != rs.bands[0].name:
        why.append(f"定性指标为“{band_name}”")
    if over:
        why.append("超额完成")
    return IndicatorScore(index, computed, final, kind, bool(why), "；".join(why), over, tuple(issues))
