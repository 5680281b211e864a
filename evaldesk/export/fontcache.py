"""Parsed TrueType metrics kept in the data folder, so a PDF export does not parse five CJK fonts again.

reportlab parses a whole TrueType file in pure Python (character map, widths, glyph offsets) before it can
measure or embed a single character: 50–90 ms for each of the bundled 10–16 MB CJK fonts, on every start
of the program, and it keeps the whole file in memory to cut the embedded subsets from it. What the parse
produces is plain data, so it is written once to ``<data folder>/font-cache/<name>.bin`` and read back on
later starts in a few milliseconds: a small JSON header (the face's scalar fields and table directory)
followed by the big maps as raw typed arrays.

A face rebuilt from the cache does not read the font file at all until a subset is embedded; then it maps
the file and copies only the glyphs the document uses (``CachedFace.makeSubset``), not the 10 MB ``glyf``
table once per subset as reportlab does.

Safety: an entry is used only for the very file it was made from. It records the file's size,
modification time, the SHA-256 of its first 4 KiB (the table directory, with every table's checksum)
and of the whole file. Size, time and directory must match; when only the time differs the whole file is
hashed and compared. The entry is data (JSON and numbers, never code), carries the SHA-256 of its own
payload, is written atomically, and is checked to rebuild exactly the parsed face before it is kept. An
entry that cannot be read, is truncated, damaged or does not make sense is ignored and rewritten; the
cache is only an accelerator, and any failure falls back to parsing the font as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import mmap
import sys
import threading
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any, overload
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from evaldesk.core import paths
from evaldesk.core.atomic import write_atomic
from evaldesk.core.errors import EvalDeskError, FileFormatError

log = logging.getLogger(__name__)

FORMAT = 3
MAGIC = b"EvalDesk font cache\n"
HEAD_BYTES = 4096  # the start of the font: its table directory with each table's checksum
_NAME_FIELDS = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_ARRAYS = ("charToGlyph", "charWidths", "glyphToChar", "hmetrics", "glyphPos")
_SKIP = frozenset({"_ttf_data", "_pdfScale", *_ARRAYS})
_ARRAY_KEYS = frozenset(
    {"c2g_keys", "c2g_values", "cw_keys", "cw_values", "g2c_glyphs", "g2c_counts", "g2c_chars"}
    | {"hm_aw", "hm_lsb", "glyph_pos"}
)


def cache_dir() -> Path:
    return paths.user_data_dir() / "font-cache"


def _entry_path(font: Path) -> Path:
    key = hashlib.sha1(str(font.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"{font.stem[:40]}-{key}.bin"


def _sha256(data: bytes | mmap.mmap) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _head_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return _sha256(f.read(HEAD_BYTES))


class _Metrics(Sequence[tuple[Any, Any]]):
    """``face.hmetrics`` (a list of ``(advance, left side bearing)`` per glyph) over two arrays: only
    the glyphs embedded are ever looked up, so 30 000 tuples need not be made."""

    def __init__(self, advances: array[Any], bearings: array[Any]) -> None:
        self._aw = advances
        self._lsb = bearings

    def __len__(self) -> int:
        return len(self._aw)

    @overload
    def __getitem__(self, i: int) -> tuple[Any, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[Any, Any]]: ...
    def __getitem__(self, i: int | slice) -> tuple[Any, Any] | list[tuple[Any, Any]]:
        if isinstance(i, slice):
            return list(zip(self._aw[i], self._lsb[i], strict=True))
        return self._aw[i], self._lsb[i]


class _Window:
    """A table of a mapped font file, sliced on demand (reportlab slices ``glyf`` glyph by glyph)."""

    def __init__(self, data: mmap.mmap, offset: int, length: int) -> None:
        self._data = data
        self._offset = offset
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i: slice) -> bytes:
        start, stop, step = i.indices(self._length)
        if step != 1:
            raise ValueError("step slices are not supported")
        return self._data[self._offset + start : self._offset + max(start, stop)]


class _Widths(dict[int, Any]):
    """``face.charWidths`` holding only the widths that differ from the face's default width.

    Nineteen in twenty CJK characters have the default width (1000). reportlab looks widths up with
    ``.get(code, defaultWidth)`` and, in C, takes ``defaultWidth`` for a missing key; ``[code]`` gives
    it too. So the same width comes back for every character, from a dict a twentieth of the size.
    """

    def __init__(self, default: Any, items: Any) -> None:
        super().__init__(items)
        self.default = default

    def __missing__(self, code: int) -> Any:
        return self.default


class CachedFace(TTFontFace):  # type: ignore[misc]  # reportlab ships no types: its classes are Any
    """A TrueType face rebuilt from a cache entry instead of parsed from the file.

    The maps reportlab needs while laying out (``charToGlyph``, ``charWidths``) are dicts; the
    ones only subsetting needs stay arrays, and the file is read only while a subset is cut from it.
    """

    _source: Path
    _source_size: int
    _source_head: str
    _arrays: dict[str, array[Any]]
    _subset_lock: threading.Lock

    @cached_property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 - reportlab's attribute name
        glyphs, counts, chars = (self._arrays[k] for k in ("g2c_glyphs", "g2c_counts", "g2c_chars"))
        out: dict[int, list[int]] = {}
        pos = 0
        for glyph, n in zip(glyphs.tolist(), counts.tolist(), strict=True):
            out[glyph] = chars[pos : pos + n].tolist()
            pos += n
        return out

    @cached_property
    def hmetrics(self) -> _Metrics:
        return _Metrics(self._arrays["hm_aw"], self._arrays["hm_lsb"])

    @cached_property
    def glyphPos(self) -> array[Any]:  # noqa: N802 - reportlab's attribute name
        return self._arrays["glyph_pos"]

    @cached_property
    def _ttf_data(self) -> bytes:
        """The whole file, for any reportlab code other than subsetting that wants it."""
        with self._mapped() as data:
            return data[:]

    @contextmanager
    def _mapped(self) -> Iterator[mmap.mmap]:
        """The font file mapped read-only, after checking that it is still the file the entry was made
        from (size and table directory); closed again on exit so the file is not held open."""
        try:
            f = open(self._source, "rb")  # noqa: SIM115 - closed below, after the map
        except OSError as e:
            raise FileFormatError(f"无法读取字体文件“{self._source.name}”：{e.strerror or e}") from None
        with f:
            try:
                data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError) as e:  # ValueError: an empty file
                raise FileFormatError(f"无法读取字体文件“{self._source.name}”：{e}") from None
            with data:
                if len(data) != self._source_size or _sha256(data[:HEAD_BYTES]) != self._source_head:
                    raise FileFormatError(f"字体文件“{self._source.name}”在生成PDF期间被更改，请重新导出。")
                yield data

    def get_table(self, tag: str) -> Any:
        data = self.__dict__.get("_ttf_data")
        if tag == "glyf" and isinstance(data, mmap.mmap):
            offset, length = self.get_table_pos(tag)
            return _Window(data, offset, length)
        return super().get_table(tag)

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 - reportlab's method name
        with self._subset_lock, self._mapped() as data:
            had = self.__dict__.get("_ttf_data")
            self.__dict__["_ttf_data"] = data
            try:
                result: bytes = super().makeSubset(subset)
            finally:
                if had is None:
                    del self.__dict__["_ttf_data"]
                else:
                    self.__dict__["_ttf_data"] = had
        return result


# -- writing ----------------------------------------------------------------------------------------------


def _typed(values: list[Any]) -> array[Any]:
    """``values`` as the smallest exact typed array: 32-bit or 64-bit integers, or doubles."""
    try:
        wide = array("q", values)  # refuses a fraction
    except TypeError:
        if all(type(v) is float for v in values):
            return array("d", values)
        raise TypeError("a map mixes integers and fractions") from None  # not exact as one array: no cache
    if not values or (min(wide) >= -(2**31) and max(wide) < 2**31):
        return array("i", wide)
    return wide


def _scalar(v: Any) -> Any:
    """A face field as JSON, its Python type kept (bytes, tuples and reportlab's name bytes tagged)."""
    if isinstance(v, TTFNameBytes):
        return {"__name__": bytes(v).decode("latin-1")}
    if isinstance(v, bytes):
        return {"__bytes__": v.decode("latin-1")}
    if isinstance(v, tuple):
        return {"__tuple__": [_scalar(x) for x in v]}
    if isinstance(v, list):
        return [_scalar(x) for x in v]
    if isinstance(v, dict):
        if not all(isinstance(k, str) for k in v):
            raise TypeError("a field's keys are not text")
        return {k: _scalar(x) for k, x in v.items()}
    if v is None or type(v) in (bool, int, float, str):
        return v
    raise TypeError(f"a face field of type {type(v).__name__}")


def _unscalar(v: Any) -> Any:
    if isinstance(v, list):
        return [_unscalar(x) for x in v]
    if isinstance(v, dict):
        if len(v) == 1:
            [(k, x)] = v.items()
            if k == "__name__":
                return TTFNameBytes(x.encode("latin-1"))
            if k == "__bytes__":
                return x.encode("latin-1")
            if k == "__tuple__":
                return tuple(_unscalar(y) for y in x)
        return {k: _unscalar(x) for k, x in v.items()}
    return v


def _arrays_of(face: TTFontFace) -> dict[str, array[Any]]:
    g2c = face.glyphToChar
    default = face.defaultWidth
    widths = {c: w for c, w in face.charWidths.items() if w != default or type(w) is not type(default)}
    return {
        "c2g_keys": _typed(list(face.charToGlyph.keys())),
        "c2g_values": _typed(list(face.charToGlyph.values())),
        "cw_keys": _typed(list(widths.keys())),
        "cw_values": _typed(list(widths.values())),
        "g2c_glyphs": _typed(list(g2c.keys())),
        "g2c_counts": _typed([len(v) for v in g2c.values()]),
        "g2c_chars": _typed([c for v in g2c.values() for c in v]),
        "hm_aw": _typed([a for a, _ in face.hmetrics]),
        "hm_lsb": _typed([b for _, b in face.hmetrics]),
        "glyph_pos": _typed(list(face.glyphPos)),
    }


def _encode(face: TTFontFace, size: int, mtime_ns: int, data: bytes) -> tuple[bytes, dict[str, array[Any]]]:
    """The entry for ``face``, and the arrays it holds."""
    arrays = _arrays_of(face)
    payload = b"".join(a.tobytes() for a in arrays.values())
    header = {
        "format": FORMAT,
        "byteorder": sys.byteorder,
        "size": size,
        "mtime_ns": mtime_ns,
        "head_sha256": _sha256(data[:HEAD_BYTES]),
        "sha256": _sha256(data),
        "fields": {k: _scalar(v) for k, v in face.__dict__.items() if k not in _SKIP},
        "arrays": [[k, a.typecode, a.itemsize, len(a)] for k, a in arrays.items()],
    }
    return _entry_bytes(header, payload), arrays


def _entry_bytes(header: dict[str, Any], payload: bytes) -> bytes:
    """MAGIC, the SHA-256 of the rest, the header's length, the header (JSON), the arrays."""
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    rest = len(head).to_bytes(4, "big") + head + payload
    return MAGIC + hashlib.sha256(rest).digest() + rest


# -- reading ----------------------------------------------------------------------------------------------


class _Unusable(Exception):
    """The entry is not a sound entry for this file."""


def _decode(raw: bytes) -> tuple[dict[str, Any], dict[str, array[Any]], bytes]:
    """The header, arrays and payload of an entry; ``_Unusable`` when it is not a whole, sound entry."""
    if not raw.startswith(MAGIC):
        raise _Unusable("not an entry")
    body = len(MAGIC) + 32
    if hashlib.sha256(raw[body:]).digest() != raw[len(MAGIC) : body]:
        raise _Unusable("damaged or truncated")
    end = body + 4 + int.from_bytes(raw[body : body + 4], "big")
    try:
        header = json.loads(raw[body + 4 : end])
    except ValueError as e:
        raise _Unusable(f"header: {e}") from None
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or header.get("byteorder") != sys.byteorder
    ):
        raise _Unusable("another format")
    payload = raw[end:]
    view = memoryview(payload)
    arrays: dict[str, array[Any]] = {}
    pos = 0
    for key, typecode, itemsize, count in header["arrays"]:
        a = array(typecode)
        if a.itemsize != itemsize:
            raise _Unusable("another machine's integer size")
        n = itemsize * count
        a.frombytes(view[pos : pos + n])
        if len(a) != count:
            raise _Unusable("short array")
        arrays[key] = a
        pos += n
    if pos != len(payload) or set(arrays) != _ARRAY_KEYS:
        raise _Unusable("unexpected arrays")
    return header, arrays, payload


