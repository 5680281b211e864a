"""What verify reads in the printed files: the PDF carries the manifest's fingerprint on every page, and
the PDF and the XLSX are what their names say.

The fingerprint (``fingerprint.py``) ties the signed paper to the files: every page but the cover prints
``{fingerprint} 第x页/共y页``. A package whose PDF was made from other data (an older draft) passes
every hash check, because the manifest lists the file it holds; only reading the pages tells. The text is
read with PDFium (``pypdfium2``, already used for printing), which is fast and copes with damaged files.
"""

from __future__ import annotations

import io
import re
import zipfile

_SPACE = re.compile(r"\s+")


def pdf_problems(data: bytes, fingerprint: str, label: str) -> list[str]:
    """Chinese sentences on what is wrong with the package's PDF ``label``; ``[]`` when all is well."""
    if not data.startswith(b"%PDF-"):
        return [f"“{label}”不是PDF文件（文件头不符）。"]
    try:
        import pypdfium2
    except ImportError:  # the printing component is optional; without it the pages cannot be read
        return []
    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return [f"“{label}”无法作为PDF打开，文件已损坏。"]
    try:
        total = len(doc)
        wrong: list[int] = []
        for i in range(1, total):  # the cover (page 1) carries no fingerprint
            page = doc[i]
            textpage = page.get_textpage()
            try:
                text = _SPACE.sub("", textpage.get_text_range())
            finally:
                textpage.close()
                page.close()
            if f"{fingerprint}第{i + 1}页/共{total}页" not in text:
                wrong.append(i + 1)
    finally:
        doc.close()
    if not wrong:
        return []
    pages = "、".join(str(p) for p in wrong[:10]) + ("等" if len(wrong) > 10 else "")
    return [
        f"“{label}”第{pages}页（共{len(wrong)}页）没有印上清单的数据指纹 {fingerprint} 及正确的页码："
        "打印的内容不是这份数据生成的（或文件被改动过）。"
    ]


def xlsx_problems(data: bytes, label: str) -> list[str]:
    """Chinese sentences when ``label`` is not an Excel workbook; ``[]`` when it is one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError):
        return [f"“{label}”不是Excel工作簿（不是有效的 .xlsx 文件）。"]
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        return [f"“{label}”不是Excel工作簿（缺少工作簿内容）。"]
    return []
