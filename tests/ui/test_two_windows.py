"""The window as one of two processes on a draft (real processes, the real main window offscreen).

While a window edits a draft, the commands that would replace it are refused, and a second window is told
the file is being edited (naming it), is offered read-only — never 从备份恢复 — and shows 只读 with every
edit refused. Text typed into a long field is in the file within a second of the last keystroke, without
leaving the field: a kill then loses nothing.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from evaldesk.core import jsonform
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, load_package
from tests.core.helpers.procs import Child, child_env, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="children are driven through POSIX pipes")

WINDOW = "tests.ui.window_child"
IN_USE = "正在另一个窗口中编辑"


@pytest.fixture
def draft(tmp_path: Path, data_dir: Path) -> Path:
    path = tmp_path / "窗口草稿.evaldesk"
    Draft.create(path, load_sample()).close()
    Draft.open(path).close()  # a backup exists, so a restore offer would be possible
    return path


def _window(draft: Path, tmp_path: Path, name: str) -> Child:
    home = tmp_path / f"home-{name}"
    home.mkdir()
    env = child_env(
        EVALDESK_DATA_DIR=os.environ["EVALDESK_DATA_DIR"], XDG_CONFIG_HOME=str(home), HOME=str(home)
    )
    return Child(WINDOW, str(draft), env=env)


def _check_edit(kind: str, before: object, after: object) -> None:
    assert before is not None and after is not None
    if kind == "cell":
        assert after.projects[0].funding.current.executed == Decimal(60)  # type: ignore[attr-defined]
    elif kind == "project":
        assert len(after.projects) == len(before.projects) + 1  # type: ignore[attr-defined]
    else:
        assert after.report[0].body.endswith("第一个窗口写的话。")  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["cell", "project", "report"])
def test_second_window_is_offered_read_only_and_commands_are_refused(
    draft: Path, tmp_path: Path, kind: str
) -> None:
    before = load_package(draft)
    source = tmp_path / "导入源.json"
    source.write_bytes(jsonform.dumps(load_sample()).encode("utf-8"))
    first = _window(draft, tmp_path, "first")
    second: Child | None = None
    try:
        assert first.reply("open") == "opened rw"
        command = f"{kind} 第一个窗口写的话。" if kind == "report" else kind
        assert first.reply(command) == f"ok {kind}"

        for args in (["import", str(source), str(draft)], ["restore", str(draft)], ["sample", str(draft)]):
            result = run_cli(*args)
            assert result.returncode == 2, (args, result.stdout, result.stderr)
            assert IN_USE in result.stderr and draft.name in result.stderr

        second = _window(draft, tmp_path, "second")
        lines = second.send("open")
        dialogs = [ln for ln in lines if ln.startswith("dialog ")]
        assert len(dialogs) == 1, lines
        title, text, buttons = dialogs[0][len("dialog ") :].split("|")
        assert IN_USE in text and draft.name in text
        assert "以只读方式打开" in buttons.split(",") and "从备份恢复" not in buttons
        assert "损坏" not in text
        assert lines[-1] == "opened ro"
        state = second.reply("state")
        title, shown, banner, _status = state[len("state ") :].split("|")
        assert "只读" in title and "已保存" not in title
        assert shown == "1" and "只读" in banner and draft.name in banner and IN_USE in banner
        reply = second.reply("unit-name 第二个窗口改的名字")
        assert reply.startswith("refused unit-name") and "只读" in reply
        assert second.reply("close") == "closed"
        assert second.wait() == 0

        assert first.reply("close") == "closed"
    finally:
        first.kill()
        if second is not None:
            second.kill()
    after = load_package(draft)
    _check_edit(kind, before, after)
    assert after.unit.name == before.unit.name  # the read-only window changed nothing
    # No lock file, temp file, zeroed journal or "damaged" copy beside the draft after the windows closed.
    assert not [p.name for p in draft.parent.iterdir() if p.name.startswith(".") or ".damaged-" in p.name]
    assert [p.name for p in draft.parent.iterdir() if p.name.startswith(draft.name)] == [draft.name]


@pytest.mark.parametrize("field", ["report", "goal"])
def test_text_is_durable_within_a_second_of_the_last_keystroke(
    draft: Path, tmp_path: Path, field: str
) -> None:
    window = _window(draft, tmp_path, "w")
    text = "停电前最后输入的一句话。"
    try:
        assert window.reply("open") == "opened rw"
        assert window.reply(f"{field} {text}") == f"ok {field}"
        assert window.reply("wait 1000") == "ok wait"  # a second of the event loop, still in the field
    finally:
        window.kill()  # as a power cut or a crash would: no focus-out, no close
    pkg = load_package(draft)
    if field == "report":
        assert pkg.report[0].body.endswith(text)
    else:
        assert pkg.projects[0].performance.goal_expected.endswith(text)
