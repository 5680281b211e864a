"""Scanned signed pages: type by content, size limits, image sanity, Chinese messages."""

from __future__ import annotations

import io

import pytest
from PIL import Image  # reportlab's own dependency: always installed with it

from evaldesk.core import attachments, model
from evaldesk.core.attachments import (
    MIME_JPEG,
    MIME_PDF,
    MIME_PNG,
    attachment_filename,
    check_attachment,
    image_size,
    make_attachment,
    sanitize_filename,
    sniff_type,
)
from evaldesk.core.errors import InputError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image_bytes(fmt: str, size: tuple[int, int] = (600, 800), color: str = "white") -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, color).save(buf, fmt)
    return buf.getvalue()


def test_types_are_told_by_content_not_by_name() -> None:
    png = image_bytes("PNG")
    jpg = image_bytes("JPEG")
    assert sniff_type(PDF) == MIME_PDF
    assert sniff_type(png) == MIME_PNG
    assert sniff_type(jpg) == MIME_JPEG
    assert sniff_type(b"PK\x03\x04 word document") is None
    # A PNG named .jpg keeps its content type, and its name is corrected to match.
    att = make_attachment("扫描件.jpg", png)
    assert (att.mime, att.filename) == (MIME_PNG, "扫描件.png")
    att = make_attachment("C:\\扫描\\签字页.JPEG", jpg)
    assert (att.mime, att.filename) == (MIME_JPEG, "签字页.jpeg")
    att = make_attachment("../../签字页", PDF)
    assert (att.mime, att.filename) == (MIME_PDF, "签字页.pdf")
    assert att.data == PDF
    assert att.id.startswith("att-") and len(att.id) == 16


def test_id_is_stable_for_the_same_content() -> None:
    assert make_attachment("a.pdf", PDF).id == make_attachment("b.pdf", PDF).id


def test_refuses_other_files_with_a_chinese_message() -> None:
    with pytest.raises(InputError, match="不是 PDF、JPG 或 PNG 文件"):
        make_attachment("报告.pdf", b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match="空文件"):
        make_attachment("空.pdf", b"")


def test_truncated_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="不完整的 PDF"):
        make_attachment("签字页.pdf", PDF[:-8] + b"x" * 2000)


def test_size_limit_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1000)
    with pytest.raises(InputError, match=r"过大.*不能超过"):
        make_attachment("大.pdf", PDF + b" " * 1000)


def test_total_size_count_and_duplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_attachment("1.pdf", PDF)
    with pytest.raises(InputError, match="已经添加过"):
        make_attachment("2.pdf", PDF, existing=[first])
    monkeypatch.setattr(attachments, "MAX_TOTAL_BYTES", len(PDF) * 2)
    other = PDF.replace(b"1 0 obj", b"2 0 obj")
    second = make_attachment("2.pdf", other, existing=[first])
    third = PDF.replace(b"1 0 obj", b"3 0 obj")
    with pytest.raises(InputError, match="合计.*超过上限"):
        make_attachment("3.pdf", third, existing=[first, second])
    monkeypatch.setattr(attachments, "MAX_ATTACHMENTS", 2)
    monkeypatch.setattr(attachments, "MAX_TOTAL_BYTES", 10**9)
    with pytest.raises(InputError, match="最多添加2个"):
        make_attachment("3.pdf", third, existing=[first, second])


def test_image_dimensions() -> None:
    assert image_size(MIME_PNG, image_bytes("PNG", (640, 480))) == attachments.ImageSize(640, 480)
    assert image_size(MIME_JPEG, image_bytes("JPEG", (1240, 1754))) == attachments.ImageSize(1240, 1754)
    with pytest.raises(InputError, match=r"图片太小（120×80像素）"):
        make_attachment("小.png", image_bytes("PNG", (120, 80)))
    # A PNG header declaring 30000 × 30000 px is refused from the header alone (no decoding).
    huge = bytearray(image_bytes("PNG", (300, 300)))
    huge[16:24] = (30000).to_bytes(4, "big") * 2
    with pytest.raises(InputError, match="尺寸过大（30000×30000像素）"):
        make_attachment("大.png", bytes(huge))
    with pytest.raises(InputError, match="损坏的JPG 图片"):
        make_attachment("坏.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 10)


def test_sanitize_filename() -> None:
    assert sanitize_filename('a/b\\c:d*e?"f<g>h|i') == "a_b_c_d_e__f_g_h_i"
    assert sanitize_filename("  签字页  第1页 . ") == "签字页 第1页"
    assert sanitize_filename("...") == "未命名"
    long = sanitize_filename("长" * 200 + ".pdf")
    assert len(long) == 80 and long.endswith(".pdf")
    assert attachment_filename("", MIME_PDF) == "签字页.pdf"


def test_check_attachment_catches_a_forged_type() -> None:
    check_attachment(make_attachment("ok.pdf", PDF))
    forged = model.Attachment(id="x", filename="a.png", mime=MIME_PNG, data=b"MZ\x90\x00 not an image")
    with pytest.raises(InputError, match="内容与其类型"):
        check_attachment(forged)
