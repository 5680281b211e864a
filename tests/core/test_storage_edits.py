"""Draft.apply: every edit is committed as it is made, the inverse too, and a failed commit changes nothing."""

from __future__ import annotations

import copy
import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaldesk.core import edits, jsonform, model
from evaldesk.core.errors import StorageError
from evaldesk.core.sample import load_sample
from evaldesk.core.storage import Draft, load_package, writer
from tests.strategies import packages


class Session:
    """A draft under test: ``d`` is the open Draft; ``reopen()`` checks the file in a fresh Draft."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.d = Draft.create(path, load_sample())

    @property
    def package(self) -> model.Package:
        return self.d.package

    def apply(self, edit: edits.Edit) -> edits.Edit:
        return self.d.apply(edit)

    def reopen(self) -> str:
        """Close, open the file again in a new Draft (which the session then uses); its package as JSON."""
        self.d.close()
        self.d = Draft.open(self.path, backup=False)
        return jsonform.dumps(self.d.package)


@pytest.fixture
def draft(tmp_path: Path) -> Any:
    s = Session(tmp_path / "草稿.evaldesk")
    yield s
    s.d.close()


def check_durable(draft: Session, edit: edits.Edit) -> edits.Edit:
    """Apply ``edit``, check memory == file; apply the inverse, check both are back to the start."""
    before = jsonform.dumps(draft.package)
    inverse = draft.apply(edit)
    after = jsonform.dumps(draft.package)
    assert after != before
    assert draft.reopen() == after
    draft.apply(inverse)
    assert jsonform.dumps(draft.package) == before
    assert draft.reopen() == before
    draft.apply(edit)  # redo
    assert draft.reopen() == after
    return inverse


IND = ("projects", "p1", "performance", "indicators")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (IND + (2, "target"), "≥99%"),
        (IND + (0, "weight"), Decimal("12.50")),
        (IND + (5, "override_score"), Decimal("-1")),
        (("projects", "p1", "funding", "carryover", "executed"), Decimal("0.0001")),
        (("projects", "p1", "name"), "新的项目名称"),
        (("projects", "p1", "performance", "goal_actual"), "全年完成。\n第二行"),
        (("overall", "indicators", 3, "deviation"), "原因：天气"),
        (("overall", "total_score_entered"), None),
        (("unit", "name"), "某某局"),
        (("unit", "staff_by_type", 1, "count"), 99),
        (("footer", "date"), dt.date(2024, 3, 1)),
        (("cover", "title"), "封面标题"),
        (("basic", "rows", "sangong", "actual"), Decimal("3.00")),
        (("basic", "special", 2, "name"), "改名的专项"),
        (("basic", "building", "actual_area"), Decimal("120.5")),
        (("basic", "frugality"), "节约"),
        (("overall_funding", "total", "full"), Decimal("2000")),
        (("overall_funding", "personnel"), Decimal("512.34")),
        (("report", 0, "subsections", 1, "body"), "机构设置正文"),
        (("report", 9, "body"), "其他说明"),
        (("fiscal_year",), 2024),
        (("ruleset_id",), "mof2020"),
        (("carried",), ["unit/name", "basic/frugality"]),
        (("acknowledgements",), [model.Acknowledgement("R8", "overall", "已核实")]),
        (("attachments",), [model.Attachment("a1", "签章.pdf", "application/pdf", b"%PDF-1.4\x00\xff")]),
    ],
    ids=lambda v: "/".join(map(str, v)) if isinstance(v, tuple) else None,
)
def test_set_value_is_committed_and_undone_durably(draft: Session, path: edits.Path, value: Any) -> None:
    check_durable(draft, edits.SetValue(path, value))


def new_project(pid: str) -> model.Project:
    p = model.Project(id=pid, name=f"项目{pid}", department="主管", implementer="实施")
    p.funding.total = model.FundingRow(Decimal("10"), Decimal("12.00"), Decimal("11.5"))
    p.performance.indicators = model.standard_indicators()
    p.performance.indicators[0].target = "≥3次"
    return p


def test_insert_move_remove_projects(draft: Session) -> None:
    check_durable(draft, edits.InsertItem(("projects",), 1, new_project("p2")))
    check_durable(draft, edits.InsertItem(("projects",), 0, new_project("p3")))
    assert [p.id for p in draft.package.projects] == ["p3", "p1", "p2"]
    check_durable(draft, edits.MoveItem(("projects",), 0, 2))
    assert [p.id for p in draft.package.projects] == ["p1", "p2", "p3"]
    check_durable(draft, edits.RemoveItem(("projects",), 0))
    assert [p.id for p in draft.package.projects] == ["p2", "p3"]
    check_durable(draft, edits.SetValue(("projects", "p3", "performance", "indicators", 0, "actual"), "4次"))


def test_insert_move_remove_indicators_and_lines(draft: Session) -> None:
    ind = model.Indicator("产出指标", "质量指标", "合格率", "≥95%", "96%", Decimal("5"))
    check_durable(draft, edits.InsertItem(IND, 3, ind))
    check_durable(draft, edits.MoveItem(IND, 0, 13))
    check_durable(draft, edits.RemoveItem(IND, 4))
    check_durable(draft, edits.InsertItem(("overall", "indicators"), 0, ind))
    check_durable(draft, edits.RemoveItem(("overall", "indicators"), 9))
    check_durable(
        draft, edits.InsertItem(("basic", "special"), 15, model.NamedLine("新专项", None, Decimal("1")))
    )
    check_durable(draft, edits.MoveItem(("basic", "special"), 14, 0))
    check_durable(draft, edits.RemoveItem(("basic", "transfer"), 0))
    check_durable(draft, edits.InsertItem(("unit", "staff_by_type"), 3, model.StaffLine("工勤编制", 2)))
    check_durable(draft, edits.MoveItem(("report",), 9, 0))
    check_durable(draft, edits.RemoveItem(("report", 1, "subsections"), 0))


def check_committed(draft: Session, edit: edits.Edit) -> None:
    draft.apply(edit)
    assert draft.reopen() == jsonform.dumps(draft.package)


def test_batch_with_new_project(draft: Session) -> None:
    batch = edits.Batch(
        (
            edits.InsertItem(("projects",), 1, new_project("p2")),
            edits.SetValue(("projects", "p2", "performance", "indicators", 1, "target"), "100%"),
            edits.SetValue(("projects", "p1", "name"), "改名的项目"),
            edits.SetValue(("footer", "phone"), "0730-1234567"),
            edits.RemoveItem(("basic", "special"), 0),
        ),
        "粘贴",
    )
    check_durable(draft, batch)
    assert [p.id for p in draft.package.projects] == ["p1", "p2"]


def test_project_id_changes_move_the_rows(draft: Session) -> None:
    # (Not undone here: edits' inverse of an id change still addresses the old id.)
    check_committed(draft, edits.SetValue(("projects", "p1", "id"), "p9"))
    check_committed(
        draft,
        edits.Batch(
            (
                edits.InsertItem(("projects",), 1, new_project("p2")),
                edits.SetValue(("projects", "p9", "id"), "p1"),
                edits.SetValue(("projects", "p2", "id"), "p9"),
                edits.SetValue(("projects", "p9", "name"), "新编号"),
            )
        ),
    )
    assert [(p.id, p.name) for p in draft.package.projects] == [("p1", "业务工作经费"), ("p9", "新编号")]


def test_replacing_the_project_list(draft: Session) -> None:
    check_durable(draft, edits.SetValue(("projects",), [new_project("x"), new_project("overall")]))


def test_remove_then_reinsert_same_id_with_other_content(draft: Session) -> None:
    other = new_project("p1")
    check_durable(
        draft, edits.Batch((edits.RemoveItem(("projects",), 0), edits.InsertItem(("projects",), 0, other)))
    )
    assert draft.package.projects[0].name == "项目p1"


def test_attachments_insert_edit_move_remove(draft: Session) -> None:
    a1 = model.Attachment("a1", "签章页1.pdf", "application/pdf", b"%PDF-1.4 first")
    a2 = model.Attachment("a2", "签章页2.jpg", "image/jpeg", bytes(range(256)) * 40)
    check_durable(draft, edits.InsertItem(("attachments",), 0, a1))
    check_durable(draft, edits.InsertItem(("attachments",), 0, a2))
    check_durable(draft, edits.SetValue(("attachments", 1, "filename"), "改名.pdf"))
    check_durable(draft, edits.SetValue(("attachments", 0, "data"), b""))
    check_durable(draft, edits.MoveItem(("attachments",), 0, 1))
    check_durable(draft, edits.RemoveItem(("attachments",), 0))
    assert [a.id for a in draft.package.attachments] == ["a2"]


def test_the_draft_holds_its_own_copy(tmp_path: Path) -> None:
    pkg = load_sample()
    with Draft.create(tmp_path / "c.evaldesk", pkg) as d:
        pkg.unit.name = "改在外面"
        assert d.package.unit.name == "岳阳楼区应急管理局"


def test_bad_edit_path_changes_nothing(draft: Session) -> None:
    before = jsonform.dumps(draft.package)
    with pytest.raises(KeyError):
        draft.apply(edits.SetValue(("projects", "nope", "name"), "x"))
    assert jsonform.dumps(draft.package) == before
    assert draft.reopen() == before


# ---- failures -------------------------------------------------------------------------------------


def _deny_commit(action: int, arg1: Any, *_: Any) -> int:
    if action == sqlite3.SQLITE_TRANSACTION and arg1 == "COMMIT":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def test_failed_commit_reverts_memory_and_file(draft: Session) -> None:
    before = jsonform.dumps(draft.package)
    draft.d._conn.set_authorizer(_deny_commit)  # the real connection refuses COMMIT
    with pytest.raises(StorageError, match="已撤销这次修改"):
        draft.apply(edits.SetValue(IND + (2, "target"), "≥99%"))
    assert jsonform.dumps(draft.package) == before
    draft.d._conn.set_authorizer(None)
    assert draft.reopen() == before
    draft.apply(edits.SetValue(IND + (2, "target"), "≥98%"))  # the draft still works afterwards
    assert load_package_after_close(draft).projects[0].performance.indicators[2].target == "≥98%"


def load_package_after_close(draft: Session) -> model.Package:
    draft.d.close()
    return load_package(draft.path)


def test_failure_midway_through_a_batch_reverts_every_part(draft: Session) -> None:
    before = jsonform.dumps(draft.package)
    # A trigger makes the indicator rewrite fail after meta and basic rows were already written.
    draft.d._conn.execute(
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.indicators BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    batch = edits.Batch(
        (
            edits.SetValue(("unit", "name"), "新名称"),
            edits.SetValue(("basic", "rows", "car", "prev"), Decimal("1")),
            edits.SetValue(IND + (0, "name"), "改"),
            edits.InsertItem(("projects",), 1, new_project("p2")),
        )
    )
    with pytest.raises(StorageError):
        draft.apply(batch)
    assert jsonform.dumps(draft.package) == before
    draft.d._conn.execute("DROP TRIGGER temp.boom")
    assert draft.reopen() == before


def test_value_of_wrong_type_is_refused_and_reverted(draft: Session) -> None:
    before = jsonform.dumps(draft.package)
    with pytest.raises(StorageError, match="数据类型不正确"):
        draft.apply(edits.SetValue(IND + (0, "weight"), 1.5))  # float, not Decimal
    with pytest.raises(StorageError):
        draft.apply(edits.SetValue(("unit", "name"), None))
    assert jsonform.dumps(draft.package) == before
    assert draft.reopen() == before


def test_writer_exception_reverts(draft: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    before = copy.deepcopy(draft.package)

    def fail(*_: Any, **__: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "write_parts", fail)
    with pytest.raises(StorageError, match="已撤销"):
        draft.apply(edits.RemoveItem(("projects",), 0))
    assert draft.package == before


def test_closed_draft_refuses_edits(draft: Session) -> None:
    draft.d.close()
    draft.d.close()
    with pytest.raises(StorageError, match="已关闭"):
        draft.apply(edits.SetValue(("unit", "name"), "x"))


def test_no_sidecar_files_after_edits_and_close(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    d = Draft.create(folder / "s.evaldesk", load_sample())
    d.apply(edits.SetValue(("unit", "name"), "x"))
    d.save_all()
    d.close()
    d = Draft.open(folder / "s.evaldesk")
    d.apply(edits.InsertItem(("projects",), 0, new_project("n")))
    d.close()
    assert [p.name for p in folder.iterdir()] == ["s.evaldesk"]


def test_save_all_rewrites_changes_made_outside_apply(draft: Session) -> None:
    draft.package.projects[0].performance.indicators.pop()
    draft.package.unit.functions = "直接改的"
    draft.d.save_all()
    assert draft.reopen() == jsonform.dumps(draft.package)


def test_second_window_cannot_open_a_draft_in_use(draft: Session) -> None:
    from evaldesk.core.errors import FileFormatError, FileInUseError

    with pytest.raises(FileInUseError, match="正在另一个窗口中编辑") as caught:
        Draft.open(draft.path)
    assert not isinstance(caught.value, FileFormatError)  # busy is not damaged: no offer to restore


# ---- speed ----------------------------------------------------------------------------------------


def big_package(n_projects: int = 50, n_indicators: int = 15) -> model.Package:
    pkg = load_sample()
    base = pkg.projects[0]
    pkg.projects = []
    for i in range(n_projects):
        p = copy.deepcopy(base)
        p.id = f"p{i}"
        p.performance.indicators = (base.performance.indicators * 2)[:n_indicators]
        pkg.projects.append(copy.deepcopy(p))
    return pkg


def test_edits_on_a_big_package_rewrite_only_their_project(tmp_path: Path) -> None:
    path = tmp_path / "big.evaldesk"
    with Draft.create(path, big_package()) as d:
        for i in range(30):
            path_i = ("projects", f"p{i}", "performance", "indicators", i % 15, "actual")
            d.apply(edits.SetValue(path_i, f"{i}%"))
    loaded = load_package(path)
    assert loaded.projects[29].performance.indicators[14].actual == "29%"
    assert (
        loaded.projects[30].performance.indicators[0].actual
        == big_package().projects[30].performance.indicators[0].actual
    )


# ---- generated -------------------------------------------------------------------------------------

TOP_LEVEL = (
    "fiscal_year",
    "ruleset_id",
    "ruleset_content",
    "unit",
    "footer",
    "cover",
    "basic",
    "overall_funding",
    "overall",
)
TOP_LEVEL += ("projects", "report", "attachments", "acknowledgements", "carried")


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=packages(), b=packages(), order=st.permutations(TOP_LEVEL))
def test_replacing_every_part_with_generated_values(
    tmp_path_factory: Any, a: model.Package, b: model.Package, order: list[str]
) -> None:
    path = tmp_path_factory.mktemp("gen") / "g.evaldesk"
    with Draft.create(path, a) as d:
        for name in order:
            d.apply(edits.SetValue((name,), getattr(b, name)))
        assert jsonform.dumps(d.package) == jsonform.dumps(b)
    assert jsonform.dumps(load_package(path)) == jsonform.dumps(b)
