"""Checks on a workbook file before openpyxl is allowed to touch it.

A workbook is a zip of XML parts. Everything here looks only at the zip's directory and at the first
bytes of each XML part, so a hostile file is refused in bounded time and memory:

- not a zip at all (or an old ``.xls`` / password-protected OLE file) → refused by its magic bytes;
- a zip without the parts every ``.xlsx`` has (``[Content_Types].xml``, ``xl/workbook.xml``);
- a zip bomb: the declared uncompressed sizes are capped per part and in total, and so is the
  compression ratio of large parts (``zipfile`` itself stops inflating at the declared size and
  fails the CRC check, so a lying directory cannot get past these limits either);
- an XML entity bomb: a DTD (``<!DOCTYPE``/``<!ENTITY``) is never part of a genuine workbook, so one
  in any XML part's prolog is refused here; openpyxl additionally parses through defusedxml.

- unbounded parsing: openpyxl's cost grows with the number of XML elements (every cell, every shared
  string, every style), whether or not the importer keeps them; the elements of all parts are counted
  first (a streamed pass over the decompressed bytes, no parsing) and a workbook with more than a
  self-evaluation package can hold is refused before openpyxl starts — 20 sheets of 3000 numbers
  took 37 s and 0.5 GB to refuse after parsing.

Limits on the content (rows, columns, sheets) are applied while reading, in :mod:`.sheetdata`.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from evaldesk.core.errors import FileFormatError
from evaldesk.export import zipdir

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest workbook file accepted (compressed size on disk)."""

MAX_MEMBERS = 4000
"""Most parts a workbook zip may hold (our 50-project workbook has about 120)."""

MAX_XML_PART_BYTES = 24 * 1024 * 1024
"""Largest uncompressed XML part (one sheet, the shared strings, the styles)."""

MAX_TOTAL_BYTES = 160 * 1024 * 1024
"""Largest total uncompressed size of all parts (pictures included)."""

MAX_RATIO = 200
"""Highest compression ratio accepted for a part larger than :data:`RATIO_FLOOR_BYTES`."""

RATIO_FLOOR_BYTES = 2 * 1024 * 1024

MAX_XML_ELEMENTS = 100_000
"""Most XML elements (start tags) in all parts together. Our workbook of 50 projects × 15 indicators
has about 38 000 (so this holds some 130 projects); openpyxl needs 10–20 µs per element, so the limit
keeps any file, accepted or not, to about two seconds."""

_PROLOG_LIMIT = 64 * 1024
_CHUNK = 1024 * 1024
_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")
_XML_SUFFIXES = (".xml", ".rels", ".vml")

NOT_XLSX = "不是 Excel 工作簿（.xlsx）"


def _refuse(source_name: str, reason: str) -> FileFormatError:
    where = f"“{source_name}”" if source_name else "所选文件"
    return FileFormatError(f"无法导入{where}：{reason}")


def check_container(data: bytes, source_name: str = "") -> None:
    """Refuse ``data`` unless it looks like a well-formed, reasonably sized ``.xlsx`` workbook.

    Raises ``FileFormatError`` with a Chinese message naming the reason (not a workbook, an old
    ``.xls``, damaged, too large, a zip bomb, XML entity definitions).
    """
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(source_name, f"文件过大（超过{MAX_FILE_BYTES // (1024 * 1024)}MB），不是自评表工作簿。")
    if data.startswith(OLE_MAGIC):
        raise _refuse(
            source_name,
            "这是旧版 Excel 97-2003 格式（.xls/.et）或设置了打开密码的工作簿。"
            "请在 Excel 或 WPS 中取消密码并“另存为”Excel 工作簿（.xlsx）后再导入。",
        )
    if not data.startswith(ZIP_MAGIC):
        raise _refuse(source_name, f"{NOT_XLSX}。请选择由 Excel 或 WPS 保存的 .xlsx 文件。")
    try:
        zipdir.check_entry_count(data, MAX_MEMBERS)
    except zipdir.TooManyEntries as e:
        raise _refuse(source_name, f"压缩包内文件过多（至少{e.count}个），不是自评表工作簿。") from None
    except zipdir.Zip64:
        raise _refuse(
            source_name, "文件使用了 ZIP64 压缩格式，请在 Excel 或 WPS 中“另存为”.xlsx 后再导入。"
        ) from None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(source_name, "文件已损坏（压缩结构无效），无法读取。") from None
    with zf:
        _check_directory(infos, source_name)
        names = {i.filename for i in infos}
        missing = [n for n in _REQUIRED if n not in names]
        if missing:
            raise _refuse(source_name, f"{NOT_XLSX}（缺少 {missing[0]}）。")
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES) and info.file_size > 0:
                _check_prolog(zf, info, source_name)
        _check_element_count(zf, infos, source_name)


