"""Build the offline installers: ``python packaging/build.py [--out DIR] [--skip-freeze]``.

1. the frozen one-folder bundle (PyInstaller, ``packaging/evaldesk.spec``): ``DIR/evaldesk/``, then made
   smaller: the fonts packed with lzma (expanded on first use, ``evaldesk/export/font_store.py``) and,
   on Linux, ICU's data cut to the locales and converters the program needs (``packaging/icu_trim.py``;
   ``--full-icu`` keeps it whole, ``--plain-fonts`` ships the fonts as they are);
2. on Linux, a ``.deb`` built from that folder (installs to /opt/evaldesk, menu entry, icon, the
   ``.evaldesk`` file type, /usr/bin links);
3. portable archives (``.tar.gz``, ``.zip`` and the smaller ``.tar.xz``) that run from any folder or a
   USB stick.

Run it from the repository root in the environment the program runs in (with ``pip install -e
'.[bundle]'``). It prints the sizes and writes them, with the build time, to ``DIR/bundle-info.json``
(read by ``bench/bundle.py``). On Windows only the bundle and the zip are made; the installer comes
from ``packaging/evaldesk.iss`` (see packaging/README.md).
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PACKAGE = "evaldesk"
DISPLAY_NAME = "绩效自评助手"
MIME_TYPE = "application/x-evaldesk"

# What Qt's X11 platform plugin, its OpenGL integration, fonts, D-Bus and printing load from the system
# (the bundle does not carry them: see SYSTEM_LIB_PREFIXES in bundle_filter.py). A desktop has most of
# them; the xcb helper libraries are what a fresh UOS/Kylin/Debian install may lack.
DEPENDS = [
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-randr0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxcb-render0",
    "libxcb-util1",
    "libxcb1",
    "libx11-6",
    "libx11-xcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0 | libglib2.0-0t64",
    "libcups2 | libcups2t64",
    "libstdc++6",
    "libharfbuzz0b",
]


def version() -> str:
    # A regular expression, not tomllib: the build machine may run Python 3.10.
    m = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    if not m:
        raise SystemExit("pyproject.toml: no version")
    return m.group(1)


def arch() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def tree_size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (symlinks counted as links, not their targets)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def freeze(out: Path) -> Path:
    work = out / "pyinstaller-work"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(out),
            "--workpath",
            str(work),
            str(HERE / "evaldesk.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    shutil.rmtree(work, ignore_errors=True)
    return out / PACKAGE


_GLIBC = re.compile(rb"GLIBC_2\.(\d+)(?:\.\d+)?\x00")


def min_glibc(bundle: Path) -> str:
    """The newest glibc symbol version any file in the bundle asks for (the oldest glibc it runs on)."""
    newest = 17
    for p in bundle.rglob("*"):
        if p.is_file() and not p.is_symlink() and (p.suffix in (".so", "") or ".so." in p.name):
            with open(p, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
                f.seek(0)
                for m in _GLIBC.finditer(f.read()):
                    newest = max(newest, int(m.group(1)))
    return f"2.{newest}"


def desktop_entry() -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={DISPLAY_NAME}",
            f"Name[zh_CN]={DISPLAY_NAME}",
            "GenericName=Budget performance self-evaluation",
            "GenericName[zh_CN]=预算绩效自评",
            "Comment=Prepare, check and export budget performance self-evaluation packages",
            "Comment[zh_CN]=填报、审核并导出预算绩效自评材料",
            f"Exec=/opt/{PACKAGE}/evaldesk %f",
            "Icon=evaldesk",
            "Terminal=false",
            "Categories=Office;",
            f"MimeType={MIME_TYPE};",
            "StartupWMClass=evaldesk",
            "Keywords=绩效;自评;预算;evaldesk;",
            "",
        ]
    )


def mime_xml() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>EvalDesk self-evaluation draft</comment>
    <comment xml:lang="zh_CN">绩效自评草稿</comment>
    <icon name="application-x-evaldesk"/>
    <glob pattern="*.evaldesk"/>
  </mime-type>
</mime-info>
"""


