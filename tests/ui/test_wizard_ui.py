"""The new-package wizard window, driven like a clerk: fill fields, 下一步, 完成."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from evaldesk.core.storage import Draft
from evaldesk.ui.document.wizard import NewPackageDialog
from tests.ui.helpers import commit_text


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


def _to_save_page(qtbot, dlg):  # type: ignore[no-untyped-def]
    dlg.show()
    commit_text(dlg.step_pages[0].inputs["unit_name"], "测试局")
    dlg.next()
    dlg.next()
    page = dlg.step_pages[2]
    assert dlg.currentPage() is page
    return page, page.inputs["path"], dlg.button(QWizard.WizardButton.FinishButton)


def test_save_path_typed_from_the_root_never_raises(qtbot, tmp_path):
    """Typing "/…" or "./…" character by character: a message at the field, never 出错了."""
    dlg = NewPackageDialog(save_dir=tmp_path)
    qtbot.addWidget(dlg)
    page, edit, finish = _to_save_page(qtbot, dlg)
    (tmp_path / "资料").mkdir()
    for typed in (f"/{tmp_path}/资料/".replace("//", "/"), "./"):
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        edit.setFocus()
        if typed.isascii():
            qtbot.keyClicks(edit, typed)
        else:
            head, tail = typed.split("资料")
            qtbot.keyClicks(edit, head)
            commit_text(edit, "资料")
            qtbot.keyClicks(edit, tail)
        assert edit.text() == typed  # nothing typed was lost
    # "./" is the suggested folder: the file goes inside it, and the page says so.
    assert page.errors["path"].text() == ""
    year = dt.date.today().year - 1
    assert page.path_note.text() == f"“./”是一个文件夹：将在其中新建“测试局-{year}年度.evaldesk”。"
    assert finish.isEnabled()
    # A folder typed as the file name: the file goes inside 资料, never 资料.evaldesk beside it.
    edit.setText(f"{tmp_path}/资料/")
    assert finish.isEnabled()
    with qtbot.waitSignal(dlg.accepted):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert dlg.draft is not None
    assert dlg.draft.path == tmp_path / "资料" / f"测试局-{dt.date.today().year - 1}年度.evaldesk"
    assert not (tmp_path / "资料.evaldesk").exists()
    dlg.draft.close()


def test_browse_clears_a_stale_folder_message(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QPushButton

    dlg = NewPackageDialog(save_dir=tmp_path)
    qtbot.addWidget(dlg)
    page, edit, finish = _to_save_page(qtbot, dlg)
    wanted = tmp_path / "新文件夹" / "a.evaldesk"
    edit.setText(str(wanted))
    assert page.errors["path"].text() == f"文件夹“{tmp_path / '新文件夹'}”不存在，请选择一个已有的文件夹。"
    assert not finish.isEnabled()

    def pick(*_a):  # type: ignore[no-untyped-def]
        (tmp_path / "新文件夹").mkdir()  # the clerk makes the folder in the dialog and picks the same name
        return str(wanted), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    browse = next(b for b in page.findChildren(QPushButton) if b.text() == "浏览…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert page.errors["path"].text() == ""
    assert finish.isEnabled()
