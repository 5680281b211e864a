"""Packed bundled fonts (the offline bundle ships them lzma-packed): expanded once, byte for byte the
source tree's fonts, repaired when the expanded copy is damaged, and the PDF is the same either way."""

from __future__ import annotations

import io
import json
import lzma
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from evaldesk.core import paths
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from evaldesk.export import font_store, fonts
from evaldesk.export.pdf import render

KAI = fonts.BUNDLED["kai"]


@pytest.fixture(autouse=True)
def _fresh_process() -> Iterator[None]:
    """Each test starts like a new process: no font checked yet."""
    font_store._ready.clear()
    yield
    font_store._ready.clear()


_PACKED: dict[tuple[str, ...], Path] = {}  # packing takes seconds: once per set of fonts per session


def _packed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str]) -> Path:
    """A bundle-like fonts folder with ``names`` packed the way packaging/build.py packs them."""
    key = tuple(names)
    if key not in _PACKED or not _PACKED[key].is_dir():
        master = tmp_path / "packed-master"
        master.mkdir()
        for n in names:
            shutil.copy(paths.resource("fonts", n), master / n)
        font_store.pack(master, preset=0)  # the build uses 9e; the format is the same
        _PACKED[key] = master
    folder = tmp_path / "bundle-fonts"
    shutil.copytree(_PACKED[key], folder)
    monkeypatch.setattr(font_store, "fonts_dir", lambda: folder)
    return folder


def test_source_tree_fonts_are_used_where_they_are() -> None:
    assert font_store.font_file(KAI) == paths.resource("fonts", KAI)
    assert font_store.names() == sorted(fonts.BUNDLED.values())


def test_pack_replaces_each_font_by_its_xz_and_records_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _packed_copy(tmp_path, monkeypatch, [KAI])
    assert sorted(p.name for p in folder.iterdir()) == [KAI + ".xz", "packed-fonts.json"]
    original = paths.resource("fonts", KAI).read_bytes()
    assert lzma.decompress((folder / (KAI + ".xz")).read_bytes()) == original
    entry = json.loads((folder / "packed-fonts.json").read_text(encoding="utf-8"))[KAI]
    assert entry["size"] == len(original) and len(entry["sha256"]) == 64
    assert font_store.names() == [KAI]


def test_a_packed_font_is_expanded_once_into_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    _packed_copy(tmp_path, monkeypatch, [KAI])
    got = font_store.font_file(KAI)
    assert got.parent == data_dir / "fonts" and got.suffix == ".ttf"
    assert got.read_bytes() == paths.resource("fonts", KAI).read_bytes()
    font_store._ready.clear()  # a later start: the intact copy is used, not expanded again

    def refuse(*_a: object) -> None:
        raise AssertionError("expanded again")

    monkeypatch.setattr(font_store, "_expand", refuse)
    assert font_store.font_file(KAI) == got


@pytest.mark.parametrize("damage", ["truncated", "altered", "deleted"])
def test_a_damaged_expanded_copy_is_expanded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    _packed_copy(tmp_path, monkeypatch, [KAI])
    got = font_store.font_file(KAI)
    data = got.read_bytes()
    if damage == "truncated":
        got.write_bytes(data[: len(data) // 2])
    elif damage == "altered":  # same size, one byte changed
        got.write_bytes(data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:])
    else:
        got.unlink()
    font_store._ready.clear()
    assert font_store.font_file(KAI).read_bytes() == paths.resource("fonts", KAI).read_bytes()


def test_a_packed_font_that_does_not_match_its_hash_is_a_chinese_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _packed_copy(tmp_path, monkeypatch, [KAI])
    manifest = folder / "packed-fonts.json"
    entry = json.loads(manifest.read_text(encoding="utf-8"))
    entry[KAI]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(FileFormatError, match="内置字体“LXGWWenKai-Regular.ttf”已损坏"):
        font_store.font_file(KAI)
    (folder / (KAI + ".xz")).write_bytes(b"not xz")
    with pytest.raises(FileFormatError, match="无法解压"):
        font_store.font_file(KAI)


def test_an_unwritable_data_folder_falls_back_to_the_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _packed_copy(tmp_path, monkeypatch, [KAI])
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")  # the data folder's fonts/ cannot be made under a file
    monkeypatch.setattr(font_store, "cache_dir", lambda: blocker / "fonts")
    monkeypatch.setattr(font_store, "_temp_dir", lambda: tmp_path / "temp-fonts")
    got = font_store.font_file(KAI)
    assert got.parent == tmp_path / "temp-fonts"
    assert got.read_bytes() == paths.resource("fonts", KAI).read_bytes()


def _font_programs(pdf: bytes) -> list[bytes]:
    """The embedded TrueType programs (the glyphs drawn), in a stable order."""
    out: list[bytes] = []
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                fd = desc.get_object().get("/FontDescriptor")
                if fd is not None and "/FontFile2" in fd.get_object():
                    out.append(fd.get_object()["/FontFile2"].get_object().get_data())
    return sorted(set(out))


def _pages(pdf: bytes) -> list[bytes]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=0.5).to_pil().tobytes() for i in range(len(doc))]
    finally:
        doc.close()


def test_the_pdf_from_packed_fonts_is_the_pdf_from_the_source_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = load_sample()
    source = render(pkg)
    _packed_copy(tmp_path, monkeypatch, sorted(fonts.BUNDLED.values()))
    packed = render(pkg)
    assert all(p.parent.name == "fonts" for p in font_store.font_files())
    assert fonts.bundled("serif") != fonts.load_font(paths.resource("fonts", fonts.BUNDLED["serif"]))
    programs = _font_programs(source)
    assert programs and _font_programs(packed) == programs
    assert _pages(packed) == _pages(source)