def control(ver: str, architecture: str, installed_kib: int, glibc: str) -> str:
    depends = ", ".join([f"libc6 (>= {glibc})", *DEPENDS])
    return "\n".join(
        [
            f"Package: {PACKAGE}",
            f"Version: {ver}",
            "Section: office",
            "Priority: optional",
            f"Architecture: {architecture}",
            f"Installed-Size: {installed_kib}",
            f"Depends: {depends}",
            "Recommends: shared-mime-info, desktop-file-utils",
            "Maintainer: EvalDesk <evaldesk@localhost>",
            f"Description: {DISPLAY_NAME} (EvalDesk), offline budget performance self-evaluation",
            " Prepares, checks and exports the performance self-evaluation package of a budget unit",
            " (PDF, Excel, upload package). Runs without a network; everything it needs is in",
            f" /opt/{PACKAGE}.",
            "",
        ]
    )


def build_deb(bundle: Path, out: Path, ver: str) -> Path:
    """A .deb from the frozen folder (dpkg-deb; file triggers of shared-mime-info and
    desktop-file-utils refresh the MIME and menu caches, so no maintainer scripts are needed)."""
    architecture = arch()
    stage = out / "deb-root"
    shutil.rmtree(stage, ignore_errors=True)
    opt = stage / "opt" / PACKAGE
    shutil.copytree(bundle, opt, symlinks=True)
    usr = stage / "usr"
    (usr / "bin").mkdir(parents=True)
    for exe in ("evaldesk", "evaldesk-cli"):
        (usr / "bin" / exe).symlink_to(f"/opt/{PACKAGE}/{exe}")
    share = usr / "share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / "evaldesk.desktop").write_text(desktop_entry(), encoding="utf-8")
    (share / "mime" / "packages").mkdir(parents=True)
    (share / "mime" / "packages" / "evaldesk.xml").write_text(mime_xml(), encoding="utf-8")
    icon = HERE / "icons" / "evaldesk.png"
    for kind, name in (("apps", "evaldesk.png"), ("mimetypes", "application-x-evaldesk.png")):
        d = share / "icons" / "hicolor" / "256x256" / kind
        d.mkdir(parents=True)
        shutil.copy2(icon, d / name)
    debian = stage / "DEBIAN"
    debian.mkdir()
    installed_kib = (tree_size(stage) + 1023) // 1024
    (debian / "control").write_text(
        control(ver, architecture, installed_kib, min_glibc(bundle)), encoding="utf-8"
    )
    for p in stage.rglob("*"):  # dpkg-deb refuses group/world-writable files; keep modes predictable
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)
    deb = out / f"{PACKAGE}_{ver}_{architecture}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(stage)
    return deb


def _platform_tag() -> str:
    if sys.platform == "win32":
        return "windows-x64"
    return f"{sys.platform.rstrip('0123456789')}-{os.uname().machine}"


def shrink(bundle: Path, *, pack_fonts: bool = True, trim_icu: bool = True) -> dict[str, object]:
    """Make the frozen folder smaller without changing what the program does; returns what was done."""
    done: dict[str, object] = {}
    fonts = bundle / "_internal" / "resources" / "fonts"
    if pack_fonts and any(fonts.glob("*.ttf")):
        sys.path.insert(0, str(ROOT))
        from evaldesk.export import font_store

        done["fonts_packed"] = sorted(font_store.pack(fonts))
    if trim_icu and sys.platform.startswith("linux"):
        sys.path.insert(0, str(HERE))
        import icu_trim

        for lib in sorted((bundle / "_internal").rglob("libicudata.so.*")):
            if not lib.is_symlink():
                kept, dropped = icu_trim.trim(lib, lib)
                done["icu_trimmed"] = {"file": lib.name, "items_kept": kept, "items_dropped": dropped}
                done["icu_data_bytes"] = lib.stat().st_size
    return done


def _write_tar_xz(bundle: Path, top: str, txz: Path) -> None:
    """The .tar.xz at ``xz -9``, with the ``xz`` tool on all cores when there is one (5× faster)."""
    if shutil.which("xz"):
        with open(txz, "wb") as f:
            xz = subprocess.Popen(["xz", "-9", "-T0", "-c"], stdin=subprocess.PIPE, stdout=f)
            assert xz.stdin is not None
            with tarfile.open(fileobj=xz.stdin, mode="w|") as tar:
                tar.add(bundle, arcname=top)
            xz.stdin.close()
            if xz.wait() != 0:
                raise SystemExit(f"xz failed writing {txz}")
    else:
        with tarfile.open(txz, "w:xz", preset=9) as tar:
            tar.add(bundle, arcname=top)
    lzma.open(txz).close()  # a readable xz stream


