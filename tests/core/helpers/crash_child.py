"""Child process for the crash-safety test: applies numbered edits to a draft until it is killed.

``python -m tests.core.helpers.crash_child DRAFT [--backup]`` opens the draft, prints ``ready K`` (K is the
number of the last edit the file holds) — or ``busy <message>`` and exit code 3 when another process
is editing the draft — and then, for k = K+1, K+2, …, applies edit number k with
``Draft.apply`` and prints ``ok k`` once it has been committed. It never stops by itself.

Edit k is one ``Batch`` that records k in the unit's name and changes one more place (an indicator's
实际完成值, a report section, a 附件1 amount, or the overall indicator list), so that the file's state
after any number of edits is known exactly: ``expected_after(pkg, k0, k1)`` replays them in memory.
"""

from __future__ import annotations

import sys
from decimal import Decimal

from evaldesk.core import edits, model

EXTRA_ROWS = 3  # the overall indicator list grows by up to this many rows, then shrinks again


def edit_for(pkg: model.Package, k: int, base_rows: int) -> edits.Edit:
    """Edit number ``k`` for ``pkg`` as it is after edit k−1 (``base_rows``: overall rows at the start)."""
    slot = k % 4
    if slot == 0:
        p = pkg.projects[k % len(pkg.projects)]
        n = len(p.performance.indicators)
        change: edits.Edit = edits.SetValue(
            ("projects", p.id, "performance", "indicators", k % n, "actual"), f"{k}次"
        )
    elif slot == 1:
        change = edits.SetValue(
            ("report", k % len(pkg.report), "body"), f"第{k}次修改：" + "应急管理工作稳步推进。" * (k % 5)
        )
    elif slot == 2:
        lines = pkg.basic.special
        change = edits.SetValue(("basic", "special", k % len(lines), "actual"), Decimal(k).scaleb(-2))
    else:
        rows = pkg.overall.indicators
        if len(rows) < base_rows + EXTRA_ROWS:
            item = model.Indicator(
                level1="产出指标", level2="数量指标", name=f"新增指标{k}", target="≥1次", actual="1次"
            )
            change = edits.InsertItem(("overall", "indicators"), len(rows), item)
        else:
            change = edits.RemoveItem(("overall", "indicators"), base_rows)
    return edits.Batch((edits.SetValue(("unit", "name"), str(k)), change), label=f"edit {k}")


def edit_number(pkg: model.Package) -> int:
    """The number of the last edit ``pkg`` holds (0 before the first)."""
    return int(pkg.unit.name) if pkg.unit.name.isdigit() else 0


def replay(pkg: model.Package, k0: int, k1: int, base_rows: int) -> None:
    """Apply edits k0+1 … k1 to ``pkg`` in memory (what the file must hold after them)."""
    for k in range(k0 + 1, k1 + 1):
        edits.apply(pkg, edit_for(pkg, k, base_rows))


def main(argv: list[str]) -> int:
    from evaldesk.core import errors
    from evaldesk.core.storage import Draft

    in_use: type[Exception] | tuple[()] = getattr(errors, "FileInUseError", ())  # () before it existed
    try:
        draft = Draft.open(argv[0], backup="--backup" in argv)
    except in_use as e:  # another child is the draft's writer: this one must not write
        print(f"busy {e}", flush=True)
        return 3
    base_rows = int(argv[argv.index("--base-rows") + 1])
    k = edit_number(draft.package)
    print(f"ready {k}", flush=True)
    while True:
        k += 1
        draft.apply(edit_for(draft.package, k, base_rows))
        print(f"ok {k}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
