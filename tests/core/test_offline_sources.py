"""EvalDesk's own code imports no networking module.

``tests/conftest.py`` fails any Python socket connection made during a test; this closes the gaps that
guard cannot see: Qt's own networking (QtNetwork/QtWebEngine open sockets in C++, not through Python's
``socket``), UDP ``sendto`` without ``connect``, and code paths no test happens to run.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = (
    "socket",
    "ssl",
    "urllib.request",
    "http.client",
    "http.server",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "socketserver",
    "asyncio",
    "requests",
    "httpx",
    "aiohttp",
    "urllib3",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebSockets",
)


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def test_no_networking_imports() -> None:
    offenders = []
    files = sorted((ROOT / "evaldesk").rglob("*.py")) + [ROOT / "main.py"]
    for path in files:
        if not path.exists():
            continue
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
    assert len(files) > 20  # the walk found the sources