def _check_element_count(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], source_name: str) -> None:
    total = 0
    for info in infos:
        if not info.filename.lower().endswith(_XML_SUFFIXES) or info.file_size == 0:
            continue
        try:
            with zf.open(info) as f:
                while chunk := f.read(_CHUNK):
                    # Start tags only; a "<" at a chunk's end whose "/" starts the next chunk counts once too many.
                    total += chunk.count(b"<") - chunk.count(b"</")
                    if total > MAX_XML_ELEMENTS:
                        raise _refuse(source_name, _too_many(info.filename))
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ):
            raise _refuse(source_name, f"工作簿中的“{info.filename[:60]}”已损坏，无法读取。") from None


def _too_many(part: str) -> str:
    limit = f"一个自评包所能容纳的数量（合计{MAX_XML_ELEMENTS}个 XML 元素）"
    lower = part.lower()
    if "sharedstrings" in lower:
        return f"工作簿的共享字符串过多，超过{limit}，不是自评表工作簿（是否选错了文件？）。"
    if "/worksheets/" in lower:
        return f"工作簿的单元格过多，超过{limit}，不是自评表工作簿（是否选错了文件？）。"
    return f"工作簿中的“{part[:60]}”内容过多，超过{limit}，不是自评表工作簿（是否选错了文件？）。"


def _check_directory(infos: list[zipfile.ZipInfo], source_name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _refuse(source_name, f"压缩包内文件过多（{len(infos)}个），不是自评表工作簿。")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(source_name, "工作簿内容已加密，请取消密码后另存为 .xlsx 再导入。")
        size = info.file_size
        total += size
        is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
        if is_xml and size > MAX_XML_PART_BYTES:
            raise _refuse(
                source_name,
                f"工作簿中的“{info.filename[:60]}”解压后过大（{size // (1024 * 1024)}MB），"
                "可能是恶意构造的压缩炸弹，已拒绝。",
            )
        if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(
                source_name,
                f"工作簿中的“{info.filename[:60]}”压缩比异常（超过{MAX_RATIO}倍），"
                "可能是恶意构造的压缩炸弹，已拒绝。",
            )
        if total > MAX_TOTAL_BYTES:
            raise _refuse(
                source_name,
                f"工作簿解压后总大小超过{MAX_TOTAL_BYTES // (1024 * 1024)}MB，可能是压缩炸弹，已拒绝。",
            )


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source_name: str) -> None:
    """Refuse a DTD in the part's prolog (everything before its first element)."""
    try:
        with zf.open(info) as f:
            head = f.read(_PROLOG_LIMIT)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise _refuse(source_name, f"工作簿中的“{info.filename[:60]}”已损坏，无法读取。") from None
    # NUL bytes are dropped so that a UTF-16 part is searched like an ASCII one.
    text = head.replace(b"\x00", b"").upper()
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        raise _refuse(
            source_name,
            f"工作簿中的“{info.filename[:60]}”含有 XML 实体定义（DTD），"
            "正常的 Excel 文件不会有，可能是恶意构造的文件（XML 炸弹），已拒绝。",
        )
    if len(head) == _PROLOG_LIMIT and not _has_element(text):
        raise _refuse(source_name, f"工作簿中的“{info.filename[:60]}”开头异常，不是有效的 XML，已拒绝。")


def _has_element(text: bytes) -> bool:
    """Whether a start tag (``<`` followed by a name character) occurs in ``text``."""
    i = text.find(b"<")
    while i != -1 and i + 1 < len(text):
        nxt = text[i + 1 : i + 2]
        if nxt.isalpha() or nxt == b"_":
            return True
        i = text.find(b"<", i + 1)
    return False
