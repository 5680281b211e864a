"""One exporter contract: ``Rendered(filename, mimetype, data, warnings)`` from one registry."""

from __future__ import annotations

import io
import zipfile

import pytest

from evaldesk.cli import main as cli_main
from evaldesk.core import storage
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from evaldesk.export import registry

NOWHERE = "\U0002a6d6"  # a character no bundled font has


def test_the_builtin_exporters_are_registered() -> None:
    keys = [e.key for e in registry.exporters()]
    assert keys[:5] == ["pdf", "signature", "xlsx", "docx", "package"]
    with pytest.raises(KeyError):
        registry.get("odt")


def test_every_exporter_returns_a_named_typed_file() -> None:
    pkg = load_sample()
    for key, magic, mime in (
        ("pdf", b"%PDF", registry.PDF_MIME),
        ("signature", b"%PDF", registry.PDF_MIME),
        ("xlsx", b"PK", registry.XLSX_MIME),
        ("docx", b"PK", registry.DOCX_MIME),
        ("package", b"PK", registry.ZIP_MIME),
    ):
        r = registry.render(
            key, pkg, registry.ExportOptions(accept_open_errors="示例数据按原样上报，用于测试")
        )
        assert r.data.startswith(magic) and r.mimetype == mime
        assert r.filename.startswith("岳阳楼区应急管理局-2023-") and r.filename.endswith(
            registry.get(key).suffix
        )


def test_the_package_passes_the_pdfs_warnings_on() -> None:
    pkg = load_sample()
    pkg.footer.preparer = f"李{NOWHERE}"
    pdf = registry.render("pdf", pkg)
    package = registry.render(
        "package", pkg, registry.ExportOptions(accept_open_errors="示例数据按原样上报，用于测试")
    )
    assert len(pdf.warnings) == 1 and "U+2A6D6" in pdf.warnings[0]
    assert package.warnings == pdf.warnings
    with zipfile.ZipFile(io.BytesIO(package.data)) as zf:
        assert any(n.endswith(".pdf") for n in zf.namelist())


def test_a_registered_exporter_is_used_by_the_cli(tmp_path, capsys) -> None:
    """A new format registers once and every caller has it (the CLI's --package path shown here)."""
    pkg = load_sample()
    pkg.footer.preparer = f"李{NOWHERE}"
    draft = tmp_path / "d.evaldesk"
    storage.save_package(draft, pkg)
    out = tmp_path / "p.zip"
    code = cli_main(
        ["export", str(draft), "--package", str(out), "--accept-open-errors", "示例数据按原样上报，用于测试"]
    )
    printed = capsys.readouterr().out
    assert code == 0 and zipfile.is_zipfile(out)
    assert "注意：字符" in printed and "U+2A6D6" in printed  # the package no longer drops them


def test_a_workbook_our_importer_would_refuse_says_so_and_still_exports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from evaldesk.export.xlsx import safety

    pkg = load_sample()
    assert registry.render("xlsx", pkg).warnings == ()  # a workbook that imports again: nothing to say

    monkeypatch.setattr(safety, "MAX_XML_ELEMENTS", 500)  # stands for a package beyond the import limit
    r = registry.render("xlsx", pkg)
    assert r.data.startswith(b"PK")
    assert len(r.warnings) == 1 and "不能再导入本程序" in r.warnings[0] and "上传包" in r.warnings[0]
    with pytest.raises(FileFormatError, match="过多"):
        safety.check_container(r.data)  # the importer's own gate refuses it, as the warning says
