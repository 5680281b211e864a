"""The upload package's own logic, with the checks and renderers replaced by small fakes.

Scoring is the real one. The end-to-end run with the real checks, PDF and XLSX is in
test_package_sample.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from evaldesk.core import jsonform, model, rulesets
from evaldesk.core.atomic import write_atomic
from evaldesk.core.attachments import make_attachment
from evaldesk.core.errors import FileFormatError, InputError, StorageError
from evaldesk.core.findings import Finding, Location
from evaldesk.core.sample import load_sample
from evaldesk.core.scoring import score_package
from evaldesk.export.package import (
    OpenErrorsRefused,
    build_package,
    engines,
    fingerprint,
    manifest,
    package_filename,
    read_package,
    verify_package,
)
from evaldesk.export.registry import PDF_MIME, Rendered

NOW = dt.datetime(2024, 3, 15, 9, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PDF_SCAN = b"%PDF-1.4\n% signed page\ntrailer<<>>\n%%EOF\n"

ERROR = Finding(
    "R2",
    "error",
    "三公经费Y年决算数18.40≠各项之和18.30。",
    Location("basic", ("basic", "rows", "sangong", "actual"), label="附件1“三公经费”Y年决算数"),
)
WARNING = Finding(
    "R20",
    "warning",
    "公务接待决算数超过预算数。",
    Location("basic", ("basic", "rows", "reception", "actual")),
)
HINT = Finding("L3", "hint", "填报日期为空。", Location("unit"))


def fake_pdf(fp: str, text: str, pages: int = 2, printed: str | None = None) -> bytes:
    """A small real PDF whose pages after the cover carry ``{fp} 第x页/共y页``, as the renderer's do."""
    from reportlab.pdfgen.canvas import Canvas

    from evaldesk.export.fonts import bundled

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)  # the same bytes each time, as a package must be
    font = bundled("sans")
    for page in range(1, pages + 1):
        c.setFont(font, 10)
        c.drawString(72, 720, text)
        if page > 1:
            c.drawString(72, 40, f"{printed or fp} 第{page}页/共{pages}页")
        c.showPage()
    c.save()
    return buf.getvalue()


