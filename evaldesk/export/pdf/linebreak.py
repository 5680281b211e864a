"""Line breaking for table cells, done here rather than by reportlab's CJK wrap.

reportlab's CJK wrap breaks anywhere, including inside ``≤1818.34`` and before a ``，``. Here text is cut
into unbreakable tokens — a run of digits/Latin/operators, a CJK character with any closing punctuation
that follows it, a parenthesised unit such as ``（50分）`` — and lines are filled from them. Short
labels and headers are balanced (``年度/指标值`` rather than ``年度指标/值``), as a typesetter would.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

# Characters that may not start a line (避头) and may not end one (避尾).
NO_START = frozenset("，。、；：？！）」』】〕》〉”’…—%％,.;:?!)]}·")
NO_END = frozenset("（「『【〔《〈“‘([{")
_WORD = re.compile(r"[0-9A-Za-z０-９.,:/%％+\-=<>≤≥≦≧~～×#@&_'\"]+")
_PAREN = re.compile(r"（[^（）]{1,6}）")  # a short parenthesised unit kept whole: （50分） （万元）
# Words of the forms that read badly when cut (数量/指标, not 数量指/标). Longest first.
_WORDS = tuple(
    sorted(
        [
            "指标",
            "满意度",
            "效益",
            "经济",
            "社会",
            "生态",
            "可持续",
            "影响",
            "服务",
            "对象",
            "数量",
            "质量",
            "时效",
            "成本",
            "产出",
            "年度",
            "预算",
            "执行",
            "完成",
            "资金",
            "项目",
            "支出",
            "单位",
            "经费",
            "决算",
            "目标",
            "实际",
            "分值",
            "得分",
            "自评",
            "情况",
            "名称",
            "部门",
            "实施",
            "主管",
            "财政",
            "拨款",
            "结转",
            "其他",
            "规模",
            "投资",
            "控制",
            "概算",
            "批复",
            "安全",
            "生产",
            "应急",
            "管理",
            "偏差",
            "原因",
            "分析",
            "改进",
            "措施",
            "总体",
            "预期",
            "其中",
            "当年",
            "上年",
            "政府",
            "专项",
            "转移",
            "支付",
            "公用",
            "基本",
            "人员",
        ],
        key=len,
        reverse=True,
    )
)
_WORDS_RE = re.compile("|".join(map(re.escape, _WORDS)))


def tokens(text: str) -> list[str]:
    """Unbreakable pieces of ``text`` (joined they give ``text`` back)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        m = _PAREN.match(text, i) or _WORD.match(text, i)
        if m and m.end() > i:
            tok, i = m.group(0), m.end()
        else:
            wm = _WORDS_RE.match(text, i)
            tok = wm.group(0) if wm else text[i]
            i += len(tok)
        if out and (tok[0] in NO_START or out[-1][-1] in NO_END):
            out[-1] += tok
        else:
            out.append(tok)
    return out


@lru_cache(maxsize=65536)
def _width(s: str, font: str, size: float) -> float:
    # Cached: the same tokens (指标, 10, ≥90%) recur in every table of a package.
    width: float = stringWidth(s, font, size)
    return width


def greedy(
    toks: list[str], limit: float, font: str, size: float, cut: bool = True, first: float | None = None
) -> list[str]:
    """Fill lines up to ``limit`` points (the first up to ``first`` when given: an indented line); a
    token wider than a line is cut by characters (with ``cut``) or put on a line of its own."""
    lines: list[str] = []
    cur, cur_w = "", 0.0
    full = limit
    for tok in toks:
        limit = full if lines or first is None else first
        w = _width(tok, font, size)
        if cur and cur_w + w > limit:
            lines.append(cur)
            cur, cur_w = "", 0.0
        if w > limit and not cut:
            if cur:
                lines.append(cur)
            lines.append(tok)
            cur, cur_w = "", 0.0
            continue
        if w > limit and not cur:
            for ch in tok:
                cw = _width(ch, font, size)
                if cur and cur_w + cw > limit and ch not in NO_START:
                    lines.append(cur)
                    cur, cur_w = "", 0.0
                    limit = full
                cur += ch
                cur_w += cw
            continue
        cur += tok
        cur_w += w
    if cur:
        lines.append(cur)
    return lines


def balanced(toks: list[str], limit: float, font: str, size: float, cut: bool = True) -> list[str]:
    """As few lines as :func:`greedy` needs, the longest as short as possible, and the longer lines
    last (``全年/预算数``, not ``全年预/算数``)."""
    best = greedy(toks, limit, font, size, cut)
    k = len(best)
    if k <= 1:
        return best
    rev = [t[::-1] for t in reversed(toks)]  # fill from the end: the first line takes the shortfall
    lo = min(max(_width(t, font, size) for t in toks), limit)
    hi = limit
    for _ in range(12):  # binary search on the line width that still needs only k lines
        mid = (lo + hi) / 2
        trial = greedy(rev, mid, font, size, cut)
        if len(trial) <= k:
            hi, best = mid, [line[::-1] for line in reversed(trial)]
        else:
            lo = mid
    return best


def break_lines(
    text: str, limit: float, font: str, size: float, balance: bool, cut: bool = True
) -> list[str]:
    """``text`` as lines no wider than ``limit`` (points); existing newlines are kept. Without ``cut``
    a token wider than ``limit`` keeps a line of its own, wider than ``limit``."""
    out: list[str] = []
    for para in text.split("\n"):
        toks = tokens(para)
        if not toks:
            out.append("")
            continue
        out += (balanced if balance else greedy)(toks, limit, font, size, cut)
    return out
