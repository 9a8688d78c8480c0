"""The catalogue: every translation check, in the order they are listed and run."""

from __future__ import annotations

from . import (
    Check,
    consistency,
    datestyle,
    length,
    markup,
    numbers,
    punctuation,
    semantic,
    spacing,
    stale,
    terms,
    variants,
)


def registry() -> tuple[Check, ...]:
    """Every check, in the order they are listed and run."""
    return (
        numbers.CHECK,
        datestyle.CHECK,
        terms.PROTECTED,
        terms.TERMINOLOGY,
        terms.FORBIDDEN,
        variants.CHECK,
        terms.UNTRANSLATED,
        punctuation.HALF_WIDTH,
        punctuation.BALANCE,
        punctuation.DOUBLED,
        punctuation.ASCII_QUOTES,
        punctuation.RANGE,
        spacing.CHECK,
        spacing.INVISIBLE,
        markup.CHECK,
        consistency.SOURCE,
        consistency.TARGET,
        length.CHECK,
        semantic.LENGTH_OUTLIER,
        semantic.NEGATION,
        semantic.EXCHANGED,
        semantic.UNMATCHED,
        stale.CHECK,
    )
