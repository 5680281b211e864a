"""XLSX export → import gives back the same package (attachments aside), and edits made in Excel win."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from evaldesk.core import jsonform, model, sample
from evaldesk.export.forms import derived_view
from evaldesk.export.xlsx import XlsxOptions, read_workbook, records, render
from evaldesk.export.xlsx.context import Ctx
from evaldesk.export.xlsx.sheetdata import load_sheets
from tests.strategies import packages


def _dump(pkg: model.Package) -> str:
    pkg = copy.deepcopy(pkg)
    pkg.attachments = []  # scanned pages are not put in a workbook
    return jsonform.dumps(pkg)


def _records(data: bytes) -> list[records.Record]:
    sheet = next(s for s in load_sheets(data) if s.name == records.SHEET_NAME)
    return records.parse(sheet, Ctx())


@pytest.fixture(scope="module")
def sample_xlsx() -> bytes:
    return render(sample.load_sample())


def test_sample_round_trips_exactly(sample_xlsx: bytes) -> None:
    assert jsonform.dumps(read_workbook(sample_xlsx)) == jsonform.dumps(sample.load_sample())


def test_sample_needs_only_cell_level_records(sample_xlsx: bytes) -> None:
    """The visible forms carry the sample; the hidden sheet holds only what they cannot show."""
    recs = _records(sample_xlsx)
    assert not [r for r in recs if r.kind == "整表"]
    assert [(r.suffix, r.value) for r in recs if r.kind == "附加" and not r.sheet] == [
        (("ruleset_id",), "hunan")
    ]
    # the 执行率 90% typed on 附件3 under the computed 100%, and the 分值 10 typed on a 其中 row
    by_cell = {(r.sheet, r.coord): r for r in recs if r.kind == "原值"}
    assert by_cell[("附件3-业务工作经费", "H6")].value == "90"
    assert by_cell[("附件3-业务工作经费", "G7")].value == "10"
    # the empty indicator row of the 附件3 is an item, not a spacer
    assert [(r.sheet, r.coord) for r in recs if r.kind == "空行"] == [("附件3-业务工作经费", "A25")]


def test_visible_forms_alone_give_the_tables() -> None:
    pkg = sample.load_sample()
    back = read_workbook(render(pkg, XlsxOptions(round_trip=False)))
    assert back.fiscal_year == 2023 and back.ruleset_id == "mof2020"
    assert back.unit.name == "岳阳楼区应急管理局"
    assert (back.unit.staff_authorized, back.unit.staff_actual) == (49, 47)
    # the visible form prints computed figures; imported they are the "entered" ones (R1–R4 then agree)
    d = derived_view.basic(pkg)
    assert back.unit.control_rate_entered == d.control_rate == Decimal("95.92")
    for key, row in pkg.basic.rows.items():
        assert back.basic.rows[key] == d.totals.get(key, row)
    assert back.basic.rows["project"].actual == Decimal("1194.57")  # the sample printed 1194.6
    assert [line.name for line in back.basic.special] == [line.name for line in pkg.basic.special]
    assert back.basic.transfer == pkg.basic.transfer
    assert back.overall_funding == pkg.overall_funding
    assert back.overall.indicators == pkg.overall.indicators
    assert back.unit.functions == pkg.unit.functions and back.report == pkg.report
    p, q = back.projects[0], pkg.projects[0]
    assert (p.name, p.department, p.implementer) == (q.name, q.department, q.implementer)
    # without the hidden sheet the blank indicator row is a spacer and the stray 分值 is not known
    assert len(p.performance.indicators) == len(q.performance.indicators) - 1
    assert p.funding.current.weight_entered is None


def _edit(data: bytes, sheet: str, cell: str, value: object) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_amount_edited_in_excel_is_imported(sample_xlsx: bytes) -> None:
    back = read_workbook(_edit(sample_xlsx, "附件1", "F7", 3.01))  # 三公经费 2023年决算数 (a total row)
    assert back.basic.rows["sangong"].actual == Decimal("3.01")
    assert back.projects[0].funding.total.rate_entered == Decimal("90")  # other records still apply


def test_a_computed_cell_edited_in_excel_wins_over_the_record(sample_xlsx: bytes) -> None:
    back = read_workbook(_edit(sample_xlsx, "附件3-业务工作经费", "H6", 0.75))
    assert back.projects[0].funding.total.rate_entered == Decimal("75")


def test_project_ids_and_bands_survive() -> None:
    pkg = sample.load_sample()
    pkg.projects[0].id = "项目-α"
    ind = pkg.overall.indicators[2]
    ind.band, ind.band_score, ind.override_score, ind.override_reason = (
        "部分达成并具有一定效果",
        Decimal("7"),
        Decimal("6.5"),
        "按偏离度调减",
    )
    pkg.acknowledgements = [model.Acknowledgement("R1", "unit.control_rate_entered", "编办核定口径不同")]
    pkg.carried = ["basic.rows.sangong.prev"]
    back = read_workbook(render(pkg))
    assert _dump(back) == _dump(pkg)


AWKWARD = {
    "a 专项 named like a fixed row": lambda p: setattr(p.basic.special[1], "name", "公用经费"),
    "a 专项 named like the next block": lambda p: setattr(p.basic.special[2], "name", "楼堂馆所控制情况"),
    "an indicator named 总分": lambda p: setattr(p.overall.indicators[3], "name", "总分"),
    "an indicator named like the footer": lambda p: setattr(
        p.overall.indicators[2], "name", "单位负责人签字：填表人："
    ),
    "text longer than a cell holds": lambda p: setattr(p.unit, "functions", "职" * 40000),
    "line ends and control characters": lambda p: setattr(p.overall, "goal_expected", "一\r\n二\r三\x01\x0b"),
    "white space only": lambda p: setattr(p.basic, "frugality", "   "),
    "16 significant digits": lambda p: setattr(p.basic.rows["car"], "prev", Decimal("123456789012.3456")),
    "trailing zeros": lambda p: setattr(p.basic.rows["public"], "prev", Decimal("84.780")),
    "an empty 一级": lambda p: setattr(p.overall.indicators[4], "level1", ""),
    "rows in another order": lambda p: setattr(p.basic, "rows", dict(reversed(p.basic.rows.items()))),
}


@pytest.mark.parametrize("change", AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_content_round_trips(change: object) -> None:
    pkg = sample.load_sample()
    change(pkg)  # type: ignore[operator]
    assert _dump(read_workbook(render(pkg))) == _dump(pkg)


def test_large_package_round_trips() -> None:
    pkg = sample.load_sample()
    base = pkg.projects[0]
    pkg.projects = []
    for i in range(50):
        p = copy.deepcopy(base)
        p.id, p.name = f"p{i + 1}", f"第{i + 1}个项目"
        p.performance.indicators = [copy.deepcopy(base.performance.indicators[j % 11]) for j in range(15)]
        pkg.projects.append(p)
    data = render(pkg)
    assert _dump(read_workbook(data)) == _dump(pkg)


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(packages())
def test_any_package_round_trips(pkg: model.Package) -> None:
    assert _dump(read_workbook(render(pkg))) == _dump(pkg)
