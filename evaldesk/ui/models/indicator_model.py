"""The 绩效指标 table of 附件2 or one 附件3, laid out like the paper form.

Columns: 一级指标 · 二级指标 · 三级指标 · 年度指标值 · 实际完成值 · 分值 · 自评得分 · 偏差原因分析及改进措施,
then the 总分 row. Rows follow the package's list order, as the PDF prints them; consecutive rows with the
same 一级 (二级) share one spanned cell (:meth:`IndicatorModel.spans`). The 一级 cell shows its weight and
turns red when the 三级 分值 under it do not add up to the rule set's weight.

Targets and actuals are raw text (``model.Indicator``); what is typed is stored in canonical form when it
parses cleanly (``>=90%`` → ``≥90%``) and as written otherwise, flagged with ``core.targets``' problems.
The 自评得分 is computed (the session's score sheet); an override with its reason gets an orange marker.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor

from evaldesk.core import derived, edits, indicator_rows, indicator_table, model, money, rulesets
from evaldesk.core.cells import Cell
from evaldesk.core.errors import InputError
from evaldesk.core.indicator_text import (
    C_ACTUAL,
    C_DEV,
    C_L1,
    C_L2,
    C_NAME,
    C_SCORE,
    C_TARGET,
    C_WEIGHT,
    boilerplate,
    level1_sum,
    level1_text,
    normalize_value,
    value_problems,
    value_tooltip,
    weight_total,
)
from evaldesk.core.scoring import IndicatorScore, TableScore
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import short_name
from evaldesk.ui.models.grid_model import MISMATCH_FG, AnyIndex, GridModel

# The paper form breaks the long last heading in two; so does the window, to keep the column narrow.
HEADERS = (*indicator_table.COLUMNS[:-1], "偏差原因分析\n及改进措施")
WRAP_COLUMNS = frozenset({C_L1, C_L2, C_NAME, C_TARGET, C_ACTUAL, C_DEV})

R = Qt.ItemDataRole
SPAN_ROLE = R.UserRole + 10  # int: rows spanned by a 一级/二级 cell at the start of its run (0 inside it)
PROBLEM_ROLE = R.UserRole + 11  # str: what is wrong with a target/actual ("" when fine)
OVERRIDE_ROLE = R.UserRole + 12  # bool: the score is the clerk's override
NEEDED_ROLE = R.UserRole + 13  # str: the deviation reason is required and missing — why

NEEDED_BG = QColor("#fff3e0")
PROBLEM_FG = QColor("#c62828")


class IndicatorModel(GridModel):
    """One 绩效指标 table; ``prefix`` is ``("overall",)`` or ``("projects", id, "performance")``.

    ``texts_changed(rows)`` names the rows whose text may need another height after an edit.
    """

    texts_changed = Signal(list)

    def __init__(self, session: DocumentSession, prefix: edits.Path, parent: Any = None) -> None:
        self.prefix: edits.Path = tuple(prefix)
        self.table_label = "附件2"
        self.span_list: list[tuple[int, int, int, int]] = []
        self._span_at: dict[tuple[int, int], int] = {}
        self._last_table: TableScore | None = None
        super().__init__(session, parent)
        self._last_table = self.table()

    # -- where ---------------------------------------------------------------------------------
    @property
    def structural_paths(self) -> tuple[edits.Path, ...]:  # type: ignore[override]
        return (self.list_path,)

    @property
    def list_path(self) -> edits.Path:
        return (*self.prefix, "indicators")

    def set_prefix(self, prefix: edits.Path) -> None:
        """Show another table (the projects page switches projects)."""
        self.prefix = tuple(prefix)
        self.rebuild()

    def perf(self) -> model.Performance | None:
        v = self.session.value(self.prefix)
        return v if isinstance(v, model.Performance) else None

    def indicators(self) -> list[model.Indicator]:
        p = self.perf()
        return p.indicators if p is not None else []

    def item_of(self, row: int) -> int | None:
        """The position in ``Performance.indicators`` of grid row ``row`` (None for the 总分 row)."""
        return row if 0 <= row < len(self.indicators()) and row < len(self._rows) - 1 else None

    def row_of(self, item: int) -> int:
        return item

    def total_row(self) -> int:
        return len(self._rows) - 1

    def table(self) -> TableScore | None:
        """This table's ``TableScore`` in the session's score sheet (None when unavailable)."""
        sheet = self.session.analysis.scores
        if sheet is None:
            return None
        if self.prefix == ("overall",):
            return sheet.overall
        return sheet.projects.get(str(self.prefix[1])) if len(self.prefix) > 1 else None

    def indicator_score(self, item: int) -> IndicatorScore | None:
        ts = self.table()
        if ts is None or not 0 <= item < len(ts.indicators):
            return None
        return ts.indicators[item]

    def ruleset(self) -> rulesets.RuleSet:
        return rulesets.of_package(self.session.package)[0]

    # -- rows ----------------------------------------------------------------------------------
    def headers(self) -> list[str]:
        return list(HEADERS)

    def build_rows(self) -> list[list[Cell]]:
        perf = self.perf()
        self.span_list = []
        self._span_at = {}
        if perf is None:
            return []
        inds = perf.indicators
        rows: list[list[Cell]] = []
        for i, ind in enumerate(inds):
            p = (*self.list_path, i)
            rows.append(
                [
                    Cell("heading", text=ind.level1),
                    Cell("heading", text=ind.level2),
                    Cell("text", path=(*p, "name")),
                    Cell("text", path=(*p, "target")),
                    Cell("text", path=(*p, "actual")),
                    Cell("score", path=(*p, "weight")),
                    Cell("score", path=(*p, "score_entered"), computed=partial(self._score_figure, i)),
                    Cell("text", path=(*p, "deviation")),
                ]
            )
        for level, start, end in indicator_table.heading_runs(inds):
            self._add_span(start, C_L1 if level == 1 else C_L2, end - start, 1)
        total = len(rows)
        rows.append(
            [
                Cell("label", text="总分"),
                Cell("blank"),
                Cell("blank"),
                Cell("blank"),
                Cell("blank"),
                Cell("score", path=(*self.prefix, "total_weight_entered"), computed=self._weight_total),
                Cell("score", path=(*self.prefix, "total_score_entered"), computed=self._total_figure),
                Cell("blank"),
            ]
        )
        self._add_span(total, C_L1, 1, 5)
        return rows

    def _add_span(self, row: int, col: int, rows: int, cols: int) -> None:
        self._span_at[(row, col)] = rows
        for r in range(row + 1, row + rows):
            self._span_at[(r, col)] = 0
        if rows > 1 or cols > 1:
            self.span_list.append((row, col, rows, cols))

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, column, rows, columns) of every spanned cell, for ``QTableView.setSpan``."""
        return list(self.span_list)

    def _index_cells(self) -> None:
        super()._index_cells()
        # The 一级 cells (weight sums) and the deviation cells (required or not) follow other cells.
        for r in range(len(self._rows) - 1):
            if self._span_at.get((r, C_L1)):
                self._computed.append((r, C_L1))
            self._computed.append((r, C_DEV))

    # -- computed figures ----------------------------------------------------------------------
    def _score_figure(self, item: int, _pkg: model.Package) -> derived.Figure:
        sc = self.indicator_score(item)
        if sc is None:
            return derived.Figure(None, "评分暂不可用")
        return derived.Figure(sc.final.value, sc.final.trace)

    def _weight_total(self, _pkg: model.Package) -> derived.Figure:
        return weight_total(self.indicators(), self.ruleset())

    def _total_figure(self, _pkg: model.Package) -> derived.Figure:
        ts = self.table()
        if ts is None:
            return derived.Figure(None, "评分暂不可用")
        return derived.Figure(ts.total.value, ts.total.trace)

    def level1_ok(self, level1: str) -> bool:
        total, want, _ = level1_sum(self.indicators(), self.ruleset(), level1)
        return want is None or total == want

    def deviation_needed(self, item: int) -> str:
        """Why a deviation reason is required and still missing (blank or boilerplate); "" otherwise."""
        inds = self.indicators()
        if item >= len(inds):
            return ""
        return indicator_rows.deviation_needed(
            inds[item], self.indicator_score(item), boilerplate(self.session.package)
        )

    # -- Qt data -------------------------------------------------------------------------------
    def _data(self, index: AnyIndex, role: int) -> Any:
        r, c = index.row(), index.column()
        item = self.item_of(r)
        if role == SPAN_ROLE:
            return self._span_at.get((r, c), 1)
        if item is None:
            return super()._data(index, role)
        if c in (C_L1, C_L2):
            return self._heading_data(r, c, item, role)
        if c in (C_TARGET, C_ACTUAL):
            if role == PROBLEM_ROLE:
                return "；".join(value_problems(self.indicators()[item], c))
            if role == R.ForegroundRole and value_problems(self.indicators()[item], c):
                return QBrush(PROBLEM_FG)
            if role == R.ToolTipRole:
                return value_tooltip(self.indicators()[item], c, self.is_carried(index))
            if role == R.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        if c == C_SCORE:
            sc = self.indicator_score(item)
            if role == OVERRIDE_ROLE:
                return bool(sc is not None and sc.final.overridden)
            if role == R.ToolTipRole and sc is not None and sc.final.overridden:
                ind = self.indicators()[item]
                return f"经办人调整（理由：{ind.override_reason.strip()}）\n" + super()._data(index, role)
        if c == C_DEV:
            if role == NEEDED_ROLE:
                return self.deviation_needed(item)
            if role == R.BackgroundRole and self.deviation_needed(item):
                return QBrush(NEEDED_BG)
            if role == R.ToolTipRole and self.deviation_needed(item):
                return f"须填写偏差原因分析及改进措施：{self.deviation_needed(item)}。“无”“/”“已完成”等不足以说明。"
        if c == C_WEIGHT and role == R.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if c == C_SCORE and role == R.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super()._data(index, role)

    def _heading_data(self, r: int, c: int, item: int, role: int) -> Any:
        ind = self.indicators()[item]
        if role == R.BackgroundRole:
            return super()._data(self.index(r, c), role)
        if role == R.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if c == C_L2:
            if role in (R.DisplayRole, R.EditRole):
                return ind.level2 or "（未填二级指标）"
            return None
        total, want, _ = level1_sum(self.indicators(), self.ruleset(), ind.level1)
        ok = want is None or total == want
        if role in (R.DisplayRole, R.EditRole):
            name = ind.level1 or "（未填一级指标）"
            text = f"{name}\n（{money.format_points(want)}分）" if want is not None else name
            return text if ok else f"{text}\n现合计{money.format_points(total)}分"
        if role == R.ForegroundRole and not ok:
            return QBrush(MISMATCH_FG)
        if role == R.ToolTipRole:
            return level1_text(self.indicators(), self.ruleset(), ind.level1)
        return None

    # -- editing ---------------------------------------------------------------------------------
    def parse(self, index: AnyIndex, text: str) -> Any:
        c = index.column()
        item = self.item_of(index.row())
        if item is not None and c in (C_TARGET, C_ACTUAL):
            return normalize_value(text)
        if item is not None and c == C_DEV:
            refusal = indicator_rows.deviation_refusal(
                text, self.indicator_score(item), boilerplate(self.session.package)
            )
            if refusal:
                raise InputError(refusal)
            return text.strip()
        return super().parse(index, text)

    def set_fields(self, index: AnyIndex, values: dict[str, Any]) -> bool:
        """Set several fields of the indicator at ``index``'s row as one undoable edit."""
        item = self.item_of(index.row())
        if item is None:
            return False
        ind = self.indicators()[item]
        base = (*self.list_path, item)
        todo = tuple(edits.SetValue((*base, k), v) for k, v in values.items() if getattr(ind, k) != v)
        if not todo:
            return False
        label = self.edit_label("修改", index)
        if len(todo) == 1:
            return self.session.push(todo[0], label)
        return self.session.push(edits.Batch(todo, label), label)

    def name_of(self, item: int) -> str:
        """The indicator as messages name it (a long name shortened with "…")."""
        inds = self.indicators()
        if not 0 <= item < len(inds):
            return ""
        return short_name(inds[item].name) or f"第{item + 1}行"

    def where(self) -> str:
        """附件2 or 附件3“项目名” — how messages name this table."""
        if self.prefix == ("overall",):
            return "附件2"
        p = self.session.value(self.prefix[:2])
        return f"附件3“{short_name(getattr(p, 'name', '')) or '未命名项目'}”"

    def label_of(self, index: AnyIndex) -> str:
        item = self.item_of(index.row())
        c = index.column()
        if item is None:
            return f"{self.where()}总分行{indicator_table.COLUMNS[c] if c in (C_WEIGHT, C_SCORE) else ''}"
        return f"{self.where()}指标“{self.name_of(item)}”的{indicator_table.COLUMNS[c]}"

    def _on_changed(self, edit: edits.Edit) -> None:
        paths = edits.edit_paths(edit)
        base = self.list_path
        n = len(base)
        regroup = self.perf() is None and bool(self._rows)
        rows: set[int] = set()
        mine = False  # the edit wrote into this table (its list, its rows or its 总分 row)
        for p in paths:
            if p == ("projects",):
                continue  # another project added, moved or removed: this table's rows stay
            if len(p) < n and base[: len(p)] == p:
                regroup = True  # the table, the project or the list itself was replaced
            elif p[:n] == base and len(p) == n + 1:
                regroup = True  # a whole indicator replaced (from the library)
            elif p[:n] == base and len(p) >= n + 2:
                if p[n + 1] in ("level1", "level2"):
                    regroup = True
                rows.add(int(p[n]))
            mine = mine or p[: len(self.prefix)] == self.prefix
        if regroup:
            self._figures.clear()
            self.rebuild()
            return
        # Scores are recomputed only for tables an edit touched, and then they are new objects:
        # an edit elsewhere (another project among 50) leaves this table as it is.
        table = self.table()
        rescored = table is not self._last_table
        self._last_table = table
        other = any(
            p[:1] in (("carried",), ("fiscal_year",), ("ruleset_id",), ("ruleset_content",)) for p in paths
        )
        if not (mine or rescored or other):
            return
        reset = edits.is_structural(edit) and self._touches_structure(edit)
        super()._on_changed(edit)
        if reset:
            return
        last = self.columnCount() - 1
        grown: set[int] = set()
        for r in rows:
            if 0 <= r < len(self._rows) - 1:  # the problems of one value depend on the other
                self.dataChanged.emit(self.index(r, 0), self.index(r, last))
                grown.add(r)
                grown.add(self._run_start(r))  # the 一级 cell's text (its weight sum) may grow
        if grown:
            self.texts_changed.emit(sorted(grown))

    def _run_start(self, row: int) -> int:
        while row > 0 and self._span_at.get((row, C_L1)) == 0:
            row -= 1
        return row
