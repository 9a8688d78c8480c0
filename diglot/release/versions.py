"""Versions and dates of a release: the forms a version may take and its canonical form, two
versions that are one (1, 1.0, 1.0.0), a --date and how far it may lie from the document's
own (the default date is its files' last commit's: release/inputs.py)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..dates import no_such_day
from .outcome import ReleaseError

# 1, 1.0, 1.0.2, 1.0-rc.1, 2.1b2: digits first; lower-case letters, digits, '.', '-' after
VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,2}(-?[a-z0-9]+([.-][a-z0-9]+)*)?")
VERSION_MAX = 40
_NUMBERS = re.compile(r"[0-9]+(?:\.[0-9]+)*")
FIRST_YEAR = 1000  # as for the dates of the content
DATE_BEFORE, DATE_AFTER = 1, 10  # years a --date may lie before and after the document's


def check_version(version: str) -> None:
    if len(version) > VERSION_MAX or not VERSION.fullmatch(version):
        raise ReleaseError(
            f"--version '{version}' is not a version: digits and dots first (1, 1.0, 1.0.2), "
            "then optionally lower-case letters, digits, '.' and '-' (1.0-rc.1), at most "
            f"{VERSION_MAX} characters"
        )
    canonical = canonical_version(version)
    if canonical != version:
        raise ReleaseError(
            f"--version '{version}' is not written the canonical way: its numbers have no "
            f"leading zeros; write --version {canonical}"
        )


def canonical_version(version: str) -> str:
    """The version with the leading zeros of its numbers dropped (01.00 -> 1.0)."""
    numbers = _NUMBERS.match(version)
    if numbers is None:
        return version
    return ".".join(str(int(n)) for n in numbers[0].split(".")) + version[numbers.end() :]


def version_key(version: str) -> tuple:
    """What makes two versions the same release: their numbers (trailing zeros aside: 1,
    1.0 and 1.0.0 are one version; 01.0 and 1.00 are 1.0) and what follows them."""
    numbers = _NUMBERS.match(version)
    if numbers is None:
        return (version,)
    parts = [int(n) for n in numbers[0].split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return (tuple(parts), version[numbers.end() :])


def same_release(folder: Path, version: str) -> Path | None:
    """A release folder already there for this version, however it is written."""
    if not folder.is_dir():
        return None
    wanted = version_key(version)
    for path in sorted(folder.iterdir()):
        if VERSION.fullmatch(path.name) and version_key(path.name) == wanted:
            return path
    return None


def check_date(date: str) -> None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
        raise ReleaseError(f"--date '{date}' is not a date of the form YYYY-MM-DD")
    if int(date[:4]) < FIRST_YEAR:
        raise ReleaseError(f"--date '{date}' is before the year {FIRST_YEAR}")
    missing = no_such_day(date)
    if missing is not None:  # of the form, but no day of the calendar
        raise ReleaseError(f"--date '{date}' is no date: {missing}")


def check_date_near(date: str, document_date: str | None, doc_id: str) -> None:
    """A release date within DATE_WINDOW years of the document's own date (its first day);
    far from it, a mistyped year is more likely than a release (--any-date allows it)."""
    if not document_date:
        return
    parts = [int(p) for p in document_date.split("-")]
    own = datetime.date(
        parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    )
    day = datetime.date.fromisoformat(date)
    years = (day - own).days / 365.25
    if not -DATE_BEFORE <= years <= DATE_AFTER:
        when = "before" if years < 0 else "after"
        raise ReleaseError(
            f"--date {date} is {abs(years):.0f} years {when} the date of {doc_id} "
            f"({document_date}); a release is dated at most {DATE_BEFORE} year before its "
            f"document and {DATE_AFTER} years after it: check the year, or pass --any-date "
            "if this is the date"
        )
