"""The new-package wizard as a Qt-free state machine: its steps, fields, defaults and validation.

The Qt wizard (``evaldesk.ui.document.wizard``) only renders what this module describes and asks it what is
wrong and what comes next, so the rules are tested without a window (as Electrum separates
``electrum/wizard.py`` from its Qt pages).

Steps: ``unit`` (单位名称, 主管部门) → ``year`` (评价年度, 规则) → ``save`` (保存位置) → build the package.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from evaldesk.core import model, rulesets
from evaldesk.core.errors import InputError
from evaldesk.core.money import normalize_text

FILE_SUFFIX = ".evaldesk"

# Rule sets a package can be scored by (id, label); ``mof2020`` is the default.
RULESETS: tuple[tuple[str, str], ...] = (
    ("mof2020", "财政部通用（财预〔2020〕10号）"),
    ("hunan", "湖南省"),
)
RULESET_IDS = tuple(k for k, _ in RULESETS)

MIN_YEAR = 2000
MAX_NAME_LENGTH = 60
MAX_FILENAME_BYTES = 255  # the limit of common file systems (ext4, NTFS counts characters)
_BAD_FILENAME_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class WizardField:
    """One input of a wizard step; ``kind`` is ``text``, ``year``, ``choice`` or ``save_path``."""

    key: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""
    hint: str = ""


@dataclass(frozen=True)
class WizardStep:
    key: str
    title: str
    subtitle: str
    fields: tuple[WizardField, ...]


STEPS: tuple[WizardStep, ...] = (
    WizardStep(
        "unit",
        "单位",
        "填写要评价的预算单位。这些信息会出现在封面和每张附表上，之后也可以修改。",
        (
            WizardField("unit_name", "预算单位名称", placeholder="如：岳阳楼区应急管理局"),
            WizardField(
                "department",
                "主管部门",
                required=False,
                placeholder="如：岳阳楼区政府",
                hint="可以稍后在“单位信息”中填写。",
            ),
        ),
    ),
    WizardStep(
        "year",
        "年度与规则",
        "自评的是哪一个预算年度，按哪一套评分规则计分。",
        (
            WizardField(
                "fiscal_year", "评价年度", kind="year", hint="一般是上一年度，如2024年春天填报2023年度。"
            ),
            WizardField(
                "ruleset",
                "评分规则",
                kind="choice",
                choices=RULESETS,
                hint="两套规则目前分值相同；湖南省的单位可选“湖南省”。",
            ),
            WizardField(
                "scheme",
                "分值方案",
                kind="choice",
                choices=rulesets.SCHEMES,
                hint="各一级指标的分值可在“单位信息”中申报，之后也可修改。",
            ),
        ),
    ),
    WizardStep(
        "save",
        "保存位置",
        "自评包保存为一个文件，每次修改都会立即保存，无需手动保存。",
        (WizardField("path", "保存为", kind="save_path"),),
    ),
)
STEP_KEYS: tuple[str, ...] = tuple(s.key for s in STEPS)


@dataclass(frozen=True)
class NewPackage:
    """What the wizard produces: the fresh package and where to create its draft file."""

    package: model.Package
    path: Path


def parse_year(text: str) -> int:
    """Read a fiscal year typed as ``2023``, ``２０２３`` or ``2023年``; raise ``InputError`` otherwise."""
    s = normalize_text(text or "").strip()
    if s.endswith("年度"):
        s = s[:-2]
    elif s.endswith("年"):
        s = s[:-1]
    s = s.strip()
    if not s:
        raise InputError("请填写评价年度，如 2023。")
    if not (s.isascii() and s.isdigit() and len(s) == 4):
        raise InputError(f"“{text.strip()}”不是有效的年度，请填写四位数字的年份，如 2023。")
    return int(s)


def safe_filename(text: str) -> str:
    """``text`` with the characters Windows forbids in file names removed."""
    return _BAD_FILENAME_CHARS.sub("", text).strip().strip(".") or "自评包"


def _is_dir(p: Path) -> bool:
    """``p.is_dir()``, False for a path the system cannot even look at (no permission, bad name)."""
    try:
        return p.is_dir()
    except (OSError, ValueError):
        return False


def _exists(p: Path) -> bool:
    try:
        return p.exists()
    except (OSError, ValueError):
        return False


def unique_draft_path(folder: Path, stem: str) -> Path:
    """``{folder}/{stem}.evaldesk``, numbered ``（2）``, ``（3）`` … when such a file already exists."""
    candidate = folder / f"{stem}{FILE_SUFFIX}"
    n = 2
    while _exists(candidate):
        candidate = folder / f"{stem}（{n}）{FILE_SUFFIX}"
        n += 1
    return candidate


class NewPackageWizard:
    """The state of one run of the new-package wizard.

    ``today`` fixes the default year (today's year − 1) and the latest allowed year; ``save_dir`` is where
    the suggested file goes.
    """

    def __init__(self, today: _dt.date | None = None, save_dir: Path | None = None) -> None:
        self.today = today or _dt.date.today()
        self.save_dir = save_dir or Path.home()
        self.values: dict[str, str] = {
            "unit_name": "",
            "department": "",
            "fiscal_year": str(self.today.year - 1),
            "ruleset": RULESET_IDS[0],
            "scheme": rulesets.NATIONAL,
            "path": "",
        }

    # -- structure -------------------------------------------------------------------------------
    @property
    def steps(self) -> tuple[WizardStep, ...]:
        return STEPS

    def step(self, key: str) -> WizardStep:
        """The step called ``key``."""
        for s in STEPS:
            if s.key == key:
                return s
        raise KeyError(key)

    def first_step(self) -> str:
        return STEP_KEYS[0]

    def next_step(self, key: str) -> str | None:
        """The step after ``key``, or ``None`` when ``key`` is the last one."""
        i = STEP_KEYS.index(key)
        return STEP_KEYS[i + 1] if i + 1 < len(STEP_KEYS) else None

    def previous_step(self, key: str) -> str | None:
        i = STEP_KEYS.index(key)
        return STEP_KEYS[i - 1] if i > 0 else None

    # -- values ----------------------------------------------------------------------------------
    def set_value(self, key: str, text: str) -> None:
        """Record what the clerk typed or chose for field ``key``."""
        if key not in self.values:
            raise KeyError(key)
        self.values[key] = text

    def value(self, key: str) -> str:
        return self.values[key]

    def _suggested_stem(self) -> str:
        name = safe_filename(self.values["unit_name"].strip() or "自评包")
        try:
            return f"{name}-{parse_year(self.values['fiscal_year'].strip())}年度"
        except InputError:
            return name

    def suggested_path(self) -> Path:
        """``{save_dir}/{单位}-{年度}年度.evaldesk``, made unique if such a file already exists."""
        return unique_draft_path(self.save_dir, self._suggested_stem())

    def _typed_folder(self) -> Path | None:
        """The folder the clerk typed, when the text names a folder rather than a file: it ends with
        a slash, is ``.``/``..``/``/``, or is an existing folder. ``None`` for a file name."""
        typed = self.values["path"].strip()
        p = self._typed()
        if typed.endswith(("/", "\\")) or p.name in ("", ".", "..") or _is_dir(p):
            return Path(os.path.normpath(p))
        return None

    def _typed(self) -> Path:
        """What was typed as an absolute path (relative to the suggested folder)."""
        p = Path(self.values["path"].strip()).expanduser()
        return p if p.is_absolute() else self.save_dir / p

    def target_path(self) -> Path:
        """The path the draft will be created at: as typed (with the suffix added), inside the folder
        when a folder was typed, or the suggestion. Never raises, whatever was typed."""
        if not self.values["path"].strip():
            return self.suggested_path()
        folder = self._typed_folder()
        if folder is not None:
            return unique_draft_path(folder, self._suggested_stem())
        p = self._typed()
        if p.suffix.lower() != FILE_SUFFIX:
            p = p.with_name(p.name + FILE_SUFFIX)
        return p

    def path_note(self) -> str:
        """What will actually be created when it is not just what was typed ("" otherwise)."""
        typed = self.values["path"].strip()
        if not typed or self._path_error():
            return ""
        target = self.target_path()
        if self._typed_folder() is not None:
            return f"“{typed}”是一个文件夹：将在其中新建“{target.name}”。"
        if str(target) != typed:
            return f"将保存为：{target}"
        return ""

    # -- validation ------------------------------------------------------------------------------
    def field_error(self, key: str) -> str:
        """The Chinese message for what is wrong with field ``key`` ("" when it is fine)."""
        text = self.values[key].strip()
        if key == "unit_name":
            if not text:
                return "请填写预算单位名称。"
            if len(text) > MAX_NAME_LENGTH:
                return f"单位名称过长（{len(text)}个字），请不超过{MAX_NAME_LENGTH}个字。"
            if "\n" in text:
                return "单位名称不能换行。"
        elif key == "department":
            if len(text) > MAX_NAME_LENGTH:
                return f"主管部门名称过长（{len(text)}个字），请不超过{MAX_NAME_LENGTH}个字。"
        elif key == "fiscal_year":
            try:
                year = parse_year(text)
            except InputError as e:
                return str(e)
            if year < MIN_YEAR:
                return f"评价年度{year}年太早，请填写{MIN_YEAR}年以后的年度。"
            if year > self.today.year:
                return f"评价年度{year}年还没有到，请填写{self.today.year}年或以前的年度。"
        elif key == "ruleset":
            if text not in RULESET_IDS:
                return "请选择评分规则。"
        elif key == "scheme":
            if text not in dict(rulesets.SCHEMES):
                return "请选择分值方案。"
        elif key == "path":
            return self._path_error()
        return ""

    def _path_error(self) -> str:
        typed = self.values["path"].strip()
        if "\x00" in typed or "\n" in typed:
            return "文件名中有不能使用的字符，请重新填写。"
        p = self.target_path()
        if len(p.name.encode("utf-8")) > MAX_FILENAME_BYTES:
            return "文件名太长，请改短一些。"
        if not _is_dir(p.parent):
            return f"文件夹“{p.parent}”不存在，请选择一个已有的文件夹。"
        if not os.access(p.parent, os.W_OK):
            return f"没有在文件夹“{p.parent}”中保存文件的权限，请选择另一个文件夹（如“文档”）。"
        if _exists(p):
            return f"“{p.name}”已经存在。为免覆盖已有的自评包，请换一个文件名。"
        return ""

    def step_errors(self, key: str) -> dict[str, str]:
        """Field key → message for every field of step ``key`` that is not acceptable."""
        out = {}
        for f in self.step(key).fields:
            msg = self.field_error(f.key)
            if msg:
                out[f.key] = msg
        return out

    def can_advance(self, key: str) -> bool:
        """Whether step ``key`` is complete, so 下一步 / 完成 may be pressed."""
        return not self.step_errors(key)

    # -- result ----------------------------------------------------------------------------------
    def result(self) -> NewPackage:
        """The new package and its file path; raises ``InputError`` with the first problem if incomplete."""
        for s in STEPS:
            errors = self.step_errors(s.key)
            if errors:
                raise InputError(next(iter(errors.values())))
        v = self.values
        pkg = model.new_package(
            unit_name=v["unit_name"].strip(),
            department=v["department"].strip(),
            fiscal_year=parse_year(v["fiscal_year"]),
            ruleset_id=v["ruleset"],
        )
        pkg.ruleset_content = rulesets.package_content(v["ruleset"], v["scheme"])
        return NewPackage(pkg, self.target_path())
