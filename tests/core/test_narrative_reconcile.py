"""The report's figures against the tables (R17–R19): found where they disagree, silent where they agree."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from evaldesk.core import model, rulesets
from evaldesk.core.checks import run_checks
from evaldesk.core.checks.registry import Context, run_all
from evaldesk.core.findings import Finding
from evaldesk.core.narrative import figures as nf
from evaldesk.core.sample import load_sample
from evaldesk.core.scoring import score_package

NARRATIVE = ("R17", "R18", "R19")


def narrative(pkg: model.Package) -> list[Finding]:
    return [f for f in run_checks(pkg) if f.rule_id in NARRATIVE]


def body_of(pkg: model.Package, path: tuple[str | int, ...]) -> str:
    s = pkg.report[int(path[1])]
    return s.body if len(path) == 3 else s.subsections[int(path[3])].body


def selected(pkg: model.Package, f: Finding) -> str:
    o, n = f.values["offset"], f.values["length"]
    return body_of(pkg, f.location.path)[o : o + n]


# ---- the sample, as submitted -----------------------------------------------------------------------


def test_the_samples_narrative_findings_are_pinned() -> None:
    pkg = load_sample()
    got = [(f.rule_id, f.severity, f.location.key, selected(pkg, f), f.message) for f in narrative(pkg)]
    assert got == [
        (
            "R17",
            "error",
            "report/1/subsections/0/body",
            "84.78万元",
            "自评报告“二、 一般公共预算支出情况（一）基本支出情况”写有“商品和服务支出84.78万元”，与附件1“公用经费”"
            "2023年决算数77.23不一致（相差7.55）；84.78是2022年决算数，疑为误用了该列数字。",
        ),
        (
            "R17",
            "error",
            "report/1/subsections/1/body",
            "382.55万元",
            "自评报告“二、 一般公共预算支出情况（2） 项目支出情况”写有“业务工作经费382.55万元”，与附件1“业务工作经费”"
            "2023年决算数74.99不一致（相差307.56）。",
        ),
        (
            "R18",
            "warning",
            "report/4/body",
            "2022年度",
            "自评报告“五、社会保险基金预算支出情况”写的是“2022年度”，本自评包是2023年度，请核实。",
        ),
        (
            "R19",
            "warning",
            "report/5/body",
            "99%",
            "自评报告“6、 单位整体支出绩效情况”写有“整改率99%”，而附件3“业务工作经费”指标“重大隐患排查整治率”"
            "的实际完成值为“100%”，请核实两处是否一致。",
        ),
    ]


def test_sample_findings_carry_where_to_jump_and_both_values() -> None:
    f17, _f17b, f18, f19 = narrative(load_sample())
    assert (f17.values["offset"], f17.values["length"]) == (129, 7)
    assert f17.values["text"] == Decimal("84.78") and f17.values["table"] == Decimal("77.23")
    assert f17.values["table_path"] == ("basic", "rows", "public", "actual")
    assert f17.values["sentence"].startswith("2023年基本支出为623.74万元，其中：")
    assert f18.values["sentence"] == "2022年度本部门无社会保险基金预算支出。"
    assert (f19.values["offset"], f19.values["length"]) == (1435, 3)
    assert f19.values["table_path"] == ("projects", "p1", "performance", "indicators", 2, "actual")
    assert (f19.values["text"], f19.values["actual"]) == (Decimal("99"), Decimal("100"))
    assert f19.location.path == ("report", 5, "body") and f19.location.part == "report"


def test_the_samples_correct_figures_raise_nothing() -> None:
    snippets = " ".join(f.values.get("snippet", "") for f in narrative(load_sample()))
    for ok in ("623.74", "546.52", "1194.6", "809.11", "49人", "13人", "12人", "24人", "3755个", "2399个",
               "2395个", "15轮", "2轮", "2起", "1起", "66%", "50余次", "2800"):  # fmt: skip
        assert ok not in snippets, ok


# ---- crafted sentences --------------------------------------------------------------------------------

# (section, sentence, expected [(rule, severity, selected text)]). Section 1 = 二（一）, 5 = 六, 4 = 五.
CASES: list[tuple[int, str, list[tuple[str, str, str]]]] = [
    (1, "基本支出623.74万元。", []),
    (1, "2023年基本支出为623.74万元。", []),
    (1, "全年共安排623.74万元的基本支出。", []),
    (1, "基本支出６２３．７４万元。", []),  # full-width digits
    (1, "基本支出６２４．７４万元。", [("R17", "error", "６２４．７４万元")]),
    (1, "基本支出623.74万，人员经费546.52万。", []),  # 万 for 万元
    (1, "基本支出6237400元。", []),  # 元 → 万元
    (1, "基本支出6,247,400元。", [("R17", "error", "6,247,400元")]),
    (1, "项目支出１，２３４．５万元。", [("R17", "error", "１，２３４．５万元")]),
    (1, "项目支出1194.6万元，项目支出1194.60万元。", []),  # 1194.6 = 1194.60
    (1, "项目支出1195万元。", []),  # the table figure rounded in prose
    (1, "项目支出1194.57万元。", [("R17", "hint", "1194.57万元")]),  # the computed sum, not the entered one
    (1, "项目支出约1194万元，项目支出1100-1200万元。", []),  # approximations and ranges
    (1, "人员经费546.5万元。", []),
    (1, "项目支出中业务工作经费382.55万元。", [("R17", "error", "382.55万元")]),  # nearest words win
    (1, "仓田消防站建设专项支出809.11万元。", []),
    (1, "2023年省级安全生产预防及应急专项10万元。", []),
    (1, "三公经费2.98万元，其中公务接待0.05万元。", []),
    (1, "公务接待费0.5万元。", [("R17", "error", "0.5万元")]),
    (1, "商品和服务支出（公用经费）77.23万元。", []),
    (1, "基本支出较上年减少12.50万元，人均公用经费1.5万元。", []),  # changes and per-head figures
    (1, "公用经费年初预算81万元。", []),  # 预算 picks the budget column
    (1, "公用经费预算数80万元。", [("R17", "error", "80万元")]),
    (1, "项目支出预算83万元，项目支出预算执行1194.6万元。", []),  # 预算 → budget column; 预算执行 is spending
    (1, "一般公共预算项目支出1194.6万元，业务工作经费全年执行数74.99万元。", []),
    (1, "安全隐患整治经费83.7万元，公务用车运行维护费2.93万元。", []),
    (1, "应急救援经费支出86.27万元。", [("R17", "error", "86.27万元")]),  # 2022年决算数 used for 2023
    (1, "2024年计划项目支出1200万元。", []),  # a plan for next year
    (1, "总编制数49人，其中行政编制13人、参公事业编制12人、事业编制24人，实际在职47人。", []),
    (1, "总编制数50人，行政编制14人。", [("R19", "warning", "50人"), ("R19", "warning", "14人")]),
    (1, "2022年基本支出为600万元。", [("R18", "warning", "2022年")]),  # last year's text left in 二
    (
        5,
        "全区共排查各类安全隐患3755个，重大安全隐患2399个，现已整改2395个，整改率99%。",
        [("R19", "warning", "99%")],
    ),
    (5, "排查各类安全隐患３７５６个。", [("R19", "warning", "３７５６个")]),
    (5, "重大隐患排查整治率１００％，区政府挂牌督办率100%，重大隐患100%“清零”。", []),
    (5, "重大隐患整治率98%。", [("R19", "warning", "98%")]),
    (5, "整改率99%。", []),  # the sentence does not say what was rectified: no guess
    (5, "群众满意度95%。", []),  # no indicator of that name
    (5, "企业及广大居民满意度85%。", [("R19", "warning", "85%")]),
    (5, "一般生产安全事故1起，同比下降66%。", []),  # word order differs; a change is no table figure
    (5, "一般安全生产事故2起。", [("R19", "warning", "2起")]),
    (5, "全区共发生生产安全事故7起。", []),  # all accidents, not the 一般 ones
    (
        5,
        "有效应对15轮暴雨洪水，有效应对2轮低温雨雪冰冻灾害天气。",
        [],
    ),  # one agrees: the other is another fact
    (5, "有效应对16轮灾害天气。", [("R19", "warning", "16轮")]),
    (5, "开展宣传50余次，出动宣传人员近2800余人次，制作展板3-5块。", []),
    (5, "2022年度单位整体支出绩效良好。", [("R18", "warning", "2022年度")]),
    (5, "2022年，我局获评先进单位；与2022年相比，事故下降；《2022年度考核办法》于2022年12月印发。", []),
    (5, "2024年计划开展检查；较2022年度有所下降。", []),
    (4, "2021年度本部门无社会保险基金预算支出。", [("R18", "warning", "2021年度")]),
    (4, "本部门社会保险基金预算支出与2022年同期持平。", []),
]


@pytest.mark.parametrize(("section", "text", "expected"), CASES, ids=[c[1][:18] for c in CASES])
def test_crafted_sentences(section: int, text: str, expected: list[tuple[str, str, str]]) -> None:
    pkg = load_sample()
    if section == 1:
        pkg.report[1].subsections[0].body = text
        path: tuple[str | int, ...] = ("report", 1, "subsections", 0, "body")
    else:
        pkg.report[section].body = text
        path = ("report", section, "body")
    found = [f for f in narrative(pkg) if f.location.path == path]
    assert [(f.rule_id, f.severity, selected(pkg, f)) for f in found] == expected, [f.message for f in found]


def test_an_amount_in_yuan_is_explained_in_the_message() -> None:
    pkg = load_sample()
    pkg.report[1].subsections[0].body = "基本支出6,247,400元。"
    (f,) = narrative(pkg)[:1]
    assert (
        "写有“基本支出6,247,400元”（即624.74万元），与基本支出决算（全年执行数 − 项目支出决算）623.74不一致（相差1.00）"
        in f.message
    )


def test_figures_in_live_fields_are_never_compared_and_offsets_skip_tokens() -> None:
    pkg = load_sample()
    body = "⟦f:year⟧年基本支出为⟦f:overall:expend_basic⟧万元，其中：人员经费500.00万元。"
    pkg.report[1].subsections[0].body = body
    (f,) = [f for f in narrative(pkg) if f.location.path == ("report", 1, "subsections", 0, "body")]
    assert f.message.startswith(
        "自评报告“二、 一般公共预算支出情况（一）基本支出情况”写有“人员经费500.00万元”"
    )
    assert body[f.values["offset"] : f.values["offset"] + f.values["length"]] == "500.00万元"


# ---- extraction ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("623.74万元的基本支出", [("", "的基本支出", Decimal("623.74"), "万元", False, False)]),
        ("基本支出6237400元", [("基本支出", "", Decimal("623.74"), "万元", False, False)]),
        ("资金1.5亿元", [("资金", "", Decimal("15000.0"), "万元", False, False)]),
        ("出动7万人次", [("出动", "", Decimal("7"), "万人次", True, False)]),
        ("开展活动50余次", [("开展活动", "", Decimal("50"), "次", True, False)]),
        ("出动人员近2800余人次", [("出动人员", "", Decimal("2800"), "人次", True, False)]),
        ("约3000人左右", [("", "左右", Decimal("3000"), "人", True, False)]),
        ("同比均下降66%", [("同比均下降", "", Decimal("66"), "%", False, True)]),
        ("占总支出的35%", [("占总支出的", "", Decimal("35"), "%", False, True)]),
        ("提高2个百分点", [("提高", "", Decimal("2"), "个百分点", False, True)]),
        ("在全市排名第1，历时3个月", []),  # an ordinal; 个月 is a duration
        ("5.12全国防灾减灾日", []),
    ],
)
def test_extraction(text: str, expected: list[tuple[str, str, Decimal, str, bool, bool]]) -> None:
    got = [(f.label, f.after, f.number, f.unit, f.approx, f.change) for f in nf.figures(text)]
    assert got == expected


def test_years_and_how_they_are_used() -> None:
    text = "2022年度本部门无支出。较2022年有所下降。《2021年度办法》于2021年5月印发。"
    got = [(y.year, y.du, y.subject, y.comparative, y.quoted, y.date) for y in nf.years(text)]
    assert got == [
        (2022, True, True, False, False, False),
        (2022, False, False, True, False, False),
        (2021, True, False, False, True, False),
        (2021, False, False, True, False, True),
    ]


# ---- speed ----------------------------------------------------------------------------------------------


def big_package(projects: int = 50, indicators: int = 15) -> model.Package:
    pkg = load_sample()
    base = pkg.projects[0]
    rows = [r for r in base.performance.indicators if r.weight is not None]
    pkg.projects = []
    for k in range(projects):
        p = copy.deepcopy(base)
        p.id, p.name = f"p{k}", f"项目{k}"
        p.performance.indicators = [copy.deepcopy(rows[j % len(rows)]) for j in range(indicators)]
        for j, ind in enumerate(p.performance.indicators):
            ind.name += str(j)
        pkg.projects.append(p)
    return pkg


def test_narrative_checks_on_50_projects_follow_an_edit_of_the_report() -> None:
    # The figures of a text are cached per text (the speed is measured in bench/run.py): the checks must
    # still see an edited report at once, and give the same findings when run again on the same text.
    pkg = big_package()
    sheet = score_package(pkg)
    rs, _ = rulesets.resolve(pkg.ruleset_id)
    first = run_all(pkg, Context(pkg, sheet, rs), NARRATIVE)
    assert run_all(pkg, Context(pkg, sheet, rs), NARRATIVE) == first
    wrong = [f for f in first if f.rule_id == "R17" and "84.78" in selected(pkg, f)]
    assert len(wrong) == 1
    for section in pkg.report:
        for sub in section.subsections:
            sub.body = sub.body.replace("商品和服务支出84.78万元", "商品和服务支出77.23万元")
    after = run_all(pkg, Context(pkg, sheet, rs), NARRATIVE)
    assert wrong[0] not in after
    assert [f for f in after if f.rule_id == "R17" and "77.23" in selected(pkg, f)] == []
    assert len(after) == len(first) - 1
