"""Located diagnostics: the one type for every problem diglot reports, and how it prints."""

from __future__ import annotations

import os
import re
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

ERROR = "error"
WARNING = "warning"

LIMIT_PER_FILE = 20
"""Findings of one code in one file that are shown; the rest are counted in one line."""
LIMIT_PER_FILE_QA = 200
"""The same for a translation check (qa.*), whose findings each name a unit to revise."""

# What a report never prints raw, whatever the content says: control characters (C0 but
# tab, DEL, C1), line and paragraph separators, bidirectional overrides and isolates,
# surrogates and noncharacters. Each is shown as an escape (\u000b) instead.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
    + "|["
    + "".join(f"\\U{plane:04X}FFFE-\\U{plane:04X}FFFF" for plane in range(1, 17))
    + "]"
)


def printable(text: str) -> str:
    """text with every character a report must not print raw written as an escape."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(
        lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) <= 0xFFFF else f"\\U{ord(m[0]):08x}", text
    )


LISTED = 10
"""Items a message lists; the rest are counted ("…and 1,234 more")."""
MESSAGE_MAX = 2000
"""Characters of a message; a longer one is cut, and says so."""
ECHOED_MAX = 120
"""Characters of a value a message repeats (an argument, a name); a longer one is cut."""


DETAIL_ROWS = 50
"""Rows of a message's detail (a diff) shown below it; the rest are counted."""


def cut(text: str, limit: int = MESSAGE_MAX) -> str:
    """text in at most limit characters: a longer one keeps its start and says how long it
    was. The one cut of every line diglot prints (a message, a row of its detail, a usage
    error): a line is something a person reads."""
    if len(text) <= limit:
        return text
    return text[: limit - 40] + f"… ({len(text):,} characters, cut)"


def echoed(value: str, limit: int = ECHOED_MAX) -> str:
    """A value a message repeats (an argument, a name given), printable and short: its start
    and its length when it is long."""
    value = printable(value)
    if len(value) <= limit:
        return value
    return value[:limit] + f"… ({len(value):,} characters)"


def some(items: list[str], shown: int = LISTED) -> str:
    """Items for a message: each once, with how often it comes when more than once (7 ×3),
    the first `shown` of them, then how many more there are: never a list without end."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    listed = [f"{item} ×{n:,}" if n > 1 else item for item, n in list(counts.items())[:shown]]
    more = len(counts) - shown
    return ", ".join(listed) + (f" and {more:,} more" if more > 0 else "")


def a(noun: str) -> str:
    """A noun after its indefinite article, as messages name a kind: "a clause", "an
    article", "an item"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


class Location(namedtuple("Location", "path line column within", defaults=(1, 1, ""))):
    """A place in a content file (path, line, column); line and column count from 1. (A
    named tuple: loading makes one for every YAML value, and tuples are cheap to build and
    to sort. collections' rather than typing's: importing typing costs more than a check.)
    A file that has no lines (a Word file) names the place instead, within: "row 3
    (place)", shown as FILE: row 3 (place); its line is the row's number, so that rows
    sort in order."""

    __slots__ = ()

    def __str__(self) -> str:
        if self.within:
            return f"{display_path(self.path)}: {printable(self.within)}"
        return f"{display_path(self.path)}:{self.line}:{self.column}"

    def as_dict(self) -> dict:
        if self.within:
            return {"path": display_path(self.path), "within": printable(self.within)}
        return {"path": display_path(self.path), "line": self.line, "column": self.column}


