"""What a computed cell shows — the one rule shared by the window, the PDF and the XLSX.

A computed cell (控制率, the 附件1 and 附件2 totals, 执行率, 分值, 得分, 总分) has two figures behind it:
what EvalDesk computes and what the clerk typed or imported (``*_entered``). docs/computed-figures.md
states the rule; in short:

1. computable → the computed figure is shown (grey on screen) and printed;
2. not computable (a blank input, a division by 0, an indicator that cannot be scored) → the entered
   figure is shown and printed *as entered* (never on a grey cell), or nothing when none was entered;
3. computed and entered differ by more than the rule set's tolerance → the computed figure is shown and
   printed, and the entered one is visible beside it (red cell and tooltip on screen, a note under the
   table on paper), as the 审核 finding says.

Every view calls :func:`shown`, so none can print a figure another does not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from evaldesk.core.rulesets import RuleSet

Source = Literal["computed", "entered", "blank"]


@dataclass(frozen=True)
class Shown:
    """The figure a computed cell shows, where it comes from, and a disagreeing entered figure."""

    value: Decimal | None
    source: Source
    differing_entry: Decimal | None = None  # the entered figure when it disagrees with ``value``

    @property
    def is_computed(self) -> bool:
        return self.source == "computed"


def tolerance(kind: str, rs: RuleSet) -> Decimal:
    """How far an entered figure may be from the computed one and still agree (the checks' tolerance)."""
    if kind == "percent":
        return rs.rate_points
    if kind == "score":
        return rs.score_tolerance
    if kind in ("count", "int"):
        return Decimal(0)
    return rs.money_pass


def differs(kind: str, entered: Decimal | None, computed: Decimal | None, rs: RuleSet) -> bool:
    """Whether an entered figure disagrees with the computed one (both present, beyond tolerance)."""
    if entered is None or computed is None:
        return False
    return abs(Decimal(entered) - Decimal(computed)) > tolerance(kind, rs)


def shown(kind: str, computed: Decimal | None, entered: Decimal | None, rs: RuleSet) -> Shown:
    """The figure a computed cell of ``kind`` (amount · percent · score · count) shows."""
    if computed is not None:
        off = Decimal(entered) if entered is not None and differs(kind, entered, computed, rs) else None
        return Shown(computed, "computed", off)
    if entered is not None:
        return Shown(Decimal(entered), "entered")
    return Shown(None, "blank")
