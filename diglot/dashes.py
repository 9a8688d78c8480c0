"""Ranges set with an en dash, as English print sets them ("pages 12–15", "October 7–8",
"5–7 years", "2024–25", "14:00–17:30"), where the content has the keyboard's hyphen.

`range_dashes(text, keep)` sets a hyphen as – (U+2013) where it stands between two numbers
(or two times of day) that read as a range, and leaves every other hyphen as typed. A hyphen
is a range's when:

- each side is a number: digits with no leading zero (0 alone is a number: ages 0-14), with
  thousands separators or a decimal part (1,000-5,000; 4.5-5), the first perhaps with its
  % (20%-30%); or a time of day (09:00-09:30, 12.30-13.30);
- nothing joins the two to more: no letter, digit, point, slash, #, + or hyphen right before
  the first (COVID-19, A320-200, +86-755, #12-34), and after the second no letter (but a
  unit: 20-30km, 9-11am), digit, slash, or point, colon or hyphen that goes on
  (2024-10-07, 010-6512-3456, 3-4/5, 2024-2025.pdf); a colon or dash that ends a heading's
  range (2026-2030: An Overview) does not join;
- the second is larger than the first (3-2, 9704-2012 read as no range), or, after a year,
  the last two digits of a later year (2024-25; 2005-06, the next year only), or after "pp."
  a page number shortened to its last digits (pp. 112-18);
- no word before it says the numbers are something else: a singular name of a provision or
  a numbered item (Article 2-3, Figure 3-4, Table 1-2, Box 1-2, Case 19-1392, Public Law
  117-169, resolution 1325-2000, Room 3-12), a word of an identifier in capitals (GB
  1589-2016, ISO 9001-2015, ISSN 1671-4229, FM 3-24; not a currency or an era: RMB 2-3
  billion, AD 25-220), a telephone label (Tel: 2345-6789, Fax: (02) 2345-6789, Hotline
  1234-5678, 电话：2345-6789), a figure or table of a chapter in Chinese (图3-4, 表1-2) or
  a word of a vote or a score (adopted 12-3, rejected 3-12, won 2-1), which keep the hyphen
  the author typed. A plural (Articles 3-5,
  Chapters 2-3, Nos. 3-7, pages 12-15) names a range. Table, Schedule, Form and Number name
  an item only with a capital (schedule 2-3 meetings is a range);
- no web or e-mail address holds it.

A hyphen the rule cannot tell (Boeing 737-800, a telephone number with no label) is kept
by escaping it in the content (737\\-800). The dash is set one for one, so a text keeps its
length and every offset into it (line breaks, joins, addresses) holds for the text set; the
characters at the offsets kept (what the inline markup reads as literal) are left as typed.
The line breaker keeps a range together whichever dash it has (diglot/linebreak.py).

`ranges(text)` finds the same ranges, for qa.punct-range: a Chinese character beside a
number joins nothing to it (未来5-7年), so a Chinese text's ranges are found alike."""

from __future__ import annotations

import re
from collections.abc import Collection

from .linebreak import urls
from .script import HAN_CHARS

EN_DASH = "\u2013"

# a number: no leading zero (0 alone is one), thousands separators or up to six digits, a
# decimal part; the second of a range may also be the last two digits of a year (2005-06)
_NUMBER = r"(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{0,5}|0)(?:\.\d+)?"
_UNIT = (
    r"(?:km|cm|mm|m|kg|mg|g|t|kt|mt|kw|mw|gw|tw|kwh|mwh|gwh|twh|am|pm|a\.m\.|p\.m\.|x|h|hrs?|"
    r"mins?|s|ms|bn|nm|ha|mph|°c|°f|%)"
)
# a letter or digit joined to a number (a Chinese character is not: 未来5-7年)
_W = rf"[^\W{HAN_CHARS}]"
_RANGE = re.compile(
    # nothing joined before the first number (but FY2023-24, pp.12-15)
    rf"(?:(?<=\bFY)|(?<=\bpp\.)|(?<!{_W})(?<![.,/:#+\-\u2010\u2011\u2212]))"
    rf"({_NUMBER})(%?)-({_NUMBER}|\d\d)"
    # nothing joined after the second: a letter that is no unit, a slash, a point or comma
    # before more, a colon before digits (a time), a hyphen before more (2024-10-07)
    rf"(?!(?!{_UNIT}(?!{_W}|-)){_W}|/|[.,]{_W}|:\d|[\-\u2010\u2011\u2212]{_W})",
    re.IGNORECASE,
)
_TIME = re.compile(
    rf"(?<!{_W})(?<![.,:\-])((?:[01]?\d|2[0-3])[:.][0-5]\d)-((?:[01]?\d|2[0-3])[:.][0-5]\d)"
    rf"(?!{_W}|[:.]\d)"
)

