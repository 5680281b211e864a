"""Which of Qt's files go into the frozen bundle (used by evaldesk.spec; kept apart so tests can read it).

PyInstaller's Qt hooks collect every plugin and translation of the Qt modules in use. A desktop window
needs far fewer: the X11 and offscreen platforms, input methods (Chinese input), image formats,
printing and Qt's own zh_CN texts. Dropping the rest keeps the bundle small enough for a USB stick.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

QT_DIRS = ("PySide6/Qt/", "PySide6\\Qt\\")

# plugins/<kind>/ kept whole; any other plugin kind is dropped.
KEEP_PLUGIN_KINDS = frozenset(
    {
        "platforms",
        "xcbglintegrations",
        "imageformats",
        "platforminputcontexts",
        "iconengines",
        "printsupport",
        "styles",
        "platformthemes",
        "generic",
    }
)
# Within a kept kind, files that pull in libraries we do not ship or cannot use.
DROP_PLUGIN_STEMS = frozenset(
    {
        "libqwayland",
        "libqwayland-egl",
        "libqwayland-generic",
        "libqeglfs",
        "libqlinuxfb",
        "libqvnc",
        "libqvkkhrdisplay",
        "libqgtk3",
        "libqminimalegl",
        "libqsvg",
        "libqpdf",
        "libqtuiotouchplugin",
        "libqevdevkeyboardplugin",
        "libqevdevmouseplugin",
        "libqevdevtabletplugin",
        "libqevdevtouchplugin",
        "libqlibinputplugin",
        "libqtslibplugin",
        "libqsvgicon",
        "qsvg",
        "qpdf",
        "qsvgicon",
    }
)
KEEP_TRANSLATIONS = frozenset({"qtbase_zh_CN.qm", "qt_zh_CN.qm"})
# Qt libraries for modules we excluded, in case a plugin's dependency scan drags one in.
DROP_QT_LIBS = (
    "Qt6Qml",
    "Qt6Quick",
    "Qt6Network",
    "Qt6WaylandClient",
    "Qt6WaylandEgl",
    "Qt6Pdf",
    "Qt6Svg",
    "Qt6VirtualKeyboard",
    "Qt6EglFs",
    "Qt6OpenGL",
)


def _rel(dest: str) -> str | None:
    """The part of a bundle path below PySide6/Qt/, or None for files outside Qt."""
    norm = dest.replace("\\", "/")
    marker = "PySide6/Qt/"
    i = norm.find(marker)
    return None if i < 0 else norm[i + len(marker) :]


def keep_plugin(rel: str) -> bool:
    parts = PurePath(rel).parts  # plugins/<kind>/<file>
    if len(parts) < 3:
        return True
    kind, name = parts[1], parts[-1]
    if kind not in KEEP_PLUGIN_KINDS:
        return False
    stem = name.split(".")[0]
    return stem not in DROP_PLUGIN_STEMS


def keep(dest: str) -> bool:
    """Whether a file (library, plugin, symlink or data) the Analysis found goes into the bundle."""
    rel = _rel(dest)
    name = PurePath(dest.replace("\\", "/")).name
    if any(lib in name for lib in DROP_QT_LIBS):
        return False
    if rel is None:
        return True
    if rel.startswith("plugins/"):
        return keep_plugin(rel)
    if rel.startswith("translations/"):
        return PurePath(rel).name in KEEP_TRANSLATIONS
    return not rel.startswith(("qml/", "metatypes/", "libexec/"))


# Libraries every Linux desktop has (and the .deb depends on): taken from the system, not from the build
# machine. A copy from the build machine is at best dead weight and at worst older than what the
# desktop's own libraries (Mesa, the printer drivers) expect. Matched by file-name prefix, top level only.
SYSTEM_LIB_PREFIXES = (
    "libX11",
    "libXau.",
    "libXdmcp",
    "libXext",
    "libXrender",
    "libxcb",
    "libxkbcommon",
    "libfontconfig",
    "libfreetype",
    "libexpat",
    "libpng16",
    "libglib-2.0",
    "libgthread-2.0",
    "libgobject-2.0",
    "libgio-2.0",
    "libgmodule-2.0",
    "libpcre2",
    "libdbus-1",
    "libsystemd",
    "libcups",
    "libgnutls",
    "libavahi",
    "libkrb5",
    "libk5crypto",
    "libgssapi_krb5",
    "libcom_err",
    "libkeyutils",
    "libnettle",
    "libhogweed",
    "libgmp",
    "libp11-kit",
    "libtasn1",
    "libidn2",
    "libunistring",
    "libgcrypt",
    "libgpg-error",
    "liblz4",
    "libcap.",
    "libbsd",
    "libmd.",
    "libbrotli",
    "libstdc++",
    "libgcc_s",
    "libzstd.",
    "libharfbuzz",
    "libgraphite2",
    "libGL",
    "libEGL",
    "libOpenGL",
    "libGLX",
    "libGLdispatch",
)

TocEntry = tuple[str, str, str]


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def is_system_lib(dest: str) -> bool:
    d = _posix(dest)
    return "/" not in d and d.startswith(SYSTEM_LIB_PREFIXES)


def _is_root(entry: TocEntry) -> bool:
    """What the program loads by itself: Python modules, Qt plugins, libpython and PDFium (ctypes)."""
    dest, _src, typecode = entry
    d = _posix(dest)
    return typecode == "EXTENSION" or (
        typecode == "BINARY"
        and (
            d.startswith(("PySide6/Qt/plugins/", "pypdfium2_raw/"))
            or PurePath(d).name.startswith("libpython")
        )
    )


def prune_libs(toc: list[TocEntry], needed_by: Callable[[str], set[str]]) -> list[TocEntry]:
    """Keep only what :func:`keep` allows and the shared libraries the kept code still loads.

    PyInstaller copies every Qt library and a plugin's system libraries (GTK, cairo, pango for the GTK
    theme plugin) at analysis time, before the spec drops the plugin. ``needed_by(src)`` gives the file
    names a binary loads, transitively (``ldd``); a library no kept root needs is dropped, and so is
    one the desktop provides (:data:`SYSTEM_LIB_PREFIXES`).
    """
    kept = [e for e in toc if keep(e[0]) and not is_system_lib(e[0])]
    needed: set[str] = set()
    for entry in kept:
        if _is_root(entry):
            needed.add(PurePath(_posix(entry[0])).name)
            needed |= needed_by(entry[1])
    out = [e for e in kept if e[2] != "BINARY" or PurePath(_posix(e[0])).name in needed]
    targets = {_posix(e[0]) for e in out}
    # A symlink to a dropped library would be left dangling.
    return [e for e in out if e[2] != "SYMLINK" or _posix(e[1]) in targets]
