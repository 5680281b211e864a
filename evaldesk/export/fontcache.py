"""Parsed TrueType metrics kept in the data folder, so a PDF export does not parse five CJK fonts again.

reportlab parses a whole TrueType file in pure Python (character map, widths, glyph offsets) before it can
measure or embed a single character: 0.2–0.3 s for each of the bundled 10–16 MB CJK fonts, on every
start of the program. What the parse produces is plain data, so it is written once to
``<data folder>/font-cache/<name>.json`` and read back (a few milliseconds) on later starts.

Safety: an entry is used only for the very file it was made from — its size, modification time and
SHA-256 are recorded; when size or time differ the file is hashed again and a different hash means a
fresh parse. The entry is JSON (never code), written atomically; an entry that cannot be read or does
not make sense is ignored and rewritten. The cache is only an accelerator: any failure falls back to
parsing the font as before.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from array import array
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from evaldesk.core import paths
from evaldesk.core.atomic import write_atomic
from evaldesk.core.errors import EvalDeskError

log = logging.getLogger(__name__)

FORMAT = 2
_NAME_FIELDS = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_MAPS = ("charToGlyph", "glyphToChar", "charWidths")  # int → int/float dicts, stored as two lists
_SKIP = frozenset({"_ttf_data", "_pdfScale", *_NAME_FIELDS, *_MAPS, "table"})


def cache_dir() -> Path:
    return paths.user_data_dir() / "font-cache"


def _entry_path(font: Path) -> Path:
    key = hashlib.sha1(str(font.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"{font.stem[:40]}-{key}.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_ttfont(name: str, path: Path) -> TTFont:
    """``TTFont(name, path)``, its parse taken from the cache when the cache holds this very file."""
    data = path.read_bytes()
    st = path.stat()
    entry = _entry_path(path)
    state = _read(entry, st.st_size, st.st_mtime_ns, data)
    if state is not None:
        try:
            return _font_from_state(name, state, data)
        except (KeyError, TypeError, ValueError) as e:  # a damaged entry: parse afresh
            log.info("font cache entry %s unusable: %s", entry, e)
    font = TTFont(name, str(path), subfontIndex=0)
    try:
        _write(entry, font.face, st.st_size, st.st_mtime_ns, _sha256(data))
    except (
        OSError,
        TypeError,
        ValueError,
        EvalDeskError,
    ) as e:  # a read-only or full disk: no cache, no harm
        log.info("font cache not written (%s): %s", entry, e)
    return font


def _read(entry: Path, size: int, mtime_ns: int, data: bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("size") != size:
        return None
    if doc.get("mtime_ns") != mtime_ns and doc.get("sha256") != _sha256(data):
        return None  # the file was replaced: its hash differs
    state = doc.get("state")
    return state if isinstance(state, dict) else None


def _pack(values: list[Any]) -> Any:
    """A long list of numbers as a typed array in Base64 (JSON numbers would take longer to read)."""
    if values and all(type(v) is int for v in values):
        return {"__array__": "q", "b64": base64.b64encode(array("q", values).tobytes()).decode("ascii")}
    if values and all(type(v) in (int, float) for v in values):
        return {"__array__": "d", "b64": base64.b64encode(array("d", values).tobytes()).decode("ascii")}
    return values


def _unpack(value: Any) -> Any:
    if isinstance(value, dict) and "__array__" in value:
        return array(value["__array__"], base64.b64decode(value["b64"])).tolist()
    return value


def _write(entry: Path, face: TTFontFace, size: int, mtime_ns: int, sha: str) -> None:
    state: dict[str, Any] = {k: v for k, v in face.__dict__.items() if k not in _SKIP}
    for k in _NAME_FIELDS:
        state[k] = getattr(face, k).decode("latin-1")
    for k in _MAPS:
        m = getattr(face, k)
        state[k] = [_pack(list(m.keys())), _pack(list(m.values()))]
    state["table"] = face.table
    state["hmetrics"] = [_pack([a for a, _ in face.hmetrics]), _pack([b for _, b in face.hmetrics])]
    state["glyphPos"] = _pack(face.glyphPos)
    for k, v in state.items():
        if isinstance(v, bytes):
            state[k] = {"__bytes__": v.decode("latin-1")}
    doc = {"format": FORMAT, "size": size, "mtime_ns": mtime_ns, "sha256": sha, "state": state}
    entry.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(entry, json.dumps(doc, separators=(",", ":")).encode("utf-8"))


def _font_from_state(name: str, state: dict[str, Any], data: bytes) -> TTFont:
    face = TTFontFace.__new__(TTFontFace)
    d: dict[str, Any] = {}
    for k, v in state.items():
        if isinstance(v, dict) and "__bytes__" in v:
            v = v["__bytes__"].encode("latin-1")
        d[k] = v
    for k in _NAME_FIELDS:
        d[k] = TTFNameBytes(d[k].encode("latin-1"))
    for k in _MAPS:
        keys, values = d[k]
        d[k] = dict(zip(_unpack(keys), _unpack(values), strict=True))
    d["bbox"] = list(d["bbox"])
    d["fontRevision"] = tuple(d["fontRevision"])
    d["hmetrics"] = list(zip(_unpack(d["hmetrics"][0]), _unpack(d["hmetrics"][1]), strict=True))
    d["glyphPos"] = _unpack(d["glyphPos"])
    face.__dict__.update(d)
    face._ttf_data = data
    units = face.unitsPerEm
    mult = 1000 / units
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x: x * mult)
    # What TTFont.__init__ sets besides the face it parses.
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(ttfonts.fnmatch(name, g) for g in ttfonts.unShapedFontGlob)
    return font
