"""qa.date-style: a date in the text is written as its language writes dates, the way the
edition prints the document's own date (the profile's Babel locale): month first in US
English ("November 14, 2025"), day first in British English ("14 November 2025"), and
年月日 in Chinese (2025年11月14日), not 2025.11.14, 2025-11-14 or 2025/11/14.

A document's dates are the office's to choose; a date written the other way among them
reads as a slip to a careful reader (is 4 June the fourth of June, or April?) and is easily
missed by a translator, who writes the dates as the language writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from ..diagnostics import Location
from ..model import Unit
from ..script import HAN
from . import Check, Context, Example, Finding
from .semantic import sentence_location

if TYPE_CHECKING:
    from ..languages import Profile

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_DAY = r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_DAYS = rf"{_DAY}(?:\s?[–-]\s?{_DAY})?"  # 7-8 October 2024, October 7–8, 2024
_YEAR = r"(?:1[5-9]|2\d)\d\d"
_DAY_FIRST = re.compile(rf"(?<![\w,.])(?:the\s+)?{_DAYS}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+{_DAYS},?\s+{_YEAR}\b")
# a date of figures only in Chinese text: 2025.11.14, 2025-11-14, 2025/11/14 (qa.numbers reads
# it as the date it is)
NUMERIC_DATE = re.compile(
    r"(?<![0-9A-Za-z./-])(?:1[5-9]|2\d)\d\d([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
    r"(?![0-9A-Za-z./-])"
)


@cache
def _day_first(locale: str) -> bool | None:
    """Whether the locale writes its long dates day first (17 June 1948), month first (June
    17, 1948), or neither (None: 1948年6月17日); kept in the cache of derived data (Babel's
    dates cost a check more than the rest of its imports)."""
    import babel

    from .. import cache

    name = cache.key("date order 1", babel.__version__, locale)
    stored = cache.read(NAMESPACE, name)
    if stored in (b"day", b"month", b"none"):
        return {b"day": True, b"month": False, b"none": None}[stored]
    from babel.dates import format_date

    try:
        shown = format_date(date(1948, 6, 17), "long", locale=locale)
    except Exception:  # a locale Babel does not know: nothing to compare with
        return None
    day, month = shown.find("17"), shown.find("June")
    found = None if day < 0 or month < 0 else day < month
    cache.write(NAMESPACE, name, {True: b"day", False: b"month", None: b"none"}[found])
    return found


NAMESPACE = "date-order"


def check_date_style(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    """Each text by its own language, the source's too (a finding there is located in the
    source's file): a language with spaces by its locale's order of day and month, Chinese
    by 年月日."""
    sides = ((en, ctx.source_profile, True), (zh, ctx.target_profile, False))
    for unit, profile, is_source in sides:
        if profile is None:  # languages unknown: the Chinese target's dates only
            if not is_source:
                yield from _dates_in_figures(unit, False)
        elif profile.cjk:
            yield from _dates_in_figures(unit, is_source)
        else:
            yield from _day_and_month(unit, profile, ctx)
            yield from _figures_in_words(unit, profile)


def _day_and_month(unit: Unit, profile: Profile, ctx: Context) -> Iterator[Finding]:
    day_first = _day_first(profile.babel_locale)
    if day_first is None:
        return
    wrong = _MONTH_FIRST if day_first else _DAY_FIRST
    example = "17 June 1948" if day_first else "June 17, 1948"
    for field in unit.fields:
        for m in wrong.finditer(field.plain):
            written = " ".join(m[0].split())
            yield Finding(
                "qa.date-style",
                f"the {profile.name} writes the date '{written}' "
                f"{'month' if day_first else 'day'} first; {profile.name} writes dates "
                f"{'day' if day_first else 'month'} first ({example}), as the edition "
                "prints the document's date",
                field.name,
                location=_place(field.location, m[0], ctx),
            )


# 2025.5.1 or 2025/5/1 in a text with spaces, perhaps before its sentence's full stop
_FIGURES_DATE = re.compile(
    r"(?<![0-9A-Za-z./-])(?:1[5-9]|2\d)\d\d([./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
    r"(?![0-9A-Za-z/-]|\.\w)"
)


def _figures_in_words(unit: Unit, profile: Profile) -> Iterator[Finding]:
    """A date of figures with dots or slashes in a language with spaces (2025.5.1, as a
    translation from Chinese leaves it): the language writes it in words. An ISO date
    (2025-05-01) is left alone: tables and technical texts write it on purpose."""
    from babel.dates import format_date

    for field in unit.fields:
        for m in _FIGURES_DATE.finditer(field.plain):
            year, month, day = (int(x) for x in re.split(r"[./]", m[0]))
            try:
                shown = format_date(date(year, month, day), "long", locale=profile.babel_locale)
            except ValueError:
                continue
            yield Finding(
                "qa.date-style",
                f"the date '{m[0]}' is written in figures only; {profile.name} writes {shown}",
                field.name,
                location=field.location,
            )


def _dates_in_figures(unit: Unit, is_source: bool) -> Iterator[Finding]:
    for field in unit.fields:
        text = field.plain
        if not HAN.search(text):
            continue
        for m in NUMERIC_DATE.finditer(text):
            year, month, day = re.split(r"[./-]", m[0])
            yield Finding(
                "qa.date-style",
                f"the date '{m[0]}' is written in figures only; Chinese text writes "
                f"{int(year)}年{int(month)}月{int(day)}日",
                field.name,
                location=field.location if is_source else None,
            )


def _place(at: Location, written: str, ctx: Context) -> Location:
    found = sentence_location(at, written, ctx) if ctx.text_of is not None else None
    return found if found is not None else at


CHECK = Check(
    "qa.date-style",
    "warning",
    "Dates in the text are written as the language writes them",
    passes=Example("Adopted on November 14, 2025.", "于2025年11月14日通过。"),
    fails=Example("Adopted on 14 November 2025.", "于2025.11.14通过。"),
    pair=check_date_style,
)
