"""A rule set's numbers go through ``money``: read as Decimal exactly, never via a binary float."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from evaldesk.core import rulesets
from evaldesk.core.errors import FileFormatError


def _content_with(**changes: object) -> str:
    data = json.loads(rulesets.content_of("mof2020"))
    data.update(changes)
    return json.dumps(data, ensure_ascii=False)


def test_a_bare_number_keeps_its_written_digits() -> None:
    # A user's rule file may write numbers bare; ``1.20`` read through a float would come back ``1.2``.
    text = _content_with(over_completion_ratio="@").replace('"@"', "1.20")
    rs = rulesets.from_content(text)
    assert str(rs.over_completion_ratio) == "1.20"


def test_a_bare_number_is_stored_as_its_canonical_text() -> None:
    text = _content_with(over_completion_ratio="@").replace('"@"', "1.20")
    stored = rulesets.with_scheme(text, rulesets.NATIONAL)
    assert json.loads(stored)["over_completion_ratio"] == "1.20"
    assert rulesets.from_content(stored).over_completion_ratio == Decimal("1.20")


@pytest.mark.parametrize("bad", ['"1e2"', '"NaN"', '"1,000"', "true"])
def test_a_number_outside_the_grammar_is_refused(bad: str) -> None:
    text = _content_with(over_completion_ratio="@").replace('"@"', bad)
    with pytest.raises(FileFormatError, match="over_completion_ratio"):
        rulesets.from_content(text)
