"""The navigator's ✓ means done: required parts filled and no open error (never on an empty package)."""

from __future__ import annotations

from evaldesk.core import model
from evaldesk.core.storage import Draft
from evaldesk.ui.steps import step_index


def _marks(window) -> dict[str, str]:  # type: ignore[no-untyped-def]
    nav = window.workspace.navigator
    return {spec.key: nav.item(i).text().split()[0] for i, spec in enumerate(window.workspace.steps)}


def _open_new(window, tmp_path):  # type: ignore[no-untyped-def]
    pkg = model.new_package(unit_name="测试局", department="", fiscal_year=2024, ruleset_id="mof2020")
    path = tmp_path / "新包.evaldesk"
    Draft.create(path, pkg).close()
    assert window.open_path(path)
    return window.session


def test_an_empty_package_has_no_check_marks_on_report_and_export(qtbot, window, tmp_path):
    _open_new(window, tmp_path)
    marks = _marks(window)
    assert marks["report"] == "○"
    assert marks["export"] == "○"
    nav = window.workspace.navigator
    assert nav.item(step_index("report")).toolTip() == "自评报告：尚未填写"
    assert nav.item(step_index("export")).toolTip() == "导出：必填的内容尚未填完"


def test_report_is_checked_once_written(qtbot, window, tmp_path):
    session = _open_new(window, tmp_path)
    for i in range(10):
        assert session.set_value(("report", i, "body"), f"第{i + 1}部分的内容。", "修改")
    assert _marks(window)["report"] == "✓"


def test_export_is_checked_only_without_open_errors(qtbot, sample_window):
    nav = sample_window.workspace.navigator
    item = nav.item(step_index("export"))
    errors = sum(1 for f in sample_window.session.analysis.findings if f.severity == "error")
    assert errors and item.text().startswith("○")
    assert item.toolTip() == f"导出：还有{errors}处错误未处理，见“审核”"
