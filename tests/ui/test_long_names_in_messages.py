"""Issue 19: a pathological name (thousands of characters) is quoted shortened in messages and status lines."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from evaldesk.ui.labels import NAME_CHARS, short_name
from evaldesk.ui.models.indicator_model import C_WEIGHT
from tests.ui.helpers import overall_editor, projects_page


def test_short_name_keeps_short_names_and_cuts_long_ones() -> None:
    assert short_name("群众满意度") == "群众满意度"
    assert short_name("甲" * NAME_CHARS) == "甲" * NAME_CHARS
    assert short_name("甲" * (NAME_CHARS + 1)) == "甲" * NAME_CHARS + "…"
    assert short_name("  第一行\n第二行  ") == "第一行 第二行"
    assert short_name("") == ""


def test_the_cannot_paste_message_quotes_a_huge_indicator_name_shortened(sample_window, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])) or 0)
    editor = overall_editor(sample_window)
    huge = "超长指标名称" * 1000  # as an old draft or an imported workbook could hold it
    item = editor.model.item_of(0)
    sample_window.session.package.overall.indicators[item].name = huge
    editor.model.rebuild()
    editor.view.setCurrentIndex(editor.model.index(0, C_WEIGHT))
    QGuiApplication.clipboard().setText("十分\n")
    assert not editor.view.paste()
    assert len(shown) == 1
    assert f"指标“{short_name(huge)}”的分值" in shown[0]
    assert huge[: NAME_CHARS + 1] not in shown[0] and len(shown[0]) < 300, shown[0]


def test_delete_project_question_and_undo_text_quote_a_huge_name_shortened(
    sample_window, monkeypatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.Yes
    )
    page = projects_page(sample_window)
    huge = "超长项目名称" * 1000
    project = sample_window.session.package.projects[0]
    project.name = huge
    page.show_project(project.id)
    assert page.form.fields["name"].accessibleName() == f"附件3“{short_name(huge)}”项目支出名称"
    assert page.projects.select(project.id)
    assert page.projects.delete_current()
    assert len(asked) == 1 and f"确定删除项目“{short_name(huge)}”及其附件3" in asked[0]
    assert sample_window.session.undo_stack.undoText() == f"删除项目“{short_name(huge)}”"
    assert sample_window.undo_action.text() == f"撤销“删除项目“{short_name(huge)}””"
