"""Rule sets as data: weights, the 执行率 curve, thresholds, tolerances and word lists (domain.md §2, §4).

A rule set is a JSON file in ``resources/rulesets/`` named after its id; adding a province means adding a
file there, not code. A unit or a county can also keep its own sets in the user's data folder
(``rulesets/`` under ``paths.user_data_dir()``), e.g. ``{"extends": "hunan", "over_completion_ratio":
"1.3"}``: that is where the [CHOICE] values of domain.md (the 执行率 curve, the over-completion threshold,
the tolerances) are changed without touching the program. The shipped ids cannot be shadowed. A file may start from another set with ``"extends": "<id>"`` and override only what
differs (objects are merged key by key, everything else is replaced). ``mof2020`` (财政部通用) is the
default and ``hunan`` ships with it.

A package stores its rule set id (``model.Package.ruleset_id``) and the rule set's whole content
(``model.Package.ruleset_content``, :func:`content_of`: the JSON with ``extends`` resolved), so that a
draft or an upload package is scored with its own rules on any PC, even one without that (user) rule set
in its data folder: :func:`of_package` is how everything finds a package's rules. A draft saved before the
content was stored has ``""`` there and is scored by its id, as before.

:func:`resolve` never fails: an unknown id gives the default set *and* a Chinese problem text, which the
checks turn into a finding (rule ``RS``), so that the fallback is never silent.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from evaldesk.core import model, money, paths
from evaldesk.core.errors import FileFormatError, InputError

DEFAULT_ID = "mof2020"
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}")

# Weight schemes (``weights.scheme`` of a rule set). ``national``: the national template, 执行率 and every
# 一级 weight fixed. ``free``: 执行率 fixed and the rest of the 100 points split freely among the 一级
# indicators; a 一级 weight may be declared (then R13 checks it) or left open (``null``: only Σ = 100 is
# checked). A package chooses its scheme in the wizard or in 单位信息 (:func:`with_scheme`), and since the
# rule set's content travels with the package, so does its scheme and declared split.
NATIONAL, FREE = "national", "free"
SCHEMES: tuple[tuple[str, str], ...] = (
    (NATIONAL, "全国通用：执行率10分，产出50分、效益30分、满意度10分"),
    (FREE, "执行率10分，其余90分由各一级指标自行分配"),
)
NATIONAL_WEIGHTS: dict[str, Any] = {
    "scheme": NATIONAL,
    "execution_rate": "10",
    "level1": {"产出指标": "50", "效益指标": "30", "满意度指标": "10"},
    "total": "100",
}


@dataclass(frozen=True)
class Band:
    """A qualitative band (§2.4) as percentages of the weight."""

    name: str
    low: Decimal
    high: Decimal
    low_inclusive: bool
    high_inclusive: bool

    def contains(self, percent: Decimal) -> bool:
        above = percent >= self.low if self.low_inclusive else percent > self.low
        below = percent <= self.high if self.high_inclusive else percent < self.high
        return above and below

    def label(self) -> str:
        return f"{self.low}%–{self.high}%" + (f"（含{self.low}%）" if self.low_inclusive else "")


@dataclass(frozen=True)
class RuleSet:
    """One rule set; every threshold used by scoring and the checks lives here."""

    id: str
    name: str
    basis: str
    execution_weight: Decimal  # 预算执行率 分值
    level1_weights: tuple[tuple[str, Decimal], ...]  # the declared 一级指标 → 分值, in form order
    total: Decimal  # 执行率 + Σ 一级 = 100
    rate_curve: tuple[tuple[Decimal, Decimal], ...]  # (执行率 %, share of the weight), rising rates
    rate_reason_required_below: Decimal  # 执行率 below this needs a written reason (warning)
    rate_reason_prompt_below: Decimal  # below this a reason is asked for (hint)
    over_completion_ratio: Decimal  # actual ÷ target at or above this is over-completion (≥ targets)
    money_pass: Decimal  # |diff| ≤ this (万元) passes
    money_warn: Decimal  # |diff| ≤ this is a warning; more is an error
    rate_points: Decimal  # tolerance on a printed percentage, in percentage points
    score_tolerance: Decimal  # tolerance on a printed score
    equal_tolerance: tuple[tuple[str, Decimal], ...]  # unit → tolerance for "=" targets ("" = default)
    bands: tuple[Band, ...]  # qualitative bands, best first
    grades: tuple[tuple[Decimal, str], ...]  # (lower bound, grade), highest first
    completion_words: tuple[str, ...]  # an actual saying the thing was done
    not_completed_words: tuple[str, ...]  # … or that it was not (checked first)
    negative_words: tuple[str, ...]  # indicator names about things to keep low (事故, 投诉, 成本 …)
    workload_units: tuple[str, ...]  # units of counts of work done
    workload_verbs: tuple[str, ...]  # names of work to maximise (排查, 开展 …)
    rate_units: tuple[str, ...]
    boilerplate_deviation: tuple[str, ...]  # deviation texts that say nothing
    scheme: str = NATIONAL  # see SCHEMES
    level1_names: tuple[str, ...] = ()  # every 一级指标 of the form, declared weight or not

    def __hash__(self) -> int:
        # Rule sets key the scoring caches; hashing every field on each lookup would be slow.
        return hash(self.id)

    @property
    def level1(self) -> dict[str, Decimal]:
        """The declared 一级 weights (in a ``free`` scheme some 一级 may have none)."""
        return dict(self.level1_weights)

    @property
    def scheme_label(self) -> str:
        """The weight scheme in words, with the declared split of a free scheme."""
        if self.scheme != FREE:
            return f"规则集“{self.name}”"
        rest = self.total - self.execution_weight
        declared = "、".join(
            f"{k.removesuffix('指标')}{money.format_points(v)}分" for k, v in self.level1_weights
        )
        how = f"申报为{declared}" if declared else "各表自行分配"
        return f"分值方案：执行率{money.format_points(self.execution_weight)}分，其余{money.format_points(rest)}分{how}"

    def equal_tol(self, unit: str, counted: str = "") -> Decimal:
        """The tolerance of an "=" target in ``unit``; a per-unit (``元/亩``) without its own entry takes
        the tolerance of what it ``counted`` (``元``)."""
        table = dict(self.equal_tolerance)
        return table.get(unit, table.get(counted, table.get("", Decimal(0))))

    def band(self, name: str) -> Band | None:
        for b in self.bands:
            if b.name == name:
                return b
        return None

    def rate_share(self, rate: Decimal) -> Decimal:
        """The share of the 执行率 weight earned at ``rate`` (percent): the curve, linear between points."""
        pts = self.rate_curve
        if rate <= pts[0][0]:
            return pts[0][1]
        for (x0, y0), (x1, y1) in pairwise(pts):
            if rate <= x1:
                return y0 + (y1 - y0) * (rate - x0) / (x1 - x0)
        return pts[-1][1]

    def grade(self, total: Decimal) -> str:
        for bound, name in self.grades:
            if total >= bound:
                return name
        return self.grades[-1][1]


def _dec(data: dict[str, Any], key: str, where: str) -> Decimal:
    try:
        return _num(data[key])
    except (KeyError, ValueError):
        raise FileFormatError(f"规则集“{where}”缺少或写错了数值“{key}”。") from None


def _num(value: object) -> Decimal:
    """A number of a rule set file, written ``"0.01"`` (or bare) — through the one number grammar."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValueError(f"不是数值：{value!r:.40}")
    try:
        return money.parse_exchange_number(
            value if isinstance(value, str) else money.to_canonical(Decimal(value))
        )
    except InputError as e:
        raise ValueError(f"数值“{str(value)[:40]}”无效：{e}") from None


