"""附件3 项目资金 grid of one project: 年度资金总额 and its 其中 rows.

Columns as the form: (row) · 年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 自评得分. 执行率 is
computed on every row (grey; an entered figure that disagrees is outlined red). 分值 and 得分 belong to
the 年度资金总额 row only: on the 其中 rows the cells stay empty, and a figure found there (an import
of a form that has one) is flagged red, to be cleared with Delete.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from evaldesk.core import derived, model, money, rulesets
from evaldesk.core.cells import Cell
from evaldesk.core.errors import InputError
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.labels import short_name
from evaldesk.ui.models.grid_model import (
    COMPUTED_BG,
    MISMATCH_FG,
    MISMATCH_ROLE,
    AnyIndex,
    GridModel,
)

ROWS: tuple[tuple[str, str], ...] = (
    ("total", "年度资金总额"),
    ("current", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
HEADERS = ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "自评得分")
STRAY_MESSAGE = "分值和自评得分只填在“年度资金总额”行，“其中”各行不填。"


class ProjectFundingModel(GridModel):
    """The funding block of the project ``project_id`` (switched with :meth:`set_project`)."""

    def __init__(self, session: DocumentSession, project_id: str = "", parent: Any = None) -> None:
        self.project_id = project_id
        self._stray: set[tuple[int, int]] = set()
        super().__init__(session, parent)

    def set_project(self, project_id: str) -> None:
        self.project_id = project_id
        self.rebuild()

    def project(self) -> model.Project | None:
        v = self.session.value(("projects", self.project_id)) if self.project_id else None
        return v if isinstance(v, model.Project) else None

    def headers(self) -> list[str]:
        return list(HEADERS)

    def build_rows(self) -> list[list[Cell]]:
        self._stray = set()
        if self.project() is None:
            return []
        base = ("projects", self.project_id, "funding")
        rows = []
        for r, (key, label) in enumerate(ROWS):
            p = (*base, key)
            row = [
                Cell("label", text=label),
                Cell("amount", path=(*p, "initial")),
                Cell("amount", path=(*p, "full")),
                Cell("amount", path=(*p, "executed")),
            ]
            rate = Cell("percent", path=(*p, "rate_entered"), computed=partial(self._rate, key))
            if key == "total":
                row += [
                    Cell("score", path=(*p, "weight_entered"), computed=self._weight),
                    rate,
                    Cell("score", path=(*p, "score_entered"), computed=self._score),
                ]
            else:
                row += [
                    Cell("score", path=(*p, "weight_entered")),
                    rate,
                    Cell("score", path=(*p, "score_entered")),
                ]
                self._stray |= {(r, 4), (r, 6)}
            rows.append(row)
        return rows

    # -- computed ------------------------------------------------------------------------------
    def _row(self, key: str) -> model.FundingRow:
        p = self.project()
        return getattr(p.funding, key) if p is not None else model.FundingRow()

    def _rate(self, key: str, _pkg: model.Package) -> derived.Figure:
        return derived.execution_rate(self._row(key))

    def _weight(self, pkg: model.Package) -> derived.Figure:
        rs, _ = rulesets.of_package(pkg)
        return derived.Figure(
            rs.execution_weight, f"预算执行率分值 = {money.format_points(rs.execution_weight)}（{rs.name}）"
        )

    def _score(self, _pkg: model.Package) -> derived.Figure:
        sheet = self.session.analysis.scores
        ts = sheet.projects.get(self.project_id) if sheet is not None else None
        if ts is None:
            return derived.Figure(None, "评分暂不可用")
        s = ts.funding.score
        return derived.Figure(s.value, s.trace)

    # -- the 其中 rows' 分值/得分 --------------------------------------------------------------------
    def is_stray(self, index: AnyIndex) -> bool:
        return (index.row(), index.column()) in self._stray

    def _data(self, index: AnyIndex, role: int) -> Any:
        if self.is_stray(index):
            filled = self.stored(index) is not None
            R = Qt.ItemDataRole
            if role == R.BackgroundRole:
                return None if filled else QBrush(COMPUTED_BG)
            if role == R.ForegroundRole and filled:
                return QBrush(MISMATCH_FG)
            if role == MISMATCH_ROLE:
                return filled
            if role == R.ToolTipRole:
                return f"{STRAY_MESSAGE}这里填了数，请按Delete清除。" if filled else STRAY_MESSAGE
        return super()._data(index, role)

    def parse(self, index: AnyIndex, text: str) -> Any:
        if self.is_stray(index):
            if text.strip():
                raise InputError(STRAY_MESSAGE)
            return None
        return super().parse(index, text)

    def label_of(self, index: AnyIndex) -> str:
        p = self.project()
        name = short_name(p.name if p is not None else "") or "未命名项目"
        r, c = index.row(), index.column()
        if not (0 <= r < len(ROWS)) or c == 0:
            return f"附件3“{name}”"
        return f"附件3“{name}”{ROWS[r][1].removeprefix('其中：')}{HEADERS[c]}"
