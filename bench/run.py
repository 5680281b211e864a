"""Performance benchmark: ``python bench/run.py [--json] [--runs N]``.

Generates a large package (``bench.generate.large_package``: 50 projects × 15 indicators, 40 附件1 lines,
ten report sections of ~800 characters) and measures, as medians of several runs:

- opening it to a usable window — in a fresh subprocess per run (a cold-ish start: Python, Qt and
  EvalDesk imported and the QApplication created first, then timed from ``Draft.open`` until the main
  window is shown and ``processEvents`` has run); the subprocess's whole start-up is reported too;
- scoring plus all checks (``score_package`` + ``run_checks`` given that score sheet), in-process on
  the same package (scoring memoises rows on their content, as after an edit), and the first run in
  a fresh subprocess (nothing memoised yet);
- opening the draft in-process (``Draft.open``: lock, ``integrity_check``, backup, load) and the
  ``PRAGMA integrity_check`` alone, beside ``quick_check`` (which misses index damage);
- one edit: ``draft.apply(SetValue)`` on an indicator's 实际完成值, then ``core.analysis.Analyser.run``
  with that edit (the window's path: only the touched project re-scored, then the checks), in-process;
- PDF, XLSX and upload-package export and XLSX import, in-process;
- peak memory: ``ru_maxrss`` of this process (everything in-process) and of the largest window subprocess.

It reports and never gates: a part whose module is not there yet shows "未实现", and the exit code is 0.
Nothing is written outside a temporary folder (EVALDESK_DATA_DIR and the Qt settings point there).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``bench`` and ``evaldesk`` importable from the checkout
    sys.path.insert(0, str(ROOT))


NOTES: list[str] = []  # things noticed while measuring, printed under the table


class Unavailable(Exception):
    """The part measured is not implemented yet."""


@dataclass
class Figure:
    key: str  # JSON key, e.g. "pdf_s"
    label: str  # table label (Chinese)
    target: float | None  # seconds or MB; None = informational
    unit: str  # "s" or "MB"
    value: float | None = None
    status: str = "ok"  # "ok", "未实现" or "出错：…"
    runs: int = 0
    method: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def within(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value <= self.target


def _peak_mb(who: int) -> float:
    """Peak resident memory in MB of this process (RUSAGE_SELF) or of its largest child."""
    if who == resource.RUSAGE_SELF:
        # Linux keeps ru_maxrss across fork+exec, so a subprocess would report at least its parent's
        # peak; VmHWM belongs to the process's own address space and starts afresh at exec.
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(who).ru_maxrss / scale


def _median_of(fn: Callable[[], Any], runs: int, warmup: int = 1) -> tuple[float, list[float]]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), samples


def _measure(fig: Figure, fn: Callable[[], tuple[float, list[float]]]) -> None:
    try:
        fig.value, fig.samples = fn()
        fig.runs = len(fig.samples)
    except (ImportError, NotImplementedError, Unavailable):
        fig.status = "未实现"
    except AttributeError as e:
        # ``from evaldesk.export.xlsx import render`` inside another module, before that module exists.
        fig.status = "未实现" if "module 'evaldesk" in str(e) else f"出错：AttributeError: {str(e)[:60]}"
    except Exception as e:  # the bench reports every part even when one of them breaks
        first = str(e).splitlines()[0] if str(e) else ""
        fig.status = f"出错：{type(e).__name__}: {first[:60]}"


# ---- the window, in a subprocess ------------------------------------------------------------------


def child_window(draft_path: str) -> int:
    """Subprocess mode: time Draft.open → main window shown → processEvents; print one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from evaldesk.core.storage import Draft
        from evaldesk.ui.app import create_application
        from evaldesk.ui.main_window import MainWindow
    except ImportError as e:
        print(json.dumps({"status": "未实现", "detail": str(e)}))
        return 0
    app = create_application()
    t0 = time.perf_counter()
    draft = Draft.open(draft_path)
    window = MainWindow()
    window.set_draft(draft)
    window.show()
    app.processEvents()
    elapsed = time.perf_counter() - t0
    ui_edit: float | str = _ui_edits(app, window)
    window.close()
    app.processEvents()
    print(
        json.dumps(
            {"status": "ok", "seconds": elapsed, "ui_edit": ui_edit, "rss_mb": _peak_mb(resource.RUSAGE_SELF)}
        )
    )
    return 0


