"""End to end with the real checks, PDF and XLSX: the sample's upload package, built and verified."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from evaldesk.core import model, rulesets
from evaldesk.core.checks import run_checks
from evaldesk.core.sample import load_sample
from evaldesk.export.package import (
    OpenErrorsRefused,
    build_package,
    fingerprint,
    read_package,
    verify_package,
)

NOW = dt.datetime(2024, 3, 15, 9, 30, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
REASON = "样例按原样上报：差异已在自评报告第十部分说明。"


def clean_sample() -> model.Package:
    """The sample with its nine errors corrected (the figures the checks say they should be)."""
    pkg = load_sample()
    pkg.unit.control_rate_entered = Decimal("95.92")  # R1: 47 ÷ 49
    funding = pkg.projects[0].funding
    funding.total.rate_entered = Decimal("100")  # R9
    funding.total.initial = funding.current.initial = Decimal("80")  # R11: 附件1 预算数
    funding.current.rate_entered = funding.current.weight_entered = funding.current.score_entered = (
        None  # R12
    )
    del pkg.projects[0].performance.indicators[6]  # R13/R14: 产出指标 55 → 50 分
    for section in pkg.report:
        for sub in section.subsections:  # R17: the report's figures as in 附件1
            sub.body = sub.body.replace("商品和服务支出84.78万元", "商品和服务支出77.23万元")
            sub.body = sub.body.replace("业务工作经费382.55万元", "业务工作经费74.99万元")
    return pkg


@pytest.fixture(scope="module")
def built() -> tuple[model.Package, bytes, float]:
    pkg = load_sample()
    data = build_package(pkg, accept_open_errors=REASON, now=NOW)
    return pkg, data, 0.0


def test_the_sample_is_refused_without_a_reason() -> None:
    pkg = load_sample()
    errors = [f for f in run_checks(pkg) if f.severity == "error"]
    assert len(errors) == 9
    with pytest.raises(OpenErrorsRefused) as info:
        build_package(pkg, now=NOW)
    assert info.value.errors == errors
    text = str(info.value)
    assert text.startswith("审核发现9处错误尚未处理，不能生成上传包：")
    for f in errors:
        assert f"[{f.rule_id}]" in text and f.message in text


def test_the_sample_package_verifies(built: tuple[model.Package, bytes, float]) -> None:
    pkg, data, seconds = built
    report = verify_package(data)
    assert report.ok, report.lines()
    assert report.lines()[0] == (
        f"校验通过：岳阳楼区应急管理局 2023年度上传包完整，数据与清单一致（数据指纹 {fingerprint(pkg)}）。"
    )
    assert report.to_dict()["ok"] is True and report.to_dict()["problems"] == []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        doc = json.loads(zf.read("manifest.json"))
    assert doc["findings"] == {"error": 9, "warning": 18, "hint": 5}
    assert doc["open_errors_accepted"]["reason"] == REASON
    assert [e["rule_id"] for e in doc["open_errors_accepted"]["errors"]] == [
        "R1",
        "R9",
        "R9",
        "R11",
        "R12",
        "R13",
        "R14",
        "R17",
        "R17",
    ]
    assert doc["scores"][0]["total"] == "100.00" and doc["scores"][0]["grade"] == "优"


def test_pdf_pages_carry_the_fingerprint(built: tuple[model.Package, bytes, float]) -> None:
    pkg, data, _ = built
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pdf = zf.read("岳阳楼区应急管理局-2023-绩效自评报告.pdf")
    pages = PdfReader(io.BytesIO(pdf)).pages
    total = len(pages)
    assert total > 5
    fp = fingerprint(pkg)
    # The PDF renderer leaves the cover bare (it carries the seal); every other page has the line.
    for n, page in enumerate(pages[1:], start=2):
        assert f"{fp} 第{n}页/共{total}页" in page.extract_text(), n


def test_xlsx_member_opens(built: tuple[model.Package, bytes, float]) -> None:
    _, data, _ = built
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        book = openpyxl.load_workbook(io.BytesIO(zf.read("岳阳楼区应急管理局-2023-绩效自评表.xlsx")))
    assert len(book.sheetnames) >= 3


def test_the_package_imports_as_the_same_draft(built: tuple[model.Package, bytes, float]) -> None:
    pkg, data, _ = built
    assert read_package(data) == rulesets.with_content(pkg)  # plus the rule set the sample is scored by


def test_a_clean_package_needs_no_reason() -> None:
    pkg = clean_sample()
    data = build_package(pkg, now=NOW)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        doc = json.loads(zf.read("manifest.json"))
    assert doc["findings"]["error"] == 0
    assert doc["open_errors_accepted"] is None
    assert verify_package(data).ok