def _loads(text: str) -> Any:
    """JSON with its bare numbers read as ``Decimal``, never binary floats."""
    return json.loads(text, parse_float=Decimal)


def _dumps(data: Any) -> str:
    """The stored content: compact and sorted; a bare number a user's file held is written as its text."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_canonical_of)


def _canonical_of(value: object) -> str:
    if isinstance(value, Decimal):
        return money.to_canonical(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _raw(ruleset_id: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if not _ID.fullmatch(ruleset_id):
        raise KeyError(ruleset_id)
    path = _file_of(ruleset_id)
    if path is None:
        raise KeyError(ruleset_id)
    try:
        data: dict[str, Any] = _loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise FileFormatError(f"规则集文件“{path.name}”无法读取：{e}") from None
    parent = data.pop("extends", None)
    if parent:
        if parent in seen:
            raise FileFormatError(f"规则集“{ruleset_id}”的继承关系循环。")
        data = _merge(_raw(parent, (*seen, ruleset_id)), data)
    data["id"] = ruleset_id
    return data


def _folders() -> list[Path]:
    """Where rule sets are looked for: the shipped ones first, then the user's own."""
    return [paths.resource("rulesets"), paths.user_data_dir() / "rulesets"]


def _file_of(ruleset_id: str) -> Path | None:
    for folder in _folders():
        path = folder / f"{ruleset_id}.json"
        if path.is_file():
            return path
    return None


