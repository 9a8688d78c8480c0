"""The writers: each output format is one module with a name, a file suffix and one write
method, registered here; `build` writes every edition with every registered writer.

A writer turns a layout (diglot/layout.py: one column per language, blocks by role, with
their numbers and labels) into the bytes of one file. It reports a problem it cannot write
past by raising WriteError with located diagnostics. A heavy writer (the PDF) runs in
worker processes; the others run in the build's own process.

Adding a format is one module that defines WRITER and one line in BUILTIN below; a test
or a plug-in may also call register() with a writer of its own. A built-in writer's module
is imported when it first writes (the PDF writer's WeasyPrint takes half a second to
import: a build imports it in its worker processes, while it checks the content).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..diagnostics import Diagnostic
from ..layout import Layout

# The built-in writers in build order: module of this package, then name, suffix and
# heavy as its WRITER declares them (a test checks that they agree).
BUILTIN = (
    ("html", "html", ".html", False),
    ("pdf", "pdf", ".pdf", True),
    ("word", "docx", ".docx", False),
    ("markdown", "md", ".md", False),
)


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
    latin_lang: str | None = None  # the Word language of Latin-script words (the source's)
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


_registry: dict[str, Writer] = {}
_loaded = False


def register(writer: Writer) -> Writer:
    """Add a writer (replacing one of the same name)."""
    _registry[writer.name] = writer
    return writer


def unregister(name: str) -> None:
    _registry.pop(name, None)


class Builtin:
    """A built-in writer whose module is imported on its first prepare() or write()."""

    def __init__(self, module: str, name: str, suffix: str, heavy: bool):
        self.module, self.name, self.suffix, self.heavy = module, name, suffix, heavy
        self._writer: Writer | None = None

    def load(self) -> Writer:
        if self._writer is None:
            self._writer = importlib.import_module(f".{self.module}", __name__).WRITER
        return self._writer

    def prepare(self, context: WriteContext) -> None:
        prepare = getattr(self.load(), "prepare", None)
        if prepare is not None:
            prepare(context)

    def write(self, layout: Layout, context: WriteContext) -> bytes:
        return self.load().write(layout, context)


def registered() -> list[Writer]:
    """Every registered writer: the built-in ones first, in BUILTIN order."""
    global _loaded
    if not _loaded:
        _loaded = True
        for module, name, suffix, heavy in BUILTIN:
            register(Builtin(module, name, suffix, heavy))
    return list(_registry.values())


def named(name: str) -> Writer:
    """The registered writer of this name."""
    registered()
    return _registry[name]


def load(names: Iterable[str]) -> None:
    """Import the modules of these writers now (a worker's warm-up)."""
    for name in names:
        writer = named(name)
        if isinstance(writer, Builtin):
            writer.load()


def names() -> list[str]:
    return [writer.name for writer in registered()]
