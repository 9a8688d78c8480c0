"""The side-by-side edition's rows: one per aligned unit, in document order, for every format."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import Document, RecommendationList, Unit

# Column widths of the side-by-side PDF and Word editions, as shares of the text width.
# Set in the same type, the Chinese of this kind of text takes about half the width of the
# English; columns of 57 % and 43 % keep English lines near 60 characters and Chinese lines
# near 20 while rows stay close in height, so little paper is left blank.
COLUMN_SHARE = {"en": 0.57, "zh": 0.43}


@dataclass(frozen=True)
class Row:
    """English and Chinese versions of one unit (or of one label) side by side.

    kind: series, title, place (with the date), heading, paragraph, label (the
    "Recommendations:" label of a list; no unit), recommendation, delegation (a
    delegation's heading) or member.
    """

    kind: str
    en: Unit | None
    zh: Unit | None
    number: int | None = None  # a recommendation's number, the same on both sides
    count: int | None = None  # a label's list length, for "Recommendation:"/"Recommendations:"
    anchor: str | None = None  # the id of an untitled section (the introduction) starting here

    @property
    def id(self) -> str | None:
        return self.en.id if self.en else None


def side_by_side_rows(en: Document, zh: Document) -> tuple[Row, ...]:
    """Rows in English document order; the documents are aligned (parity checked)."""
    other = {unit.id: unit for unit in zh.units()}

    def row(kind: str, unit: Unit, **extra) -> Row:
        return Row(kind, unit, other[unit.id], **extra)

    tb = en.title_block
    rows = [row("series", tb.series), row("title", tb.title), row("place", tb.place)]
    number = 0
    for section in en.sections:
        first = len(rows)
        if section.heading:
            rows.append(row("heading", section.heading))
        for block in section.blocks:
            if isinstance(block, RecommendationList):
                rows.append(Row("label", None, None, count=len(block.items)))
                for item in block.items:
                    number += 1
                    rows.append(row("recommendation", item, number=number))
            else:
                rows.append(row("paragraph", block))
        if not section.heading and len(rows) > first:
            rows[first] = replace(rows[first], anchor=section.id)
    for delegation in en.delegations:
        rows.append(row("delegation", delegation.heading))
        rows.extend(row("member", member) for member in delegation.members)
    return tuple(rows)
