"""Child process for the two-writer tests: a second program editing a draft, driven line by line on stdin.

``python -m tests.core.helpers.edit_child DRAFT`` answers each command with one line on stdout:

- ``open``: ``opened`` or ``refused <message>`` (the Chinese message the clerk would see);
- ``cell`` / ``project`` / ``report TEXT``: applies ``edit_for`` of that kind; ``ok <kind>``;
- ``sniff``: reads the draft's first bytes as the import code does (``importing.sniff``) and with a plain
  ``open()``/``close()`` — which on POSIX drops every lock this process holds on the file; ``ok sniff``;
- ``close``: ``closed`` and exits.
"""

from __future__ import annotations

import sys
from decimal import Decimal

from evaldesk.core import edits, model


def edit_for(pkg: model.Package, kind: str, arg: str = "") -> edits.Edit:
    """The edit of ``kind`` for ``pkg`` as it is now: a grid cell, a project inserted, report text typed."""
    if kind == "cell":
        p = pkg.projects[0]
        old = p.funding.current.executed or Decimal(0)
        return edits.SetValue(("projects", p.id, "funding", "current", "executed"), old + Decimal("1.25"))
    if kind == "project":
        n = len(pkg.projects) + 1
        item = model.Project(id=f"second-writer-{n}", name=f"另一程序添加的项目{n}")
        return edits.InsertItem(("projects",), len(pkg.projects), item)
    if kind == "report":
        return edits.SetValue(("report", 0, "body"), pkg.report[0].body + arg)
    raise ValueError(kind)


def main(argv: list[str]) -> int:
    from evaldesk.core.errors import EvalDeskError
    from evaldesk.core.storage import Draft

    path = argv[0]
    draft: Draft | None = None
    for line in sys.stdin:
        cmd, _, arg = line.rstrip("\n").partition(" ")
        if cmd == "open":
            try:
                draft = Draft.open(path)
            except EvalDeskError as e:
                print(f"refused {type(e).__name__} {e}", flush=True)
                return 3
            print("opened", flush=True)
        elif cmd in ("cell", "project", "report"):
            assert draft is not None
            draft.apply(edit_for(draft.package, cmd, arg))
            print(f"ok {cmd}", flush=True)
        elif cmd == "sniff":
            from evaldesk.export.importing import sniff

            sniff(path)
            with open(path, "rb") as f:
                f.read(100)
            print("ok sniff", flush=True)
        elif cmd == "close":
            if draft is not None:
                draft.close()
            print("closed", flush=True)
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
