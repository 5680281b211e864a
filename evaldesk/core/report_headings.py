"""The report's headings numbered to the standard: ``一、`` for a section, ``（一）`` for a sub-section.

A heading as typed may carry any numbering (``6、``, ``六．``, ``(2)``); :func:`heading_title` strips it, and
:func:`section_heading`/:func:`subsection_heading` put the standard one back (GB/T 9704).
"""

from __future__ import annotations

import re

from evaldesk.core import model

_CN_DIGITS = "零一二三四五六七八九"

# A section number as typed: 六、 / 6、 / 6. / 六． / "6 " — a Chinese numeral only counts when a separator
# follows it, so that titles such as "一般公共预算支出情况" keep their first character.
_SECTION_NUMBER = re.compile(
    r"^\s*(?:第?[一二三四五六七八九十百零〇]+(?:部分)?\s*[、.．,，:：\s]|[0-9０-９]+\s*[、.．,，:：\s]|[0-9０-９]+$)\s*"
)
# A sub-section number: （一） (2) （２）、 or 1、 / 1. / 一、 typed one level too high.
_SUBSECTION_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十0-9０-９]+\s*[）)]\s*[、.．,，]?"
    r"|[一二三四五六七八九十]+\s*[、.．]|[0-9０-９]+\s*[、.．])\s*"
)


def cn_numeral(n: int) -> str:
    """The Chinese numeral for 1–99 as used in headings: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def heading_title(heading: str, *, sub: bool = False) -> str:
    """A heading without its number and stray spaces: ``6、 单位整体支出绩效情况`` → ``单位整体支出绩效情况``."""
    pattern = _SUBSECTION_NUMBER if sub else _SECTION_NUMBER
    return re.sub(r"\s+", "", pattern.sub("", heading, count=1))


def section_heading(index: int, heading: str) -> str:
    """The standard heading of section ``index`` (0-based): ``一、`` + title (GB/T 9704 level 1).

    A heading with no title left after the number falls back to the standard title of that position.
    """
    title = heading_title(heading)
    if not title and index < len(model.REPORT_OUTLINE):
        title = model.REPORT_OUTLINE[index][1]
    return f"{cn_numeral(index + 1)}、{title}"


def subsection_heading(index: int, heading: str) -> str:
    """The standard sub-heading ``index`` (0-based): ``（一）`` + title, with no punctuation after ``（一）``."""
    return f"（{cn_numeral(index + 1)}）{heading_title(heading, sub=True)}"
