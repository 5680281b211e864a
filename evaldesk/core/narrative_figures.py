"""Moved to :mod:`evaldesk.core.narrative.figures`; this name stays importable for existing callers."""

from __future__ import annotations

from evaldesk.core.narrative.figures import (
    ReportText,
    TextFigure,
    YearMention,
    amounts,
    counts,
    figures,
    report_texts,
    years,
    years_with_du,
)

__all__ = [
    "ReportText",
    "TextFigure",
    "YearMention",
    "amounts",
    "counts",
    "figures",
    "report_texts",
    "years",
    "years_with_du",
]
