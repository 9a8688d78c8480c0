"""Negation cues counted the way each language profile says: its cues (not, never, without; 不,
未, 无) and its false friends, words that hold a cue without negating anything (not only;
不断, 未来, 无论, 非常), which are taken out of the text before the cues are counted.

In a language written with spaces (Latin script) a cue or false friend is a whole word or
phrase, matched without regard to case; in one written without (CJK) it is any occurrence.
An ellipsis stands for a few words (a few characters) between two parts: "neither … nor" is
one negation, "not … until" none.

A profile's negation prefixes (non-; 非) negate one word, not a clause: non-discriminatory,
非歧视. `prefixed` finds the words they make (in a language written with spaces, a word that
begins with the prefix and has at least PREFIXED_LETTERS letters after it, so that "none" is
no non- word; in one written without, the prefix before a character of a word), so that a
cue that only makes such a word is matched with a word of the other side, not with a
clause's negation."""

from __future__ import annotations

import re
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
PREFIXED_LETTERS = 4  # letters after a spaced prefix: non-binding, nonprofit; not none
WORD_CHARACTERS = 2  # characters shown after an unspaced prefix: 非歧视


@lru_cache(maxsize=16)
def _patterns(
    cues: tuple[str, ...], false_friends: tuple[str, ...], spaced: bool
) -> tuple[re.Pattern, re.Pattern | None, re.Pattern]:
    gap = r"(?:\W+\w+){0,5}?\W+" if spaced else ".{0,12}?"

    def phrase(words: str) -> str:
        parts = [part.strip() for part in words.translate(_APOSTROPHES).split("…")]
        return gap.join(re.escape(part) for part in parts)

    def alternatives(words: tuple[str, ...]) -> str:
        # the longest first, so that a phrase is preferred to the word it starts with
        return "|".join(phrase(w) for w in sorted(words, key=len, reverse=True))

    if spaced:
        cue = re.compile(rf"(?<![\w'])(?:{alternatives(cues)})(?![\w'])", re.IGNORECASE)
        friend = (
            re.compile(rf"(?<![\w'])(?:{alternatives(false_friends)})(?![\w'])", re.IGNORECASE)
            if false_friends
            else None
        )
    else:
        cue = re.compile(alternatives(cues))
        friend = re.compile(alternatives(false_friends)) if false_friends else None
    # the first words of the cues: a text without any has no cue (most texts; found faster)
    firsts = tuple(dict.fromkeys(c.split("…")[0].split()[0] if spaced else c[0] for c in cues))
    first = (
        re.compile(rf"(?<![\w'])(?:{alternatives(firsts)})(?![\w'])", re.IGNORECASE)
        if spaced
        else re.compile(alternatives(firsts))
    )
    return cue, friend, first


def cues(text: str, profile) -> list[str]:
    """The negation cues of text, in order, as the profile lists them (none when it lists
    none)."""
    listed = tuple(getattr(profile, "negation", ()) or ())
    if not listed:
        return []
    spaced = not getattr(profile, "cjk", False)
    cue, friend, first = _patterns(listed, tuple(profile.negation_false_friends), spaced)
    text = text.translate(_APOSTROPHES)
    if first.search(text) is None:
        return []
    if friend is not None:
        text = friend.sub(" ", text)
    return cue.findall(text)


@lru_cache(maxsize=16)
def _prefix_pattern(prefixes: tuple[str, ...], spaced: bool) -> re.Pattern:
    listed = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    if spaced:
        return re.compile(
            rf"(?<![\w'-])(?:{listed})[^\W\d_]{{{PREFIXED_LETTERS},}}(?:-\w+)*", re.IGNORECASE
        )
    return re.compile(rf"(?:{listed})\w{{1,{WORD_CHARACTERS}}}")


def prefixed(text: str, profile) -> list[str]:
    """The words of text that a negation prefix of the profile makes (non-binding; 非歧视),
    in order, false friends left out first (none when it lists no prefixes)."""
    listed = tuple(getattr(profile, "negation_prefixes", ()) or ())
    if not listed:
        return []
    spaced = not getattr(profile, "cjk", False)
    text = text.translate(_APOSTROPHES)
    false_friends = tuple(profile.negation_false_friends)
    if false_friends:
        friend = _patterns(tuple(profile.negation) or listed, false_friends, spaced)[1]
        if friend is not None:
            text = friend.sub(" ", text)
    return _prefix_pattern(listed, spaced).findall(text)
