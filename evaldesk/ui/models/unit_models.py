"""单位信息 grids: 编制 by type, and 财政供养人员情况 (编制数 · 实际在职人数 · 控制率)."""

from __future__ import annotations

from evaldesk.core import derived
from evaldesk.core.cells import Cell
from evaldesk.ui.labels import short_name
from evaldesk.ui.models.grid_model import AnyIndex, GridModel

STAFF_PATH = ("unit", "staff_by_type")


class StaffByTypeModel(GridModel):
    """编制 by type: 编制类型 · 人数, one row per type."""

    structural_paths = (STAFF_PATH,)

    def build_rows(self) -> list[list[Cell]]:
        rows = []
        for i, line in enumerate(self.session.package.unit.staff_by_type):
            shown = short_name(line.kind) or f"第{i + 1}行"
            rows.append(
                [
                    Cell("text", path=(*STAFF_PATH, i, "kind"), label=f"编制类型（{shown}）"),
                    Cell("count", path=(*STAFF_PATH, i, "count"), label=f"“{shown}”人数"),
                ]
            )
        return rows

    def headers(self) -> list[str]:
        return ["编制类型", "人数"]

    def label_of(self, index: AnyIndex) -> str:
        lines = self.session.package.unit.staff_by_type
        if not 0 <= index.row() < len(lines):
            return super().label_of(index)
        shown = short_name(lines[index.row()].kind) or f"第{index.row() + 1}行"
        return f"编制类型（{shown}）" if index.column() == 0 else f"“{shown}”人数"

    def total(self) -> int | None:
        """Σ 编制 by type (None when no count is filled)."""
        counts = [s.count for s in self.session.package.unit.staff_by_type if s.count is not None]
        return sum(counts) if counts else None


class StaffingModel(GridModel):
    """附件1 财政供养人员情况（人）: 编制数 · {Y}年实际在职人数 · 控制率 (computed)."""

    def build_rows(self) -> list[list[Cell]]:
        year = self.session.package.fiscal_year
        return [
            [
                Cell("count", path=("unit", "staff_authorized"), label="编制数"),
                Cell("count", path=("unit", "staff_actual"), label=f"{year}年实际在职人数"),
                Cell(
                    "percent",
                    path=("unit", "control_rate_entered"),
                    label="控制率",
                    computed=lambda pkg: derived.control_rate(pkg.unit),
                ),
            ]
        ]

    def headers(self) -> list[str]:
        return ["编制数", f"{self.session.package.fiscal_year}年实际在职人数", "控制率"]
