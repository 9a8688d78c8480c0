"""Character classes and small text helpers shared by the checks."""

from __future__ import annotations

import re

from ..numerals.common import normalise  # noqa: F401 (the checks' text helpers in one place)
from ..source import nfc  # noqa: F401

LATIN_WORD = re.compile(r"[A-Za-z]+")


def field_pairs(en, zh):
    """The (English field, Chinese field) pairs of one aligned unit, by field name."""
    a, b = en.fields, zh.fields
    if len(a) == 1 and len(b) == 1 and a[0].name == b[0].name:  # most units: one text
        return ((a[0], b[0]),)
    return [(field, other) for field in a if (other := zh.field(field.name)) is not None]


_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


class PhraseIndex:
    """Which of many phrases (the glossary's English terms) a text may contain, found
    without searching for each one.

    A phrase is filed under its first run of ASCII letters and digits, and that run plus -s
    and -es. Where occurs() finds the phrase in a text, that run stands in the text as a
    whole run too (occurs() refuses a match glued to ASCII letters or digits), or with the
    plural -s or -es after it when it is the whole phrase. So the phrases filed under the
    text's runs are the only candidates; a phrase with no such run is always a candidate.
    """

    def __init__(self, phrases: list[str]):
        self._by_run: dict[str, list[int]] = {}
        self._always: list[int] = []
        for i, phrase in enumerate(phrases):
            run = _ASCII_RUN.match(phrase)
            if run is None:
                self._always.append(i)
                continue
            keys = {run.group(), run.group() + "s", run.group() + "es"}
            if _takes_ies(run.group()):
                keys.add(run.group()[:-1] + "ies")
            for key in keys:
                self._by_run.setdefault(key, []).append(i)

    def candidates(self, text: str) -> list[int]:
        """Indexes, in the order given, of the phrases that may occur in text."""
        hits = self._by_run.keys() & set(_ASCII_RUN.findall(text))
        if not hits:
            return self._always
        found = {i for run in hits for i in self._by_run[run]}
        found.update(self._always)
        return sorted(found)


def _latin_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _takes_ies(word: str) -> bool:
    """Whether an English word ending in a consonant and y makes its plural in -ies (body,
    bodies; not day, days)."""
    return len(word) > 2 and word[-1] in "yY" and word[-2].lower() not in "aeiouy"


def occurs(text: str, token: str, plural: bool = False) -> bool:
    """Whether token occurs in text as a whole word: not glued to Latin letters or digits
    (Chinese neighbours are fine); with plural, an English -s or -es may follow, or -ies
    stand for a last -y (bodies for body). A plain substring search first, so that most
    calls cost almost nothing."""
    if plural and _takes_ies(token) and _occurs(text, token[:-1] + "ies", False):
        return True
    return _occurs(text, token, plural)


def _occurs(text: str, token: str, plural: bool) -> bool:
    start = text.find(token)
    while start != -1:
        end = start + len(token)
        if start == 0 or not _latin_alnum(text[start - 1]):
            after = text[end : end + 3]
            if plural and after[:2] == "es":
                after = after[2:]
            elif plural and after[:1] == "s":
                after = after[1:]
            if not after or not _latin_alnum(after[0]):
                return True
        start = text.find(token, start + 1)
    return False
