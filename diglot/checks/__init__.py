"""The translation QA catalogue: one explicit registry of checks over aligned unit pairs.

A pair check looks at the source and translation of one unit (written for English into
Chinese; Context.into_spaces says when a Chinese original is translated into English, and
messages name each side by its profile's name: Context.source_name, target_name); a
document check at the aligned units of one document together (the semantic checks, which judge each unit against
the document's others); a corpus check looks at the texts of every pair of every document at
once (consistency), or of each document in turn (term variants), as FieldText records.
A check that needs something optional (a model) says why it cannot run (missing).
Each check has an id, a default severity, a one-line title, and one passing and one
failing example (shown by `diglot checks` and the README, and run by the tests).

This module holds what a check is made of; `catalogue.registry()` lists the checks (the
check modules import this one, never the other way round).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Location
from ..model import Unit

if TYPE_CHECKING:
    from ..languages import Profile
    from ..semantic.settings import SemanticSettings


@dataclass(frozen=True)
class Finding:
    """What a check found in one unit pair; field names the Chinese field concerned."""

    check: str
    message: str
    field: str | None = None
    detail: str | None = None  # more lines (a diff), shown under the message
    severity: str | None = None  # "warning": at most a warning, whatever the check's severity
    location: Location | None = None  # the place within the field, when known exactly


class FieldText(
    namedtuple(
        "FieldText",
        "source_id target_id name source target source_location target_location target_lang",
        defaults=("",),
    )
):
    """One aligned field as corpus checks see it: the unit ids, the field name, both plain
    texts with whitespace normalised, both places (Locations) and the target language.
    Small, so that documents checked in worker processes can send them back."""

    __slots__ = ()


def field_texts(en: Unit, zh: Unit, target_lang: str = "") -> list[FieldText]:
    """The FieldText records of one aligned unit pair."""
    from .text import field_pairs, normalise

    return [
        FieldText(
            en.id,
            zh.id,
            field.name,
            normalise(field.plain),
            normalise(other.plain),
            field.location,
            other.location,
            target_lang,
        )
        for field, other in field_pairs(en, zh)
    ]


@dataclass(frozen=True)
class Example:
    en: str
    zh: str


@dataclass(frozen=True)
class Check:
    id: str
    severity: str  # default: "error" or "warning"
    title: str
    passes: Example
    fails: Example
    pair: Callable[[Unit, Unit, Context], Iterable[Finding]] | None = None
    corpus: Callable[[list[FieldText], Context], Iterable[tuple[FieldText, Finding]]] | None = None
    # (unit id, finding) for a document's aligned pairs, in document order
    document: Callable[[list[tuple[Unit, Unit]], Context], Iterable[tuple[str, Finding]]] | None = (
        None
    )
    missing: Callable[[Context], str | None] | None = None  # why it cannot run here, if not


@dataclass
class Context:
    """What checks may consult: the glossary's terms, protected tokens and the Chinese forms
    sanctioned for them, the settings."""

    terms: tuple = ()
    protected: tuple[str, ...] = ()
    sanctioned: dict[str, tuple[str, ...]] = field(default_factory=dict)  # token: zh forms
    source_profile: Profile | None = None  # the languages' profiles
    target_profile: Profile | None = None
    number_readers: tuple[str, str] = ("english", "chinese-simplified")
    length_ratio: tuple[float, float] = (0.12, 0.9)
    length_min_chars: int = 40
    source_text: Callable[[Unit, str], str | None] | None = None  # old English by hash
    tracked: set[str] | None = None  # zh files that record source hashes (None: all)
    cache: dict = field(default_factory=dict)
    # a content file's text as it was read and loaded (None: read it from the disk)
    text_of: Callable[[str], str | None] | None = None
    semantic: SemanticSettings | None = None  # [checks.semantic]
    project_root: Path | None = None  # the project checked (None: checks keep no cache)

    @property
    def source_name(self) -> str:
        """The source language as messages name it ("the English", "the Chinese")."""
        return self.source_profile.name if self.source_profile is not None else "English"

    @property
    def target_name(self) -> str:
        """The translation's language as messages name it."""
        return self.target_profile.name if self.target_profile is not None else "Chinese"

    @property
    def into_spaces(self) -> bool:
        """Whether a Chinese (CJK) original is translated into a language written with
        spaces: the checks written for English into Chinese then read the pair the other
        way round (the target as the text with spaces), and name each side by its role."""
        source, target = self.source_profile, self.target_profile
        return source is not None and target is not None and source.cjk and not target.cjk
