"""Where Excel/WPS will break a form sheet into pages, so the signature line never prints alone.

A spreadsheet has no "keep with next": it fills each page with whole rows. Row heights are set by the
writer and the sheet is fitted to one page wide, so the breaks can be worked out here the way a
spreadsheet program does, and a manual break put in front of the table's last rows when the footer
would otherwise start a page of its own (with nothing above it but the repeated header).
"""

from __future__ import annotations

from collections.abc import Sequence

PT_PER_MM = 72 / 25.4
DEFAULT_ROW_PT = 15.0  # Excel's default row height at 宋体 10.5


def column_mm(width_chars: float) -> float:
    """The printed width of an Excel column ``width_chars`` wide (7 px a character + 5 px padding)."""
    return (int(width_chars * 7 + 0.5) + 5) * 25.4 / 96


def page_starts(
    heights: Sequence[float],
    usable_pt: float,
    title_rows: tuple[int, int] | None = None,
    manual: frozenset[int] = frozenset(),
) -> list[int]:
    """The (1-based) first row of every page for rows 1…len(heights) of ``heights`` points each.

    ``title_rows`` (first, last) are printed again at the top of every page after the one they are on;
    ``manual`` are rows a manual page break puts at the top of a page. A row taller than a page gets a
    page of its own (a spreadsheet clips it there).
    """
    title_pt = 0.0
    if title_rows:
        title_pt = sum(heights[r - 1] for r in range(title_rows[0], title_rows[1] + 1))
    starts = [1]
    used = 0.0
    for row, h in enumerate(heights, start=1):
        top = title_pt if title_rows and starts[-1] > title_rows[1] else 0.0
        if row > 1 and (row in manual or (used + h > usable_pt and used > top)):
            starts.append(row)
            used = (title_pt if title_rows and row > title_rows[1] else 0.0) + h
        else:
            used += h
    return starts


def page_of(row: int, starts: Sequence[int]) -> int:
    """The 0-based page that ``row`` prints on."""
    page = 0
    for i, s in enumerate(starts):
        if s <= row:
            page = i
    return page


def keep_break(
    heights: Sequence[float], usable_pt: float, title_rows: tuple[int, int] | None, tail_first: int
) -> int | None:
    """The row to start a new page at so that rows ``tail_first``… (the table's last rows, its notes
    and the footer, through the last row) print together; ``None`` when they already do."""
    starts = page_starts(heights, usable_pt, title_rows)
    if page_of(tail_first, starts) == page_of(len(heights), starts):
        return None
    if tail_first in starts:
        return None  # already a page of its own start (the tail is taller than a page)
    return tail_first
