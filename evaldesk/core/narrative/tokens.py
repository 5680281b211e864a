"""Report text with live fields: split it into spans, render it with the current values, paste safely.

The stored body is plain text with ``⟦f:KEY⟧`` tokens (:mod:`.keys`). Everything that shows or prints a
report body — the PDF, the XLSX, a preview — calls :func:`render_text` (or :func:`render_section` /
:func:`render_report`) and never prints the stored text itself. Text arriving from the clipboard goes
through :func:`plain_from_paste`, so that pasting never creates a field.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from evaldesk.core import model
from evaldesk.core.narrative import keys
from evaldesk.core.narrative.fields import FieldValue, Scores, resolve_field
from evaldesk.core.scoring import ScoreSheet


@dataclass(frozen=True)
class Span:
    """A piece of a body: ``kind`` is ``text`` or ``field``; ``start``/``end`` index the stored text
    (for a field, the whole token); ``key`` is the field's key (``""`` for text)."""

    kind: str
    start: int
    end: int
    key: str = ""


@dataclass(frozen=True)
class Piece:
    """One span of a rendered text: where it sits in the rendered and in the stored text."""

    start: int  # in the rendered text
    end: int
    raw_start: int  # in the stored text
    raw_end: int
    key: str = ""  # the field's key; "" for plain text
    status: str = ""  # the field's status (ok / blank / missing); "" for plain text


@dataclass(frozen=True)
class Rendered:
    """A body rendered with current values, and the map back to the stored text."""

    text: str
    pieces: tuple[Piece, ...]

    def to_raw(self, pos: int) -> int:
        """The stored-text offset of rendered offset ``pos`` (a position inside a field maps to its token)."""
        for p in self.pieces:
            if p.start <= pos < p.end:
                return p.raw_start if p.key else p.raw_start + (pos - p.start)
        return self.pieces[-1].raw_end if self.pieces else pos

    def raw_range(self, start: int, end: int) -> tuple[int, int]:
        """The stored-text range of rendered range [start, end) (non-empty); fields count whole."""
        piece = next((p for p in self.pieces if p.start <= end - 1 < p.end), None)
        raw_end = piece.raw_end if piece is not None and piece.key else self.to_raw(end - 1) + 1
        return self.to_raw(start), raw_end

    def in_field(self, start: int, end: int) -> bool:
        """True when rendered range [start, end) overlaps a field's value."""
        return any(p.key and p.start < end and start < p.end for p in self.pieces)

    def fields(self) -> list[Piece]:
        return [p for p in self.pieces if p.key]


@lru_cache(maxsize=1024)
def _spans(text: str) -> tuple[Span, ...]:
    out: list[Span] = []
    pos = 0
    for m in keys.TOKEN_RE.finditer(text):
        if m.start() > pos:
            out.append(Span("text", pos, m.start()))
        out.append(Span("field", m.start(), m.end(), m.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append(Span("text", pos, len(text)))
    return tuple(out)


def tokenize(text: str) -> list[Span]:
    """The body as plain-text and field spans, in order, covering it exactly (for the editor).

    Brackets that do not form a well-formed token are plain text.
    """
    return list(_spans(text))


def has_fields(text: str) -> bool:
    return keys.OPEN in text and keys.TOKEN_RE.search(text) is not None


def fields_in(text: str) -> list[str]:
    """The keys of the fields in ``text``, in order."""
    return [s.key for s in _spans(text) if s.kind == "field"] if keys.OPEN in text else []


def insert_field_token(key: str) -> str:
    """The text to insert for a field (the token alone; the unit, if any, is :attr:`FieldDef.unit`)."""
    return keys.token(key)


def render_map(
    pkg: model.Package, text: str, sheet: ScoreSheet | None = None, *, scores: Scores | None = None
) -> Rendered:
    """``text`` with every field replaced by its current value, and where each piece came from."""
    if keys.OPEN not in text:
        return Rendered(text, (Piece(0, len(text), 0, len(text)),) if text else ())
    scores = scores or Scores(pkg, sheet)
    parts: list[str] = []
    pieces: list[Piece] = []
    at = 0
    for s in _spans(text):
        if s.kind == "text":
            chunk, key, status = text[s.start : s.end], "", ""
        else:
            fv: FieldValue = resolve_field(pkg, s.key, scores=scores)
            chunk, key, status = fv.text, s.key, fv.status
        parts.append(chunk)
        pieces.append(Piece(at, at + len(chunk), s.start, s.end, key, status))
        at += len(chunk)
    return Rendered("".join(parts), tuple(pieces))


def render_text(pkg: model.Package, text: str, sheet: ScoreSheet | None = None) -> str:
    """``text`` as it shows and prints: fields replaced by their current, formatted values
    (``【数据已删除】`` for a field whose target is gone, ``【未填写】`` for a blank one)."""
    return render_map(pkg, text, sheet).text


def render_section(
    pkg: model.Package,
    section: model.Section,
    sheet: ScoreSheet | None = None,
    *,
    scores: Scores | None = None,
) -> model.Section:
    """A copy of ``section`` with heading and bodies rendered (the package is not changed)."""
    scores = scores or Scores(pkg, sheet)
    out = copy.deepcopy(section)
    out.heading = render_map(pkg, section.heading, scores=scores).text
    out.body = render_map(pkg, section.body, scores=scores).text
    for sub in out.subsections:
        sub.heading = render_map(pkg, sub.heading, scores=scores).text
        sub.body = render_map(pkg, sub.body, scores=scores).text
    return out


def render_report(pkg: model.Package, sheet: ScoreSheet | None = None) -> list[model.Section]:
    """Every section of the report rendered: what the PDF and the XLSX print (scored at most once)."""
    scores = Scores(pkg, sheet)
    return [render_section(pkg, s, scores=scores) for s in pkg.report]


def strip_tokens(text: str) -> str:
    """Remove the token brackets, so that nothing in ``text`` is (or can later become) a field."""
    return text.replace(keys.OPEN, "").replace(keys.CLOSE, "")


def plain_from_paste(text: str, pkg: model.Package | None = None, sheet: ScoreSheet | None = None) -> str:
    """Text from the clipboard made plain: with ``pkg``, each token becomes the value it shows now
    (what the clerk saw when copying); the brackets are removed in any case. Pasting never makes a field."""
    if pkg is not None and keys.OPEN in text:
        text = render_text(pkg, text, sheet)
    return strip_tokens(text)


def replace_field_keys(text: str, mapping: Mapping[str, str]) -> str:
    """``text`` with fields re-pointed (``{old key: new key}``), e.g. after the clerk renames an indicator."""
    if keys.OPEN not in text:
        return text
    return keys.TOKEN_RE.sub(lambda m: keys.token(mapping.get(m.group(1), m.group(1))), text)
