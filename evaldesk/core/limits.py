"""How long a text may be (docs/data-format.md, 字段长度上限): names, table cells, report sections.

The limits are far above anything a form needs (the longest 预期目标 of the reference package is about
300 characters) and low enough that every accepted text prints: a table cell splits across pages, a
report section is laid out in time linear in its length. They are applied where text comes in — an
edit (``core.edits``), a JSON or upload package (``core.jsonform``), a workbook (``export.xlsx``) — with
the limit in the message; what is already in a draft is never cut.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from evaldesk.core.errors import InputError

MAX_NAME = 200
"""A name or heading: 单位名称, 项目名称, 指标名称, 专项名称, 编制类型, 章节标题, 签字栏 …"""

MAX_CELL = 1_000
"""A cell of an indicator row: 年度指标值, 实际完成值, 偏差原因分析及改进措施, 调整得分的理由; an acknowledgement."""

MAX_TEXT = 50_000
"""Prose: a report section's (or subsection's) body, 预期目标, 实际完成情况, 职能职责, 机构设置, 厉行节约."""

MAX_RULESET = 100_000
"""The rule set a package carries (its JSON text, ``ruleset_content``): a shipped one is about 1 600."""

_CELL_FIELDS = frozenset({"target", "actual", "deviation", "override_reason", "reason", "location"})
_TEXT_FIELDS = frozenset(
    {"body", "goal_expected", "goal_actual", "functions", "organization", "frugality", "carried"}
)
_LABELS = {
    "name": "名称",
    "department": "主管部门",
    "implementer": "实施单位",
    "kind": "类型",
    "heading": "标题",
    "body": "正文",
    "title": "标题",
    "unit_name": "单位名称",
    "leader": "单位负责人",
    "preparer": "填表人",
    "phone": "联系电话",
    "goal_expected": "预期目标",
    "goal_actual": "实际完成情况",
    "functions": "职能职责",
    "organization": "机构设置",
    "frugality": "厉行节约保障措施",
    "target": "年度指标值",
    "actual": "实际完成值",
    "deviation": "偏差原因分析及改进措施",
    "override_reason": "调整得分的理由",
    "reason": "说明",
    "ruleset_content": "评分规则集",
    "level1": "一级指标",
    "level2": "二级指标",
    "filename": "文件名",
}


def limit_for(field: str) -> int:
    """The most characters the text field ``field`` (its attribute name) may hold."""
    if field in _TEXT_FIELDS:
        return MAX_TEXT
    if field == "ruleset_content":
        return MAX_RULESET
    if field in _CELL_FIELDS:
        return MAX_CELL
    return MAX_NAME


def label(field: str) -> str:
    return _LABELS.get(field, "文字")


def too_long_message(field: str, length: int) -> str:
    return f"{label(field)}过长（{length}个字，最多{limit_for(field)}个字）"


def check_text(field: str, value: object) -> None:
    """Raise ``InputError`` when ``value`` is text longer than ``field`` may hold."""
    if isinstance(value, str) and len(value) > limit_for(field):
        raise InputError(f"{too_long_message(field, len(value))}，请删减后再输入。")


def too_long(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, int]]:
    """Every text in ``obj`` (a package or part of one) longer than its limit: (path, field, length).

    The path is as ``core.edits`` addresses it, with list indices (projects by position, not id).
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, str):
                if len(value) > limit_for(f.name):
                    yield (*path, f.name), f.name, len(value)
            elif isinstance(value, (list, dict)) or dataclasses.is_dataclass(value):
                yield from too_long(value, (*path, f.name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            if isinstance(item, str):
                field = str(path[-1]) if path else ""
                if len(item) > limit_for(field):  # a list of plain texts: the carried paths
                    yield (*path, i), field, len(item)
            else:
                yield from too_long(item, (*path, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            if isinstance(key, str) and len(key) > MAX_NAME:
                yield (*path, key), "name", len(key)
            yield from too_long(item, (*path, key))


def json_path(path: tuple[Any, ...]) -> str:
    """``("projects", 0, "name")`` → ``$.projects[0].name`` (the notation of jsonform's messages)."""
    out = "$"
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else f".{str(p)[:40]}"
    return out
