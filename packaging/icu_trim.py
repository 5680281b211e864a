"""A smaller ICU data library for the Linux bundle (``python packaging/icu_trim.py LIB [OUT]``).

PySide6's Qt links against its own ICU 73, whose data library (``libicudata.so.73``, ~31 MB) holds the
data of every locale, every legacy converter and every transliterator. Qt 6 calls only a few ICU
services (the imports of libQt6Core): collation (``ucol_*``, QCollator, which the file dialog uses to
sort names), converters (``ucnv_*``, QStringConverter for encodings beyond UTF/Latin-1), calendar time
zone names (``ucal_*``) and case mapping (``u_strTo*``, whose data is compiled into libicuuc). Line
breaking, normalisation and Unicode properties come from Qt's own tables, not ICU.

So the trimmed package keeps, for the locales root, en and zh (zh_CN, zh_Hans, zh_Hans_CN), every
resource tree (collation, zones, currencies, languages, regions, units, number spelling, break rules),
the collation base (ucadata.icu), all break dictionaries (CJK's among them; the root break rules name
them all, and Qt does not call ICU's break iterators anyway), normalisation and property files, the
converter aliases and the Chinese converters (GB18030, GBK/windows-936, GB2312), and the global tables
(supplemental data, time zones, likely subtags ...). It drops the other ~700 locales, the other ~180
converters (Big5, Shift_JIS, EBCDIC ...: QStringDecoder reports them as unavailable), the
transliterators and the spoof-check data: 31 MB → 8.5 MB.

How: the data blob (symbol ``icudt73_dat``) is read out of the ELF file, items are removed with
``icupkg`` (Debian: icu-devtools) and the blob is linked into a new shared object with the same soname
and symbol (a two-line assembler file with ``.incbin``, built by ``gcc``). Build-time tools only; the
program needs nothing new at run time.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALES = frozenset(
    {"root", "en", "en_001", "en_US", "en_US_POSIX", "zh", "zh_CN", "zh_Hans", "zh_Hans_CN"}
)
# Chinese legacy encodings (UTF-8/16/32, ASCII and Latin-1 are algorithmic: no data file).
KEEP_CONVERTERS = re.compile(r"^(gb18030|windows-936|ibm-1383_|ibm-1386_|ibm-5478_)")
DROP_TREES = frozenset({"translit"})  # transliterators: Qt never calls utrans_*
DROP_FILES = frozenset({"confusables.cfu"})  # spoof checking (uspoof_*): not used by Qt
# A locale bundle's name: language, then script/region/variant parts (e.g. zh_Hans_CN.res).
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
_NOT_LOCALES = frozenset({"res_index.res"})

REQUIRED_TOOLS = ("icupkg", "gcc")
# Debian installs icupkg in /usr/sbin, which is not on an ordinary user's PATH.
_TOOL_PATH = os.pathsep.join([os.environ.get("PATH", os.defpath), "/usr/local/sbin", "/usr/sbin", "/sbin"])


def tool(name: str) -> str | None:
    """The full path of a build tool, looked for on PATH and in the sbin folders."""
    return shutil.which(name, path=_TOOL_PATH)


def drop(item: str) -> bool:
    """Whether a package item (``tree/name`` or ``name``, as ``icupkg -l`` lists it) is left out."""
    tree, _, name = item.rpartition("/")
    if tree in DROP_TREES or name in DROP_FILES:
        return True
    if name.endswith(".cnv"):
        return not KEEP_CONVERTERS.match(name)
    if _LOCALE.match(name) and name not in _NOT_LOCALES:
        return name[: -len(".res")] not in KEEP_LOCALES
    return False


def read_symbol(lib: Path, symbol: str) -> bytes:
    """The bytes of a defined dynamic symbol in a 64-bit little-endian ELF shared object."""
    data = lib.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{lib}: not a 64-bit little-endian ELF file")
    shoff, shentsize, shnum = struct.unpack_from("<Q", data, 0x28)[0], *struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, sh_type, _f, _addr, off, size, link, _i, _a, entsize in sections:
        if sh_type != 11:  # SHT_DYNSYM
            continue
        strtab_off = sections[link][4]
        for j in range(size // entsize):
            st_name, _info, _other, shndx, value, st_size = struct.unpack_from(
                "<IBBHQQ", data, off + j * entsize
            )
            end = data.index(b"\0", strtab_off + st_name)
            if data[strtab_off + st_name : end].decode() != symbol or shndx == 0:
                continue
            sec_addr, sec_off = sections[shndx][3], sections[shndx][4]
            start = sec_off + value - sec_addr
            return data[start : start + st_size]
    raise ValueError(f"{lib}: no symbol {symbol}")


def _soname(lib: Path) -> str:
    return lib.name  # libicudata.so.NN: the file PyInstaller ships is named by its soname


def trim(lib: Path, out: Path) -> tuple[int, int]:
    """Write a trimmed copy of ICU's data library ``lib`` to ``out``; returns (items kept, dropped)."""
    missing = [t for t in REQUIRED_TOOLS if not tool(t)]
    if missing:
        raise SystemExit(
            f"trimming ICU needs {', '.join(missing)} (Debian: apt-get install icu-devtools gcc); "
            "or build with --full-icu"
        )
    m = re.match(r"libicudata\.so\.(\d+)$", lib.name)
    if not m:
        raise ValueError(f"{lib}: not libicudata.so.NN")
    major = m.group(1)
    symbol = f"icudt{major}_dat"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = work / f"icudt{major}l.dat"
        full.write_bytes(read_symbol(lib, symbol))
        listing = subprocess.run(
            [str(tool("icupkg")), "-l", str(full)], capture_output=True, text=True, check=True
        )
        items = listing.stdout.split()
        dropped = [i for i in items if drop(i)]
        (work / "drop.txt").write_text("\n".join(dropped) + "\n", encoding="ascii")
        # icupkg names the items by the output file's base name: icudtNNl, as libicuuc expects.
        (work / "out").mkdir()
        small = work / "out" / full.name
        subprocess.run(
            [str(tool("icupkg")), "-r", str(work / "drop.txt"), str(full), str(small)],
            check=True,
            capture_output=True,
        )
        asm = work / "icudata.S"
        asm.write_text(
            "\n".join(
                [
                    '\t.section .rodata,"a"',
                    f"\t.globl {symbol}",
                    f"\t.type {symbol}, @object",
                    "\t.balign 16",
                    f"{symbol}:",
                    f'\t.incbin "{small}"',
                    f"\t.size {symbol}, . - {symbol}",
                    '\t.section .note.GNU-stack,"",@progbits',
                    "",
                ]
            ),
            encoding="ascii",
        )
        tmp_out = work / lib.name
        subprocess.run(
            [
                "gcc",
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{_soname(lib)}",
                "-s",
                "-o",
                str(tmp_out),
                str(asm),
            ],
            check=True,
        )
        if read_symbol(tmp_out, symbol) != small.read_bytes():
            raise SystemExit(f"{tmp_out}: the data symbol does not hold the trimmed package")
        shutil.copyfile(tmp_out, out)
        out.chmod(0o755)
    return len(items) - len(dropped), len(dropped)


if __name__ == "__main__":
    src = Path(sys.argv[1])
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else src
    kept, gone = trim(src, dst)
    print(f"{dst}: {dst.stat().st_size / 1e6:.1f} MB, {kept} items kept, {gone} dropped")
