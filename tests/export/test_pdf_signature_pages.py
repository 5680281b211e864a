"""No orphan signature pages: the footer always shares its page with the end of its table."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from evaldesk.core import model
from evaldesk.core.sample import load_sample
from evaldesk.export.pdf import build


def _page_texts(data: bytes) -> list[str]:
    return [
        (p.extract_text() or "").replace("\n", "").replace(" ", "") for p in PdfReader(io.BytesIO(data)).pages
    ]


def _signature_page(texts: list[str], nth: int) -> str:
    return [t for t in texts if "单位负责人签字" in t][nth]


@pytest.mark.parametrize("lines", [0, 30])
def test_form1_signature_page_holds_the_last_blocks(lines: int) -> None:
    """With these many 区级专项 lines the footer and 厉行节约 used to land alone on the last page."""
    pkg = load_sample()
    pkg.report, pkg.projects = [], []
    one = Decimal(1)
    pkg.basic.special = [
        model.NamedLine(name=f"专项{i}", prev=one, budget=one, actual=one) for i in range(lines)
    ]
    page = _signature_page(_page_texts(build(pkg).data), 0)
    for text in ("楼堂馆所", "批复规模", "厉行节约保障措施", "填报日期"):
        assert text in page


@pytest.mark.parametrize("n", [8, 26])
def test_form3_signature_page_holds_the_total_and_rows_above(n: int) -> None:
    """附件3 of ``n`` indicators: the 总分 row and the two indicator rows above it sign with the footer."""
    pkg = load_sample()
    pkg.report = []
    project = pkg.projects[0]
    base = project.performance.indicators[:3]
    inds = [copy.deepcopy(base[i % 3]) for i in range(n)]
    for i, ind in enumerate(inds):
        ind.name = f"指标第{i}项"
    project.performance.indicators = inds
    pkg.projects = [project]
    page = _signature_page(_page_texts(build(pkg).data), -1)
    for text in (f"指标第{n - 2}项", f"指标第{n - 1}项", "总分", "单位负责人签字"):
        assert text in page
