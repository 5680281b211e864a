"""The rows of the 与上年对比 tables as texts: amounts, change, change %, flags and their reasons.

``ui.review.yoy_dialog`` shows them (colours by flag, double-click to the cell). 本表两年对比
(:func:`within_rows`) sets 附件1's own Y−1年决算数 column beside its Y年决算数; 与上年自评包对比
(:func:`compare_rows`) sets last year's package beside this one (``yoy.yoy_rows`` and ``yoy.compare_years``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evaldesk.core import edits, model, money, yoy
from evaldesk.core.findings import Finding

FLAG_NAMES = {"mismatch": "与上年自评包不一致", "same": "与上年完全相同", "sharp": "变化较大"}
_FLAG_ORDER = ("mismatch", "same", "sharp")


@dataclass(frozen=True)
class ViewRow:
    """One table row: the texts shown, the flags with their reasons, and the cell a double-click shows."""

    group: str
    label: str
    last: str
    this: str
    change: str
    pct: str
    flags: tuple[str, ...] = ()  # of FLAG_NAMES, most serious first
    reasons: tuple[str, ...] = ()
    details: tuple[str, ...] = ()  # the findings' full messages (tooltip)
    path: edits.Path = ()

    @property
    def flag(self) -> str:
        return self.flags[0] if self.flags else ""


def _amount(d: Decimal | None) -> str:
    return money.format_amount(d)


def _signed(d: Decimal | None, text: str) -> str:
    if d is None:
        return ""
    return f"+{text}" if d > 0 else f"−{text.lstrip('-')}" if d < 0 else text


def _short_reason(f: Finding, year: int) -> tuple[str, str]:
    """(flag, reason as the table says it) for a finding of ``core.yoy``."""
    if f.rule_id == yoy.SHARP_CHANGE:
        return "sharp", "变化较大：请核对数据，并在自评报告中说明原因。"
    if f.rule_id == yoy.PREV_MISMATCH:
        written, reported = f.values.get("written"), f.values.get("reported")
        return "mismatch", (
            f"本表的{year - 1}年决算数填为{_amount(written)}，上年自评包中为{_amount(reported)}，两者应一致。"
        )
    if f.values.get("whole_row"):
        return "same", "整行与上年自评包相同：可能沿用了上年的表格，请填写本年度的数据。"
    if "indicators" in f.location.path:
        return "same", "实际完成值与上年完全相同：工作量连续两年一致的情况较少见，请确认是本年度的值。"
    return "same", "与上年完全相同：两年一分不差的情况较少见，请确认不是照抄了上年的数据。"


def _row_key(path: edits.Path) -> edits.Path:
    """Y3 sits on the Y−1年决算数 cell; its row is the one of the Y年决算数 cell."""
    return (*path[:-1], "actual") if path[-1:] == ("prev",) else tuple(path)


def _rows(yoy_rows: list[yoy.YoyRow], found: list[Finding], year: int) -> list[ViewRow]:
    by_path: dict[edits.Path, list[Finding]] = {}
    for f in found:
        by_path.setdefault(_row_key(tuple(f.location.path)), []).append(f)
    out: list[ViewRow] = []
    for r in yoy_rows:
        mine = by_path.pop(tuple(r.path), []) if r.path else []
        flagged = sorted((_short_reason(f, year) for f in mine), key=lambda fr: _FLAG_ORDER.index(fr[0]))
        label = r.label
        if label.startswith(f"{r.group}“") and label.endswith("”"):
            label = label[len(r.group) + 1 : -1]  # 区级专项“仓田消防站” in the 区级专项 group: 仓田消防站
        pct = money.format_percent(r.change_pct) if r.change_pct is not None else ""
        if r.change_pct is None and r.change:
            pct = "上年为0"
        out.append(
            ViewRow(
                r.group,
                label,
                _amount(r.last),
                _amount(r.this),
                _signed(r.change, _amount(r.change)),
                _signed(r.change_pct, pct) if r.change_pct is not None else pct,
                tuple(dict.fromkeys(fl for fl, _ in flagged)),
                tuple(reason for _, reason in flagged),
                tuple(f.message for f in mine),
                tuple(r.path),
            )
        )
    for f in (f for fs in by_path.values() for f in fs):  # indicator actuals (Y2): no amount row
        flag, reason = _short_reason(f, year)
        last, this = f.values.get("last"), f.values.get("this")
        out.append(
            ViewRow(
                "指标",
                f.location.label,
                str(last or ""),
                str(this or ""),
                "",
                "",
                (flag,),
                (reason,),
                (f.message,),
                tuple(f.location.path),
            )
        )
    return out


def within_rows(pkg: model.Package) -> list[ViewRow]:
    """本表两年对比: each 附件1 row's Y−1年决算数 beside its Y年决算数, sharp changes and copies flagged."""
    prev, cur = yoy.columns_as_years(pkg)
    sharp = [f for f in yoy.compare_years(prev, cur) if f.rule_id == yoy.SHARP_CHANGE]
    rows = [r for r in yoy.yoy_rows(prev, cur) if r.group in ("附件1", "区级专项", "上级转移支付")]
    return _rows(rows, sharp + yoy.stale_copy_findings(pkg), pkg.fiscal_year)


def compare_rows(prev: model.Package, cur: model.Package) -> list[ViewRow]:
    """与上年自评包对比: ``yoy.yoy_rows`` with the findings of ``yoy.compare_years`` beside each row."""
    return _rows(yoy.yoy_rows(prev, cur), yoy.compare_years(prev, cur), cur.fiscal_year)
