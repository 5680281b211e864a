"""core.indicator_rows: where indicator rows go and when a 偏差原因 is required, without a window."""

from __future__ import annotations

from evaldesk.core import edits, indicator_rows, model
from evaldesk.core.scoring import IndicatorScore, Score

PATH = ("overall", "indicators")


def _ind(level1: str, level2: str, name: str = "", deviation: str = "") -> model.Indicator:
    return model.Indicator(level1=level1, level2=level2, name=name, deviation=deviation)


def _table() -> list[model.Indicator]:
    return [
        _ind("产出指标", "数量指标", "a"),
        _ind("产出指标", "数量指标", "b"),
        _ind("产出指标", "时效指标", "c"),
        _ind("满意度指标", "服务对象满意度指标", "d"),
    ]


def _score(required: bool, why: str = "得分低于分值") -> IndicatorScore:
    s = Score(None, None, "")
    return IndicatorScore(0, s, s, "quant", required, why if required else "")


def test_a_new_row_goes_after_its_heading_or_where_the_form_has_the_heading() -> None:
    inds = _table()
    assert indicator_rows.insert_position(inds, "产出指标", "数量指标") == 2
    assert (
        indicator_rows.insert_position(inds, "产出指标", "质量指标") == 2
    )  # 质量 sits between 数量 and 时效
    assert indicator_rows.insert_position(inds, "效益指标", "社会效益指标") == 3
    assert indicator_rows.insert_position(inds, "其他", "其他") == 4  # unknown headings last
    assert indicator_rows.insert_position([], "产出指标", "数量指标") == 0


def test_rows_move_only_within_their_heading() -> None:
    inds = _table()
    assert indicator_rows.same_group(inds, 0, 1)
    assert not indicator_rows.same_group(inds, 1, 2)
    assert not indicator_rows.same_group(inds, 0, -1) and not indicator_rows.same_group(inds, 3, 4)


def test_a_library_indicator_fills_an_empty_row_of_its_heading_keeping_its_reason() -> None:
    inds = [*_table(), _ind("满意度指标", "服务对象满意度指标", deviation="已说明")]
    ind = _ind("满意度指标", "服务对象满意度指标", "群众满意度")
    pos, edit = indicator_rows.place_indicator(PATH, inds, ind)
    assert pos == 4 and isinstance(edit, edits.SetValue) and edit.path == (*PATH, 4)
    assert edit.value.name == "群众满意度" and edit.value.deviation == "已说明"


def test_a_library_indicator_without_an_empty_row_is_inserted_under_its_heading() -> None:
    pos, edit = indicator_rows.place_indicator(PATH, _table(), _ind("产出指标", "数量指标", "e"))
    assert pos == 2 and edit == edits.InsertItem(PATH, 2, _ind("产出指标", "数量指标", "e"))


def test_a_deviation_reason_is_needed_when_required_and_blank_or_boilerplate() -> None:
    boiler = ("无", "/")
    assert (
        indicator_rows.deviation_needed(_ind("产出指标", "数量指标"), _score(True), boiler) == "得分低于分值"
    )
    assert (
        indicator_rows.deviation_needed(_ind("a", "b", deviation=" 无 "), _score(True), boiler)
        == "得分低于分值"
    )
    assert indicator_rows.deviation_needed(_ind("a", "b", deviation="设备晚到"), _score(True), boiler) == ""
    assert indicator_rows.deviation_needed(_ind("a", "b"), _score(False), boiler) == ""
    assert indicator_rows.deviation_needed(_ind("a", "b"), None, boiler) == ""
    assert indicator_rows.deviation_needed(_ind("a", "b"), _score(True, ""), boiler) == "须说明偏差原因"


def test_a_boilerplate_reason_is_refused_only_where_one_is_required() -> None:
    boiler = ("无",)
    refusal = indicator_rows.deviation_refusal(" 无 ", _score(True), boiler)
    assert refusal.startswith("“无”不足以说明偏差原因（得分低于分值）")
    assert indicator_rows.deviation_refusal("无", _score(False), boiler) == ""
    assert indicator_rows.deviation_refusal("设备晚到", _score(True), boiler) == ""
    assert indicator_rows.deviation_refusal("", _score(True), boiler) == ""
