"""TrueType fonts for the PDF: registration (cached), character coverage and per-character fallback.

reportlab silently draws nothing for a character its font lacks, which would make a rare character in
a name vanish from a signed page. So every piece of text goes through :func:`markup`, which checks each
character against the font's character map, switches to another bundled font for the characters it
lacks and records a warning for any character no font has. A missing or unusable font is a loud
``FileFormatError``; there is never a silent fallback to Helvetica.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError

from evaldesk.core.errors import FileFormatError
from evaldesk.export import font_store, fontcache

# role → file under resources/fonts (see its README for provenance).
BUNDLED: dict[str, str] = {
    "serif": "NotoSerifSC-Regular.ttf",  # body (仿宋 substitute)
    "serif-bold": "NotoSerifSC-Bold.ttf",  # titles (小标宋 substitute)
    "sans": "NotoSansSC-Regular.ttf",  # tables
    "sans-bold": "NotoSansSC-Bold.ttf",  # 一、 headings (黑体), table headers
    "kai": "LXGWWenKai-Regular.ttf",  # （一） headings (楷体)
}

# Where an installed 仿宋 usually lives; used only when the caller prefers it.
SYSTEM_FANGSONG: tuple[str, ...] = (
    "simfang.ttf",
    "SIMFANG.TTF",
    "STFANGSO.TTF",
    "FangSong.ttf",
    "fangsong.ttf",
)


def _patch_to_unicode() -> None:
    """Make characters beyond U+FFFF (e.g. 𠂇 in a name) extractable from the PDF.

    reportlab writes their ToUnicode entries as ``<20087>``, which is not UTF-16, so viewers and
    pdftotext drop the character when copying. Rewrite those entries as surrogate pairs.
    """
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_evaldesk", False):
        return

    def make(fontname: str, subset: list[int]) -> str:
        text: str = original(fontname, subset)
        for i, v in enumerate(subset):
            if v > 0xFFFF:
                utf16 = chr(v).encode("utf-16-be").hex().upper()
                text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{utf16}>", 1)
        return text

    make._evaldesk = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make


_patch_to_unicode()

_IGNORED = frozenset("\n\r\t\u200b\u200c\u200d\ufeff")
_lock = threading.Lock()
_registered: dict[tuple[str, int, int], str] = {}  # (resolved path, size, mtime_ns) → reportlab name
_cmaps: dict[str, frozenset[int]] = {}  # reportlab name → code points it covers


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names for each job in the document."""

    body: str  # 仿宋 style body text, 1. and （1） headings
    title: str  # 2号 title, attachment titles
    heading1: str  # 一、 (黑体)
    heading2: str  # （一） (楷体)
    table: str
    table_bold: str
    number: str  # page numbers

    def fallbacks(self, primary: str) -> tuple[str, ...]:
        """The fonts to try, in order, for characters ``primary`` lacks."""
        order = (self.body, bundled("serif"), bundled("sans"), bundled("kai"), bundled("serif-bold"))
        seen: list[str] = []
        for name in order:
            if name != primary and name not in seen:
                seen.append(name)
        return tuple(seen)


def _key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def load_font(path: Path, *, what: str = "字体") -> str:
    """Register the TrueType font at ``path`` once and return its reportlab name.

    Raises ``FileFormatError`` (Chinese message) when the file is missing, is not TrueType (CFF/OTF
    outlines are refused by reportlab), is damaged or does not allow embedding.
    """
    try:
        key = _key(path)
    except OSError:
        raise FileFormatError(
            f"找不到{what}文件“{path}”，无法生成PDF。请重新安装程序或在选项中另选字体。"
        ) from None
    with _lock:
        name = _registered.get(key)
        if name:
            return name
        name = "EvalDesk-" + hashlib.sha1(key[0].encode("utf-8")).hexdigest()[:10]
        try:
            font = fontcache.load_ttfont(name, path)  # the parse is cached in the data folder
        except TTFError as e:
            raise FileFormatError(f"{what}“{path.name}”无法用于PDF：{_reason(str(e))}") from None
        except (OSError, ValueError, IndexError, KeyError, AssertionError) as e:  # damaged file
            raise FileFormatError(
                f"{what}“{path.name}”已损坏或不是TrueType字体（{type(e).__name__}）。"
            ) from None
        pdfmetrics.registerFont(font)
        _cmaps[name] = frozenset(font.face.charToGlyph)
        _registered[key] = name
        return name


def _reason(msg: str) -> str:
    if "postscript outlines" in msg:
        return "这是CFF/OpenType（.otf）轮廓字体，PDF只能嵌入TrueType字体。"
    if "embedding" in msg:
        return "字体授权不允许嵌入PDF。"
    if "not a" in msg or "version" in msg:
        return "不是TrueType字体文件。"
    return f"字体文件无法读取（{msg}）。"


