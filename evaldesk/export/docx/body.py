"""A Word document's body as the importer sees it: paragraphs and tables in order, tables as grids.

Merged cells are spread over every position they cover (python-docx repeats a horizontally or
vertically merged cell); ``starts`` and ``below`` tell a spanned position from the cell itself. A table that continues another one (Word
users split long tables, or a table "continues on the next page" as a second table) is joined to it
by :func:`join_continued`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from evaldesk.export.xlsx.labels import norm


@dataclass
class Row:
    """One table row: the text at each grid column, and where it came from in the document."""

    texts: list[str]
    starts: list[bool]  # True where a cell starts (False: the cell on the left spans here)
    below: list[bool]  # True where the cell continues one from the row above (vertically merged)
    table_no: int  # the Word table (1-based, document order)
    row_no: int  # the row inside that Word table (1-based)

    def text(self, col: int) -> str:
        return self.texts[col] if 0 <= col < len(self.texts) else ""

    def distinct(self) -> list[tuple[int, str]]:
        """(column, text) of each cell that starts in this row's columns, left to right, once each."""
        return [(col, text) for col, text in enumerate(self.texts) if self.starts[col]]

    def is_blank(self) -> bool:
        return not any(t.strip() for t in self.texts)


@dataclass
class Grid:
    rows: list[Row] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return max((len(r.texts) for r in self.rows), default=0)


@dataclass
class Block:
    """A paragraph (``text``) or a table (``grid``), in document order."""

    text: str = ""
    grid: Grid | None = None


def cell_text(tc_paragraphs: list[Paragraph]) -> str:
    return "\n".join(p.text for p in tc_paragraphs).strip()


def table_grid(table: Table, table_no: int) -> Grid:
    grid = Grid()
    cells = table._cells  # every grid position, merged cells repeated (python-docx)
    n_cols = len(table.columns)
    if not n_cols:
        return grid
    above: list[object] = [None] * n_cols
    for r in range(len(cells) // n_cols):
        texts: list[str] = []
        starts: list[bool] = []
        below: list[bool] = []
        prev = None
        for c in range(n_cols):
            cell = cells[r * n_cols + c]
            tc = cell._tc
            texts.append(cell_text(cell.paragraphs))
            starts.append(tc is not prev)
            below.append(tc is above[c])
            prev = tc
            above[c] = tc
        grid.rows.append(Row(texts, starts, below, table_no, r + 1))
    return grid


def blocks(doc: DocumentObject) -> list[Block]:
    """The body's paragraphs and tables in order (text in text boxes and headers is not read)."""
    out: list[Block] = []
    table_no = 0
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            # A manual line break inside a paragraph (a long title set on two lines) is not text.
            out.append(Block(text=Paragraph(child, doc._body).text.replace("\n", "").strip()))
        elif child.tag == qn("w:tbl"):
            table_no += 1
            out.append(Block(grid=table_grid(Table(child, doc._body), table_no)))
    return out


def is_header_row(row: Row) -> bool:
    """A repeated column-header row (what a continued table starts with)."""
    keys = {norm(t) for t in row.texts}
    return bool({"一级指标", "三级指标"} <= keys) or bool({"年初预算数", "全年预算数"} <= keys)
