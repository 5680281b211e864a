"""The step registry: the navigator's steps in order, each with its title, finding parts and page factory.

To add or replace a step's page, change its factory here; a factory takes the ``DocumentSession`` and
returns a widget (ideally a :class:`~evaldesk.ui.pages.base.Page`, which offers ``focus_path``).
Pages are created the first time their step is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from evaldesk.core import model
from evaldesk.core.findings import PARTS
from evaldesk.ui.pages.basic_page import BasicPage
from evaldesk.ui.pages.funding_page import FundingPage
from evaldesk.ui.pages.placeholder import placeholder
from evaldesk.ui.pages.unit_page import UnitPage
from evaldesk.ui.progress import basic_started, overall_started, report_started
from evaldesk.ui.session import DocumentSession

PageFactory = Callable[[DocumentSession], QWidget]


@dataclass(frozen=True)
class StepSpec:
    """One navigator step: ``parts`` are the ``Finding.location.part`` values its state counts.

    ``started`` says whether the clerk has entered anything for the step yet; a step not started
    shows ○ (not ✓) in the navigator. ``None``: always counts as started.
    """

    key: str
    title: str
    parts: tuple[str, ...]
    factory: PageFactory
    started: Callable[[model.Package], bool] | None = None


STEPS: list[StepSpec] = [
    StepSpec("unit", "单位信息", ("unit",), UnitPage),
    StepSpec("basic", "基础数据表", ("basic",), BasicPage, basic_started),
    StepSpec("overall", "整体支出自评", ("overall",), FundingPage, overall_started),
    StepSpec(
        "projects",
        "项目支出自评",
        ("project",),
        placeholder("项目支出自评", "附件3 项目支出绩效自评表（每个项目一张）将在这里填写。"),
        lambda pkg: bool(pkg.projects),
    ),
    StepSpec(
        "report",
        "自评报告",
        ("report",),
        placeholder("自评报告", "自评报告正文（一至十部分）将在这里编写。"),
        report_started,
    ),
    StepSpec(
        "review", "审核", PARTS, placeholder("审核", "全部审核结果将在这里列出，点击可跳到对应单元格。")
    ),
    StepSpec("export", "导出", ("package",), placeholder("导出", "导出PDF、Excel和上传包将在这里进行。")),
]


def step_index(key: str) -> int:
    """The position of step ``key`` in :data:`STEPS`."""
    for i, s in enumerate(STEPS):
        if s.key == key:
            return i
    raise KeyError(key)
