"""Word out: the official layout as an editable .docx, its tables built from the same grids as the PDF."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from evaldesk.cli import main as cli_main
from evaldesk.core import jsonform, scoring
from evaldesk.core.sample import load_sample
from evaldesk.export import forms
from evaldesk.export.docx import render_docx
from evaldesk.export.docx.writer import fit_size
from evaldesk.export.package import fingerprint


@pytest.fixture(scope="module")
def sample_doc():
    pkg = load_sample()
    fp = fingerprint(pkg)
    result = render_docx(pkg, fp)
    return pkg, fp, result, Document(io.BytesIO(result.data))


def _east_asian(run) -> str:  # type: ignore[no-untyped-def]
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def test_page_geometry_is_gb_t_9704(sample_doc):
    _, _, _, doc = sample_doc
    for s in doc.sections:
        assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)  # A4
        assert abs(s.top_margin - Mm(37)) < Mm(0.1) and abs(s.left_margin - Mm(28)) < Mm(0.1)
        assert abs(s.page_width - s.left_margin - s.right_margin - Mm(156)) < Mm(0.1)  # the 版心
        assert abs(s.page_height - s.top_margin - s.bottom_margin - Mm(225)) < Mm(0.1)


def test_fonts_body_fangsong_headings_heiti_and_kaiti(sample_doc):
    pkg, _, _, doc = sample_doc
    paras = {p.text: p for p in doc.paragraphs if p.text}
    assert _east_asian(paras["一、单位基本情况"].runs[0]) == "黑体"
    assert _east_asian(paras["（一）职能职责"].runs[0]) == "楷体"
    body = next(p for p in doc.paragraphs if p.text.startswith("1、承担区人民政府"))
    assert _east_asian(body.runs[0]) == "仿宋" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters
    assert _east_asian(paras["附件1"].runs[0]) == "黑体"
    title = paras["2023年度岳阳楼区应急管理局\n整体支出绩效自评报告"]  # broken as printed reports break it
    assert title.text.replace("\n", "") == pkg.title()
    assert title.runs[0].font.bold and title.runs[0].font.size.pt == 22


def test_tables_are_the_form_grids_with_real_merged_cells(sample_doc):
    pkg, _, _, doc = sample_doc
    grids = forms.all_forms(pkg, scoring.score_package(pkg))
    tables = iter(doc.tables)
    for g in grids:
        # A grid whose column headers sit below its top is set as two tables, the second starting
        # with the headers, which Word repeats on every page the table runs on.
        parts = [(0, g.header_start), (g.header_start, g.n_rows)] if g.header_start else [(0, g.n_rows)]
        for first, end in parts:
            table = next(tables)
            assert (len(table.rows), len(table.columns)) == (end - first, g.n_cols)
            for c in g.cells:
                if not first <= c.row < end:
                    continue
                top = table.cell(c.row - first, c.col)
                assert top.text == c.text, (g.label, c.row, c.col)
                assert table.cell(c.last_row - first, c.last_col)._tc is top._tc  # one merged cell
                if c.colspan == 1 and c.rowspan == 1 and c.col + 1 < g.n_cols:
                    assert table.cell(c.row - first, c.col + 1)._tc is not top._tc
            header_flags = [
                row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
                for row in table.rows
            ]
            repeated = g.header_rows if first == g.header_start else 0
            assert header_flags == [True] * repeated + [False] * (end - first - repeated)
    assert next(tables, None) is None
    indicators = doc.tables[3]  # 附件2's second table
    block = indicators.cell(0, 0)
    assert block.text == "绩效指标" and indicators.cell(10, 0)._tc is block._tc  # spans its 11 rows


def test_page_numbers_fields_odd_right_even_left_cover_uncounted_fingerprint_below(sample_doc):
    _, fp, _, doc = sample_doc
    assert doc.settings.odd_and_even_pages_header_footer
    cover, report, *attachments = doc.sections
    assert "PAGE" not in cover.footer._element.xml
    odd, even = report.footer, report.even_page_footer
    for footer in (odd, even):
        xml = footer._element.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
        assert footer.paragraphs[1].text == f"数据指纹 {fp}"
    assert odd.paragraphs[0].alignment == 2 and even.paragraphs[0].alignment == 0  # right / left
    assert report._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    for s in attachments:  # numbering runs on through the attachments
        pg = s._sectPr.find(qn("w:pgNumType"))
        assert pg is None or pg.get(qn("w:start")) is None
        assert s.footer.is_linked_to_previous


def test_a_long_figure_shrinks_instead_of_breaking():
    assert fit_size("805.63", 18) == 10.5
    assert fit_size("1,234,567.89", 18) < 10.5
    assert fit_size("1" * 80, 10) == 7.0


def test_cli_export_docx_and_dump_it_back(tmp_path, capsys):
    src = tmp_path / "s.evaldesk"
    assert cli_main(["sample", str(src)]) == 0
    out = tmp_path / "报告.docx"
    assert cli_main(["export", str(src), "--docx", str(out)]) == 0
    assert "已导出 Word 文档" in capsys.readouterr().out
    assert cli_main(["dump", str(out)]) == 0
    assert capsys.readouterr().out == jsonform.dumps(load_sample())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_opens_it_and_prints_the_fingerprint(sample_doc, tmp_path):
    from pypdf import PdfReader

    _, fp, result, _ = sample_doc
    src = tmp_path / "sample.docx"
    src.write_bytes(result.data)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    reader = PdfReader(str(tmp_path / "sample.pdf"))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) >= 8
    assert fp not in texts[0]  # the cover carries no furniture
    assert all(fp in t for t in texts[1:])
    assert any("附件1" in t and "基础数据表" in t for t in texts)
    assert "— 1 —" in texts[1]
    if shutil.which("pdftoppm"):  # pages to look at (tests/… leaves them in tmp_path)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "30",
                "-f",
                "1",
                "-l",
                "2",
                str(tmp_path / "sample.pdf"),
                str(tmp_path / "page"),
            ],
            check=True,
            timeout=300,
        )
        assert (tmp_path / "page-01.png").exists() or (tmp_path / "page-1.png").exists()
