from __future__ import annotations

from decimal import Decimal

import pytest

from evaldesk.core import edits, model
from evaldesk.core.sample import load_sample


def test_set_value_returns_its_inverse() -> None:
    pkg = load_sample()
    path = ("basic", "rows", "sangong", "actual")
    inv = edits.apply(pkg, edits.SetValue(path, Decimal("2.93")))
    assert pkg.basic.rows["sangong"].actual == Decimal("2.93")
    edits.apply(pkg, inv)
    assert pkg.basic.rows["sangong"].actual == Decimal("2.98")


def test_renaming_a_project_id_can_be_undone() -> None:
    pkg = load_sample()
    inv = edits.apply(pkg, edits.SetValue(("projects", "p1", "id"), "p9"))
    assert pkg.project("p9").name == "业务工作经费"
    edits.apply(pkg, inv)
    assert pkg.project("p1").name == "业务工作经费"


def test_insert_move_remove_and_their_inverses() -> None:
    pkg = load_sample()
    lines = ("basic", "special")
    names = [x.name for x in pkg.basic.special]
    inv1 = edits.apply(pkg, edits.InsertItem(lines, 1, model.NamedLine("新专项")))
    inv2 = edits.apply(pkg, edits.MoveItem(lines, 1, 3))
    assert [x.name for x in pkg.basic.special][3] == "新专项"
    inv3 = edits.apply(pkg, edits.RemoveItem(lines, 3))
    for inv in (inv3, inv2, inv1):
        edits.apply(pkg, inv)
    assert [x.name for x in pkg.basic.special] == names


def test_a_failing_batch_changes_nothing() -> None:
    pkg = load_sample()
    batch = edits.Batch(
        (
            edits.SetValue(("unit", "name"), "别的单位"),
            edits.SetValue(("projects", "no-such-project", "name"), "x"),
        )
    )
    with pytest.raises(KeyError):
        edits.apply(pkg, batch)
    assert pkg.unit.name == "岳阳楼区应急管理局"


def test_parts_touched() -> None:
    pkg = load_sample()
    assert edits.parts_touched(pkg, edits.SetValue(("projects", "p1", "name"), "x")) == {("project", "p1")}
    assert edits.parts_touched(pkg, edits.RemoveItem(("projects",), 0)) == {("projects",)}
    batch = edits.Batch((edits.SetValue(("unit", "name"), "x"), edits.SetValue(("report", 0, "body"), "y")))
    assert edits.parts_touched(pkg, batch) == {("unit",), ("report",)}


def test_flatten_paths_and_structure_of_nested_batches() -> None:
    a = edits.SetValue(("unit", "name"), "x")
    b = edits.InsertItem(("overall", "indicators"), 0, None)
    c = edits.SetValue(("projects", "p1", "name"), "y")
    nested = edits.Batch((a, edits.Batch((b, c))))
    assert edits.flatten(nested) == [a, b, c]
    assert edits.edit_paths(nested) == [
        ("unit", "name"),
        ("overall", "indicators"),
        ("projects", "p1", "name"),
    ]
    assert edits.is_structural(nested)
    assert not edits.is_structural(edits.Batch((a, c)))
    assert edits.is_structural(edits.MoveItem(("projects",), 0, 1))
    assert edits.flatten(a) == [a] and edits.edit_paths(a) == [("unit", "name")]
