"""查找: find_text over the sample — texts, amounts as printed, widths, live fields mapped back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from evaldesk.core import model, narrative
from evaldesk.core.findings import PARTS
from evaldesk.core.sample import load_sample
from evaldesk.core.search import MAX_HITS, find_text, fold, number_forms


@pytest.fixture()
def pkg() -> model.Package:
    return load_sample()


def paths(hits):  # type: ignore[no-untyped-def]
    return [h.path for h in hits]


def test_name_finds_the_basic_line_and_the_report_sentences(pkg: model.Package) -> None:
    hits = find_text(pkg, "仓田")
    assert paths(hits) == [
        ("basic", "special", 1, "name"),
        ("report", 1, "subsections", 1, "body"),
        ("report", 1, "subsections", 1, "body"),
    ]
    line, first, second = hits
    assert line.part == "basic" and line.label == "附件1区级专项“仓田消防站”的名称"
    assert (line.offset, line.length, line.snippet, line.mark) == (0, 2, "仓田消防站", (0, 2))
    body = pkg.report[1].subsections[1].body
    assert first.part == "report"
    assert first.label == "自评报告“二、 一般公共预算支出情况”“（2） 项目支出情况”"
    assert body[first.offset : first.offset + first.length] == "仓田"
    assert body[first.offset :].startswith("仓田消防站建设专项支出809.11万元")
    assert body[second.offset :].startswith("仓田消防站整体建设费用")
    a, b = first.mark
    assert first.snippet[a:b] == "仓田" and "809.11万元" in first.snippet


def test_the_overall_total_is_found_with_and_without_thousands_separators(pkg: model.Package) -> None:
    total = ("overall_funding", "total", "executed")
    plain = find_text(pkg, "1818.34")
    grouped = find_text(pkg, "1,818.34")
    assert total in paths(plain) and total in paths(grouped)
    hit = next(h for h in grouped if h.path == total)
    assert hit.part == "overall" and hit.label == "附件2年度资金总额“全年执行数”"
    assert hit.snippet == "1,818.34" and hit.mark == (0, 8)
    assert next(h for h in plain if h.path == total).snippet == "1818.34"
    # An indicator's target typed as text: found by the plain form (it holds no separator).
    assert ("overall", "indicators", 5, "target") in paths(plain)


def test_full_width_query_finds_section_five(pkg: model.Package) -> None:
    hits = find_text(pkg, "２０２２年度")
    assert paths(hits) == [("report", 4, "body")]
    assert hits[0].label == "自评报告“五、社会保险基金预算支出情况”"
    assert hits[0].snippet == "2022年度本部门无社会保险基金预算支出。"
    assert all(h.part in PARTS for h in find_text(pkg, "2023"))


def test_case_and_width_are_ignored_in_texts_too(pkg: model.Package) -> None:
    pkg.unit.functions = "负责ＡＢＣ系统和abc平台。"
    hits = find_text(pkg, "Abc")
    assert [(h.path, h.offset) for h in hits] == [(("unit", "functions"), 2), (("unit", "functions"), 8)]
    assert fold("ＡＢＣ１２．５％") == "abc12.5%" and len(fold("İ")) == 1


def test_a_number_in_free_text_is_found_either_way(pkg: model.Package) -> None:
    pkg.report[6].body = "全年支出1,818.34万元，即1818.34万元。"
    hits = [h for h in find_text(pkg, "1818.34") if h.path == ("report", 6, "body")]
    assert [(h.offset, h.length) for h in hits] == [(4, 8), (16, 7)]
    assert number_forms("1818.34") == ("1818.34", "1,818.34")
    assert number_forms("74.99") == ("74.99",)


def test_report_fields_are_searched_as_shown_and_mapped_to_the_token(pkg: model.Package) -> None:
    drafted = narrative.draft_section(pkg, 1)
    assert drafted is not None
    pkg.report[1] = drafted
    body = drafted.subsections[1].body
    hits = [h for h in find_text(pkg, "1194.60") if h.path[0] == "report"]
    assert len(hits) == 1
    hit = hits[0]
    assert body[hit.offset : hit.offset + hit.length] == "⟦f:basic:project:actual⟧"
    assert hit.snippet.startswith("2023年项目支出为1194.60万元")
    # Plain text after a field maps back to itself.
    after = [h for h in find_text(pkg, "运行维护经费") if h.path == ("report", 1, "subsections", 1, "body")]
    assert [body[h.offset : h.offset + h.length] for h in after] == ["运行维护经费"]


def test_values_of_every_kind(pkg: model.Package) -> None:
    pkg.footer.date = dt.date(2024, 3, 5)
    pkg.basic.building.area_rate_entered = D("98.5")
    found = {h.path: h for h in find_text(pkg, "2024年3月5日")}
    assert found[("footer", "date")].label == "填表信息“填报日期”"
    assert ("basic", "building", "area_rate_entered") in paths(find_text(pkg, "98.50%"))
    ind = pkg.projects[0].performance.indicators[0]
    hits = find_text(pkg, ind.name)
    assert ("projects", "p1", "performance", "indicators", 0, "name") in paths(hits)
    assert all(h.part == "project" for h in hits if h.path[0] == "projects")
    assert find_text(pkg, "   ") == [] and find_text(pkg, "没有这样的文字") == []


def test_a_computed_cell_is_found_by_the_figure_it_shows(pkg: model.Package) -> None:
    # 附件1“项目支出” shows the sum of its lines (1,194.57); the entered 1194.6 is found too.
    assert paths(find_text(pkg, "1,194.57")) == [("basic", "rows", "project", "actual")]
    assert ("basic", "rows", "project", "actual") in paths(find_text(pkg, "1194.60"))
    assert paths(find_text(pkg, "95.92%")) == [("unit", "control_rate_entered")]


def test_hits_are_capped(pkg: model.Package) -> None:
    pkg.report[6].body = "应" * (MAX_HITS + 50)
    assert len(find_text(pkg, "应")) == MAX_HITS