def _build(name: str, path: Path, header: dict[str, Any], arrays: dict[str, array[Any]]) -> TTFont:
    face = CachedFace.__new__(CachedFace)
    fields = {k: _unscalar(v) for k, v in header["fields"].items()}
    for k in _NAME_FIELDS:
        if not isinstance(fields.get(k), TTFNameBytes):
            raise _Unusable(f"field {k}")
    face.__dict__.update(fields)
    face.filename = str(path)  # as TTFont(name, str(path)) records it
    face.charToGlyph = dict(zip(arrays["c2g_keys"].tolist(), arrays["c2g_values"].tolist(), strict=True))
    widths = zip(arrays["cw_keys"].tolist(), arrays["cw_values"].tolist(), strict=True)
    face.charWidths = _Widths(fields["defaultWidth"], widths)
    if len(arrays["hm_aw"]) != len(arrays["hm_lsb"]) or len(arrays["glyph_pos"]) < len(arrays["hm_aw"]):
        raise _Unusable("glyph tables of different lengths")
    face._arrays = arrays
    face._source = path
    face._source_size = header["size"]
    face._source_head = header["head_sha256"]
    face._subset_lock = threading.Lock()
    units = face.unitsPerEm
    if not isinstance(units, int) or units <= 0:
        raise _Unusable("unitsPerEm")
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