def bundled(role: str) -> str:
    """The reportlab name of the bundled font for ``role`` (a key of :data:`BUNDLED`)."""
    return load_font(font_store.font_file(BUNDLED[role]), what="内置字体")


def find_system_fangsong() -> Path | None:
    """An installed 仿宋 (e.g. Windows ``simfang.ttf``), or ``None``."""
    dirs = [Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):  # Windows 10+ installs a font "for this user only" here
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    dirs.append(Path.home() / "Library" / "Fonts")
    dirs += [Path("/Library/Fonts"), Path("/usr/share/fonts/truetype"), Path.home() / ".fonts"]
    for d in dirs:
        for name in SYSTEM_FANGSONG:
            p = d / name
            if p.is_file():
                return p
    return None


def font_set(
    body_font: str | Path | None = None, prefer_system_fangsong: bool = False
) -> tuple[FontSet, list[str]]:
    """Register the fonts for a document; returns the set and warnings (Chinese).

    ``body_font`` (a TrueType file) replaces the bundled body font; an unusable file raises
    ``FileFormatError``. With ``prefer_system_fangsong`` an installed 仿宋 is used when it can be
    embedded; otherwise the bundled serif is used and a warning says why.
    """
    warnings: list[str] = []
    if body_font:
        body = load_font(Path(body_font), what="正文字体")
        _require_cjk(body, Path(body_font).name)
    else:
        body = bundled("serif")
        if prefer_system_fangsong:
            found = find_system_fangsong()
            if found:
                try:
                    body = load_font(found, what="系统仿宋字体")
                    _require_cjk(body, found.name)
                except FileFormatError as e:
                    body = bundled("serif")
                    warnings.append(f"{e} 正文改用内置字体。")
    fs = FontSet(
        body=body,
        title=bundled("serif-bold"),
        heading1=bundled("sans-bold"),
        heading2=bundled("kai"),
        table=bundled("sans"),
        table_bold=bundled("sans-bold"),
        number=bundled("serif"),
    )
    return fs, warnings


def _require_cjk(name: str, label: str) -> None:
    sample = "的一是年度预算绩效自评报告0123456789"
    missing = [ch for ch in sample if ord(ch) not in _cmaps[name]]
    if missing:
        raise FileFormatError(f"正文字体“{label}”缺少常用汉字或数字（如“{missing[0]}”），不能用于PDF。")


def covers(font: str, ch: str) -> bool:
    """Whether the registered font ``font`` has a glyph for ``ch``."""
    cmap = _cmaps.get(font)
    if cmap is None:
        cmap = _cmaps[font] = frozenset(pdfmetrics.getFont(font).face.charToGlyph)
    return ord(ch) in cmap


def missing(text: str, font: str) -> list[str]:
    """The distinct characters of ``text`` the font lacks (whitespace/control characters ignored)."""
    out: list[str] = []
    for ch in text:
        if ch not in _IGNORED and ch not in out and not covers(font, ch):
            out.append(ch)
    return out


class Warnings:
    """Collects warnings once each (a character missing from every font is reported once)."""

    def __init__(self, initial: list[str] | None = None) -> None:
        self.items: list[str] = list(initial or [])
        self._missing: set[str] = set()

    def glyph_missing(self, ch: str, where: str) -> None:
        if ch in self._missing:
            return
        self._missing.add(ch)
        self.items.append(
            f"字符“{ch}”（U+{ord(ch):04X}）在所有内置字体中都没有字形，PDF中会缺失（{where}）。"
        )

    def add(self, text: str) -> None:
        if text not in self.items:
            self.items.append(text)


def markup(text: str, font: str, fonts: FontSet, warnings: Warnings, where: str = "") -> str:
    """``text`` as reportlab paragraph markup in ``font``: escaped, newlines as ``<br/>``, and each run
    of characters ``font`` lacks wrapped in ``<font face=…>`` of the first fallback that has them.
    """
    if not missing(text, font):
        return escape(text).replace("\n", "<br/>")
    parts: list[str] = []
    run_font, run = font, ""
    for ch in text:
        f = font
        if ch not in _IGNORED and not covers(font, ch):
            f = next((fb for fb in fonts.fallbacks(font) if covers(fb, ch)), font)
            if f == font:
                warnings.glyph_missing(ch, where or text[:20])
        if f != run_font and run:
            parts.append(_run(run, run_font, font))
            run = ""
        run_font = f
        run += ch
    if run:
        parts.append(_run(run, run_font, font))
    return "".join(parts)


def _run(s: str, face: str, primary: str) -> str:
    body = escape(s).replace("\n", "<br/>")
    return body if face == primary else f'<font face="{face}">{body}</font>'
