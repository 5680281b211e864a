"""附件2 整体支出绩效自评表 and 附件3 项目支出绩效自评表 as grids (forms.md).

Nine columns, the indicator table's: block label · 一级 · 二级 · 三级 · 年度指标值 · 实际完成值 · 分值 ·
自评得分 · 偏差原因分析及改进措施. The funding block maps onto them as (row label over 一级+二级) ·
年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 自评得分.
"""

from __future__ import annotations

from decimal import Decimal

from evaldesk.core import derived, edits, indicator_table, model, money, rulesets, scoring
from evaldesk.export.form_layout import Grid, footer_fields
from evaldesk.export.forms import derived_view
from evaldesk.export.forms.common import Builder

COL_WIDTHS: tuple[float, ...] = (9, 14, 20.5, 33, 15, 15, 10, 13, 26.5)
FUNDING_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "自评得分")
PROJECT_FUNDING_ROWS = (
    ("current", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)


def _no_score() -> scoring.FundingScore:
    return scoring.FundingScore(None, "", scoring.Score(None, None, ""))


def build_form2(pkg: model.Package, sheet: scoring.ScoreSheet | None) -> Grid:
    """The 附件2 grid of ``pkg``; computed figures come from ``sheet`` (``None``: print as entered)."""
    y = pkg.fiscal_year
    table = sheet.overall if sheet else None
    rs, _ = rulesets.of_package(pkg)
    b = Builder(rs)
    b.label(0, 0, "预算单位名称", colspan=3)
    b.text(0, 3, pkg.unit.name, colspan=6)

    of = pkg.overall_funding
    b.block(1, 0, "年度预算申请（万元）", rowspan=7)
    _funding_header(b, 1)
    top: edits.Path = ("overall_funding", "total")
    _funding_total(b, 2, of.total, table.funding if table else None, rs.execution_weight, top, "年度资金总额")
    # The two 合计 are sums of their 其中 rows: computed, as the window shows them.
    b.label(3, 1, "按收入性质分：", colspan=3)
    b.computed(
        3,
        4,
        derived.income_sum(of).value,
        of.income_total,
        "amount",
        path=("overall_funding", "income_total"),
        what="按收入性质分合计",
    )
    b.label(3, 5, "按支出性质分：", colspan=3)
    b.computed(
        3,
        8,
        derived.expend_sum(of).value,
        of.expend_total,
        "amount",
        path=("overall_funding", "expend_total"),
        what="按支出性质分合计",
    )
    pairs = (
        (("其中：一般公共预算", of.income_general), ("其中：基本支出", of.expend_basic)),
        (("政府性基金拨款", of.income_fund), ("项目支出", of.expend_project)),
        (("纳入专户管理的非税收入拨款", of.income_nontax), None),
        (("其他资金", of.income_other), None),
    )
    for i, (left, right) in enumerate(pairs):
        r = 4 + i
        b.label(r, 1, left[0], colspan=3)
        b.number(r, 4, left[1], "amount")
        if right:
            b.label(r, 5, right[0], colspan=3)
            b.number(r, 8, right[1], "amount")
        else:
            b.text(r, 5, "", colspan=3)
            b.text(r, 8, "")
    head = _performance(b, 8, pkg.overall, table, rs, ("overall",))
    return _grid(pkg, "附件2", f"{y}年度预算单位整体支出绩效自评表", b, head, "form2", "")


def build_form3(pkg: model.Package, project: model.Project, sheet: scoring.ScoreSheet | None) -> Grid:
    """The 附件3 grid of ``project``."""
    y = pkg.fiscal_year
    table = sheet.projects.get(project.id) if sheet else None
    rs, _ = rulesets.of_package(pkg)
    b = Builder(rs)
    base: edits.Path = ("projects", project.id)
    b.label(0, 0, "项目支出名称", colspan=3)
    b.text(0, 3, project.name, colspan=6)
    b.label(1, 0, "主管部门", colspan=3)
    b.text(1, 3, project.department, colspan=2)
    b.label(1, 5, "实施单位", colspan=2)
    b.text(1, 7, project.implementer, colspan=2)

    pf = project.funding
    b.block(2, 0, "项目资金（万元）", rowspan=1 + 1 + len(PROJECT_FUNDING_ROWS))
    _funding_header(b, 2)
    _funding_total(
        b,
        3,
        pf.total,
        table.funding if table else None,
        rs.execution_weight,
        (*base, "funding", "total"),
        "年度资金总额",
    )
    for i, (key, label) in enumerate(PROJECT_FUNDING_ROWS):
        r = 4 + i
        row: model.FundingRow = getattr(pf, key)
        fs = table.funding_rows.get(key) if table else None
        b.label(r, 1, label, colspan=2)
        b.number(r, 3, row.initial, "amount")
        b.number(r, 4, row.full, "amount")
        b.number(r, 5, row.executed, "amount")
        # 分值/得分 belong to 年度资金总额 only (R12): a figure typed here is carried, not printed.
        p = (*base, "funding", key)
        what = label.removeprefix("其中：")
        b.stray(r, 6, row.weight_entered, "score", path=(*p, "weight_entered"), what=f"{what}分值")
        b.computed(
            r,
            7,
            fs.rate if fs else None,
            row.rate_entered,
            "percent",
            path=(*p, "rate_entered"),
            what=f"{what}执行率",
        )
        b.stray(r, 8, row.score_entered, "score", path=(*p, "score_entered"), what=f"{what}自评得分")
    head = _performance(
        b, 4 + len(PROJECT_FUNDING_ROWS), project.performance, table, rs, (*base, "performance")
    )
    return _grid(pkg, "附件3", f"{y}年度项目支出绩效自评表", b, head, f"form3:{project.id}", project.name)


def _grid(pkg: model.Package, label: str, title: str, b: Builder, head: int, key: str, name: str) -> Grid:
    f = pkg.footer
    return Grid(
        label=label,
        title=title,
        col_widths=COL_WIDTHS,
        cells=b.cells,
        header_rows=1,
        header_start=head,
        footer=footer_fields(f.leader, f.preparer, f.phone, f.date),
        notes=b.notes(),
        key=key,
        name=name,
    )


def _funding_header(b: Builder, r: int) -> None:
    b.header(r, 1, "", colspan=2)
    for i, h in enumerate(FUNDING_HEADERS):
        b.header(r, 3 + i, h)


def _funding_total(
    b: Builder,
    r: int,
    row: model.FundingRow,
    fs: scoring.FundingScore | None,
    weight: Decimal,
    path: edits.Path,
    what: str,
) -> None:
    """The 年度资金总额 row: amounts, then 分值 · 执行率 · 自评得分 (computed, entered kept)."""
    fs = fs or _no_score()
    b.label(r, 1, "年度资金总额", colspan=2)
    b.number(r, 3, row.initial, "amount")
    b.number(r, 4, row.full, "amount")
    b.number(r, 5, row.executed, "amount")
    w = fs.score.max if fs.score.max is not None else weight
    b.computed(r, 6, w, row.weight_entered, "score", path=(*path, "weight_entered"), what=f"{what}分值")
    b.computed(r, 7, fs.rate, row.rate_entered, "percent", path=(*path, "rate_entered"), what=f"{what}执行率")
    b.computed(
        r,
        8,
        fs.score.value,
        row.score_entered,
        "score",
        path=(*path, "score_entered"),
        what=f"{what}自评得分",
    )


def _performance(
    b: Builder,
    r: int,
    perf: model.Performance,
    table: scoring.TableScore | None,
    rs: rulesets.RuleSet,
    prefix: edits.Path,
) -> int:
    """年度总体目标, 绩效指标 and 总分 from row ``r``; returns the row of the indicator header."""
    b.block(r, 0, "年度总体目标", rowspan=2)
    b.header(r, 1, "预期目标", colspan=4)
    b.header(r, 5, "实际完成情况", colspan=4)
    b.text(r + 1, 1, perf.goal_expected, colspan=4)
    b.text(r + 1, 5, perf.goal_actual, colspan=4)

    head = r + 2
    inds = perf.indicators
    b.block(head, 0, "绩效指标", rowspan=1 + len(inds))
    for i, h in enumerate(indicator_table.COLUMNS):
        b.header(head, 1 + i, h)
    scores = {s.index: s for s in table.indicators} if table else {}
    weights = rs.level1
    first = head + 1
    for level, start, end in indicator_table.heading_runs(inds):
        if level == 1:
            name = inds[start].level1
            w = weights.get(name)
            text = f"{name}（{money.format_points(w)}分）" if name and w is not None else name
        else:
            text = inds[start].level2
        # 一级 prints in column 1 and 二级 in column 2, right after the block label.
        b.label(first + start, level, text, rowspan=end - start, align="center")
    for i, ind in enumerate(inds):
        row = first + i
        sc = scores.get(i)
        b.text(row, 3, ind.name)
        b.text(row, 4, ind.target, align="center")
        b.text(row, 5, ind.actual, align="center")
        b.number(row, 6, ind.weight, "score")
        b.computed(
            row,
            7,
            sc.final.value if sc else None,
            ind.score_entered,
            "score",
            path=(*prefix, "indicators", i, "score_entered"),
            what=f"“{ind.name or f'第{i + 1}项指标'}”自评得分",
        )
        b.text(row, 8, ind.deviation)

    r = first + len(inds)
    b.label(r, 0, "总分", colspan=6, align="center")
    total = table.total if table else None
    w_exec = table.funding.score.max if table and table.funding.score.max is not None else rs.execution_weight
    b.computed(
        r,
        6,
        derived_view.weight_total(w_exec, inds),
        perf.total_weight_entered,
        "score",
        path=(*prefix, "total_weight_entered"),
        what="总分行分值",
    )
    b.computed(
        r,
        7,
        total.value if total else None,
        perf.total_score_entered,
        "score",
        path=(*prefix, "total_score_entered"),
        what="总分",
    )
    b.text(r, 8, "")
    return head
