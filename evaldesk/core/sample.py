"""The built-in sample: the reference package (岳阳楼区应急管理局, 2023) exactly as it was submitted.

It is kept as data (``resources/sample/sample.json``), mistakes included, so that the checks have
something real to find.
"""

from __future__ import annotations

from evaldesk.core import jsonform, model, paths

SAMPLE_FILE = paths.resource("sample", "sample.json")


def load_sample() -> model.Package:
    """A fresh copy of the sample package."""
    return jsonform.loads(SAMPLE_FILE.read_bytes())
