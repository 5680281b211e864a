"""Benchmark figures of the offline bundle (packaging/): size, build time, start of the frozen window.

Used by ``bench/run.py`` only when a built bundle exists (``dist/evaldesk``, or ``--bundle DIR``) or
``--bundle-build`` asks for a build first (``python packaging/build.py``, several minutes). Sizes and
the build time come from ``bundle-info.json``, which the build writes beside the bundle.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run import ROOT, Figure

MB = 1_000_000


def _load_info(dist: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((dist / "bundle-info.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def build(dist: Path) -> float:
    """Run the full build into ``dist``; returns its wall time in seconds."""
    t0 = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--out", str(dist)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - t0


def start_window(bundle: Path, work: Path) -> float:
    """Seconds from launching the frozen window to its exit after drawing the start page to a PNG,
    in a new process with a new data folder (``--screenshots`` with no document open)."""
    home = Path(tempfile.mkdtemp(dir=work, prefix="home-"))
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "EVALDESK_DATA_DIR": str(home / "data"),
    }
    if sys.platform == "win32":
        env = {**os.environ, **env}
    exe = bundle / ("evaldesk.exe" if sys.platform == "win32" else "evaldesk")
    t0 = time.monotonic()
    subprocess.run(
        [str(exe), "--screenshots", str(home / "shots")],
        env=env,
        cwd=home,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.monotonic() - t0
    if not (home / "shots" / "00-start.png").is_file():
        raise RuntimeError("冻结程序没有写出起始页截图")
    return elapsed


def figures(dist: Path, runs: int, work: Path, do_build: bool = False) -> list[Figure]:
    """The bundle rows of the benchmark table (none when there is no bundle and no build was asked)."""
    built_s: float | None = None
    if do_build:
        built_s = build(dist)
    bundle = dist / "evaldesk"
    if not bundle.is_dir():
        return []
    info = _load_info(dist)
    figs: list[Figure] = []

    def size(key: str, label: str, target: float | None, what: str) -> None:
        fig = Figure(f"bundle_{key}_mb", label, target, "MB", method=what, runs=1)
        value = info.get(f"{key}_bytes")
        if isinstance(value, int):
            fig.value, fig.samples = value / MB, [value / MB]
        else:
            fig.status = "未实现"
        figs.append(fig)

    size("bundle", "离线包：解压后大小", 150.0, "dist/evaldesk 文件夹（含字体）")
    size("fonts", "  （其中内置字体）", None, "5个中文字体，lzma 压缩存放，首次使用时解压到数据文件夹")
    size("deb", "  .deb（xz 压缩）", 70.0, "dpkg-deb -Zxz")
    size("tar_gz", "  便携版 tar.gz", 70.0, "gzip -9")
    size("tar_xz", "  便携版 tar.xz", 70.0, "xz -9")
    size("zip", "  便携版 zip", 70.0, "deflate -9")

    b = Figure("bundle_build_s", "构建离线包（冻结＋.deb＋压缩包）", None, "s", runs=1)
    total = built_s if built_s is not None else info.get("total_seconds")
    if isinstance(total, int | float):
        b.value, b.samples = float(total), [float(total)]
        b.method = "本次 --bundle-build 计时" if built_s is not None else "取自 bundle-info.json（上次构建）"
    else:
        b.status = "未实现"
    figs.append(b)

    cold = Figure(
        "bundle_window_cold_s",
        "冻结窗口首次启动（到起始页绘出并退出）",
        3.0,
        "s",
        runs=1,
        method="新进程、新数据文件夹、离屏；首次运行（文件可能已在页缓存中）",
    )
    warm = Figure(
        "bundle_window_warm_s", "  （再次启动，中位数）", None, "s", runs=runs, method=f"同上×{runs}"
    )
    try:
        first = start_window(bundle, work)
        cold.value, cold.samples = first, [first]
        samples = [start_window(bundle, work) for _ in range(max(1, runs))]
        warm.value, warm.samples = statistics.median(samples), samples
    except (OSError, subprocess.CalledProcessError, RuntimeError) as e:
        cold.status = warm.status = f"出错：{e}"
    figs += [cold, warm]
    return figs
