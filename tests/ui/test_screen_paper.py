"""Screen = PDF = XLSX for every computed cell (docs/computed-figures.md), on the sample and a new package.

The window's grid models, the PDF's text and the XLSX's cells are held side by side, cell by cell, matched
by the edit path of the entered figure (the window's ``Cell.path`` and the grid's ``Cell.path``).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt

from evaldesk.core import jsonform, model, money, scoring
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft
from evaldesk.export import form_layout as gridmod
from evaldesk.export import forms, xlsx
from evaldesk.export.pdf import build
from evaldesk.export.xlsx.writer import TOP_ROWS, sheet_names
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.models.basic_model import BasicGridModel, BuildingModel
from evaldesk.ui.models.funding_models import ExpendModel, FundingTotalModel, IncomeModel
from evaldesk.ui.models.grid_model import COMPUTED_BG, GridModel
from evaldesk.ui.models.indicator_model import IndicatorModel
from evaldesk.ui.models.project_models import ProjectFundingModel
from evaldesk.ui.models.unit_models import StaffingModel

D = Decimal


def new_package() -> model.Package:
    """What a clerk has typed a few days into a new package: parts filled, totals left to EvalDesk."""
    pkg = model.Package(fiscal_year=2023)
    pkg.unit.name = "示例街道办事处"
    pkg.unit.staff_authorized, pkg.unit.staff_actual = 20, 18
    pkg.basic.rows["car_purchase"] = model.Triple(D("0"), D("0"), D("0"))
    pkg.basic.rows["car_running"] = model.Triple(D("3.2"), D("3"), D("2.95"))
    pkg.basic.rows["reception"] = model.Triple(D("0.4"), D("0.5"), D("0.31"))
    of = pkg.overall_funding
    of.total = model.FundingRow(initial=D("590"), full=D("595"), executed=D("580.5"))
    of.income_general, of.income_other = D("590"), D("5")
    of.expend_basic, of.expend_project = D("400"), D("195")
    pkg.overall.indicators = [
        model.Indicator(
            level1="产出指标",
            level2="数量指标",
            name="开展培训次数",
            target="≥4次",
            actual="5次",
            weight=D("50"),
        ),
        model.Indicator(
            level1="效益指标",
            level2="社会效益指标",
            name="群众安全意识",
            target="明显提升",
            actual="有所提升",
            weight=D("30"),
            score_entered=D("30"),
        ),
        model.Indicator(
            level1="满意度指标",
            level2="服务对象满意度指标",
            name="群众满意度",
            target="≥90%",
            actual="95%",
            weight=D("10"),
        ),
    ]
    project = model.Project(
        id="n1", name="社区安全宣传", department="示例区应急管理局", implementer="示例街道办事处"
    )
    project.funding.total = model.FundingRow(
        initial=D("20"), full=D("20"), executed=D("18"), rate_entered=D("95")
    )
    project.funding.current = model.FundingRow(
        initial=D("20"), full=D("20"), executed=D("18"), weight_entered=D("10")
    )
    project.performance.indicators = [
        model.Indicator(
            level1="产出指标",
            level2="数量指标",
            name="发放宣传册",
            target="≥1000份",
            actual="1200份",
            weight=D("50"),
        ),
        model.Indicator(
            level1="效益指标",
            level2="社会效益指标",
            name="宣传覆盖面",
            target="全覆盖",
            actual="",
            weight=D("30"),
            score_entered=D("28"),
        ),
    ]
    pkg.projects = [project]
    pkg.footer = model.Footer(leader="", preparer="王五", phone="0730-1234567", date=_dt.date(2024, 5, 6))
    return pkg


def screen_models(session: DocumentSession) -> list[GridModel]:
    pkg = session.package
    models: list[GridModel] = [
        StaffingModel(session),
        BasicGridModel(session),
        BuildingModel(session),
        FundingTotalModel(session),
        IncomeModel(session),
        ExpendModel(session),
        IndicatorModel(session, ("overall",)),
    ]
    for p in pkg.projects:
        models.append(ProjectFundingModel(session, p.id))
        models.append(IndicatorModel(session, ("projects", p.id, "performance")))
    return models


def screen_cells(session: DocumentSession) -> dict[tuple[Any, ...], dict[str, Any]]:
    """path → what the window shows in each computed (or must-stay-blank) cell."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for m in screen_models(session):
        for r in range(m.rowCount()):
            for c in range(m.columnCount()):
                idx = m.index(r, c)
                cell = m.cell(idx)
                stray = isinstance(m, ProjectFundingModel) and m.is_stray(idx)
                if cell.path is None or not (cell.is_computed or stray):
                    continue
                bg = idx.data(Qt.ItemDataRole.BackgroundRole)
                out[cell.path] = {
                    "value": None if stray else m.shown_value(idx),
                    "text": idx.data(),
                    "grey": bg is not None and bg.color() == COMPUTED_BG,
                    "entered_shown": m.shows_entered(idx),
                    "stray": stray,
                }
    return out


