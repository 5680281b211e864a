"""The cover and the 自评报告 as platypus flowables (GB/T 9704 layout, domain.md §6)."""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from evaldesk.core import model
from evaldesk.core.narrative import render_report
from evaldesk.export.fonts import Warnings, markup
from evaldesk.export.form_layout import format_date_cn
from evaldesk.export.pdf.body import LinesParagraph, set_lines
from evaldesk.export.pdf.document import BODY_SIZE, LINE, TEXT_H, TEXT_W, Anchor, Mark
from evaldesk.export.pdf.styles import Styles

SEAL = 45 * mm  # the largest seal (印章) the zone must hold
COVER_TOP = 48 * mm  # white space above the cover's title
COVER_GAP = 95 * mm  # …and between the title and 部门（单位）名称
# (title, 部门（单位）名称 and date) sizes: 一号 and 三号, then smaller for texts too long for the cover.
COVER_SIZES = ((26, 16), (22, 16), (18, 16), (16, 16), (14, 14), (12, 12), (10, 10), (8, 8))
BLANK_DATE = "\u3000\u3000年\u3000\u3000月\u3000\u3000日"  # room to write the date by hand

# A run-in heading at the start of a body paragraph: "（一）强化政治引领，筑牢思想理论根基。" → 楷体.
_RUN_IN = re.compile(r"^（[一二三四五六七八九十]{1,3}）[^。\n]{0,40}。")


def unit_name(pkg: model.Package) -> str:
    """The name the cover and the 署名 carry."""
    return pkg.cover_unit_name()


def report_date(pkg: model.Package) -> str:
    return format_date_cn(pkg.cover.date) or BLANK_DATE


def _balanced(text: str, font: str, size: float, width: float) -> str:
    """The first line of a long title, broken before 绩效自评报告 or 整体支出绩效自评报告 as the printed
    reports do, rather than mid-phrase; "" when the title fits or no such break fits."""
    if stringWidth(text, font, size) <= width:
        return ""
    for tail in ("绩效自评报告", "整体支出绩效自评报告", "自评报告"):
        cut = text.rfind(tail)
        if (
            cut > 0
            and stringWidth(text[:cut], font, size) <= width
            and stringWidth(text[cut:], font, size) <= width
        ):
            return text[:cut]
    return ""


def _title_para(text: str, style: ParagraphStyle, st: Styles, w: Warnings) -> Paragraph:
    first = _balanced(text, style.fontName, style.fontSize, TEXT_W)
    if first:
        body = markup(first, style.fontName, st.fonts, w, "标题") + "<br/>"
        body += markup(text[len(first) :], style.fontName, st.fonts, w, "标题")
    else:
        body = markup(text, style.fontName, st.fonts, w, "标题")
    return Paragraph(body, style)


def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    if size == style.fontSize:
        return style
    return ParagraphStyle(
        f"{style.name}-{size}", parent=style, fontSize=size, leading=style.leading * size / style.fontSize
    )


