"""Checking an upload package: files intact, data re-scored, and everything agreeing with the manifest.

``verify_package`` never raises on a bad package: it returns a report whose lines say, in Chinese, what
differs and in which member. ``ok`` is True only when every check agreed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from evaldesk.core import jsonform, model
from evaldesk.core.errors import EvalDeskError
from evaldesk.export.package import engines, manifest, paper, safezip
from evaldesk.export.package.fingerprint import fingerprint


@dataclass(frozen=True)
class Problem:
    member: str  # the zip member concerned ("" for the package as a whole)
    message: str


@dataclass
class VerifyReport:
    """What verify found: problems (empty when OK) and what was confirmed."""

    problems: list[Problem] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    unit: str = ""
    fiscal_year: int | None = None
    fingerprint: str = ""
    created: str = ""
    members: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.confirmed)

    def problem(self, member: str, message: str) -> None:
        self.problems.append(Problem(member, message))

    def lines(self) -> list[str]:
        """Human-readable Chinese lines: the verdict first, then one line per problem or confirmation."""
        who = f"{self.unit} {self.fiscal_year}年度" if self.unit and self.fiscal_year else "该"
        if self.ok:
            head = f"校验通过：{who}上传包完整，数据与清单一致（数据指纹 {self.fingerprint}）。"
            return [head, *(f"· {c}" for c in self.confirmed)]
        head = f"校验未通过：{who}上传包发现{len(self.problems)}处问题。"
        return [head, *(f"· {p.message}" for p in self.problems)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "unit": self.unit,
            "fiscal_year": self.fiscal_year,
            "fingerprint": self.fingerprint,
            "created": self.created,
            "members": list(self.members),
            "problems": [{"member": p.member, "message": p.message} for p in self.problems],
            "confirmed": list(self.confirmed),
        }


def verify_package(data: bytes) -> VerifyReport:
    """Check a package zip: safe, complete, untampered, and its manifest matching a fresh computation."""
    report = VerifyReport()
    try:
        members = safezip.read_members(data)
    except EvalDeskError as e:
        report.problem("", str(e))
        return report
    report.members = list(members)
    if safezip.MANIFEST not in members:
        report.problem(safezip.MANIFEST, "上传包中没有 manifest.json（清单），无法校验。")
        return report
    try:
        doc = manifest.parse(members[safezip.MANIFEST])
    except EvalDeskError as e:
        report.problem(safezip.MANIFEST, str(e))
        return report
    report.unit = str(doc.get("unit", ""))
    report.fiscal_year = doc.get("fiscal_year") if isinstance(doc.get("fiscal_year"), int) else None
    report.fingerprint = str(doc.get("fingerprint", ""))
    report.created = str(doc.get("created", ""))
    if doc.get(manifest.SELF_DIGEST) != manifest.self_digest(doc):
        report.problem(safezip.MANIFEST, "manifest.json 的自校验值不符：清单内容已被修改或损坏。")
    _check_files(doc, members, report)
    _check_paper(doc, members, report)
    pkg = _load_data(members, report)
    if pkg is not None:
        _check_derived(doc, pkg, report)
        _check_scans(pkg, members, report)
    return report


def _check_files(doc: dict[str, Any], members: dict[str, bytes], report: VerifyReport) -> None:
    files = doc.get("files")
    if not isinstance(files, list):
        report.problem(safezip.MANIFEST, "manifest.json 缺少文件清单（files）。")
        return
    listed: set[str] = set()
    bad = 0
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            report.problem(safezip.MANIFEST, "manifest.json 的文件清单中有无效条目。")
            bad += 1
            continue
        name = entry["name"]
        listed.add(name)
        if name not in members:
            report.problem(name, f"清单列出的“{name}”在上传包中缺失。")
            bad += 1
            continue
        content = members[name]
        if entry.get("size") != len(content):
            report.problem(
                name,
                f"“{name}”的大小（{len(content)}字节）与清单（{entry.get('size')}字节）不符，文件已被修改或损坏。",
            )
            bad += 1
        elif entry.get("sha256") != hashlib.sha256(content).hexdigest():
            report.problem(name, f"“{name}”的 SHA-256 校验值与清单不符，文件已被修改或损坏。")
            bad += 1
    for name in members:
        if name != safezip.MANIFEST and name not in listed:
            report.problem(name, f"“{name}”未列在清单中（上传包生成后被加入）。")
            bad += 1
    kinds = [safezip.member_kind(n) for n in members]
    for kind, label in (("pdf", "PDF 报告"), ("xlsx", "Excel 表格")):
        if kind not in kinds:
            report.problem("", f"上传包中缺少{label}。")
            bad += 1
    if not bad:
        report.confirmed.append(f"{len(listed)}个文件齐全，大小与 SHA-256 校验值均与清单一致。")


def _check_paper(doc: dict[str, Any], members: dict[str, bytes], report: VerifyReport) -> None:
    """The PDF prints the manifest's fingerprint on every page; the PDF and XLSX are what they say."""
    fp = str(doc.get("fingerprint", ""))
    before = len(report.problems)
    pdfs = 0
    for name, content in members.items():
        kind = safezip.member_kind(name)
        if kind == "pdf":
            pdfs += 1
            for message in paper.pdf_problems(content, fp, name):
                report.problem(name, message)
        elif kind == "xlsx":
            for message in paper.xlsx_problems(content, name):
                report.problem(name, message)
    if pdfs and len(report.problems) == before:
        report.confirmed.append(
            f"PDF 每页（封面除外）均印有数据指纹 {fp} 和页码；PDF 与 Excel 文件类型正确。"
        )


