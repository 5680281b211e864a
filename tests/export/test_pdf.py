"""The PDF package: fonts embedded, text extractable, parts and pages where they belong."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from evaldesk.core import model
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from evaldesk.export.pdf import PdfOptions, PdfResult, build, render, render_signature_pages
from tests.helpers.pdf import pdf_fonts, pdf_text

RARE = "\U00020087"  # 𠂇: in the bundled sans/kai fonts, not in the serif body font
NOWHERE = "\U0002a6d6"  # 𪛖: in none of the bundled fonts


@pytest.fixture(scope="module")
def sample() -> model.Package:
    return load_sample()


@pytest.fixture(scope="module")
def full(sample: model.Package) -> PdfResult:
    return build(sample)


@pytest.fixture(scope="module")
def signature(sample: model.Package) -> PdfResult:
    return build(sample, signature_only=True)


def _text(data: bytes, page: int | None = None) -> str:
    """The text of the whole PDF or one page (1-based)."""
    return pdf_text(data, page)


def _flat(s: str) -> str:
    """Text without any whitespace, so that line breaks do not matter."""
    return re.sub(r"\s+", "", s)


def test_render_returns_pdf_bytes(sample: model.Package) -> None:
    data = render(sample)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) < 1_500_000


def test_every_font_is_embedded_and_subset(full: PdfResult) -> None:
    used = pdf_fonts(full.data)
    assert used
    names = {f.name for f in used}
    assert {"NotoSerifSC-Regular", "NotoSerifSC-Bold", "NotoSansSC-Regular", "NotoSansSC-Bold"} <= names
    assert "LXGWWenKai-Regular" in names
    for f in used:
        assert (f.embedded, f.subset, f.unicode) == (True, True, True), f
    assert not [n for n in names if "Helvetica" in n]


def test_text_is_extractable(full: PdfResult, sample: model.Package) -> None:
    text = _text(full.data)
    flat = _flat(text)
    assert "岳阳楼区应急管理局" in flat
    for sec in sample.report:
        assert _flat(sec.heading) in flat, sec.heading
        for sub in sec.subsections:
            assert _flat(sub.heading) in flat, sub.heading
    for amount in ("1,818.34", "623.74", "74.99", "1,812.08", "805.63"):
        assert amount in text, amount
    # A paragraph copies back exactly: no spaces appear where lines broke or pages turned.
    body = sample.report[5].body.split("\n")[-1]
    assert _flat(body) in flat
    assert "宣教活动，今年来" in text.replace("\n", "")
    assert "2023年度单位整体支出绩效自评结果已在财政预算绩效管理信息系统填报" in text.replace("\n", "")


def test_page_count_and_parts(full: PdfResult) -> None:
    assert 12 <= full.page_count <= 20
    assert full.pages == list(range(1, full.page_count + 1))
    assert full.marks["cover"] == [1]
    seal = full.marks["seal"]
    assert len(seal) == 1 and 5 <= seal[0] < full.page_count
    assert len(full.marks["sign"]) == 3  # 附件1, 附件2, one 附件3
    reader = PdfReader(io.BytesIO(full.data))
    outline = [(o.title, reader.get_destination_page_number(o) + 1) for o in reader.outline]
    titles = [t for t, _ in outline]
    assert titles == ["封面", "自评报告", "附件1", "附件2", "附件3 业务工作经费"]
    assert outline[1][1] == 2
    assert [p for _, p in outline] == sorted(p for _, p in outline)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "2023年度岳阳楼区应急管理局整体支出绩效自评报告"
    assert meta.author == "岳阳楼区应急管理局"
    assert "EvalDesk" in (meta.creator or "")


def test_cover_and_page_numbers(full: PdfResult) -> None:
    cover = _text(full.data, 1)
    assert "2023年度岳阳楼区应急管理局" in cover and "整体支出绩效自评报告" in cover
    assert "部门（单位）名称：岳阳楼区应急管理局（盖章）" in _flat(cover)
    assert "2024年5月6日" in cover
    assert "—" not in cover  # the cover carries no page number
    assert "—1—" in _flat(_text(full.data, 2))
    assert "—2—" in _flat(_text(full.data, 3))
    for page, label in zip(
        [p for p in range(2, full.page_count + 1) if "附件" in _text(full.data, p)[:20]],
        ["附件1", "附件2", "附件3"],
        strict=True,
    ):
        head = _text(full.data, page)
        assert head.lstrip().startswith(label)


def test_signature_pages(signature: PdfResult, full: PdfResult) -> None:
    assert signature.page_count == full.page_count  # numbered as in the full package
    assert signature.pages == [1, *full.marks["seal"], *full.marks["sign"]]
    reader = PdfReader(io.BytesIO(signature.data))
    assert len(reader.pages) == 5
    assert "（盖章）" in _text(signature.data, 1)
    seal_page = _text(signature.data, 2)
    assert "岳阳楼区应急管理局" in seal_page and "2024年5月6日" in seal_page
    assert "本部门无其他情况说明。" in seal_page  # the 署名 is kept with the last paragraph
    for page in (3, 4, 5):
        t = _text(signature.data, page)
        for label in ("单位负责人签字：", "填表人：", "联系电话：", "填报日期："):
            assert label in t, (page, label)
    assert [o.title for o in reader.outline] == [
        "封面",
        "自评报告 署名页",
        "附件1 签字页",
        "附件2 签字页",
        "附件3 业务工作经费 签字页",
    ]
    assert render_signature_pages(load_sample())[:5] == b"%PDF-"


def test_footer_values_and_fingerprint() -> None:
    pkg = load_sample()
    pkg.footer = model.Footer(leader="王主任", preparer="李会计", phone="0730-8888888", date=None)
    res = build(pkg, PdfOptions(fingerprint="EVD-7F3A-19C2"))
    last = _text(res.data, res.page_count)
    assert "王主任" in last and "李会计" in last and "0730-8888888" in last
    assert "EVD-7F3A-19C2" not in _text(res.data, 1)
    assert f"EVD-7F3A-19C2 第2页/共{res.page_count}页" in _text(res.data, 2)
    assert f"第{res.page_count}页/共{res.page_count}页" in last


def test_rare_character_falls_back_or_warns() -> None:
    pkg = load_sample()
    pkg.unit.name = f"岳阳楼区{RARE}应急管理局"
    pkg.footer.preparer = f"李{RARE}{NOWHERE}"
    res = build(pkg)
    text = _text(res.data)
    assert f"岳阳楼区{RARE}应急管理局" in text  # drawn in a fallback font, and copyable
    assert f"李{RARE}" in text
    assert len(res.warnings) == 1 and "U+2A6D6" in res.warnings[0]


def test_body_font_option_refuses_unusable_files(tmp_path) -> None:
    pkg = model.new_package("测试单位", "主管部门", 2024)
    with pytest.raises(FileFormatError, match="找不到正文字体文件"):
        build(pkg, PdfOptions(body_font=tmp_path / "simfang.ttf"))
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font at all" * 20)
    with pytest.raises(FileFormatError, match="无法用于PDF|已损坏"):
        build(pkg, PdfOptions(body_font=bogus))


def test_long_indicator_table_breaks_with_header_repeated() -> None:
    pkg = load_sample()
    p = pkg.projects[0]
    long_name = "组织开展重点行业领域安全生产隐患排查整治专项行动并完成整改闭环管理的比例"
    p.performance.indicators = [
        model.Indicator(
            level1="产出指标", level2="数量指标", name=f"{long_name}{i}", target="≥95%", actual="96%",
            weight=Decimal("2"), score_entered=Decimal("2"),
        )
        for i in range(30)
    ]  # fmt: skip
    res = build(pkg)
    first = [p for p in range(1, res.page_count + 1) if "项目支出绩效自评表" in _text(res.data, p)][0]
    pages = list(range(first, res.page_count + 1))
    assert len(pages) >= 3
    for page in pages:
        t = _text(res.data, page)
        assert "三级指标" in t and "产出指标" in t, page  # header and the cut 一级 cell repeat
    flat = _flat(_text(res.data))
    for i in range(30):
        assert _flat(f"{long_name}{i}") in flat  # wrapped, never cut off
    assert res.marks["sign"][-1] == res.page_count


def test_a_row_taller_than_a_page_breaks_inside_the_row() -> None:
    # A 偏差原因分析 of a few hundred characters in the narrow column makes one row taller than a
    # whole page; the PDF must still render, with the text carried on over the following pages.
    pkg = load_sample()
    ind = pkg.projects[0].performance.indicators[0]
    ind.deviation = "".join(f"第{i}条原因已分析并提出改进措施，" for i in range(40))
    pkg.overall.indicators[0].actual = "".join(f"完成情况说明{i}，" for i in range(60))
    pkg.basic.frugality = "".join(f"厉行节约措施第{i}项已落实到位。" for i in range(400))
    res = build(pkg)
    flat = _flat(_text(res.data))
    # A phrase cut by a page break is interleaved with the other columns' text: allow a few.
    for first, last, phrase, n in (
        ("第0条原因", "第39条原因", "原因已分析并提出改进措施", 40),
        ("说明0，", "说明59，", "完成情况说明", 60),  # its first line shares a text line with 个数
        ("厉行节约措施第0项", "厉行节约措施第399项", "已落实到位", 400),
    ):
        assert first in flat and last in flat
        assert n - 6 <= flat.count(phrase) <= n
    assert res.marks["sign"][-1] == res.page_count
