"""Guards against a Qt binding that mis-counts references.

PySide6 6.12.0 dropped a reference to ``True`` on every ``Signal.emit()`` and one to ``None`` on every
empty ``QModelIndex.data()``; after a few thousand edits or repaints the interpreter aborted
("bool_dealloc" / "deallocating None"). pyproject.toml pins below 6.12; these tests catch a regression.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal

# Other threads may take or drop a few references meanwhile; the bug lost one per call.
SLACK = 50


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_signals_keeps_references_to_true(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(300):
        emitter.fired.emit(i)
    assert len(received) == 300
    assert abs(sys.getrefcount(True) - before) < SLACK


def test_reading_an_empty_role_keeps_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    m = QStringListModel(["甲", "乙"])
    index = m.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(300):
        assert index.data(Qt.ItemDataRole.UserRole + 7) is None
    assert abs(sys.getrefcount(None) - before) < SLACK
