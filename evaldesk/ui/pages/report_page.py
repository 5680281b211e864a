"""自评报告: the sections 一–十 on the left, the selected body in a comfortable editor in the middle, and
last year's text of the same section beside it for reference (``report_reference``, collapsible).

Typing is committed after a pause, on leaving the editor and before switching sections, as one
mergeable edit per body (consecutive commits are one undo step). Live fields (插入数据) show their
current value; 根据数据起草 drafts the data sections and asks before replacing the clerk's text.
The cover's title and date are edited on 单位信息; this page shows them and links there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QWidget,
)

from evaldesk.core import edits, model, narrative
from evaldesk.core.findings import Finding
from evaldesk.ui.document.session import DocumentSession
from evaldesk.ui.grid.widgets import IDLE_COMMIT_MS
from evaldesk.ui.labels import short_name
from evaldesk.ui.pages import report_outline as outline
from evaldesk.ui.pages.base import Page
from evaldesk.ui.pages.report_panels import ROLE, EditorPanel, OutlinePanel, confirm_replace, fill_insert_menu
from evaldesk.ui.pages.report_reference import ReferencePanel, attach_reference
from evaldesk.ui.report.report_editor import ReportEditor, raw_to_doc
from evaldesk.ui.review import jump
from evaldesk.ui.text_limit import limit_line_edit, limit_text_edit, set_line_text

DRAFT_SECTIONS = [1, 2, 3, 4]  # 二–五: the sections that are mostly the tables' figures


class ReportPage(Page):
    """Step 5 自评报告."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(
            session,
            "自评报告",
            "按一至十部分编写。蓝底的数字是随表格自动更新的数据字段；“根据数据起草”可生成第二至五部分。",
        )
        self.node: outline.Node | None = None
        self._dirty = False
        self._values: dict[str, tuple[str, str]] = {}
        self._timer = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self._timer.timeout.connect(self.commit)
        self._cover_row()
        self.splitter = split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self._outline_panel())
        split.addWidget(self._editor_panel())
        self.reference = ReferencePanel(session)  # 上年报告（参考）
        attach_reference(split, self.reference, self.editor_panel.reference_button, session)
        em = self.fontMetrics().horizontalAdvance("中")
        self.add_block(split, 1)
        self.column.parentWidget().setMinimumHeight(em * 30)  # type: ignore[union-attr]
        session.recomputed.connect(self._on_recomputed)
        self._rebuild_tree()
        self.refresh_titles()

    # -- layout ------------------------------------------------------------------------------------
    def _cover_row(self) -> None:
        row = QHBoxLayout()
        self.cover_label = QLabel()
        self.cover_label.setWordWrap(True)
        self.cover_button = QPushButton("修改封面…")
        self.cover_button.setToolTip("封面标题、单位名称和日期在“单位信息”中填写")
        self.cover_button.clicked.connect(self.edit_cover)
        row.addWidget(self.cover_label, 1)
        row.addWidget(self.cover_button)
        self.column.addLayout(row)

    def _outline_panel(self) -> QWidget:
        self.outline_panel = panel = OutlinePanel()
        self.tree, self.outline_button = panel.tree, panel.outline_button
        self.add_sub, self.remove_sub, self.up_sub, self.down_sub = (
            panel.add_sub,
            panel.remove_sub,
            panel.up_sub,
            panel.down_sub,
        )
        self.tree.currentItemChanged.connect(self._on_tree_current)
        self.add_sub.clicked.connect(self.add_subsection)
        self.remove_sub.clicked.connect(self.remove_subsection)
        self.up_sub.clicked.connect(lambda: self.move_subsection(-1))
        self.down_sub.clicked.connect(lambda: self.move_subsection(1))
        self.outline_button.clicked.connect(self.make_standard_outline)
        return panel

    def _editor_panel(self) -> QWidget:
        self.editor_panel = panel = EditorPanel(ReportEditor(self._lookup, self._plain_paste))
        self.heading_edit, self.standard_button = panel.heading_edit, panel.standard_button
        self.insert_button, self.insert_menu = panel.insert_button, panel.insert_menu
        self.draft_button, self.count_label = panel.draft_button, panel.count_label
        self.editor, self.findings_list = panel.editor, panel.findings_list
        self.heading_edit.editingFinished.connect(self.commit_heading)
        limit_line_edit(self.heading_edit, "heading", "标题", self.session.notice.emit)
        self.body_limit = limit_text_edit(
            self.editor, "body", "正文", self.session.notice.emit, lambda: len(self.editor.body())
        )
        self.standard_button.clicked.connect(self.use_standard_heading)
        self.insert_menu.aboutToShow.connect(self._fill_insert_menu)
        self.draft_button.clicked.connect(lambda: self.draft(DRAFT_SECTIONS))
        panel.draft_menu.addAction("起草第二至五部分", lambda: self.draft(DRAFT_SECTIONS))
        self.draft_this = panel.draft_menu.addAction(
            "只起草本部分", lambda: self.draft([self.node[0]] if self.node else [])
        )
        panel.draft_menu.addAction("起草所有可起草的部分", lambda: self.draft(list(narrative.DRAFTABLE)))
        self.editor.textChanged.connect(self._on_typed)
        self.editor.focus_lost.connect(self.commit)
        self.editor.undo_requested.connect(self.undo)
        self.editor.redo_requested.connect(self.redo)
        self.findings_list.itemActivated.connect(self._on_finding_activated)
        return panel

    # -- outline -----------------------------------------------------------------------------------
    def _rebuild_tree(self) -> None:
        pkg = self.session.package
        self.outline_panel.fill(pkg)
        keep = outline.kept_node(pkg, self.node)
        self.node = None
        self.select(keep)

    def _on_tree_current(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.select(item.data(0, ROLE))

    def select(self, node: outline.Node | None) -> None:
        """Show ``node``'s heading and body (what was typed in the previous one is committed first)."""
        node = tuple(node) if node is not None else None  # type: ignore[assignment]
        if node == self.node:
            return
        self.commit()
        self.node = node
        item = self.outline_panel.item(node)
        if item is not None and self.tree.currentItem() is not item:
            with QSignalBlocker(self.tree):
                self.tree.setCurrentItem(item)
        has = node is not None
        for w in (self.heading_edit, self.editor, self.insert_button, self.standard_button):
            w.setEnabled(has)
        self._load(keep_cursor=False)
        self._update_buttons()
        self.reference.show_node(node)

    def _update_buttons(self) -> None:
        node = self.node
        self.outline_panel.update_buttons(self.session.package, node)
        self.standard_button.setVisible(node is not None and node[1] is None)
        self.draft_this.setEnabled(node is not None and node[0] in narrative.DRAFTABLE)

    # -- the editor ----------------------------------------------------------------------------------
    def _load(self, keep_cursor: bool = True) -> None:
        pkg, node = self.session.package, self.node
        with QSignalBlocker(self.heading_edit):
            set_line_text(self.heading_edit, outline.heading(pkg, node) if node else "")
        self._dirty = False
        self._timer.stop()
        self.editor.set_body(outline.body(pkg, node) if node else "", keep_cursor)
        placeholder = "在此输入本部分正文。"
        if node is not None and node[1] is None and pkg.report[node[0]].subsections:
            placeholder = "（本部分正文写在各小节中；此处文字位于第一个小节之前，可留空。）"
        self.editor.setPlaceholderText(placeholder)
        self._refresh_count()
        self._refresh_findings()

    def _lookup(self, key: str) -> tuple[str, str]:
        if key not in self._values:
            fv = narrative.resolve_field(self.session.package, key, self.session.analysis.scores)
            self._values[key] = (fv.text, fv.status)
        return self._values[key]

    def _plain_paste(self, text: str) -> str:
        return narrative.plain_from_paste(text, self.session.package, self.session.analysis.scores)

    def _on_typed(self) -> None:
        if self.editor.loading:
            return
        self._dirty = True
        self._timer.start()
        self._refresh_count()

    def commit(self) -> bool:
        """Store what was typed in the current body (merges with this body's previous commit)."""
        self._timer.stop()
        if not self._dirty or self.node is None:
            return False
        self._dirty = False
        pkg = self.session.package
        if not outline.exists(pkg, self.node):
            return False
        label = f"修改自评报告“{short_name(outline.title(pkg, self.node))}”"
        return self.session.set_value(outline.body_path(self.node), self.editor.body(), label, mergeable=True)

    def commit_heading(self) -> None:
        if self.node is None or not outline.exists(self.session.package, self.node):
            return
        text = self.heading_edit.text().strip()
        self.session.set_value(outline.heading_path(self.node), text, "修改自评报告标题")

    def use_standard_heading(self) -> None:
        if self.node is not None and self.node[1] is None:
            std = outline.standard_heading(self.node[0])
            if std:
                self.session.set_value(outline.heading_path(self.node), std, "恢复标准标题")

    def undo(self) -> None:
        self.commit()
        self.session.undo_stack.undo()

    def redo(self) -> None:
        self.commit()
        self.session.undo_stack.redo()

    def _refresh_count(self) -> None:
        n = outline.count_chars(self.editor.shown_text())
        total = outline.total_chars(self.session.package, self.session.analysis.scores, self.node, n)
        self.count_label.setText(f"本部分 {n} 字 · 全文 {total} 字")

    # -- following the package ----------------------------------------------------------------------
    def _on_changed(self, edit: Any) -> None:
        super()._on_changed(edit)
        self._values.clear()  # any edit may change a field's value
        paths = edits.edit_paths(edit)
        report_paths = [p for p in paths if p[:1] == ("report",)]
        if any(len(p) <= 2 for p in report_paths) or (report_paths and edits.is_structural(edit)):
            self._rebuild_tree()
            return
        pkg = self.session.package
        for p in report_paths:
            node = outline.node_of(p)
            item = self.outline_panel.item(node)
            if node is not None and item is not None and outline.exists(pkg, node):
                item.setText(0, outline.heading(pkg, node).strip() or "（未命名）")
                item.setToolTip(0, item.text(0))
        if self.node is not None and outline.exists(pkg, self.node):
            if not self.heading_edit.hasFocus() or not self.heading_edit.isModified():
                with QSignalBlocker(self.heading_edit):
                    set_line_text(self.heading_edit, outline.heading(pkg, self.node))
            if not self._dirty and outline.body(pkg, self.node) != self.editor.body():
                self.editor.set_body(outline.body(pkg, self.node))
        self.editor.relayout()
        self._update_buttons()
        if report_paths:
            self.reference.show_node(self.node)  # a renamed heading may match another of last year's
        if self.isVisible():
            self._refresh_count()

    def _on_recomputed(self) -> None:
        self._values.clear()  # scores are new too
        self.editor.relayout()
        self._refresh_findings()

    def refresh_titles(self) -> None:
        pkg = self.session.package
        d = pkg.cover.date
        date = f"{d.year}年{d.month}月{d.day}日" if d else "未填写（打印后手写）"
        unit = pkg.cover_unit_name() or "未填写"
        self.cover_label.setText(f"封面：{pkg.title()}　·　单位名称：{unit}　·　日期：{date}")

    def edit_cover(self) -> bool:
        ws = jump.find_workspace(self)
        return bool(ws is not None and ws.focus_path("unit", ("cover", "title")))

    # -- findings in this body -----------------------------------------------------------------------
    def _findings_here(self) -> list[Finding]:
        if self.node is None:
            return []
        here = []
        for f in self.session.analysis.findings:
            target = jump.report_target(f)
            if target is not None and outline.node_of(target[0]) == self.node:
                here.append(f)
        return here

    def _refresh_findings(self) -> None:
        self.editor_panel.show_findings(self._findings_here())

    def _on_finding_activated(self, item: QListWidgetItem) -> None:
        f = item.data(ROLE)
        target = jump.report_target(f) if isinstance(f, Finding) else None
        if target is not None:
            self.focus_text(target[0], target[1], target[2], f.values.get("snippet"))

    # -- jumps ---------------------------------------------------------------------------------------
    def focus_path(self, path: edits.Path) -> bool:
        node = outline.node_of(path)
        if node is None or not outline.exists(self.session.package, node):
            return False
        self.select(node)
        self.ensureWidgetVisible(self.editor)
        if tuple(path)[-1:] == ("heading",):
            self.heading_edit.setFocus()
            self.heading_edit.selectAll()
        else:
            self.editor.setFocus()
        return True

    def focus_text(
        self, path: edits.Path, offset: int | None, length: int | None, needle: str | None = None
    ) -> bool:
        """Select the sentence at stored-text ``offset`` (or the one containing ``needle``) in a body."""
        if not self.focus_path(path):
            return False
        if tuple(path)[-1:] == ("heading",):
            return True
        stored = self.editor.body()
        if offset is None:
            rendered = narrative.render_map(self.session.package, stored, self.session.analysis.scores)
            at = rendered.text.find(needle) if needle else -1
            if at < 0:
                return True
            offset, end_raw = rendered.raw_range(at, at + len(needle or " "))
            length = end_raw - offset
        start = raw_to_doc(stored, offset)
        end = raw_to_doc(stored, offset + (length or 0))
        a, b = outline.sentence_around(self.editor.document().toPlainText(), start, end)
        self.editor.select_range(a, b)
        return True

    # -- outline edits -------------------------------------------------------------------------------
    def add_subsection(self) -> None:
        if self.node is None:
            return
        self.commit()
        edit, node = outline.add_subsection(self.session.package, *self.node)
        if self.session.push(edit, "添加小节"):
            self.select(node)
            self.heading_edit.setFocus()
            self.heading_edit.end(False)

    def remove_subsection(self) -> None:
        if self.node is None or self.node[1] is None:
            return
        self.commit()
        name = short_name(outline.heading(self.session.package, self.node)) or "小节"
        if self.session.push(outline.remove_subsection(*self.node), f"删除小节“{name}”"):  # type: ignore[arg-type]
            self.session.notice.emit(f"已删除小节“{name}”，可按 Ctrl+Z 撤销。")

    def move_subsection(self, step: int) -> None:
        if self.node is None or self.node[1] is None:
            return
        self.commit()
        i, j = self.node[0], self.node[1]
        dst = j + step
        if 0 <= dst < len(self.session.package.report[i].subsections):  # noqa: SIM102 - a valid place, then a successful move
            if self.session.push(outline.move_subsection(i, j, dst), "移动小节"):
                self.select((i, dst))

    def make_standard_outline(self) -> None:
        if not self.session.package.report:
            self.session.push(edits.SetValue(("report",), model.standard_report()), "建立标准提纲")

    def draft(self, sections: list[int]) -> bool:
        """Draft ``sections`` from the data (one undo step); asks before replacing the clerk's text."""
        self.commit()
        pkg = self.session.package
        if not pkg.report:
            self.make_standard_outline()
            pkg = self.session.package
        replace = True
        taken = outline.would_replace(pkg, sections)
        if taken:
            answer = confirm_replace(self, [pkg.report[i].heading.strip() for i in taken])
            if answer == "cancel":
                return False
            replace = answer == "replace"
        edit, changed = outline.draft_edits(pkg, sections, replace)
        if edit is None:
            self.session.notice.emit("没有需要起草的部分。")
            return False
        if self.session.push(edit, "根据数据起草"):
            self.select((changed[0], None))
            self.session.notice.emit(f"已起草{len(changed)}个部分，可按 Ctrl+Z 撤销。")
            return True
        return False

    def insert_field(self, key: str, unit: str = "") -> None:
        """Insert the live field ``key`` at the cursor (then commit, as typing does)."""
        if self.node is None:
            return
        self.editor.setFocus()
        self.editor.insert_field(key, unit)
        self.commit()

    def _fill_insert_menu(self) -> None:
        fill_insert_menu(
            self.insert_menu,
            narrative.available_fields(self.session.package),
            lambda key: self._lookup(key)[0],
            self.insert_field,
        )
