"""Loads content/glossary.yaml: the termbase (en, zh, note, accepted and forbidden variants)
and the protected tokens, each with the Chinese forms official usage sanctions for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Location, Reporter
from .schema import SchemaReader
from .source import read_source
from .yamltree import Mapping, Node, parse_tree

GLOSSARY_KEYS = ("terms", "protected")
TERM_KEYS = ("en", "zh", "note", "variants", "forbidden")
PROTECTED_KEYS = ("token", "zh", "note")


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    note: str | None
    forbidden: tuple[str, ...]
    location: Location
    variants: tuple[str, ...] = ()  # other accepted renderings; a document keeps to one

    @property
    def renderings(self) -> tuple[str, ...]:
        """zh, then the accepted variants."""
        return (self.zh,) + self.variants


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[Term, ...]
    protected: tuple[str, ...]
    # token: the Chinese forms official usage sanctions in its place (世贸组织 for WTO)
    sanctioned: dict[str, tuple[str, ...]] = field(default_factory=dict)


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
        protected, sanctioned, listed = [], {}, {}
        if "protected" in entries:
            for i, node in enumerate(self.sequence(entries["protected"][1], "protected",
                                                   "protected tokens")):
                token, forms = self.protected(node, f"protected[{i}]")
                if token is None:
                    continue
                if token in listed:
                    self.error("glossary.duplicate-term", f"protected[{i}]: '{token}' is "
                               f"already listed (line {listed[token].line})", node.location,
                               related=(listed[token],))
                    continue
                listed[token] = node.location
                protected.append(token)
                if forms:
                    sanctioned[token] = forms
        return Glossary(self.path, tuple(terms), tuple(protected), sanctioned)

    def protected(self, node: Node, keypath: str) -> tuple[str | None, tuple[str, ...]]:
        """A protected token: plain text (OECD), or {token, zh: [sanctioned forms], note}."""
        if not isinstance(node, Mapping):
            return self.text(node, keypath, None), ()
        entries = self.mapping(node, keypath, PROTECTED_KEYS, ("token", "zh"),
                               "a protected token")
        token = self.text(entries["token"][1], f"{keypath}.token", None) \
            if "token" in entries else None
        if "note" in entries:
            self.text(entries["note"][1], f"{keypath}.note", None)
        forms = self.texts(entries, "zh", keypath, "sanctioned Chinese forms")
        return token, forms

    def texts(self, entries: dict, name: str, keypath: str, what: str) -> tuple[str, ...]:
        """The texts of the list under name (none if the key is absent)."""
        if name not in entries:
            return ()
        values = (self.text(item, f"{keypath}.{name}[{i}]", None)
                  for i, item in enumerate(self.sequence(entries[name][1],
                                                         f"{keypath}.{name}", what)))
        return tuple(value for value in values if value is not None)

    def term(self, node: Node, keypath: str) -> Term | None:
        entries = self.mapping(node, keypath, TERM_KEYS, ("en", "zh"), "a term")
        if entries is None:
            return None
        values = {name: self.text(entries[name][1], f"{keypath}.{name}", None)
                  for name in ("en", "zh", "note") if name in entries}
        forbidden = self.texts(entries, "forbidden", keypath, "forbidden variants")
        variants = self.texts(entries, "variants", keypath, "accepted variants")
        if values.get("en") is None or values.get("zh") is None:
            return None
        return Term(values["en"], values["zh"], values.get("note"), forbidden, node.location,
                    variants)
