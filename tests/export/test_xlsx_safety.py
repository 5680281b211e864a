"""Hostile or wrong files are refused with a clear Chinese message, in bounded time."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from evaldesk.core.errors import FileFormatError
from evaldesk.export.xlsx import ImportProblems, read_workbook
from evaldesk.export.xlsx.sheetdata import MAX_ROWS, load_sheets

SHEET = "xl/worksheets/sheet1.xml"


def _base() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件1"
    ws["A1"] = "2023年度预算单位整体支出绩效评价基础数据表"
    ws["A2"], ws["B2"] = "预算单位名称", "某局"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = replace.pop(info.filename, None)
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info) if body is None else body)
        for name, body in replace.items():
            dst.writestr(name, body)
    return out.getvalue()


def _refused(data: bytes, *fragments: str, reader: Callable[[bytes], object] = read_workbook) -> str:
    with pytest.raises(FileFormatError) as info:
        reader(data)
    message = str(info.value)
    assert not isinstance(info.value, ImportProblems)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_the_base_workbook_is_fine() -> None:
    assert read_workbook(_base()).unit.name == "某局"


def test_not_a_workbook() -> None:
    _refused("单位,金额\n某局,1\n".encode(), "不是 Excel 工作簿（.xlsx）")
    _refused(b"", "不是 Excel 工作簿")
    _refused(b"PK\x03\x04garbage", "已损坏")


def test_old_xls_or_password_protected() -> None:
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "旧版 Excel 97-2003", "另存为")


def test_a_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("report.docx.xml", "<a/>")
    _refused(out.getvalue(), "不是 Excel 工作簿", "缺少 [Content_Types].xml")


def test_zip_bomb_by_size() -> None:
    bomb = _rezip(_base(), {"xl/worksheets/sheet9.xml": b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>"})
    assert len(bomb) < 200_000
    _refused(bomb, "压缩炸弹")


def test_zip_bomb_by_ratio() -> None:
    bomb = _rezip(_base(), {"xl/media/image1.png": b"\x00" * (8 * 1024 * 1024)})
    _refused(bomb, "压缩比异常", "压缩炸弹")


def test_encrypted_zip_entries() -> None:
    data = bytearray(_base())
    i = data.find(b"PK\x01\x02")  # the first central directory entry: set "encrypted" (bit 0)
    data[i + 8] |= 0x1
    _refused(bytes(data), "已加密")


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def test_billion_laughs_is_refused_before_parsing() -> None:
    _refused(_rezip(_base(), {SHEET: BILLION_LAUGHS}), "XML 实体定义", "XML 炸弹")


def test_billion_laughs_is_refused_by_the_parser_too() -> None:
    """Past our own check, openpyxl parses through defusedxml, which forbids the entities."""
    from defusedxml import EntitiesForbidden

    bomb = _rezip(_base(), {SHEET: BILLION_LAUGHS})
    _refused(bomb, "不安全的内容", reader=load_sheets)
    with pytest.raises(ValueError) as info:
        openpyxl.load_workbook(io.BytesIO(bomb), read_only=True)
    assert isinstance(info.value.__cause__, EntitiesForbidden)


def test_utf16_doctype_is_seen() -> None:
    _refused(
        _rezip(
            _base(),
            {
                SHEET: BILLION_LAUGHS.replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
                .decode()
                .encode("utf-16")
            },
        ),
        "XML 实体定义",
    )


def _sheet_xml(rows: int, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, rows + 1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'{dim}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>2023年度预算单位整体支出绩效评价基础数据表</t></is></c></row>'
        f"{body}</sheetData></worksheet>"
    ).encode()


def test_a_million_rows_is_refused() -> None:
    # 1,000,000 rows is ~40 MB of XML: refused from the zip directory, before any parsing
    data = _rezip(_base(), {SHEET: _sheet_xml(1_000_000)})
    _refused(data, "解压后过大")


def test_too_many_rows_is_refused_while_reading() -> None:
    data = _rezip(_base(), {SHEET: _sheet_xml(MAX_ROWS + 500)})
    _refused(data, f"超过{MAX_ROWS}行")


def test_a_lying_dimension_does_not_make_reading_slow() -> None:
    data = _rezip(_base(), {SHEET: _sheet_xml(1, dimension="A1:XFD1048576")})
    pkg = read_workbook(data)
    assert pkg.fiscal_year == 2023


def test_formula_in_an_amount_cell_is_refused() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件1"
    rows = [
        ["2023年度预算单位整体支出绩效评价基础数据表"],
        ["预算单位名称", "某局"],
        ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"],
        ["2、出国经费", 0, 0, 0],
        ["3、公务接待", 0, 0.3, "=C5*2"],
    ]
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportProblems) as info:
        read_workbook(out.getvalue())
    assert info.value.problems == ["附件1!D5：金额单元格含有公式，请粘贴为数值"]
