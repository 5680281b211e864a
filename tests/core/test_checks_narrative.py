"""Figures in the report's free text (first version of R17–R19's extraction)."""

from __future__ import annotations

from evaldesk.core.checks.narrative import bindings
from evaldesk.core.narrative import figures as nf
from evaldesk.core.sample import load_sample
from tests.helpers.checks import D


def test_amounts_with_labels_and_years() -> None:
    text = (
        "2023年基本支出为623.74万元，其中：人员经费546.52万元，主要包括：工资；商品和服务支出84.78万元，主要包括：办公费。\n"
        "业务工作经费３８２．５５万元，主要用于…"
    )
    got = [(f.label, f.year, f.number, f.snippet) for f in nf.amounts(text)]
    assert got == [
        ("基本支出", 2023, D("623.74"), "2023年基本支出为623.74万元"),
        ("人员经费", 2023, D("546.52"), "人员经费546.52万元"),
        ("商品和服务支出", 2023, D("84.78"), "商品和服务支出84.78万元"),
        ("业务工作经费", None, D("382.55"), "业务工作经费３８２．５５万元"),  # full-width digits understood
    ]


def test_counts_and_years() -> None:
    text = "全区共排查各类安全隐患3755个，整改率99%。2022年度本部门无支出。"
    assert [(f.label, f.number, f.unit) for f in nf.counts(text)] == [
        ("排查各类安全隐患", D("3755"), "个"),
        ("整改率", D("99"), "%"),
    ]
    assert nf.years_with_du(text) == ((2022, 24, 30),)


def test_report_texts_carry_edit_paths() -> None:
    texts = nf.report_texts(load_sample())
    assert texts[0].path == ("report", 0, "subsections", 0, "body")
    assert texts[0].title == "一、单位基本情况（一）职能职责"
    assert {t.section for t in texts} == set(range(10))


def test_bindings_cover_the_table_figures() -> None:
    names = {a for b in bindings(load_sample()) for a in b.aliases}
    assert {
        "基本支出",
        "人员经费",
        "商品和服务支出",
        "公用经费",
        "项目支出",
        "业务工作经费",
        "仓田消防站",
    } <= names
