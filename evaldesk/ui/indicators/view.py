"""The view of a 绩效指标 table: spanned 一级/二级 cells, rows as tall as their wrapped text.

Row heights are recomputed for one row when one of its cells changes (``dataChanged``), for all rows
after a reset or a column-width change; the view is exactly as tall as its rows (the page scrolls).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QWidget

from evaldesk.ui.grid.value_editor import ValueEditor
from evaldesk.ui.grid.view import GridView
from evaldesk.ui.indicators.delegate import IndicatorDelegate
from evaldesk.ui.models.indicator_model import C_SCORE, IndicatorModel


class IndicatorView(GridView):
    """A :class:`GridView` over an :class:`IndicatorModel`."""

    text_editors = (ValueEditor, QLineEdit)

    def __init__(self, model: IndicatorModel, parent: QWidget | None = None) -> None:
        self._ready = False
        super().__init__(model, parent, fit=True)
        self.grid: IndicatorModel = model
        self.delegate = IndicatorDelegate(self)
        self.delegate.refused.connect(self._on_refused)
        self.setItemDelegate(self.delegate)
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._pending_rows: set[int] = set()
        self._all_rows = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._resize_pending)
        model.modelReset.connect(self._after_reset)
        model.texts_changed.connect(self._on_texts_changed)
        self.horizontalHeader().sectionResized.connect(lambda *_a: self._schedule(all_rows=True))
        self._ready = True
        self._after_reset()

    # -- layout ----------------------------------------------------------------------------------
    def _after_reset(self) -> None:
        self.clearSpans()
        for r, c, rows, cols in self.grid.spans():
            self.setSpan(r, c, rows, cols)
        self._all_rows = True
        self._resize_pending()

    def _on_texts_changed(self, rows: list[int]) -> None:
        self._pending_rows.update(rows)
        self._timer.start()

    def _schedule(self, all_rows: bool = False) -> None:
        self._all_rows = self._all_rows or all_rows
        self._timer.start()

    def _resize_pending(self) -> None:
        """Fit the rows whose text changed (all rows after a reset) and then the view's height."""
        if not self._ready:
            return
        if self._all_rows:
            self.resizeRowsToContents()
        else:
            for r in sorted(self._pending_rows):
                if 0 <= r < self.grid.rowCount():
                    self.resizeRowToContents(r)
        self._pending_rows.clear()
        self._all_rows = False
        self.fit_height()

    def flush_layout(self) -> None:
        """Apply pending row-height changes now (tests and screenshots)."""
        if self._timer.isActive():
            self._timer.stop()
            self._resize_pending()

    def fit_height(self) -> None:
        if not getattr(self, "_ready", False):
            return super().fit_height()
        rows = self.model().rowCount()
        h = self.horizontalHeader().sizeHint().height()
        h += sum(self.rowHeight(r) for r in range(rows))
        self.setFixedHeight(h + 2 * self.frameWidth())

    # -- editing ---------------------------------------------------------------------------------
    def edit(self, index, trigger=None, event=None):
        if trigger is not None and index.isValid() and index.column() == C_SCORE:
            wants = QAbstractItemView.EditTrigger
            if (
                trigger in (wants.AnyKeyPressed, wants.EditKeyPressed)
                and self.grid.item_of(index.row()) is not None
            ):
                self.show_message(
                    "自评得分由程序按规则计算，不能直接填写。需要调整时，请右键选择“调整得分…”并写明理由。",
                    index,
                )
                return False
            if trigger == wants.DoubleClicked:
                return False  # a click shows how the score was computed (IndicatorEditor)
        return super().edit(index, trigger, event)
