"""The parsed-font cache: the same metrics as a fresh parse, rebuilt when the font changes or the entry is damaged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from evaldesk.core import paths
from evaldesk.export import fontcache

FONT = "LXGWWenKai-Regular.ttf"


def _state(font: TTFont) -> dict[str, object]:
    return {k: v for k, v in font.face.__dict__.items() if k != "_pdfScale"}


def test_a_cached_font_equals_a_fresh_parse(tmp_path: Path) -> None:
    src = tmp_path / FONT
    shutil.copy(paths.resource("fonts", FONT), src)
    first = fontcache.load_ttfont("A", src)
    entries = list(fontcache.cache_dir().glob("*.json"))
    assert len(entries) == 1
    cached = fontcache.load_ttfont("B", src)
    fresh = TTFont("C", str(src))
    assert _state(cached) == _state(fresh) == _state(first)
    assert cached.face._pdfScale(512) == fresh.face._pdfScale(512)
    assert cached.stringWidth("年度预算绩效自评", 10.5) == fresh.stringWidth("年度预算绩效自评", 10.5)


def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    src = tmp_path / FONT
    shutil.copy(paths.resource("fonts", FONT), src)
    fontcache.load_ttfont("A", src)
    [entry] = fontcache.cache_dir().glob("*.json")
    entry.write_bytes(b'{"format": 2, "state": {"trunc')
    font = fontcache.load_ttfont("B", src)
    assert _state(font) == _state(TTFont("C", str(src)))
    assert entry.read_bytes().startswith(b'{"format"') and len(entry.read_bytes()) > 100_000


def test_a_changed_font_file_is_parsed_again(tmp_path: Path) -> None:
    src = tmp_path / "body.ttf"
    shutil.copy(paths.resource("fonts", FONT), src)
    fontcache.load_ttfont("A", src)
    # Another font under the same name, with the old modification time: its hash gives it away.
    st = src.stat()
    shutil.copy(paths.resource("fonts", "NotoSerifSC-Regular.ttf"), src)
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
    font = fontcache.load_ttfont("B", src)
    assert _state(font) == _state(TTFont("C", str(src)))
    assert font.face.familyName != TTFont("D", str(paths.resource("fonts", FONT))).face.familyName


def test_a_cache_that_cannot_be_written_costs_nothing(tmp_path: Path, monkeypatch) -> None:
    from evaldesk.core.errors import StorageError

    def refuse(*_a: object, **_k: object) -> None:
        raise StorageError("磁盘空间不足")

    monkeypatch.setattr(fontcache, "write_atomic", refuse)
    src = tmp_path / FONT
    shutil.copy(paths.resource("fonts", FONT), src)
    assert _state(fontcache.load_ttfont("A", src)) == _state(TTFont("C", str(src)))
    assert not list(fontcache.cache_dir().glob("*.json"))
