"""Hostile upload packages are refused quickly, before anything is decompressed, with Chinese messages."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from evaldesk.core.errors import FileFormatError
from evaldesk.export.package import read_package, safezip, verify_package


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, content in entries:
            zf.writestr(name, content)
    return buf.getvalue()


def patch_central(data: bytes, name: str, offset: int, value: int, width: int) -> bytes:
    """Rewrite a field of ``name``'s central-directory record (what zipfile trusts)."""
    raw = bytearray(data)
    pos = raw.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = int.from_bytes(raw[pos + 28 : pos + 30], "little")
        if raw[pos + 46 : pos + 46 + name_len] == name.encode("utf-8"):
            raw[pos + offset : pos + offset + width] = value.to_bytes(width, "little")
            return bytes(raw)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(name)


def patch_central_size(data: bytes, name: str, size: int) -> bytes:
    return patch_central(data, name, 24, size, 4)


def refused(data: bytes, match: str) -> FileFormatError:
    with pytest.raises(FileFormatError, match=match) as info:
        safezip.read_members(data)
    # verify reports the same refusal instead of raising, and read_package raises it.
    report = verify_package(data)
    assert not report.ok and report.problems[0].message == str(info.value)
    with pytest.raises(FileFormatError):
        read_package(data)
    return info.value


def test_a_well_formed_zip_is_read_in_order() -> None:
    data = make_zip(
        [
            ("manifest.json", b"{}"),
            ("data.json", b"{}"),
            ("单位-2023-绩效自评报告.pdf", b"%PDF"),
            ("单位-2023-绩效自评表.xlsx", b"PK"),
            ("签字页/", b""),
            ("签字页/01-扫描.png", b"png"),
        ]
    )
    members = safezip.read_members(data)
    assert list(members) == [
        "manifest.json",
        "data.json",
        "单位-2023-绩效自评报告.pdf",
        "单位-2023-绩效自评表.xlsx",
        "签字页/01-扫描.png",
    ]
    assert members["签字页/01-扫描.png"] == b"png"


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("../data.json", "路径跳转"),
        ("签字页/../../evil.pdf", "路径跳转"),
        ("./data.json", "路径跳转"),
        ("签字页//a.pdf", "路径跳转"),
        ("/etc/passwd", "绝对路径"),
        ("C:/Windows/evil.pdf", "绝对路径"),
        ("C:evil.pdf", "绝对路径"),
        ("签字页\\..\\..\\evil.pdf", "绝对路径或非法路径"),
        ("data\x01.json", "文件名无效"),
    ],
)
def test_traversal_and_absolute_names(name: str, match: str) -> None:
    err = refused(make_zip([("data.json", b"{}"), (name, b"x")]), match)
    assert "出于安全考虑拒绝打开" in str(err)


@pytest.mark.parametrize(
    "name", ["evil.exe", "签字页/run.bat", "sub/data.json", "签字页/a/b.pdf", "readme.txt", "other/"]
)
def test_unexpected_members(name: str) -> None:
    err = refused(make_zip([("data.json", b"{}"), (name, b"x")]), "不应出现的文件|多余的文件夹")
    assert name.rstrip("/") in str(err)


def test_two_pdfs_and_duplicate_names() -> None:
    refused(make_zip([("a.pdf", b"%PDF"), ("b.pdf", b"%PDF")]), "多个PDF")
    with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate it is asked to write
        data = make_zip([("data.json", b"{}"), ("data.json", b"{}")])
    refused(data, "不止一次")


def test_symlink_and_encrypted_members() -> None:
    link = zipfile.ZipInfo("签字页/01-a.pdf")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    refused(make_zip([(link, b"/etc/passwd")]), "符号链接")
    locked = patch_central(make_zip([("data.json", b"{}")]), "data.json", 8, 0x1, 2)  # flag bit 0: encrypted
    refused(locked, "已加密")


def test_zip_bomb_by_ratio() -> None:
    bomb = make_zip([("data.json", b"\x00" * (20 * 1024 * 1024))])
    assert len(bomb) < 100_000
    refused(bomb, "压缩比异常")


def test_zip_bomb_by_declared_size() -> None:
    data = patch_central_size(make_zip([("data.json", b"{}" * 10)]), "data.json", 3_000_000_000)
    err = refused(data, "解压后过大")
    assert "data.json" in str(err)


def test_member_bigger_than_declared() -> None:
    # The directory declares 1 000 bytes, the stream inflates to 200 000: zipfile stops at the declared
    # size and the CRC then fails; either way nothing beyond the declared size is ever produced.
    content = bytes(range(256)) * 800
    data = patch_central_size(make_zip([("data.json", content)]), "data.json", 1000)
    refused(data, "已损坏")


def test_total_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", 1000)
    refused(
        make_zip([("data.json", b"a" * 600), ("manifest.json", b"b" * 600)], zipfile.ZIP_STORED), "总大小"
    )


def test_too_many_members() -> None:
    entries = [(f"签字页/{i:04d}.pdf", b"") for i in range(2000)]
    err = refused(make_zip(entries, zipfile.ZIP_STORED), "过多文件")
    assert "2000个" in str(err)


def test_not_a_zip_and_truncated() -> None:
    refused(b"this is not a zip at all" * 10, "不是有效的 ZIP")
    good = make_zip([("data.json", b"{}" * 100)])
    refused(good[: len(good) // 2], "不是有效的 ZIP")


def test_gbk_names_from_a_chinese_windows_zip_tool_are_understood() -> None:
    # Windows' "send to compressed folder" writes names in the local code page (GBK) without the UTF-8 flag.
    placeholder = "XXXXXX/01-a.pdf"
    data = make_zip([(placeholder, b"%PDF")])
    gbk = "签字页".encode("gbk")
    assert len(gbk) == 6
    data = data.replace(b"XXXXXX", gbk)
    assert list(safezip.read_members(data)) == ["签字页/01-a.pdf"]
