"""What a writer is given and what it gives back: the release an edition is made for, the
context of every write, the error a writer raises, and the shape of a writer. The writer
modules import these from here; the package's registry (diglot/writers/__init__.py)
imports the writer modules, so that no module imports the package that imports it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..diagnostics import Diagnostic
from ..layout import Layout


@dataclass(frozen=True)
class Release:
    """A released edition: its version and the date of its release; a rehearsal of a release
    (marked on every page as no release); whether the project tracks its translations (its
    metadata says so when it does not)."""

    version: str  # "1.0"
    date: str  # ISO date of the release, YYYY-MM-DD
    rehearsal: bool = False
    tracked: bool = True


@dataclass(frozen=True)
class WriteContext:
    """What every writer may consult besides the layout."""

    templates_dir: Path
    # the Word language of Latin-script words in an East Asian edition (the project's first
    # Latin-script language's: Languages.latin_word_lang)
    latin_lang: str | None = None
    release: Release | None = None  # None: a draft (every `build`); set: a released edition
    # a draft's date: the date of the build's content (the latest commit of a content file,
    # else the newest content file's modification), ISO YYYY-MM-DD
    draft_date: str | None = None
    # a draft of a source edition whose translations do not exist yet: the Babel locales of
    # those languages (zh_Hans_CN), named in its draft line ("translation … pending")
    pending: tuple[str, ...] = ()
    # the severity of each typographic rule the project changed (diglot/typorules.py)
    severity: dict[str, str] = field(default_factory=dict, compare=False)


class WriteError(Exception):
    """A writer could not write its file, or wrote it with findings (data: the file, when
    the findings are for the reader of the edition rather than a reason not to write it:
    the typographic lint's); the diagnostics say why and where."""

    def __init__(self, diagnostics: Iterable[Diagnostic], data: bytes | None = None):
        self.diagnostics = tuple(diagnostics)
        self.data = data
        super().__init__("; ".join(d.format() for d in self.diagnostics))

    def __reduce__(self):  # sent back from a worker process whole
        return (WriteError, (self.diagnostics, self.data))


class Writer(Protocol):
    name: str  # as --format names it: html, pdf, docx, md
    suffix: str  # the file suffix: .html
    heavy: bool  # run in worker processes (slow, CPU-bound)

    def write(self, layout: Layout, context: WriteContext) -> bytes: ...

    # Optional: prepare(context) -> None, run once in the build's process before the
    # workers fork, for what every write shares (compiled templates).