def fake_xlsx(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", f"<workbook>{text}</workbook>")
    return buf.getvalue()


class Fakes:
    def __init__(self) -> None:
        self.findings: list[Finding] = [ERROR, WARNING, HINT]
        self.pdf_fingerprints: list[str] = []

    def pdf(self, pkg: model.Package, fp: str) -> Rendered:
        self.pdf_fingerprints.append(fp)
        return Rendered("x.pdf", PDF_MIME, fake_pdf(fp, pkg.unit.name), ())


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> Fakes:
    f = Fakes()
    monkeypatch.setattr(engines, "findings", lambda pkg: list(f.findings))
    monkeypatch.setattr(engines, "render_pdf", f.pdf)
    monkeypatch.setattr(engines, "render_xlsx", lambda pkg: fake_xlsx(pkg.unit.name))
    return f


@pytest.fixture
def pkg() -> model.Package:
    p = load_sample()
    p.attachments = [make_attachment("签字页 第1页.pdf", PDF_SCAN)]
    p.acknowledgements = [
        model.Acknowledgement("R20", WARNING.location.key, "接待任务临时增加，已报批。", "warning")
    ]
    p.ruleset_content = rulesets.content_of(p.ruleset_id)  # as a draft made by this version keeps it
    return p


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rewrite(data: bytes, changes: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """The same zip with members replaced (bytes) or dropped (None), and ``extra`` members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = changes.get(info.filename, src.read(info))
            if content is not None:
                dst.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def flip(content: bytes) -> bytes:
    i = len(content) // 2
    return content[:i] + bytes([content[i] ^ 0x01]) + content[i + 1 :]


def test_open_errors_refuse_the_package(fakes: Fakes, pkg: model.Package) -> None:
    with pytest.raises(OpenErrorsRefused) as info:
        build_package(pkg, now=NOW)
    text = str(info.value)
    assert "1处错误尚未处理" in text and "[R2]" in text and ERROR.message in text
    assert f"· [R2] {ERROR.message}" in text
    assert info.value.errors == [ERROR]
    for empty in ("", "   ", "无", "/"):
        with pytest.raises(OpenErrorsRefused):
            build_package(pkg, accept_open_errors=empty, now=NOW)


def test_accepted_open_errors_are_recorded_with_the_reason(fakes: Fakes, pkg: model.Package) -> None:
    data = build_package(pkg, accept_open_errors="差额系报表口径调整，已与财政局沟通。", now=NOW)
    doc = json.loads(members_of(data)["manifest.json"])
    assert doc["open_errors_accepted"] == {
        "reason": "差额系报表口径调整，已与财政局沟通。",
        "errors": [
            {
                "rule_id": "R2",
                "location": "basic/rows/sangong/actual",
                "label": "附件1“三公经费”Y年决算数",
                "message": ERROR.message,
            }
        ],
    }
    assert doc["findings"] == {"error": 1, "warning": 1, "hint": 1}
    assert doc["acknowledged_warnings"] == [
        {
            "rule_id": "R20",
            "location": "basic/rows/reception/actual",
            "reason": "接待任务临时增加，已报批。",
            "message": WARNING.message,
        }
    ]
    report = verify_package(data)
    assert report.ok, report.lines()


def test_an_error_accepted_in_the_draft_does_not_block(fakes: Fakes, pkg: model.Package) -> None:
    pkg.acknowledgements.append(
        model.Acknowledgement("R2", ERROR.location.key, "口径差异，已说明。", "accepted-error")
    )
    doc = json.loads(members_of(build_package(pkg, now=NOW))["manifest.json"])
    assert doc["open_errors_accepted"] is None
    assert doc["accepted_errors"] == [
        {
            "rule_id": "R2",
            "location": ERROR.location.key,
            "reason": "口径差异，已说明。",
            "message": ERROR.message,
        }
    ]


def test_a_clean_package_builds_without_the_flag(fakes: Fakes, pkg: model.Package) -> None:
    fakes.findings = [WARNING, HINT]
    data = build_package(pkg, now=NOW)
    assert verify_package(data).ok


def test_manifest_fields_and_member_order(fakes: Fakes, pkg: model.Package) -> None:
    pkg.attachments.append(make_attachment("第2页.pdf", PDF_SCAN.replace(b"signed", b"sealed")))
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == [
        "manifest.json",
        "data.json",
        "岳阳楼区应急管理局-2023-绩效自评报告.pdf",
        "岳阳楼区应急管理局-2023-绩效自评表.xlsx",
        "签字页/01-签字页 第1页.pdf",
        "签字页/02-第2页.pdf",
    ]
    assert all(i.flag_bits & 0x800 for i in infos if not i.filename.isascii())  # UTF-8 names
    assert {i.date_time for i in infos} == {(2024, 3, 15, 9, 30, 4)}  # zip times have 2-second steps
    members = members_of(data)
    doc = json.loads(members["manifest.json"])
    assert list(doc) == [
        "format",
        "manifest_version",
        "generator",
        "data",
        "created",
        "unit",
        "department",
        "fiscal_year",
        "ruleset",
        "fingerprint",
        "fingerprint_method",
        "scores",
        "findings",
        "acknowledged_warnings",
        "accepted_errors",
        "open_errors_accepted",
        "files",
        "manifest_sha256",
    ]
    assert doc["format"] == "evaldesk-upload-package"
    assert doc["generator"] == {"name": "绩效自评助手 EvalDesk", "version": "0.1.0"}
    assert doc["data"] == {
        "member": "data.json", "format": "evaldesk-package", "format_version": 1, "schema_version": model.SCHEMA_VERSION
    }  # fmt: skip
    assert doc["created"] == "2024-03-15T09:30:05+08:00"
    assert (doc["unit"], doc["fiscal_year"], doc["ruleset"]) == ("岳阳楼区应急管理局", 2023, "hunan")
    assert doc["fingerprint"] == fingerprint(pkg) and fakes.pdf_fingerprints == [doc["fingerprint"]]
    sheet = score_package(pkg)
    assert doc["scores"][0] == {
        "part": "整体",
        "project_id": "",
        "name": "整体支出",
        "total": "100.00",
        "max": "100",
        "grade": "优",
    }
    project = sheet.projects["p1"]
    assert doc["scores"][1] == {
        "part": "项目",
        "project_id": "p1",
        "name": pkg.projects[0].name,
        "total": None if project.total.value is None else format(project.total.value, "f"),
        "max": format(project.total.max, "f"),
        "grade": project.grade,
    }
    assert [f["name"] for f in doc["files"]] == names[1:]
    for entry in doc["files"]:
        content = members[entry["name"]]
        assert entry == {
            "name": entry["name"],
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    assert members["签字页/01-签字页 第1页.pdf"] == PDF_SCAN
    assert members["data.json"].decode() == jsonform.dumps(pkg)
    # The same package at the same moment gives the same bytes.
    assert build_package(pkg, accept_open_errors="已说明", now=NOW) == data


def test_naive_now_is_local_time(fakes: Fakes, pkg: model.Package) -> None:
    fakes.findings = []
    doc = json.loads(members_of(build_package(pkg, now=dt.datetime(2024, 1, 2, 3, 4, 5)))["manifest.json"])
    assert re.fullmatch(r"2024-01-02T03:04:05[+-]\d\d:\d\d", doc["created"])


def test_read_package_returns_the_whole_draft(fakes: Fakes, pkg: model.Package) -> None:
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    again = read_package(data)
    assert again == pkg
    assert again.attachments[0].data == PDF_SCAN
    tampered = rewrite(
        data, {"data.json": members_of(data)["data.json"].replace("岳阳楼区".encode(), "某某区".encode(), 1)}
    )
    with pytest.raises(FileFormatError, match="data.json 与清单的校验值不符"):
        read_package(tampered)


def test_every_altered_member_is_named(fakes: Fakes, pkg: model.Package) -> None:
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    members = members_of(data)
    assert len(members) == 5
    for name, content in members.items():
        report = verify_package(rewrite(data, {name: flip(content)}))
        assert not report.ok, name
        assert any(p.member == name for p in report.problems), (name, report.lines())
        assert report.lines()[0].startswith("校验未通过")
        if name != "manifest.json":
            assert any(name in line for line in report.lines()), report.lines()


def test_missing_and_unlisted_members(fakes: Fakes, pkg: model.Package) -> None:
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    report = verify_package(rewrite(data, {}, extra={"签字页/99-额外.pdf": PDF_SCAN}))
    assert not report.ok
    assert any("“签字页/99-额外.pdf”未列在清单中" in line for line in report.lines())
    report = verify_package(rewrite(data, {"签字页/01-签字页 第1页.pdf": None}))
    assert any(
        "在上传包中缺失" in p.message and p.member == "签字页/01-签字页 第1页.pdf" for p in report.problems
    )


def forge(data: bytes, edit_manifest=None, new_data: bytes | None = None) -> bytes:
    """A careful forger: edits, then fixes the file list and the manifest's self-digest."""
    members = members_of(data)
    doc = json.loads(members["manifest.json"])
    if new_data is not None:
        members["data.json"] = new_data
        for entry in doc["files"]:
            if entry["name"] == "data.json":
                entry.update(size=len(new_data), sha256=hashlib.sha256(new_data).hexdigest())
    if edit_manifest:
        edit_manifest(doc)
    return rewrite(data, {"manifest.json": manifest.serialize(doc), "data.json": members["data.json"]})


def test_recomputation_catches_a_forged_manifest(fakes: Fakes, pkg: model.Package) -> None:
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    assert verify_package(forge(data)).ok  # the forging itself changes nothing

    def better_score(doc):
        doc["scores"][0].update(total="95.00", grade="良")

    lines = verify_package(forge(data, better_score)).lines()
    assert "· “整体支出”总分：清单记为95.00，按 data.json 重新计算为100.00。" in lines
    assert "· “整体支出”等级：清单记为“良”，重新计算为“优”。" in lines

    def hide_errors(doc):
        doc["findings"]["error"] = 0
        doc["open_errors_accepted"] = None

    lines = "\n".join(verify_package(forge(data, hide_errors)).lines())
    assert "审核结果统计不符：清单记为错误0、警告1、提示1，重新审核为错误1、警告1、提示1" in lines
    assert "未在清单中记录接受原因的错误：[R2]" in lines


def test_changed_data_changes_the_fingerprint(fakes: Fakes, pkg: model.Package) -> None:
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    changed = dataclasses.replace(pkg, unit=dataclasses.replace(pkg.unit, functions="改过的职能"))
    report = verify_package(forge(data, new_data=jsonform.dumps(changed).encode()))
    assert not report.ok
    assert any(p.member == "data.json" and p.message.startswith("数据指纹不符") for p in report.problems)


def test_fingerprint_is_stable_and_ignores_what_is_not_printed(pkg: model.Package) -> None:
    fp = fingerprint(pkg)
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", fp)
    assert fingerprint(jsonform.loads(jsonform.dumps(pkg))) == fp
    assert fingerprint(load_sample()) == fp  # attachments and acknowledgements are not printed
    pkg.basic.rows["sangong"].actual = pkg.basic.rows["sangong"].actual + 1
    assert fingerprint(pkg) != fp


def test_package_filename_is_safe() -> None:
    assert package_filename(load_sample()) == "岳阳楼区应急管理局-2023-绩效自评.zip"
    odd = model.new_package('某局/办公室:"临时"', "", 2024)
    assert package_filename(odd) == "某局_办公室__临时_-2024-绩效自评.zip"
    assert package_filename(model.Package()) == "未命名单位-未填年度-绩效自评.zip"


def test_a_damaged_attachment_stops_the_build(fakes: Fakes, pkg: model.Package) -> None:
    pkg.attachments[0] = dataclasses.replace(pkg.attachments[0], data=b"not a pdf")
    with pytest.raises(InputError, match="无法生成上传包"):
        build_package(pkg, accept_open_errors="已说明", now=NOW)


def test_a_failed_write_leaves_no_partial_zip(
    fakes: Fakes, pkg: model.Package, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    target = tmp_path / package_filename(pkg)
    target.write_bytes(b"old package")

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # Tests run as root, where a chmod'ed read-only folder is still writable: simulate the failure instead.
    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(StorageError, match="磁盘空间不足") as info:
        write_atomic(target, data)
    assert "原有文件未受影响" in str(info.value)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left behind
    assert target.read_bytes() == b"old package"
    monkeypatch.undo()
    missing = tmp_path / "nope" / "x.zip"
    with pytest.raises(StorageError, match="不存在"):
        write_atomic(missing, data)
    assert not missing.parent.exists()


def test_a_scan_named_oddly_in_the_draft_gets_a_matching_extension(fakes: Fakes, pkg: model.Package) -> None:
    pkg.attachments[0] = dataclasses.replace(pkg.attachments[0], filename="..\\扫描.exe")
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    assert "签字页/01-扫描.exe.pdf" in members_of(data)  # the content decides: a PDF
    assert verify_package(data).ok


def test_missing_manifest_or_data(fakes: Fakes, pkg: model.Package) -> None:
    data = build_package(pkg, accept_open_errors="已说明", now=NOW)
    report = verify_package(rewrite(data, {"manifest.json": None}))
    assert not report.ok and report.problems[0].message == "上传包中没有 manifest.json（清单），无法校验。"
    report = verify_package(rewrite(data, {"data.json": None}))
    assert [p.member for p in report.problems] == [
        "data.json",
        "data.json",
    ]  # missing, and nothing to re-check
    with pytest.raises(FileFormatError, match="没有 data.json"):
        read_package(rewrite(data, {"data.json": None}))
    assert read_package(rewrite(data, {"manifest.json": None})) == pkg  # data.json alone is the whole draft


def test_verify_reads_the_fingerprint_printed_on_every_page(
    fakes: Fakes, pkg: model.Package, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package whose PDF printed an older fingerprint passed every hash check; the pages tell."""
    fakes.findings = []
    monkeypatch.setattr(
        engines,
        "render_pdf",
        lambda p, fp: Rendered(
            "x.pdf", PDF_MIME, fake_pdf(fp, p.unit.name, pages=3, printed="0000-1111-2222"), ()
        ),
    )
    report = verify_package(build_package(pkg, now=NOW))
    assert not report.ok
    pdf_name = manifest.pdf_member(pkg)
    [problem] = [p for p in report.problems if p.member == pdf_name]
    assert "第2、3页" in problem.message and fingerprint(pkg) in problem.message


def test_verify_checks_the_files_are_what_their_names_say(
    fakes: Fakes, pkg: model.Package, monkeypatch: pytest.MonkeyPatch
) -> None:
    fakes.findings = []
    monkeypatch.setattr(engines, "render_xlsx", lambda p: b"not a workbook")
    monkeypatch.setattr(engines, "render_pdf", lambda p, fp: Rendered("x.pdf", PDF_MIME, b"GIF89a", ()))
    report = verify_package(build_package(pkg, now=NOW))
    messages = {p.member: p.message for p in report.problems}
    assert "不是PDF文件" in messages[manifest.pdf_member(pkg)]
    assert "不是Excel工作簿" in messages[manifest.xlsx_member(pkg)]


def test_a_good_package_confirms_the_paper(fakes: Fakes, pkg: model.Package) -> None:
    fakes.findings = []
    report = verify_package(build_package(pkg, now=NOW))
    assert report.ok
    assert any("均印有数据指纹" in line for line in report.confirmed)
