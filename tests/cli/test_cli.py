"""The command line, end to end: what a clerk or a script sees (exit codes, messages, files)."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from evaldesk.cli import main
from evaldesk.core import jsonform, paths, rulesets
from evaldesk.core.sample import load_sample
from tests.helpers.pdf import pdf_text


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def sample_draft(tmp_path: Path) -> Path:
    path = tmp_path / "示例.evaldesk"
    assert run("sample", str(path))[0] == 0
    return path


def test_sample_then_dump_shows_every_figure_and_paragraph(sample_draft: Path) -> None:
    code, out, _ = run("dump", str(sample_draft))
    assert code == 0
    assert out == jsonform.dumps(load_sample())
    for text in (
        "岳阳楼区应急管理局",
        "1818.34",
        "805.63",
        "1194.6",
        "≤≤15轮",
        "仓田消防站",
        "809.11",
        "商品和服务支出84.78万元",
        "本部门无其他情况说明。",
        "2024-05-06",
    ):
        assert text in out


def test_dump_import_dump_is_byte_identical(sample_draft: Path, tmp_path: Path) -> None:
    first = run("dump", str(sample_draft))[1]
    json_file = tmp_path / "包.json"
    json_file.write_text(first, encoding="utf-8")
    copy = tmp_path / "副本.evaldesk"
    assert run("import", str(json_file), str(copy))[0] == 0
    assert run("dump", str(copy))[1] == first


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[:3000]), "损坏"),
        (lambda p: p.write_bytes(b"this is not a draft at all\n" * 50), "不是绩效自评助手的草稿文件"),
        (lambda p: _set_user_version(p, 99), "更新版本"),
    ],
    ids=["truncated", "not-sqlite", "newer-schema"],
)
def test_unusable_files_give_exit_2_and_leave_the_file_untouched(
    sample_draft: Path, make, fragment: str
) -> None:
    make(sample_draft)
    before = sample_draft.read_bytes()
    for command in (["dump"], ["check"]):
        code, out, err = run(*command, str(sample_draft))
        assert code == 2
        assert out == ""
        assert len(err.strip().splitlines()) == 1 and fragment in err
    assert sample_draft.read_bytes() == before


def _set_user_version(path: Path, version: int) -> None:
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()


def test_missing_file_and_bad_arguments(tmp_path: Path) -> None:
    code, _, err = run("dump", str(tmp_path / "没有这个文件.evaldesk"))
    assert code == 2 and "找不到文件" in err
    with pytest.raises(SystemExit) as e:
        run("export")
    assert e.value.code == 2


def test_check_exits_1_on_the_sample_and_lists_findings(sample_draft: Path) -> None:
    code, out, _ = run("check", str(sample_draft))
    assert code == 1
    assert "控制率填报为100%" in out and "审核：错误 9" in out


def test_export_pdf_and_signature_pages(sample_draft: Path, tmp_path: Path) -> None:
    pdf, sig = tmp_path / "包.pdf", tmp_path / "签字页.pdf"
    code, out, _ = run("export", str(sample_draft), "--pdf", str(pdf), "--signature-pages", str(sig))
    assert code == 0
    assert pdf.read_bytes().startswith(b"%PDF-") and sig.read_bytes().startswith(b"%PDF-")
    assert len(sig.read_bytes()) < len(pdf.read_bytes())


def test_package_is_refused_with_open_errors_then_built_with_a_reason(
    sample_draft: Path, tmp_path: Path
) -> None:
    zip_path = tmp_path / "上传包.zip"
    code, out, _ = run("export", str(sample_draft), "--package", str(zip_path))
    assert code == 1 and "不能生成上传包" in out
    assert not zip_path.exists()
    code, _, _ = run(
        "export",
        str(sample_draft),
        "--package",
        str(zip_path),
        "--accept-open-errors",
        "原件如此，已与财政局沟通",
    )
    assert code == 0
    code, out, _ = run("verify", str(zip_path))
    assert code == 0, out
    imported = tmp_path / "交接.evaldesk"
    assert run("import", str(zip_path), str(imported))[0] == 0
    # The upload package carries the rule set's content (the sample's draft predates it): so does the import.
    assert run("dump", str(imported))[1] == jsonform.dumps(rulesets.with_content(load_sample()))


def test_verify_fails_on_a_tampered_package(sample_draft: Path, tmp_path: Path) -> None:
    zip_path = tmp_path / "上传包.zip"
    run("export", str(sample_draft), "--package", str(zip_path), "--accept-open-errors", "原件如此")
    data = bytearray(zip_path.read_bytes())
    data[len(data) // 3] ^= 0xFF
    zip_path.write_bytes(bytes(data))
    code, _, _ = run("verify", str(zip_path))
    assert code != 0


def test_carry_over_makes_next_years_draft(sample_draft: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "2024.evaldesk"
    code, out, _ = run("carry-over", str(sample_draft), str(out_path))
    assert code == 0 and "2024年度" in out
    data = run("dump", str(out_path))[1]
    assert '"fiscal_year": 2024' in data


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "s.evaldesk"
    result = subprocess.run(
        [sys.executable, "-m", "evaldesk", "sample", str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "evaldesk", "check", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert '"findings"' in result.stdout


def test_exported_pdfs_carry_the_packages_fingerprint(sample_draft: Path, tmp_path: Path) -> None:
    from evaldesk.export.package import fingerprint

    pdf = tmp_path / "包.pdf"
    assert run("export", str(sample_draft), "--pdf", str(pdf))[0] == 0
    text = pdf_text(pdf.read_bytes())
    assert fingerprint(load_sample()) in text


def test_a_body_font_that_is_not_a_font_is_refused(sample_draft: Path, tmp_path: Path) -> None:
    fake = tmp_path / "仿宋.ttf"
    fake.write_bytes(b"not a font")
    code, _, err = run(
        "export", str(sample_draft), "--pdf", str(tmp_path / "x.pdf"), "--body-font", str(fake)
    )
    assert code == 2 and "字体" in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_folder_given_as_a_file_is_explained_in_chinese(sample_draft: Path, tmp_path: Path) -> None:
    # The OS's own words ("Is a directory") are English; the clerk must read what to do instead.
    code, _, err = run("check", str(tmp_path))
    assert code == 2 and "是一个文件夹" in err and "Is a directory" not in err
    code, _, err = run("export", str(sample_draft), "--xlsx", str(tmp_path))
    assert code == 2 and "是一个文件夹" in err and "Is a directory" not in err


def test_a_fault_of_the_program_is_one_chinese_line_and_a_logged_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """E.g. a library missing from a broken install: the clerk reads Chinese, support reads the log."""
    from evaldesk.cli import commands

    def broken(*_: object) -> int:
        raise ModuleNotFoundError("No module named 'lxml'")

    monkeypatch.setattr(commands, "cmd_sample", broken)
    code = main(["sample", str(tmp_path / "s.evaldesk")])
    err = capsys.readouterr().err
    assert code == 3
    assert "程序内部错误（ModuleNotFoundError）" in err and "Traceback" not in err and "lxml" not in err
    log = paths.logs_dir() / "evaldesk-cli.log"
    assert str(log) in err
    assert "Traceback" in log.read_text(encoding="utf-8") and "lxml" in log.read_text(encoding="utf-8")
