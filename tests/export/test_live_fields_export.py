"""Live figures in the report print as their current values, and survive the workbook round trip."""

from __future__ import annotations

import subprocess

from evaldesk.core import jsonform
from evaldesk.core.narrative import insert_field_token
from evaldesk.core.sample import load_sample
from evaldesk.export import pdf, xlsx


def _with_live_field():  # type: ignore[no-untyped-def]
    pkg = load_sample()
    pkg.report[2].body = "本年度基本支出为" + insert_field_token("overall:expend_basic") + "万元。"
    return pkg


def test_pdf_prints_the_current_value_not_the_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pkg = _with_live_field()
    out = tmp_path / "r.pdf"
    out.write_bytes(pdf.render(pkg))
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "本年度基本支出为623.74万元。" in text.replace(" ", "")
    assert "⟦" not in text


def test_workbook_shows_the_value_and_round_trips_the_field() -> None:
    pkg = _with_live_field()
    back = xlsx.read_workbook(xlsx.render(pkg))
    assert back.report[2].body == pkg.report[2].body
    assert jsonform.dumps(back) == jsonform.dumps(pkg)
