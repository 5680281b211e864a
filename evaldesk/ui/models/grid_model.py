"""A thin table model over a grid of :class:`~evaldesk.core.cells.Cell` specs.

Subclasses only say which cells there are (``build_rows``) and the column headers; reading, editing,
provenance colours and the 采用计算值 check are shared. ``data()`` never raises: a broken cell shows
blank and the problem is logged (as Anki's browser table renders a broken row instead of raising).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from evaldesk.core import cells, derived, edits, money, rulesets
from evaldesk.core import shown as shown_rule
from evaldesk.core.cells import Cell
from evaldesk.ui.document.session import DocumentSession

log = logging.getLogger(__name__)

MISMATCH_ROLE = Qt.ItemDataRole.UserRole + 1  # bool: entered value disagrees with the computation
COMPUTED_ROLE = Qt.ItemDataRole.UserRole + 2  # Decimal | None: the computed value
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # the cell's kind

COMPUTED_BG = QColor("#ececec")
HEADING_BG = QColor("#f5f5f0")
LABEL_BG = QColor("#fafafa")
MISMATCH_FG = QColor("#c62828")
REFUSED_BG = QColor("#ffebee")  # behind an entry that was refused (cell editor and value editor)
COMPUTED_FG = QColor("#505050")
CARRIED_FG = QColor("#5b7083")

AnyIndex = QModelIndex | QPersistentModelIndex

_FIGURES: dict[str, money.FigureKind] = {
    "amount": "amount",
    "percent": "percent",
    "score": "score",
    "count": "count",
}


def cell_text(kind: str, value: Any) -> str:
    """A cell's text: a figure by ``money.format_figure`` (the rule the PDF and XLSX print by), text as typed."""
    if value is None:
        return ""
    figure = _FIGURES.get(kind)
    return str(value) if figure is None else money.format_figure(Decimal(value), figure)


def entry_text(kind: str, value: Any) -> str:
    """What a cell's editor starts with and a copy puts on the clipboard (``money.format_entry``)."""
    if value is None:
        return ""
    figure = _FIGURES.get(kind)
    return str(value) if figure is None else money.format_entry(value, figure)


