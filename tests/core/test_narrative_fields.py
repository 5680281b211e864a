"""Live fields in report text: keys, tokens, rendering, following the data, deleted targets, pasting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaldesk.core import jsonform, model
from evaldesk.core import narrative as n
from evaldesk.core.checks import run_checks
from evaldesk.core.narrative import figures, keys
from evaldesk.core.sample import load_sample


def tok(key: str) -> str:
    return n.insert_field_token(key)


def test_token_syntax_and_key_builders() -> None:
    assert tok("overall:expend_basic") == "⟦f:overall:expend_basic⟧"
    assert (
        keys.indicator("overall", "排查各类安全隐患个数", "actual")
        == "indicator:overall:排查各类安全隐患个数:actual"
    )
    assert keys.line("transfer", "2023年省级安全生产预防及应急专项", "actual") == (
        "transfer:2023年省级安全生产预防及应急专项:actual"
    )
    # A name holding the separator or the brackets survives inside a token.
    odd = keys.indicator("p1", "比率:A⟦x⟧ 100%", "target")
    assert odd == "indicator:p1:比率%3AA%5Bx%5D 100%25:target"
    assert keys.split(odd) == ("indicator", "p1", "比率:A⟦x⟧ 100%", "target")
    assert n.tokenize(tok(odd)) == [n.Span("field", 0, len(tok(odd)), odd)]
    with pytest.raises(ValueError):
        tok("")


def test_tokenize_covers_the_text_in_order() -> None:
    text = "⟦f:year⟧年基本支出为⟦f:overall:expend_basic⟧万元。⟦不是字段⟧⟦f:⟧"
    spans = n.tokenize(text)
    assert [(s.kind, text[s.start : s.end], s.key) for s in spans] == [
        ("field", "⟦f:year⟧", "year"),
        ("text", "年基本支出为", ""),
        ("field", "⟦f:overall:expend_basic⟧", "overall:expend_basic"),
        ("text", "万元。⟦不是字段⟧⟦f:⟧", ""),  # malformed brackets are plain text
    ]
    assert n.fields_in(text) == ["year", "overall:expend_basic"]
    assert n.tokenize("") == []


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("year", "2023"),
        ("unit:name", "岳阳楼区应急管理局"),
        ("unit:staff_authorized", "49"),
        ("unit:staff_actual", "47"),
        ("unit:control_rate", "95.92"),
        ("staff:参公事业编制", "12"),
        ("overall:expend_basic", "623.74"),
        ("overall:personnel", "546.52"),
        ("overall:expend_project", "1194.60"),  # entered 1194.6: at least two decimals
        ("overall:total:full", "1818.34"),
        ("overall:rate", "100.00"),
        ("basic:public:actual", "77.23"),
        ("basic:public:prev", "84.78"),
        ("basic:sangong:actual", "2.98"),
        ("special:仓田消防站:actual", "809.11"),
        ("transfer:2023年省级安全生产预防及应急专项:actual", "10.00"),
        ("project:p1:executed", "74.99"),
        ("project:p1:initial", "83.00"),
        ("project:p1:name", "业务工作经费"),
        ("indicator:overall:排查各类安全隐患个数:actual", "3755个"),  # "=3755个" reads without "="
        ("indicator:overall:排查各类安全隐患个数:target", "≤3755个"),
        ("indicator:p1:重大隐患排查整治率:actual", "100%"),
        ("indicator:overall:打好安全生产翻身仗省、市先进单位:actual", "已完成"),
        ("score:overall:total", "100.00"),
        ("score:overall:grade", "优"),
        ("score:p1:total", "【暂无法计算】"),  # the sample's 附件3 cannot be scored as submitted
    ],
)
def test_field_values_are_formatted(key: str, shown: str) -> None:
    assert n.field_value(load_sample(), key) == shown


def test_every_available_field_resolves_on_the_sample() -> None:
    pkg = load_sample()
    fields = n.available_fields(pkg)
    assert n.FIELDS(pkg) == fields
    assert len({f.key for f in fields}) == len(fields)
    by_key = {f.key: f for f in fields}
    assert by_key["overall:expend_basic"] == n.FieldDef(
        "overall:expend_basic", "附件2·基本支出", "附件2 整体支出", "万元"
    )
    assert by_key["basic:public:actual"].label == "附件1·公用经费·2023年决算数"
    assert by_key["indicator:p1:重大隐患排查整治率:actual"].group == "附件3“业务工作经费”绩效指标"
    assert by_key["unit:staff_authorized"].unit == "人"
    for f in fields:
        assert n.resolve_field(pkg, f.key).status != "missing", f.key
    # Placeholder rows (……) and blank indicator names are not offered.
    assert not any("……" in f.key for f in fields)


def test_render_follows_the_data() -> None:
    pkg = load_sample()
    text = f"{tok('year')}年基本支出为{tok('overall:expend_basic')}万元，其中：人员经费{tok('overall:personnel')}万元。"
    assert n.render_text(pkg, text) == "2023年基本支出为623.74万元，其中：人员经费546.52万元。"
    pkg.overall_funding.expend_basic = Decimal("630.5")
    pkg.overall_funding.personnel = None
    assert n.render_text(pkg, text) == "2023年基本支出为630.50万元，其中：人员经费【未填写】万元。"
    ind = pkg.overall.indicators[0]
    ind.actual = "3760个"
    assert n.render_text(pkg, tok("indicator:overall:排查各类安全隐患个数:actual")) == "3760个"
    assert n.render_text(pkg, "没有字段的文字") == "没有字段的文字"


def test_render_map_points_back_to_the_stored_text() -> None:
    pkg = load_sample()
    text = f"基本支出为{tok('overall:expend_basic')}万元，人员经费500.00万元。"
    r = n.render_map(pkg, text)
    assert r.text == "基本支出为623.74万元，人员经费500.00万元。"
    at = r.text.index("500.00")
    a, b = r.raw_range(at, at + 6)
    assert text[a:b] == "500.00"
    v = r.text.index("623.74")
    assert r.in_field(v, v + 6) and not r.in_field(at, at + 6)
    assert r.raw_range(v, v + 6) == (5, 5 + len(tok("overall:expend_basic")))


def test_deleted_and_blank_targets_print_markers_and_are_reported() -> None:
    pkg = load_sample()
    body = f"仓田消防站{tok('special:仓田消防站:actual')}万元；编制{tok('staff:行政编制')}人；{tok('overall:income_fund')}。"
    pkg.report[1].subsections[1].body = body
    assert n.render_text(pkg, body) == "仓田消防站809.11万元；编制13人；【未填写】。"
    pkg.basic.special = [ln for ln in pkg.basic.special if ln.name != "仓田消防站"]
    pkg.unit.staff_by_type = pkg.unit.staff_by_type[1:]
    assert n.render_text(pkg, body) == "仓田消防站【数据已删除】万元；编制【数据已删除】人；【未填写】。"
    found = [f for f in run_checks(pkg) if f.location.path == ("report", 1, "subsections", 1, "body")]
    assert [(f.rule_id, f.severity, f.values["key"]) for f in found] == [
        ("R17", "error", "special:仓田消防站:actual"),
        ("R17", "error", "staff:行政编制"),
        ("R17", "warning", "overall:income_fund"),
    ]
    assert found[0].message == (
        "自评报告“二、 一般公共预算支出情况（2） 项目支出情况”中的数据字段“附件1·仓田消防站·2023年决算数”"
        "所指的数据已不存在（打印为“【数据已删除】”），请删除该字段或重新插入。"
    )
    assert found[2].message.endswith(
        "没有数值（打印为“【未填写】”），请先填写附件2·政府性基金拨款或删除该字段。"
    )
    for f in found:  # the editor selects the whole token
        o, ln = f.values["offset"], f.values["length"]
        assert body[o : o + ln] == tok(f.values["key"])


def test_indicator_fields_follow_the_name_not_the_position() -> None:
    pkg = load_sample()
    key = "indicator:overall:一般安全生产事故起数:actual"
    assert n.field_value(pkg, key) == "1起"
    pkg.overall.indicators.insert(
        0, model.Indicator("产出指标", "数量指标", "新增指标", "≥5个", "9个", Decimal(5))
    )
    assert n.field_value(pkg, key) == "1起"
    pkg.overall.indicators[2].name = "一般事故起数"  # renamed: visibly gone, never another row's value
    assert n.field_value(pkg, key) == n.MISSING_TEXT
    assert n.replace_field_keys(tok(key), {key: "indicator:overall:一般事故起数:actual"}) == tok(
        "indicator:overall:一般事故起数:actual"
    )
    assert n.field_value(pkg, "project:p9:executed") == n.MISSING_TEXT
    assert n.field_value(pkg, "no:such:key") == n.MISSING_TEXT
    assert n.describe_key(pkg, "project:p9:executed") == "附件3（已删除的项目）·全年执行数"


def test_pasted_text_never_becomes_a_field() -> None:
    pkg = load_sample()
    pasted = f"基本支出为{tok('overall:expend_basic')}万元⟦半个"
    assert n.plain_from_paste(pasted, pkg) == "基本支出为623.74万元半个"
    assert n.plain_from_paste(pasted) == "基本支出为f:overall:expend_basic万元半个"
    assert n.strip_tokens("⟦f:year⟧") == "f:year"
    assert n.fields_in(n.plain_from_paste(pasted, pkg)) == []


def test_render_section_and_report_leave_the_package_alone() -> None:
    pkg = load_sample()
    pkg.report[2].body = f"{tok('year')}年度本部门无政府性基金安排的支出。"
    pkg.report[8].body = f"总分{tok('score:overall:total')}分，等级{tok('score:overall:grade')}。"
    rendered = n.render_report(pkg)
    assert rendered[2].body == "2023年度本部门无政府性基金安排的支出。"
    assert rendered[8].body == "总分100.00分，等级优。"
    assert rendered[1].subsections[0].body == pkg.report[1].subsections[0].body
    assert pkg.report[2].body.startswith("⟦f:year⟧")
    assert n.render_section(pkg, pkg.report[2]).body == rendered[2].body


def test_tokens_survive_the_json_form() -> None:
    pkg = load_sample()
    pkg.report[2].body = f"{tok('year')}年度{tok(keys.indicator('p1', 'a:b', 'actual'))}"
    again = jsonform.loads(jsonform.dumps(pkg))
    assert again.report[2].body == pkg.report[2].body


_ALPHABET = "0123456789０１２３４５６７８９.,，．%％万元亿个人次起轮年度较同比上年约余多近第⟦⟧f:：；。\n基本支出项目整改率排查（）《》“”-~至 overall:expend_basicyear"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_any_text_renders_extracts_and_checks_without_raising(text: str) -> None:
    pkg = load_sample()
    r = n.render_map(pkg, text)
    assert "".join(text[s.start : s.end] for s in n.tokenize(text)) == text
    for f in figures.figures(r.text):
        assert 0 <= f.start < f.end <= len(r.text)
        a, b = r.raw_range(f.start, f.end)
        assert 0 <= a < b <= len(text)
    figures.years(r.text)
    assert n.fields_in(n.plain_from_paste(text, pkg)) == []
    pkg.report[5].body = text + "1" + "0" * 40 + "元，" + "9" * 30 + "万元"
    assert not [f.message for f in run_checks(pkg) if f.rule_id == "BUG"]