def _ui_edits(app: Any, window: Any, count: int = 15) -> float | str:
    """Median time of one edit made through the window's session, views refreshed (processEvents)."""
    try:
        from evaldesk.ui.steps import step_index

        window.workspace.go_to(step_index("overall"))
        app.processEvents()
        samples = []
        for n in range(count + 2):
            t0 = time.perf_counter()
            window.session.set_value(("overall", "indicators", 0, "actual"), f"{300 + n}次", "基准编辑")
            app.processEvents()
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples[2:])
    except (ImportError, AttributeError, KeyError) as e:
        return f"未实现（{type(e).__name__}）"
    except Exception as e:  # reported, never fatal
        return f"出错：{type(e).__name__}: {e}"


def child_check() -> int:
    """Subprocess mode: the first scoring + checks of a fresh process (no memoised results yet)."""
    from bench.generate import large_package
    from evaldesk.core.checks import run_checks
    from evaldesk.core.scoring import score_package

    pkg = large_package()
    t0 = time.perf_counter()
    run_checks(pkg, score_package(pkg))
    print(json.dumps({"status": "ok", "seconds": time.perf_counter() - t0}))
    return 0


def measure_cold_check(runs: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, __file__, "--child-check"],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            timeout=300,
        )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            if "NotImplementedError" in proc.stderr or "ModuleNotFoundError" in proc.stderr:
                raise Unavailable(proc.stderr.strip().splitlines()[-1])
            raise RuntimeError((proc.stderr.strip().splitlines() or ["无输出"])[-1])
        samples.append(json.loads(lines[-1])["seconds"])
    return statistics.median(samples), samples


def measure_window(draft: Path, runs: int, fig: Figure, cold: Figure, ui_edit: Figure) -> float:
    """Run the window subprocess ``runs`` times; returns its largest peak RSS (MB)."""
    inner, outer, edits_, rss = [], [], [], 0.0
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--child-window", str(draft)],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            timeout=300,
        )
        total = time.perf_counter() - t0
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if not lines:
            last = (proc.stderr.strip().splitlines() or ["无输出"])[-1]
            raise RuntimeError(f"窗口子进程失败（退出码 {proc.returncode}）：{last}")
        if proc.returncode != 0:  # measured fine, then failed while shutting down: worth knowing
            fatal = [ln for ln in proc.stderr.splitlines() if "Fatal" in ln or "Error" in ln]
            note = f"窗口子进程测量完成后退出异常（退出码 {proc.returncode}）：{(fatal or ['无输出'])[0]}"
            if note not in NOTES:
                NOTES.append(note)
        out = json.loads(lines[-1])
        if out["status"] != "ok":
            raise Unavailable(out.get("detail", ""))
        inner.append(out["seconds"])
        outer.append(total)
        rss = max(rss, out["rss_mb"])
        if isinstance(out.get("ui_edit"), float):
            edits_.append(out["ui_edit"])
        else:
            ui_edit.status = str(out.get("ui_edit", "未实现"))
    fig.value, fig.samples, fig.runs = statistics.median(inner), inner, runs
    cold.value, cold.samples, cold.runs = statistics.median(outer), outer, runs
    if edits_ and ui_edit.status == "ok":
        ui_edit.value, ui_edit.samples, ui_edit.runs = statistics.median(edits_), edits_, len(edits_)
    return rss


# ---- everything else, in-process ------------------------------------------------------------------


