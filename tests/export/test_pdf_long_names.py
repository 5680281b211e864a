"""Names filled in at their limit (200 characters) stay on their page and in their place."""

from __future__ import annotations

from typing import Any

import pytest

from evaldesk.core import model
from evaldesk.core.sample import load_sample
from evaldesk.export import fonts, forms
from evaldesk.export.pdf import build
from evaldesk.export.pdf.styles import make_styles
from evaldesk.export.pdf.tables import footer_block
from tests.helpers.longest import longest_package, text
from tests.helpers.pdf import pdf_text, text_origins

A4_W = 595.27


def _long_names():  # type: ignore[no-untyped-def]
    pkg = load_sample()
    pkg.projects = pkg.projects[:1]
    pkg.cover.title = text(200, 7).replace("\n", "")
    pkg.cover.unit_name = text(200, 9).replace("\n", "")
    pkg.footer.leader, pkg.footer.preparer, pkg.footer.phone = (text(200, s) for s in (1, 2, 3))
    return pkg


@pytest.fixture(scope="module")
def long_names() -> Any:
    pkg = _long_names()
    return pkg, build(pkg)


def _flat(s: str) -> str:
    return "".join(s.split())


def test_the_cover_stays_one_page_with_its_name_and_date(long_names: Any) -> None:
    pkg, res = long_names
    cover = _flat(pdf_text(res.data, 1))
    assert "（盖章）" in cover and "2024年5月6日" in cover
    assert _flat(pkg.cover.unit_name)[-20:] in cover
    assert "盖章" not in pdf_text(res.data, 2)
    # A footer taller than what a page holds beside the table's last row follows it on its own
    # (the export failed); each form still has its signature page.
    assert len(res.marks["sign"]) == 3


def test_a_long_signature_name_wraps_inside_the_page(long_names: Any) -> None:
    pkg, res = long_names
    (seal,) = res.marks["seal"]
    runs = text_origins(res.data, seal)
    assert runs and all(0 <= x <= A4_W for x, _, _ in runs)
    assert _flat(pkg.cover.unit_name) in _flat(pdf_text(res.data, seal))


def test_the_signature_footer_rows_hold_the_names_filled_in() -> None:
    """The rows were 8 mm whatever they held: a long name ran up over the table above."""
    pkg = _long_names()
    st = make_styles(fonts.font_set()[0])
    grid = forms.form1(pkg)
    table = footer_block(grid, st, fonts.Warnings())[-2]
    widths = table._argW
    for row, height in zip(table._cellvalues, table._argH, strict=True):
        for cell, width in zip(row, widths, strict=True):
            if hasattr(cell, "wrap"):
                assert cell.wrap(width, 1e6)[1] <= height


def test_every_form_text_at_its_limit_exports_with_a_one_page_cover() -> None:
    """附件2 with every text at its limit: its 总分 row, the header above it and the footer filled in
    at 200 characters a name measured 628 points but printed 641 (the 绩效指标 label cut from its
    span), a page holds 638: the export failed."""
    pkg = longest_package(projects=0)
    pkg.report = model.standard_report()
    res = build(pkg)
    cover = _flat(pdf_text(res.data, 1))
    assert "（盖章）" in cover and "2024年5月6日" in cover
    assert len(res.marks["sign"]) == 2