def display_path(path: str) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return printable(str(path) if rel.startswith("..") else rel)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a code such as ``parity.missing``, a severity, a message and where."""

    code: str
    severity: str
    message: str
    location: Location
    related: tuple[Location, ...] = ()
    unit: str | None = None
    detail: str | None = None  # further lines, such as a diff, shown indented below

    def __post_init__(self) -> None:  # whatever the content says, a report prints safely
        object.__setattr__(self, "message", cut(printable(self.message)))
        if self.unit is not None:
            object.__setattr__(self, "unit", printable(self.unit))
        if self.detail is not None:
            rows = self.detail.splitlines()
            shown = [cut(printable(row)) for row in rows[:DETAIL_ROWS]]
            if len(rows) > DETAIL_ROWS:
                shown.append(f"…and {len(rows) - DETAIL_ROWS:,} more lines")
            object.__setattr__(self, "detail", "\n".join(shown))

    def format(self) -> str:
        line = f"{self.location}: {self.severity}: {self.message} [{self.code}]"
        if self.detail:
            line += "".join(f"\n    {row}" for row in self.detail.splitlines())
        return line

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "unit": self.unit,
            "locations": [loc.as_dict() for loc in (self.location, *self.related)],
            **({"detail": self.detail} if self.detail else {}),
        }


@dataclass
class Reporter:
    """Collects every diagnostic of a run so that all problems are reported before exit.
    Of one code in one file it keeps the first 20 (200 of a translation check) and sums up
    the rest in one line, so that no file can flood the report."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    _counts: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    _summaries: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict, repr=False)

    def error(
        self,
        code: str,
        message: str,
        location: Location,
        *,
        related: tuple[Location, ...] = (),
        unit: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.report(ERROR, code, message, location, related, unit, detail)

    def warning(
        self,
        code: str,
        message: str,
        location: Location,
        *,
        related: tuple[Location, ...] = (),
        unit: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.report(WARNING, code, message, location, related, unit, detail)

    def report(
        self,
        severity: str,
        code: str,
        message: str,
        location: Location,
        related: tuple[Location, ...] = (),
        unit: str | None = None,
        detail: str | None = None,
    ) -> None:
        """One finding, shown in full while its file has room for its code, else counted."""
        if self.room(location.path, code):
            self.add(Diagnostic(code, severity, message, location, related, unit, detail))
        else:
            self.more(code, severity, location)

    def room(self, path: str, code: str) -> int:
        """How many more findings of this code in this file are shown in full."""
        limit = LIMIT_PER_FILE_QA if code.startswith("qa.") else LIMIT_PER_FILE
        return max(0, limit - self._counts.get((path, code), 0))

    def add(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.location.path, diagnostic.code)
        self._counts[key] = self._counts.get(key, 0) + 1
        self.diagnostics.append(diagnostic)

    def more(self, code: str, severity: str, location: Location, count: int = 1) -> None:
        """Count further findings of a code in a file without showing them: one line, at
        the first of them, says how many there are."""
        key = (location.path, code)
        index, before = self._summaries.get(key, (len(self.diagnostics), 0))
        if not before:
            self.diagnostics.append(Diagnostic(code, severity, "", location))
        self._summaries[key] = (index, before + count)
        first = self.diagnostics[index]
        self.diagnostics[index] = Diagnostic(
            code,
            first.severity,
            f"…and {before + count} more like this in this file",
            first.location,
        )

    def absorb(self, other: Reporter) -> None:
        """Report here what other reported, in its order, each under this reporter's limits
        (a line that summed up findings of other's adds its count to this one's)."""
        counted = {index: count for index, count in other._summaries.values()}
        for index, found in enumerate(other.diagnostics):
            if index in counted:
                self.more(found.code, found.severity, found.location, counted[index])
            elif self.room(found.location.path, found.code):
                self.add(found)
            else:
                self.more(found.code, found.severity, found.location)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file and line order; ties keep the order they were found in."""
        return sorted(self.diagnostics, key=lambda d: d.location)

    def to_text(self) -> str:
        return "".join(d.format() + "\n" for d in self.sorted())

    def to_json(self) -> str:
        import json

        return json.dumps([d.as_dict() for d in self.sorted()], ensure_ascii=False, indent=2) + "\n"


_FORGETTERS: list[Callable[[], None]] = []


def on_forget(clear: Callable[[], None]) -> None:
    """clear empties one store of what the process keeps (a Kept, the parsed YAML trees,
    the TOML tables); forget_kept calls it. For stores that live as long as the process
    (module-level): each registration is held for good."""
    _FORGETTERS.append(clear)


def forget_kept() -> None:
    """Drop everything the process has kept of what it read: the next reading of each text
    parses it again. Nothing depends on it for being right; it frees the memory (a process
    that read many projects, such as the test suite, keeps hundreds of thousands of small
    objects that each full garbage collection walks)."""
    for clear in _FORGETTERS:
        clear()


class Kept(Generic[K, V]):
    """What a reading made of a text it read without a problem, kept by the text (and what
    else the reading depends on) for the rest of the process: the settings, each language
    profile, each type and each content file are read by every command, and `serve` and
    the imports read them again after each change. At most `size` are kept, the oldest
    forgotten first. What is kept is shared: it is read-only (frozen dataclasses)."""

    def __init__(self, size: int = 256):
        self.size = size
        self._kept: OrderedDict[K, V] = OrderedDict()
        on_forget(self._kept.clear)

    def get(self, key: K) -> V | None:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def read(
        self,
        key: K,
        reading: Callable[[Reporter], V | None],
        reporter: Reporter,
        valid: Callable[[V], bool] | None = None,
    ) -> V | None:
        """The kept result for key (if valid says it still holds), else reading(reporter). A
        reading that reports nothing is kept; what one reports is passed on to the caller's
        reporter (Reporter.absorb), and the result is not kept."""
        found = self.get(key)
        if found is not None and (valid is None or valid(found)):
            return found
        scratch = Reporter()
        value = reading(scratch)
        if scratch.diagnostics:
            reporter.absorb(scratch)
        elif value is not None:
            self.put(key, value)
        return value

    def put(self, key: K, value: V) -> None:
        self._kept[key] = value
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
