"""manifest.json: what the package holds and what its data adds up to, so that anyone can re-check it.

Every field except ``created``, ``generator``, the reason given for accepting open errors and the file
list is *derived from data.json* (``derived``), so ``verify_package`` recomputes them and compares.
``manifest_sha256`` is the SHA-256 of the manifest's own canonical text without that field: a damaged
manifest is told from a genuine one (it guards against accidents, not against a forger who recomputes it).

Fields, in order: ``format`` ("evaldesk-upload-package"), ``manifest_version``, ``generator`` {name,
version}, ``data`` {member, format, format_version, schema_version}, ``created`` (ISO 8601 with offset),
``unit``, ``department``, ``fiscal_year``, ``ruleset``, ``fingerprint``, ``fingerprint_method``,
``scores`` [{part 整体/项目, project_id, name, total, max, grade}] (Decimals as strings, None when not
computable), ``findings`` {error, warning, hint}, ``acknowledged_warnings`` and ``accepted_errors``
[{rule_id, location, reason, message (None when the finding no longer occurs)}] from the draft,
``open_errors_accepted`` (None, or {reason, errors: [{rule_id, location, label, message}]}),
``files`` [{name, size, sha256}] for every other member, ``manifest_sha256``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from evaldesk.core import jsonform, model, money
from evaldesk.core.attachments import attachment_filename, sanitize_filename
from evaldesk.core.errors import FileFormatError
from evaldesk.core.findings import SEVERITIES, Finding
from evaldesk.core.scoring import ScoreSheet, TableScore
from evaldesk.export.package import safezip
from evaldesk.export.package.fingerprint import METHOD, fingerprint

FORMAT = "evaldesk-upload-package"
MANIFEST_VERSION = 1
GENERATOR_NAME = "绩效自评助手 EvalDesk"
FALLBACK_VERSION = "0.1.0"  # pyproject's version, when the package carries no __version__
SELF_DIGEST = "manifest_sha256"
OVERALL_PART = "整体"
PROJECT_PART = "项目"


def generator_version() -> str:
    """The program's version (``evaldesk.__version__``)."""
    import evaldesk

    return str(getattr(evaldesk, "__version__", "") or FALLBACK_VERSION)


def base_name(pkg: model.Package, what: str = "绩效自评") -> str:
    """``{单位}-{年度}-{what}``, safe as a file name on every system."""
    unit = pkg.unit.name.strip() or "未命名单位"
    year = str(pkg.fiscal_year) if pkg.fiscal_year else "未填年度"
    return sanitize_filename(f"{unit}-{year}-{what}", fallback="绩效自评", max_chars=90)


def pdf_member(pkg: model.Package) -> str:
    return base_name(pkg, "绩效自评报告") + ".pdf"


def xlsx_member(pkg: model.Package) -> str:
    return base_name(pkg, "绩效自评表") + ".xlsx"


def scan_member(index: int, att: model.Attachment) -> str:
    """``签字页/01-扫描.pdf``: numbered, so order is kept and two scans never share a name."""
    # attachment_filename also makes the extension match the content, whatever the draft's name says.
    return f"{safezip.SCAN_FOLDER}/{index + 1:02d}-{attachment_filename(att.filename, att.mime)}"


def open_errors(pkg: model.Package, findings: list[Finding]) -> list[Finding]:
    """Error findings not already accepted in the draft (Acknowledgement kind 'accepted-error')."""
    accepted = {(a.rule_id, a.location) for a in pkg.acknowledgements if a.kind == "accepted-error"}
    return [f for f in findings if f.severity == "error" and (f.rule_id, f.location.ack_key) not in accepted]


def finding_entry(f: Finding) -> dict[str, str]:
    return {
        "rule_id": f.rule_id,
        "location": f.location.ack_key,
        "label": f.location.label,
        "message": f.message,
    }


