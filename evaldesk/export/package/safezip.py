"""Opening an upload package someone else made: refuse anything hostile before decompressing it.

A package arrives by mail or USB stick, so it is untrusted input. Everything that can be decided from the
zip's directory (member count, names, types, declared sizes, compression ratios) is checked first; then
each member is read in bounded chunks, so that neither a path-traversal name nor a zip bomb gets through
and a refusal is fast. Every refusal is a FileFormatError with a Chinese message naming the member.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib

from evaldesk.core import attachments, jsonform
from evaldesk.core.errors import FileFormatError
from evaldesk.export import zipdir

MANIFEST = "manifest.json"
DATA = "data.json"
SCAN_FOLDER = "签字页"
SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")

MAX_PACKAGE_BYTES = 500 * 1024 * 1024
MAX_MEMBERS = 4 + attachments.MAX_ATTACHMENTS + 10
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MEMBER_LIMITS = {
    "manifest": 5 * 1024 * 1024,
    "data": jsonform.MAX_JSON_BYTES,
    "pdf": 100 * 1024 * 1024,
    "xlsx": 50 * 1024 * 1024,
    "scan": attachments.MAX_ATTACHMENT_BYTES,
}
# Our members compress at most ~5:1 (JSON) and scans/PDF/XLSX hardly at all; a bomb compresses ~1000:1.
# Small members may have any ratio: they cannot do harm.
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024

_FLAG_ENCRYPTED = 0x1
_FLAG_UTF8 = 0x800
_DRIVE = re.compile(r"^[A-Za-z]:")
_EOCD = b"PK\x05\x06"


def member_kind(name: str) -> str | None:
    """What a member is by its name: manifest, data, pdf, xlsx, scan — or None (not expected)."""
    if name == MANIFEST:
        return "manifest"
    if name == DATA:
        return "data"
    parts = name.split("/")
    lower = name.lower()
    if len(parts) == 1:
        if lower.endswith(".pdf"):
            return "pdf"
        if lower.endswith(".xlsx"):
            return "xlsx"
        return None
    if len(parts) == 2 and parts[0] == SCAN_FOLDER and parts[1] and lower.endswith(SCAN_SUFFIXES):
        return "scan"
    return None


def read_members(data: bytes) -> dict[str, bytes]:
    """The members of a package zip, by name in archive order, after every safety check."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise FileFormatError(
            f"上传包过大（超过{MAX_PACKAGE_BYTES // (1024 * 1024)}MB），不是有效的绩效自评上传包。"
        )
    _check_entry_count(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise FileFormatError("上传包不是有效的 ZIP 压缩文件，或已损坏（可能未下载或复制完整）。") from None
    with zf:
        infos = _checked_infos(zf)
        return {name: _read(zf, info, name) for name, info in infos}


def _check_entry_count(data: bytes) -> None:
    # zipfile builds its whole directory in memory, trusting neither the end record's count nor a limit:
    # the directory itself is counted first, stopping as soon as there are too many entries.
    try:
        zipdir.check_entry_count(data, MAX_MEMBERS)
    except zipdir.TooManyEntries as e:
        raise FileFormatError(
            f"上传包含有过多文件（至少{e.count}个，上限{MAX_MEMBERS}个），不是有效的绩效自评上传包。"
        ) from None
    except zipdir.Zip64:  # we never write ZIP64
        raise FileFormatError("上传包使用了 ZIP64 格式，不是绩效自评助手生成的上传包。") from None
    if data.rfind(_EOCD, max(0, len(data) - 65536 - 22)) < 0:
        raise FileFormatError("上传包不是有效的 ZIP 压缩文件，或已损坏（可能未下载或复制完整）。")


def _checked_infos(zf: zipfile.ZipFile) -> list[tuple[str, zipfile.ZipInfo]]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise FileFormatError(
            f"上传包含有过多文件（{len(infos)}个，上限{MAX_MEMBERS}个），不是有效的绩效自评上传包。"
        )
    seen: set[str] = set()
    out: list[tuple[str, zipfile.ZipInfo]] = []
    total = 0
    counts = {"pdf": 0, "xlsx": 0}
    for info in infos:
        name = _decoded_name(info)
        _check_name(name)
        if name == SCAN_FOLDER + "/" and info.file_size == 0:
            continue  # a folder entry some zip tools add; it carries nothing
        if name in seen:
            raise FileFormatError(f"上传包中的“{name}”出现了不止一次，文件可能被篡改。")
        seen.add(name)
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            raise FileFormatError(f"上传包中的“{name}”是符号链接，出于安全考虑拒绝打开。")
        if info.is_dir():
            raise FileFormatError(f"上传包中含有多余的文件夹“{name}”，不是绩效自评助手生成的上传包。")
        if info.flag_bits & _FLAG_ENCRYPTED:
            raise FileFormatError(f"上传包中的“{name}”已加密，无法读取。")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileFormatError(f"上传包中的“{name}”使用了不支持的压缩方式。")
        kind = member_kind(name)
        if kind is None:
            raise FileFormatError(
                f"上传包中含有不应出现的文件“{name}”。上传包只能包含 data.json、manifest.json、"
                f"PDF 报告、Excel 表格和“{SCAN_FOLDER}/”下的 PDF/JPG/PNG 扫描件。"
            )
        if kind in counts:
            counts[kind] += 1
            if counts[kind] > 1:
                raise FileFormatError(
                    f"上传包中含有多个{'PDF' if kind == 'pdf' else 'Excel'}文件（“{name}”），不是有效的上传包。"
                )
        limit = MEMBER_LIMITS[kind]
        if info.file_size > limit:
            raise FileFormatError(
                f"上传包中的“{name}”解压后过大（声明{_mb(info.file_size)}，上限{_mb(limit)}），出于安全考虑拒绝打开。"
            )
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileFormatError(f"上传包中的“{name}”压缩比异常（疑似“压缩炸弹”），出于安全考虑拒绝打开。")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise FileFormatError(f"上传包解压后总大小超过{_mb(MAX_TOTAL_BYTES)}，出于安全考虑拒绝打开。")
        out.append((name, info))
    return out


def _decoded_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if info.flag_bits & _FLAG_UTF8 or name.isascii():
        return name
    # Without the UTF-8 flag zipfile decodes names as CP437. Zips re-made on a Chinese Windows carry GBK
    # names; try UTF-8 first (some tools omit the flag), then GBK, so 签字页/ is still recognised.
    raw = name.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _check_name(name: str) -> None:
    shown = name.replace("\x00", "�")[:120]
    if not name or "\x00" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise FileFormatError(f"上传包中有文件名无效的文件（“{shown}”），出于安全考虑拒绝打开。")
    if "\\" in name or name.startswith("/") or _DRIVE.match(name):
        raise FileFormatError(f"上传包中的“{shown}”使用了绝对路径或非法路径，出于安全考虑拒绝打开。")
    parts = name.split("/")
    inner = parts[:-1] if name.endswith("/") else parts
    if any(p in ("", ".", "..") for p in inner):
        raise FileFormatError(f"上传包中的“{shown}”含有路径跳转（..），出于安全考虑拒绝打开。")


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    buf = bytearray()
    try:
        with zf.open(info) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                buf += chunk
                if len(buf) > info.file_size:  # never trust the declared size alone
                    raise FileFormatError(f"上传包中的“{name}”实际大小超过声明大小，出于安全考虑拒绝打开。")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise FileFormatError(f"上传包中的“{name}”已损坏，无法解压（校验失败）。") from None
    if len(buf) != info.file_size:
        raise FileFormatError(f"上传包中的“{name}”已损坏（大小与声明不符）。")
    return bytes(buf)


def _mb(n: int) -> str:
    return f"{(n + 1024 * 1024 - 1) // (1024 * 1024)}MB"