# Words before a number that make a hyphen after it part of a name, not a range: a singular
# name of a provision or a numbered item (any case; a plural names a range), four that name
# one only with a capital (schedule 2-3 meetings), an identifier in capitals (GB/T, ISSN,
# P.L.), a telephone label, a vote or a score.
_NAME = re.compile(
    # a singular name of a provision or a numbered item
    r"(?:(?:\b(?:article|art|section|sec|subsection|paragraph|para|subparagraph|clause|rule|"
    r"regulation|box|appendix|annex|map|figure|fig|chapter|chap|case|docket|decree|law|ley|"
    r"act|resolution|res|decision|release|version|ver|model|item|no|room|exhibit|equation|"
    r"eq|chart|tab|issn|isbn|l)\.?|§|\b(?-i:Table|Schedule|Form|Number))\s*"
    # in Chinese, a figure or table of a chapter (图3-4, 表1-2)
    r"|(?:图|表|附图|附表|式)\s*"
    # a telephone label, a vote or a score
    r"|\b(?:tel|telephone|phone|fax|hotline|mobile)\b[^A-Za-z]{0,20}"
    r"|(?:电话|传真|热线|手机|邮编|邮政编码)[^A-Za-z]{0,20}"
    r"|\b(?:votes?|voted|won|lost|beat|drew|tied|score|scored)\s*)$",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(r"(?<![\w.])(?:[A-Z]{2,}(?:/[A-Z]{1,3})?|(?:[A-Z]\.){2,})\s*$")
# capitals that come before a number and name no identifier: a currency, an era, a fiscal year
_NOT_IDENTIFIER = re.compile(
    r"(?<![\w.])(?:RMB|CNY|USD|US|EUR|GBP|JPY|HKD|CHF|CAD|AUD|SGD|KRW|INR|TWD|MOP|AD|BC|BCE|CE|"
    r"FY)\s*$"
)
# a verb of a vote is one when nothing but punctuation or a few words follow the tally
# (adopted 12-3; adopted by 12-3 with one abstention), not a noun (adopted 3-5 measures)
_VOTED = re.compile(
    r"\b(?:adopted|approved|rejected|passed|failed|carried|defeated)(?:\s+(?:it|them|by))*\s*$",
    re.I,
)
_TALLY_END = re.compile(r"\s*(?:$|[,.;:)]|(?:with|in|on|vote|votes)\b)", re.I)


def _is_range(first: str, second: str, before: str) -> bool:
    low = float(first.replace(",", ""))
    if len(second) > 1 and second.startswith("0") and not second.startswith("0."):
        # the last two digits of the year after a year: 2005-06, 1999-00
        return len(first) == 4 and 1000 <= low <= 2999 and int(second) == (int(low) + 1) % 100
    high = float(second.replace(",", ""))
    whole = not any(c in first + second for c in ".,")
    if whole and len(first) == 4 and len(second) == 2 and 1000 <= low <= 2999:
        return high > low % 100  # 2024-25
    if whole and len(second) < len(first) and before.rstrip().lower().endswith("pp."):
        return int(first[: len(first) - len(second)] + second) > low  # pp. 112-18
    return high > low


def _named(before: str, after: str) -> bool:
    """Whether the words before a number make a hyphen after it part of a name (after: the
    text after the second number)."""
    if _NAME.search(before):
        return True
    # capitals before it name an identifier (a text typed in capitals keeps its hyphens)
    if _IDENTIFIER.search(before) and not _NOT_IDENTIFIER.search(before):
        return True
    return bool(_VOTED.search(before) and _TALLY_END.match(after))


def ranges(text: str, keep: Collection[int] = ()) -> list[tuple[int, int]]:
    """The ranges of numbers or times written with a hyphen in text, in order: (start, end)
    of each, the hyphen at neither end; none whose hyphen is at an offset in keep or in a
    web or e-mail address."""
    if "-" not in text:
        return []
    found: dict[int, tuple[int, int]] = {}  # by the hyphen's offset
    for match in _RANGE.finditer(text):
        before = text[max(0, match.start() - 32) : match.start()]
        if not _is_range(match.group(1), match.group(3), before):
            continue
        if not _named(before, text[match.end() : match.end() + 12]):
            found[match.end(2)] = match.span()
    for match in _TIME.finditer(text):
        start, end = (_minutes(t) for t in match.groups())
        if end > start:
            found[match.end(1)] = match.span()
    found = {at: span for at, span in found.items() if at not in keep and text[at] == "-"}
    if found:
        addresses = urls(text)
        found = {
            at: span
            for at, span in found.items()
            if not any(start <= at < end for start, end in addresses)
        }
    return [found[at] for at in sorted(found)]


def range_dashes(text: str, keep: Collection[int] = ()) -> str:
    """text with the hyphen of each range of numbers or times set as an en dash; the
    characters at the offsets in keep and in web and e-mail addresses as they are."""
    spans = ranges(text, keep)
    if not spans:
        return text
    out = list(text)
    for start, end in spans:
        out[start + text[start:end].index("-")] = EN_DASH
    return "".join(out)


def _minutes(time: str) -> int:
    hours, minutes = re.split(r"[:.]", time)
    return int(hours) * 60 + int(minutes)
