"""Report sections and the tables: live fields, drafted sections, figures in free text.

* Live fields (:mod:`.keys`, :mod:`.fields`, :mod:`.tokens`): ``⟦f:KEY⟧`` tokens inside a body that show and
  print as the current value. Whatever shows or prints report text calls :func:`render_text`,
  :func:`render_section` or :func:`render_report`.
* Drafting (:mod:`.draft`): sections 一 (data part), 二–五, 九, 十 from the data, in the phrasing of real
  reports, with the figures as live fields.
* Reconciliation (:mod:`.figures`, :mod:`.match`): the figures of the free text and the table value each
  speaks of, for the 审核 rules R17–R19 (``core.checks.narrative``).
"""

from __future__ import annotations

from evaldesk.core.narrative.draft import DRAFTABLE, draft_section, redraft_would_replace
from evaldesk.core.narrative.fields import (
    BLANK_TEXT,
    FIELDS,
    MISSING_TEXT,
    FieldDef,
    FieldValue,
    available_fields,
    describe_key,
    field_value,
    resolve_field,
)
from evaldesk.core.narrative.tokens import (
    Rendered,
    Span,
    fields_in,
    has_fields,
    insert_field_token,
    plain_from_paste,
    render_map,
    render_report,
    render_section,
    render_text,
    replace_field_keys,
    strip_tokens,
    tokenize,
)

__all__ = [
    "BLANK_TEXT",
    "DRAFTABLE",
    "FIELDS",
    "MISSING_TEXT",
    "FieldDef",
    "FieldValue",
    "Rendered",
    "Span",
    "available_fields",
    "describe_key",
    "draft_section",
    "field_value",
    "fields_in",
    "has_fields",
    "insert_field_token",
    "plain_from_paste",
    "redraft_would_replace",
    "render_map",
    "render_report",
    "render_section",
    "render_text",
    "replace_field_keys",
    "resolve_field",
    "strip_tokens",
    "tokenize",
]
