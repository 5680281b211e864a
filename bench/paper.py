"""Paper benchmarks, as a user runs them: whole-process PDF export, and LibreOffice on the same content.

- ``sample_pdf_process_s``: ``python -m evaldesk export SAMPLE --pdf OUT`` in a fresh process (goal ≤ 1 s);
- ``sample_pdf_process_cold_s``: the same with an empty data folder, so the fonts are parsed and the font
  cache written (a user's very first export), beside the warm figure above;
- ``export_import_s``: the part of that process spent importing modules (``-X importtime``, the sum of the
  top-level imports: the interpreter's own start-up is not included);
- ``big_pdf_process_s``: the same for the 50-project package (``bench.generate.large_package``);
- with ``--vs-libreoffice``: ``soffice --headless --convert-to pdf`` of a Word document holding the same
  content (cover, report, every form as a table), whole process, and the ratio (goal ≥ 4×). Skipped with a
  note when LibreOffice is not installed (CI does not need it). The Word document comes from the program's
  own .docx exporter when one is registered (``export.registry`` key ``docx``), else python-docx here.

Each process runs once to warm the disk cache, the font cache in the data folder and Python's bytecode
(a user's second export: see ``child_env``), then ``runs`` times; the median is reported. Page counts go
in the notes.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


_env: dict[str, str] | None = None  # set by figures(): see child_env


def child_env(work: Path) -> dict[str, str]:
    """The environment of a measured process: Python's bytecode cached (under ``work``, not in the
    checkout), as an installed program has it, even where ``PYTHONDONTWRITEBYTECODE`` is set for
    development; without it every run would compile the program's modules afresh (~0.1 s)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def _timed(cmd: list[str], runs: int, cwd: Path) -> tuple[float, list[float]]:
    return _timed_side_by_side([(cmd, cwd)], runs)[0]


def _timed_side_by_side(cmds: list[tuple[list[str], Path]], runs: int) -> list[tuple[float, list[float]]]:
    """Median seconds of each command, run in turn (so a busy moment of the machine hits all alike)."""
    for cmd, cwd in cmds:  # warm: disk cache, font cache, bytecode, LibreOffice's profile
        subprocess.run(cmd, cwd=cwd, env=_env, check=True, capture_output=True)
    samples: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, (cmd, cwd) in enumerate(cmds):
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, env=_env, check=True, capture_output=True)
            samples[i].append(time.perf_counter() - t0)
    return [(statistics.median(s), s) for s in samples]


