"""附件2 年度预算申请 grids: 年度资金总额, 按收入性质分, 按支出性质分 (and 人员经费)."""

from __future__ import annotations

from evaldesk.core import derived, model, money, rulesets
from evaldesk.core.cells import Cell
from evaldesk.ui.models.grid_model import GridModel

FUNDING = ("overall_funding",)
TOTAL = (*FUNDING, "total")


class FundingTotalModel(GridModel):
    """年度资金总额: 年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 自评得分."""

    def build_rows(self) -> list[list[Cell]]:
        def lab(name: str) -> str:
            return f"附件2年度资金总额“{name}”"

        return [
            [
                Cell("label", text="年度资金总额"),
                Cell("amount", path=(*TOTAL, "initial"), label=lab("年初预算数")),
                Cell("amount", path=(*TOTAL, "full"), label=lab("全年预算数")),
                Cell("amount", path=(*TOTAL, "executed"), label=lab("全年执行数")),
                Cell("score", path=(*TOTAL, "weight_entered"), label=lab("分值"), computed=self._weight),
                Cell(
                    "percent",
                    path=(*TOTAL, "rate_entered"),
                    label=lab("执行率"),
                    computed=lambda pkg: derived.execution_rate(pkg.overall_funding.total),
                ),
                Cell("score", path=(*TOTAL, "score_entered"), label=lab("自评得分"), computed=self._score),
            ]
        ]

    def headers(self) -> list[str]:
        return ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "自评得分"]

    @staticmethod
    def _weight(pkg: model.Package) -> derived.Figure:
        rs, _ = rulesets.of_package(pkg)
        return derived.Figure(
            rs.execution_weight, f"预算执行率分值 = {money.format_points(rs.execution_weight)}（{rs.name}）"
        )

    def _score(self, pkg: model.Package) -> derived.Figure:
        sheet = self.session.analysis.scores
        if sheet is None:
            return derived.Figure(None, "评分暂不可用")
        s = sheet.overall.funding.score
        return derived.Figure(s.value, s.trace)


class SplitModel(GridModel):
    """A vertical block: the computed total row, then the 其中 rows (label · 金额)."""

    TITLE = ""
    TOTAL_FIELD = ""
    TOTAL_FIG = staticmethod(derived.income_sum)
    PARTS: tuple[tuple[str, str], ...] = ()
    EXTRA: tuple[tuple[str, str], ...] = ()

    def build_rows(self) -> list[list[Cell]]:
        fig = type(self).TOTAL_FIG
        rows = [
            [
                Cell("label", text="合计"),
                Cell(
                    "amount",
                    path=(*FUNDING, self.TOTAL_FIELD),
                    label=f"附件2“{self.TITLE}”合计",
                    computed=lambda pkg: fig(pkg.overall_funding),
                ),
            ]
        ]
        for i, (key, label) in enumerate(self.PARTS):
            text = f"其中：{label}" if i == 0 else label
            rows.append(
                [Cell("label", text=text), Cell("amount", path=(*FUNDING, key), label=f"附件2“{label}”")]
            )
        for key, label in self.EXTRA:
            rows.append(
                [Cell("label", text=label), Cell("amount", path=(*FUNDING, key), label=f"附件2“{label}”")]
            )
        return rows

    def headers(self) -> list[str]:
        return [self.TITLE, "金额（万元）"]


class IncomeModel(SplitModel):
    TITLE = "按收入性质分"
    TOTAL_FIELD = "income_total"
    TOTAL_FIG = staticmethod(derived.income_sum)
    PARTS = (
        ("income_general", "一般公共预算"),
        ("income_fund", "政府性基金拨款"),
        ("income_nontax", "纳入专户管理的非税收入拨款"),
        ("income_other", "其他资金"),
    )


class ExpendModel(SplitModel):
    TITLE = "按支出性质分"
    TOTAL_FIELD = "expend_total"
    TOTAL_FIG = staticmethod(derived.expend_sum)
    PARTS = (("expend_basic", "基本支出"), ("expend_project", "项目支出"))
    EXTRA = (("personnel", "基本支出中：人员经费"),)
