"""The indicator library: built-in entries, entries learned from packages, search, damaged user files."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from evaldesk.core import indicator_library as lib
from evaldesk.core import model, targets
from evaldesk.core.indicator_library import IndicatorLibrary, LibraryEntry
from evaldesk.core.sample import load_sample


def test_builtin_entries_are_well_formed() -> None:
    entries = lib.load_builtin()
    assert 60 <= len(entries) <= 100
    level2s = {e.level2 for e in entries}
    assert level2s == {l2 for l2s in model.LEVEL2_BY_LEVEL1.values() for l2 in l2s}
    assert len({e.key for e in entries}) == len(entries)
    for e in entries:
        assert e.level2 in model.LEVEL2_BY_LEVEL1[e.level1], e
        assert e.source == "builtin" and e.example
        v = targets.parse_value(e.example)
        if e.direction:
            # The example target is a well-formed value with the entry's direction and unit.
            assert (v.kind, v.op, v.unit, v.problems) == ("quant", e.direction, e.unit, ()), e
        else:
            assert v.kind == "qual" and e.unit == "", e


def test_builtin_search_by_words() -> None:
    found = lib.search("满意度")
    assert len(found) >= 8
    assert all("满意度" in e.name for e in found)
    assert found[0].name == "群众满意度"  # contiguous matches, shortest (most general) first
    assert [e.name for e in lib.search("服务对象满意度")][:1] == ["服务对象满意度"]  # exact name first
    assert [e.name for e in lib.search("满意度", level2="服务对象满意度", limit=3)] == [
        "群众满意度",
        "企业满意度",
        "患者满意度",
    ]
    assert lib.search("满意度", level2="数量指标") == []
    assert [e.name for e in lib.search("隐患 整改")][:2] == [
        "隐患整改按期完成率",
        "安全隐患整改率",
    ]  # prefix first


def test_search_ranks_and_normalises() -> None:
    e = LibraryEntry("产出指标", "时效指标", "资金拨付及时率", "%", "=", "=100%")
    assert lib.match_rank("资金拨付及时率", e) == 0
    assert lib.match_rank("资金", e) == 1
    assert lib.match_rank("拨付", e) == 2
    assert lib.match_rank("资金　及时率", e) == 3  # ideographic space between words
    assert lib.match_rank("拨付率", e) == 4
    assert lib.match_rank("率拨", e) == 5
    assert lib.match_rank("时效", e) == 6
    assert lib.match_rank("满意", e) is None
    assert lib.match_rank("", e) == 7
    wide = LibraryEntry("产出指标", "数量指标", "开展5G网络宣传次数")
    assert lib.match_rank("５ｇ", wide) == 2  # full-width and case folded


def test_blank_query_lists_a_category() -> None:
    found = lib.search("", level2="生态效益", limit=100)
    assert len(found) == 10 and all(e.level2 == "生态效益指标" for e in found)
    assert len(lib.search("", limit=5)) == 5


def test_learn_from_sample_then_search(data_dir: Path) -> None:
    assert lib.search("排查重大安全隐患") == []
    added = lib.learn_from(load_sample())
    assert added == 20  # 24 named rows, 安全生产宣传知晓率 in both tables, placeholders skipped
    found = lib.search("隐患")
    names = [e.name for e in found]
    assert "排查重大安全隐患个数" in names and "排查各类安全隐患个数" in names
    assert "安全隐患整改率" in names  # built-in entries still there
    hit = next(e for e in found if e.name == "排查重大安全隐患个数")
    assert (hit.level1, hit.level2, hit.unit, hit.direction, hit.example) == (
        "产出指标",
        "数量指标",
        "个",
        "≤",
        "≤2399个",
    )
    assert (hit.source, hit.seen, hit.last_year) == ("learned", 1, 2023)
    # The clerk's own indicators come first within the same rank.
    assert [(e.name, e.source) for e in lib.search("排查")] == [
        ("排查各类安全隐患个数", "learned"),
        ("排查重大安全隐患个数", "learned"),
        ("排查整治安全隐患个数", "builtin"),
        ("重大隐患排查整治率", "learned"),
    ]
    # Stored in the data folder, and read back by a fresh library.
    doc = json.loads((data_dir / "indicator_library.json").read_text(encoding="utf-8"))
    assert doc["format"] == "evaldesk-indicator-library" and len(doc["entries"]) == 20
    again = IndicatorLibrary(data_dir / "indicator_library.json", builtin=[])
    assert {e.name for e in again.learned()} >= {"排查重大安全隐患个数", "企业及广大居民满意度"}


def test_learned_entries_dedup_and_update(data_dir: Path) -> None:
    pkg = load_sample()
    lib.learn_from(pkg)
    pkg.fiscal_year = 2024
    pkg.projects[0].performance.indicators[0].target = "≥2500个"
    assert lib.learn_from(pkg) == 0
    hits = [e for e in lib.search("排查重大安全隐患个数") if e.name == "排查重大安全隐患个数"]
    assert len(hits) == 1
    assert (hits[0].example, hits[0].direction, hits[0].seen, hits[0].last_year) == ("≥2500个", "≥", 2, 2024)
    # Year targets and qualitative targets: no direction; the qualitative text is the example.
    by_name = {e.name: e for e in lib.default_library().learned()}
    assert (by_name["2023年计划执法"].direction, by_name["2023年计划执法"].example) == ("", "")
    assert by_name["5月完成“5.12全国防灾减灾日”"].example == "按时举办"
    assert by_name["企业及广大居民满意度"].direction == ""  # 90% written without an operator
    assert by_name["未发生较大以上安全生产事故"].direction == "="  # 0起
    # A learned entry with a built-in's key replaces the built-in one in the list.
    assert [e.source for e in lib.search("安全生产宣传知晓率") if e.name == "安全生产宣传知晓率"] == [
        "learned"
    ]


def test_user_library_is_bounded(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lib.library, "MAX_USER_ENTRIES", 5)
    lib.learn_from(load_sample())
    assert len(lib.default_library().learned()) == 5


def test_damaged_user_file_is_set_aside(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = data_dir / "indicator_library.json"
    path.write_bytes(b'{"format": "evaldesk-indicator-library", "entries": [')
    with caplog.at_level(logging.WARNING, logger="evaldesk.core.indicator_library"):
        found = lib.search("满意度")
    assert found and all(e.source == "builtin" for e in found)
    assert "damaged" in caplog.text
    aside = list(data_dir.glob("indicator_library.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes().endswith(b"[")
    assert not path.exists()
    assert lib.learn_from(load_sample()) == 20
    assert json.loads(path.read_text(encoding="utf-8"))["entries"]


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b"[]",
        b'{"format": "other", "entries": []}',
        b'{"format": "evaldesk-indicator-library"}',
    ],
)
def test_other_damage_is_survived(data_dir: Path, content: bytes) -> None:
    (data_dir / "indicator_library.json").write_bytes(content)
    assert lib.search("排查") and lib.default_library().learned() == []


def test_bad_records_are_skipped(data_dir: Path) -> None:
    good = {
        "level1": "",
        "level2": "数量指标",
        "name": "巡查次数",
        "unit": "次",
        "direction": "≥",
        "example": "≥12次",
    }
    bad = [{"level2": "数量指标"}, {"name": 5, "level2": "x"}, "text", {**good, "direction": "!"}]
    doc = {"format": "evaldesk-indicator-library", "version": 1, "entries": [good, *bad]}
    (data_dir / "indicator_library.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    learned = lib.default_library().learned()
    assert [(e.level1, e.name) for e in learned] == [("产出指标", "巡查次数")]


def test_unwritable_library_does_not_raise(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evaldesk.core.errors import StorageError

    def refuse(path: object, data: bytes) -> None:
        raise StorageError("磁盘空间不足")

    monkeypatch.setattr(lib.userfile, "write_atomic", refuse)
    assert lib.learn_from(load_sample()) == 20  # counted, logged, not raised
    assert not (data_dir / "indicator_library.json").exists()


def test_to_indicator() -> None:
    entry = next(e for e in lib.search("设备完好率") if e.name == "设备完好率")
    ind = lib.to_indicator(entry)
    assert (ind.level1, ind.level2, ind.name, ind.target) == ("产出指标", "质量指标", "设备完好率", "≥%")
    assert ind.actual == "" and ind.weight is None
    assert lib.target_template(entry) == ("≥", "%")
    qual = next(e for e in lib.search("长效管理机制"))
    assert lib.to_indicator(qual).target == "" and lib.target_template(qual) == ("", "")
    open_dir = LibraryEntry("", "成本指标", "印刷费", "万元", "", "5万元")
    assert lib.to_indicator(open_dir).level1 == "产出指标" and lib.to_indicator(open_dir).target == ""
