"""The new-package wizard: the clerk picks the 分值方案 and the new draft keeps it."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from evaldesk.core import rulesets
from evaldesk.core.storage import Draft
from evaldesk.ui.document.wizard import NewPackageDialog
from tests.ui.helpers import commit_text


def test_wizard_scheme_choice_reaches_the_draft(qtbot, tmp_path):
    dlg = NewPackageDialog(save_dir=tmp_path)
    qtbot.addWidget(dlg)
    dlg.show()
    next_btn = dlg.button(QWizard.WizardButton.NextButton)
    unit = dlg.step_pages[0].inputs["unit_name"]
    unit.setFocus()
    commit_text(unit, "岳阳楼区应急管理局")
    qtbot.mouseClick(next_btn, Qt.MouseButton.LeftButton)

    year_page = dlg.step_pages[1]
    scheme = year_page.inputs["scheme"]
    assert [scheme.itemText(i) for i in range(scheme.count())] == [label for _, label in rulesets.SCHEMES]
    assert scheme.currentData() == rulesets.NATIONAL
    scheme.setFocus()
    qtbot.keyClick(scheme, Qt.Key.Key_Down)
    assert scheme.currentData() == rulesets.FREE
    if os.environ.get("EVALDESK_SHOTS"):
        qtbot.wait(100)
        dlg.grab().save(os.path.join(os.environ["EVALDESK_SHOTS"], "wizard_scheme.png"))
    qtbot.mouseClick(next_btn, Qt.MouseButton.LeftButton)
    finish = dlg.button(QWizard.WizardButton.FinishButton)
    with qtbot.waitSignal(dlg.accepted):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert dlg.draft is not None
    path = dlg.draft.path
    dlg.draft.close()
    draft = Draft.open(path)
    try:
        rs, problem = rulesets.of_package(draft.package)
        assert (rs.id, rs.scheme, problem) == ("mof2020", rulesets.FREE, "")
    finally:
        draft.close()