def _pages(pdf: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def export_command(draft: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "evaldesk", "export", str(draft), "--pdf", str(out)]


def export_process(draft: Path, out: Path, runs: int) -> tuple[float, list[float]]:
    """Median seconds of ``python -m evaldesk export DRAFT --pdf OUT`` in a fresh process."""
    return _timed(export_command(draft, out), runs, ROOT)


def export_process_cold(draft: Path, out: Path, runs: int, work: Path) -> tuple[float, list[float]]:
    """As :func:`export_process`, each run with an empty data folder: no font cache yet."""
    samples = []
    for _ in range(runs):
        data = tempfile.mkdtemp(prefix="cold-data-", dir=work)
        env = {**(_env or os.environ), "EVALDESK_DATA_DIR": data}
        t0 = time.perf_counter()
        subprocess.run(export_command(draft, out), cwd=ROOT, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
        shutil.rmtree(data, ignore_errors=True)
    return statistics.median(samples), samples


def import_seconds(stderr: str) -> float:
    """The time ``-X importtime`` reports for the top-level imports (their nested ones included)."""
    # "import time:  self |  cumulative | name": a top-level import's name is not indented.
    top = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| \S")
    return sum(int(m.group(1)) for m in map(top.match, stderr.splitlines()) if m) / 1e6


def export_imports(draft: Path, out: Path, runs: int) -> tuple[float, list[float]]:
    """Median seconds the export command spends importing modules (``python -X importtime``)."""
    cmd = [sys.executable, "-X", "importtime", *export_command(draft, out)[1:]]
    samples = []
    for _ in range(runs):
        proc = subprocess.run(cmd, cwd=ROOT, env=_env, check=True, capture_output=True, text=True)
        samples.append(import_seconds(proc.stderr))
    return statistics.median(samples), samples


def word_document(pkg: Any, path: Path) -> None:
    """The package as a Word document: the registered .docx exporter, or a plain one made here."""
    from evaldesk.export import registry

    try:
        path.write_bytes(registry.render("docx", pkg).data)
        return
    except KeyError:
        pass
    import docx  # python-docx
    from docx.shared import Pt

    from evaldesk.core import scoring
    from evaldesk.core.narrative import render_report
    from evaldesk.export import forms

    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(16)
    doc.add_heading(pkg.title(), 0)
    for section in render_report(pkg):
        doc.add_heading(section.heading, 1)
        for para in section.body.split("\n"):
            doc.add_paragraph(para)
        for sub in section.subsections:
            doc.add_heading(sub.heading, 2)
            for para in sub.body.split("\n"):
                doc.add_paragraph(para)
    for g in forms.all_forms(pkg, scoring.score_package(pkg)):
        doc.add_page_break()
        doc.add_paragraph(g.label)
        doc.add_heading(g.title, 1)
        table = doc.add_table(rows=g.n_rows, cols=g.n_cols)
        table.style = "Table Grid"
        for c in g.cells:
            cell = table.cell(c.row, c.col)
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(table.cell(c.last_row, c.last_col))
            cell.text = c.text
        doc.add_paragraph(g.footer_line())
    doc.save(str(path))


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_command(soffice: str, document: Path, outdir: Path) -> list[str]:
    """LibreOffice converting ``document`` to PDF in ``outdir``, whole process, with its own profile."""
    profile = (outdir / "lo-profile").as_uri()
    return [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(document),
    ]


def figures(
    make: Callable[..., Any], work: Path, runs: int, vs_libreoffice: bool, notes: list[str]
) -> list[Any]:
    """The paper figures, built with ``make`` (bench.run.Figure) and measured."""
    global _env
    _env = child_env(work)
    from bench.generate import large_package
    from evaldesk.core import storage
    from evaldesk.core.sample import load_sample

    sample_fig = make(
        "sample_pdf_process_s",
        "示例包导出PDF（整个进程）",
        1.0,
        "s",
        method=f"子进程×{runs}：python -m evaldesk export 示例 --pdf（字体缓存已建）",
    )
    cold_fig = make(
        "sample_pdf_process_cold_s",
        "  （首次导出：字体缓存为空）",
        None,
        "s",
        method=f"子进程×{runs}，每次用空的数据文件夹（解析字体并写缓存）",
    )
    import_fig = make(
        "export_import_s",
        "  （其中导入模块）",
        None,
        "s",
        method=f"子进程×{runs}：python -X importtime，顶层导入之和（不含解释器自身启动）",
    )
    big_fig = make(
        "big_pdf_process_s",
        "大型包导出PDF（整个进程）",
        None,
        "s",
        method=f"子进程×{runs}：python -m evaldesk export 大型包 --pdf",
    )
    out = [sample_fig, cold_fig, import_fig, big_fig]
    sample = work / "paper-sample.evaldesk"
    big = work / "paper-big.evaldesk"
    pkg = large_package()
    storage.save_package(sample, load_sample())
    storage.save_package(big, pkg)
    sample_fig.value, sample_fig.samples = export_process(sample, work / "sample.pdf", runs)
    cold_fig.value, cold_fig.samples = export_process_cold(sample, work / "sample.pdf", runs, work)
    import_fig.value, import_fig.samples = export_imports(sample, work / "sample.pdf", runs)
    sample_fig.runs = cold_fig.runs = import_fig.runs = big_fig.runs = runs
    soffice = libreoffice() if vs_libreoffice else None
    if soffice is None:
        big_fig.value, big_fig.samples = export_process(big, work / "big.pdf", runs)
    notes.append(f"示例包PDF共{_pages(work / 'sample.pdf')}页。")
    if not vs_libreoffice:
        notes.append(f"大型包PDF共{_pages(work / 'big.pdf')}页。")
        return out
    lo_fig = make(
        "libreoffice_pdf_s",
        "LibreOffice 转换同内容 Word 为PDF（整个进程）",
        None,
        "s",
        method=f"子进程×{runs}：soffice --headless --convert-to pdf",
    )
    ratio_fig = make(
        "vs_libreoffice_x", "  倍数（LibreOffice ÷ EvalDesk，目标 ≥ 4）", None, "x", method="两项中位数之比"
    )
    out += [lo_fig, ratio_fig]
    if soffice is None:
        lo_fig.status = ratio_fig.status = "未实现"
        notes.append(f"大型包PDF共{_pages(work / 'big.pdf')}页。")
        notes.append("未安装 LibreOffice（soffice），跳过与 LibreOffice 的对比。")
        return out
    document = work / "paper-big.docx"
    word_document(pkg, document)
    lo_dir = work / "lo"
    lo_dir.mkdir(exist_ok=True)
    # Side by side, in turn: the two share whatever else the machine is doing.
    (big_fig.value, big_fig.samples), (lo_fig.value, lo_fig.samples) = _timed_side_by_side(
        [
            (export_command(big, work / "big.pdf"), ROOT),
            (libreoffice_command(soffice, document, lo_dir), lo_dir),
        ],
        runs,
    )
    notes.append(f"大型包PDF共{_pages(work / 'big.pdf')}页。")
    lo_fig.runs = ratio_fig.runs = runs
    ratio_fig.value = lo_fig.value / big_fig.value if big_fig.value else None
    lo_pdf = lo_dir / "paper-big.pdf"
    if lo_pdf.exists():
        notes.append(f"LibreOffice 由同内容 Word 文档生成的PDF共{_pages(lo_pdf)}页。")
    return out
