"""The translation QA catalogue: one explicit registry of checks over aligned unit pairs.

A pair check looks at the English and Chinese versions of one unit; a corpus check looks
at every pair at once (consistency). Each check has an id, a default severity, a one-line
title, and one passing and one failing example (shown by `diglot checks` and the README,
and run by the tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model import Unit


@dataclass(frozen=True)
class Finding:
    """What a check found in one unit pair; field names the Chinese field concerned."""

    check: str
    message: str
    field: str | None = None
    detail: str | None = None  # more lines (a diff), shown under the message


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
    pair: Callable[[Unit, Unit, "Context"], Iterable[Finding]] | None = None
    corpus: Callable[[list[tuple[Unit, Unit]], "Context"],
                     Iterable[tuple[Unit, Unit, Finding]]] | None = None


@dataclass
class Context:
    """What checks may consult: the glossary's terms and protected tokens, the settings."""

    terms: tuple = ()
    protected: tuple[str, ...] = ()
    length_ratio: tuple[float, float] = (0.12, 0.9)
    length_min_chars: int = 40
    source_text: Callable[[Unit, str], str | None] | None = None  # old English by hash
    tracked: set[str] | None = None  # zh files that record source hashes (None: all)
    cache: dict = field(default_factory=dict)


def registry() -> tuple[Check, ...]:
    """Every check, in the order they are listed and run."""
    from . import consistency, length, markup, numbers, punctuation, stale, terms
    return (
        numbers.CHECK, terms.PROTECTED, terms.TERMINOLOGY, terms.FORBIDDEN,
        terms.UNTRANSLATED, punctuation.HALF_WIDTH, punctuation.BALANCE,
        punctuation.DOUBLED, punctuation.ASCII_QUOTES, markup.CHECK,
        consistency.SOURCE, consistency.TARGET, length.CHECK, stale.CHECK,
    )
