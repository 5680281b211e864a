"""Hostile and clumsy input, generated on the spot: each file, the Chinese line it must get, and its cost.

Every case writes its file(s) into a folder and names the CLI command that reads them. ``measure`` runs
that command in a fresh ``python -m evaldesk`` under ``resource`` limits (address space and CPU seconds,
generous enough for a busy machine: they catch a runaway, they are not timings) and reports the exit
code, the message, the wall time and the peak memory (``ru_maxrss`` of that subprocess alone).

The tests (``tests/core/test_hostile_corpus.py``) assert the exit code and the message of every case;
``bench/run.py`` prints the time and memory of each (``python bench/hostile.py`` does only that).
Nothing here is a committed binary: every file is built from the sample package or from scratch.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ADDRESS_SPACE_LIMIT = 2 * 1024 * 1024 * 1024
"""RLIMIT_AS of the subprocess: far above the 300 MB goal (Python maps more than it touches)."""

CPU_LIMIT_S = 60
"""RLIMIT_CPU of the subprocess: a runaway is killed instead of hanging the suite."""

GOAL_S = 3.0
GOAL_MB = 300.0


@dataclass(frozen=True)
class Case:
    name: str
    label: str  # what the file is, in Chinese (the benchmark's table)
    make: Callable[[Path], list[str]]  # writes the file(s) into the folder; returns the CLI arguments
    expect: str  # a regular expression the Chinese message must match (``re.search``)
    code: int = 2


@dataclass
class Outcome:
    code: int  # the exit code; negative: killed by that signal (a limit was hit)
    out: str
    err: str
    seconds: float
    peak_mb: float


# ---- building files --------------------------------------------------------------------------


def _sample_json() -> dict[str, object]:
    from evaldesk.core import jsonform
    from evaldesk.core.sample import load_sample

    return json.loads(jsonform.dumps(load_sample()))


def _write_json(folder: Path, name: str, doc: object, replace: tuple[str, str] | None = None) -> Path:
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    if replace is not None:
        assert replace[0] in text, replace[0]
        text = text.replace(replace[0], replace[1], 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _sample_draft(folder: Path, name: str) -> Path:
    from evaldesk.core import storage
    from evaldesk.core.sample import load_sample

    path = folder / name
    storage.save_package(path, load_sample())
    return path


def _sample_package(folder: Path) -> bytes:  # noqa: ARG001 - every builder takes the scratch folder
    from evaldesk.core.sample import load_sample
    from evaldesk.export.package import build_package

    return build_package(load_sample(), accept_open_errors="样例")


def _sample_workbook() -> bytes:
    from evaldesk.core.sample import load_sample
    from evaldesk.export.xlsx import render

    return render(load_sample())


_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_SHEET_CT = (
    '<Override PartName="/xl/worksheets/sheet{i}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def minimal_xlsx(sheets: list[str], extra: dict[str, bytes] | None = None) -> bytes:
    """A workbook zip around the given worksheet XML texts (``<sheetData>`` contents), written by hand."""
    n = len(sheets)
    parts: dict[str, bytes] = {
        "[Content_Types].xml": _CT.format(
            overrides="".join(_SHEET_CT.format(i=i + 1) for i in range(n))
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL.replace("officeDocument/2006/relationships", "package/2006/relationships")}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_RNS}><sheets>'
            + "".join(f'<sheet name="表{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(n))
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                for i in range(n)
            )
            + "</Relationships>"
        ).encode(),
    }
    for i, body in enumerate(sheets):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>{body}</sheetData></worksheet>'
        ).encode()
    parts.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def number_rows(rows: int, cols: int, start: int = 1) -> str:
    cols_text = [_col(c) for c in range(1, cols + 1)]
    out = []
    for r in range(start, start + rows):
        cells = "".join(f'<c r="{c}{r}"><v>{r * 7 + i}.25</v></c>' for i, c in enumerate(cols_text))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def make_ordinary_big_workbook(folder: Path) -> list[str]:
    """20 sheets × 3000 rows × 20 numbers: an ordinary workbook, 4–5 MB, but no self-evaluation form."""
    body = number_rows(3000, 20)
    path = folder / "大工作簿.xlsx"
    path.write_bytes(minimal_xlsx([body] * 20))
    return ["import", str(path), str(folder / "out.evaldesk")]


def make_wide_rows(folder: Path) -> list[str]:
    """Rows of 16 000 cells each: everything right of column AN is ignored, but still parsed."""
    letters = [_col(c) for c in range(1, 16001)]
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in letters) + "</row>"
        for r in range(1, 41)
    )
    path = folder / "超宽.xlsx"
    path.write_bytes(minimal_xlsx([rows]))
    return ["check", str(path)]


def make_shared_strings_bomb(folder: Path) -> list[str]:
    """A shared-strings table of a million short strings that no cell uses (openpyxl loads them all)."""
    count = 1_000_000
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="{count}" uniqueCount="{count}">'
        + "".join(f"<si><t>{i:x}</t></si>" for i in range(count))
        + "</sst>"
    ).encode()
    ct_extra = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    data = minimal_xlsx(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], {"xl/sharedStrings.xml": sst})
    # Register the part (content types and workbook relationship) so that openpyxl reads it.
    data = _rewrite(
        data,
        {
            "[Content_Types].xml": lambda b: b.replace(b"</Types>", ct_extra.encode() + b"</Types>"),
            "xl/_rels/workbook.xml.rels": lambda b: b.replace(
                b"</Relationships>",
                f'<Relationship Id="rId999" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'.encode()
                + b"</Relationships>",
            ),
        },
    )
    path = folder / "共享字符串.xlsx"
    path.write_bytes(data)
    return ["dump", str(path)]


def make_understated_zip(folder: Path) -> list[str]:
    """A workbook-looking zip of 400 000 empty entries whose end record says it holds 3."""
    entries = 400_000
    local = bytearray()
    central = bytearray()
    names = [b"[Content_Types].xml", b"xl/workbook.xml"] + [b"%06x" % i for i in range(entries - 2)]
    crc = zlib.crc32(b"")
    for name in names:
        offset = len(local)
        local += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, 0, 0, len(name), 0) + name
        central += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                0,
                0,
                0,
                crc,
                0,
                0,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 3, 3, len(central), len(local), 0)
    path = folder / "目录少报.xlsx"
    path.write_bytes(bytes(local + central + eocd))
    return ["check", str(path)]


def _rewrite(data: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            content = src.read(info)
            if info.filename in changes:
                content = changes[info.filename](content)
            out.writestr(info.filename, content)
    return buf.getvalue()


def make_huge_amount_cell(folder: Path) -> list[str]:
    """The sample workbook with 附件1's first amount (1818.34) replaced by the number 1e300."""
    data = _sample_workbook()

    def change(xml: bytes) -> bytes:
        assert b"<v>1818.34</v>" in xml
        return xml.replace(b"<v>1818.34</v>", b"<v>1E+300</v>", 1)

    name = _sheet_with(data, b"<v>1818.34</v>")
    path = folder / "金额1e300.xlsx"
    path.write_bytes(_rewrite(data, {name: change}))
    return ["import", str(path), str(folder / "out.evaldesk")]


