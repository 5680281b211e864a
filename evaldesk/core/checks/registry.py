"""The registry of 审核 rules: small pure functions ``(pkg, ctx) -> Iterable[Finding]``.

A module registers a function with ``@rule("R2")``; several functions may share one rule id.
:func:`run_all` calls them in registration order, and turns a bug in one rule into a finding (rule
``BUG``) rather than losing the others, since a clerk's review must not crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from evaldesk.core import model
from evaldesk.core.findings import Finding, Location
from evaldesk.core.rulesets import RuleSet
from evaldesk.core.scoring import ScoreSheet

log = logging.getLogger(__name__)

# Every rule id with a one-line Chinese title, in report order (domain.md §4).
RULE_TITLES: dict[str, str] = {
    "RS": "评分规则集",
    "R1": "控制率（人员、楼堂馆所）与计算一致",
    "R2": "三公经费 = 公务用车 + 出国 + 公务接待",
    "R3": "公务用车购置和维护经费 = 购置 + 运行维护",
    "R4": "项目支出 = 各项目行合计",
    "R5": "公用经费其中各项合计不超过公用经费",
    "R6": "附件2 全年预算 = 按收入性质合计 = 按支出性质合计",
    "R7": "项目支出决算数不超过全年执行数",
    "R8": "公用经费决算不超过基本支出决算；人员经费不超过基本支出",
    "R9": "执行率与得分按公式计算",
    "R10": "附件3 全年执行数 = 附件1 同名项目决算数",
    "R11": "附件3 年初预算数 = 附件1 同名项目预算数",
    "R12": "分值、得分只填在“年度资金总额”行",
    "R13": "各级指标分值合计符合规定",
    "R14": "各项得分合计 = 总分",
    "R15": "指标得分符合计分规则",
    "R16": "须填写偏差原因分析及改进措施",
    "R17": "报告中的金额与表格一致",
    "R18": "年度一致、填报日期在评价年度之后",
    "R19": "报告中的数量、比率与指标实际完成值一致",
    "R20": "控制指标：决算不超预算、执行数不超预算、控制率不超100%",
    "R21": "同一笔资金在两处填写一致",
    "R22": "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金",
    "L1": "年度指标值的写法",
    "L2": "实际完成值的写法",
    "L3": "工作量指标不宜用“≤”",
    "L4": "报告标题编号",
    "L5": "表尾签字、联系电话、填报日期",
    "L6": "封面单位名称和日期",
    "L7": "空行和占位行",
    "L8": "与上年相同或从上年带入未确认的数据",
    "L9": "合计的组成项未填写",
    "BUG": "审核程序内部错误",
}


@dataclass
class Context:
    """What every rule may use besides the package: the score sheet, the rule set, the year."""

    pkg: model.Package
    sheet: ScoreSheet
    rs: RuleSet
    ruleset_problem: str = ""
    memo: dict[str, object] = field(default_factory=dict)  # shared computations between rules

    @property
    def year(self) -> int:
        return self.pkg.fiscal_year

    def money_severity(self, diff: Decimal) -> str | None:
        """``None`` when |diff| passes, else ``warning`` (≤ money_warn) or ``error`` (domain.md §4)."""
        d = abs(diff)
        if d <= self.rs.money_pass:
            return None
        return "warning" if d <= self.rs.money_warn else "error"


RuleFn = Callable[[model.Package, Context], Iterable[Finding]]


@dataclass(frozen=True)
class RegisteredRule:
    rule_id: str
    fn: RuleFn


_RULES: list[RegisteredRule] = []


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under ``rule_id`` (one of :data:`RULE_TITLES`)."""
    if rule_id not in RULE_TITLES:
        raise ValueError(f"unknown rule id {rule_id}")

    def deco(fn: RuleFn) -> RuleFn:
        _RULES.append(RegisteredRule(rule_id, fn))
        return fn

    return deco


def registered() -> list[RegisteredRule]:
    """The registered rule functions, in registration order."""
    return list(_RULES)


def run_all(pkg: model.Package, ctx: Context, only: Iterable[str] | None = None) -> list[Finding]:
    """Run every registered rule (or those in ``only``), in order."""
    wanted = set(only) if only is not None else None
    out: list[Finding] = []
    for r in _RULES:
        if wanted is not None and r.rule_id not in wanted:
            continue
        try:
            out.extend(r.fn(pkg, ctx))
        except Exception as e:  # a bug in one rule must not hide the others' findings
            log.exception("rule %s failed", r.rule_id)
            out.append(
                Finding(
                    "BUG",
                    "warning",
                    f"审核规则{r.rule_id}执行出错，结果可能不完整：{e!r}",
                    Location("package", label="审核"),
                    {"rule": r.rule_id},
                )
            )
    return out
