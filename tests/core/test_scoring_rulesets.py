"""Rule sets are data: the shipped ones load, inherit, and every threshold comes from them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from evaldesk.core import paths, rulesets
from evaldesk.core.errors import FileFormatError
from evaldesk.core.sample import load_sample
from tests.helpers.checks import D


def test_shipped_rule_sets() -> None:
    assert [i for i, _ in rulesets.available()] == ["mof2020", "hunan"]
    for rid in ("mof2020", "hunan"):
        rs = rulesets.get(rid)
        assert rs.execution_weight == 10 and rs.level1 == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
        assert rs.total == 100 and rs.over_completion_ratio == D("1.2")
        assert (rs.money_pass, rs.money_warn) == (D("0.01"), D("0.05"))
        assert [b.name for b in rs.bands] == ["达成年度指标", "部分达成并具有一定效果", "未达成且效果较差"]
    assert rulesets.get("hunan").name == "湖南省规则"


def test_bands_follow_the_domain() -> None:
    top, mid, low = rulesets.get("mof2020").bands
    assert top.contains(D(80)) and not mid.contains(D(80)) and mid.contains(D(60)) and not low.contains(D(60))
    assert top.label() == "80%–100%（含80%）"


def test_resolve_unknown_is_not_silent() -> None:
    rs, problem = rulesets.resolve("nowhere")
    assert rs.id == "mof2020" and "“nowhere”不存在" in problem
    assert rulesets.resolve("../etc/passwd")[1]  # not a valid id: refused, not read
    assert rulesets.resolve("hunan") == (rulesets.get("hunan"), "")


def test_a_province_is_a_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rulesets").mkdir()
    for name in ("mof2020.json", "hunan.json"):
        (tmp_path / "rulesets" / name).write_bytes(paths.resource("rulesets", name).read_bytes())
    sichuan = {
        "id": "sichuan",
        "extends": "mof2020",
        "name": "四川省（示例）",
        "weights": {"level1": {"产出指标": "40", "效益指标": "40", "满意度指标": "10"}},
        "execution_rate": {"curve": [["0", "0"], ["60", "0"], ["100", "1"]]},
    }
    (tmp_path / "rulesets" / "sichuan.json").write_text(
        json.dumps(sichuan, ensure_ascii=False), encoding="utf-8"
    )
    monkeypatch.setattr(paths, "RESOURCES", tmp_path)
    rulesets.get.cache_clear()
    try:
        rs = rulesets.get("sichuan")
        assert rs.level1 == {"产出指标": 40, "效益指标": 40, "满意度指标": 10}
        assert rs.money_pass == D("0.01")  # inherited
        assert rs.rate_share(D(50)) == 0 and rs.rate_share(D(80)) == D("0.5")
        from evaldesk.core.scoring import score_package_with

        pkg = load_sample()
        sheet = score_package_with(pkg, rs)
        assert sheet.overall.by_level1["效益指标"].max == 40
        bad = dict(
            sichuan, id="bad", weights={"level1": {"产出指标": "50", "效益指标": "40", "满意度指标": "10"}}
        )
        (tmp_path / "rulesets" / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(FileFormatError, match="分值合计为110"):
            rulesets.get("bad")
    finally:
        rulesets.get.cache_clear()


def test_a_users_own_rule_set_changes_a_choice_value(tmp_path, monkeypatch) -> None:
    import json

    from evaldesk.core import rulesets

    folder = tmp_path / "rulesets"
    folder.mkdir()
    (folder / "county-test.json").write_text(
        json.dumps(
            {
                "extends": "hunan",
                "name": "某县规则",
                "over_completion_ratio": "1.5",
                "tolerances": {"money_warn": "0.10"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    (folder / "broken-test.json").write_text("{not json", encoding="utf-8")
    (folder / "mof2020.json").write_text('{"name": "冒名"}', encoding="utf-8")  # cannot shadow a shipped set
    monkeypatch.setenv("EVALDESK_DATA_DIR", str(tmp_path))
    rs, problem = rulesets.resolve("county-test")
    assert problem == ""
    assert rs.over_completion_ratio == Decimal("1.5") and rs.money_warn == Decimal("0.10")
    assert rs.money_pass == Decimal("0.01")  # everything else from hunan → mof2020
    ids = dict(rulesets.available())
    assert ids["county-test"] == "某县规则" and "broken-test" not in ids
    assert rulesets.get("mof2020").name.startswith("财政部通用规则")
