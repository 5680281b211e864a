"""Page economy: a 附件3 of about twenty indicators prints on one A4 page (小五 where 五号 would not fit)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from bench.generate import large_package
from evaldesk.export.pdf import build

FORM3_TITLE = "年度项目支出绩效自评表"


def _form3_pages(n_indicators: int) -> tuple[list[int], int]:
    pkg = large_package(projects=2, indicators=n_indicators, lines=3, section_chars=50)
    res = build(pkg)
    texts = [(p.extract_text() or "") for p in PdfReader(io.BytesIO(res.data)).pages]
    return [i for i, t in enumerate(texts) if FORM3_TITLE in t], len(texts)


def test_twenty_indicators_fit_one_page() -> None:
    starts, total = _form3_pages(20)
    assert len(starts) == 2
    assert starts[1] - starts[0] == 1 and total - starts[1] == 1  # one page each, footer included


def test_a_longer_table_continues_with_its_header() -> None:
    starts, total = _form3_pages(30)
    assert starts[1] - starts[0] == 2  # two pages, the second opening with the repeated header
    pkg = large_package(projects=1, indicators=30, lines=3, section_chars=50)
    reader = PdfReader(io.BytesIO(build(pkg).data))
    second = reader.pages[-1].extract_text() or ""
    assert "三级指标" in second and "单位负责人签字" in second
