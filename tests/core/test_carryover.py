"""从上年继续: the 2024 draft made from the 2023 sample, field by field."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from evaldesk.core import edits, jsonform, model
from evaldesk.core.carryover import (
    carried_fixup,
    carry_over,
    cn_numeral,
    heading_title,
    is_carried,
    reference_index,
    reference_text,
    section_heading,
    subsection_heading,
    uncarry_edit,
)
from evaldesk.core.errors import InputError
from evaldesk.core.sample import load_sample


@pytest.fixture(scope="module")
def prev() -> model.Package:
    return load_sample()


@pytest.fixture()
def new(prev: model.Package) -> model.Package:
    return carry_over(prev)


def test_year_ruleset_and_last_years_package_untouched(prev: model.Package, new: model.Package) -> None:
    assert new.fiscal_year == 2024
    assert new.ruleset_id == "hunan"
    assert new.title() == "2024年度岳阳楼区应急管理局整体支出绩效自评报告"
    assert jsonform.dumps(prev) == jsonform.dumps(load_sample())  # carry_over does not change its input


def test_unit_staffing_and_footer(new: model.Package) -> None:
    assert new.unit.name == "岳阳楼区应急管理局"
    assert new.unit.department == "岳阳楼区政府"
    assert new.unit.functions.startswith("1、承担区人民政府安全生产委员会的日常工作。")
    assert new.unit.organization.startswith("1、人员构成：应急局总编制数49人")
    assert [(s.kind, s.count) for s in new.unit.staff_by_type] == [
        ("行政编制", 13),
        ("参公事业编制", 12),
        ("事业编制", 24),
    ]
    assert (new.unit.staff_authorized, new.unit.staff_actual) == (49, 47)
    assert new.unit.control_rate_entered is None
    assert new.footer.date is None and new.cover.date is None
    assert new.cover.title == "" and new.cover.unit_name == ""


def test_footer_people_are_carried_but_not_the_date() -> None:
    pkg = load_sample()
    pkg.footer = model.Footer("张三", "李四", "0730-1234567", pkg.cover.date)
    pkg.cover.title = "2023年度岳阳楼区应急管理局整体支出绩效自评报告（修订）"
    new = carry_over(pkg)
    assert (new.footer.leader, new.footer.preparer, new.footer.phone, new.footer.date) == (
        "张三", "李四", "0730-1234567", None
    )  # fmt: skip
    assert {"footer/leader", "footer/preparer", "footer/phone"} <= set(new.carried)
    assert new.cover.title == "2024年度岳阳楼区应急管理局整体支出绩效自评报告（修订）"


def test_basic_rows_move_last_years_actual_into_prev(prev: model.Package, new: model.Package) -> None:
    rows = new.basic.rows
    assert list(rows) == list(model.BASIC_ROW_KEYS)
    assert rows["sangong"].prev == D("2.98")
    assert rows["project_business"].prev == D("74.99")
    assert rows["project"].prev == D("1194.6")
    assert rows["public"].prev == D("77.23")
    assert rows["procurement"].prev == D("208.64")
    assert rows["car_purchase"].prev == D("0")  # a zero is carried as zero, not as blank
    for key in model.BASIC_ROW_KEYS:
        assert rows[key].prev == prev.basic.rows[key].actual
        assert rows[key].budget is None and rows[key].actual is None
    assert [line.name for line in new.basic.special] == [line.name for line in prev.basic.special]
    special = {line.name: line for line in new.basic.special}
    assert special["仓田消防站"].prev == D("809.11")
    assert special["全国自然灾害风险普查"].prev == D("0")
    assert special["应急仓库"].prev == D("31.57")
    assert [(t.name, t.prev) for t in new.basic.transfer] == [("2023年省级安全生产预防及应急专项", D("10"))]
    for line in new.basic.special + new.basic.transfer:
        assert line.budget is None and line.actual is None
    assert new.basic.building == model.Building()


def test_funding_scores_and_leftovers_are_blank(new: model.Package) -> None:
    assert new.overall_funding == model.OverallFunding()
    assert new.attachments == [] and new.acknowledgements == []
    for perf in [new.overall] + [p.performance for p in new.projects]:
        assert perf.goal_actual == ""
        assert perf.total_weight_entered is None and perf.total_score_entered is None
        for ind in perf.indicators:
            assert ind.actual == "" and ind.score_entered is None and ind.deviation == ""
            assert ind.band == "" and ind.band_score is None
            assert ind.override_score is None and ind.override_reason == ""
    for p in new.projects:
        assert p.funding == model.ProjectFunding()


def test_overall_indicators_keep_names_targets_weights(prev: model.Package, new: model.Package) -> None:
    got = [(i.level1, i.level2, i.name, i.target, i.weight) for i in new.overall.indicators]
    assert got[0] == ("产出指标", "数量指标", "排查各类安全隐患个数", "≤3755个", D("10"))
    assert got[5] == ("产出指标", "成本指标", "严格预算支出控制", "≤1818.34万元", D("5"))
    assert got[9] == ("满意度指标", "服务对象满意度指标", "企业及广大居民满意度", "90%", D("10"))
    # A target that is just the year, and a name that starts with it, move to the new year.
    assert got[2][2:4] == ("打好安全生产翻身仗省、市先进单位", "2024年")
    assert got[4][2:4] == ("2024年计划执法", "2024年")
    assert len(got) == len(prev.overall.indicators)
    assert new.overall.goal_expected == prev.overall.goal_expected
    assert sum(i.weight or 0 for i in new.overall.indicators) == D("90")


def test_projects_keep_ids_headers_and_indicator_rows(prev: model.Package, new: model.Package) -> None:
    assert [p.id for p in new.projects] == ["p1"]
    p = new.project("p1")
    assert (p.name, p.department, p.implementer) == ("业务工作经费", "岳阳楼区政府", "岳阳楼区应急局")
    assert p.performance.goal_expected.startswith("1.完成年度罚没任务")
    rows = [(i.level2, i.name, i.target, i.weight) for i in p.performance.indicators]
    assert rows[0] == ("数量指标", "排查重大安全隐患个数", "≤2399个", D("10"))
    assert rows[1] == (
        "数量指标",
        "有效应对灾害天气",
        "≤≤15轮",
        D("10"),
    )  # raw text kept, the lint reports it
    assert rows[9] == ("生态效益指标", "", "", None)  # empty heading rows are kept as structure
    assert len(rows) == len(prev.projects[0].performance.indicators)


def test_keep_projects_by_id_or_name() -> None:
    pkg = load_sample()
    extra = model.Project(id="p2", name="应急物资储备")
    pkg.projects.append(extra)
    assert [p.id for p in carry_over(pkg, keep_projects={"p2"}).projects] == ["p2"]
    assert [p.id for p in carry_over(pkg, keep_projects={"业务工作经费"}).projects] == ["p1"]
    assert carry_over(pkg, keep_projects=set()).projects == []
    with pytest.raises(InputError, match="没有这些项目：不存在的项目"):
        carry_over(pkg, keep_projects={"不存在的项目"})


def test_blank_or_repeated_project_ids_get_fresh_ones() -> None:
    pkg = load_sample()
    pkg.projects.append(model.Project(id="p1", name="重复"))
    pkg.projects.append(model.Project(id="", name="无编号"))
    assert [p.id for p in carry_over(pkg).projects] == ["p1", "p2", "p3"]


def test_year_is_required() -> None:
    pkg = load_sample()
    pkg.fiscal_year = 0
    with pytest.raises(InputError, match="评价年度"):
        carry_over(pkg)


def test_report_headings_renumbered_with_empty_bodies(new: model.Package) -> None:
    assert [s.heading for s in new.report] == [
        "一、单位基本情况",
        "二、一般公共预算支出情况",
        "三、政府性基金预算支出情况",
        "四、国有资本经营预算支出情况",
        "五、社会保险基金预算支出情况",
        "六、单位整体支出绩效情况",
        "七、存在的问题及原因分析",
        "八、下一步改进措施",
        "九、单位整体支出绩效自评结果拟应用和公开情况",
        "十、其他需要说明的情况",
    ]
    assert [x.heading for x in new.report[0].subsections] == ["（一）职能职责", "（二）机构设置"]
    assert [x.heading for x in new.report[1].subsections] == ["（一）基本支出情况", "（二）项目支出情况"]
    for s in new.report:
        assert s.body == "" and all(x.body == "" for x in s.subsections)


def test_empty_report_gets_the_standard_outline() -> None:
    pkg = load_sample()
    pkg.report = []
    new = carry_over(pkg)
    assert [s.heading for s in new.report] == [s.heading for s in model.standard_report()]


@pytest.mark.parametrize(
    ("index", "typed", "expected"),
    [
        (5, "6、 单位整体支出绩效情况", "六、单位整体支出绩效情况"),
        (1, "二、 一般公共预算支出情况", "二、一般公共预算支出情况"),  # 一般 keeps its 一
        (1, "一般公共预算支出情况", "二、一般公共预算支出情况"),
        (8, "９．单位整体支出绩效自评结果拟应用和公开情况", "九、单位整体支出绩效自评结果拟应用和公开情况"),
        (10, "第十一部分 补充说明", "十一、补充说明"),
        (2, "3、", "三、政府性基金预算支出情况"),
    ],
)
def test_section_heading(index: int, typed: str, expected: str) -> None:
    assert section_heading(index, typed) == expected


def test_subsection_heading_and_numerals() -> None:
    assert subsection_heading(1, "（2） 项目支出情况") == "（二）项目支出情况"
    assert subsection_heading(0, "(1)、基本支出情况") == "（一）基本支出情况"
    assert subsection_heading(2, "3.其他") == "（三）其他"
    assert heading_title("（一）职能职责", sub=True) == "职能职责"
    assert [cn_numeral(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]


def test_reference_text_shows_last_years_sections(prev: model.Package) -> None:
    text = reference_text(prev, 5)
    assert text.startswith("6、 单位整体支出绩效情况\n\n岳阳楼区应急管理局深入学习贯彻")
    sec2 = reference_text(prev, 1)
    assert "（一）基本支出情况\n\n2023年基本支出为623.74万元" in sec2
    assert reference_text(prev, 1, 1).startswith("2023年项目支出为1194.6万元")
    assert reference_text(prev, 10) == "" and reference_text(prev, 1, 5) == ""
    assert reference_index(prev, "六、单位整体支出绩效情况") == 5
    assert reference_index(prev, "十一、补充说明") is None


def test_carried_paths_recorded(new: model.Package) -> None:
    carried = set(new.carried)
    for key in model.BASIC_ROW_KEYS:
        assert f"basic/rows/{key}/prev" in carried
    assert "basic/special/1/prev" in carried and "basic/transfer/0/prev" in carried
    assert {
        "unit/staff_authorized",
        "unit/staff_actual",
        "unit/staff_by_type/0/count",
        "unit/functions",
    } <= carried
    assert {"overall/goal_expected", "overall/indicators/0/target", "overall/indicators/0/weight"} <= carried
    assert "projects/p1/performance/indicators/0/name" in carried
    assert "projects/p1/performance/goal_expected" in carried
    # Blank values and what starts blank are not marked; nor are the unit's name and this year's cells.
    assert "projects/p1/performance/indicators/9/name" not in carried
    assert not any(
        c.endswith(("/actual", "/budget")) or c.startswith(("footer/", "report", "unit/name"))
        for c in carried
    )
    # Every carried path resolves to a value in the new package.
    for c in new.carried:
        path = tuple(int(p) if p.isdigit() else p for p in c.split("/"))
        assert edits.resolve(new, path) not in (None, "")
    assert new.carried == jsonform.loads(jsonform.dumps(new)).carried


def test_confirm_removes_the_mark_and_undoes(new: model.Package) -> None:
    path = ("basic", "rows", "sangong", "prev")
    assert is_carried(new, path) and is_carried(new, "basic/rows/sangong/prev")
    confirm = uncarry_edit(new, path)
    assert confirm is not None
    before = list(new.carried)
    inverse = edits.apply(new, edits.Batch((edits.SetValue(path, D("3.00")), confirm), "确认上年决算数"))
    assert not is_carried(new, path)
    assert new.basic.rows["sangong"].prev == D("3.00")
    assert len(new.carried) == len(before) - 1
    assert uncarry_edit(new, path) is None
    edits.apply(new, inverse)
    assert new.carried == before and new.basic.rows["sangong"].prev == D("2.98")


def test_confirm_a_whole_row_or_everything(new: model.Package) -> None:
    row = ("overall", "indicators", 0)
    assert not is_carried(new, row) and is_carried(new, (*row, "target"))
    edit = uncarry_edit(new, row)
    assert isinstance(edit, edits.SetValue)
    assert not any(c.startswith("overall/indicators/0/") for c in edit.value)
    assert "overall/indicators/1/target" in edit.value
    everything = uncarry_edit(new, ())
    assert isinstance(everything, edits.SetValue) and everything.value == []


def test_carried_fixup_follows_inserted_removed_and_moved_rows(new: model.Package) -> None:
    lst = ("basic", "special")
    remove = edits.RemoveItem(lst, 1)
    fix = carried_fixup(new, remove)
    assert fix is not None
    edits.apply(new, edits.Batch((remove, fix)))
    assert new.basic.special[1].name == "全国自然灾害风险普查"
    assert "basic/special/14/prev" not in new.carried and "basic/special/13/prev" in new.carried
    assert is_carried(new, ("basic", "special", 1, "prev"))

    insert = edits.InsertItem(lst, 0, model.NamedLine(name="新专项"))
    edits.apply(new, edits.Batch((insert, carried_fixup(new, insert))))  # type: ignore[arg-type]
    assert not is_carried(new, ("basic", "special", 0, "prev"))
    assert is_carried(new, ("basic", "special", 1, "prev"))

    ind = ("overall", "indicators")
    move = edits.MoveItem(ind, 0, 3)
    edits.apply(new, edits.Batch((move, carried_fixup(new, move))))  # type: ignore[arg-type]
    assert new.overall.indicators[3].name == "排查各类安全隐患个数"
    assert is_carried(new, (*ind, 3, "target"))

    drop = edits.RemoveItem(("projects",), 0)
    fix = carried_fixup(new, drop)
    assert fix is not None and not any(c.startswith("projects/p1/") for c in fix.value)  # type: ignore[union-attr]
    assert carried_fixup(new, edits.SetValue(("unit", "name"), "x")) is None
