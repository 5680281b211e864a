"""Hypothesis strategies for ``core.model`` values, shared by the test suites.

``packages()`` draws an arbitrary but well-typed ``model.Package``: Chinese/ASCII text (with the
symbols clerks type: ≥ ≤ ％ 、 full-width digits, line breaks), Decimals with 0–4 places including
negatives, zero with trailing places and ``None``, dates or ``None``, several projects with unique ids,
indicators, report sections and small attachments. Every value also survives ``jsonform``
(Decimals stay within its limits, integers below 10⁹).

Usage::

    from tests.strategies import packages

    @given(packages())
    def test_round_trip(pkg): ...

Sizes are kept small (a few items per list) so that a property test of 50 examples stays fast; pass
``max_projects`` / ``max_indicators`` for bigger packages.
"""

from __future__ import annotations

import datetime as _dt
import string
from decimal import Decimal

from hypothesis import strategies as st

from evaldesk.core import model

# Characters a clerk's text is made of; no control characters besides the line break, so that the
# values are also valid in XLSX cells and PDF paragraphs.
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_ASCII = st.sampled_from(string.ascii_letters + string.digits + string.punctuation + " ")
_SYMBOLS = st.sampled_from(list("，。、；：？！“”‘’（）《》【】—…·≥≤＞＜＝％‰℃㎡０１２３４５６７８９．\n"))
_CHARS = st.one_of(_CJK, _CJK, _ASCII, _SYMBOLS)

# Words that appear in real packages, mixed in so that the text looks like the forms' content.
_WORDS = (
    "≥90%",
    "≤1起",
    "=0起",
    "100%",
    "2023年",
    "达成年度指标",
    "应急救援",
    "满意度",
    "万元",
    "",
    " ",
    "  前后空格  ",
)


def texts(max_size: int = 24, min_size: int = 0) -> st.SearchStrategy[str]:
    """Random Chinese/ASCII text, sometimes a familiar form value."""
    return st.one_of(
        st.text(_CHARS, min_size=min_size, max_size=max_size),
        st.sampled_from([w for w in _WORDS if len(w) >= min_size]),
    )


@st.composite
def decimals(draw: st.DrawFn, places: int | None = None, max_digits: int = 12) -> Decimal:
    """A Decimal with 0–4 decimal places (trailing zeros kept), negative or positive, never None."""
    p = draw(st.integers(0, 4)) if places is None else places
    bound = 10**max_digits - 1
    special = draw(st.sampled_from([None, None, None, None, "0", "-0", "100", "0.00", "1E+2"]))
    if special is not None and places is None:
        return Decimal(special)
    return Decimal(draw(st.integers(-bound, bound))).scaleb(-p)


def amounts() -> st.SearchStrategy[Decimal | None]:
    """A money-like value or ``None`` (a blank cell)."""
    return st.one_of(st.none(), decimals())


def percents() -> st.SearchStrategy[Decimal | None]:
    """A percentage-like value (mostly 0–120, sometimes odd) or ``None``."""
    small = st.builds(lambda n, p: Decimal(n).scaleb(-p), st.integers(0, 12000), st.integers(0, 2))
    return st.one_of(st.none(), small, decimals())


def counts() -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), st.integers(0, 10**6))


def dates() -> st.SearchStrategy[_dt.date | None]:
    return st.one_of(st.none(), st.dates(_dt.date(1990, 1, 1), _dt.date(2100, 12, 31)))


def ids() -> st.SearchStrategy[str]:
    """Ids as the program makes them, plus awkward ones (a word used by storage, CJK, punctuation)."""
    return st.one_of(
        st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True),
        st.sampled_from(["overall", "p1", "NULL", "项目一", "a b", "x'y"]),
    )


def triples() -> st.SearchStrategy[model.Triple]:
    return st.builds(model.Triple, prev=amounts(), budget=amounts(), actual=amounts())


def named_lines() -> st.SearchStrategy[model.NamedLine]:
    return st.builds(model.NamedLine, name=texts(), prev=amounts(), budget=amounts(), actual=amounts())


def unit_infos() -> st.SearchStrategy[model.UnitInfo]:
    return st.builds(
        model.UnitInfo,
        name=texts(),
        department=texts(),
        functions=texts(80),
        organization=texts(80),
        staff_by_type=st.lists(st.builds(model.StaffLine, kind=texts(8), count=counts()), max_size=3),
        staff_authorized=counts(),
        staff_actual=counts(),
        control_rate_entered=percents(),
    )


