"""Live figures in the report print as their current values, and survive the workbook round trip."""

from __future__ import annotations

from evaldesk.core import jsonform
from evaldesk.core.narrative import insert_field_token
from evaldesk.core.sample import load_sample
from evaldesk.export import pdf, xlsx
from tests.helpers.pdf import pdf_text


def _with_live_field():  # type: ignore[no-untyped-def]
    pkg = load_sample()
    pkg.report[2].body = "本年度基本支出为" + insert_field_token("overall:expend_basic") + "万元。"
    return pkg


def test_pdf_prints_the_current_value_not_the_token() -> None:
    pkg = _with_live_field()
    text = pdf_text(pdf.render(pkg))
    assert "本年度基本支出为623.74万元。" in "".join(text.split())
    assert "⟦" not in text


def test_workbook_shows_the_value_and_round_trips_the_field() -> None:
    pkg = _with_live_field()
    back = xlsx.read_workbook(xlsx.render(pkg))
    assert back.report[2].body == pkg.report[2].body
    assert jsonform.dumps(back) == jsonform.dumps(pkg)
