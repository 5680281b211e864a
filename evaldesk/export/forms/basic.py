"""附件1 整体支出绩效评价基础数据表 as a grid (forms.md, block by block).

Seven columns: a wide label column, then six narrow ones. The three 经费 columns and the three
财政供养 columns each take two narrow columns; 楼堂馆所 uses all six.
"""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import derived, model, rulesets, scoring
from evaldesk.export.form_layout import Grid, footer_fields
from evaldesk.export.forms import derived_view
from evaldesk.export.forms.common import Builder

COL_WIDTHS: tuple[float, ...] = (54, 17, 17, 17, 17, 17, 17)
NOTE = (
    "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"
)

# 经费控制情况 rows whose figures are sums of the rows under them (R2–R4).
COMPUTED_ROWS = frozenset({"sangong", "car", "project"})


def build_form1(pkg: model.Package, sheet: scoring.ScoreSheet | None = None) -> Grid:  # noqa: ARG001 - the forms' common signature
    """The 附件1 grid of ``pkg`` (``sheet`` is not needed: 附件1 holds no scores)."""
    y = pkg.fiscal_year
    b = Builder(rulesets.resolve(pkg.ruleset_id)[0])
    d = derived_view.basic(pkg)

    b.label(0, 0, "预算单位名称")
    b.text(0, 1, pkg.unit.name, colspan=6)

    b.block(1, 0, "财政供养人员情况（人）", rowspan=2)
    b.header(1, 1, "编制数", colspan=2)
    b.header(1, 3, f"{y}年实际在职人数", colspan=2)
    b.header(1, 5, "控制率", colspan=2)
    b.number(2, 1, pkg.unit.staff_authorized, "int", colspan=2)
    b.number(2, 3, pkg.unit.staff_actual, "int", colspan=2)
    b.computed(
        2,
        5,
        d.control_rate,
        pkg.unit.control_rate_entered,
        "percent",
        colspan=2,
        path=("unit", "control_rate_entered"),
        what="控制率",
    )

    head = 3
    b.block(head, 0, "经费控制情况（万元）")
    b.header(head, 1, f"{y - 1}年决算数", colspan=2)
    b.header(head, 3, f"{y}年预算数", colspan=2)
    b.header(head, 5, f"{y}年决算数", colspan=2)
    r = head + 1
    for key in model.BASIC_ROW_KEYS:
        t = pkg.basic.row(key)
        b.label(r, 0, model.BASIC_ROW_LABELS[key])
        computed = d.totals.get(key) if key in COMPUTED_ROWS else None
        for i, (entered, comp) in enumerate(_columns(t, computed)):
            if key in COMPUTED_ROWS:
                col = derived.COLUMNS[i]
                b.computed(
                    r,
                    1 + 2 * i,
                    comp,
                    entered,
                    "amount",
                    colspan=2,
                    path=("basic", "rows", key, col),
                    what=f"“{model.BASIC_ROW_LABELS[key].rstrip('：')}”{derived.column_label(y, col)}",
                )
            else:
                b.number(r, 1 + 2 * i, entered, "amount", colspan=2)
        r += 1
        if key == "project_operation":
            r = _named_lines(b, r, model.SPECIAL_HEADING, pkg.basic.special)
            r = _named_lines(b, r, model.TRANSFER_HEADING, pkg.basic.transfer)

    bld = pkg.basic.building
    b.block(r, 0, f"楼堂馆所控制情况（{y}年完工项目）", rowspan=2)
    for i, h in enumerate(
        (
            "批复规模（m²）",
            "实际规模（m²）",
            "规模控制率",
            "预算投资（万元）",
            "实际投资（万元）",
            "投资概算控制率",
        )
    ):
        b.header(r, 1 + i, h)
    r += 1
    b.number(r, 1, bld.approved_area, "score")
    b.number(r, 2, bld.actual_area, "score")
    b.computed(
        r,
        3,
        d.area_rate,
        bld.area_rate_entered,
        "percent",
        path=("basic", "building", "area_rate_entered"),
        what="规模控制率",
    )
    b.number(r, 4, bld.budget_invest, "amount")
    b.number(r, 5, bld.actual_invest, "amount")
    b.computed(
        r,
        6,
        d.invest_rate,
        bld.invest_rate_entered,
        "percent",
        path=("basic", "building", "invest_rate_entered"),
        what="投资概算控制率",
    )
    r += 1

    b.label(r, 0, "厉行节约保障措施")
    b.label(r, 1, "节约型机关制度措施", colspan=2)
    b.text(r, 3, pkg.basic.frugality, colspan=4)

    f = pkg.footer
    return Grid(
        label="附件1",
        title=f"{y}年度预算单位整体支出绩效评价基础数据表",
        col_widths=COL_WIDTHS,
        cells=b.cells,
        header_rows=1,
        header_start=head,
        footer=footer_fields(f.leader, f.preparer, f.phone, f.date),
        notes=(NOTE, *b.notes()),
        key="form1",
    )


def _columns(t: model.Triple, computed: model.Triple | None) -> list[tuple[Decimal | None, Decimal | None]]:
    """(entered, computed) for the three columns Y−1年决算数 · Y年预算数 · Y年决算数."""
    c = computed or model.Triple()
    return [(t.prev, c.prev), (t.budget, c.budget), (t.actual, c.actual)]


def _named_lines(b: Builder, r: int, heading: str, lines: list[model.NamedLine]) -> int:
    """A heading row (blank figures), then one row per 专项; returns the next free row."""
    b.label(r, 0, heading)
    for i in range(3):
        b.text(r, 1 + 2 * i, "", colspan=2)
    r += 1
    for line in lines:
        b.label(r, 0, line.name)
        for i, v in enumerate((line.prev, line.budget, line.actual)):
            b.number(r, 1 + 2 * i, v, "amount", colspan=2)
        r += 1
    return r
