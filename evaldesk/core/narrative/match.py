"""What a figure in the report speaks of: the table value named by the words around it.

Amounts (万元) bind to 附件1/附件2/附件3 figures by *aliases* (基本支出, 人员经费, 商品和服务支出/公用经费,
项目支出, the names of 附件1's project lines and of the projects …): the alias that ends nearest to the
number wins (longest on a tie), so ``项目支出中业务工作经费382.55万元`` speaks of 业务工作经费. Counts in 人
bind the same way to the 编制 figures. Other counts and rates bind to indicators by name
(:mod:`.indicator_match`).

Precision before recall: a figure whose words between the alias and the number carry a change, a share,
a per-head or a plan (``较上年减少``, ``占``, ``人均``, ``调整``) is not bound; a 预算 word picks the
budget column; an approximate figure (``约``, ``余``) or a change (``同比下降66%``) is never bound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from evaldesk.core import derived, model
from evaldesk.core.derived import column, column_label
from evaldesk.core.narrative.figures import TextFigure

Path = tuple[str | int, ...]

_GAP_REFUSE = (
    "增", "减", "降", "升", "节约", "节省", "结余", "超", "差", "比", "较", "占", "平均", "人均", "每", "调整",
    "追加", "结转", "剩余", "未", "尚", "计划", "拟", "下达", "批复", "申请", "缺口",
    # a sentence that lists parts ("项目支出包括委员活动经费36.3万元", "…主要用于…") names a component,
    # not the total
    "包括", "包含", "含", "用于", "其中", "主要有", "分为", "涉及",
)  # fmt: skip
_MAX_GAP = 10


def _speaks_of_budget(label: str) -> bool:
    """``项目支出预算83万元``, ``年初预算数`` → the 预算数 column; 一般公共预算 is a fund, 预算执行 is spending."""
    s = label.replace("一般公共预算", "")
    return "预算" in s and not any(w in s for w in ("决算", "执行", "实际"))


@dataclass(frozen=True)
class Place:
    """One table cell a figure may agree with: its value, how a clerk names it, and its edit path."""

    value: Decimal | None
    label: str  # e.g. 附件1“公用经费”2023年决算数
    path: Path


@dataclass(frozen=True)
class Binding:
    """A table figure the report may state: the words that name it and its cells by column.

    ``values`` keeps the first place of each column (``prev`` / ``budget`` / ``actual``); ``places`` has
    every place by column, the first being the one a disagreement is reported against.
    """

    aliases: tuple[str, ...]
    table_label: str  # e.g. 附件1“公用经费”
    places: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    computed: dict[str, Place] = field(default_factory=dict)  # what EvalDesk computes for it, by column

    @property
    def values(self) -> dict[str, Decimal | None]:
        return {col: ps[0].value for col, ps in self.places.items() if ps}


def _triple(
    year: int, label: str, base: Path, t: model.Triple | model.NamedLine
) -> dict[str, tuple[Place, ...]]:
    return {
        col: (Place(column(t, col), f"{label}{column_label(year, col)}", (*base, col)),)
        for col in ("prev", "budget", "actual")
    }


def _one(value: Decimal | None, label: str, path: Path) -> dict[str, tuple[Place, ...]]:
    return {"actual": (Place(value, label, path),)}


def _with(places: dict[str, tuple[Place, ...]], col: str, *more: Place) -> dict[str, tuple[Place, ...]]:
    out = dict(places)
    out[col] = (*out.get(col, ()), *more)
    return out


def _short_name(name: str) -> tuple[str, ...]:
    """A line's name and, when it opens with a year (``2023年省级…专项``), the name without it."""
    s = name.strip()
    out = [s]
    for prefix_len in (5, 6):
        rest = s[prefix_len:]
        if s[:4].isdigit() and s[4:prefix_len] in ("年", "年度") and len(rest) >= 4:
            out.append(rest)
    return tuple(dict.fromkeys(out))