def run(runs: int, quick_runs: int, work: Path) -> tuple[list[Figure], dict[str, Any]]:
    from bench.generate import large_package
    from evaldesk.core import edits

    figs = {
        "window_s": Figure(
            "window_s",
            "打开草稿到窗口可用",
            1.5,
            "s",
            method=f"子进程×{runs}，Draft.open→窗口显示→processEvents",
        ),
        "window_cold_s": Figure(
            "window_cold_s",
            "  （含启动：导入、QApplication）",
            None,
            "s",
            method="同一子进程从启动到输出结果",
        ),
        "check_s": Figure(
            "check_s",
            "评分＋全部审核",
            0.020,
            "s",
            method=f"进程内×{quick_runs}，同一包重复（逐行评分结果已缓存）",
        ),
        "check_cold_s": Figure(
            "check_cold_s",
            "  （首次：新进程、无缓存）",
            0.020,
            "s",
            method=f"子进程×{runs}，每个进程第一次评分＋审核",
        ),
        "open_s": Figure(
            "open_s", "打开草稿（Draft.open，含完整性检查与备份）", 1.5, "s", method=f"进程内×{runs}"
        ),
        "integrity_s": Figure(
            "integrity_s", "  （其中 integrity_check）", None, "s", method=f"进程内×{quick_runs}"
        ),
        "quick_check_s": Figure(
            "quick_check_s", "  （对照：quick_check）", None, "s", method=f"进程内×{quick_runs}"
        ),
        "edit_s": Figure(
            "edit_s",
            "一次编辑（保存＋评分＋审核）",
            0.016,
            "s",
            method=f"进程内×{quick_runs}，每次改一个项目的指标实际完成值",
        ),
        "ui_edit_s": Figure(
            "ui_edit_s",
            "  （窗口内：经界面保存、重算并刷新）",
            0.016,
            "s",
            method=f"窗口子进程×{runs}，“整体支出自评”页改指标实际完成值×15，取中位数",
        ),
        "pdf_s": Figure("pdf_s", "导出 PDF", 1.0, "s", method=f"进程内×{runs}"),
        "xlsx_s": Figure("xlsx_s", "导出 XLSX", 1.0, "s", method=f"进程内×{runs}"),
        "package_s": Figure("package_s", "生成上传包", 3.0, "s", method=f"进程内×{runs}"),
        "xlsx_import_s": Figure("xlsx_import_s", "导入 XLSX", None, "s", method=f"进程内×{runs}"),
        "docx_s": Figure("docx_s", "导出 Word", None, "s", method=f"进程内×{runs}"),
        "docx_import_s": Figure(
            "docx_import_s", "导入 Word（按文字读取）", None, "s", method=f"进程内×{runs}"
        ),
        "peak_rss_mb": Figure(
            "peak_rss_mb", "内存峰值（ru_maxrss）", 300.0, "MB", method="本进程与窗口子进程中较大者"
        ),
    }
    pkg = large_package()
    shape = {
        "projects": len(pkg.projects),
        "indicators_per_project": len(pkg.projects[0].performance.indicators) if pkg.projects else 0,
        "basic_lines": len(pkg.basic.special) + len(pkg.basic.transfer),
        "report_sections": len(pkg.report),
    }
    draft_path = work / "大型自评包.evaldesk"
    draft = None
    window_rss = 0.0
    try:
        from evaldesk.core.storage import Draft

        Draft.create(draft_path, pkg).close()
        draft = Draft.open(draft_path)
    except (ImportError, NotImplementedError):
        pass
    except Exception as e:
        figs["edit_s"].status = figs["window_s"].status = f"出错：{type(e).__name__}: {e}"

    def checks_once(p: Any) -> Callable[[], Any]:
        from evaldesk.core.checks import run_checks
        from evaldesk.core.scoring import score_package

        def go() -> Any:
            return run_checks(p, score_package(p))

        return go

    _measure(figs["check_s"], lambda: _median_of(checks_once(pkg), quick_runs))
    _measure(figs["check_cold_s"], lambda: measure_cold_check(runs))

    if draft is not None:
        draft.close()

        def open_close() -> None:
            Draft.open(draft_path).close()

        def pragma(name: str) -> Callable[[], None]:
            def go() -> None:
                import sqlite3

                conn = sqlite3.connect(draft_path)
                try:
                    conn.execute(f"PRAGMA {name}").fetchall()
                finally:
                    conn.close()

            return go

        _measure(figs["open_s"], lambda: _median_of(open_close, runs))
        _measure(figs["integrity_s"], lambda: _median_of(pragma("integrity_check(1)"), quick_runs))
        _measure(figs["quick_check_s"], lambda: _median_of(pragma("quick_check(1)"), quick_runs))
        from evaldesk.core.analysis import Analyser

        draft = Draft.open(draft_path)
        analyser = Analyser()  # the window's own edit path: re-score what the edit touched, then check
        analyser.run(draft.package)
        counter = iter(range(10**9))

        def one_edit() -> None:
            n = next(counter)
            pid = draft.package.projects[n % len(draft.package.projects)].id
            edit = edits.SetValue(
                ("projects", pid, "performance", "indicators", 0, "actual"), f"{300 + n % 7}次"
            )
            draft.apply(edit)
            analyser.run(draft.package, edit)

        _measure(figs["edit_s"], lambda: _median_of(one_edit, quick_runs, warmup=2))
        draft.close()
    elif figs["edit_s"].status == "ok":
        figs["edit_s"].status = "未实现"

    def pdf() -> tuple[float, list[float]]:
        from evaldesk.export.pdf import render

        return _median_of(lambda: render(pkg), runs)

    def xlsx() -> tuple[float, list[float]]:
        from evaldesk.export.xlsx import render

        return _median_of(lambda: render(pkg), runs)

    def package() -> tuple[float, list[float]]:
        from evaldesk.export.package import build_package

        return _median_of(lambda: build_package(pkg, accept_open_errors="性能基准测试，不上报"), runs)

    def xlsx_import() -> tuple[float, list[float]]:
        from evaldesk.export.xlsx import read_workbook, render

        data = render(pkg)
        return _median_of(lambda: read_workbook(data, source_name="大型自评包.xlsx"), runs)

    _measure(figs["pdf_s"], pdf)
    _measure(figs["xlsx_s"], xlsx)
    _measure(figs["package_s"], package)
    _measure(figs["xlsx_import_s"], xlsx_import)

    def docx() -> tuple[float, list[float]]:
        from evaldesk.export.docx import render_docx

        return _median_of(lambda: render_docx(pkg), runs)

    def docx_import() -> tuple[float, list[float]]:
        import io

        from docx import Document

        from evaldesk.export.docx import embed, render_docx
        from evaldesk.export.docx.reader import read_docx

        # Without the embedded data: a hand-made document is read from its text, the slow path.
        doc = Document(io.BytesIO(render_docx(pkg).data))
        for rid, rel in list(doc.part.rels.items()):
            if rel.reltype == embed.RELTYPE:
                doc.part.drop_rel(rid)
        buf = io.BytesIO()
        doc.save(buf)
        return _median_of(lambda: read_docx(buf.getvalue()), runs)

    _measure(figs["docx_s"], docx)
    _measure(figs["docx_import_s"], docx_import)

    if draft is not None and figs["window_s"].status == "ok":

        def window() -> tuple[float, list[float]]:
            nonlocal window_rss
            window_rss = measure_window(
                draft_path, runs, figs["window_s"], figs["window_cold_s"], figs["ui_edit_s"]
            )
            return figs["window_s"].value or 0.0, figs["window_s"].samples

        _measure(figs["window_s"], window)
        if figs["window_s"].status != "ok":
            figs["window_cold_s"].status = figs["ui_edit_s"].status = figs["window_s"].status
    elif figs["window_s"].status == "ok":
        figs["window_s"].status = figs["window_cold_s"].status = figs["ui_edit_s"].status = "未实现"

    own = _peak_mb(resource.RUSAGE_SELF)
    mem = figs["peak_rss_mb"]
    mem.value, mem.samples, mem.runs = max(own, window_rss), [own, window_rss], 1
    mem.method = f"本进程 {own:.0f} MB，窗口子进程 {window_rss:.0f} MB，取较大者"
    return list(figs.values()), shape


