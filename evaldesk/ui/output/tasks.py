"""Slow work (rendering a PDF, building the upload package, rasterising pages) off the GUI thread.

``run_task(fn, succeeded=…, failed=…, finished=…)`` runs ``fn()`` on Qt's global thread pool; the
callbacks (and the returned :class:`Task`'s signals) are called on the GUI thread: ``succeeded(result)``
or ``failed(exception)``, then ``finished()``.
The function must not touch widgets or the open draft: give it a deep copy of the package
(``snapshot``), never ``session.package`` itself, which the clerk may be editing meanwhile.
"""

from __future__ import annotations

import copy
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from evaldesk.core import model
from evaldesk.core.errors import EvalDeskError

log = logging.getLogger(__name__)

_running: set[Task] = set()  # keeps each Task (and its signals) alive until it has reported


class Task(QObject):
    """One piece of background work; lives on the GUI thread, so its signals are delivered there."""

    succeeded = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception it raised (``details`` holds the traceback text)
    finished = Signal()  # after either
    _reported = Signal()  # emitted on the pool thread; queued to ``_deliver`` on the GUI thread

    def __init__(self, fn: Callable[[], Any], label: str = "") -> None:
        super().__init__()
        self.fn = fn
        self.label = label
        self.result: Any = None
        self.error: BaseException | None = None
        self.details = ""
        self.done = False
        # A bound method of an object living on the GUI thread: Qt queues the call across threads.
        # (Lambdas connected straight to a signal emitted on a pool thread would run on that thread.)
        self._reported.connect(self._deliver)

    def _run(self) -> None:  # on a pool thread
        try:
            self.result = self.fn()
        except Exception as e:  # reported on the GUI thread; never lost in the pool
            self.error = e
            self.details = traceback.format_exc()
        self._reported.emit()

    def _deliver(self) -> None:  # on the GUI thread
        _running.discard(self)
        self.done = True
        if self.error is None:
            self.succeeded.emit(self.result)
        else:
            if not isinstance(self.error, EvalDeskError):  # a bug, not a refusal: keep the traceback
                log.error("background task %r failed\n%s", self.label, self.details)
            self.failed.emit(self.error)
        self.finished.emit()


def run_task(
    fn: Callable[[], Any],
    label: str = "",
    succeeded: Callable[[Any], object] | None = None,
    failed: Callable[[BaseException], object] | None = None,
    finished: Callable[[], object] | None = None,
) -> Task:
    """Start ``fn()`` on the thread pool, the callbacks connected before it starts (none is missed)."""
    task = Task(fn, label)
    for signal, slot in ((task.succeeded, succeeded), (task.failed, failed), (task.finished, finished)):
        if slot is not None:
            signal.connect(slot)
    _running.add(task)
    QThreadPool.globalInstance().start(task._run)
    return task


def snapshot(pkg: model.Package) -> model.Package:
    """A private copy of the package for a background task (the draft keeps changing)."""
    return copy.deepcopy(pkg)
