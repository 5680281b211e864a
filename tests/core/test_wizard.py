"""The new-package wizard's logic, without Qt."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from evaldesk.core import model
from evaldesk.core.errors import InputError
from evaldesk.core.wizard import STEP_KEYS, NewPackageWizard, parse_year, safe_filename

TODAY = dt.date(2024, 4, 15)


@pytest.fixture
def wiz(tmp_path):
    return NewPackageWizard(today=TODAY, save_dir=tmp_path)


def test_defaults_last_year_and_mof_rules(wiz):
    assert wiz.value("fiscal_year") == "2023"
    assert wiz.value("ruleset") == "mof2020"
    assert wiz.first_step() == "unit"


def test_step_order(wiz):
    assert STEP_KEYS == ("unit", "year", "save")
    assert wiz.next_step("unit") == "year"
    assert wiz.next_step("year") == "save"
    assert wiz.next_step("save") is None
    assert wiz.previous_step("unit") is None
    assert wiz.previous_step("save") == "year"


def test_unit_name_required_department_optional(wiz):
    assert wiz.step_errors("unit") == {"unit_name": "请填写预算单位名称。"}
    assert not wiz.can_advance("unit")
    wiz.set_value("unit_name", "  岳阳楼区应急管理局 ")
    assert wiz.can_advance("unit")


def test_unit_name_too_long(wiz):
    wiz.set_value("unit_name", "局" * 61)
    assert "过长" in wiz.field_error("unit_name")


@pytest.mark.parametrize(
    "text,year", [("2023", 2023), ("２０２３", 2023), ("2023年", 2023), (" 2022年度 ", 2022)]
)
def test_parse_year_accepts(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["", "23", "二〇二三", "2023.5", "abcd"])
def test_parse_year_refuses(text):
    with pytest.raises(InputError):
        parse_year(text)


def test_year_range(wiz):
    wiz.set_value("fiscal_year", "2025")
    assert wiz.field_error("fiscal_year") == "评价年度2025年还没有到，请填写2024年或以前的年度。"
    wiz.set_value("fiscal_year", "1999")
    assert "太早" in wiz.field_error("fiscal_year")
    wiz.set_value("fiscal_year", "2024")
    assert wiz.field_error("fiscal_year") == ""


def test_ruleset_must_be_known(wiz):
    wiz.set_value("ruleset", "sichuan")
    assert wiz.step_errors("year") == {"ruleset": "请选择评分规则。"}
    wiz.set_value("ruleset", "hunan")
    assert wiz.can_advance("year")


def test_suggested_path_and_uniqueness(wiz, tmp_path):
    wiz.set_value("unit_name", "岳阳楼区/应急管理局")
    first = wiz.suggested_path()
    assert first == tmp_path / "岳阳楼区应急管理局-2023年度.evaldesk"
    first.write_bytes(b"x")
    assert wiz.suggested_path() == tmp_path / "岳阳楼区应急管理局-2023年度（2）.evaldesk"


def test_path_suffix_added_and_existing_refused(wiz, tmp_path):
    wiz.set_value("path", str(tmp_path / "我的包"))
    assert wiz.target_path() == tmp_path / "我的包.evaldesk"
    assert wiz.field_error("path") == ""
    (tmp_path / "我的包.evaldesk").write_bytes(b"x")
    assert "已经存在" in wiz.field_error("path")
    wiz.set_value("path", str(tmp_path / "没有这个文件夹" / "a.evaldesk"))
    assert "不存在" in wiz.field_error("path")


def test_result_builds_package(wiz, tmp_path):
    wiz.set_value("unit_name", "岳阳楼区应急管理局")
    wiz.set_value("department", "岳阳楼区政府")
    wiz.set_value("fiscal_year", "２０２２")
    wiz.set_value("ruleset", "hunan")
    out = wiz.result()
    assert out.path == tmp_path / "岳阳楼区应急管理局-2022年度.evaldesk"
    pkg = out.package
    assert (pkg.unit.name, pkg.unit.department, pkg.fiscal_year, pkg.ruleset_id) == (
        "岳阳楼区应急管理局",
        "岳阳楼区政府",
        2022,
        "hunan",
    )
    assert [s.heading for s in pkg.report][0] == "一、单位基本情况"
    assert len(pkg.overall.indicators) == len(model.standard_indicators())


def test_result_refuses_incomplete(wiz):
    with pytest.raises(InputError, match="请填写预算单位名称"):
        wiz.result()


def test_safe_filename():
    assert safe_filename('a:b*c?"d<e>f|g') == "abcdefg"
    assert safe_filename("  ") == "自评包"


@pytest.mark.parametrize(
    "typed",
    ["/", ".", "..", "./", "/.", "~", "//", "\\", "a/..", "\x00", "a\x00b", "/nonexistent/\x00/x", " / "],
)
def test_odd_paths_never_raise_and_explain(wiz, typed):
    wiz.set_value("unit_name", "岳阳楼区应急管理局")
    wiz.set_value("path", typed)
    target = wiz.target_path()
    assert target.name.endswith(".evaldesk") and target.name != ".evaldesk"
    message = wiz.field_error("path")
    assert message == "" or message.endswith("。")
    wiz.path_note()


def test_a_folder_typed_gets_the_file_inside_it(wiz, tmp_path):
    wiz.set_value("unit_name", "岳阳楼区应急管理局")
    (tmp_path / "资料").mkdir()
    for typed in (f"{tmp_path}/资料/", f"{tmp_path}/资料"):
        wiz.set_value("path", typed)
        assert wiz.target_path() == tmp_path / "资料" / "岳阳楼区应急管理局-2023年度.evaldesk"
        assert wiz.field_error("path") == ""
        assert (
            wiz.path_note() == f"“{typed}”是一个文件夹：将在其中新建“岳阳楼区应急管理局-2023年度.evaldesk”。"
        )
    # A folder that does not exist yet is named as a folder, not turned into 资料2.evaldesk beside it.
    wiz.set_value("path", f"{tmp_path}/资料2/")
    assert wiz.field_error("path") == f"文件夹“{tmp_path / '资料2'}”不存在，请选择一个已有的文件夹。"
    assert not (tmp_path / "资料2.evaldesk").exists()


def test_relative_paths_are_inside_the_suggested_folder(wiz, tmp_path):
    wiz.set_value("path", "./我的包")
    assert wiz.target_path() == tmp_path / "我的包.evaldesk"
    assert wiz.path_note() == f"将保存为：{tmp_path / '我的包.evaldesk'}"
    wiz.set_value("path", ".")
    assert wiz.target_path().parent == tmp_path


def test_unwritable_folder_is_refused(wiz, tmp_path):
    ro = tmp_path / "只读"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        wiz.set_value("path", str(ro / "a"))
        expected = (
            ""
            if os.access(ro, os.W_OK)
            else f"没有在文件夹“{ro}”中保存文件的权限，请选择另一个文件夹（如“文档”）。"
        )
        assert wiz.field_error("path") == expected
    finally:
        ro.chmod(0o700)