def cover_story(pkg: model.Package, st: Styles, w: Warnings) -> list[Flowable]:
    """The cover: title, 部门（单位）名称…（盖章）and the date; no page number."""
    name = unit_name(pkg)
    line = f"部门（单位）名称：{name}（盖章）"
    # A long title or name takes from the white space, then is set smaller: never a second cover page.
    for title_size, line_size in COVER_SIZES:
        title = _title_para(pkg.title(), _sized(st.cover_title, title_size), st, w)
        unit = Paragraph(markup(line, st.fonts.body, st.fonts, w, "封面"), _sized(st.cover_line, line_size))
        date = Paragraph(
            markup(report_date(pkg), st.fonts.body, st.fonts, w, "封面"), _sized(st.cover_line, line_size)
        )
        if sum(p.wrap(TEXT_W, TEXT_H)[1] for p in (title, unit, date)) <= TEXT_H - 2 * mm - 1.5 * LINE:
            break
    text_h = sum(p.wrap(TEXT_W, TEXT_H)[1] for p in (title, unit, date)) + LINE * 0.5
    over = max(0.0, COVER_TOP + COVER_GAP + text_h - (TEXT_H - 2 * mm))
    gap = max(LINE, COVER_GAP - over)
    top = max(0.0, COVER_TOP - max(0.0, over - (COVER_GAP - gap)))
    return [
        Anchor("cover", "封面"),
        Mark("cover", "封面"),
        Spacer(1, top),
        title,
        Spacer(1, gap),
        unit,
        Spacer(1, LINE * 0.5),
        date,
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _body_para(
    text: str, st: Styles, w: Warnings, where: str, style: ParagraphStyle | None = None
) -> Flowable:
    m = _RUN_IN.match(text)
    return set_lines(
        text,
        style or st.body,
        TEXT_W,
        st.fonts,
        w,
        where,
        prefix_len=m.end() if m else 0,
        prefix_font=st.fonts.heading2,
    )


def _paragraphs(body: str, st: Styles, w: Warnings, where: str) -> list[Flowable]:
    return [_body_para(p.strip(), st, w, where) for p in body.split("\n") if p.strip()]


def report_story(pkg: model.Package, st: Styles, w: Warnings) -> list[Flowable]:
    """The 自评报告: title, sections and sub-sections as stored, then the 署名 and date with the seal zone."""
    out: list[Flowable] = [Anchor("report", "自评报告"), _title_para(pkg.title(), st.title, st, w)]
    for sec in render_report(pkg):  # live fields printed as their current values
        where = sec.heading.strip() or "自评报告"
        if sec.heading.strip():
            # A heading never ends a page: it needs room for itself, a sub-heading and two lines.
            out.append(CondPageBreak(4 * LINE))
            out.append(set_lines(sec.heading.strip(), st.heading1, TEXT_W, st.fonts, w, where))
        out += _paragraphs(sec.body, st, w, where)
        for sub in sec.subsections:
            if sub.heading.strip():
                out.append(CondPageBreak(3 * LINE))
                out.append(set_lines(sub.heading.strip(), st.heading2, TEXT_W, st.fonts, w, where))
            out += _paragraphs(sub.body, st, w, where)
    seal = SealBlock(
        markup(unit_name(pkg), st.fonts.body, st.fonts, w, "署名"),
        markup(report_date(pkg), st.fonts.body, st.fonts, w, "署名"),
        st,
    )
    # Keep the 署名 with the last paragraph(s), so the seal never sits alone on an empty page.
    tail = [f for f in out[-2:] if isinstance(f, LinesParagraph)] if len(out) > 2 else []
    del out[len(out) - len(tail) :]
    out.append(KeepTogether([*tail, seal]))
    return out


class SealBlock(Flowable):
    """The 署名 and date with a clear 45 mm zone for the seal, centred over them (居中下压).

    The zone starts right under the last text line (the seal's top within one line of it); the 署名
    sits just below the zone's centre and the date a line lower, right-indented four characters.
    """

    def __init__(self, name_markup: str, date_markup: str, st: Styles) -> None:
        super().__init__()
        self.name = Paragraph(name_markup, st.cover_line)
        self.date = Paragraph(date_markup, st.cover_line)
        self.st = st
        self.height = SEAL + 2 * mm
        self.width = TEXT_W
        self.name_box = TEXT_W  # the 署名's width as set (at most the 版心's)
        self.extra = 0.0  # the height its lines after the first take

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        # A 署名 wider than the 版心 wraps; its lines go down from where one line stands, the date
        # follows the last, and the block grows by as much.
        self.name_box = min(self._text_width(self.name), availWidth - 2)
        _, h = self.name.wrap(self.name_box + 2, 1e6)
        self.extra = max(0.0, h - LINE)
        self.height = SEAL + 2 * mm + self.extra
        return availWidth, self.height

    @staticmethod
    def _text_width(p: Paragraph) -> float:
        width: float = stringWidth(p.getPlainText(), p.style.fontName, p.style.fontSize)
        return width

    def draw(self) -> None:
        mark = getattr(self.canv, "evaldesk_mark", None)
        if mark:
            mark("seal", "自评报告 署名页")
        date_w = self._text_width(self.date)
        right = self.width - 4 * BODY_SIZE  # 成文日期右空四字
        centre_y = self.height - 2 * mm - SEAL / 2
        name_y = centre_y - 5.5 * mm
        date_y = name_y - self.extra - LINE
        cx = min(right - date_w / 2, self.width - self.name_box / 2)  # a long 署名 stays inside the 版心
        for p, width, y in ((self.name, self.name_box, name_y), (self.date, date_w, date_y)):
            _, h = p.wrap(width + 2, 1e6)
            p.drawOn(self.canv, max(0.0, cx - (width + 2) / 2), y + BODY_SIZE - h)  # first baseline at y
