"""打开/导入 and 从上年继续 accept a Word package (.docx)."""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from evaldesk.core import jsonform
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft
from evaldesk.export.docx import render_docx


def _edited_in_word() -> bytes:
    """Our export, one figure changed in Word: it is then read from its text like a hand-made one."""
    doc = Document(io.BytesIO(render_docx(load_sample()).data))
    for cell in (c for t in doc.tables[:2] for c in t._cells):  # 附件1
        if cell.text.strip() == "960.33":
            cell.paragraphs[0].runs[0].text = "970.33"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_opening_a_word_package_imports_it_into_a_new_draft(qtbot, window, monkeypatch, tmp_path):
    word = tmp_path / "去年的报告.docx"
    word.write_bytes(render_docx(load_sample()).data)
    saved = tmp_path / "导入的草稿.evaldesk"
    filters: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda _p, _t, _s, filt: filters.append(filt) or (str(word), "")
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    window.open_dialog()
    assert "*.docx" in filters[0]
    assert window.session is not None and window.session.path == saved
    window.close_document()
    with Draft.open(saved) as d:
        assert jsonform.dumps(d.package) == jsonform.dumps(load_sample())


def test_carry_over_from_last_years_word_package(qtbot, window, monkeypatch, tmp_path):
    word = tmp_path / "2023年度自评报告.docx"
    word.write_bytes(_edited_in_word())
    target = tmp_path / "岳阳楼区应急管理局-2024年度.evaldesk"
    filters: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda _p, _t, _s, filt: filters.append(filt) or (str(word), "")
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(window.start_page.carry_button, Qt.MouseButton.LeftButton)
    assert "*.docx" in filters[0]
    session = window.session
    assert session is not None and session.path == target
    pkg = session.package
    assert pkg.fiscal_year == 2024 and pkg.carried
    assert pkg.unit.name == "岳阳楼区应急管理局"
    # Last year's 决算 (as edited in Word) becomes this year's 上年决算.
    assert pkg.basic.rows["procurement"].prev == Decimal("208.64")
    assert [p.name for p in pkg.projects] == [p.name for p in load_sample().projects]
