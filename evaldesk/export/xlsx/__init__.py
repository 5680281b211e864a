"""XLSX export in the official layout, and import of filled workbooks (ours or hand-made).

- :func:`render` (``writer``): package → workbook bytes.
- :func:`read_workbook` (``reader``): workbook bytes → package, or :class:`ImportProblems` listing every
  cell that could not be understood (``附件1!D9：…``); hostile files are refused first (``safety``).
"""

from __future__ import annotations

from evaldesk.export.xlsx.reader import ImportProblems, read_workbook
from evaldesk.export.xlsx.writer import XlsxOptions, render

__all__ = ["ImportProblems", "XlsxOptions", "read_workbook", "render"]
