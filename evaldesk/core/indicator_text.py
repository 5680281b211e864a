"""Texts of the indicator table that need no widget: stored values, problems, tooltips.

What a typed 年度指标值/实际完成值 becomes (canonical when it parses cleanly), the problems
``core.targets`` finds, the deviation texts that say nothing (the rule set's list, as the R16 check uses),
the 一级 weight check and the 总分 row's 分值 written out. (The detail line under the table, which reads
the Qt model, is ``ui.indicators.detail``.)
"""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import derived, model, money, rulesets, targets
from evaldesk.core.indicator_score import parse as parse_cached

C_L1, C_L2, C_NAME, C_TARGET, C_ACTUAL, C_WEIGHT, C_SCORE, C_DEV = range(8)


def normalize_value(text: str) -> str:
    """What is stored for a typed 年度指标值/实际完成值: canonical when it parses cleanly, else as written."""
    v = targets.parse_value(text)
    if v.kind == "quant" and not v.problems:
        return targets.format_value(v)
    return text.strip()


def value_problems(ind: model.Indicator, column: int) -> list[str]:
    """``core.targets``' problems with the target (or the actual, relative to the target)."""
    t = parse_cached(ind.target)
    if column == C_TARGET:
        return list(t.problems)
    a = parse_cached(ind.actual)
    return [*a.problems, *targets.actual_problems(t, a)]


def boilerplate(pkg: model.Package) -> tuple[str, ...]:
    """Deviation texts that say nothing: the rule set's list, the one the R16 check uses."""
    return rulesets.of_package(pkg)[0].boilerplate_deviation


def value_tooltip(ind: model.Indicator, column: int, carried: bool) -> str:
    """The tooltip of a 年度指标值/实际完成值 cell: its problems, the 定性 band, how to type one."""
    lines = [f"{p}。" for p in value_problems(ind, column)]
    if column == C_ACTUAL and ind.band:
        score = f"，得分{money.format_score(ind.band_score)}" if ind.band_score is not None else ""
        lines.append(f"定性档次：{ind.band}{score}")
    if carried:
        lines.append("沿用上年数据，尚未确认：修改即视为确认，或右键选择“确认沿用值”。")
    lines.append("可直接输入，如 ≥90%、≤1起、=0起、按时完成；双击可分别选择符号、数值和单位。")
    return "\n".join(lines)


def level1_sum(
    inds: list[model.Indicator], rs: rulesets.RuleSet, level1: str
) -> tuple[Decimal, Decimal | None, str]:
    """(Σ 三级 分值 under ``level1``, the rule set's weight for it, the sum written out)."""
    ws = [i.weight for i in inds if i.level1 == level1 and i.weight is not None]
    total = sum(ws, Decimal(0))
    terms = " + ".join(money.format_points(w) for w in ws) or "0"
    return total, rs.level1.get(level1), f"{terms} = {money.format_points(total)}"


def level1_text(inds: list[model.Indicator], rs: rulesets.RuleSet, level1: str) -> str:
    """The 一级 weight check written out, for the tooltip and the detail line."""
    total, want, written = level1_sum(inds, rs, level1)
    if want is None and level1 in rs.level1_names:
        return f"{level1}各三级指标分值合计 {written}分；{rs.scheme_label}，只核对总分行合计为{money.format_points(rs.total)}分"
    if want is None:
        return f"“{level1 or '（未填）'}”不是规则集“{rs.name}”的一级指标；三级指标分值合计 {written}分"
    verdict = "相符" if total == want else f"不相符，应为{money.format_points(want)}分"
    return f"{level1}各三级指标分值合计 {written}分；{rs.scheme_label}规定{money.format_points(want)}分，{verdict}"


def weight_total(inds: list[model.Indicator], rs: rulesets.RuleSet) -> derived.Figure:
    """The 总分 row's 分值: 执行率 分值 + Σ 三级 分值, with the sum written out."""
    weights = [i.weight for i in inds if i.weight is not None]
    value = derived.total([rs.execution_weight, *weights])
    terms = " + ".join(money.format_points(w) for w in weights) or "0"
    return derived.Figure(
        value,
        f"总分行分值 = 执行率分值{money.format_points(rs.execution_weight)} + 三级指标分值（{terms}）"
        f" = {money.format_points(value or Decimal(0))}",
    )
