"""``evaldesk check``: text and JSON output, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from evaldesk.cli.check import run_check
from evaldesk.core import jsonform
from evaldesk.core.sample import load_sample
from tests.helpers.checks import clean_package


def test_sample_has_errors_exit_1() -> None:
    out = io.StringIO()
    assert run_check(load_sample(), as_json=False, out=out) == 1
    text = out.getvalue()
    assert text.startswith("岳阳楼区应急管理局 · 2023年度 · 规则集：湖南省规则")
    assert "附件2 整体支出：总分 100.00 优" in text
    assert (
        "[错误] R1 单位信息：附件1：财政供养人员控制率填报为100%，按 实际在职人数47 ÷ 编制数49 计算应为95.92%。"
        in text
    )
    assert "    计算：控制率 = 实际在职人数47 ÷ 编制数49 = 95.92%" in text
    assert text.rstrip().endswith("审核：错误 9 · 警告 18 · 提示 5")


def test_clean_package_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.json"
    path.write_text(jsonform.dumps(clean_package()), encoding="utf-8")
    out = io.StringIO()
    assert run_check(str(path), as_json=True, out=out) == 0
    data = json.loads(out.getvalue())
    assert data["summary"] == {"error": 0, "warning": 0, "hint": 0} and data["findings"] == []
    assert data["scores"]["overall"]["total"]["value"] == "100.00"
    assert data["scores"]["projects"]["p1"]["grade"] == "优"


def test_json_findings(tmp_path: Path) -> None:
    path = tmp_path / "sample.json"
    path.write_text(jsonform.dumps(load_sample()), encoding="utf-8")
    out = io.StringIO()
    assert run_check(path, as_json=True, out=out) == 1
    data = json.loads(out.getvalue())
    first = data["findings"][0]
    assert first["rule_id"] == "R1" and first["severity"] == "error"
    assert first["location"] == {
        "part": "unit",
        "path": ["unit", "control_rate_entered"],
        "project_id": "",
        "label": "附件1“控制率”",
        "key": "unit/control_rate_entered",
    }
    assert first["values"] == {"entered": "100", "computed": "95.92"}
    assert first["rule_title"] == "控制率（人员、楼堂馆所）与计算一致"


@pytest.mark.parametrize("content", [b"not json at all", b'{"format": "other"}'])
def test_unusable_input_exit_2(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert run_check(path, as_json=False, out=io.StringIO()) == 2
    assert capsys.readouterr().err.startswith("错误：")


def test_missing_file_exit_2(tmp_path: Path) -> None:
    assert run_check(tmp_path / "none.json", as_json=True, out=io.StringIO()) == 2