def _build(data: dict[str, Any]) -> RuleSet:
    rid = data["id"]
    try:
        w = data["weights"]
        er = data["execution_rate"]
        tol = data["tolerances"]
        words = data["words"]
        curve = tuple((_num(x), _num(y)) for x, y in er["curve"])
        if len(curve) < 2 or any(b[0] <= a[0] for a, b in pairwise(curve)):
            raise FileFormatError(f"规则集“{rid}”的执行率曲线至少要两个点，且执行率递增。")
        rs = RuleSet(
            id=rid,
            name=str(data.get("name") or rid),
            basis=str(data.get("basis", "")),
            execution_weight=_dec(w, "execution_rate", rid),
            level1_weights=tuple(
                (str(k), _num(v)) for k, v in w["level1"].items() if v is not None and v != ""
            ),
            total=_dec(w, "total", rid),
            rate_curve=curve,
            rate_reason_required_below=_dec(er, "reason_required_below", rid),
            rate_reason_prompt_below=_dec(er, "reason_prompt_below", rid),
            over_completion_ratio=_dec(data, "over_completion_ratio", rid),
            money_pass=_dec(tol, "money_pass", rid),
            money_warn=_dec(tol, "money_warn", rid),
            rate_points=_dec(tol, "rate_points", rid),
            score_tolerance=_dec(tol, "score", rid),
            equal_tolerance=tuple((str(k), _num(v)) for k, v in tol["equal"].items()),
            bands=tuple(
                Band(
                    b["name"],
                    _num(b["low"]),
                    _num(b["high"]),
                    bool(b["low_inclusive"]),
                    bool(b["high_inclusive"]),
                )
                for b in data["qualitative_bands"]
            ),
            grades=tuple(sorted(((_num(b), str(g)) for b, g in data["grades"]), reverse=True)),
            completion_words=tuple(words["completion"]),
            not_completed_words=tuple(words["not_completed"]),
            negative_words=tuple(words["negative_outcome"]),
            workload_units=tuple(words["workload_units"]),
            workload_verbs=tuple(words["workload_verbs"]),
            rate_units=tuple(words["rate_units"]),
            boilerplate_deviation=tuple(words["boilerplate_deviation"]),
            scheme=str(w.get("scheme") or NATIONAL),
            level1_names=tuple(str(k) for k in w["level1"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, InvalidOperation) as e:
        raise FileFormatError(f"规则集“{rid}”的内容不完整或格式不对（{e}）。") from None
    word_lists: tuple[tuple[str, ...], ...] = (
        rs.completion_words, rs.not_completed_words, rs.negative_words, rs.workload_units,
        rs.workload_verbs, rs.rate_units, rs.boilerplate_deviation,
    )  # fmt: skip
    if not all(isinstance(w, str) for ws in word_lists for w in ws) or isinstance(words, str):
        raise FileFormatError(f"规则集“{rid}”的词表应为文字列表。")
    if not rs.bands or not rs.grades:
        raise FileFormatError(f"规则集“{rid}”缺少定性指标档次或等级划分。")
    if rs.scheme not in (NATIONAL, FREE):
        raise FileFormatError(f"规则集“{rid}”的分值方案“{rs.scheme}”无法识别（应为 {NATIONAL} 或 {FREE}）。")
    weight_sum = rs.execution_weight + sum((v for _, v in rs.level1_weights), Decimal(0))
    open_split = len(rs.level1_weights) < len(rs.level1_names)
    if rs.scheme == NATIONAL and open_split:
        raise FileFormatError(f"规则集“{rid}”按全国通用方案，须写明每个一级指标的分值。")
    if weight_sum > rs.total or (weight_sum != rs.total and not open_split):
        raise FileFormatError(
            f"规则集“{rid}”的分值合计为{money.format_points(weight_sum)}，与总分{money.format_points(rs.total)}不符。"
        )
    return rs


@cache
def get(ruleset_id: str) -> RuleSet:
    """The rule set with this id; ``KeyError`` when there is none, ``FileFormatError`` when it is broken."""
    return _build(_raw(ruleset_id))


def available() -> list[tuple[str, str]]:
    """(id, name) of every usable rule set, shipped and the user's own, the default first."""
    out = []
    ids = sorted({p.stem for folder in _folders() if folder.is_dir() for p in folder.glob("*.json")})
    for rid in ids:
        try:
            out.append((rid, get(rid).name))
        except (KeyError, FileFormatError):
            continue  # a broken user file does not hide the others
    out.sort(key=lambda t: (t[0] != DEFAULT_ID, t[0]))
    return out


def resolve(ruleset_id: str) -> tuple[RuleSet, str]:
    """The package's rule set and a problem text ("" when fine); unknown ids fall back to the default."""
    try:
        return get(ruleset_id), ""
    except KeyError:
        default = get(DEFAULT_ID)
        known = "、".join(f"{i}（{n}）" for i, n in available())
        shown = ruleset_id or "（空）"
        return default, (
            f"自评包指定的评分规则集“{shown}”不存在，已改用默认规则集“{default.name}”计分。"
            f"可选规则集：{known}。"
        )


def content_of(ruleset_id: str) -> str:
    """The rule set's whole content as canonical JSON text (``extends`` resolved), for a package to keep.

    ``KeyError`` for an unknown id, ``FileFormatError`` for a broken file.
    """
    data = _raw(ruleset_id)
    _build(data)  # never hand out content that would not load
    return _dumps(data)


@cache
def from_content(text: str) -> RuleSet:
    """The rule set a package carries (see :func:`content_of`); ``FileFormatError`` when it is not one."""
    try:
        data = _loads(text)
    except ValueError:
        raise FileFormatError("自评包中保存的评分规则集内容已损坏。") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not _ID.fullmatch(data["id"]):
        raise FileFormatError("自评包中保存的评分规则集内容缺少有效的编号。")
    return _build(data)


def of_package(pkg: model.Package) -> tuple[RuleSet, str]:
    """The rules ``pkg`` is scored with, and a problem text ("" when fine).

    The content stored in the package wins; a package without content (an older draft) is scored by
    its id (:func:`resolve`). Broken stored content falls back to the id, with the problem said.
    """
    if pkg.ruleset_content:
        try:
            return from_content(pkg.ruleset_content), ""
        except FileFormatError as e:
            rs, problem = resolve(pkg.ruleset_id)
            return rs, f"{e}已改用规则集“{rs.name}”计分。{problem}"
    return resolve(pkg.ruleset_id)


def with_content(pkg: model.Package) -> model.Package:
    """``pkg`` itself when it carries its rule set's content, else a shallow copy that does (when the id is
    known here): what an upload package holds, so that ``verify`` elsewhere uses the same rules."""
    if pkg.ruleset_content:
        return pkg
    try:
        content = content_of(pkg.ruleset_id)
    except (KeyError, FileFormatError):
        return pkg
    return dataclasses.replace(pkg, ruleset_content=content)


def with_scheme(content: str, scheme: str, level1: dict[str, Decimal | None] | None = None) -> str:
    """``content`` (see :func:`content_of`) with its weights set to ``scheme``.

    ``national`` sets the national template; ``free`` keeps 执行率 10 of 100 and declares ``level1``
    (``None`` for a 一级 left open; every 一级 open when ``level1`` is not given). ``FileFormatError`` when
    the declared split does not fit (more than the rest of the 100 points, or not all of it when every
    一级 is declared).
    """
    data = _loads(content)
    if scheme == NATIONAL:
        data["weights"] = json.loads(json.dumps(NATIONAL_WEIGHTS))
    elif scheme == FREE:
        names = list(NATIONAL_WEIGHTS["level1"])
        given = level1 or {}
        names += [k for k in given if k not in names]
        data["weights"] = {
            "scheme": FREE,
            "execution_rate": NATIONAL_WEIGHTS["execution_rate"],
            "level1": {k: (None if (w := given.get(k)) is None else money.to_canonical(w)) for k in names},
            "total": NATIONAL_WEIGHTS["total"],
        }
    else:
        raise ValueError(scheme)
    text = _dumps(data)
    from_content(text)  # refuse a split that does not fit, with the rule set's own message
    return text


def package_content(ruleset_id: str, scheme: str, level1: dict[str, Decimal | None] | None = None) -> str:
    """The content a new package keeps: the rule set ``ruleset_id`` with the chosen weight ``scheme``."""
    base = content_of(ruleset_id)
    if scheme == from_content(base).scheme and level1 is None:
        return base
    return with_scheme(base, scheme, level1)