def amount_bindings(pkg: model.Package) -> list[Binding]:
    """What the report's amounts are compared with."""
    y, f, b = pkg.fiscal_year, pkg.overall_funding, pkg.basic

    def row(key: str, label: str) -> dict[str, tuple[Place, ...]]:
        return _triple(y, f"附件1“{label}”", ("basic", "rows", key), b.row(key))

    a2 = "附件2"

    def computed(
        fn: Callable[[model.BasicData, str], derived.Figure], label: str, key: str
    ) -> dict[str, Place]:
        return {
            col: Place(fn(b, col).value, f"{label}（{column_label(y, col)}）", ("basic", "rows", key, col))
            for col in ("prev", "budget", "actual")
        }

    # Like with like: a sentence about spending (基本支出为…, 人员经费…) speaks of a 决算 figure; 附件2's
    # 基本支出 / 人员经费 / 项目支出 split the 全年预算数, so they answer only a sentence that says 预算.
    spent_basic, public_spent = derived.basic_spent(pkg).value, b.row("public").actual
    spent_personnel = (
        spent_basic - public_spent if spent_basic is not None and public_spent is not None else None
    )
    out = [
        Binding(
            ("基本支出",),
            "基本支出决算",
            {
                "actual": (
                    Place(
                        spent_basic,
                        "基本支出决算（全年执行数 − 项目支出决算）",
                        ("overall_funding", "total", "executed"),
                    ),
                ),
                "budget": (Place(f.expend_basic, f"{a2}“基本支出”", ("overall_funding", "expend_basic")),),
            },
        ),
        Binding(
            ("人员经费",),
            "人员经费决算",
            {
                "actual": (
                    Place(
                        spent_personnel,
                        "人员经费决算（基本支出决算 − 公用经费决算）",
                        ("overall_funding", "personnel"),
                    ),
                ),
                "budget": (Place(f.personnel, f"{a2}“人员经费”", ("overall_funding", "personnel")),),
            },
        ),
        Binding(("商品和服务支出", "公用经费"), "附件1“公用经费”", row("public", "公用经费")),
        Binding(
            ("项目支出",),
            "附件1“项目支出”",
            _with(
                row("project", "项目支出"),
                "budget",
                Place(f.expend_project, f"{a2}“项目支出”", ("overall_funding", "expend_project")),
            )
            | (
                {}
                if b.row("project").actual is not None
                else {
                    "actual": (
                        Place(
                            derived.project_spent(b).value,
                            "附件1各项目行决算数合计",
                            ("basic", "rows", "project", "actual"),
                        ),
                    )
                }
            ),
            computed(derived.project_total, "按各项目行合计计算的项目支出", "project"),
        ),
        Binding(
            ("三公经费",),
            "附件1“三公经费”",
            row("sangong", "三公经费"),
            computed(derived.sangong, "按公务用车、出国、公务接待合计计算的三公经费", "sangong"),
        ),
        Binding(("公务接待",), "附件1“公务接待”", row("reception", "公务接待")),
        Binding(
            ("公务用车购置和维护", "公务用车购置及运行维护"),
            "附件1“公务用车购置和维护经费”",
            row("car", "公务用车购置和维护经费"),
            computed(derived.car, "按公车购置、运行维护合计计算的公务用车购置和维护经费", "car"),
        ),
        Binding(("公车购置", "公务用车购置费"), "附件1“公车购置”", row("car_purchase", "公车购置")),
        Binding(
            ("公车运行维护", "公务用车运行维护"), "附件1“公车运行维护”", row("car_running", "公车运行维护")
        ),
        Binding(("出国经费", "因公出国"), "附件1“出国经费”", row("abroad", "出国经费")),
        Binding(("办公经费",), "附件1“办公经费”", row("public_office", "办公经费")),
        Binding(("政府采购",), "附件1“政府采购金额”", row("procurement", "政府采购金额")),
        Binding(
            ("政府性基金",),
            f"{a2}“政府性基金拨款”",
            _one(f.income_fund, f"{a2}“政府性基金拨款”", ("overall_funding", "income_fund")),
        ),
        Binding(
            ("年度资金总额",),
            f"{a2}“年度资金总额”",
            {
                "actual": (
                    Place(
                        f.total.full, f"{a2}“年度资金总额”全年预算数", ("overall_funding", "total", "full")
                    ),
                    Place(
                        f.total.executed,
                        f"{a2}“年度资金总额”全年执行数",
                        ("overall_funding", "total", "executed"),
                    ),
                ),
                "budget": (
                    Place(
                        f.total.full, f"{a2}“年度资金总额”全年预算数", ("overall_funding", "total", "full")
                    ),
                    Place(
                        f.total.initial,
                        f"{a2}“年度资金总额”年初预算数",
                        ("overall_funding", "total", "initial"),
                    ),
                    Place(f.expend_total, f"{a2}按支出性质分合计", ("overall_funding", "expend_total")),
                ),
            },
        ),
        Binding(
            ("支出总额",),
            f"{a2}“年度资金总额”全年执行数",
            {
                "actual": (
                    Place(
                        f.total.executed,
                        f"{a2}“年度资金总额”全年执行数",
                        ("overall_funding", "total", "executed"),
                    ),
                ),
                "budget": (
                    Place(
                        f.total.full, f"{a2}“年度资金总额”全年预算数", ("overall_funding", "total", "full")
                    ),
                    Place(f.expend_total, f"{a2}按支出性质分合计", ("overall_funding", "expend_total")),
                ),
            },
        ),
    ]
    by_name: dict[str, model.Project] = {p.name.strip(): p for p in pkg.projects if p.name.strip()}
    used: set[str] = set()

    def project_place(name: str) -> tuple[Place, ...]:
        p = by_name.get(name)
        if p is None:
            return ()
        used.add(name)
        return (
            Place(
                p.funding.total.executed,
                f"附件3“{name}”全年执行数",
                ("projects", p.id, "funding", "total", "executed"),
            ),
        )

    lines: list[tuple[str, Path, model.Triple | model.NamedLine]] = [
        ("业务工作经费", ("basic", "rows", "project_business"), b.row("project_business")),
        ("运行维护经费", ("basic", "rows", "project_operation"), b.row("project_operation")),
    ]
    lines += [(ln.name.strip(), ("basic", "special", i), ln) for i, ln in enumerate(b.special)]
    lines += [(ln.name.strip(), ("basic", "transfer", i), ln) for i, ln in enumerate(b.transfer)]
    for name, base, t in lines:
        if len(name) >= 3:
            places = _with(_triple(y, f"附件1“{name}”", base, t), "actual", *project_place(name))
            out.append(Binding(_short_name(name), f"附件1“{name}”", places))
    for name, p in by_name.items():
        if name not in used and len(name) >= 3:
            label = f"附件3“{name}”全年执行数"
            out.append(
                Binding(
                    _short_name(name),
                    f"附件3“{name}”",
                    _one(p.funding.total.executed, label, ("projects", p.id, "funding", "total", "executed")),
                )
            )
    return out


