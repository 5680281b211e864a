"""Building the upload zip: PDF, XLSX, 签字页 scans, data.json and manifest.json — refused while errors are open.

Pure: returns the zip's bytes; the caller writes them with ``core.atomic.write_atomic`` so that a failed
write never leaves a partial zip. Members come in a fixed order with fixed timestamps (the creation time),
so the same package and the same ``now`` give the same members.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

from evaldesk.core import attachments, jsonform, model, rulesets
from evaldesk.core.errors import EvalDeskError, InputError
from evaldesk.core.findings import Finding
from evaldesk.export.contract import ZIP_MIME, Rendered
from evaldesk.export.package import engines, manifest, safezip
from evaldesk.export.package.fingerprint import fingerprint

# Reasons that say nothing; an accepted error must be explained (as a deviation reason must, domain §2.5).
_EMPTY_REASONS = frozenset(
    {"无", "没有", "略", "/", "-", "—", "——", "已完成", "同意", "确认", "n/a", "na", "none"}
)
_STORED_TYPES = (attachments.MIME_JPEG, attachments.MIME_PNG)  # already compressed: deflating wastes time


class OpenErrorsRefused(EvalDeskError):
    """The package has open error findings and no reason was given for accepting them."""

    def __init__(self, errors: list[Finding], reason_problem: str = "") -> None:
        self.errors = list(errors)
        lines = [f"审核发现{len(errors)}处错误尚未处理，不能生成上传包："]
        for f in errors:  # the checks' messages already name the place (表、行、列)
            lines.append(f"· [{f.rule_id}] {f.message}")
        if reason_problem:
            lines.append(reason_problem)
        lines.append(
            "请先修正这些错误；若确需按现状上报，请填写接受这些错误的原因，原因将记入上传包清单（manifest.json）。"
        )
        super().__init__("\n".join(lines))


def package_filename(pkg: model.Package) -> str:
    """``{单位}-{年度}-绩效自评.zip``, safe as a file name on Windows, macOS and Linux."""
    return manifest.base_name(pkg) + ".zip"


def build_package(
    pkg: model.Package, accept_open_errors: str | None = None, now: _dt.datetime | None = None
) -> bytes:
    """The upload zip for ``pkg``.

    Open errors (error findings not accepted in the draft) raise ``OpenErrorsRefused`` unless
    ``accept_open_errors`` gives a reason; then every open error is recorded in the manifest with it.
    ``now`` (for tests) is the creation time; a naive datetime is taken as local time.
    """
    return build_package_rendered(pkg, accept_open_errors, now).data


def build_package_rendered(
    pkg: model.Package, accept_open_errors: str | None = None, now: _dt.datetime | None = None
) -> Rendered:
    """:func:`build_package` as the exporters' ``Rendered``, with the PDF's warnings passed on."""
    findings = engines.findings(pkg)
    still_open = manifest.open_errors(pkg, findings)
    reason = (accept_open_errors or "").strip()
    if still_open:
        if not reason:
            raise OpenErrorsRefused(still_open)
        if reason.lower() in _EMPTY_REASONS:
            raise OpenErrorsRefused(still_open, f"“{reason}”不能作为原因，请写明为什么按现状上报。")
    for att in pkg.attachments:
        try:
            attachments.check_attachment(att)
        except InputError as e:
            raise InputError(f"无法生成上传包：{e}") from None
    pkg = rulesets.with_content(pkg)  # so that verify on another PC scores with these very rules

    created = _created(now)
    sheet = engines.score(pkg)
    fp = fingerprint(pkg)
    pdf = engines.render_pdf(pkg, fp)
    files: list[tuple[str, bytes]] = [
        (safezip.DATA, jsonform.dumps(pkg).encode("utf-8")),
        (manifest.pdf_member(pkg), pdf.data),
        (manifest.xlsx_member(pkg), engines.render_xlsx(pkg)),
    ]
    stored = set()
    for i, att in enumerate(pkg.attachments):
        name = manifest.scan_member(i, att)
        files.append((name, att.data))
        if att.mime in _STORED_TYPES:
            stored.add(name)
    doc = manifest.build_manifest(pkg, sheet, findings, files, created, reason if still_open else None)
    members = [(safezip.MANIFEST, manifest.serialize(doc)), *files]
    return Rendered(package_filename(pkg), ZIP_MIME, _zip(members, created, stored), pdf.warnings)


def _created(now: _dt.datetime | None) -> _dt.datetime:
    moment = now if now is not None else _dt.datetime.now()
    return moment.astimezone() if moment.tzinfo is None else moment


def _zip(members: list[tuple[str, bytes]], created: _dt.datetime, stored: set[str]) -> bytes:
    stamp = max(
        created.replace(tzinfo=None), _dt.datetime(1980, 1, 1)
    )  # zip times are local wall time ≥ 1980
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3  # the same bytes whichever system builds it
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, content, compresslevel=6)
    return buf.getvalue()