# ---- output ---------------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.1f}×"
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value:.2f} s"


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def print_table(figs: list[Figure], shape: dict[str, Any]) -> None:
    print(
        f"大型自评包：{shape['projects']}个项目 × {shape['indicators_per_project']}个指标，"
        f"附件1项目行{shape['basic_lines']}行，自评报告{shape['report_sections']}部分"
    )
    rows = [("项目", "中位数", "目标", "", "测量方式")]
    for f in figs:
        target = "—" if f.target is None else "≤ " + _fmt(f.target, f.unit)
        if f.status != "ok":
            rows.append((f.label, "未实现" if f.status == "未实现" else "出错（见下）", target, "", f.method))
            continue
        mark = {True: "✓", False: "✗", None: ""}[f.within]
        rows.append((f.label, _fmt(f.value, f.unit), target, mark, f.method))
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(_pad(c, widths[i]) if i < 4 else c for i, c in enumerate(r)).rstrip())
    for f in figs:
        if f.status not in ("ok", "未实现"):
            print(f"{f.label.strip()}：{f.status}")
    for note in NOTES:
        print(f"注意：{note}")


def as_json(figs: list[Figure], shape: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {f.key: (round(f.value, 6) if f.value is not None else None) for f in figs}
    out["targets"] = {f.key: f.target for f in figs if f.target is not None}
    out["within_target"] = {f.key: f.within for f in figs if f.target is not None}
    out["status"] = {f.key: f.status for f in figs}
    out["runs"] = {f.key: f.runs for f in figs}
    out["method"] = {f.key: f.method for f in figs}
    out["package"] = shape
    out["notes"] = list(NOTES)
    return out


def paper_figures(runs: int, work: Path, vs_libreoffice: bool) -> list[Figure]:
    """Whole-process PDF export (and LibreOffice on the same content): ``bench/paper.py``."""
    from bench import paper

    try:
        return paper.figures(Figure, work, runs, vs_libreoffice, NOTES)
    except Exception as e:  # the bench reports every part even when one of them breaks
        NOTES.append(f"整个进程导出PDF未能测量：{type(e).__name__}: {str(e)[:80]}")
        return []


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="EvalDesk 性能基准（报告，不作为门槛；退出码总是 0）")
    p.add_argument("--json", action="store_true", help="以一个 JSON 对象输出（秒、MB）")
    p.add_argument("--runs", type=int, default=3, help="较慢各项（窗口、导出、导入）的运行次数，默认 3")
    p.add_argument("--quick-runs", type=int, default=25, help="较快各项（审核、编辑）的运行次数，默认 25")
    p.add_argument(
        "--vs-libreoffice",
        action="store_true",
        help="另测 LibreOffice 把同内容 Word 文档转为PDF的时间（未安装 soffice 时跳过）",
    )
    p.add_argument("--child-window", metavar="DRAFT", help=argparse.SUPPRESS)
    p.add_argument("--child-check", action="store_true", help=argparse.SUPPRESS)
    p.add_argument(
        "--bundle",
        metavar="DIR",
        default=str(ROOT / "dist"),
        help="离线包所在文件夹（packaging/build.py 的输出，默认 dist/；存在时才测）",
    )
    p.add_argument("--bundle-build", action="store_true", help="先构建离线包再测（需数分钟）")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child_window:
        return child_window(args.child_window)
    if args.child_check:
        return child_check()
    scratch = tempfile.mkdtemp(prefix="evaldesk-bench-home-")
    # Backups made on open, recent-file lists and Qt settings all go to the scratch folder.
    os.environ["EVALDESK_DATA_DIR"] = os.path.join(scratch, "data")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(scratch, "config")
    try:
        figs, shape = run(max(1, args.runs), max(1, args.quick_runs), Path(scratch))
        figs += paper_figures(max(1, args.runs), Path(scratch), args.vs_libreoffice)
        from bench import bundle  # the offline bundle's rows: only when one is built (packaging/)

        figs += bundle.figures(Path(args.bundle), max(1, args.runs), Path(scratch), args.bundle_build)
        from bench import hostile  # each hostile file read by a fresh CLI process under resource limits

        hostile_rows = hostile.report()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps({**as_json(figs, shape), "hostile": hostile_rows}, ensure_ascii=False, indent=2))
    else:
        print_table(figs, shape)
        hostile.print_report(hostile_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