def staff_bindings(pkg: model.Package) -> list[Binding]:
    """What the report's head-counts (人) are compared with: 编制数, 实际在职人数, 编制 by kind."""
    u = pkg.unit

    def count(v: int | None, label: str, path: Path) -> dict[str, tuple[Place, ...]]:
        return {"actual": (Place(Decimal(v) if v is not None else None, label, path),)}

    out = [
        Binding(
            ("编制数", "总编制", "编制总数", "核定编制"),
            "附件1“编制数”",
            count(u.staff_authorized, "附件1“编制数”", ("unit", "staff_authorized")),
        ),
        Binding(
            ("实际在职", "在职人数", "在职人员", "实有人数", "在编人数"),
            "附件1“实际在职人数”",
            count(u.staff_actual, "附件1“实际在职人数”", ("unit", "staff_actual")),
        ),
    ]
    for i, s in enumerate(u.staff_by_type):
        kind = s.kind.strip()
        if len(kind) >= 2:
            out.append(
                Binding(
                    (kind,),
                    f"附件1“{kind}”",
                    count(s.count, f"附件1“{kind}”", ("unit", "staff_by_type", i, "count")),
                )
            )
    return out


@dataclass(frozen=True)
class Bound:
    """A figure bound to a binding: the column the sentence speaks of, or ``None`` when it cannot say."""

    binding: Binding
    column: str | None


def bind(fig: TextFigure, binds: list[Binding], year: int) -> Bound | None:
    """The binding ``fig`` speaks of (nearest alias before the number, or ``…的<alias>`` after it)."""
    if fig.approx or fig.change:
        return None
    best: tuple[int, int, Binding] | None = None
    for bd in binds:
        for a in bd.aliases:
            at = fig.label.rfind(a)
            if at >= 0:
                key = (at + len(a), len(a), bd)
                if best is None or key[:2] > best[:2]:
                    best = key
    gap = ""
    if best is not None:
        gap = fig.label[best[0] :]
    elif fig.after.startswith("的"):
        tail = fig.after[1:]
        for bd in binds:
            for a in bd.aliases:
                if tail.startswith(a) and (best is None or len(a) > best[1]):
                    best = (0, len(a), bd)
    if best is None or len(gap) > _MAX_GAP or any(w in gap for w in _GAP_REFUSE):
        return None
    bd = best[2]
    if _speaks_of_budget(fig.label):
        return Bound(bd, "budget" if "budget" in bd.places else None)
    if fig.prev_words or fig.year == year - 1:
        return Bound(bd, "prev" if "prev" in bd.places else None)
    return Bound(bd, "actual" if fig.year in (None, year) else None)
