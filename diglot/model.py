"""The content model: a document is a frozen tree of units, each remembering where it came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import inline
from .diagnostics import Location

if TYPE_CHECKING:  # the model stays free of I/O: the type is read by types.py
    from .types import DocumentType


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
    """One text value of a unit, in the inline markup subset. Its spans and plain text are
    the source's, or, in an edition's layout (quotes: the marks of the language's profile;
    dashes: whether it sets ranges with an en dash), the source's as printed: its straight
    quotes and apostrophes, and the hyphens of its ranges of numbers, set typographically."""

    name: str
    source: str
    location: Location
    quotes: tuple[str, ...] = ()  # the marks straight quotes are set as; () as written
    dashes: bool = False  # a range's hyphen is set as an en dash (5-7 years: 5–7)

    @_cached
    def spans(self) -> tuple[inline.Span, ...]:
        return self._parsed().spans

    @_cached
    def plain(self) -> str:
        return self._parsed().plain

    def _parsed(self) -> inline.Parsed:
        if self.quotes or self.dashes:
            return inline.typeset(self.source, self.quotes, self.dashes)
        return inline.parse(self.source)


@dataclass(frozen=True)
class Waiver:
    """A reviewed deviation: the finding of one check accepted for one unit, with a reason."""

    check: str
    reason: str
    location: Location


NOTE_STATUSES = ("open", "resolved")


@dataclass(frozen=True)
class ReviewNote:
    """One note of a unit's review conversation: its text, who wrote it and when (None when
    the short form `review: text` does not say), and whether it is still open."""

    text: str
    author: str | None
    date: str | None  # ISO 8601, YYYY-MM-DD
    status: str  # "open" or "resolved"
    location: Location

    @property
    def open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Unit:
    """A node of the document tree: a kind from the document's type, its text fields, and
    the lists of child units it holds. Every unit that carries text has a stable id, the same
    in every language; a list unit (recommendations) may have none (id None)."""

    id: str | None
    kind: str
    fields: tuple[Field, ...]
    location: Location
    container: str  # "title-block", a body list's key, or the id of the enclosing unit
    notes: tuple[ReviewNote, ...] = ()  # the review conversation, in the file's order
    source_hash: str | None = None  # target: hash of the source text it was translated from
    source_hash_location: Location | None = None
    # target: hash of the translation approved with it (after the source's, "a1b2…/c3d4…";
    # None in an approval recorded without it)
    text_hash: str | None = None
    waivers: tuple[Waiver, ...] = ()
    children: tuple[tuple[str, tuple[Unit, ...]], ...] = ()  # (key, units) per child list
    role: str = ""

    @property
    def approval(self) -> str | None:
        """The recorded approval as written: the source's hash, then the translation's."""
        if self.source_hash is None:
            return None
        return self.source_hash + (f"/{self.text_hash}" if self.text_hash else "")

    @property
    def review(self) -> str | None:
        """The open notes' texts, one a line; None when no note is open."""
        texts = [note.text for note in self.notes if note.open]
        return "\n".join(texts) if texts else None

    def field(self, name: str) -> Field | None:
        for field in self.fields:
            if field.name == name:
                return field
        return None

    @property
    def main(self) -> Field:
        """The field that names the unit in messages and bookmarks (its first)."""
        return self.fields[0]

    def child_units(self) -> Iterator[Unit]:
        for _, units in self.children:
            yield from units

    def walk(self) -> Iterator[Unit]:
        """This unit and every unit below it, in document order."""
        yield self
        for child in self.child_units():
            yield from child.walk()

    def printed(self, quotes: tuple[str, ...], dashes: bool = False) -> Unit:
        """The unit and those below it with their fields' straight quotes set as quotes and,
        with dashes, their ranges' hyphens as en dashes."""
        return replace(
            self,
            fields=tuple(replace(f, quotes=quotes, dashes=dashes) for f in self.fields),
            children=_printed(self.children, quotes, dashes),
        )


def _printed(
    lists: tuple[tuple[str, tuple[Unit, ...]], ...], quotes: tuple[str, ...], dashes: bool
) -> tuple[tuple[str, tuple[Unit, ...]], ...]:
    return tuple((key, tuple(u.printed(quotes, dashes) for u in units)) for key, units in lists)


@dataclass(frozen=True)
class Value:
    """A title-block value that is not translated text: a date (ISO 8601) or a code."""

    name: str
    text: str
    location: Location


@dataclass(frozen=True)
class Document:
    """One language of one document: its type, title block and body, as a tree of units."""

    doc_id: str
    lang: str
    path: str
    type: DocumentType
    type_location: Location
    title: tuple[tuple[str, tuple[Unit, ...]], ...]  # title-block text fields, in type order
    values: tuple[Value, ...]  # dates and codes
    body: tuple[tuple[str, tuple[Unit, ...]], ...]  # (key, units) per body list

    def title_units(self, name: str) -> tuple[Unit, ...]:
        return next((units for key, units in self.title if key == name), ())

    def title_unit(self, name: str) -> Unit | None:
        units = self.title_units(name)
        return units[0] if units else None

    def value(self, name: str) -> Value | None:
        return next((v for v in self.values if v.name == name), None)

    @property
    def date(self) -> str | None:
        found = self.value("date")
        return found.text if found else None

    def nodes(self) -> Iterator[Unit]:
        """Every node of the body in document order, lists without ids included."""
        for _, units in self.body:
            for unit in units:
                yield from unit.walk()

    def units(self) -> Iterator[Unit]:
        """Every unit with an id (all that carry text) in document order."""
        for _, units in self.title:
            yield from units
        for node in self.nodes():
            if node.id is not None:
                yield node

    def printed(self, quotes: tuple[str, ...], dashes: bool = False) -> Document:
        """The document as an edition prints it: every text's straight quotes and
        apostrophes set as quotes (a profile's marks: Profile.set_quotes) and, with dashes,
        the hyphens of its ranges of numbers as en dashes (Profile.set_dashes); itself when
        there is nothing to set."""
        if not quotes and not dashes:
            return self
        return replace(
            self,
            title=_printed(self.title, quotes, dashes),
            body=_printed(self.body, quotes, dashes),
        )
