"""Located diagnostics: the one type for every problem diglot reports, and how it prints."""

from __future__ import annotations

import os
from collections import namedtuple
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


class Location(namedtuple("Location", "path line column", defaults=(1, 1))):
    """A place in a content file (path, line, column); line and column count from 1. (A
    named tuple: loading makes one for every YAML value, and tuples are cheap to build and
    to sort. collections' rather than typing's: importing typing costs more than a check.)"""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"

    def as_dict(self) -> dict:
        return {"path": display_path(self.path), "line": self.line, "column": self.column}


def display_path(path: str) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


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
    """Collects every diagnostic of a run so that all problems are reported before exit."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

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
        self.diagnostics.append(Diagnostic(code, ERROR, message, location, related, unit, detail))

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
        self.diagnostics.append(Diagnostic(code, WARNING, message, location, related, unit, detail))

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