def derived(pkg: model.Package, sheet: ScoreSheet, findings: list[Finding]) -> dict[str, Any]:
    """The manifest fields computed from the package data (recomputed by verify)."""
    by_key = {(f.rule_id, f.location.ack_key): f for f in findings}

    def ack_entries(kind: str) -> list[dict[str, Any]]:
        out = []
        for a in pkg.acknowledgements:
            if a.kind != kind:
                continue
            current = by_key.get((a.rule_id, a.location))
            out.append(
                {
                    "rule_id": a.rule_id,
                    "location": a.location,
                    "reason": a.reason,
                    # None: the finding no longer occurs (the acknowledgement is stale)
                    "message": current.message if current else None,
                }
            )
        return out

    counts = {s: 0 for s in SEVERITIES}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return {
        "unit": pkg.unit.name,
        "department": pkg.unit.department,
        "fiscal_year": pkg.fiscal_year,
        "ruleset": pkg.ruleset_id,
        "fingerprint": fingerprint(pkg),
        "scores": score_entries(pkg, sheet),
        "findings": counts,
        "acknowledged_warnings": ack_entries("warning"),
        "accepted_errors": ack_entries("accepted-error"),
    }


def score_entries(pkg: model.Package, sheet: ScoreSheet) -> list[dict[str, Any]]:
    """整体 first, then each project in package order: total, max and grade."""
    entries = [_score_entry(OVERALL_PART, "", "整体支出", sheet.overall)]
    for p in pkg.projects:
        table = sheet.projects.get(p.id)
        if table is not None:
            entries.append(_score_entry(PROJECT_PART, p.id, p.name, table))
    return entries


def _score_entry(part: str, project_id: str, name: str, table: TableScore) -> dict[str, Any]:
    return {
        "part": part,
        "project_id": project_id,
        "name": name,
        "total": _dec(table.total.value),
        "max": _dec(table.total.max),
        "grade": table.grade,
    }


def build_manifest(
    pkg: model.Package,
    sheet: ScoreSheet,
    findings: list[Finding],
    files: list[tuple[str, bytes]],
    created: _dt.datetime,
    accepted_reason: str | None,
) -> dict[str, Any]:
    """The whole manifest (without its self-digest; ``serialize`` adds it)."""
    fields = derived(pkg, sheet, findings)
    still_open = open_errors(pkg, findings)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "manifest_version": MANIFEST_VERSION,
        "generator": {"name": GENERATOR_NAME, "version": generator_version()},
        "data": {
            "member": safezip.DATA,
            "format": jsonform.FORMAT_NAME,
            "format_version": jsonform.FORMAT_VERSION,
            "schema_version": model.SCHEMA_VERSION,
        },
        "created": created.isoformat(timespec="seconds"),
        **{k: fields[k] for k in ("unit", "department", "fiscal_year", "ruleset", "fingerprint")},
        "fingerprint_method": METHOD,
        **{k: fields[k] for k in ("scores", "findings", "acknowledged_warnings", "accepted_errors")},
        "open_errors_accepted": (
            {"reason": accepted_reason, "errors": [finding_entry(f) for f in still_open]}
            if still_open
            else None
        ),
        "files": [
            {"name": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in files
        ],
    }
    return manifest


def serialize(manifest: dict[str, Any]) -> bytes:
    """The manifest as UTF-8 JSON, with ``manifest_sha256`` appended."""
    body = {k: v for k, v in manifest.items() if k != SELF_DIGEST}
    return _text({**body, SELF_DIGEST: self_digest(body)}).encode("utf-8")


def self_digest(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != SELF_DIGEST}
    return hashlib.sha256(_text(body).encode("utf-8")).hexdigest()


def parse(data: bytes) -> dict[str, Any]:
    """manifest.json as a dict; FileFormatError (Chinese) when it is not a manifest."""
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise FileFormatError("manifest.json 不是 UTF-8 编码的文本，已损坏。") from None
    except json.JSONDecodeError as e:
        raise FileFormatError(
            f"manifest.json 不是有效的 JSON（第{e.lineno}行第{e.colno}列），已损坏。"
        ) from None
    except RecursionError:
        raise FileFormatError("manifest.json 嵌套层数过深，已损坏。") from None
    except ValueError:  # int() refuses a number of more than 4300 digits
        raise FileFormatError("manifest.json 中有位数过多的数字，已损坏。") from None
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise FileFormatError("manifest.json 不是绩效自评上传包的清单（缺少格式标识）。")
    version = value.get("manifest_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileFormatError("manifest.json 缺少清单版本号。")
    if version > MANIFEST_VERSION:
        raise FileFormatError(
            f"上传包由更新版本的绩效自评助手生成（清单版本{version}），请升级本程序后再校验。"
        )
    return value


def _text(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else money.to_canonical(value)