def _load_data(members: dict[str, bytes], report: VerifyReport) -> model.Package | None:
    if safezip.DATA not in members:
        report.problem(safezip.DATA, "上传包中没有 data.json（数据），无法复核得分与审核结果。")
        return None
    try:
        return jsonform.loads(members[safezip.DATA])
    except EvalDeskError as e:
        report.problem(safezip.DATA, f"data.json 无法读取：{e}")
        return None


_FIELD_LABELS = {
    "unit": "单位名称",
    "department": "主管部门",
    "fiscal_year": "年度",
    "ruleset": "评分规则",
}


def _check_derived(doc: dict[str, Any], pkg: model.Package, report: VerifyReport) -> None:
    before = len(report.problems)
    for key, label in _FIELD_LABELS.items():
        if doc.get(key) != _simple(pkg, key):
            report.problem(
                safezip.MANIFEST, f"{label}：清单记为“{doc.get(key)}”，data.json 中为“{_simple(pkg, key)}”。"
            )
    fp = fingerprint(pkg)
    if doc.get("fingerprint") != fp:
        report.problem(
            safezip.DATA,
            f"数据指纹不符：清单（及打印页）为“{doc.get('fingerprint')}”，按 data.json 重新计算为“{fp}”。",
        )
    try:
        findings = engines.findings(pkg)
        sheet = engines.score(pkg)
    except (EvalDeskError, NotImplementedError, ImportError) as e:
        report.problem(safezip.DATA, f"无法复核得分与审核结果：{e or type(e).__name__}")
        return
    fresh = manifest.derived(pkg, sheet, findings)
    _compare_scores(doc.get("scores"), fresh["scores"], report)
    if doc.get("findings") != fresh["findings"]:
        report.problem(
            safezip.MANIFEST,
            f"审核结果统计不符：清单记为{_counts(doc.get('findings'))}，重新审核为{_counts(fresh['findings'])}。",
        )
    for key, label in (("acknowledged_warnings", "已确认的警告"), ("accepted_errors", "草稿中已接受的错误")):
        if doc.get(key) != fresh[key]:
            report.problem(safezip.MANIFEST, f"清单中的{label}与 data.json 不符。")
    _check_open_errors(doc, manifest.open_errors(pkg, findings), report)
    if len(report.problems) == before:
        report.confirmed.append(f"数据指纹 {fp} 与清单一致。")
        report.confirmed.append("重新计算的得分、等级与审核结果统计均与清单一致。")


