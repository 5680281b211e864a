"""The canonical, versioned JSON form of a package (docs/data-format.md).

``dumps`` is deterministic (same package → same bytes), so ``dump | import | dump`` is byte-identical.
The converter is driven by the dataclasses' type hints, so a field added to ``core.model`` is carried
without touching this module; ``loads`` checks every type and refuses a wrong one with a message that
names the JSON path.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as _dt
import json
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any

from evaldesk.core import limits, model, money
from evaldesk.core.errors import FileFormatError, InputError

FORMAT_NAME = "evaldesk-package"
FORMAT_VERSION = 1
MAX_JSON_BYTES = 200 * 1024 * 1024


def to_dict(pkg: model.Package) -> dict[str, Any]:
    """The package as JSON-ready plain data, with the format header first."""
    body = _encode(pkg)
    assert isinstance(body, dict)
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, **body}


def dumps(pkg: model.Package) -> str:
    """The canonical JSON text of a package (UTF-8, two-space indent, trailing newline)."""
    return json.dumps(to_dict(pkg), ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes) -> model.Package:
    """Parse the canonical JSON form; raises FileFormatError with a Chinese message on anything wrong."""
    if isinstance(text, bytes):
        if len(text) > MAX_JSON_BYTES:
            raise FileFormatError("数据文件过大，不是有效的自评包数据。")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise FileFormatError(f"数据文件不是 UTF-8 编码的文本（第{e.start + 1}个字节）。") from None
    try:
        data = json.loads(text, parse_float=_Number, parse_int=_integer)
    except json.JSONDecodeError as e:
        raise FileFormatError(
            f"数据文件不是有效的 JSON：第{e.lineno}行第{e.colno}列，{_json_reason(e.msg)}。"
        ) from None
    except RecursionError:
        raise FileFormatError("数据文件嵌套层数过深，不是有效的自评包数据。") from None
    return from_dict(data)


class _Number(str):
    """A JSON number literal kept as its text (a fraction, or an integer too long for ``int``).

    Python's ``int()`` refuses more than 4300 digits with a ValueError, and ``Decimal`` would accept
    ``1e5``; keeping the text lets the one amount grammar (``money.parse_exchange_number``) decide.
    """


def _integer(text: str) -> int | _Number:
    return int(text) if len(text) <= 18 and not text.startswith("-0") else _Number(text)


def from_dict(data: Any) -> model.Package:
    """Build a package from plain data in the canonical form."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise FileFormatError("这不是绩效自评助手的数据文件（缺少格式标识）。")
    if "version" not in data or data["version"] is None:
        raise FileFormatError("数据文件缺少版本号。")
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        shown = (
            str(version)[:20] if isinstance(version, (str, int, float, Decimal)) else type(version).__name__
        )
        raise FileFormatError(f'数据文件的版本号“{shown}”无效：应为整数（如 "version": {FORMAT_VERSION}）。')
    if version > FORMAT_VERSION:
        raise FileFormatError(
            f"数据文件由更新版本的绩效自评助手生成（格式版本{version}），请升级本程序后再打开。"
        )
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    pkg = _decode(model.Package, body, "$")
    assert isinstance(pkg, model.Package)
    for path, field, length in limits.too_long(pkg):
        raise FileFormatError(
            f"数据文件 {limits.json_path(path)} 的{limits.too_long_message(field, length)}。"
        )
    return pkg


def _json_reason(msg: str) -> str:
    return {"Expecting value": "此处应为一个值", "Extra data": "数据结束后还有多余内容"}.get(msg, "格式错误")


def _encode(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Decimal):
        return money.to_canonical(obj)  # never "-0", which the reader refuses
    if isinstance(obj, _dt.date):
        return obj.isoformat()
    if isinstance(obj, bytes):
        return base64.b64encode(obj).decode("ascii")
    if isinstance(obj, list):
        return [_encode(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _encode(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _decode(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _decode(args[0], value, path)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise _wrong(path, "对象")
        hints = _hints(tp)  # type: ignore[arg-type]
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in value:
                kwargs[f.name] = _decode(hints[f.name], value[f.name], f"{path}.{f.name}")
        unknown = set(value) - {f.name for f in dataclasses.fields(tp)}
        if unknown:
            raise FileFormatError(f"数据文件 {path} 含有无法识别的字段：{'、'.join(sorted(unknown))}。")
        if tp is model.BasicData and isinstance(kwargs.get("rows"), dict):
            _check_row_keys(kwargs["rows"], f"{path}.rows")
        return tp(**kwargs)  # type: ignore[operator]
    if origin is list:
        if not isinstance(value, list):
            raise _wrong(path, "列表")
        (item,) = typing.get_args(tp)
        return [_decode(item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise _wrong(path, "对象")
        _, item = typing.get_args(tp)
        return {str(k): _decode(item, v, f"{path}.{k}") for k, v in value.items()}
    if tp is Decimal:
        return _decimal(value, path)
    if tp is _dt.date:
        if not isinstance(value, str):
            raise _wrong(path, "日期")
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise FileFormatError(f"数据文件 {path} 的日期“{value[:40]}”无效。") from None
    if tp is bytes:
        if not isinstance(value, str):
            raise _wrong(path, "Base64 文本")
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise FileFormatError(f"数据文件 {path} 的附件内容已损坏。") from None
    if tp is int:
        if (
            isinstance(value, _Number)
            or not isinstance(value, int)
            or isinstance(value, bool)
            or abs(value) > 10**9
        ):
            raise _wrong(path, "整数")
        return value
    if tp is str:
        if not isinstance(value, str) or isinstance(value, _Number):
            raise _wrong(path, "文本")
        return value
    raise TypeError(f"unsupported type {tp!r} at {path}")  # a bug in the model, not bad input


def _check_row_keys(rows: dict[str, Any], path: str) -> None:
    """附件1's rows are keyed by name: a mistyped key would print as a blank row everywhere."""
    unknown = [k for k in rows if k not in model.BASIC_ROW_KEYS]
    if unknown:
        shown = "、".join(f"“{k[:40]}”" for k in unknown[:5])
        raise FileFormatError(
            f"数据文件 {path} 含有无法识别的附件1行：{shown}（可用的行见 docs/data-format.md，如 public 公用经费）。"
        )


def _decimal(value: Any, path: str) -> Decimal:
    """One grammar for every way in: what ``money`` accepts from a clerk, as ``to_canonical`` writes it."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _wrong(path, "数值文本")
    text = str(value)
    try:
        return money.parse_exchange_number(text)
    except InputError as e:
        shown = text if len(text) <= 40 else f"{text[:20]}…（共{len(text)}个字符）"
        raise FileFormatError(f"数据文件 {path} 的数值“{shown}”无效：{e}。") from None


def _wrong(path: str, expected: str) -> FileFormatError:
    return FileFormatError(f"数据文件 {path} 应为{expected}。")
