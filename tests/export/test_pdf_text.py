"""Line breaking and font fallback used by the PDF (no PDF rendered here)."""

from __future__ import annotations

import pytest

from evaldesk.core import paths
from evaldesk.core.errors import FileFormatError
from evaldesk.export import fonts
from evaldesk.export.pdf.linebreak import NO_START, balanced, break_lines, tokens


@pytest.fixture(scope="module")
def fs() -> fonts.FontSet:
    return fonts.font_set()[0]


def test_tokens_keep_numbers_units_and_punctuation_together() -> None:
    assert tokens("≤1818.34万元") == ["≤1818.34", "万", "元"]
    assert tokens("产出指标（50分）") == ["产出", "指标", "（50分）"]
    assert tokens("工作，协助") == ["工", "作，", "协", "助"]
    assert tokens("“三坚决”") == ["“三", "坚", "决”"]
    assert "".join(tokens("排查各类安全隐患个数≤3755个")) == "排查各类安全隐患个数≤3755个"


def test_lines_never_start_with_closing_punctuation(fs: fonts.FontSet) -> None:
    text = "依法组织一般生产安全事故的调查处理和结案办理工作，协助上级做好较大以上事故的调查处理工作。" * 3
    for width in range(60, 300, 7):
        lines = break_lines(text, width, fs.table, 10.5, balance=False)
        assert "".join(lines) == text
        assert all(line[0] not in NO_START for line in lines), (width, lines)


def test_balanced_headers(fs: fonts.FontSet) -> None:
    toks = tokens("全年预算数")
    assert balanced(toks, 45, fs.table_bold, 10.5) == ["全年", "预算数"]
    assert balanced(tokens("满意度指标（10分）"), 46, fs.table, 10.5) == ["满意度", "指标", "（10分）"]


def test_markup_falls_back_for_missing_glyphs(fs: fonts.FontSet) -> None:
    rare, nowhere = "\U00020087", "\U0002a6d6"
    assert not fonts.covers(fs.body, rare) and fonts.covers(fs.table, rare)
    w = fonts.Warnings()
    m = fonts.markup(f"李{rare}<&>", fs.body, fs, w)
    assert m == f'李<font face="{fs.table}">{rare}</font>&lt;&amp;&gt;'
    assert w.items == []
    fonts.markup(f"王{nowhere}", fs.body, fs, w, "签字栏")
    fonts.markup(f"张{nowhere}", fs.body, fs, w, "签字栏")
    assert len(w.items) == 1 and "U+2A6D6" in w.items[0] and "签字栏" in w.items[0]


def test_missing_or_unusable_font_is_a_loud_error(tmp_path) -> None:
    with pytest.raises(FileFormatError, match="找不到"):
        fonts.load_font(tmp_path / "none.ttf")
    with pytest.raises(FileFormatError):
        fonts.load_font(paths.resource("fonts", "README.md"))


def test_a_font_is_registered_once(tmp_path, monkeypatch) -> None:
    # A copy of a bundled font: a file this process has not registered yet.
    path = tmp_path / "正文.ttf"
    path.write_bytes(paths.resource("fonts", fonts.BUNDLED["kai"]).read_bytes())
    registered: list[str] = []
    real_register = fonts.pdfmetrics.registerFont

    def spy(font):
        registered.append(font.fontName)
        return real_register(font)

    monkeypatch.setattr(fonts.pdfmetrics, "registerFont", spy)
    name = fonts.load_font(path)
    assert registered == [name]
    assert name in fonts.pdfmetrics.getRegisteredFontNames()
    assert fonts.load_font(path) == name
    assert fonts.load_font(tmp_path / ".." / tmp_path.name / "正文.ttf") == name  # same file, other spelling
    assert registered == [name]
    # The bundled fonts too: the PDF asks for them many times, reportlab is told once.
    serif = fonts.bundled("serif")
    registered.clear()
    assert fonts.bundled("serif") == serif and fonts.font_set()[0].number == serif
    assert registered == []
