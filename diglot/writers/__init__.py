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

from ..layout import Layout
from .base import Release, WriteContext, WriteError, Writer

# what the package offers: the types of diglot/writers/base.py and the registry below
__all__ = [
    "BUILTIN",
    "Builtin",
    "Release",
    "WriteContext",
    "WriteError",
    "Writer",
    "load",
    "named",
    "names",
    "register",
    "registered",
    "unregister",
]

# The built-in writers in build order: module of this package, then name, suffix and
# heavy as its WRITER declares them (a test checks that they agree).
BUILTIN = (
    ("html", "html", ".html", False),
    ("pdf", "pdf", ".pdf", True),
    ("word", "docx", ".docx", False),
    ("markdown", "md", ".md", False),
)


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
