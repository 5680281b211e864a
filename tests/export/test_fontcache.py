"""The parsed-font cache: the same metrics and subsets as a fresh parse; rebuilt when the font changes or
the entry is damaged, never used for another file."""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from evaldesk.core import paths
from evaldesk.core.errors import FileFormatError
from evaldesk.export import fontcache

FONT = "LXGWWenKai-Regular.ttf"
# Characters of the forms and a rare one beyond U+FFFF: what a subset of a real document holds.
TEXT = "年度预算绩效自评报告（一）产出指标≥90%，满意度0123456789ABCxyz、。“”\U00020087"


@cache
def _fields() -> list[str]:
    """The fields a parse sets on a face."""
    return list(TTFont("ref", str(paths.resource("fonts", FONT))).face.__dict__)


def _state(font: TTFont) -> dict[str, object]:
    """Every field of the face as reportlab uses it (lazily kept fields read through)."""
    face = font.face
    out: dict[str, object] = {}
    for k in _fields():
        if k in ("_pdfScale", "_ttf_data", "filename"):
            continue
        v = getattr(face, k)
        out[k] = list(v) if k in ("hmetrics", "glyphPos") else v
    # Widths as reportlab reads them: every mapped character's, the default for any other.
    widths = face.charWidths
    out["charWidths"] = {c: widths.get(c, face.defaultWidth) for c in face.charToGlyph}
    out["width of an unmapped character"] = widths.get(0x10FFFD, face.defaultWidth)
    return out


def _subset(font: TTFont, text: str = TEXT) -> bytes:
    codes = sorted({ord(c) for c in text})
    data: bytes = font.face.makeSubset(codes)
    return data


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / FONT
    shutil.copy(paths.resource("fonts", FONT), path)
    return path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the fonts whose file ``fontcache`` parsed (rather than rebuilt from an entry)."""
    seen: list[str] = []

    class Parsed(TTFont):  # type: ignore[misc]  # reportlab ships no types
        def __init__(self, name: str, *a: object, **k: object) -> None:
            seen.append(name)
            super().__init__(name, *a, **k)

    monkeypatch.setattr(fontcache, "TTFont", Parsed)
    return seen


def _entry() -> Path:
    [entry] = fontcache.cache_dir().glob("*.bin")
    return entry


def test_a_cached_font_equals_a_fresh_parse(src: Path, parses: list[str]) -> None:
    first = fontcache.load_ttfont("A", src)
    assert parses == ["A"]  # the first load parses the file
    entry = _entry()
    cached = fontcache.load_ttfont("B", src)
    assert parses == ["A"] and type(cached.face) is fontcache.CachedFace
    fresh = TTFont("C", str(src))
    assert _state(cached) == _state(fresh) == _state(first)
    assert cached.face.filename == fresh.face.filename == str(src)
    assert cached.face._pdfScale(512) == fresh.face._pdfScale(512)
    for size in (9, 10.5, 16):
        assert cached.stringWidth(TEXT, size) == fresh.stringWidth(TEXT, size)
    assert all(cached.face.charWidths[c] == w for c, w in fresh.face.charWidths.items())
    assert len(entry.read_bytes()) < src.stat().st_size // 4


def test_a_cached_face_cuts_the_same_subsets_without_keeping_the_file(src: Path) -> None:
    fontcache.load_ttfont("A", src)
    cached = fontcache.load_ttfont("B", src)
    fresh = TTFont("C", str(src))
    # Every glyph kind: simple, composite (components renumbered), empty (space), missing (notdef).
    composite = _composite_chars(fresh, 40)
    assert composite, "the font has composite glyphs to test"
    for text in (TEXT, composite, " \u3000", "\U0010fffd", TEXT + composite):
        assert _subset(cached, text) == _subset(fresh, text)
    assert "_ttf_data" not in cached.face.__dict__  # the file is mapped only while a subset is cut
    assert cached.face._ttf_data == src.read_bytes()  # and read whole only if asked for


def _composite_chars(font: TTFont, n: int) -> str:
    """``n`` characters whose glyphs are composite (made of other glyphs)."""
    face = font.face
    glyf = face.get_table_pos("glyf")[0]
    out = []
    for code, glyph in face.charToGlyph.items():
        start, end = glyf + face.glyphPos[glyph], glyf + face.glyphPos[glyph + 1]
        contours = int.from_bytes(face._ttf_data[start : start + 2], "big", signed=True)
        if end - start > 2 and contours < 0:
            out.append(chr(code))
            if len(out) == n:
                break
    return "".join(out)


@pytest.mark.parametrize(
    "damage",
    [
        "truncated-in-header",
        "truncated-in-payload",
        "one-byte-short",
        "flipped-payload-byte",
        "flipped-header-byte",
        "garbage",
        "empty",
        "old-json-format",
        "another-fonts-entry",
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(src: Path, damage: str, parses: list[str]) -> None:
    fontcache.load_ttfont("A", src)
    entry = _entry()
    good = entry.read_bytes()
    bad = {
        "truncated-in-header": good[:60],
        "truncated-in-payload": good[: len(good) // 2],
        "one-byte-short": good[:-1],
        "flipped-payload-byte": good[:-1000] + bytes([good[-1000] ^ 0x01]) + good[-999:],
        "flipped-header-byte": good.replace(b'"ascent":880', b'"ascent":881', 1),
        "garbage": os.urandom(5000),
        "empty": b"",
        "old-json-format": b'{"format": 2, "state": {"trunc',
        "another-fonts-entry": _entry_of("NotoSansSC-Regular.ttf", src.parent),
    }[damage]
    assert bad != good
    entry.write_bytes(bad)
    font = fontcache.load_ttfont("B", src)
    assert parses[-1] == "B"  # parsed afresh …
    assert _state(font) == _state(TTFont("C", str(src)))
    assert entry.read_bytes() == good  # … and the entry made again
    rebuilt = fontcache.load_ttfont("D", src)
    assert "D" not in parses and type(rebuilt.face) is fontcache.CachedFace
    assert _subset(rebuilt) == _subset(TTFont("E", str(src)))


def _entry_of(font: str, folder: Path) -> bytes:
    """The cache entry another font makes, as if copied over this one's."""
    other = folder / "other" / font
    other.parent.mkdir()
    shutil.copy(paths.resource("fonts", font), other)
    before = set(fontcache.cache_dir().glob("*.bin"))
    fontcache.load_ttfont("O", other)
    [made] = set(fontcache.cache_dir().glob("*.bin")) - before
    data = made.read_bytes()
    made.unlink()
    return data


