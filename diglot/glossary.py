"""Loads content/glossary.yaml: the termbase (en, zh, note, forbidden variants) and protected tokens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Location, Reporter
from .schema import SchemaReader
from .source import read_source
from .yamltree import Node, parse_tree

GLOSSARY_KEYS = ("terms", "protected")
TERM_KEYS = ("en", "zh", "note", "forbidden")


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    note: str | None
    forbidden: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[Term, ...]
    protected: tuple[str, ...]


def load_glossary(path: str | Path, reporter: Reporter) -> Glossary | None:
    path = str(path)
    before = len(reporter.errors)
    source = read_source(path, reporter)
    root = parse_tree(path, source.text, reporter) if source else None
    if root is None:
        return None
    reader = _GlossaryReader(source, reporter)
    glossary = reader.glossary(root)
    reader.report_control_chars()
    return glossary if len(reporter.errors) == before else None


class _GlossaryReader(SchemaReader):
    def glossary(self, root: Node) -> Glossary | None:
        entries = self.mapping(root, "top level", GLOSSARY_KEYS, ("terms",), "the glossary")
        if entries is None:
            return None
        terms, seen = [], {}
        for i, node in enumerate(self.sequence(entries["terms"][1], "terms", "terms")
                                 if "terms" in entries else ()):
            term = self.term(node, f"terms[{i}]")
            if term is None:
                continue
            first = seen.get(term.en.casefold())
            if first is not None:
                self.error("glossary.duplicate-term", f"terms[{i}]: '{term.en}' is already "
                           f"defined (line {first.line})", term.location, related=(first,))
            seen.setdefault(term.en.casefold(), term.location)
            terms.append(term)
        protected = []
        if "protected" in entries:
            for i, node in enumerate(self.sequence(entries["protected"][1], "protected",
                                                   "protected tokens")):
                token = self.text(node, f"protected[{i}]", None)
                if token is not None:
                    protected.append(token)
        return Glossary(self.path, tuple(terms), tuple(protected))

    def term(self, node: Node, keypath: str) -> Term | None:
        entries = self.mapping(node, keypath, TERM_KEYS, ("en", "zh"), "a term")
        if entries is None:
            return None
        values = {name: self.text(entries[name][1], f"{keypath}.{name}", None)
                  for name in ("en", "zh", "note") if name in entries}
        forbidden = []
        if "forbidden" in entries:
            for i, item in enumerate(self.sequence(entries["forbidden"][1],
                                                   f"{keypath}.forbidden", "forbidden variants")):
                variant = self.text(item, f"{keypath}.forbidden[{i}]", None)
                if variant is not None:
                    forbidden.append(variant)
        if values.get("en") is None or values.get("zh") is None:
            return None
        return Term(values["en"], values["zh"], values.get("note"), tuple(forbidden),
                    node.location)