def paper_cells(pkg: model.Package) -> list[tuple[gridmod.Grid, gridmod.Cell]]:
    grids = forms.all_forms(pkg, scoring.score_package(pkg))
    return [(g, c) for g in grids for c in g.cells if c.role == "computed"]


def pdf_segments(pkg: model.Package, grids: list[gridmod.Grid]) -> dict[str, str]:
    """Each form's text as printed (its pages, whitespace removed)."""
    reader = PdfReader(io.BytesIO(build(pkg).data))
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in reader.pages]
    starts: list[int] = []
    at = 0
    for g in grids:
        title = re.sub(r"\s+", "", g.title)
        at = next(
            i for i in range(at, len(pages)) if title in pages[i] and g.name.replace(" ", "") in pages[i]
        )
        starts.append(at)
        at += 1
    ends = starts[1:] + [len(pages)]
    return {g.key: "".join(pages[s:e]) for g, s, e in zip(grids, starts, ends, strict=True)}


def xlsx_value(ws: Any, cell: gridmod.Cell) -> Decimal | None:
    v = ws.cell(row=TOP_ROWS + 1 + cell.row, column=1 + cell.col).value
    if v is None:
        return None
    d = D(str(v))
    return money.round_money(d * 100) if cell.fmt == "percent" else d


@pytest.mark.parametrize("which", ["sample", "new"])
def test_every_computed_cell_is_the_same_on_screen_pdf_and_xlsx(qtbot, tmp_path: Path, which: str) -> None:
    pkg = load_sample() if which == "sample" else new_package()
    draft = Draft.create(tmp_path / "d.evaldesk", pkg)
    session = DocumentSession(draft, remember=False)
    try:
        screen = screen_cells(session)
        pkg = session.package
        paper = paper_cells(pkg)
        grids = forms.all_forms(pkg, scoring.score_package(pkg))
        printed = pdf_segments(pkg, grids)
        wb = load_workbook(io.BytesIO(xlsx.render(pkg)))
        sheets = dict(zip((g.key for g in grids), sheet_names(pkg), strict=True))

        # Every computed figure the window shows is on paper, and paper computes nothing the window does not.
        assert {c.path for _, c in paper} == set(screen)
        for g, cell in paper:
            s = screen[cell.path]
            where = f"{g.key} {cell.path}"
            # the window's value = the grid's value = the XLSX cell; the PDF prints the grid's text
            assert cell.value == s["value"], where
            assert xlsx_value(wb[sheets[g.key]], cell) == cell.value, where
            if cell.text:
                assert cell.text.replace(" ", "") in printed[g.key], where
            if s["text"] and not s["stray"]:
                assert money.parse_amount(s["text"].rstrip("%")) == cell.value, where
            # A grey cell never shows an entered figure; paper says where a figure is the entered one.
            assert s["entered_shown"] == (cell.source == "entered"), where
            if s["entered_shown"]:
                assert not s["grey"], where
            # An entered figure that the cell does not print (disagreeing, or typed where none belongs)
            # is visible: red on screen, and in the note under the table on paper.
            if cell.entered is not None:
                assert f"填报值{gridmod.format_number(cell.entered, cell.fmt)}" in printed[g.key], where
    finally:
        session.close()
        draft.close()


