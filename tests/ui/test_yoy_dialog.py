"""与上年对比: the sample's 附件1 columns compared, and a carried-over 2024 package against the 2023 sample."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from evaldesk.core import jsonform, model
from evaldesk.core.carryover import carry_over
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft
from evaldesk.ui.review.yoy_dialog import C_REASON, FLAG_COLORS, YoyDialog, YoyTable


def open_yoy(window) -> YoyDialog:  # type: ignore[no-untyped-def]
    window.yoy_action.trigger()
    dlg = window.yoy_dialog
    assert isinstance(dlg, YoyDialog) and dlg.isVisible() and not dlg.isModal()
    return dlg


def row_of(table: YoyTable, label: str, group: str = "") -> int:
    return next(r for r, row in enumerate(table.rows) if row.label == label and group in ("", row.group))


def texts(table: YoyTable, r: int) -> list[str]:
    return [table.item(r, c).text() for c in range(table.columnCount())]


def double_click(qtbot, table: YoyTable, r: int) -> None:  # type: ignore[no-untyped-def]
    table.scrollToItem(table.item(r, 1))
    pos = table.visualItemRect(table.item(r, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def assert_not_clipped(table: YoyTable) -> None:
    """Every cell's text fits its cell: wrapped to the column width, within the row height."""
    fm = table.fontMetrics()
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            text = table.item(r, c).text()
            if not text:
                continue
            need = fm.boundingRect(QRect(0, 0, table.columnWidth(c) - 8, 10000), flags, text)
            assert need.width() <= table.columnWidth(c), (r, c, text)
            assert need.height() <= table.rowHeight(r), (r, c, text)


def test_sample_columns_compared_with_reasons(qtbot, sample_window):
    dlg = open_yoy(sample_window)
    t = dlg.within
    assert t.horizontalHeaderItem(2).text() == "2022年\n决算数"
    r = row_of(t, "仓田消防站")
    assert texts(t, r)[:6] == ["区级专项", "仓田消防站", "263.41", "809.11", "+545.70", "+207.17%"]
    assert texts(t, r)[C_REASON].startswith("变化较大")
    assert t.item(r, 1).background().color() == FLAG_COLORS["sharp"]
    assert "较上年（2022年决算数263.41万元）增加545.70万元" in t.item(r, 1).toolTip()
    r = row_of(t, "全国自然灾害风险普查")
    assert texts(t, r)[2:6] == ["60.67", "0.00", "−60.67", "−100.00%"] and t.rows[r].flags == ("sharp",)
    r = row_of(t, "三公经费")
    assert t.rows[r].flags == () and texts(t, r)[4:] == ["−1.82", "−37.92%", ""]
    assert texts(t, row_of(t, "公务接待"))[5] == "上年为0"
    flagged = [row.label for row in t.rows if row.flags]
    assert "有 14 行需要留意" in dlg.within_note.text() and len(flagged) == 14
    assert_not_clipped(t)

    # An amount copied from last year's column is flagged as soon as it is typed.
    sample_window.session.set_value(("basic", "rows", "public_office", "actual"), D("14.24"), "修改")
    r = row_of(t, "办公经费")
    assert t.rows[r].flags == ("same",)
    assert texts(t, r)[C_REASON].startswith("与上年完全相同")
    assert t.item(r, 0).background().color() == FLAG_COLORS["same"]
    assert "有 15 行需要留意" in dlg.within_note.text()

    double_click(qtbot, t, row_of(t, "仓田消防站"))
    ws = sample_window.workspace
    assert ws.steps[ws.current].key == "basic"
    basic = ws.page(ws.current)
    idx = basic.grid.currentIndex()
    assert basic.grid_model.cell_at(idx.row(), idx.column()).path == ("basic", "special", 1, "actual")

    # Closed, it catches up with the edits when shown again.
    dlg.close()
    sample_window.session.set_value(("basic", "rows", "public_office", "actual"), D("5.67"), "修改")
    assert open_yoy(sample_window) is dlg
    assert t.rows[row_of(t, "办公经费")].flags == ()


def test_last_years_package_loaded_and_compared(qtbot, window, tmp_path, monkeypatch):
    last = load_sample()
    last_file = tmp_path / "2023年度.json"
    last_file.write_text(jsonform.dumps(last), encoding="utf-8")
    cur = carry_over(last)
    cur.basic.special[1].actual = D("100")  # 仓田消防站 809.11 → 100: sharp
    cur.basic.rows["public"].prev = D("70")  # last year's package says 77.23: mismatch
    cur.basic.rows["public"].actual = D("76")
    cur.basic.rows["public_office"].actual = D("5.67")  # exactly last year's 5.67: a copy?
    cur.projects[0].funding.total = model.FundingRow(initial=D("80"), full=D("80"), executed=D("30"))
    window.set_draft(Draft.create(tmp_path / "2024.evaldesk", cur))
    dlg = open_yoy(window)
    t = dlg.compare
    assert t.rowCount() == 0 and "选择上一年度的自评包" in dlg.compare_note.text()

    asked = {}

    def open_name(parent, title, start, filt):  # type: ignore[no-untyped-def]
        asked["title"] = title
        return str(last_file), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    qtbot.mouseClick(dlg.load_button, Qt.MouseButton.LeftButton)
    assert asked["title"] == "选择上一年度的自评包"
    assert dlg.tabs.currentIndex() == 1
    assert t.horizontalHeaderItem(3).text() == "本年\n（2024年）"
    assert dlg.compare_note.text().startswith("上年自评包：2023年度.json（2023年度，岳阳楼区应急管理局）。")

    r = row_of(t, "仓田消防站")
    assert texts(t, r)[:6] == ["区级专项", "仓田消防站", "809.11", "100.00", "−709.11", "−87.64%"]
    assert t.rows[r].flags == ("sharp",)
    r = row_of(t, "公用经费")
    assert t.rows[r].flags == ("mismatch",)
    assert texts(t, r)[C_REASON] == "本表的2023年决算数填为70.00，上年自评包中为77.23，两者应一致。"
    assert t.item(r, 3).background().color() == FLAG_COLORS["mismatch"]
    r = row_of(t, "办公经费")
    assert t.rows[r].flags == ("same",) and texts(t, r)[2:4] == ["5.67", "5.67"]
    r = row_of(t, "业务工作经费", "附件3")
    project = t.rows[r]
    assert project.group == "附件3" and project.flags == ("sharp",)
    assert texts(t, r)[2:6] == ["74.99", "30.00", "−44.99", "−59.99%"]
    assert_not_clipped(t)

    double_click(qtbot, t, r)
    ws = window.workspace
    assert ws.steps[ws.current].key == "projects"
    funding = ws.page(ws.current).form.funding
    assert funding.grid.cell(funding.currentIndex()).path == (
        "projects",
        "p1",
        "funding",
        "total",
        "executed",
    )


def test_unreadable_last_year_says_why(qtbot, sample_window, tmp_path, monkeypatch):
    bad = tmp_path / "上年.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    warned = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warned.append((box.windowTitle(), box.text())))
    dlg = open_yoy(sample_window)
    assert not dlg.choose_last_year()
    assert warned and warned[0][0] == "无法读取上年自评包" and "上年.xlsx" in warned[0][1]
    assert dlg.last_year is None and dlg.compare.rowCount() == 0
    assert sample_window.session.last_year is None
