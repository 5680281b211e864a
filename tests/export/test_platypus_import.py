"""reportlab.platypus imported with its URL pattern compiled on first use: the same pattern, the same
answers, and nothing left behind in ``re``'s cache."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from evaldesk.export.pdf.platypus_import import URI_FLAGS, URI_PATTERN, LazyPattern

ROOT = Path(__file__).resolve().parents[2]
URIS = [
    "https://www.example.com/a/b/c",
    "http://user:pw@192.168.1.10:8080/x?y=1#z",
    "ftp://[2001:db8::1]/pub/",
    "https://政府.中国/绩效/自评",
    "HTTPS://EXAMPLE.COM/",
    "www.example.com/path",
    "not a url",
    "C:\\Users\\会计\\文档",
    "http://-bad-.com",
]


def _run(code: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_stand_in_is_reportlabs_own_pattern() -> None:
    # reportlab imported plainly: its pattern is the one we stand in for (else the stand-in is not found
    # and reportlab compiles it as before: slower, never wrong).
    got = _run(
        "import json, reportlab.platypus.paragraph as p;"
        "print(json.dumps({'pattern': p.uri_pat.pattern, 'flags': p.uri_pat.flags}))"
    )
    assert got == {"pattern": URI_PATTERN, "flags": re.compile(URI_PATTERN, URI_FLAGS).flags}


def test_the_pdf_module_imports_platypus_with_the_pattern_deferred() -> None:
    got = _run(
        "import json, re, sys\n"
        "import evaldesk.export.pdf\n"
        "import reportlab.platypus.paragraph as p\n"
        "from evaldesk.export.pdf.platypus_import import LazyPattern, URI_PATTERN\n"
        "left = [k for c in (getattr(re, '_cache', {}), getattr(re, '_cache2', {})) for k, v in c.items()"
        " if isinstance(v, LazyPattern)]\n"
        "lazy = type(p.uri_pat).__name__\n"
        f"uris = {URIS!r}\n"
        "deferred = [p._uri_split_pairs(u) for u in uris]\n"
        "p.uri_pat = re.compile(URI_PATTERN, re.I)\n"
        "real = [p._uri_split_pairs(u) for u in uris]\n"
        "print(json.dumps({'lazy': lazy, 'left': len(left), 'same': deferred == real,"
        " 'found': sum(r is not None for r in real)}))"
    )
    assert got == {"lazy": "LazyPattern", "left": 0, "same": True, "found": 5}


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    lazy, real = LazyPattern(URI_PATTERN, URI_FLAGS), re.compile(URI_PATTERN, URI_FLAGS)
    for uri in URIS:
        for method in ("match", "search", "fullmatch"):
            a, b = getattr(lazy, method)(uri), getattr(real, method)(uri)
            assert (a and a.groups()) == (b and b.groups()), (method, uri)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (real.pattern, real.flags, real.groups)