def test_new_package_prints_the_totals_the_window_computes(qtbot, tmp_path: Path) -> None:
    """附件2's two 合计 were blank on paper although the window showed 595.00 (grey)."""
    pkg = new_package()
    draft = Draft.create(tmp_path / "d.evaldesk", pkg)
    session = DocumentSession(draft, remember=False)
    try:
        screen = screen_cells(session)
        for path in (("overall_funding", "income_total"), ("overall_funding", "expend_total")):
            assert screen[path]["text"] == "595.00" and screen[path]["grey"]
        g2 = forms.form2(pkg, scoring.score_package(pkg))
        totals = [
            c
            for c in g2.cells
            if c.path in (("overall_funding", "income_total"), ("overall_funding", "expend_total"))
        ]
        assert [c.text for c in totals] == ["595.00", "595.00"]
        data = xlsx.render(pkg)
        ws = load_workbook(io.BytesIO(data))["附件2"]
        assert [ws.cell(row=TOP_ROWS + 1 + c.row, column=1 + c.col).value for c in totals] == [595, 595]
        # Printed, yet still blank in the data: the workbook reads back as the package it came from.
        assert jsonform.dumps(xlsx.read_workbook(data)) == jsonform.dumps(pkg)
        # The unscorable 宣传覆盖面 (blank actual) shows its entered 28 on a white cell and prints 28.
        path = ("projects", "n1", "performance", "indicators", 1, "score_entered")
        assert screen[path]["text"] == "28.00" and not screen[path]["grey"]
    finally:
        session.close()
        draft.close()


@pytest.mark.parametrize("which", ["sample", "new"])
def test_the_score_panel_shows_the_totals_and_execution_scores_as_printed(
    qtbot, tmp_path: Path, which: str
) -> None:
    """The panel's 总分 and 执行率得分 are the PDF's and the XLSX's, digit for digit (``money.format_figure``)."""
    from evaldesk.ui.score_panel import ScorePanel

    pkg = load_sample() if which == "sample" else new_package()
    draft = Draft.create(tmp_path / "d.evaldesk", pkg)
    session = DocumentSession(draft, remember=False)
    panel = ScorePanel(session)
    qtbot.addWidget(panel)
    try:
        pkg = session.package
        grids = forms.all_forms(pkg, scoring.score_package(pkg))
        printed = pdf_segments(pkg, grids)
        wb = load_workbook(io.BytesIO(xlsx.render(pkg)))
        sheets = dict(zip((g.key for g in grids), sheet_names(pkg), strict=True))
        paper = {c.path: (g, c) for g, c in paper_cells(pkg)}
        tables = [("overall", ("overall",), ("overall_funding",))] + [
            (p.id, ("projects", p.id, "performance"), ("projects", p.id, "funding")) for p in pkg.projects
        ]
        compared = 0
        for key, perf, funding in tables:
            top = panel.item_for(key)
            assert top is not None
            for panel_text, path in (
                (top.text(1).split(" ")[0], (*perf, "total_score_entered")),
                (panel.item_for(key, "执行率").text(1).split("/")[0], (*funding, "total", "score_entered")),
            ):
                g, cell = paper[path]
                if cell.source != "computed":  # the panel shows what EvalDesk computes, or says it cannot
                    assert panel_text in ("未能计分", "—"), (key, path)
                    continue
                assert panel_text == cell.text == money.format_figure(cell.value, "score"), (key, path)
                assert cell.text in printed[g.key], (key, path)
                assert xlsx_value(wb[sheets[g.key]], cell) == D(panel_text), (key, path)
                compared += 1
        assert compared >= 2  # totals and 执行率 scores that EvalDesk computes, on both packages
        t = session.analysis.scores.overall
        shown = money.format_figure(t.total.value, "score") if t.total.value is not None else "—"
        assert panel.total.text() == f"整体  {shown}  {t.grade}"
    finally:
        session.close()
        draft.close()
