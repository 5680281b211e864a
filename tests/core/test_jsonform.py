from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from evaldesk.core import jsonform, model
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample


def test_sample_round_trip_is_byte_identical() -> None:
    text = jsonform.dumps(load_sample())
    assert jsonform.dumps(jsonform.loads(text)) == text
    assert jsonform.loads(text) == load_sample()


def test_sample_holds_the_reference_figures_as_submitted() -> None:
    pkg = load_sample()
    assert pkg.fiscal_year == 2023
    assert pkg.unit.name == "岳阳楼区应急管理局"
    assert (pkg.unit.staff_authorized, pkg.unit.staff_actual, pkg.unit.control_rate_entered) == (
        49,
        47,
        Decimal("100"),
    )
    assert pkg.basic.rows["project"].actual == Decimal("1194.6")
    assert pkg.basic.rows["sangong"].prev == Decimal("4.8")
    assert [line.name for line in pkg.basic.special][:2] == ["安全隐患整治", "仓田消防站"]
    assert pkg.basic.transfer[0].actual == Decimal("10")
    assert pkg.overall_funding.total.full == Decimal("1818.34")
    assert pkg.overall_funding.income_fund is None  # blank on the form, not 0
    proj = pkg.projects[0]
    assert proj.name == "业务工作经费"
    assert proj.funding.current.weight_entered == Decimal("10")  # a mistake kept as submitted
    assert proj.performance.indicators[1].target == "≤≤15轮"
    assert proj.funding.carryover == model.FundingRow()
    assert pkg.cover.date == dt.date(2024, 5, 6)
    assert pkg.cover.unit_name == ""
    assert [s.heading for s in pkg.report][5] == "6、 单位整体支出绩效情况"
    assert "商品和服务支出84.78万元" in pkg.report[1].subsections[0].body


def test_decimals_keep_their_entered_digits() -> None:
    pkg = model.new_package("单位", "部门", 2023)
    pkg.basic.rows["sangong"] = model.Triple(Decimal("4.80"), Decimal("89.974"), Decimal("0"))
    back = jsonform.loads(jsonform.dumps(pkg))
    assert str(back.basic.rows["sangong"].prev) == "4.80"
    assert str(back.basic.rows["sangong"].budget) == "89.974"


def test_attachment_bytes_round_trip() -> None:
    pkg = model.new_package("单位", "部门", 2023)
    pkg.attachments.append(model.Attachment("a1", "签字页.pdf", "application/pdf", b"%PDF-\x00\xff"))
    assert jsonform.loads(jsonform.dumps(pkg)).attachments[0].data == b"%PDF-\x00\xff"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "不是有效的 JSON"),
        ("[1, 2]", "缺少格式标识"),
        ('{"format": "evaldesk-package"}', "缺少版本号"),
        ('{"format": "evaldesk-package", "version": 99}', "更新版本"),
        ('{"format": "evaldesk-package", "version": 1, "fiscal_year": "2023"}', "$.fiscal_year 应为整数"),
        (
            '{"format": "evaldesk-package", "version": 1, "basic": {"rows": {"sangong": {"prev": "abc"}}}}',
            "无效",
        ),
        (
            '{"format": "evaldesk-package", "version": 1, "basic": {"rows": {"sangong": {"prev": true}}}}',
            "数值文本",
        ),
        ('{"format": "evaldesk-package", "version": 1, "unit": {"nme": "x"}}', "无法识别的字段：nme"),
        ('{"format": "evaldesk-package", "version": 1, "cover": {"date": "2024-13-01"}}', "日期"),
        ('{"format": "evaldesk-package", "version": 1, "unit": {"staff_actual": 1e400}}', "整数"),
        ("[" * 100000, "嵌套"),
    ],
)
def test_bad_json_is_refused_with_a_message(text: str, fragment: str) -> None:
    with pytest.raises(FileFormatError) as e:
        jsonform.loads(text)
    assert fragment in str(e.value)


def test_json_is_versioned_and_readable() -> None:
    data = json.loads(jsonform.dumps(load_sample()))
    assert data["format"] == "evaldesk-package" and data["version"] == jsonform.FORMAT_VERSION
    assert data["overall_funding"]["total"]["full"] == "1818.34"


def test_json_numbers_are_read_exactly_as_decimals() -> None:
    pkg = jsonform.loads(
        '{"format": "evaldesk-package", "version": 1, "basic": {"rows": {"sangong": {"prev": 0.1}}}}'
    )
    assert pkg.basic.rows["sangong"].prev == Decimal("0.1")
