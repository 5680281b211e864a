"""The trimmed ICU data library: which items go, and that Qt still sorts Chinese, names time zones and
decodes GB18030/GBK with it (the bundle's libicudata.so.73 is rebuilt from the trimmed package)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.helpers import load

icu_trim = load("icu_trim")


def test_only_the_chinese_and_english_locales_stay() -> None:
    drop = icu_trim.drop
    for kept in ("root.res", "zh.res", "zh_Hans.res", "zh_Hans_CN.res", "zh_CN.res", "en.res"):
        assert not drop(kept) and not drop(f"coll/{kept}") and not drop(f"zone/{kept}")
    for gone in ("de.res", "ja.res", "zh_Hant_TW.res", "coll/ko.res", "zone/fr_CA.res", "coll/de_.res"):
        assert drop(gone)
    # The shared tables every locale needs are not locales.
    for kept in ("res_index.res", "pool.res", "coll/ucadata.icu", "supplementalData.res", "zoneinfo64.res"):
        assert not drop(kept)


def test_chinese_converters_stay_and_the_rest_go() -> None:
    drop = icu_trim.drop
    assert not drop("gb18030.cnv") and not drop("windows-936-2000.cnv") and not drop("ibm-1386_P100-2001.cnv")
    assert not drop("cnvalias.icu")
    assert drop("ibm-943_P15A-2003.cnv") and drop("euc-tw-2014.cnv")
    assert not drop("brkitr/cjdict.dict") and not drop("brkitr/line.brk") and not drop("nfkc.nrm")
    assert drop("translit/root.res") and drop("confusables.cfu")


# Run in a child with the trimmed library preloaded: its soname satisfies Qt's libicuuc, so ICU reads the
# trimmed data (the child checks /proc/self/maps to be sure).
QT_ICU = r"""
import functools, sys
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
zh = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
c = QCollator(zh)
print(sorted(["中国", "阿里", "北京", "重庆", "安徽", "长沙", "岳阳", "alpha", "Zeta"], key=functools.cmp_to_key(c.compare)))
n = QCollator(zh); n.setNumericMode(True)
print(sorted(["第10项", "第9项", "第1项"], key=functools.cmp_to_key(n.compare)))
print([QStringDecoder(e).isValid() for e in ("GB18030", "GBK", "GB2312")])
tz = QTimeZone(b"Asia/Shanghai")
print(tz.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, zh))
print(any(sys.argv[1] in line for line in open("/proc/self/maps")))
"""


def _qt_icudata() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # located, not imported: this test runs Qt in a child
    if spec is None or spec.origin is None:
        return None
    found = sorted((Path(spec.origin).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


FILE_DIALOG = r"""
import sys
from PySide6.QtCore import QEventLoop, QLocale, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QTreeView
app = QApplication([])
QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
d = QFileDialog(None, "打开", sys.argv[1], "草稿 (*.evaldesk)")
d.setOption(QFileDialog.Option.DontUseNativeDialog)
d.show()
loop = QEventLoop()
d.findChild(QFileSystemModel).directoryLoaded.connect(lambda _p: QTimer.singleShot(300, loop.quit))
QTimer.singleShot(10000, loop.quit)
loop.exec()
view = d.findChild(QTreeView)
model, root = view.model(), view.rootIndex()
print([model.data(model.index(r, 0, root)) for r in range(model.rowCount(root))])
"""


@pytest.fixture(scope="module")
def trimmed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not sys.platform.startswith("linux"):
        pytest.skip("PySide6 ships its own ICU on Linux only")
    lib = _qt_icudata()
    if lib is None or not all(icu_trim.tool(t) for t in icu_trim.REQUIRED_TOOLS):
        pytest.skip("needs PySide6's libicudata, icupkg (icu-devtools) and gcc")
    out = tmp_path_factory.mktemp("icu") / lib.name
    kept, dropped = icu_trim.trim(lib, out)
    assert dropped > kept > 100
    assert out.stat().st_size < lib.stat().st_size / 3
    return out


def _run_qt(script: str, lib: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LD_PRELOAD": str(lib), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )


def test_qt_works_with_the_trimmed_icu_data(trimmed: Path) -> None:
    run = _run_qt(QT_ICU, trimmed, str(trimmed))
    assert run.stdout.splitlines() == [
        "['阿里', '安徽', '北京', '重庆', '岳阳', '长沙', '中国', 'alpha', 'Zeta']",  # pinyin order
        "['第1项', '第9项', '第10项']",
        "[True, True, True]",
        "中国标准时间",
        "True",  # the trimmed library was the one loaded
    ], run.stderr
    assert "Could not create collator" not in run.stderr


def test_the_file_dialog_sorts_chinese_names_by_pinyin_with_the_trimmed_icu(
    trimmed: Path, tmp_path: Path
) -> None:
    for name in ("中国.evaldesk", "阿里.evaldesk", "长沙.evaldesk", "岳阳10.evaldesk", "岳阳9.evaldesk"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "北京").mkdir()
    run = _run_qt(FILE_DIALOG, trimmed, str(tmp_path))
    assert run.stdout.splitlines() == [
        "['北京', '阿里.evaldesk', '岳阳9.evaldesk', '岳阳10.evaldesk', '长沙.evaldesk', '中国.evaldesk']"
    ], run.stderr
    assert "Could not create collator" not in run.stderr


def test_read_symbol_finds_the_data_blob_of_a_built_library(tmp_path: Path) -> None:
    if not shutil.which("gcc"):
        pytest.skip("needs gcc")
    src = tmp_path / "d.S"
    src.write_text(
        '\t.section .rodata\n\t.globl icudt99_dat\nicudt99_dat:\n\t.ascii "hello ICU"\n'
        "\t.size icudt99_dat, 9\n",
        encoding="ascii",
    )
    so = tmp_path / "libicudata.so.99"
    subprocess.run(["gcc", "-shared", "-nostdlib", "-o", str(so), str(src)], check=True)
    assert icu_trim.read_symbol(so, "icudt99_dat") == b"hello ICU"
    with pytest.raises(ValueError, match="no symbol"):
        icu_trim.read_symbol(so, "icudt98_dat")
