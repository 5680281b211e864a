"""A package whose every free text is as long as ``core.limits`` allows: the worst case for paper."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from evaldesk.core import limits, model
from evaldesk.core.sample import load_sample

_WORDS = (
    "厉行节约",
    "严格执行",
    "公务接待",
    "ABC-123 ",
    "budget ok; ",
    "。",
    "，",
    "\n",
    "会议费控制在预算内",
    "x",
)
_NOT_PROSE = frozenset({"id", "ruleset_id", "ruleset_content", "grade", "kind", "filename"})


def text(n: int, seed: int = 1) -> str:
    """``n`` characters of Chinese, ASCII, punctuation and line breaks; no white space at either end."""
    rnd = random.Random(seed)
    out = "首"
    while len(out) < n:
        out += rnd.choice(_WORDS)
    return out[: n - 1].rstrip() + "末"


def lengthen(obj: Any, seed: list[int]) -> None:
    """Every text field of ``obj`` (a model dataclass or list of them) set to its longest."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, str) and f.name not in _NOT_PROSE and not f.name.endswith("_id"):
                seed[0] += 1
                setattr(obj, f.name, text(limits.limit_for(f.name), seed[0]))
            elif isinstance(value, list) or dataclasses.is_dataclass(value):
                lengthen(value, seed)
    elif isinstance(obj, list):
        for item in obj:
            lengthen(item, seed)


def longest_package(projects: int = 1) -> model.Package:
    """The sample with ``projects`` projects and every text at its limit (names 200, cells 1 000, prose 50 000)."""
    pkg = load_sample()
    pkg.projects = pkg.projects[:projects]
    seed = [0]
    for part in (pkg.unit, pkg.basic, pkg.overall, pkg.projects, pkg.report, pkg.footer):
        lengthen(part, seed)
    return pkg
