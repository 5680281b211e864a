"""Child process for the two-writer tests: the real main window (offscreen), driven line by line on stdin.

``python -m tests.ui.window_child DRAFT`` answers each command with one line on stdout:

- ``open``: opens DRAFT as 文件 → 打开 does. A dialog is answered as a clerk would (以只读方式打开 when
  offered, otherwise its first button is not pressed) and reported: ``dialog <title>|<text>|<buttons>``
  lines first, then ``opened rw``, ``opened ro`` or ``not-opened``.
- ``cell``: types 60 into 全年执行数 of 当年财政拨款 in the first project's 项目资金 grid, then Enter.
- ``project``: presses 添加项目.
- ``report TEXT``: types TEXT (an input-method commit) into the body of 自评报告 part 一, staying in it.
- ``goal TEXT``: the same into the first project's first 年度总体目标 field.
- ``wait MS``: runs the event loop for MS milliseconds (what a clerk's pause is to the window).
- ``unit-name TEXT``: sets 单位名称 through the session, as the field does.
- ``state``: ``state <title>|<banner shown 0/1>|<banner text>|<status bar>``.
- ``close``: closes the window (what is typed is committed first) and exits.

Every edit command replies ``ok <command>`` or ``refused <command> <status bar message>``.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from evaldesk.ui.app import create_application
    from evaldesk.ui.main_window import MainWindow
    from evaldesk.ui.steps import step_index

    draft = Path(argv[0])
    app = create_application()

    def answer(box: QMessageBox) -> int:
        buttons = [b.text() for b in box.buttons()]
        text = f"{box.text()} {box.informativeText()}".replace("\n", " ")
        print(f"dialog {box.windowTitle()}|{text}|{','.join(buttons)}", flush=True)
        chosen = next((b for b in box.buttons() if b.text() == "以只读方式打开"), None)
        box.clickedButton = lambda: chosen  # type: ignore[method-assign]
        return 0

    QMessageBox.exec = answer  # type: ignore[assignment, method-assign]
    for name in ("warning", "information", "critical"):
        setattr(
            QMessageBox,
            name,
            staticmethod(
                lambda _p, title, text, *a, **k: (
                    print(f"dialog {title}|{str(text).replace(chr(10), ' ')}|", flush=True)
                    or QMessageBox.StandardButton.Ok
                )
            ),
        )

    window = MainWindow(remember=False)
    window.show()
    app.processEvents()

    def status() -> str:
        return window.statusBar().currentMessage().replace("\n", " ")

    def edited(name: str, ok: bool) -> None:
        print(f"ok {name}" if ok else f"refused {name} {status()}", flush=True)

    def page(key: str):  # type: ignore[no-untyped-def]
        assert window.workspace is not None
        i = step_index(key)
        window.workspace.go_to(i)
        app.processEvents()
        return window.workspace.page(i)

    for line in sys.stdin:
        cmd, _, arg = line.rstrip("\n").partition(" ")
        if cmd == "open":
            ok = window.open_path(draft)
            app.processEvents()
            if not ok or window.session is None:
                print("not-opened", flush=True)
            else:
                read_only = getattr(window.session, "read_only", False)
                print("opened ro" if read_only else "opened rw", flush=True)
        elif cmd == "cell":
            view = page("projects").form.funding
            before = window.session.undo_stack.count() if window.session else 0
            index = view.model().index(1, 3)
            view.setCurrentIndex(index)
            view.setFocus()
            QTest.keyClick(view, "6")
            editor = view.indexWidget(index)
            if editor is not None:
                QTest.keyClicks(editor, "0")
                QTest.keyClick(editor, Qt.Key.Key_Return)
            app.processEvents()
            edited("cell", window.session is not None and window.session.undo_stack.count() > before)
        elif cmd == "project":
            projects = page("projects").projects
            before = len(window.session.package.projects) if window.session else 0
            QTest.mouseClick(projects.add_button, Qt.MouseButton.LeftButton)
            app.processEvents()
            edited("project", window.session is not None and len(window.session.package.projects) > before)
        elif cmd == "report":
            report = page("report")
            report.select((0, None))
            editor = report.editor
            editor.setFocus()
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            event = QInputMethodEvent("", [])
            event.setCommitString(arg)
            QApplication.sendEvent(editor, event)
            app.processEvents()
            print("ok report" if arg in editor.body() else f"refused report {status()}", flush=True)
        elif cmd == "goal":
            goal = next(iter(page("projects").form.goals.values()))
            goal.setFocus()
            goal.moveCursor(goal.textCursor().MoveOperation.End)
            event = QInputMethodEvent("", [])
            event.setCommitString(arg)
            QApplication.sendEvent(goal, event)
            app.processEvents()
            print("ok goal" if arg in goal.toPlainText() else f"refused goal {status()}", flush=True)
        elif cmd == "wait":
            QTest.qWait(int(arg))
            print("ok wait", flush=True)
        elif cmd == "unit-name":
            ok = window.session is not None and window.session.set_value(
                ("unit", "name"), arg, "修改单位名称"
            )
            app.processEvents()
            edited("unit-name", ok)
        elif cmd == "state":
            banner = getattr(window, "read_only_banner", None)
            shown, text = (int(banner.isVisible()), banner.text()) if banner is not None else (0, "")
            print(f"state {window.windowTitle()}|{shown}|{text}|{status()}", flush=True)
        elif cmd == "close":
            window.close()
            app.processEvents()
            print("closed", flush=True)
            return 0
        else:
            print(f"unknown {cmd}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
