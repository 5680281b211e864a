"""Long text over several rows, so that nothing is cut at Excel's 409-point row height.

A report section of a few thousand characters in one cell needs a row taller than Excel allows: the
rest is hidden on screen and on paper. :func:`chunks` cuts such a text into pieces that each fit one
row, between paragraphs where possible, else after a sentence, else anywhere. Each piece after the first
goes in a row of its own marked 续 (a new paragraph follows) or 接 (the same paragraph goes on), so the
reader puts the text back together exactly.
"""

from __future__ import annotations

from collections.abc import Callable

NEW_PARAGRAPH = "续"  # the piece starts a new paragraph: joined with a line break
SAME_PARAGRAPH = "接"  # the piece goes on with the same paragraph: joined directly
_SENTENCE_ENDS = "。；！？!?;"


def chunks(text: str, fits: Callable[[str], bool]) -> list[tuple[str, str]]:
    """``[(marker, piece), …]``: the first marker is ``""``, then :data:`NEW_PARAGRAPH` or
    :data:`SAME_PARAGRAPH`; every piece ``fits`` one row (a single character always counts as fitting).
    Joining the pieces as the markers say gives ``text`` back."""
    out: list[tuple[str, str]] = []
    for i, para in enumerate(text.split("\n")):
        for j, piece in enumerate(_split_paragraph(para, fits)):
            marker = SAME_PARAGRAPH if j else (NEW_PARAGRAPH if i else "")
            if marker == NEW_PARAGRAPH and fits(out[-1][1] + "\n" + piece):  # short paragraphs share a row
                prev_marker, prev = out.pop()
                out.append((prev_marker, prev + "\n" + piece))
            else:
                out.append((marker, piece))
    return out


def _split_paragraph(para: str, fits: Callable[[str], bool]) -> list[str]:
    pieces: list[str] = []
    rest = para
    while rest:
        cut = _longest_fit(rest, fits)
        if cut == len(rest):
            pieces.append(rest)
            break
        # Prefer the last sentence end inside the piece that fits.
        end = max((rest.rfind(ch, 0, cut) for ch in _SENTENCE_ENDS), default=-1)
        if end >= cut // 2:
            cut = end + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces or [para]


def _longest_fit(text: str, fits: Callable[[str], bool]) -> int:
    """The length of the longest start of ``text`` that fits (at least 1; ``len(text)`` when all does).

    The bound is found by doubling first, so the work follows the piece's length, not the text's
    (a 50 000-character text is cut into pieces of about a thousand).
    """
    lo, step = 1, 64  # fits(text[:lo]) is taken as true
    while True:
        hi = min(len(text), lo + step)
        if hi == lo or not fits(text[:hi]):
            break
        lo = hi
        step *= 2
    if hi == lo:
        return lo
    while hi - lo > 1:  # fits(text[:hi]) is false
        mid = (lo + hi) // 2
        if fits(text[:mid]):
            lo = mid
        else:
            hi = mid
    return lo


def join(parts: list[tuple[str, str]]) -> str:
    """The text :func:`chunks` cut (markers as read back)."""
    text = ""
    for i, (marker, piece) in enumerate(parts):
        if i and marker != SAME_PARAGRAPH:
            text += "\n"
        text += piece
    return text
