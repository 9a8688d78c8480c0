"""Dates as content and the command line give them: ISO 8601 (YYYY-MM-DD, YYYY-MM, YYYY)
from the year FIRST_YEAR on, the ISO form of one written another way, and why a date of the
right form is none (no such month or day)."""

from __future__ import annotations

import calendar
import datetime
import re

FIRST_YEAR = 1000
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> datetime.date | None:
    """An ISO date, year-month or year from 1000 on, as the date it starts on; None if it is
    not one."""
    match = DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return date if date.year >= FIRST_YEAR else None


_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def no_such_day(value: str) -> str | None:
    """Why a date written YYYY-MM-DD or YYYY-MM is none ("November 2025 has no 31st day (it
    has 30)"); None when it is one, or when it is not written so."""
    match = DATE.fullmatch(value)
    if not match or not match[2]:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    if year < FIRST_YEAR:  # the message for a date before it says so
        return None
    if not 1 <= month <= 12:
        return f"there is no month {match[2]} (the months are 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        last = {1: "st", 2: "nd", 3: "rd"}.get(day % 10 if day // 10 != 1 else 0, "th")
        name = f"{_MONTHS[month - 1]} {match[1]}"
        if day == 0:
            return f"there is no day 00: the days of {name} are 01 to {days}"
        return f"{name} has no {day}{last} day (it has {days})"
    return None


# A date written another way: 2025-3-14, 2025/3/14, 2025.3.14, 2025年3月14日, a time after it.
_LOOSE_DATE = re.compile(
    r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?|年(\d{1,2})月(?:(\d{1,2})日)?)"
    r"(?:[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[-+]\d{1,2}(?::?\d{2})?)?)?"
)

DATE_SHAPE = re.compile(r"\d{4}(?:[-/.年]\d[\d :./+年月日TtZz-]*)?")


def date_fix(value: str) -> str | None:
    """The ISO form (2025-03-14) of a date written another way, if it is a date."""
    match = _LOOSE_DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = match[1], match[2] or match[4], match[3] or match[5]
    fixed = "-".join([year, *(f"{int(part):02d}" for part in (month, day) if part)])
    return fixed if parse_date(fixed) is not None else None
