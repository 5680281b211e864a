"""The figures of 附件1 that EvalDesk computes, gathered from ``core.derived`` as the grid needs them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from evaldesk.core import derived, model

# 附件1 total rows and the core function computing each column.
_TOTALS = {"sangong": derived.sangong, "car": derived.car, "project": derived.project_total}


@dataclass(frozen=True)
class BasicDerived:
    """附件1's computed figures: 控制率, the two 楼堂馆所 rates (percent) and the total rows."""

    control_rate: Decimal | None = None
    area_rate: Decimal | None = None
    invest_rate: Decimal | None = None
    totals: dict[str, model.Triple] = field(default_factory=dict)  # "sangong" / "car" / "project"


def basic(pkg: model.Package) -> BasicDerived:
    """The computed 附件1 figures of ``pkg`` (``None`` where nothing can be computed)."""
    b = pkg.basic
    totals = {
        key: model.Triple(*(fn(b, col).value for col in derived.COLUMNS)) for key, fn in _TOTALS.items()
    }
    return BasicDerived(
        control_rate=derived.control_rate(pkg.unit).value,
        area_rate=derived.area_rate(b.building).value,
        invest_rate=derived.invest_rate(b.building).value,
        totals=totals,
    )


def weight_total(execution_weight: Decimal | None, indicators: list[model.Indicator]) -> Decimal | None:
    """The 总分 row's 分值: 执行率 分值 + Σ 三级 分值 (``None`` when nothing is filled)."""
    return derived.total([execution_weight, *(i.weight for i in indicators)])
