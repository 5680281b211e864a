"""Layout work grows linearly with a report paragraph's length (issue 16: 32K characters took 12.8 s)."""

from __future__ import annotations

import random

import pytest

from evaldesk.core.sample import load_sample
from evaldesk.export.pdf import PdfOptions, build
from evaldesk.export.pdf.body import LinesParagraph


def _text(n: int) -> str:
    rnd = random.Random(7)
    return "".join(rnd.choice("安全生产应急管理排查隐患完成目标年度预算执行情况，。；") for _ in range(n))


def _wrapped_lines(monkeypatch: pytest.MonkeyPatch, chars: int) -> tuple[int, int]:
    """(lines wrapped by reportlab in total, lines of the long paragraph) for one PDF build."""
    wrapped = [0]
    original = LinesParagraph.wrap
    longest = [0]

    def counting(self: LinesParagraph, w: float, h: float) -> tuple[float, float]:
        wrapped[0] += len(self.lines)
        longest[0] = max(longest[0], len(self.lines))
        return original(self, w, h)

    monkeypatch.setattr(LinesParagraph, "wrap", counting)
    pkg = load_sample()
    pkg.report[0].body = _text(chars)
    build(pkg, PdfOptions())
    return wrapped[0], longest[0]


def test_a_long_paragraph_is_wrapped_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    small, small_lines = _wrapped_lines(monkeypatch, 4000)
    large, large_lines = _wrapped_lines(monkeypatch, 32000)
    assert large_lines > 7 * small_lines  # the paragraph really is eight times as long
    # Re-wrapping the whole remainder on every page made this ratio grow with the length (≈ 40 at 32K).
    assert large / small < 12, (small, large)
