"""The document frame: GB/T 9704 page geometry, page templates, and a canvas that numbers pages.

Pages are kept in memory until the end of the build (the usual reportlab "numbered canvas"), so the
furniture drawn on them can know the page count (``第x页/共y页``) and a caller can keep only some of
them (the signature pages). Bookmarks are replayed with their pages, since a page's PDF reference is
only fixed when it is finally written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from evaldesk.export.fonts import FontSet

PAGE_W, PAGE_H = A4
TOP = 37 * mm  # GB/T 9704 天头
LEFT = 28 * mm  # 订口
TEXT_W = 156 * mm  # 版心 width
TEXT_H = 225 * mm  # 版心 height
BODY_SIZE = 16  # 3号
LINE = TEXT_H / 22  # 22 lines a page
NUMBER_SIZE = 14  # 4号
NUMBER_GAP = 7 * mm  # page number 7 mm below the 版心

# Landscape pages turn the 版心 and centre it.
L_TEXT_W, L_TEXT_H = TEXT_H, TEXT_W
L_LEFT = (PAGE_H - L_TEXT_W) / 2
L_TOP = (PAGE_W - L_TEXT_H) / 2


@dataclass
class RenderContext:
    """What the build records as it goes, read by the canvas when it writes the pages."""

    fonts: FontSet
    fingerprint: str | None = None
    keep: Callable[[dict[str, set[int]], int], list[int]] | None = None  # which pages to write
    marks: dict[str, set[int]] = field(default_factory=dict)  # "cover"/"seal"/"sign" → pages
    bookmarks: dict[int, list[str]] = field(default_factory=dict)  # page → destination keys
    outline: list[tuple[str, str]] = field(default_factory=list)  # (title, key), in order
    mark_outline: list[tuple[str, str]] = field(default_factory=list)  # the signature PDF's outline
    bookmark_page: dict[str, int] = field(default_factory=dict)
    page_count: int = 0
    written: list[int] = field(default_factory=list)  # pages actually written

    def mark(self, kind: str, page: int) -> None:
        self.marks.setdefault(kind, set()).add(page)


def make_canvas_class(ctx: RenderContext) -> type[Canvas]:
    """A canvas class bound to ``ctx`` (reportlab builds the canvas itself from a class)."""

    class PackageCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._states: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._states.append(dict(self.__dict__))
            self._startPage()

        def bookmarkPage(self, key: str, **kw: Any) -> None:
            page = self.getPageNumber()
            ctx.bookmarks.setdefault(page, []).append(key)
            ctx.bookmark_page[key] = page

        def addOutlineEntry(self, title: str, key: str, level: int = 0, closed: Any = None) -> None:
            ctx.outline.append((title, key))

        def evaldesk_mark(self, kind: str, outline: str = "") -> None:
            page = self.getPageNumber()
            ctx.mark(kind, page)
            if outline:
                key = f"mark{len(ctx.mark_outline)}"
                ctx.bookmarks.setdefault(page, []).append(key)
                ctx.bookmark_page[key] = page
                ctx.mark_outline.append((outline, key))

        def save(self) -> None:
            states = self._states
            total = ctx.page_count = len(states)
            keep = set(ctx.keep(ctx.marks, total) if ctx.keep else range(1, total + 1))
            for page, state in enumerate(states, start=1):
                if page not in keep:
                    continue
                self.__dict__.update(state)
                self._furniture(page, total)
                for key in ctx.bookmarks.get(page, []):
                    Canvas.bookmarkPage(self, key, fit="XYZ", top=state["_pagesize"][1])
                Canvas.showPage(self)
                ctx.written.append(page)
            # The full package is outlined by part; a signature PDF by the pages it holds.
            outline = ctx.mark_outline if ctx.keep else ctx.outline
            for title, key in outline:
                if ctx.bookmark_page.get(key) in keep:
                    Canvas.addOutlineEntry(self, title, key, 0)
            if outline:
                self.showOutline()
            Canvas.save(self)

        def _furniture(self, page: int, total: int) -> None:
            """Page number (not on the cover) and the optional fingerprint line."""
            if page == 1:
                return
            w, h = self._pagesize
            left, width = (LEFT, TEXT_W) if w < h else (L_LEFT, L_TEXT_W)
            bottom = TOP + TEXT_H if w < h else L_TOP + L_TEXT_H
            y = h - bottom - NUMBER_GAP - NUMBER_SIZE * 0.8
            n = page - 1  # the cover is not counted
            text = f"— {n} —"
            self.saveState()
            self.setFont(ctx.fonts.number, NUMBER_SIZE)
            if n % 2:
                self.drawRightString(left + width - NUMBER_SIZE, y, text)
            else:
                self.drawString(left + NUMBER_SIZE, y, text)
            if ctx.fingerprint:
                self.setFont(ctx.fonts.table, 7)
                self.setFillGray(0.35)
                self.drawCentredString(w / 2, 10 * mm, f"{ctx.fingerprint} 第{page}页/共{total}页")
            self.restoreState()

    return PackageCanvas


class Mark(Flowable):
    """A zero-size flowable recording the page it lands on (for the signature-pages PDF)."""

    def __init__(self, kind: str, outline: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.outline = outline  # the bookmark title in the signature-pages PDF
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        mark = getattr(self.canv, "evaldesk_mark", None)
        if mark:
            mark(self.kind, self.outline)


class Anchor(Mark):
    """A bookmark with an outline entry where it lands (e.g. ``附件1``)."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__("anchor", "")
        self.key = key
        self.title = title

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, 0)


def doc_template(buf: Any, title: str, author: str, subject: str, font: str) -> BaseDocTemplate:
    """An A4 document with the templates ``cover``, ``body`` (portrait 版心) and ``landscape``."""
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=PAGE_W - LEFT - TEXT_W,
        topMargin=TOP,
        bottomMargin=PAGE_H - TOP - TEXT_H,
        title=title,
        author=author,
        subject=subject,
        creator="EvalDesk 绩效自评助手",
        producer="EvalDesk 绩效自评助手 (reportlab)",
        lang="zh-CN",
        initialFontName=font,  # else every page starts in (unembedded) Helvetica
        initialFontSize=BODY_SIZE,
    )

    def frame(fid: str, x: float, y: float, w: float, h: float) -> Frame:
        return Frame(x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    portrait_y = PAGE_H - TOP - TEXT_H
    lw, lh = landscape(A4)
    doc.addPageTemplates(
        [
            PageTemplate("cover", [frame("cover", LEFT, portrait_y, TEXT_W, TEXT_H)], pagesize=A4),
            PageTemplate("body", [frame("body", LEFT, portrait_y, TEXT_W, TEXT_H)], pagesize=A4),
            PageTemplate(
                "landscape",
                [frame("land", L_LEFT, lh - L_TOP - L_TEXT_H, L_TEXT_W, L_TEXT_H)],
                pagesize=(lw, lh),
            ),
        ]
    )
    return doc
