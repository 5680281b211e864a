"""附件1 经费控制情况 grid: the fixed rows, the 区级专项 / 上级转移支付 lines, and the 楼堂馆所 row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from evaldesk.core import derived, model
from evaldesk.core.cells import Cell
from evaldesk.ui.labels import short_name
from evaldesk.ui.models.grid_model import AnyIndex, GridModel

COLUMNS = derived.COLUMNS  # prev, budget, actual

# Fixed rows that EvalDesk computes from the rows under them.
COMPUTED_ROWS: dict[str, Callable[[model.BasicData, str], derived.Figure]] = {
    "sangong": derived.sangong,
    "car": derived.car,
    "project": derived.project_total,
}

LISTS = {"special": model.SPECIAL_HEADING, "transfer": model.TRANSFER_HEADING}


@dataclass(frozen=True)
class RowInfo:
    """What a grid row is: a fixed row (``key``), a list heading, or a line of a list (``list``, ``pos``)."""

    kind: str  # "fixed" | "heading" | "line"
    key: str = ""
    list: str = ""  # "special" | "transfer"
    pos: int = -1


def _basic_figure(
    fn: Callable[[model.BasicData, str], derived.Figure], col: str, pkg: model.Package
) -> derived.Figure:
    return fn(pkg.basic, col)


def _building_figure(fn: Callable[[model.Building], derived.Figure], pkg: model.Package) -> derived.Figure:
    return fn(pkg.basic.building)


class BasicGridModel(GridModel):
    """Columns: 项目 · {Y−1}年决算数 · {Y}年预算数 · {Y}年决算数."""

    structural_paths = (("basic", "special"), ("basic", "transfer"))

    def build_rows(self) -> list[list[Cell]]:
        pkg = self.session.package
        self.row_info: list[RowInfo] = []
        rows: list[list[Cell]] = []
        for key, label in model.BASIC_ROWS:
            rows.append(self._fixed_row(key, label))
            self.row_info.append(RowInfo("fixed", key=key))
            if key == "project_operation":
                for list_name, heading in LISTS.items():
                    rows.append([Cell("heading", text=heading)] + [Cell("heading") for _ in COLUMNS])
                    self.row_info.append(RowInfo("heading", list=list_name))
                    for pos in range(len(getattr(pkg.basic, list_name))):
                        rows.append(self._line_row(list_name, pos))
                        self.row_info.append(RowInfo("line", list=list_name, pos=pos))
        return rows

    def headers(self) -> list[str]:
        year = self.session.package.fiscal_year
        return ["项目"] + [derived.column_label(year, c) for c in COLUMNS]

    def _col_label(self, col: str) -> str:
        return derived.column_label(self.session.package.fiscal_year, col)

    def _fixed_row(self, key: str, label: str) -> list[Cell]:
        fn = COMPUTED_ROWS.get(key)
        shown = label.rstrip("：")
        out = [Cell("label", text=label)]
        for col in COLUMNS:
            out.append(
                Cell(
                    "amount",
                    path=("basic", "rows", key, col),
                    label=f"附件1“{shown}”{self._col_label(col)}",
                    computed=partial(_basic_figure, fn, col) if fn else None,
                )
            )
        return out

    def _line_row(self, list_name: str, pos: int) -> list[Cell]:
        line = getattr(self.session.package.basic, list_name)[pos]
        what = "区级专项" if list_name == "special" else "上级转移支付"
        shown = short_name(line.name) or f"第{pos + 1}个{what}"
        base = ("basic", list_name, pos)
        out = [Cell("text", path=(*base, "name"), label=f"附件1{what}“{shown}”的名称")]
        for col in COLUMNS:
            out.append(Cell("amount", path=(*base, col), label=f"附件1“{shown}”{self._col_label(col)}"))
        return out

    def label_of(self, index: AnyIndex) -> str:
        info = self.info(index.row())
        if info is None or info.kind != "line":
            return super().label_of(index)
        line = getattr(self.session.package.basic, info.list)[info.pos]
        what = "区级专项" if info.list == "special" else "上级转移支付"
        shown = short_name(line.name) or f"第{info.pos + 1}个{what}"
        if index.column() == 0:
            return f"附件1{what}“{shown}”的名称"
        return f"附件1“{shown}”{self._col_label(COLUMNS[index.column() - 1])}"

    def info(self, row: int) -> RowInfo | None:
        return self.row_info[row] if 0 <= row < len(self.row_info) else None

    def row_of(self, list_name: str, pos: int) -> int:
        """The grid row showing line ``pos`` of ``list_name`` (or its heading when ``pos`` is −1)."""
        for r, info in enumerate(self.row_info):
            if info.list == list_name and info.pos == pos:
                return r
        return -1

    def computed_rows(self) -> list[int]:
        return [
            r for r, info in enumerate(self.row_info) if info.kind == "fixed" and info.key in COMPUTED_ROWS
        ]


class BuildingModel(GridModel):
    """楼堂馆所控制情况（Y年完工项目）: one value row; the two rates are computed."""

    FIELDS = (
        ("approved_area", "批复规模（m²）", "amount", None),
        ("actual_area", "实际规模（m²）", "amount", None),
        ("area_rate_entered", "规模控制率", "percent", derived.area_rate),
        ("budget_invest", "预算投资（万元）", "amount", None),
        ("actual_invest", "实际投资（万元）", "amount", None),
        ("invest_rate_entered", "投资概算控制率", "percent", derived.invest_rate),
    )

    def build_rows(self) -> list[list[Cell]]:
        row = []
        for key, label, kind, fn in self.FIELDS:
            row.append(
                Cell(
                    kind,
                    path=("basic", "building", key),
                    label=f"附件1楼堂馆所“{label}”",
                    computed=partial(_building_figure, fn) if fn else None,
                )
            )
        return [row]

    def headers(self) -> list[str]:
        return [label for _, label, _, _ in self.FIELDS]
