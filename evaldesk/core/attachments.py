"""Scanned signed pages (PDF/JPG/PNG) attached to a draft: checked by content, size-limited.

The clerk prints the package, has it signed and sealed, scans the signed pages and attaches the scans;
they travel inside the draft (``Package.attachments``) and into the upload package under ``签字页/``.
The type is told by the file's first bytes, never by its name, so a renamed Word file or a truncated
download is refused here with a message that says what to do, not later by the upload system.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from evaldesk.core import model
from evaldesk.core.errors import InputError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # one scan
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all scans of one package
MAX_ATTACHMENTS = 50
# A readable signed page needs some pixels; a huge image is either not a scan or a decompression bomb
# for whoever opens it (a 600 dpi A3 colour scan is about 7000 × 9900 = 70 MP).
MIN_IMAGE_SIDE = 200
MAX_IMAGE_SIDE = 20000
MAX_IMAGE_PIXELS = 100_000_000

MIME_PDF = "application/pdf"
MIME_JPEG = "image/jpeg"
MIME_PNG = "image/png"
EXTENSIONS = {MIME_PDF: ".pdf", MIME_JPEG: ".jpg", MIME_PNG: ".png"}
_ACCEPTED_SUFFIXES = {MIME_PDF: (".pdf",), MIME_JPEG: (".jpg", ".jpeg"), MIME_PNG: (".png",)}
TYPE_LABELS = {MIME_PDF: "PDF", MIME_JPEG: "JPG 图片", MIME_PNG: "PNG 图片"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # start-of-frame: carries the size
_STANDALONE_MARKERS = frozenset(range(0xD0, 0xD8)) | {0x01}  # RSTn, TEM: no length field

_UNSAFE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass(frozen=True)
class ImageSize:
    width: int
    height: int


def sniff_type(data: bytes) -> str | None:
    """The MIME type told by the content (PDF, JPEG, PNG), or None for anything else."""
    if data.startswith(PNG_SIGNATURE):
        return MIME_PNG
    if data.startswith(b"\xff\xd8\xff"):
        return MIME_JPEG
    # Readers accept the header anywhere in the first 1024 bytes (some scanners write junk first).
    if b"%PDF-" in data[:1024]:
        return MIME_PDF
    return None


def make_attachment(
    filename: str, data: bytes, existing: Sequence[model.Attachment] = ()
) -> model.Attachment:
    """A checked attachment for the scan ``data`` named ``filename``; InputError (Chinese) if unusable.

    ``existing`` are the package's attachments so far: the total size and count are limited and the
    same scan is not attached twice. The id is derived from the content, so it is stable.
    """
    shown = _display_name(filename)
    if not data:
        raise InputError(f"“{shown}”是空文件，请重新扫描后再添加。")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InputError(
            f"“{shown}”过大（{_mb(len(data))}），单个签字页文件不能超过{_mb(MAX_ATTACHMENT_BYTES)}。"
            "请降低扫描分辨率（300 dpi 足够）或改用黑白/灰度扫描后再添加。"
        )
    mime = sniff_type(data)
    if mime is None:
        raise InputError(
            f"“{shown}”不是 PDF、JPG 或 PNG 文件（按文件内容判断，与扩展名无关）。请把签字页扫描为 PDF、JPG 或 PNG 后再添加。"
        )
    _check_content(shown, mime, data)
    if len(existing) >= MAX_ATTACHMENTS:
        raise InputError(f"签字页最多添加{MAX_ATTACHMENTS}个文件，请把多页扫描合并为一个 PDF。")
    digest = hashlib.sha256(data).hexdigest()
    att_id = f"att-{digest[:12]}"
    for other in existing:
        if other.id == att_id or other.data == data:
            raise InputError(f"“{shown}”已经添加过（与“{other.filename}”内容相同）。")
    total = sum(len(a.data) for a in existing) + len(data)
    if total > MAX_TOTAL_BYTES:
        raise InputError(
            f"添加“{shown}”后签字页合计{_mb(total)}，超过上限{_mb(MAX_TOTAL_BYTES)}。"
            "请降低扫描分辨率或删除不需要的扫描件。"
        )
    return model.Attachment(id=att_id, filename=attachment_filename(filename, mime), mime=mime, data=data)


def check_attachment(att: model.Attachment) -> None:
    """Re-check an attachment read from a file (draft, JSON, upload package); InputError if unusable."""
    shown = _display_name(att.filename)
    if not att.data:
        raise InputError(f"签字页“{shown}”内容为空。")
    if len(att.data) > MAX_ATTACHMENT_BYTES:
        raise InputError(f"签字页“{shown}”过大（{_mb(len(att.data))}）。")
    mime = sniff_type(att.data)
    if mime is None or mime != att.mime:
        raise InputError(f"签字页“{shown}”的内容与其类型（{att.mime or '未知'}）不符。")
    _check_content(shown, mime, att.data)


def attachment_filename(filename: str, mime: str) -> str:
    """A file-system-safe name for the scan whose extension matches its content type."""
    name = sanitize_filename(_basename(filename), fallback="签字页")
    stem, dot, suffix = name.rpartition(".")
    if dot and ("." + suffix.lower()) in _ACCEPTED_SUFFIXES.get(mime, ()):
        return f"{stem}.{suffix.lower()}"
    if dot and suffix.lower() in ("pdf", "jpg", "jpeg", "png"):
        name = stem  # a wrong extension (a PNG named .jpg) is replaced, not stacked
    return name + EXTENSIONS.get(mime, "")


def sanitize_filename(name: str, fallback: str = "未命名", max_chars: int = 80) -> str:
    """A name every file system accepts: no path separators, reserved or control characters.

    Whitespace runs become one space; leading/trailing dots and spaces go (Windows drops them);
    overlong names are shortened, keeping the extension.
    """
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name.strip("_ "):
        name = fallback
    if len(name) > max_chars:
        stem, dot, suffix = name.rpartition(".")
        if dot and 0 < len(suffix) <= 5:
            name = stem[: max_chars - len(suffix) - 1].rstrip(" .") + "." + suffix
        else:
            name = name[:max_chars].rstrip(" .")
    return name


def image_size(mime: str, data: bytes) -> ImageSize | None:
    """Width and height in pixels of a PNG or JPEG, or None if the header cannot be read."""
    if mime == MIME_PNG:
        return _png_size(data)
    if mime == MIME_JPEG:
        return _jpeg_size(data)
    return None


def _check_content(shown: str, mime: str, data: bytes) -> None:
    if mime == MIME_PDF:
        # A PDF ends with %%EOF (readers tolerate trailing junk up to 1 KB); without it the file was cut off.
        if b"%%EOF" not in data[-1024:]:
            raise InputError(f"“{shown}”是不完整的 PDF 文件（可能未下载或复制完整），请重新导出或扫描。")
        return
    size = image_size(mime, data)
    label = TYPE_LABELS[mime]
    if size is None:
        raise InputError(f"“{shown}”是损坏的{label}，无法读取图片尺寸，请重新扫描。")
    w, h = size.width, size.height
    if min(w, h) < MIN_IMAGE_SIDE:
        raise InputError(f"“{shown}”图片太小（{w}×{h}像素），看不清签字和印章，请用至少 150 dpi 重新扫描。")
    if max(w, h) > MAX_IMAGE_SIDE or w * h > MAX_IMAGE_PIXELS:
        raise InputError(f"“{shown}”图片尺寸过大（{w}×{h}像素），请用 300 dpi 左右重新扫描。")


def _png_size(data: bytes) -> ImageSize | None:
    # Signature (8) + IHDR length (4) + b"IHDR" (4) + width (4) + height (4).
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return ImageSize(int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))


def _jpeg_size(data: bytes) -> ImageSize | None:
    pos, n = 2, len(data)
    while pos < n:
        if data[pos] != 0xFF:
            return None  # lost sync: not a JPEG we can read
        while pos < n and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            return None
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE_MARKERS:
            continue
        if marker in (0xD9, 0xDA):  # end of image / start of scan before any frame header
            return None
        if pos + 2 > n:
            return None
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2:
            return None
        if marker in _SOF_MARKERS:
            if pos + 7 > n:
                return None
            height = int.from_bytes(data[pos + 3 : pos + 5], "big")
            width = int.from_bytes(data[pos + 5 : pos + 7], "big")
            return ImageSize(width, height)
        pos += length
    return None


def _basename(filename: str) -> str:
    return re.split(r"[\\/]", filename)[-1]


def _display_name(filename: str) -> str:
    return sanitize_filename(_basename(filename), fallback="文件", max_chars=60)


def _mb(n: int) -> str:
    # Integer arithmetic: sizes shown to one decimal (no floats in core, by convention).
    tenths = (n * 10 + 1024 * 1024 - 1) // (1024 * 1024)
    return f"{tenths // 10}.{tenths % 10}MB" if tenths < 100 else f"{(tenths + 5) // 10}MB"
