"""Ranges of numbers set with an en dash, as English print sets them ("pages 12–15",
"October 7–8", "5–7 years", "2024–25"), where the content has the keyboard's hyphen.

`range_dashes(text, keep)` sets a hyphen as – (U+2013) where it stands between two numbers
that read as a range and as nothing else; every other hyphen is left as typed. A hyphen is a
range's when:

- each side is a whole number of one to four digits, with no leading zero (03-04 is a code);
- nothing joins the numbers to more: no letter, digit, point, comma, slash, colon or other
  dash before the first or after the second (COVID-19, A320-200, 1.5-2, 2024-10-07,
  010-6512-3456, 3-4/5 are left alone), and no web or e-mail address holds it;
- the second is larger than the first (3-2 is a score, 9704-2012 a standard's year), or the
  first is a year and the second its last two digits, later (2024-25);
- a second longer than the first follows a first of at most two digits (5-10, 95-100, but
  not 555-1234, a telephone number);
- no word before it makes it a reference in a numbered series (Figure 3-4, Table 1-2,
  Chapter 2-3 name figure 4 of chapter 3 in some styles).

The dash is set one for one, so a text keeps its length and every offset into it (line
breaks, joins, addresses) holds for the text set; the characters at the offsets kept (what
the inline markup reads as literal) are left as typed. The line breaker keeps a range
together whichever dash it has (diglot/linebreak.py)."""

from __future__ import annotations

import re
from collections.abc import Collection

from .linebreak import urls

EN_DASH = "\u2013"

_RANGE = re.compile(
    r"(?<![\w.,/:\-\u2010-\u2015\u2212])"  # nothing joined before the first number
    r"([1-9]\d{0,3})-([1-9]\d{0,3})"
    r"(?![\w\-\u2010-\u2015\u2212/:]|[.,]\d)"  # nor after the second
)
# A numbered series whose references join two numbers with a hyphen (figure 4 of chapter 3).
_SERIES = re.compile(
    r"(?:\b(?:figures?|figs?|tables?|tabs?|charts?|exhibits?|equations?|eqs?|chapters?|"
    r"schedules?|forms?|models?|nos?|numbers?|rooms?|tel|telephone|phone|fax)\.?\s*)$",
    re.IGNORECASE,
)


def _is_range(first: str, second: str) -> bool:
    low, high = int(first), int(second)
    if len(first) == 4 and len(second) == 2 and 1000 <= low <= 2999:
        return high > low % 100  # 2024-25
    if high <= low:
        return False
    return len(second) <= len(first) or len(first) <= 2


def range_dashes(text: str, keep: Collection[int] = ()) -> str:
    """text with the hyphen of each range of numbers set as an en dash; the characters at the
    offsets in keep and in web and e-mail addresses as they are."""
    if "-" not in text:
        return text
    out: list[str] | None = None
    addresses: list[tuple[int, int]] | None = None  # found at the first range
    for match in _RANGE.finditer(text):
        at = match.start(2) - 1
        if at in keep or not _is_range(match.group(1), match.group(2)):
            continue
        if _SERIES.search(text, max(0, match.start() - 16), match.start()):
            continue
        if addresses is None:
            addresses = urls(text)
        if any(start <= at < end for start, end in addresses):
            continue
        if out is None:
            out = list(text)
        out[at] = EN_DASH
    return text if out is None else "".join(out)
