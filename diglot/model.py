"""The content model: frozen documents, sections and units that remember where they came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import inline
from .diagnostics import Location

LANGUAGES = ("en", "zh")

# What each kind of unit is called in messages, and the field that carries its main text.
UNIT_KINDS = {
    "series": "text", "title": "text", "place": "text", "organiser": "text",
    "heading": "heading", "paragraph": "text", "recommendation": "text",
    "delegation": "heading", "member": "name",
}


class _cached:
    """functools.cached_property without its per-access lock (Python 3.11 takes one on every
    first access, which costs more than the work it guards here)."""

    def __init__(self, func):
        self.func, self.name = func, func.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


@dataclass(frozen=True)
class Field:
    """One text value of a unit, in the inline markup subset."""

    name: str
    source: str
    location: Location

    @_cached
    def spans(self) -> tuple[inline.Span, ...]:
        return inline.parse(self.source).spans

    @_cached
    def plain(self) -> str:
        return inline.parse(self.source).plain


@dataclass(frozen=True)
class Waiver:
    """A reviewed deviation: the finding of one check accepted for one unit, with a reason."""

    check: str
    reason: str
    location: Location


@dataclass(frozen=True)
class Unit:
    """A text-bearing unit with a stable id, the same in both languages."""

    id: str
    kind: str
    fields: tuple[Field, ...]
    location: Location
    container: str  # "title-block", or the id of its section or delegation
    review: str | None = None
    source_hash: str | None = None  # zh: hash of the English text it was translated from
    source_hash_location: Location | None = None
    waivers: tuple[Waiver, ...] = ()

    def field(self, name: str) -> Field | None:
        for field in self.fields:
            if field.name == name:
                return field
        return None

    @property
    def main(self) -> Field:
        return self.field(UNIT_KINDS[self.kind])  # type: ignore[return-value]


@dataclass(frozen=True)
class RecommendationList:
    location: Location
    items: tuple[Unit, ...]


Block = Unit | RecommendationList


@dataclass(frozen=True)
class Section:
    id: str
    location: Location
    heading: Unit | None  # None only for the untitled introduction
    blocks: tuple[Block, ...]

    @property
    def recommendations(self) -> tuple[Unit, ...]:
        return tuple(u for b in self.blocks if isinstance(b, RecommendationList) for u in b.items)


@dataclass(frozen=True)
class Delegation:
    heading: Unit
    members: tuple[Unit, ...]

    @property
    def id(self) -> str:
        return self.heading.id


@dataclass(frozen=True)
class TitleBlock:
    series: Unit
    title: Unit
    date: str  # ISO 8601: YYYY-MM or YYYY-MM-DD
    date_location: Location
    place: Unit
    organisers: tuple[Unit, ...]


@dataclass(frozen=True)
class Document:
    doc_id: str
    lang: str
    path: str
    title_block: TitleBlock
    sections: tuple[Section, ...]
    delegations: tuple[Delegation, ...]

    def units(self) -> Iterator[Unit]:
        """Every text-bearing unit in document order."""
        tb = self.title_block
        yield from (tb.series, tb.title, tb.place, *tb.organisers)
        for section in self.sections:
            if section.heading:
                yield section.heading
            for block in section.blocks:
                yield from (block.items if isinstance(block, RecommendationList) else (block,))
        for delegation in self.delegations:
            yield delegation.heading
            yield from delegation.members
