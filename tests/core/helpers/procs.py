"""Driving child processes line by line (the two-writer tests): start, send a command, read its reply."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
REPLY_TIMEOUT = 120.0  # generous: a busy CI machine starts Python and Qt slowly; never a measured time


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


class Child:
    """A ``python -m MODULE ARGS…`` child answering one stdout line per command written to its stdin."""

    def __init__(self, module: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=env or child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def send(self, command: str) -> list[str]:
        """Send ``command``; the lines it printed up to its reply (lines starting ``dialog`` come first)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        lines = []
        while True:
            ready, _, _ = select.select([self.proc.stdout], [], [], REPLY_TIMEOUT)
            if not ready:
                self.kill()
                raise AssertionError(f"no reply to {command!r}; stderr: {self.stderr()[-3000:]}")
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"child ended on {command!r}: {self.stderr()[-3000:]}")
            lines.append(line.rstrip("\n"))
            if not line.startswith("dialog "):
                return lines

    def reply(self, command: str) -> str:
        return self.send(command)[-1]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=60)

    def wait(self) -> int:
        return self.proc.wait(timeout=REPLY_TIMEOUT)

    def stderr(self) -> str:
        if self.proc.poll() is None:
            return ""
        assert self.proc.stderr is not None
        return self.proc.stderr.read()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m evaldesk ARGS…`` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "evaldesk", *args],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=REPLY_TIMEOUT,
    )