def _matches(header: dict[str, Any], path: Path, size: int, mtime_ns: int) -> bool:
    """Whether the entry was made from the file now at ``path``."""
    if header.get("size") != size or header.get("head_sha256") != _head_sha256(path):
        return False
    return header.get("mtime_ns") == mtime_ns or header.get("sha256") == _file_sha256(path)


def _cached(name: str, path: Path, entry: Path, size: int, mtime_ns: int) -> TTFont | None:
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    try:
        header, arrays, payload = _decode(raw)
        if not _matches(header, path, size, mtime_ns):
            return None
        font = _build(name, path, header, arrays)
    except (_Unusable, OSError, KeyError, TypeError, ValueError, AttributeError) as e:  # parse afresh
        log.info("font cache entry %s unusable: %s", entry, e)
        return None
    if header["mtime_ns"] != mtime_ns:  # the same file, touched: note its new time so it is not hashed again
        _store(entry, _entry_bytes({**header, "mtime_ns": mtime_ns}, payload))
    return font


def _store(entry: Path, data: bytes) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, data)
    except (OSError, EvalDeskError) as e:  # a read-only or full disk: no cache, no harm
        log.info("font cache not written (%s): %s", entry, e)


def _same(font: TTFont, parsed: TTFont, arrays: dict[str, array[Any]]) -> bool:
    """Whether ``font``, rebuilt from an entry, holds exactly what ``parsed`` (from the file) does: the
    same fields and maps, and the very arrays its other maps were packed into (unpacking them again is
    plain code, proven by the tests)."""
    a, b = font.face, parsed.face
    fields = [k for k in b.__dict__ if k not in _SKIP and k != "filename"]
    if any(getattr(a, k) != getattr(b, k) for k in fields) or a.charToGlyph != b.charToGlyph:
        return False
    default = b.defaultWidth
    kept = {c: w for c, w in b.charWidths.items() if w != default or type(w) is not type(default)}
    return dict(a.charWidths) == kept and a._arrays == arrays