class GridModel(QAbstractTableModel):
    """Base of the form grids. Subclasses implement :meth:`build_rows` and :meth:`headers`."""

    # List paths whose insert/remove/move makes this grid rebuild its rows.
    structural_paths: tuple[edits.Path, ...] = ()

    def __init__(self, session: DocumentSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[list[Cell]] = self.build_rows()
        self._figures: dict[tuple[int, int], derived.Figure] = {}
        self._index_cells()
        session.changed.connect(self._on_changed)

    # -- to implement ----------------------------------------------------------------------------
    def build_rows(self) -> list[list[Cell]]:
        raise NotImplementedError

    def headers(self) -> list[str]:
        raise NotImplementedError

    # -- structure -------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def cell(self, index: AnyIndex) -> Cell:
        """The spec of the cell at ``index`` (a blank cell outside the grid)."""
        r, c = index.row(), index.column()
        if 0 <= r < len(self._rows) and 0 <= c < len(self._rows[r]):
            return self._rows[r][c]
        return Cell("blank")

    def cell_at(self, row: int, column: int) -> Cell:
        return self.cell(self.index(row, column))

    def rebuild(self) -> None:
        """Rebuild the rows after the lists under the grid changed."""
        self.beginResetModel()
        self._rows = self.build_rows()
        self._figures.clear()
        self._index_cells()
        self.endResetModel()

    def _index_cells(self) -> None:
        self._by_path: dict[edits.Path, tuple[int, int]] = {}
        self._computed: list[tuple[int, int]] = []
        for r, row in enumerate(self._rows):
            for c, cell in enumerate(row):
                if cell.path is not None:
                    self._by_path[cell.path] = (r, c)
                if cell.is_computed:
                    self._computed.append((r, c))

    def _on_changed(self, edit: edits.Edit) -> None:
        self._figures.clear()
        paths = edits.edit_paths(edit)
        if (edits.is_structural(edit) and self._touches_structure(edit)) or ("fiscal_year",) in paths:
            self.rebuild()  # rows, labels and headers follow the lists and the year
            return
        if not self._rows:
            return
        if any(p[:1] == ("carried",) for p in paths):
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        # One dataChanged per affected cell: the view then repaints just those cells (a range
        # repaints the whole viewport). Computed cells may depend on any edit.
        cells = set(self._computed)
        for p in paths:
            hit = self._by_path.get(p)
            if hit is not None:
                cells.add(hit)
            else:  # a whole object or list replaced: every cell under it
                cells.update(rc for cp, rc in self._by_path.items() if cp[: len(p)] == p)
        for r, c in sorted(cells):
            idx = self.index(r, c)
            self.dataChanged.emit(idx, idx)

    def _touches_structure(self, edit: edits.Edit) -> bool:
        return any(any(p[: len(s)] == s for s in self.structural_paths) for p in edits.edit_paths(edit))

    # -- values ----------------------------------------------------------------------------------
    def stored(self, index: AnyIndex) -> Any:
        cell = self.cell(index)
        return self.session.value(cell.path) if cell.path is not None else None

    def figure(self, index: AnyIndex) -> derived.Figure | None:
        """The computation behind a computed cell (cached until the next edit)."""
        cell = self.cell(index)
        if cell.computed is None:
            return None
        key = (index.row(), index.column())
        fig = self._figures.get(key)
        if fig is None:
            fig = cell.computed(self.session.package)
            self._figures[key] = fig
        return fig

    def tolerance(self, kind: str) -> Decimal:
        rs, _ = rulesets.of_package(self.session.package)
        if kind == "percent":
            return rs.rate_points
        if kind == "score":
            return rs.score_tolerance
        return rs.money_pass

    def mismatch(self, index: AnyIndex) -> bool:
        """Whether the entered value of a computed cell disagrees with the computation."""
        cell = self.cell(index)
        fig = self.figure(index)
        if fig is None:
            return False
        return cells.differs(cell.kind, self.stored(index), fig.value, self.tolerance(cell.kind))

    def shown_value(self, index: AnyIndex) -> Any:
        """The computed value where there is one, otherwise what is stored (``core.shown``'s rule)."""
        fig = self.figure(index)
        if fig is not None and fig.value is not None:
            return fig.value
        return self.stored(index)

    def shows_entered(self, index: AnyIndex) -> bool:
        """A computed cell that cannot be computed and shows the entered figure (so: not grey)."""
        fig = self.figure(index)
        if fig is None:
            return False
        rs, _ = rulesets.resolve(self.session.package.ruleset_id)
        return shown_rule.shown(self.cell(index).kind, fig.value, self.stored(index), rs).source == "entered"

    def is_carried(self, index: AnyIndex) -> bool:
        """Whether the cell holds a value carried from last year that the clerk has not confirmed."""
        cell = self.cell(index)
        if cell.path is None or not self.session.package.carried:
            return False
        from evaldesk.core.carryover import is_carried

        return is_carried(self.session.package, cell.path)

    def parse(self, index: AnyIndex, text: str) -> Any:
        """Parse text for the cell at ``index``; raises ``InputError``."""
        return cells.parse_text(self.cell(index).kind, text)

    # -- Qt --------------------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            h = self.headers()
            return h[section] if 0 <= section < len(h) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cell(index).typable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        try:
            return self._data(index, role)
        except Exception:  # never raise into Qt's painting; show the cell blank and log why
            log.exception("grid cell %s,%s role %s", index.row(), index.column(), role)
            return None

    def _data(self, index: AnyIndex, role: int) -> Any:
        cell = self.cell(index)
        R = Qt.ItemDataRole
        if cell.kind in ("label", "heading"):
            if role in (R.DisplayRole, R.EditRole):
                return cell.text
            if role == R.BackgroundRole:
                return QBrush(HEADING_BG if cell.kind == "heading" else LABEL_BG)
            if role == R.FontRole and cell.kind == "heading":
                f = QFont()
                f.setBold(True)
                return f
            if role == R.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return None
        if not cell.is_value:
            return None
        if role == R.DisplayRole:
            return cell_text(cell.kind, self.shown_value(index))
        if role == R.EditRole:
            return entry_text(cell.kind, self.shown_value(index))
        if role == R.TextAlignmentRole:
            if cell.kind == "text":
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == R.BackgroundRole:
            # A grey cell never shows an entered figure (docs/computed-figures.md).
            grey = (cell.is_computed and not self.shows_entered(index)) or not cell.editable
            return QBrush(COMPUTED_BG) if grey else None
        if role == R.ForegroundRole:
            if self.mismatch(index):
                return QBrush(MISMATCH_FG)
            if cell.is_computed:
                return QBrush(COMPUTED_FG)
            if self.is_carried(index):
                return QBrush(CARRIED_FG)
            return None
        if role == R.ToolTipRole:
            return self.tooltip(index)
        if role == MISMATCH_ROLE:
            return self.mismatch(index)
        if role == COMPUTED_ROLE:
            fig = self.figure(index)
            return fig.value if fig is not None else None
        if role == KIND_ROLE:
            return cell.kind
        return None

    def tooltip(self, index: AnyIndex) -> str:
        cell = self.cell(index)
        fig = self.figure(index)
        if fig is None:
            if self.is_carried(index):
                return "沿用上年数据，尚未确认：修改即视为确认，或右键选择“确认沿用值”。"
            return ""
        entered = self.stored(index)
        lines = [f"计算值：{cell_text(cell.kind, fig.value) or '无法计算'}", fig.trace]
        if entered is not None:
            lines.append(f"填报值：{cell_text(cell.kind, entered)}")
        if self.mismatch(index):
            lines.append("填报值与计算值不一致。右键选择“采用计算值”可改为计算值。")
        elif fig.value is None and entered is not None:
            lines.append("无法计算，显示的是填报值。")
        return "\n".join(lines)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an already-parsed value (delegates parse with core.money) as one undoable edit."""
        cell = self.cell(index)
        if role != Qt.ItemDataRole.EditRole or not cell.typable or cell.path is None:
            return False
        return self.session.set_value(cell.path, value, self.edit_label("修改", index))

    def edit_label(self, verb: str, index: AnyIndex) -> str:
        """``修改附件1“三公经费”2023年决算数`` — the undo menu's text."""
        return f"{verb}{self.label_of(index)}"

    def label_of(self, index: AnyIndex) -> str:
        """How the clerk names the cell now (rows named by the clerk follow their current name)."""
        return self.cell(index).label

    # -- 采用计算值 -------------------------------------------------------------------------------
    def adopt_edit(self, index: AnyIndex) -> edits.SetValue | None:
        """The edit that sets the entered value to the computed one (None when there is nothing to do)."""
        cell = self.cell(index)
        fig = self.figure(index)
        if fig is None or fig.value is None or cell.path is None or not self.mismatch(index):
            return None
        return edits.SetValue(cell.path, cells.adopted_value(cell.kind, fig.value))

    def mismatched_indexes(self) -> list[QModelIndex]:
        return [
            self.index(r, c)
            for r in range(self.rowCount())
            for c in range(self.columnCount())
            if self.mismatch(self.index(r, c))
        ]
