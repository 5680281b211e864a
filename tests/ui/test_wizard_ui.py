"""The new-package wizard window, driven like a clerk: fill fields, 下一步, 完成."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from evaldesk.core.storage import Draft
from evaldesk.ui.wizard import NewPackageDialog
from tests.ui.conftest import commit_text


def test_wizard_creates_package(qtbot, tmp_path):
    dlg = NewPackageDialog(save_dir=tmp_path)
    qtbot.addWidget(dlg)
    dlg.show()
    next_btn = dlg.button(QWizard.WizardButton.NextButton)
    assert next_btn.text() == "下一步"
    assert not next_btn.isEnabled()  # 单位名称 is required

    unit = dlg.step_pages[0].inputs["unit_name"]
    unit.setFocus()
    commit_text(unit, "岳阳楼区应急管理局")
    dept = dlg.step_pages[0].inputs["department"]
    commit_text(dept, "岳阳楼区政府")
    assert next_btn.isEnabled()
    qtbot.mouseClick(next_btn, Qt.MouseButton.LeftButton)

    year_page = dlg.step_pages[1]
    assert dlg.currentPage() is year_page
    year = year_page.inputs["fiscal_year"]
    assert year.text() == str(dt.date.today().year - 1)
    year.selectAll()
    qtbot.keyClicks(year, "2099")
    assert not next_btn.isEnabled()
    assert "还没有到" in year_page.errors["fiscal_year"].text()
    year.selectAll()
    qtbot.keyClicks(year, "2022")
    assert next_btn.isEnabled() and year_page.errors["fiscal_year"].text() == ""
    combo = year_page.inputs["ruleset"]
    combo.setCurrentIndex(combo.findData("hunan"))
    qtbot.mouseClick(next_btn, Qt.MouseButton.LeftButton)

    save_page = dlg.step_pages[2]
    path_edit = save_page.inputs["path"]
    expected = tmp_path / "岳阳楼区应急管理局-2022年度.evaldesk"
    assert path_edit.text() == str(expected)
    finish = dlg.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "完成"
    with qtbot.waitSignal(dlg.accepted):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert dlg.draft is not None and dlg.draft.path == expected
    dlg.draft.close()

    draft = Draft.open(expected)
    try:
        pkg = draft.package
        assert (pkg.unit.name, pkg.unit.department, pkg.fiscal_year, pkg.ruleset_id) == (
            "岳阳楼区应急管理局",
            "岳阳楼区政府",
            2022,
            "hunan",
        )
    finally:
        draft.close()


def test_new_package_from_window(qtbot, window, tmp_path, monkeypatch):
    def fake_exec(self):  # type: ignore[no-untyped-def]
        self.logic.set_value("unit_name", "测试局")
        self.show()
        self.next()
        self.next()
        self.step_pages[-1].inputs["path"].setText(str(tmp_path / "测试.evaldesk"))
        self.accept()
        return self.result()

    monkeypatch.setattr(NewPackageDialog, "exec", fake_exec)
    qtbot.mouseClick(window.start_page.new_button, Qt.MouseButton.LeftButton)
    assert window.workspace is not None
    year = dt.date.today().year - 1
    assert window.windowTitle() == f"测试局 · {year}年度 · 已保存 — 测试.evaldesk"
    # A new package's 基础数据表 shows the headings, with the year in the column headers.
    page = window.workspace.page(1)
    assert page.grid_model.headers() == ["项目", f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数"]