def _sheet_with(data: bytes, needle: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and needle in zf.read(name):
                return name
    raise AssertionError(needle)


def make_long_digits_json(folder: Path) -> list[str]:
    doc = _sample_json()
    path = _write_json(folder, "长整数.json", doc, ('"fiscal_year": 2023', '"fiscal_year": ' + "7" * 5000))
    return ["import", str(path), str(folder / "out.evaldesk")]


def make_long_digits_amount_json(folder: Path) -> list[str]:
    doc = _sample_json()
    path = _write_json(folder, "长金额.json", doc, ('"prev": "923.8"', '"prev": ' + "7" * 5000))
    return ["check", str(path)]


def make_long_digits_manifest(folder: Path) -> list[str]:
    data = _sample_package(folder)
    changed = _rewrite(
        data,
        {
            "manifest.json": lambda b: b.replace(
                b'"manifest_version": 1', b'"manifest_version": ' + b"9" * 5000
            )
        },
    )
    path = folder / "清单长整数.zip"
    path.write_bytes(changed)
    return ["verify", str(path)]


def make_nan_draft(folder: Path) -> list[str]:
    path = _sample_draft(folder, "非数.evaldesk")
    with sqlite3.connect(path) as c:
        c.execute("UPDATE basic_rows SET prev = 'sNaN' WHERE key = 'car'")
    c.close()
    return ["check", str(path)]


def make_renamed_row_draft(folder: Path) -> list[str]:
    path = _sample_draft(folder, "行名改动.evaldesk")
    with sqlite3.connect(path) as c:
        c.execute("UPDATE basic_rows SET key = 'pubilc' WHERE key = 'public'")
    c.close()
    return ["check", str(path)]


def make_unknown_row_json(folder: Path) -> list[str]:
    path = _write_json(folder, "行名拼错.json", _sample_json(), ('"public":', '"pubilc":'))
    return ["import", str(path), str(folder / "out.evaldesk")]


def make_float_version_json(folder: Path) -> list[str]:
    path = _write_json(folder, "版本号.json", _sample_json(), ('"version": 1', '"version": 1.0'))
    return ["dump", str(path)]


def make_long_name_json(folder: Path) -> list[str]:
    doc = _sample_json()
    doc["unit"]["name"] = "应" * 1_000_000  # type: ignore[index]
    path = _write_json(folder, "超长名称.json", doc)
    return ["import", str(path), str(folder / "out.evaldesk")]


def make_dense_workbook(folder: Path) -> list[str]:
    """Just under the element budget: 46 000 numbers in five sheets, read in full and then refused."""
    path = folder / "接近上限.xlsx"
    path.write_bytes(minimal_xlsx([number_rows(1000, 10)] * 4 + [number_rows(600, 10)]))
    return ["check", str(path)]


def _long_text(n: int) -> str:
    pattern = "全面排查安全隐患，落实整改责任；强化应急值守，提升救援能力。"
    return (pattern * (n // len(pattern) + 1))[:n]


def make_long_paragraph_pdf(folder: Path) -> list[str]:
    """A report section of 32 000 characters (took 12.8 s to lay out; layout is now linear)."""
    doc = _sample_json()
    doc["report"][0]["body"] = _long_text(32_000)  # type: ignore[index]
    path = _write_json(folder, "长段落.json", doc)
    return ["export", str(path), "--pdf", str(folder / "长段落.pdf")]


def make_long_goal_pdf(folder: Path) -> list[str]:
    """A 预期目标 of 3 500 characters in a table cell (made reportlab raise LayoutError)."""
    doc = _sample_json()
    doc["overall"]["goal_expected"] = _long_text(3_500)  # type: ignore[index]
    path = _write_json(folder, "长目标.json", doc)
    return ["export", str(path), "--pdf", str(folder / "长目标.pdf")]


CASES: tuple[Case, ...] = (
    Case("ordinary-big-xlsx", "普通大工作簿（20表×3000行×20列）", make_ordinary_big_workbook, "单元格过多"),
    Case("wide-rows-xlsx", "超宽行（每行16000格）", make_wide_rows, "单元格过多"),
    Case("shared-strings-xlsx", "共享字符串炸弹（100万条）", make_shared_strings_bomb, "共享字符串过多"),
    Case("understated-zip", "目录少报条目数的压缩包（40万条）", make_understated_zip, "文件过多"),
    Case("huge-amount-xlsx", "金额单元格为1e300", make_huge_amount_cell, r"附件2![A-Z]+[0-9]+：“1000"),
    Case("long-int-json", "JSON中5000位整数", make_long_digits_json, r"\$\.fiscal_year 应为整数"),
    Case(
        "long-amount-json",
        "JSON中5000位金额",
        make_long_digits_amount_json,
        r"\$\.basic\.rows\.project\.prev 的数值",
    ),
    Case("long-int-manifest", "manifest.json中5000位整数", make_long_digits_manifest, "位数过多", code=1),
    Case("snan-draft", "草稿金额列为sNaN", make_nan_draft, "sNaN"),
    Case("renamed-row-draft", "草稿中附件1行名被改", make_renamed_row_draft, "pubilc"),
    Case("unknown-row-json", "JSON中附件1行名拼错", make_unknown_row_json, "pubilc"),
    Case("float-version-json", "版本号写成1.0", make_float_version_json, "版本号“1\\.0”无效"),
    Case("dense-xlsx", "接近元素上限的工作簿（4.6万个数字）", make_dense_workbook, "没有找到自评表格"),
    Case("long-paragraph-pdf", "3.2万字的报告段落导出PDF", make_long_paragraph_pdf, "已导出PDF", code=0),
    Case("long-goal-pdf", "3500字的预期目标导出PDF", make_long_goal_pdf, "已导出PDF", code=0),
    Case(
        "long-name-json",
        "100万字的单位名称",
        make_long_name_json,
        r"\$\.unit\.name 的名称过长（1000000个字，最多200个字）",
    ),
)


# ---- measuring ---------------------------------------------------------------------------------


_LAUNCH = (
    "import atexit, os, resource, runpy, sys\n"
    "def _peak():\n"
    "    status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
    "    open(os.environ['EVALDESK_PEAK_FILE'], 'w').write(status)\n"
    "atexit.register(_peak)\n"
    "resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu_hard}))\n"
    "sys.argv = ['evaldesk', *sys.argv[1:]]\n"
    "runpy.run_module('evaldesk', run_name='__main__', alter_sys=True)\n"
)


def run_limited(args: list[str], data_dir: Path) -> Outcome:
    """``python -m evaldesk ARGS`` under the limits; the exit code, output, wall time and peak memory."""
    data_dir.mkdir(parents=True, exist_ok=True)
    peak_file = data_dir / "peak-kb.txt"
    peak_file.unlink(missing_ok=True)
    env = dict(
        os.environ, EVALDESK_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), EVALDESK_PEAK_FILE=str(peak_file)
    )
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # The limits are set by the child itself, and its peak memory is the VmHWM of its own address
        # space: ru_maxrss of a child started by fork/vfork includes this (parent) process's pages.
        launch = _LAUNCH.format(mem=ADDRESS_SPACE_LIMIT, cpu=CPU_LIMIT_S, cpu_hard=CPU_LIMIT_S + 5)
        proc = subprocess.Popen(
            [sys.executable, "-c", launch, *args], cwd=ROOT, env=env, stdout=out, stderr=err
        )
        proc.wait()
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Outcome(
            code=proc.returncode,
            out=out.read().decode("utf-8", "replace"),
            err=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            # A process killed by a limit writes nothing: its peak is unknown (reported as the limit).
            peak_mb=int(peak_file.read_text()) / 1024 if peak_file.exists() else ADDRESS_SPACE_LIMIT / 2**20,
        )


def measure(case: Case, folder: Path) -> Outcome:
    folder.mkdir(parents=True, exist_ok=True)
    args = case.make(folder)
    return run_limited(args, folder / "data")


def baseline(folder: Path) -> Outcome:
    """The cost of starting the CLI at all (``python -m evaldesk dump`` of a tiny JSON)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = _write_json(folder, "样例.json", _sample_json())
    return run_limited(["dump", str(path)], folder / "data")


def report() -> list[dict[str, object]]:
    """Every case measured once: name, label, exit code, seconds, peak MB and whether the goal is met."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="evaldesk-hostile-") as tmp:
        for case in CASES:
            o = measure(case, Path(tmp) / case.name)
            message = (o.err or o.out).strip().splitlines()
            rows.append(
                {
                    "name": case.name,
                    "label": case.label,
                    "code": o.code,
                    "seconds": round(o.seconds, 2),
                    "peak_mb": round(o.peak_mb, 1),
                    "within_goal": o.seconds <= GOAL_S and o.peak_mb <= GOAL_MB and o.code == case.code,
                    "message": message[-1][:80] if message else "",
                }
            )
    return rows


def print_report(rows: list[dict[str, object]]) -> None:
    print(f"\n恶意/异常输入（每个文件一个子进程；目标 ≤{GOAL_S:g} 秒、≤{GOAL_MB:g} MB）：")
    for r in rows:
        mark = "✓" if r["within_goal"] else "✗"
        print(
            f"  {mark} {r['label']}: {r['seconds']} 秒, {r['peak_mb']} MB, 退出码 {r['code']} — {r['message']}"
        )


if __name__ == "__main__":
    print_report(report())
