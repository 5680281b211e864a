"""The package's data carried inside our ``.docx``, for an exact round trip.

A Word document shows what is printed; it cannot hold what the package knows beyond that (an entered
figure that differs from the computed one, the clerk's score band, override reasons, live fields in the
report). As the XLSX carries a hidden data sheet, the ``.docx`` carries ``evaldesk/data.json`` — the
canonical JSON — related from the main document part, together with a signature of the document's
visible text when it was written.

On import the embedded data is used only when the visible text is still exactly what was written:
once a clerk has edited the document in Word, the text is read like any hand-made package. Word and WPS
drop the unknown part when they save, which leads to the same.
"""

from __future__ import annotations

import hashlib
import json

from docx.document import Document as DocumentObject
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn

from evaldesk.core import jsonform, model
from evaldesk.core.errors import FileFormatError

RELTYPE = "https://evaldesk.invalid/relationships/package-data"
PARTNAME = "/evaldesk/data.json"
FORMAT = "evaldesk-docx-data"


def visible_signature(doc: DocumentObject) -> str:
    """SHA-256 of the body's text, paragraph by paragraph (table cells included, in document order)."""
    h = hashlib.sha256()
    for p in doc.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        h.update(text.encode("utf-8") + b"\n")
    return h.hexdigest()


def attach(doc: DocumentObject, pkg: model.Package) -> None:
    """Add the data part to ``doc`` (call last: the signature covers the body as it is now)."""
    payload = {
        "format": FORMAT,
        "version": 1,
        "visible_sha256": visible_signature(doc),
        "package": json.loads(jsonform.dumps(pkg)),
    }
    blob = json.dumps(payload, ensure_ascii=False).encode("utf-8")  # key order is data (附件1 rows)
    part = Part(PackURI(PARTNAME), "application/json", blob, doc.part.package)
    doc.part.relate_to(part, RELTYPE)


def embedded_package(doc: DocumentObject) -> model.Package | None:
    """The embedded package when the document's text is unchanged since it was written, else ``None``."""
    for rel in doc.part.rels.values():
        if rel.reltype != RELTYPE or rel.is_external:
            continue
        try:
            payload = json.loads(rel.target_part.blob.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            return None
        if payload.get("visible_sha256") != visible_signature(doc):
            return None
        try:
            return jsonform.from_dict(payload.get("package"))
        except FileFormatError:
            return None
    return None
