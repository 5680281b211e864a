"""Each command imports only what it needs: ``--help`` and ``check`` never load reportlab, a PDF export
loads no spreadsheet, Word or Qt library (each costs a user's start-up time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evaldesk.core import storage
from evaldesk.core.sample import load_sample

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "docx", "PySide6", "pypdf", "PIL")

# ``python -m evaldesk ARGS`` in a fresh interpreter, then the top-level packages it loaded (last line).
PROBE = """
import json, runpy, sys
sys.argv = ["evaldesk", *json.loads(sys.argv[1])]
try:
    runpy.run_module("evaldesk", run_name="__main__", alter_sys=True)
except SystemExit as e:
    code = e.code
else:
    code = 0
loaded = sorted({m.split(".")[0] for m in sys.modules} | {m for m in sys.modules if m.startswith("evaldesk.")})
print(json.dumps({"code": code, "loaded": loaded}))
"""


def _loaded(*args: str) -> tuple[object, set[str]]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["code"], set(result["loaded"])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("imports") / "示例.evaldesk"
    storage.save_package(path, load_sample())
    return path


def test_help_loads_no_exporter() -> None:
    for args in (["--help"], ["export", "--help"]):
        code, loaded = _loaded(*args)
        assert code == 0
        assert not loaded & set(HEAVY), (args, loaded & set(HEAVY))
        assert "evaldesk.export.pdf" not in loaded and "evaldesk.core.storage" not in loaded


def test_check_loads_no_pdf_library(sample: Path) -> None:
    code, loaded = _loaded("check", str(sample))
    assert code in (0, 1)  # 1: the sample's findings include errors; either way it ran
    assert "evaldesk.core.checks" in loaded
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert not any(m.startswith("evaldesk.export.pdf") for m in loaded)


def test_a_pdf_export_loads_only_the_pdf_libraries(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "示例.pdf"
    code, loaded = _loaded("export", str(sample), "--pdf", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert "reportlab" in loaded
    assert not loaded & {"openpyxl", "docx", "PySide6", "pypdf"}, loaded
    assert not any(
        m.startswith(("evaldesk.export.xlsx", "evaldesk.export.docx", "evaldesk.ui")) for m in loaded
    )


def test_asking_whether_a_command_is_named_loads_no_command_machinery() -> None:
    # ``python -m evaldesk`` without a command opens the window: it must not pay for the CLI first.
    code = (
        "import json, sys; from evaldesk.cli import COMMANDS;"
        "print(json.dumps(sorted(m for m in ('argparse', 'evaldesk.core.errors', 'evaldesk.cli.commands')"
        " if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