def test_a_changed_font_file_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    src = tmp_path / "body.ttf"
    shutil.copy(paths.resource("fonts", FONT), src)
    fontcache.load_ttfont("A", src)
    # Another font under the same name, with the old modification time: its size gives it away.
    st = src.stat()
    shutil.copy(paths.resource("fonts", "NotoSerifSC-Regular.ttf"), src)
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
    font = fontcache.load_ttfont("B", src)
    assert parses == ["A", "B"]
    assert font.face.familyName != TTFont("D", str(paths.resource("fonts", FONT))).face.familyName
    assert font.face.familyName == TTFont("E", str(src)).face.familyName


def test_an_edited_font_of_the_same_size_and_time_is_parsed_again(src: Path, parses: list[str]) -> None:
    fontcache.load_ttfont("A", src)
    st = src.stat()
    data = bytearray(src.read_bytes())
    data[17] ^= 0xFF  # a byte of the table directory (a table's checksum): another font to the cache
    src.write_bytes(bytes(data))
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
    font = fontcache.load_ttfont("B", src)
    assert parses == ["A", "B"]
    assert font.face.tables == TTFont("C", str(src)).face.tables


def test_a_touched_font_is_hashed_once_and_still_cached(src: Path, parses: list[str]) -> None:
    fontcache.load_ttfont("A", src)
    st = src.stat()
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    font = fontcache.load_ttfont("B", src)
    assert parses == ["A"] and type(font.face) is fontcache.CachedFace  # the same bytes: the entry holds
    header = _entry().read_bytes()
    assert str(st.st_mtime_ns + 5_000_000_000).encode() in header  # the new time noted: no hash next time


def test_a_font_replaced_before_its_subset_is_cut_is_a_clear_error(src: Path) -> None:
    fontcache.load_ttfont("A", src)
    cached = fontcache.load_ttfont("B", src)
    shutil.copy(paths.resource("fonts", "NotoSansSC-Regular.ttf"), src)
    with pytest.raises(FileFormatError, match="被更改"):
        _subset(cached)
    src.unlink()
    with pytest.raises(FileFormatError, match="无法读取字体文件"):
        _subset(cached)


def test_a_cache_that_cannot_be_written_costs_nothing(src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evaldesk.core.errors import StorageError

    def refuse(*_a: object, **_k: object) -> None:
        raise StorageError("磁盘空间不足")

    monkeypatch.setattr(fontcache, "write_atomic", refuse)
    assert _state(fontcache.load_ttfont("A", src)) == _state(TTFont("C", str(src)))
    assert not list(fontcache.cache_dir().glob("*.bin"))


def test_a_data_folder_that_cannot_be_made_costs_nothing(src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fontcache, "cache_dir", refuse)
    font = fontcache.load_ttfont("A", src)
    assert _state(font) == _state(TTFont("C", str(src)))
    assert _subset(font) == _subset(TTFont("D", str(src)))


def test_an_entry_of_the_earlier_json_format_is_replaced(src: Path) -> None:
    old = fontcache.cache_dir() / (fontcache._entry_path(src).stem + ".json")
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text('{"format": 2}')
    fontcache.load_ttfont("A", src)
    assert not old.exists() and _entry().exists()


def test_a_freshly_parsed_font_keeps_only_what_a_cached_one_does(src: Path, parses: list[str]) -> None:
    # The parse holds the whole file and an object per glyph; once its entry is proven, the font kept
    # registered for the rest of the session is the compact one, as on every later load.
    first = fontcache.load_ttfont("A", src)
    assert parses == ["A"]
    assert type(first.face) is fontcache.CachedFace and "_ttf_data" not in first.face.__dict__
    fresh = TTFont("C", str(src))
    assert _state(first) == _state(fresh)
    assert _subset(first) == _subset(fresh)
