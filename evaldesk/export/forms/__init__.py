"""The form builders (one module per form family) and their entry points: one :class:`Grid` per form.

The grids' types and formatting live in :mod:`evaldesk.export.form_layout`, which knows nothing of the
builders, so the import runs one way: ``forms`` → ``form_layout``.
"""

from __future__ import annotations

from evaldesk.core import model, scoring
from evaldesk.export.form_layout import Grid
from evaldesk.export.forms.basic import build_form1
from evaldesk.export.forms.selfeval import build_form2, build_form3


def form1(pkg: model.Package, sheet: scoring.ScoreSheet | None = None) -> Grid:
    """附件1 整体支出绩效评价基础数据表 (``sheet`` is unused today; kept for a uniform call)."""
    return build_form1(pkg, sheet)


def form2(pkg: model.Package, sheet: scoring.ScoreSheet | None) -> Grid:
    """附件2 整体支出绩效自评表; ``sheet`` from ``scoring.score_package(pkg)``."""
    return build_form2(pkg, sheet)


def form3(pkg: model.Package, project: model.Project, sheet: scoring.ScoreSheet | None) -> Grid:
    """附件3 项目支出绩效自评表 for ``project``."""
    return build_form3(pkg, project, sheet)


def all_forms(pkg: model.Package, sheet: scoring.ScoreSheet | None) -> list[Grid]:
    """附件1, 附件2 and one 附件3 per project, in package order."""
    return [form1(pkg, sheet), form2(pkg, sheet)] + [form3(pkg, p, sheet) for p in pkg.projects]


__all__ = ["all_forms", "form1", "form2", "form3"]
