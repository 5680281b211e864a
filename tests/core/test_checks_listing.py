"""Issue 15 item 5: a sentence that lists the parts of a total is not a claim about the total (no R17)."""

from __future__ import annotations

import pytest

from evaldesk.core.checks import run_checks
from tests.helpers.checks import clean_package


@pytest.mark.parametrize(
    "text",
    [
        "2023年项目支出包括委员活动经费36.3万元，扫黑除恶工作经费1万元。",
        "项目支出主要用于应急救援36.3万元、安全宣传1万元。",
        "基本支出主要包括办公费等12.5万元。",
        "项目支出其中专项经费20万元。",
        "项目支出包含上级转移支付15万元。",
    ],
)
def test_a_sentence_listing_parts_is_not_about_the_total(text: str) -> None:
    pkg = clean_package()
    pkg.report[1].subsections[1].body = text
    assert [f.message for f in run_checks(pkg) if f.rule_id == "R17"] == []


def test_a_claim_about_the_total_is_still_checked() -> None:
    pkg = clean_package()
    pkg.report[1].subsections[1].body = "2023年项目支出为36.3万元，包括委员活动经费36.3万元。"
    r17 = [f for f in run_checks(pkg) if f.rule_id == "R17"]
    assert [(f.severity, f.values["snippet"]) for f in r17] == [("error", "2023年项目支出为36.3万元")]
