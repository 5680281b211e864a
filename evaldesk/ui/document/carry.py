"""从上年继续…: make next year's draft from last year's file, and teach the 指标库 what a package holds.

The clerk picks last year's file (a draft, an upload zip, a workbook or JSON: ``export.importing.read_any``),
``core.carryover.carry_over`` makes the year Y+1 package, and the clerk chooses where to save it (the
suggested name as the new-package wizard makes it). Carried values stay blue-grey until confirmed. Last
year's package and its file come back with the draft: the window gives them to the session, which shows
last year's report text beside each section.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import NamedTuple

from PySide6.QtWidgets import QFileDialog, QWidget

from evaldesk.core import indicator_library, model
from evaldesk.core.storage import Draft
from evaldesk.ui.document.import_dialog import OPEN_FILTER, import_file

log = logging.getLogger(__name__)


class CarriedDraft(NamedTuple):
    """Next year's draft (open), the file it was made from and the package read from that file."""

    draft: Draft
    source: Path
    last_year: model.Package


def carry_over_dialog(parent: QWidget | None, start_dir: str = "") -> CarriedDraft | None:
    """Ask for last year's file and where to save next year's draft; the new draft, open (or None)."""
    from evaldesk.core.carryover import carry_over

    chosen, _ = QFileDialog.getOpenFileName(parent, "选择上一年度的自评包", start_dir, OPEN_FILTER)
    if not chosen:
        return None
    read: list[model.Package] = []

    def transform(pkg: model.Package) -> model.Package:
        read.append(pkg)  # carry_over leaves last year's package unchanged: it is kept for reference
        return carry_over(pkg)

    draft = import_file(parent, Path(chosen), transform, what="从上年继续")
    return CarriedDraft(draft, Path(chosen), read[0]) if draft is not None and read else None


def learn_in_background(pkg: model.Package) -> threading.Thread:
    """Add the package's indicators to this PC's 指标库 without holding up the window.

    A snapshot of the indicators is taken now (the clerk keeps editing the package), and the library
    file's place is fixed now too (``EVALDESK_DATA_DIR`` as it is at open time).
    """
    snapshot = model.Package(fiscal_year=pkg.fiscal_year)
    snapshot.overall.indicators = [_copy(i) for i in pkg.overall.indicators]
    for p in pkg.projects:
        q = model.Project(id=p.id)
        q.performance.indicators = [_copy(i) for i in p.performance.indicators]
        snapshot.projects.append(q)
    library = indicator_library.default_library()

    def run() -> None:
        try:
            library.learn_from(snapshot)
        except Exception:  # the library is a convenience: never let it disturb the clerk
            log.exception("learning indicators failed")

    t = threading.Thread(target=run, name="learn-indicators", daemon=True)
    t.start()
    return t


def _copy(ind: model.Indicator) -> model.Indicator:
    return model.Indicator(level1=ind.level1, level2=ind.level2, name=ind.name, target=ind.target)
