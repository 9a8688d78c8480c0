"""Suggestions for a misspelt name: the known name closest to it, in the one wording.

Every message that names something unknown (a key, a setting, a check, a type, a kind, a
document, a unit) offers the closest known name as "; did you mean 'x'?" and, where the
known names are few, lists them instead when none is close ("; allowed: a, b, c").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import lru_cache

CUTOFF = 0.6  # difflib's ratio from which a known name is close to a misspelt one


def closest(word: str, known: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The known name closest to word, if one is close (difflib.get_close_matches)."""
    return _closest(word, tuple(known), cutoff)


@lru_cache(maxsize=1024)  # a file may repeat one misspelling thousands of times
def _closest(word: str, known: tuple[str, ...], cutoff: float) -> str | None:
    found = difflib.get_close_matches(word, known, n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(
    word: str,
    known: Iterable[str],
    cutoff: float = CUTOFF,
    about: Mapping[str, object] | None = None,
) -> str:
    """ "; did you mean 'x'?" for the known name closest to word (with what about says of
    it, in brackets: "; did you mean 'x' (memo.yaml)?"), or "" when none is close."""
    hint = closest(word, known, cutoff)
    if hint is None:
        return ""
    said = f" ({about[hint]})" if about is not None and hint in about else ""
    return f"; did you mean '{hint}'{said}?"


def suggestion(word: str, known: Iterable[str], what: str = "allowed") -> str:
    """did_you_mean, or when no known name is close, all of them: "; allowed: a, b"."""
    known = list(known)
    return did_you_mean(word, known) or f"; {what}: {', '.join(known)}"
