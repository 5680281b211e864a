"""core and export must work with no Qt at all: the CLI and the tests depend on it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers.imports import circles, import_graph


def test_core_and_export_import_without_pyside6() -> None:
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("PySide6 is blocked in this test")
                return None

        sys.meta_path.insert(0, Block())
        import evaldesk.core, evaldesk.export, evaldesk.cli
        for pkg in (evaldesk.core, evaldesk.export, evaldesk.cli):
            for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                importlib.import_module(mod.name)
        import evaldesk.cli.check
        assert not any(m.startswith("PySide6") for m in sys.modules), "PySide6 was imported"
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_ui_and_cli_import_without_circles() -> None:
    """No module of evaldesk.ui or evaldesk.cli reaches itself again through its imports (any import:
    module level, TYPE_CHECKING or inside a function), so each can be read from the bottom up."""
    assert circles(import_graph(), ("evaldesk.ui", "evaldesk.cli")) == []


def test_core_and_export_import_without_circles() -> None:
    """The same for evaldesk.core and evaldesk.export: no late import left to dodge a circle (scoring
    and indicator_score share score_types; the package builder reaches the PDF without the registry)."""
    assert circles(import_graph(), ("evaldesk.core", "evaldesk.export")) == []


def test_the_circle_finder_names_the_way_round() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph, ("a", "d")) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set()}, ("a",)) == []


def test_ruff_refuses_qt_and_ui_imports_in_core_and_export() -> None:
    """The layer rule is also a static contract (ruff TID251 in pyproject.toml), so a Qt import in core
    or export fails the lint before any test runs; the ui may import both."""
    source = "from PySide6.QtCore import Qt\nimport shiboken6\nfrom evaldesk.ui import cells\n"

    def banned(filename: str) -> int:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--select", "TID251", "--stdin-filename", filename, "-"],
            input=source, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        return result.stdout.count("TID251")

    assert banned("evaldesk/core/probe.py") == 3
    assert banned("evaldesk/export/pdf/probe.py") == 3
    assert banned("evaldesk/ui/probe.py") == 0
