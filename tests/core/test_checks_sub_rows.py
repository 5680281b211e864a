"""Issue 15 item 4: 执行率 from the rows that carry the money. A blank or 0 年度资金总额 row whose 其中 rows
have figures is an inconsistent block (R22), and 执行率 is still computed from the 其中 rows (R9 against an
entered rate), instead of "全年预算数为0，无法计分"."""

from __future__ import annotations

import pytest

from evaldesk.core import model
from evaldesk.core.checks import run_checks
from evaldesk.core.scoring import score_package
from tests.helpers.checks import D, clean_package


def _total_row_empty(value: object) -> model.Package:
    pkg = clean_package()
    t = pkg.projects[0].funding.total
    t.initial = t.full = t.executed = value  # type: ignore[assignment]
    return pkg


@pytest.mark.parametrize("value", [None, D(0)])
def test_rate_and_score_come_from_the_sub_rows(value: object) -> None:
    pkg = _total_row_empty(value)
    ts = score_package(pkg).projects["p1"]
    assert ts.funding.rate == D("100.00")
    assert ts.funding.score.value == D(10)
    assert "无法计分" not in ts.funding.score.trace
    assert "年度资金总额全年预算数按其中各行合计38.00" in ts.funding.score.trace
    assert ts.total.value == D(100)


@pytest.mark.parametrize("value", [None, D(0)])
def test_the_block_is_reported_inconsistent_once_per_column(value: object) -> None:
    pkg = _total_row_empty(value)
    found = [f for f in run_checks(pkg) if f.severity != "hint"]
    assert [(f.rule_id, f.location.key) for f in found] == [
        ("R22", "projects/p1/funding/total/initial"),
        ("R22", "projects/p1/funding/total/full"),
        ("R22", "projects/p1/funding/total/executed"),
    ]
    state = "未填写" if value is None else "为0"
    assert found[1].message == (
        f"附件3“业务工作经费”年度资金总额全年预算数{state}，但其中各行合计为38.00（当年财政拨款38.00）；"
        "年度资金总额应等于其中各行之和。"
    )


def test_an_entered_rate_is_checked_against_the_sub_rows() -> None:
    pkg = _total_row_empty(None)
    pkg.projects[0].funding.current.executed = D(19)
    pkg.projects[0].funding.current.rate_entered = None
    pkg.projects[0].funding.total.rate_entered = D(100)
    r9 = [f for f in run_checks(pkg) if f.rule_id == "R9"]
    assert [(f.location.key, f.values["computed"]) for f in r9] == [
        ("projects/p1/funding/total/rate_entered", D("50.00")),
        ("projects/p1/funding/total/score_entered", D(5)),
    ]
    assert r9[0].message == (
        "附件3“业务工作经费”：执行率填报为100%，按 全年执行数19.00 ÷ 全年预算数38.00 计算应为50.00%。"
    )
