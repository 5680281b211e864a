"""The sample PDF is the same whether its fonts were parsed, just cached, or read from the cache, and
a damaged cache changes nothing on paper."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics

from evaldesk.core.sample import load_sample
from evaldesk.export import fontcache, fonts
from evaldesk.export.pdf import render
from tests.helpers.pdf import pdf_fonts, pdf_text


@pytest.fixture(autouse=True)
def _fresh_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Same bytes for the same content (no dates or random IDs), and fonts loaded anew by the test;
    the process's registrations are put back afterwards for the other tests."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    saved = [dict(d) for d in _registries()]
    yield
    for registry, before in zip(_registries(), saved, strict=True):
        registry.clear()
        registry.update(before)


def _registries() -> list[dict]:
    return [fonts._registered, fonts._cmaps, pdfmetrics._fonts, pdfmetrics._dynFaceNames]


def _forget_fonts() -> None:
    """As in a new process: no font registered (reportlab keeps the first font given a name)."""
    for name in fonts._registered.values():
        font = pdfmetrics._fonts.pop(name, None)
        if font is not None:
            pdfmetrics._dynFaceNames.pop(font.face.name, None)
    fonts._registered.clear()
    fonts._cmaps.clear()


def _render() -> tuple[bytes, set[type]]:
    """The sample as PDF, with the fonts loaded afresh; and the kinds of face they were loaded as."""
    _forget_fonts()
    data = render(load_sample())
    faces = {type(pdfmetrics.getFont(name).face) for name in fonts._registered.values()}
    return data, faces


def test_the_sample_pdf_is_the_same_parsed_cold_and_warm(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_folder(_font: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as m:  # no cache at all: reportlab parses every font, as before
        m.setattr(fontcache, "_entry_path", no_folder)
        uncached, faces = _render()
    assert fontcache.CachedFace not in faces and not list(fontcache.cache_dir().glob("*.bin"))
    cold, faces = _render()  # parsed, the cache written, and the parse let go for the compact font
    assert faces == {fontcache.CachedFace}
    assert len(list(fontcache.cache_dir().glob("*.bin"))) == len(fonts.BUNDLED)
    warm, faces = _render()  # every font from the cache
    assert faces == {fontcache.CachedFace}
    assert warm == cold == uncached
    # What a reader sees, said outright: the same text and the same embedded subsets on every page.
    assert pdf_text(warm) == pdf_text(uncached) and "整体支出绩效自评报告" in pdf_text(warm)
    assert pdf_fonts(warm) == pdf_fonts(uncached)
    assert {f.name for f in pdf_fonts(warm)} == {n.removesuffix(".ttf") for n in fonts.BUNDLED.values()}
    assert all(f.embedded and f.subset and f.unicode for f in pdf_fonts(warm))


def test_a_truncated_cache_changes_nothing_on_paper() -> None:
    cold, _ = _render()
    good = {}
    for entry in fontcache.cache_dir().glob("*.bin"):
        good[entry] = data = entry.read_bytes()
        entry.write_bytes(data[: len(data) * 2 // 3])
    damaged, _ = _render()
    # Every entry refused and made again …
    assert all(entry.read_bytes() == data for entry, data in good.items())
    assert damaged == cold
    rebuilt, faces = _render()  # … and made again
    assert faces == {fontcache.CachedFace}
    assert rebuilt == cold
