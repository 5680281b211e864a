"""Live-field keys and the token that carries one inside report text.

A live field is stored in a body as ``⟦f:KEY⟧`` (U+27E6 … U+27E7, "mathematical white square
brackets": no Chinese or Western input method produces them, so a clerk cannot type one by accident).
``KEY`` is colon-separated segments; the free-form segments (a 编制 kind, a 附件1 line name, a project
id, an indicator name) are escaped so that a ``:`` or a bracket inside a name cannot break the token:
``%`` → ``%25``, ``:`` → ``%3A``, ``⟦`` → ``%5B``, ``⟧`` → ``%5D``, line feed → ``%0A``, CR → ``%0D``.

Keys (docs/data-format.md, "Live fields"):

=================================================  ==============================================
``year``                                           评价年度 Y
``unit:name`` · ``unit:staff_authorized`` ·        单位名称 · 编制数 · 实际在职人数 · 控制率 (computed)
``unit:staff_actual`` · ``unit:control_rate``
``staff:<kind>``                                   编制 by kind, e.g. ``staff:行政编制``
``basic:<row>:<prev|budget|actual>``               附件1 fixed row (``model.BASIC_ROW_KEYS``)
``special:<name>:<col>`` · ``transfer:<name>:<col>``  附件1 区级专项 / 上级转移支付 line, by name
``overall:<field>``                                附件2 ``OverallFunding`` amount (``expend_basic`` …)
``overall:total:<initial|full|executed>`` ·        附件2 年度资金总额 · 执行率 (computed)
``overall:rate``
``project:<id>:<initial|full|executed|rate|name>``  附件3 of the project with that stable id
``indicator:<table>:<name>:<target|actual>``       an indicator by name; table ``overall`` or a project id
``score:<table>:<total|grade>``                    总分 / 等级 as computed; table as above
``spent:<basic|personnel|project>``                基本支出 / 人员经费 / 项目支出 决算 (computed, ``derived``)
=================================================  ==============================================

Indicators and 附件1 lines are addressed by *name*, not position: a row inserted above never makes a
field silently show another row's value; a renamed or deleted one shows ``【数据已删除】`` and is reported.
"""

from __future__ import annotations

import re

OPEN = "⟦"
CLOSE = "⟧"
PREFIX = "f:"

# A well-formed token; anything else containing the brackets is plain text.
TOKEN_RE = re.compile(r"⟦f:([^⟦⟧\r\n]+)⟧")

_ESCAPES = {"%": "%25", ":": "%3A", OPEN: "%5B", CLOSE: "%5D", "\n": "%0A", "\r": "%0D"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}
_ESCAPED = re.compile(r"%(?:25|3A|5B|5D|0A|0D)")
_SEGMENT_SPECIAL = re.compile(r"[%:⟦⟧\r\n]")

COLUMNS = ("prev", "budget", "actual")
FUNDING_COLUMNS = ("initial", "full", "executed")


def escape(segment: str) -> str:
    """Escape a free-form segment (a name or an id) for use inside a key."""
    return _SEGMENT_SPECIAL.sub(lambda m: _ESCAPES[m.group()], segment)


def unescape(segment: str) -> str:
    return _ESCAPED.sub(lambda m: _UNESCAPES[m.group()], segment)


def join(*segments: str) -> str:
    """A key from its segments, each escaped: ``join("staff", "行政编制")`` → ``staff:行政编制``."""
    return ":".join(escape(s) for s in segments)


def split(key: str) -> tuple[str, ...]:
    """The key's segments, unescaped: ``split("indicator:overall:a%3Ab:actual")`` → (…, "a:b", …)."""
    return tuple(unescape(s) for s in key.split(":"))


def token(key: str) -> str:
    """The token for ``key``; raises ``ValueError`` for a key that could not survive in a token (a bug)."""
    if not key or OPEN in key or CLOSE in key or "\n" in key or "\r" in key:
        raise ValueError(f"invalid live-field key {key!r}")
    return f"{OPEN}{PREFIX}{key}{CLOSE}"


# Key builders, so that callers never assemble keys by hand.
def year() -> str:
    return "year"


def unit(field: str) -> str:
    return join("unit", field)


def staff(kind: str) -> str:
    return join("staff", kind.strip())


def basic(row: str, col: str) -> str:
    return join("basic", row, col)


def line(kind: str, name: str, col: str) -> str:
    """A 附件1 区级专项 (``special``) or 上级转移支付 (``transfer``) line, by its name."""
    return join(kind, name.strip(), col)


def overall(*field: str) -> str:
    return join("overall", *field)


def project(project_id: str, field: str) -> str:
    return join("project", project_id, field)


def indicator(table: str, name: str, field: str) -> str:
    """``table`` is ``overall`` (附件2) or a project id (附件3)."""
    return join("indicator", table, name.strip(), field)


def score(table: str, field: str) -> str:
    return join("score", table, field)


SPENT = ("basic", "personnel", "project")


def spent(what: str) -> str:
    """A computed 决算 figure: ``basic`` 基本支出, ``personnel`` 人员经费, ``project`` 项目支出."""
    return join("spent", what)
