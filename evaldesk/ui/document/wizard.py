"""The new-package wizard window: renders ``core.wizard`` steps as ``QWizardPage``s.

All rules (what is required, messages, defaults, the file name) live in ``core.wizard``; this module
only builds widgets for the fields and forwards what the clerk types.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)

from evaldesk.core.errors import EvalDeskError
from evaldesk.core.storage import Draft
from evaldesk.core.wizard import NewPackageWizard, WizardField, WizardStep
from evaldesk.ui.document.documents import FILE_FILTER
from evaldesk.ui.text_limit import limit_line_edit


class StepPage(QWizardPage):
    """One core wizard step: a form of its fields, each with its message line."""

    def __init__(self, logic: NewPackageWizard, step: WizardStep) -> None:
        super().__init__()
        self.logic, self.step = logic, step
        self.setTitle(step.title)
        self.setSubTitle(step.subtitle)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self.path_note: QLabel | None = None
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in step.fields:
            widget = self._input(f)
            form.addRow(f.label + ("" if f.required else "（可选）"), widget)
            if f.hint:
                hint = QLabel(f.hint)
                hint.setWordWrap(True)
                hint.setStyleSheet("color: #666;")
                form.addRow("", hint)
            err = QLabel()
            err.setWordWrap(True)
            err.setStyleSheet("color: #c62828;")
            err.setObjectName(f"error_{f.key}")
            form.addRow("", err)
            self.errors[f.key] = err
            if f.kind == "save_path":
                self.path_note = QLabel()
                self.path_note.setWordWrap(True)
                self.path_note.setObjectName("path_note")
                form.addRow("", self.path_note)

    def _input(self, f: WizardField) -> QWidget:
        if f.kind == "choice":
            combo = QComboBox()
            for key, label in f.choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(self.logic.value(f.key))))
            combo.currentIndexChanged.connect(lambda _i, k=f.key, c=combo: self._set(k, c.currentData()))
            self.inputs[f.key] = combo
            return combo
        edit = QLineEdit(self.logic.value(f.key))
        edit.setPlaceholderText(f.placeholder)
        edit.setAccessibleName(f.label)
        if f.kind != "save_path":  # a path is the system's to limit
            limit_line_edit(edit, f.key, f.label)
        edit.textChanged.connect(lambda t, k=f.key: self._set(k, t))
        self.inputs[f.key] = edit
        if f.kind != "save_path":
            return edit
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        browse = QPushButton("浏览…")
        browse.clicked.connect(lambda: self._browse(edit))
        row.addWidget(browse)
        return box

    def _browse(self, edit: QLineEdit) -> None:
        start = edit.text().strip() or str(self.logic.target_path())
        chosen, _ = QFileDialog.getSaveFileName(self, "保存自评包", start, FILE_FILTER)
        if chosen:
            edit.setText(chosen)
            # The same text does not signal a change, yet the folder may exist now (made in the dialog).
            self._set("path", chosen)

    def _set(self, key: str, value: str) -> None:
        self.logic.set_value(key, value)
        self.touched.add(key)
        self._show_errors()
        self.completeChanged.emit()

    def _show_errors(self) -> None:
        errors = self.logic.step_errors(self.step.key)
        for key, label in self.errors.items():
            label.setText(errors.get(key, "") if key in self.touched else "")
        if self.path_note is not None:
            self.path_note.setText(self.logic.path_note())

    def initializePage(self) -> None:
        path_edit = self.inputs.get("path")
        if isinstance(path_edit, QLineEdit) and "path" not in self.touched:
            path_edit.setText(str(self.logic.suggested_path()))
            self.touched.discard("path")
            self._show_errors()

    def isComplete(self) -> bool:
        return self.logic.can_advance(self.step.key)

    def validatePage(self) -> bool:
        self.touched.update(f.key for f in self.step.fields)
        self._show_errors()
        return self.logic.can_advance(self.step.key)


class NewPackageDialog(QWizard):
    """新建自评包. After ``exec()`` returns Accepted, ``draft`` is the newly created, open draft."""

    def __init__(self, parent: QWidget | None = None, save_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建自评包")
        self.logic = NewPackageWizard(save_dir=save_dir)
        self.draft: Draft | None = None
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步")
        self.setButtonText(QWizard.WizardButton.BackButton, "上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.step_pages = [StepPage(self.logic, s) for s in self.logic.steps]
        for p in self.step_pages:
            self.addPage(p)
        em = self.fontMetrics().horizontalAdvance("中")
        self.setMinimumWidth(em * 36)

    def validateCurrentPage(self) -> bool:
        """On 完成, create the draft file; a failure keeps the wizard open with the reason."""
        if self.draft is not None:
            return True
        if not super().validateCurrentPage():
            return False
        if self.currentId() != self.pageIds()[-1]:
            return True
        try:
            result = self.logic.result()
            self.draft = Draft.create(result.path, result.package)
        except EvalDeskError as e:
            QMessageBox.warning(self, "无法新建", str(e))
            return False
        return True
