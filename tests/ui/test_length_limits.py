"""Issue 16: text longer than its limit is refused at entry, with the limit in the message; nothing is lost."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from evaldesk.core import limits


def test_a_unit_name_longer_than_the_limit_is_refused_with_the_limit(sample_window, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])) or 0)
    session = sample_window.session
    before = session.package.unit.name
    assert not session.set_value(("unit", "name"), "局" * (limits.MAX_NAME + 1), "单位名称")
    assert session.package.unit.name == before
    assert len(shown) == 1 and f"最多{limits.MAX_NAME}个字" in shown[0], shown
    assert session.set_value(("unit", "name"), "局" * limits.MAX_NAME, "单位名称")
    assert session.package.unit.name == "局" * limits.MAX_NAME
