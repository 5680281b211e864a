"""The data fingerprint printed on every page and recorded in the manifest (paper ⇄ files).

Definition (stable for the same data; documented in the manifest as ``fingerprint_method``):
the SHA-256 of the canonical JSON (``jsonform.dumps``) of the package **without** its attachments,
acknowledgements and carried-over marks, first 12 hex digits, upper case, in groups of four
(``3F2A-9C1B-77D0``).

The package is taken with its rule set's content (``rulesets.with_content``): an older draft that does
not carry it yet and the upload package built from it (which does) have one fingerprint, and the rules
that produced the printed scores are part of what the fingerprint identifies.

Why those are left out: the fingerprint identifies what is *printed*. The clerk prints, has the pages
signed and sealed, scans them and only then attaches the scans (and may acknowledge a warning); none of
that changes the paper, so it must not change the fingerprint on the paper either. Anything that is
printed (a figure, a text, a name) changes it. 48 bits are plenty to tell two versions of one package
apart; the manifest's SHA-256 of every member guards the files themselves.
"""

from __future__ import annotations

import dataclasses
import hashlib

from evaldesk.core import jsonform, model, rulesets

METHOD = "SHA-256(data.json 规范格式，不含签字页附件、已确认记录与结转标记) 前12位十六进制"


def fingerprint(pkg: model.Package) -> str:
    """The package's data fingerprint, e.g. ``3F2A-9C1B-77D0``."""
    printed = dataclasses.replace(rulesets.with_content(pkg), attachments=[], acknowledgements=[], carried=[])
    digest = hashlib.sha256(jsonform.dumps(printed).encode("utf-8")).hexdigest()[:12].upper()
    return f"{digest[0:4]}-{digest[4:8]}-{digest[8:12]}"
