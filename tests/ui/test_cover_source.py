"""The cover shows one unit name everywhere: the 自评报告 page, the PDF cover and the 审核 findings."""

from __future__ import annotations

from evaldesk.export.pdf.report import unit_name as printed_unit_name
from evaldesk.ui.steps import step_index


def test_report_page_shows_the_name_the_cover_prints(qtbot, sample_window):
    pkg = sample_window.session.package
    assert pkg.cover.unit_name == ""  # left blank in the sample, as submitted
    ws = sample_window.workspace
    ws.go_to(step_index("report"))
    page = ws.page(step_index("report"))
    printed = printed_unit_name(pkg)
    assert printed == "岳阳楼区应急管理局"
    assert f"单位名称：{printed}" in page.cover_label.text()
    assert not [f for f in sample_window.session.analysis.findings if f.location.key == "cover/unit_name"]

    # A different name typed for the cover is what the page shows, and L6 says it differs.
    assert sample_window.session.set_value(("cover", "unit_name"), "岳阳楼区应急局", "修改封面单位名称")
    assert "单位名称：岳阳楼区应急局" in page.cover_label.text()
    assert printed_unit_name(sample_window.session.package) == "岳阳楼区应急局"
    l6 = [f.message for f in sample_window.session.analysis.findings if f.location.key == "cover/unit_name"]
    assert l6 == ["封面单位名称“岳阳楼区应急局”与单位信息中的“岳阳楼区应急管理局”不一致。"]

    # The unit page's cover field says what an empty cover name prints.
    ws.go_to(step_index("unit"))
    unit_page = ws.page(step_index("unit"))
    assert unit_page.cover_unit.placeholderText() == "留空则为：岳阳楼区应急管理局"
