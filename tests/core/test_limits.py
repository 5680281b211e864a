"""Text length limits (docs/data-format.md, Limits): refused at entry and at import, with the limit named."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from evaldesk.core import edits, jsonform, limits, model
from evaldesk.core.errors import FileFormatError, InputError
from evaldesk.core.sample import load_sample


@pytest.mark.parametrize(
    ("path", "limit", "label"),
    [
        (("unit", "name"), limits.MAX_NAME, "名称"),
        (("overall", "indicators", 0, "target"), limits.MAX_CELL, "年度指标值"),
        (("overall", "goal_expected"), limits.MAX_TEXT, "预期目标"),
        (("report", 0, "body"), limits.MAX_TEXT, "正文"),
    ],
)
def test_an_edit_longer_than_its_limit_is_refused_and_changes_nothing(path, limit: int, label: str) -> None:
    pkg = load_sample()
    before = jsonform.dumps(pkg)
    edits.apply(pkg, edits.SetValue(path, "字" * limit))  # exactly the limit is fine
    with pytest.raises(InputError, match=f"{label}过长（{limit + 1}个字，最多{limit}个字）"):
        edits.apply(pkg, edits.SetValue(path, "字" * (limit + 1)))
    assert edits.resolve(pkg, path) == "字" * limit
    assert before != jsonform.dumps(pkg)


def test_an_inserted_row_with_a_long_name_is_refused() -> None:
    pkg = load_sample()
    line = model.NamedLine(name="专" * (limits.MAX_NAME + 1))
    with pytest.raises(InputError, match="名称过长"):
        edits.apply(pkg, edits.InsertItem(("basic", "special"), 0, line))
    assert all(len(x.name) <= limits.MAX_NAME for x in pkg.basic.special)


def test_json_import_names_the_path_and_the_limit() -> None:
    doc = json.loads(jsonform.dumps(load_sample()))
    doc["projects"][0]["performance"]["indicators"][1]["deviation"] = "因" * 1001
    with pytest.raises(
        FileFormatError, match=r"\$\.projects\[0\]\.performance\.indicators\[1\]\.deviation 的偏差原因"
    ):
        jsonform.loads(json.dumps(doc, ensure_ascii=False))


def test_workbook_import_names_the_cell_and_the_limit() -> None:
    from evaldesk.export.xlsx import read_workbook, render
    from evaldesk.export.xlsx.reader import ImportProblems

    wb = openpyxl.load_workbook(io.BytesIO(render(load_sample())))
    wb["附件2"]["D14"].value = "名" * 300
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportProblems) as e:
        read_workbook(out.getvalue())
    assert e.value.problems == ["附件2!D14：名称过长（300个字，最多200个字），请删减"]


def test_the_carried_rule_set_is_not_held_to_a_name_limit() -> None:
    """A package's own rule set (about 1 600 characters of JSON) travels through JSON import."""
    from evaldesk.core import jsonform, rulesets
    from evaldesk.core.sample import load_sample

    pkg = rulesets.with_content(load_sample())
    assert len(pkg.ruleset_content) > limits.MAX_NAME
    assert jsonform.loads(jsonform.dumps(pkg)).ruleset_content == pkg.ruleset_content
    assert limits.limit_for("ruleset_content") == limits.MAX_RULESET
