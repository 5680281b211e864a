"""从上年继续…: make next year's draft from last year's file, and teach the 指标库 what a package holds.

The clerk picks last year's file (a draft, an upload zip, a workbook or JSON: ``export.importing.read_any``),
``core.carryover.carry_over`` makes the year Y+1 package, and the clerk chooses where to save it (the
suggested name as the new-package wizard makes it). Carried values stay blue-grey until confirmed.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evaldesk.core import indicator_library, model
from evaldesk.core.errors import EvalDeskError
from evaldesk.core.storage import Draft
from evaldesk.core.wizard import FILE_SUFFIX, safe_filename
from evaldesk.ui.documents import FILE_FILTER

log = logging.getLogger(__name__)

OPEN_FILTER = "自评包、上传包或Excel (*.evaldesk *.zip *.xlsx *.json);;所有文件 (*)"


def suggested_path(folder: Path, pkg: model.Package) -> Path:
    """``{folder}/{单位}-{年度}年度.evaldesk``, made unique if such a file exists."""
    stem = f"{safe_filename(pkg.unit.name.strip() or '自评包')}-{pkg.fiscal_year}年度"
    candidate = folder / f"{stem}{FILE_SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}（{n}）{FILE_SUFFIX}"
        n += 1
    return candidate


def carry_over_dialog(parent: QWidget | None, start_dir: str = "") -> Draft | None:
    """Ask for last year's file and where to save next year's draft; the new draft, open (or None)."""
    from evaldesk.core.carryover import carry_over
    from evaldesk.export.importing import read_any

    chosen, _ = QFileDialog.getOpenFileName(parent, "选择上一年度的自评包", start_dir, OPEN_FILTER)
    if not chosen:
        return None
    source = Path(chosen)
    try:
        new = carry_over(read_any(source))
    except EvalDeskError as e:
        QMessageBox.warning(parent, "无法从上年继续", str(e))
        return None
    target, _ = QFileDialog.getSaveFileName(
        parent, f"保存{new.fiscal_year}年度自评包", str(suggested_path(source.parent, new)), FILE_FILTER
    )
    if not target:
        return None
    path = Path(target)
    if path.suffix.lower() != FILE_SUFFIX:
        path = path.with_name(path.name + FILE_SUFFIX)
    try:
        draft = Draft.create(path, new)
    except EvalDeskError as e:
        QMessageBox.warning(parent, "无法保存", str(e))
        return None
    log.info("carried %s over to %s", source, path)
    return draft


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
