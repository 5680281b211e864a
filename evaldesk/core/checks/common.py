"""Helpers shared by the rule modules: where things are (locations, labels) and how they are compared."""

from __future__ import annotations

import re
from decimal import Decimal

from evaldesk.core import model
from evaldesk.core.checks.registry import Context
from evaldesk.core.derived import amt, column_label
from evaldesk.core.findings import Finding, Location
from evaldesk.core.money import format_points, round_money

_ROW_PREFIX = re.compile(r"^(?:其中[:：]|[0-9]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）])\s*")


def clean_label(label: str) -> str:
    """``1、公务用车购置和维护经费`` → ``公务用车购置和维护经费``; ``其中：办公经费`` → ``办公经费``."""
    s = label.strip().rstrip("：:")
    while True:
        t = _ROW_PREFIX.sub("", s)
        if t == s:
            return s
        s = t


def basic_row_name(key: str) -> str:
    return clean_label(model.BASIC_ROW_LABELS[key])


def basic_loc(year: int, key: str, col: str) -> Location:
    """A cell of 附件1's 经费控制情况 grid."""
    return Location(
        "basic", ("basic", "rows", key, col), "", f"附件1“{basic_row_name(key)}”{column_label(year, col)}"
    )


def line_loc(year: int, kind: str, index: int, name: str, col: str) -> Location:
    """A 区级专项 (``special``) or 上级转移支付 (``transfer``) line of 附件1."""
    return Location("basic", ("basic", kind, index, col), "", f"附件1“{name}”{column_label(year, col)}")


def overall_loc(*path: str | int, label: str) -> Location:
    return Location("overall", tuple(path), "", label)


def project_loc(p: model.Project, *path: str | int, label: str) -> Location:
    return Location("project", ("projects", p.id, *path), p.id, label)


def table_name(p: model.Project | None) -> str:
    """``附件2`` or ``附件3“业务工作经费”``."""
    return "附件2" if p is None else f"附件3“{p.name.strip() or '（未命名项目）'}”"


def perf_path(p: model.Project | None) -> tuple[str, ...]:
    return ("overall",) if p is None else ("projects", p.id, "performance")


def perf_loc(p: model.Project | None, *path: str | int, label: str) -> Location:
    if p is None:
        return Location("overall", ("overall", *path), "", label)
    return Location("project", ("projects", p.id, "performance", *path), p.id, label)


def tables(pkg: model.Package) -> list[tuple[model.Project | None, model.Performance]]:
    """附件2 then each 附件3, with their indicator tables."""
    return [(None, pkg.overall)] + [(p, p.performance) for p in pkg.projects]


def num(d: Decimal | int | None) -> str:
    """A number in a message, as entered: ``15``, ``74.99``, ``1194.6``; blank → （空）."""
    if d is None:
        return "（空）"
    return str(d) if isinstance(d, int) else format_points(d)


def money_finding(
    ctx: Context,
    rule_id: str,
    loc: Location,
    what: str,
    entered: Decimal,
    computed: Decimal,
    how: str,
    trace: str,
    extra: str = "",
    values: dict[str, object] | None = None,
) -> Finding | None:
    """Compare an entered amount with the computed one using the rule set's money tolerances.

    Message: ``{what}填报为{entered}，{how}应为{computed}（相差{diff}）。{extra}``.
    """
    diff = entered - computed
    sev = ctx.money_severity(diff)
    if sev is None:
        return None
    msg = f"{what}填报为{amt(entered)}，{how}应为{amt(computed)}（相差{amt(abs(diff))}）。{extra}"
    vals = {"entered": entered, "computed": computed, "difference": diff, **(values or {})}
    return Finding(rule_id, sev, msg, loc, vals, trace)


def rate_matches(entered: Decimal, computed: Decimal, exact: Decimal | None, tol: Decimal) -> bool:
    """A printed percentage agrees with ours when within ``tol`` points, or when it is our unrounded
    rate rounded to the decimals the clerk printed (``96%`` for 95.918…% is fine)."""
    if abs(entered - computed) <= tol:
        return True
    if exact is None:
        return False
    exp = entered.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0

    return round_money(exact, places) == entered


def parts_sum(
    ctx: Context,
    rule_id: str,
    loc: Location,
    what: str,
    entered: Decimal,
    parts: list[tuple[str, Decimal | None, Location]],
    full: Finding | None,
) -> Finding | None:
    """A 合计 against its parts, where a blank part is *not filled*, never 0 (issue 15, item 3).

    With every part filled, ``full`` (the rule's own finding, or ``None``) is the answer. With a part
    blank, only what is there is computed: when the filled parts make the 合计 there is nothing to say;
    when they alone exceed it, that is the rule's error; when they fall short, the blank part is named
    (lint L9), never given a made-up expected value.
    """
    missing = [(label, where) for label, v, where in parts if v is None]
    if not missing:
        return full
    filled = [(label, v) for label, v, _ in parts if v is not None]
    if not filled:
        return None
    s = sum((v for _, v in filled), Decimal(0))
    diff = entered - s
    sev = ctx.money_severity(diff)
    if sev is None:
        return None
    terms = " + ".join(f"{label}{amt(v)}" for label, v in filled)
    blank = "、".join(label for label, _ in missing)
    trace = f"已填写的 {terms} = {amt(s)}；{blank}未填写"
    vals: dict[str, object] = {
        "entered": entered,
        "filled_sum": s,
        "missing": [label for label, _ in missing],
    }
    if diff < 0:
        msg = (
            f"{what}填报为{amt(entered)}，仅已填写的 {terms} 合计已达{amt(s)}，超出{amt(-diff)}"
            f"（{blank}未填写，不计入）。"
        )
        return Finding(rule_id, sev, msg, loc, {**vals, "difference": diff}, trace)
    msg = (
        f"{blank}未填写：{what}为{amt(entered)}，已填写的 {terms} 合计{amt(s)}，相差{amt(diff)}。"
        f"请填写{blank}（没有的填0），才能核对合计。"
    )
    return Finding("L9", "warning", msg, missing[0][1], {**vals, "difference": diff, "rule": rule_id}, trace)
