"""Read a package from any file the clerk may have: a draft, canonical JSON, a workbook or an upload zip.

The kind is told by content (magic bytes), not by the file name, so a renamed file still opens.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from evaldesk.core import jsonform, model
from evaldesk.core.errors import FileFormatError

SQLITE_MAGIC = b"SQLite format 3\x00"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .wps (the old binary formats)
ZIP_MAGIC = b"PK\x03\x04"
MAX_INPUT_BYTES = 500 * 1024 * 1024
MAX_ZIP_ENTRIES = 4000
"""More entries than a workbook (``xlsx.safety.MAX_MEMBERS``) or an upload package may hold."""


def sniff(path: Path) -> str:
    """'draft', 'xlsx', 'docx', 'package', 'json' — or FileFormatError."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        raise FileFormatError(f"找不到文件“{path}”。") from None
    except PermissionError:
        if path.is_dir():  # Windows refuses to open a folder with "permission denied"
            raise FileFormatError(f"“{path}”是一个文件夹，请选择其中的文件。") from None
        raise FileFormatError(f"没有权限读取文件“{path}”。") from None
    except IsADirectoryError:
        raise FileFormatError(f"“{path}”是一个文件夹，请选择其中的文件。") from None
    except OSError as e:
        raise FileFormatError(f"无法读取文件“{path}”：{e.strerror or e}。") from None
    if head.startswith(SQLITE_MAGIC):
        return "draft"
    if head.startswith(ZIP_MAGIC):
        _check_zip_directory(path)
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise FileFormatError(f"“{path.name}”是损坏的压缩文件，无法打开。") from None
        if "manifest.json" in names:
            return "package"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        raise FileFormatError(f"“{path.name}”既不是 Excel 工作簿，也不是绩效自评上传包。")
    if head.startswith(OLE_MAGIC) or path.suffix.lower() in (".doc", ".xls", ".wps", ".et"):
        raise FileFormatError(
            f"“{path.name}”是旧版 Word/Excel/WPS 格式，无法直接读取：请先在 Word、Excel 或 WPS 中另存为 .docx/.xlsx，再导入。"
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    if not head.strip(b"\x00") or path.suffix.lower() == ".evaldesk":
        # An empty, zeroed or garbled draft: the storage layer says precisely what is wrong with it.
        from evaldesk.core.storage.sqlitefile import check_header

        check_header(path)
    raise FileFormatError(
        f"无法识别“{path.name}”的格式：请选择草稿文件（.evaldesk）、JSON、Excel 工作簿（.xlsx）或上传包（.zip）。"
    )


def _check_zip_directory(path: Path) -> None:
    """Refuse a zip whose directory is far larger than any workbook or package before ``zipfile`` reads it."""
    from evaldesk.export import zipdir

    if path.stat().st_size > MAX_INPUT_BYTES:
        raise FileFormatError(f"“{path.name}”过大（超过500MB），不是有效的自评包文件。")
    try:
        zipdir.check_entry_count(path.read_bytes(), MAX_ZIP_ENTRIES)
    except zipdir.TooManyEntries:
        raise FileFormatError(
            f"“{path.name}”中的文件过多（超过{MAX_ZIP_ENTRIES}个），既不是 Excel 工作簿，也不是绩效自评上传包。"
        ) from None
    except zipdir.Zip64:
        raise FileFormatError(
            f"“{path.name}”使用了 ZIP64 压缩格式，无法读取：请在 Excel 或 WPS 中“另存为”.xlsx 后再导入。"
        ) from None


def read_any(path: str | Path) -> model.Package:
    """Load a package from a draft, JSON, XLSX or upload package file."""
    p = Path(path)
    kind = sniff(p)
    if p.stat().st_size > MAX_INPUT_BYTES:
        raise FileFormatError(f"“{p.name}”过大（超过500MB），不是有效的自评包文件。")
    if kind == "draft":
        from evaldesk.core import storage

        return storage.load_package(p)
    if kind == "json":
        return jsonform.loads(p.read_bytes())
    if kind == "docx":
        from evaldesk.export.docx.reader import read_docx_package

        return read_docx_package(p.read_bytes(), source_name=p.name)
    if kind == "xlsx":
        from evaldesk.export.xlsx import read_workbook

        return read_workbook(p.read_bytes(), source_name=p.name)
    from evaldesk.export.package import read_package

    return read_package(p.read_bytes())
