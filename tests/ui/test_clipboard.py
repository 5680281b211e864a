"""TSV blocks as Excel/WPS put them on the clipboard."""

from __future__ import annotations

from evaldesk.ui.grid.clipboard import parse_tsv, to_tsv


def test_parse_excel_block():
    assert parse_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert parse_tsv("1\t\t3\n") == [["1", "", "3"]]
    assert parse_tsv('"a\nb"\t"say ""hi"""\n') == [["a\nb", 'say "hi"']]
    assert parse_tsv("x\n\n\n") == [["x"]]
    assert parse_tsv("") == []


def test_round_trip():
    rows = [["三公经费", "4.8"], ['带"引号', "多\n行"]]
    assert parse_tsv(to_tsv(rows)) == rows
