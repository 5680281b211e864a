"""Tab-separated blocks as Excel/WPS put them on the clipboard, read and written (no Qt)."""

from __future__ import annotations


def parse_tsv(text: str) -> list[list[str]]:
    """Split a copied block into rows of cells.

    Excel ends the block with a line break and quotes a cell that contains a line break or a quote
    (``"a""b"`` → ``a"b``); both are handled. Blank trailing lines are dropped.
    """
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_cell_start = True
    while i < n:
        ch = text[i]
        if at_cell_start and ch == '"':
            # A quoted cell: read up to the closing quote, "" being a literal quote.
            i += 1
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        cell.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                cell.append(text[i])
                i += 1
            at_cell_start = False
            continue
        if ch == "\t":
            row.append("".join(cell))
            cell, at_cell_start = [], True
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_cell_start = [], [], True
        else:
            cell.append(ch)
            at_cell_start = False
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    while rows and all(not c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def to_tsv(rows: list[list[str]]) -> str:
    """A block as Excel's clipboard text: tabs between cells, CRLF after each row, quoting as needed."""

    def quote(cell: str) -> str:
        if any(ch in cell for ch in '\t\r\n"'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join("\t".join(quote(c) for c in row) + "\r\n" for row in rows)
