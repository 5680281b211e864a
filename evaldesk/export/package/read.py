"""Importing an upload package as a draft (hand-over to a colleague): the Package from data.json."""

from __future__ import annotations

import hashlib

from evaldesk.core import attachments, jsonform, model
from evaldesk.core.errors import EvalDeskError, FileFormatError, InputError
from evaldesk.export.package import manifest, safezip


def read_package(data: bytes) -> model.Package:
    """The package inside an upload zip (attachments included); FileFormatError (Chinese) if unusable.

    The zip is opened with every safety check of ``safezip``. When the manifest lists data.json, its
    SHA-256 must match, so a damaged download is refused instead of imported half-right. The PDF and
    XLSX are not needed (data.json is the whole package) and are not re-checked here; ``verify_package``
    does that.
    """
    members = safezip.read_members(data)
    if safezip.DATA not in members:
        raise FileFormatError(
            "上传包中没有 data.json（数据），无法导入。请确认这是绩效自评助手生成的上传包。"
        )
    content = members[safezip.DATA]
    if safezip.MANIFEST in members:
        _check_listed_digest(members[safezip.MANIFEST], content)
    pkg = jsonform.loads(content)
    for att in pkg.attachments:
        try:
            attachments.check_attachment(att)
        except InputError as e:
            raise FileFormatError(f"上传包 data.json 中的{e}") from None
    return pkg


def _check_listed_digest(manifest_bytes: bytes, content: bytes) -> None:
    try:
        doc = manifest.parse(manifest_bytes)
    except EvalDeskError:
        return  # a damaged manifest does not stop the import; data.json is parsed and checked on its own
    for entry in doc.get("files") or []:
        if isinstance(entry, dict) and entry.get("name") == safezip.DATA:
            if entry.get("sha256") != hashlib.sha256(content).hexdigest():
                raise FileFormatError(
                    "上传包中的 data.json 与清单的校验值不符，文件已被修改或损坏，无法导入。"
                )
            return