def basic_data() -> st.SearchStrategy[model.BasicData]:
    rows = st.fixed_dictionaries({key: triples() for key in model.BASIC_ROW_KEYS})
    building = st.builds(
        model.Building,
        approved_area=amounts(),
        actual_area=amounts(),
        area_rate_entered=percents(),
        budget_invest=amounts(),
        actual_invest=amounts(),
        invest_rate_entered=percents(),
    )
    return st.builds(
        model.BasicData,
        rows=rows,
        special=st.lists(named_lines(), max_size=4),
        transfer=st.lists(named_lines(), max_size=3),
        building=building,
        frugality=texts(60),
    )


def funding_rows() -> st.SearchStrategy[model.FundingRow]:
    return st.builds(
        model.FundingRow,
        initial=amounts(),
        full=amounts(),
        executed=amounts(),
        weight_entered=amounts(),
        rate_entered=percents(),
        score_entered=amounts(),
    )


def indicators() -> st.SearchStrategy[model.Indicator]:
    level1 = st.one_of(st.sampled_from(list(model.LEVEL2_BY_LEVEL1)), texts(6))
    level2 = st.one_of(st.sampled_from([l2 for v in model.LEVEL2_BY_LEVEL1.values() for l2 in v]), texts(6))
    return st.builds(
        model.Indicator,
        level1=level1,
        level2=level2,
        name=texts(),
        target=texts(12),
        actual=texts(12),
        weight=amounts(),
        score_entered=amounts(),
        band=st.one_of(st.just(""), st.sampled_from(model.QUAL_BANDS), texts(6)),
        band_score=amounts(),
        override_score=amounts(),
        override_reason=texts(),
        deviation=texts(40),
    )


def performances(max_indicators: int = 5) -> st.SearchStrategy[model.Performance]:
    return st.builds(
        model.Performance,
        goal_expected=texts(60),
        goal_actual=texts(60),
        indicators=st.lists(indicators(), max_size=max_indicators),
        total_weight_entered=amounts(),
        total_score_entered=amounts(),
    )


def projects(
    project_id: st.SearchStrategy[str] | None = None, max_indicators: int = 5
) -> st.SearchStrategy[model.Project]:
    funding = st.builds(
        model.ProjectFunding,
        total=funding_rows(),
        current=funding_rows(),
        carryover=funding_rows(),
        other=funding_rows(),
    )
    return st.builds(
        model.Project,
        id=ids() if project_id is None else project_id,
        name=texts(),
        department=texts(),
        implementer=texts(),
        funding=funding,
        performance=performances(max_indicators),
    )


def sections() -> st.SearchStrategy[model.Section]:
    sub = st.builds(model.Subsection, heading=texts(12), body=texts(80))
    return st.builds(model.Section, heading=texts(12), body=texts(80), subsections=st.lists(sub, max_size=3))


def attachments() -> st.SearchStrategy[model.Attachment]:
    return st.builds(
        model.Attachment,
        id=ids(),
        filename=st.one_of(texts(12), st.sampled_from(["签章页.pdf", "scan.jpg", "page 1.png"])),
        mime=st.sampled_from(["application/pdf", "image/jpeg", "image/png", ""]),
        data=st.binary(max_size=64),
    )


def acknowledgements() -> st.SearchStrategy[model.Acknowledgement]:
    return st.builds(
        model.Acknowledgement,
        rule_id=st.from_regex(r"R[0-9]{1,2}[a-z]?", fullmatch=True),
        location=texts(20),
        reason=texts(40),
        kind=st.sampled_from(["warning", "accepted-error"]),
    )


def packages(max_projects: int = 3, max_indicators: int = 5) -> st.SearchStrategy[model.Package]:
    """An arbitrary package (projects have unique ids, attachments unique ids)."""
    return st.builds(
        model.Package,
        fiscal_year=st.integers(2000, 2100),
        ruleset_id=st.one_of(st.sampled_from(["mof2020", "hunan"]), texts(8)),
        ruleset_content=st.one_of(st.just(""), texts(40)),
        unit=unit_infos(),
        footer=st.builds(model.Footer, leader=texts(6), preparer=texts(6), phone=texts(13), date=dates()),
        cover=st.builds(model.Cover, title=texts(), unit_name=texts(), date=dates()),
        basic=basic_data(),
        overall_funding=st.builds(
            model.OverallFunding,
            total=funding_rows(),
            **{name: amounts() for name in model.OVERALL_AMOUNTS},
        ),
        overall=performances(max_indicators),
        projects=st.lists(
            projects(max_indicators=max_indicators), max_size=max_projects, unique_by=lambda p: p.id
        ),
        report=st.lists(sections(), max_size=4),
        attachments=st.lists(attachments(), max_size=2, unique_by=lambda a: a.id),
        acknowledgements=st.lists(acknowledgements(), max_size=3),
        carried=st.lists(texts(30), max_size=3),
    )
