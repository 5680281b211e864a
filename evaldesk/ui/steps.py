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
from evaldesk.core.progress import basic_started, export_started, overall_started, report_started
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.pages.basic_page import BasicPage
from evaldesk.ui.pages.export_page import ExportPage
from evaldesk.ui.pages.funding_page import FundingPage
from evaldesk.ui.pages.projects_page import ProjectsPage
from evaldesk.ui.pages.report_page import ReportPage
from evaldesk.ui.pages.review_page import ReviewPage
from evaldesk.ui.pages.unit_page import UnitPage

PageFactory = Callable[[DocumentSession], QWidget]


@dataclass(frozen=True)
class StepSpec:
    """One navigator step: ``parts`` are the ``Finding.location.part`` values its state counts.

    ``started`` says whether the clerk has entered anything for the step yet; a step not started
    shows ○ (not ✓) in the navigator. ``None``: always counts as started. ``whole``: the step is ✓
    only when the whole package has no open error (导出).
    """

    key: str
    title: str
    parts: tuple[str, ...]
    factory: PageFactory
    started: Callable[[model.Package], bool] | None = None
    whole: bool = False


STEPS: list[StepSpec] = [
    StepSpec("unit", "单位信息", ("unit",), UnitPage),
    StepSpec("basic", "基础数据表", ("basic",), BasicPage, basic_started),
    StepSpec("overall", "整体支出自评", ("overall",), FundingPage, overall_started),
    StepSpec(
        "projects",
        "项目支出自评",
        ("project",),
        ProjectsPage,
        lambda pkg: bool(pkg.projects),
    ),
    StepSpec(
        "report",
        "自评报告",
        ("report",),
        ReportPage,
        report_started,
    ),
    StepSpec("review", "审核", PARTS, ReviewPage),
    StepSpec("export", "导出", ("package",), ExportPage, export_started, whole=True),
]


def step_index(key: str) -> int:
    """The position of step ``key`` in :data:`STEPS`."""
    for i, s in enumerate(STEPS):
        if s.key == key:
            return i
    raise KeyError(key)