def _compare_scores(listed: Any, fresh: list[dict[str, Any]], report: VerifyReport) -> None:
    if not isinstance(listed, list):
        report.problem(safezip.MANIFEST, "manifest.json 缺少得分（scores）。")
        return
    by_key = {(e.get("part"), e.get("project_id")): e for e in listed if isinstance(e, dict)}
    for entry in fresh:
        name = entry["name"] if entry["part"] == manifest.PROJECT_PART else "整体支出"
        old = by_key.pop((entry["part"], entry["project_id"]), None)
        if old is None:
            report.problem(safezip.MANIFEST, f"清单中缺少“{name}”的得分。")
            continue
        if old.get("total") != entry["total"]:
            report.problem(
                safezip.MANIFEST,
                f"“{name}”总分：清单记为{old.get('total')}，按 data.json 重新计算为{entry['total']}。",
            )
        if old.get("grade") != entry["grade"]:
            report.problem(
                safezip.MANIFEST,
                f"“{name}”等级：清单记为“{old.get('grade')}”，重新计算为“{entry['grade']}”。",
            )
    for extra in by_key.values():
        report.problem(safezip.MANIFEST, f"清单中有 data.json 里不存在的项目得分（“{extra.get('name')}”）。")


def _check_open_errors(doc: dict[str, Any], still_open: list[Any], report: VerifyReport) -> None:
    accepted = doc.get("open_errors_accepted")
    recorded: set[tuple[Any, Any]] = set()
    if isinstance(accepted, dict) and isinstance(accepted.get("errors"), list):
        if not str(accepted.get("reason") or "").strip():
            report.problem(safezip.MANIFEST, "清单记录了接受的错误，但没有写明原因。")
        recorded = {(e.get("rule_id"), e.get("location")) for e in accepted["errors"] if isinstance(e, dict)}
    missing = [f for f in still_open if (f.rule_id, f.location.ack_key) not in recorded]
    if missing:
        listed = "；".join(f"[{f.rule_id}] {f.message.rstrip('。')}" for f in missing[:5])
        more = f"等{len(missing)}处" if len(missing) > 5 else ""
        report.problem(safezip.DATA, f"data.json 中有未在清单中记录接受原因的错误：{listed}{more}。")


def _simple(pkg: model.Package, key: str) -> Any:
    return {
        "unit": pkg.unit.name,
        "department": pkg.unit.department,
        "fiscal_year": pkg.fiscal_year,
        "ruleset": pkg.ruleset_id,
    }[key]


def _counts(value: Any) -> str:
    if not isinstance(value, dict):
        return "（缺失）"
    return f"错误{value.get('error', 0)}、警告{value.get('warning', 0)}、提示{value.get('hint', 0)}"


def _check_scans(pkg: model.Package, members: dict[str, bytes], report: VerifyReport) -> None:
    expected = {manifest.scan_member(i, a): a.data for i, a in enumerate(pkg.attachments)}
    present = {n for n in members if safezip.member_kind(n) == "scan"}
    before = len(report.problems)
    for name, content in expected.items():
        if name not in members:
            report.problem(name, f"data.json 中的签字页“{name}”在上传包中缺失。")
        elif members[name] != content:
            report.problem(name, f"“{name}”与 data.json 中保存的签字页扫描件不一致。")
    for name in sorted(present - set(expected)):
        report.problem(name, f"“{name}”不在 data.json 的签字页附件中。")
    if expected and len(report.problems) == before:
        report.confirmed.append(f"{len(expected)}个签字页扫描件与 data.json 中的附件一致。")
