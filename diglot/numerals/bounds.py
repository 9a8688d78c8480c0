"""The bounds a text sets on its numbers and dates: "at least US$60 billion" (至少600亿美元),
"5% or less" (5%或以下), "within 30 days" (30日内), "before September 21, 2021"
(2021年9月21日前), "no later than June 30, 2026" (不迟于2026年6月30日), "since 2021"
(2021年以来).

Each bound is a direction, "at least" (a lower bound: at least, more than, or more, after,
since, no earlier than; 至少, 超过, 以上, 之后, 以来, 不早于) or "at most" (an upper one: at most,
up to, or less, within, before, by, no later than; 最多, 不超过, 以下, 以内, 之前, 不迟于), with
the values of the number or date it bounds as the language's number reader reads them. A
comparison negated by its own verb is the opposite bound (shall not exceed, not to exceed, must
not be less than; 不得超过, 不应低于), as laws state their limits. A
bound of time (before, by, since; 前, 到, 以来) is read only on a year or a date, so that
"reduce by 30%" and 提高到90% set none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

AT_LEAST, AT_MOST = "at least", "at most"
OPPOSITE = {AT_LEAST: AT_MOST, AT_MOST: AT_LEAST}


class Bound(NamedTuple):
    direction: str  # AT_LEAST or AT_MOST
    values: frozenset[str]  # the values of the number or date bounded
    phrase: str  # as written, qualifier and number


# -- English --------------------------------------------------------------------------------

_EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_EN_DATE = (
    rf"(?:{_EN_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH},?\s+\d{{4}}"
    rf"|{_EN_MONTH},?\s+\d{{4}}|{_EN_MONTH}\s+\d{{1,2}}(?!\d)|\d{{1,2}}\s+{_EN_MONTH}"
    r"|(?:1\d|2[01])\d\d(?![\d,.%]))"
)
_EN_AMOUNT = (
    r"(?:[A-Z]{1,3}\$|\$|€|£|¥)?\d[\d,]*(?:\.\d+)?"
    r"(?:\s*(?:%|percent\b|per\s+cent\b))?(?:\s+(?:thousand|million|billion|trillion)\b)?"
)
_EN_AMOUNT_BEFORE = {
    AT_LEAST: r"at\s+least|not\s+less\s+than|no\s+less\s+than|not\s+fewer\s+than|"
    r"no\s+fewer\s+than|a\s+minimum\s+of|more\s+than|greater\s+than|in\s+excess\s+of|"
    r"exceed(?:s|ed|ing)?|upwards\s+of",
    AT_MOST: r"at\s+most|not\s+more\s+than|no\s+more\s+than|not\s+exceeding|"
    r"a\s+maximum\s+of|up\s+to|less\s+than|fewer\s+than|within",
}
_EN_TIME_BEFORE = {
    AT_LEAST: r"after|since|no\s+earlier\s+than|not\s+earlier\s+than|"
    r"(?:beginning|starting)(?:\s+(?:with|in|on|from))?",
    AT_MOST: r"before|prior\s+to|by|no\s+later\s+than|not\s+later\s+than|until|ahead\s+of",
}
_EN_AFTER = {
    AT_LEAST: r"or\s+(?:more|higher|above|greater|over|longer|later)|and\s+(?:above|over|more)"
    r"|onwards?",
    AT_MOST: r"or\s+(?:less|lower|below|fewer|under|shorter|earlier)|and\s+(?:below|under)"
    r"|at\s+the\s+latest",
}


def _en_patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for direction in (AT_LEAST, AT_MOST):
        found += [
            (
                direction,
                re.compile(
                    rf"\b(?:{_EN_AMOUNT_BEFORE[direction]})\s+(?:the\s+)?(?P<n>{_EN_AMOUNT})",
                    re.I,
                ),
            ),
            (
                direction,
                re.compile(
                    rf"\b(?:{_EN_TIME_BEFORE[direction]})\s+(?:the\s+(?:end\s+of\s+)?)?"
                    rf"(?P<n>{_EN_DATE})",
                    re.I,
                ),
            ),
            (
                direction,
                re.compile(
                    rf"(?<![\w.,])(?P<n>{_EN_DATE}|{_EN_AMOUNT})(?:\s+[A-Za-z]+){{0,2}}?,?\s+"
                    rf"(?:{_EN_AFTER[direction]})\b",
                ),
            ),
        ]
    return found


# -- Chinese (Simplified and Traditional forms alike) ---------------------------------------

_ZH_DATE = (
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号號])?)?|\d{1,2}\s*月\s*\d{1,2}\s*[日号號]"
)
# a number starts where no digit, ',' or '.' is before it: tried from within a run of
# figures as well, the pattern would read a long run again from each of its digits
_ZH_AMOUNT = (
    r"(?<![\d,.])\d[\d,]*(?:\.\d+)?"
    r"\s*%?(?:[十百千](?=万|亿|萬|億))?(?:万亿|亿|万|萬億|億|萬)?"
)
_ZH_AMOUNT_BEFORE = {
    AT_LEAST: "至少|最少|最低|不少于|不少於|不低于|不低於|不小于|不小於|超过|超過|多于|多於|"
    "高于|高於|大于|大於|逾",
    AT_MOST: "至多|最多|最高|不超过|不超過|不多于|不多於|不高于|不高於|不大于|不大於|低于|低於|"
    "少于|少於|小于|小於|不到|不足",
}
_ZH_TIME_BEFORE = {
    AT_LEAST: "不早于|不早於|自|从|從",
    AT_MOST: "不迟于|不遲於|不晚于|不晚於|最迟|最遲|截至|截止到|截止|到",
}
_ZH_AMOUNT_AFTER = {
    AT_LEAST: "及以上|或以上|以上|之上",
    AT_MOST: "及以下|或以下|以下|以内|以內|之内|之內|(?<=[天日月年周週时時])[内內]",
}
_ZH_TIME_AFTER = {
    AT_LEAST: "或之后|或之後|之后|之後|以后|以後|后|後|起|以来|以來",
    AT_MOST: "或之前|之前|以前|前",
}
_ZH_UNIT = r"[^\d\s，。；：、,;:（）()“”《》]{0,5}?"


def _zh_patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for direction in (AT_LEAST, AT_MOST):
        found += [
            (  # a verb or two may come between: 最多可带12名, 至少应有25%
                direction,
                re.compile(
                    rf"(?:{_ZH_AMOUNT_BEFORE[direction]})[^\d\s，。；：、,;:]{{0,3}}?(?P<n>{_ZH_AMOUNT})"
                ),
            ),
            (direction, re.compile(rf"(?:{_ZH_TIME_BEFORE[direction]})\s*(?P<n>{_ZH_DATE})")),
            (
                direction,
                re.compile(rf"(?P<n>{_ZH_AMOUNT}){_ZH_UNIT}(?:{_ZH_AMOUNT_AFTER[direction]})"),
            ),
            (
                direction,
                re.compile(rf"(?P<n>{_ZH_DATE})\s*[底末初]?(?:{_ZH_TIME_AFTER[direction]})"),
            ),
        ]
    return found


@functools.cache
def _patterns(script: str) -> list[tuple[str, re.Pattern]]:
    """The patterns of a script's bounds, compiled when a text first needs them (a few
    milliseconds: most checks of a document need none)."""
    return _en_patterns() if script == "english" else _zh_patterns()


# Any word of a bound at all: a text without one (most texts) is not read further
_ANY = {
    "english": re.compile(
        r"\b(?:"
        + "|".join(
            words
            for table in (_EN_AMOUNT_BEFORE, _EN_TIME_BEFORE, _EN_AFTER)
            for words in table.values()
        )
        + r")\b",
        re.I,
    ),
    "chinese": re.compile(
        "|".join(
            words
            for table in (_ZH_AMOUNT_BEFORE, _ZH_TIME_BEFORE, _ZH_AMOUNT_AFTER, _ZH_TIME_AFTER)
            for words in table.values()
        )
    ),
}
# A negation just before a qualifier turns it round (should not exceed 2, 不应超过2; must not
# be less than, 不得低于). A comparison negated by its own verb (shall not exceed, not to
# exceed, must not be less than; 不得超过, 不应低于, 未超过) is the opposite bound, as a law
# states its limits; any other negated bound (does not respond within 30 days, whose
# negation may belong to the verb) is not read.
_NEGATED = {
    "english": re.compile(r"(?:\b(?:not|never|no)|n't)\s+(?:[a-z]+\s+)?$", re.I),
    "chinese": re.compile(r"[不未勿毋][^\d，。；]?$"),
}
_NEGATED_COMPARISON = {
    "english": (
        re.compile(r"(?:\b(?:not|never|no)|n't)\s+(?:(?:to\s+)?be\s+|to\s+)?$", re.I),
        re.compile(
            r"(?:more|less|fewer|greater|lower|higher)\s+than\b|exceed(?:s|ed|ing)?\b|"
            r"in\s+excess\s+of\b",
            re.I,
        ),
    ),
    "chinese": (
        re.compile(r"[不未勿毋][得应應能可宜须須准]?$"),
        re.compile("超过|超過|低于|低於|少于|少於|高于|高於|多于|多於|大于|大於|小于|小於"),
    ),
}


def bounds(text: str, script: str, read: Callable[[str], dict[str, int]]) -> list[Bound]:
    """The bounds of text ("english" or "chinese" script), their numbers read by read (a
    number reader's certain values: words and ranges aside)."""
    if not _ANY[script].search(text):
        return []
    found = []
    seen: set[tuple[str, int]] = set()
    for direction, pattern in _patterns(script):
        for m in pattern.finditer(text):
            bound, start = direction, m.start()
            if _NEGATED[script].search(text, max(0, m.start() - 12), m.start()):
                negation, comparison = _NEGATED_COMPARISON[script]
                negated = negation.search(text, max(0, m.start() - 12), m.start())
                if negated is None or not comparison.match(text, m.start()):
                    continue
                bound, start = OPPOSITE[direction], negated.start()
            values = frozenset(
                v for v in read(m["n"]) if v[0] != "~" and not v.startswith("range ")
            )
            if values and (bound, m.start("n")) not in seen:  # not less than, less than
                seen.add((bound, m.start("n")))
                found.append(Bound(bound, values, " ".join(text[start : m.end()].split())))
    return found


def _key(bound: Bound) -> frozenset[str]:
    """What identifies the number or date bounded: a date's month and day (not its year or
    month alone, which other bounds may share), else its values."""
    return frozenset(v for v in bound.values if v.startswith("date ")) or bound.values


def reversed_bounds(source: list[Bound], target: list[Bound]) -> list[tuple[Bound, Bound]]:
    """Each bound of the source whose number or date the target bounds the other way only
    (at least 600亿 against 最多600亿; before a date against after it), with that bound."""
    pairs = []
    for bound in source:
        key = _key(bound)
        same = [b for b in target if _key(b) & key and b.direction == bound.direction]
        other = [b for b in target if _key(b) & key and b.direction != bound.direction]
        if other and not same:
            pairs.append((bound, other[0]))
    return pairs