ARCHIVE_KEYS = ((".tar.gz", "tar_gz"), (".tar.xz", "tar_xz"), (".zip", "zip"))


def build_archives(bundle: Path, out: Path, ver: str, *, xz: bool = True) -> list[Path]:
    """``evaldesk-VER-PLATFORM.tar.gz``, ``.zip`` and ``.tar.xz``: the folder ``evaldesk-VER/``.

    Symlinks (the bundle's top-level links to Qt libraries, evaldesk-cli → evaldesk) stay links in
    all: the zip stores them the way Info-ZIP does, which ``unzip`` and Linux file managers restore.
    gzip/deflate at level 9 (the formats every PC opens); the .tar.xz is the smallest, for the stick.
    """
    top = f"{PACKAGE}-{ver}"
    base = out / f"{PACKAGE}-{ver}-{_platform_tag()}"
    made = []
    tgz = base.with_name(base.name + ".tar.gz")
    with tarfile.open(tgz, "w:gz", compresslevel=9) as tar:
        tar.add(bundle, arcname=top)
    made.append(tgz)
    if xz:
        txz = base.with_name(base.name + ".tar.xz")
        _write_tar_xz(bundle, top, txz)
        made.append(txz)
    zpath = base.with_name(base.name + ".zip")
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for p in sorted(bundle.rglob("*")):
            arc = f"{top}/{p.relative_to(bundle).as_posix()}"
            if p.is_symlink():
                info = zipfile.ZipInfo(arc)
                info.create_system = 3  # Unix, so the mode bits below are read
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                z.writestr(info, os.readlink(p))
            elif p.is_dir():
                continue
            else:
                z.write(p, arc)
    made.append(zpath)
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    ap.add_argument("--skip-freeze", action="store_true", help="reuse OUT/evaldesk from an earlier build")
    ap.add_argument("--no-deb", action="store_true")
    ap.add_argument("--no-archives", action="store_true")
    ap.add_argument("--no-xz", action="store_true", help="no .tar.xz (it takes the longest to make)")
    ap.add_argument("--full-icu", action="store_true", help="ship ICU's data library whole (31 MB)")
    ap.add_argument("--plain-fonts", action="store_true", help="ship the fonts unpacked (64 MB)")
    args = ap.parse_args(argv)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    ver = version()

    t0 = time.monotonic()
    bundle = out / PACKAGE if args.skip_freeze else freeze(out)
    freeze_s = time.monotonic() - t0
    shrunk = shrink(bundle, pack_fonts=not args.plain_fonts, trim_icu=not args.full_icu)
    info: dict[str, object] = {
        "version": ver,
        "bundle": str(bundle),
        "freeze_seconds": round(freeze_s, 1),
        "shrink_seconds": round(time.monotonic() - t0 - freeze_s, 1),
        "bundle_bytes": tree_size(bundle),
        "fonts_bytes": tree_size(bundle / "_internal" / "resources" / "fonts"),
        **shrunk,
    }
    if sys.platform.startswith("linux"):
        info["min_glibc"] = min_glibc(bundle)
    if not args.no_deb and sys.platform.startswith("linux") and shutil.which("dpkg-deb"):
        deb = build_deb(bundle, out, ver)
        info["deb"] = str(deb)
        info["deb_bytes"] = deb.stat().st_size
    if not args.no_archives:
        for a in build_archives(bundle, out, ver, xz=not args.no_xz):
            key = next(k for ext, k in ARCHIVE_KEYS if a.name.endswith(ext))
            info[key] = str(a)
            info[f"{key}_bytes"] = a.stat().st_size
    info["total_seconds"] = round(time.monotonic() - t0, 1)
    (out / "bundle-info.json").write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    for k, v in info.items():
        if k.endswith("_bytes") and isinstance(v, int):
            print(f"{k[:-6]:>10}: {v / 1e6:7.1f} MB")
    print(f"build time: {info['total_seconds']} s (freeze {info['freeze_seconds']} s) → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
