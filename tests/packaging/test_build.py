"""The installer pieces packaging/build.py writes: menu entry, file type, package metadata, archives."""

from __future__ import annotations

import configparser
import lzma
import os
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import tomllib

from tests.packaging.helpers import PACKAGING, load

build = load("build")


def test_desktop_entry_opens_evaldesk_files_with_the_chinese_name() -> None:
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str  # type: ignore[assignment,method-assign]  # keys like Name[zh_CN] are case-sensitive
    cp.read_string(build.desktop_entry())
    e = cp["Desktop Entry"]
    assert e["Name"] == "绩效自评助手" and e["Name[zh_CN]"] == "绩效自评助手"
    assert e["Exec"] == "/opt/evaldesk/evaldesk %f"  # %f: the double-clicked file is passed on
    assert e["MimeType"] == "application/x-evaldesk;"
    assert e["Icon"] == "evaldesk" and e["Terminal"] == "false" and e["Type"] == "Application"


def test_mime_type_matches_the_draft_extension() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.fromstring(build.mime_xml().encode("utf-8"))
    mt = root.find("m:mime-type", ns)
    assert mt is not None and mt.get("type") == "application/x-evaldesk"
    assert [g.get("pattern") for g in mt.findall("m:glob", ns)] == ["*.evaldesk"]
    zh = [c.text for c in mt.findall("m:comment", ns) if c.get("{http://www.w3.org/XML/1998/namespace}lang")]
    assert zh == ["绩效自评草稿"]


def test_control_depends_on_the_xcb_libraries_qt_needs_and_the_glibc_found() -> None:
    text = build.control("1.2.3", "amd64", 190000, "2.35")
    fields = dict(line.split(": ", 1) for line in text.splitlines() if line and not line.startswith(" "))
    assert fields["Package"] == "evaldesk" and fields["Version"] == "1.2.3"
    assert fields["Architecture"] == "amd64" and fields["Installed-Size"] == "190000"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert depends[0] == "libc6 (>= 2.35)"
    for lib in (
        "libxcb-cursor0",
        "libxcb-icccm4",
        "libxcb-keysyms1",
        "libxkbcommon-x11-0",
        "libegl1",
        "libgl1",
        "libfontconfig1",
    ):
        assert lib in depends
    assert text.endswith("\n")  # dpkg-deb rejects a control file without the final newline


def test_version_comes_from_pyproject() -> None:
    with open(PACKAGING.parent / "pyproject.toml", "rb") as f:
        assert build.version() == tomllib.load(f)["project"]["version"]


def test_min_glibc_is_the_newest_symbol_version_in_the_elf_files(tmp_path: Path) -> None:
    (tmp_path / "_internal").mkdir()
    (tmp_path / "evaldesk").write_bytes(b"\x7fELF....GLIBC_2.17\x00..GLIBC_2.28\x00")
    (tmp_path / "_internal" / "libfoo.so.1").write_bytes(b"\x7fELF..GLIBC_2.34\x00GLIBC_2.3.4\x00")
    (tmp_path / "_internal" / "notes.so").write_bytes(b"text GLIBC_2.99\x00")  # not an ELF file
    assert build.min_glibc(tmp_path) == "2.34"


def test_portable_archives_keep_the_folder_and_its_symlinks(tmp_path: Path) -> None:
    bundle = tmp_path / "evaldesk"
    (bundle / "_internal" / "lib").mkdir(parents=True)
    (bundle / "evaldesk").write_bytes(b"#!program")
    (bundle / "evaldesk").chmod(0o755)
    (bundle / "_internal" / "lib" / "libQt6Core.so.6").write_bytes(b"qt core")
    os.symlink("lib/libQt6Core.so.6", bundle / "_internal" / "libQt6Core.so.6")
    out = tmp_path / "out"
    out.mkdir()
    tgz, txz, zpath = build.build_archives(bundle, out, "9.9")
    assert txz.name.endswith(".tar.xz")
    top = "evaldesk-9.9"
    for archive in (tgz, txz):
        with tarfile.open(archive) as tar:
            link = tar.getmember(f"{top}/_internal/libQt6Core.so.6")
            assert link.issym() and link.linkname == "lib/libQt6Core.so.6"
            assert tar.getmember(f"{top}/evaldesk").mode & 0o111
            extracted = tar.extractfile(f"{top}/_internal/lib/libQt6Core.so.6")
            assert extracted is not None and extracted.read() == b"qt core"
    with zipfile.ZipFile(zpath) as z:
        info = z.getinfo(f"{top}/_internal/libQt6Core.so.6")
        assert (info.external_attr >> 16) & 0o170000 == 0o120000  # a symlink entry, not a copy
        assert z.read(info) == b"lib/libQt6Core.so.6"
        assert z.read(f"{top}/_internal/lib/libQt6Core.so.6") == b"qt core"


def test_spec_and_inno_setup_script_agree_on_names() -> None:
    spec = (PACKAGING / "evaldesk.spec").read_text(encoding="utf-8")
    raw = (PACKAGING / "evaldesk.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup needs the BOM to read UTF-8
    iss = raw.decode("utf-8-sig")
    assert 'name="evaldesk"' in spec and '"evaldesk-cli"' in spec
    # The installer copies PyInstaller's output folder and registers the draft extension.
    assert r"dist\evaldesk\*" in iss
    assert 'Subkey: "Software\\Classes\\.evaldesk"' in iss
    assert '"""{app}\\evaldesk.exe"" ""%1"""' in iss  # the double-clicked draft is passed to the window
    assert "绩效自评助手" in iss


def test_shrink_packs_the_fonts_of_a_bundle_losslessly(tmp_path: Path) -> None:
    fonts = tmp_path / "evaldesk" / "_internal" / "resources" / "fonts"
    fonts.mkdir(parents=True)
    font = PACKAGING.parent / "resources" / "fonts" / "NotoSansSC-Bold.ttf"
    (fonts / font.name).write_bytes(font.read_bytes())
    (fonts / "README.md").write_text("provenance", encoding="utf-8")
    done = build.shrink(tmp_path / "evaldesk", trim_icu=False)
    assert done["fonts_packed"] == [font.name]
    assert sorted(p.name for p in fonts.iterdir()) == [font.name + ".xz", "README.md", "packed-fonts.json"]
    assert lzma.decompress((fonts / (font.name + ".xz")).read_bytes()) == font.read_bytes()
    assert (fonts / (font.name + ".xz")).stat().st_size < font.stat().st_size * 0.5


def test_the_one_linux_program_runs_the_cli_when_started_as_evaldesk_cli() -> None:
    entry = load("entry_gui")
    assert entry.started_as_cli("/usr/bin/evaldesk-cli")
    assert entry.started_as_cli("evaldesk-cli")
    assert not entry.started_as_cli("/opt/evaldesk/evaldesk")
    spec = (PACKAGING / "evaldesk.spec").read_text(encoding="utf-8")
    assert 'os.symlink("evaldesk", link)' in spec