def load_ttfont(name: str, path: Path) -> TTFont:
    """``TTFont(name, path)``, its parse taken from the cache when the cache holds this very file.

    Raises what ``TTFont`` raises for an unusable font (``TTFError``, ``OSError`` …).
    """
    st = path.stat()
    try:
        entry = _entry_path(path)
    except OSError as e:  # no data folder (cannot be made): no cache, no harm
        log.info("no font cache: %s", e)
        return TTFont(name, str(path), subfontIndex=0)
    font = _cached(name, path, entry, st.st_size, st.st_mtime_ns)
    if font is not None:
        return font
    parsed = TTFont(name, str(path), subfontIndex=0)
    data = parsed.face._ttf_data
    if len(data) != st.st_size:  # changed while it was read: do not remember it
        return parsed
    try:
        encoded, packed = _encode(parsed.face, st.st_size, st.st_mtime_ns, data)
        header, arrays, _ = _decode(encoded)
        rebuilt = _build(name, path, header, arrays)
        if not _same(rebuilt, parsed, packed):
            raise _Unusable("the entry does not rebuild the parsed face")
    except (_Unusable, TypeError, ValueError, KeyError, OverflowError) as e:
        log.info("font %s not cached: %s", path, e)
        return parsed
    _store(entry, encoded)
    with contextlib.suppress(OSError):
        entry.with_suffix(".json").unlink(missing_ok=True)  # this font's entry in the earlier JSON format
    # The rebuilt font, proven equal to the parse: the parse holds the whole file and a Python object per
    # glyph (some 120 MB for the bundled CJK fonts) for as long as the font stays registered.
    return rebuilt
