"""The bundled fonts as files, whether shipped as they are or packed to keep the installer small.

The source tree has ``resources/fonts/*.ttf``. The offline bundle (packaging/build.py) ships each of them
as ``NAME.ttf.xz`` (lzma, lossless) with ``packed-fonts.json`` listing each font's SHA-256 and size:
the five CJK fonts are 64 MB as they are and 30 MB packed. The first time a packed font is needed it is
expanded into ``<data folder>/fonts/`` and used from there, byte for byte the font the source tree has,
so PDFs and the window look the same either way.

Safety: the expanded copy is checked against the recorded SHA-256 the first time a process uses it
(a few milliseconds) and expanded again when it is missing, cut short or altered; it is written
atomically, so a program killed while expanding, or two programs expanding at once, leave either no
file or a whole one; when the data folder cannot take it (full, read-only) the system's temp folder is
used. A packed font that does not expand to its recorded hash is a loud error.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from evaldesk.core import paths
from evaldesk.core.atomic import write_atomic
from evaldesk.core.errors import FileFormatError, StorageError

PACKED_SUFFIX = ".xz"
MANIFEST = "packed-fonts.json"

_lock = threading.Lock()
_name_locks: dict[str, threading.Lock] = {}  # one per font: different fonts expand side by side
_ready: dict[str, Path] = {}  # font file name → verified file, once per process


def fonts_dir() -> Path:
    return paths.resource("fonts")


def cache_dir() -> Path:
    return paths.user_data_dir() / "fonts"


def _temp_dir() -> Path:
    return Path(tempfile.gettempdir()) / "evaldesk-fonts"


def _manifest() -> dict[str, dict[str, object]]:
    p = fonts_dir() / MANIFEST
    if not p.is_file():
        return {}
    data = json.loads(p.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def names() -> list[str]:
    """The file names of the bundled fonts (``*.ttf``), shipped as they are or packed."""
    found = {p.name for p in fonts_dir().glob("*.ttf")}
    found |= {p.name[: -len(PACKED_SUFFIX)] for p in fonts_dir().glob("*.ttf" + PACKED_SUFFIX)}
    return sorted(found)


def font_file(name: str) -> Path:
    """The usable file of the bundled font ``name`` (e.g. ``NotoSerifSC-Regular.ttf``).

    The shipped file when the bundle carries it as it is (the source tree); otherwise the expanded copy
    in the data folder, expanded first if needed. A name that is neither is returned as the (missing)
    shipped path, so the caller reports it the way it reports any missing font.
    """
    plain = fonts_dir() / name
    packed = plain.with_name(name + PACKED_SUFFIX)
    if plain.is_file() or not packed.is_file():
        return plain
    with _lock:
        name_lock = _name_locks.setdefault(name, threading.Lock())
    with name_lock:
        ready = _ready.get(name)
        if ready is not None and ready.is_file():
            return ready
        entry = _manifest().get(name, {})
        sha, size = str(entry.get("sha256", "")), entry.get("size")
        if len(sha) != 64:
            raise FileFormatError(f"内置字体“{name}”缺少校验信息（{MANIFEST}），请重新安装程序。")
        file_name = f"{plain.stem}-{sha[:12]}{plain.suffix}"
        failure: OSError | StorageError | None = None
        for folder in (cache_dir, _temp_dir):  # the temp folder when the data folder cannot take it
            try:
                target = folder() / file_name
                if not _intact(target, sha, size):
                    _expand(packed, target, sha, name)
            except (OSError, StorageError) as e:
                failure = e
                continue
            _ready[name] = target
            return target
        raise FileFormatError(f"内置字体“{name}”无法解压到数据文件夹或临时文件夹：{failure}") from None


def font_files() -> list[Path]:
    """Every bundled font as a usable file; packed ones are expanded side by side (lzma frees the GIL)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(font_file, names()))


def _intact(path: Path, sha: str, size: object) -> bool:
    try:
        if isinstance(size, int) and path.stat().st_size != size:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha
    except OSError:
        return False


def _expand(packed: Path, target: Path, sha: str, name: str) -> None:
    try:
        data = lzma.decompress(packed.read_bytes())
    except (OSError, lzma.LZMAError) as e:
        raise FileFormatError(f"内置字体“{name}”无法解压（{type(e).__name__}），请重新安装程序。") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise FileFormatError(f"内置字体“{name}”已损坏（校验不符），请重新安装程序。")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)


def pack(folder: Path, preset: int = 9 | lzma.PRESET_EXTREME) -> dict[str, dict[str, object]]:
    """Replace every ``*.ttf`` in ``folder`` by ``*.ttf.xz`` and write the manifest (used by the build)."""
    fonts = sorted(folder.glob("*.ttf"))

    def one(p: Path) -> tuple[str, dict[str, object]]:
        data = p.read_bytes()
        p.with_name(p.name + PACKED_SUFFIX).write_bytes(lzma.compress(data, preset=preset))
        return p.name, {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    with ThreadPoolExecutor(max_workers=2) as pool:
        manifest = dict(pool.map(one, fonts))
    for p in fonts:
        p.unlink()
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
