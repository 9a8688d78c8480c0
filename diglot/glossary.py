"""Loads content/glossary.yaml: the termbase and the protected tokens. A term has a column
per language, keyed by the project's language tags (en, zh, zh-Hant), a note, accepted
variants and forbidden variants of its translation; a protected token may list, per target
language, the forms official usage sanctions in its place (WTO: 世贸组织)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Location, Reporter
from .languages import DEFAULT_SOURCE, DEFAULT_TARGETS
from .schema import SchemaReader
from .source import ControlChar, SourceText, nfc, read_source
from .yamltree import Mapping, Node, Scalar, Sequence, parse_tree

GLOSSARY_KEYS = ("terms", "protected")


@dataclass(frozen=True)
class Term:
    """One term as the checks of one language pair see it: its source and target texts."""

    source: str
    target: str
    note: str | None
    forbidden: tuple[str, ...]
    location: Location
    variants: tuple[str, ...] = ()  # other accepted renderings; a document keeps to one

    @property
    def renderings(self) -> tuple[str, ...]:
        """The target term, then the accepted variants."""
        return (self.target,) + self.variants


@dataclass(frozen=True)
class Glossary:
    """The termbase for one target language (terms without that language left out)."""

    path: str
    terms: tuple[Term, ...]
    protected: tuple[str, ...]
    # token: the target forms official usage sanctions in its place (世贸组织 for WTO)
    sanctioned: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Termbase:
    """The whole glossary file: a Glossary per target language."""

    path: str
    by_target: dict[str, Glossary]

    def for_target(self, tag: str) -> Glossary:
        return self.by_target[tag]


def load_glossary(
    path: str | Path,
    reporter: Reporter,
    source: str = DEFAULT_SOURCE,
    targets: tuple[str, ...] = DEFAULT_TARGETS,
    bidi_controls: bool = False,
    given: SourceText | None = None,
) -> Termbase | None:
    """The glossary, its columns keyed by the project's language tags. bidi_controls: a
    language's profile allows bidirectional control characters; given: its text, when it is
    not to be read from the file (an edit about to be written)."""
    path = str(path)
    before = len(reporter.errors)
    text = given if given is not None else read_source(path, reporter)
    if text is None:
        return None
    escaped: list[ControlChar] = []
    root = parse_tree(path, text.text, reporter, escaped)
    if root is None:
        _GlossaryReader(text, reporter).report_control_chars(escaped, bidi_controls)
        if len(reporter.errors) == before:  # only comments or blank lines
            reporter.error(
                "source.empty",
                "the glossary holds no terms, only comments or blank lines; write its "
                "terms: list, or delete the file",
                Location(path),
            )
        return None
    found: dict[str, Glossary] = {}
    complete = True
    for i, tag in enumerate(targets):  # the file's own problems are reported once
        reader = _GlossaryReader(text, reporter if i == 0 else Reporter())
        reader.all_targets = tuple(targets)
        glossary = reader.glossary(root, source, tag)
        if glossary is None:
            complete = False
        else:
            found[tag] = glossary
        if i == 0:
            reader.report_control_chars(escaped, bidi_controls)
    if len(reporter.errors) != before or not complete:
        return None
    return Termbase(path, found)


class _GlossaryReader(SchemaReader):
    all_targets: tuple[str, ...] = ()
    source_tag = target_tag = ""

    def text(self, node: Node, keypath: str, unit: str | None) -> str | None:
        """A text of the glossary, in Unicode's composed form (NFC): a term typed with a
        combining mark matches the same term typed composed, and is the same term."""
        value = super().text(node, keypath, unit)
        return nfc(value) if value is not None else None

    def glossary(self, root: Node, source: str, target: str) -> Glossary | None:
        """The glossary for one target language."""
        self.source_tag, self.target_tag = source, target
        entries = self.mapping(root, "top level", GLOSSARY_KEYS, ("terms",), "the glossary")
        if entries is None:
            return None
        terms: list[Term] = []
        seen: dict[str, Location] = {}  # casefolded source term: its first place
        for i, node in enumerate(
            self.sequence(entries["terms"][1], "terms", "terms") if "terms" in entries else ()
        ):
            term, location = self.term(node, f"terms[{i}]")
            if location is None or term is None:  # unusable, or no column for this target
                continue
            key = term.source.casefold()
            first = seen.get(key) if key else None
            if first is not None:
                self.error(
                    "glossary.duplicate-term",
                    f"terms[{i}]: '{term.source}' is already defined (line {first.line})",
                    location,
                    related=(first,),
                )
            if key:
                seen.setdefault(key, location)
            terms.append(term)
        protected: list[str] = []
        sanctioned: dict[str, tuple[str, ...]] = {}
        listed: dict[str, Location] = {}  # protected token: its place
        if "protected" in entries:
            for i, node in enumerate(
                self.sequence(entries["protected"][1], "protected", "protected tokens")
            ):
                token, forms = self.protected(node, f"protected[{i}]")
                if token is None:
                    continue
                if token in listed:
                    self.error(
                        "glossary.duplicate-term",
                        f"protected[{i}]: '{token}' is already listed (line {listed[token].line})",
                        node.location,
                        related=(listed[token],),
                    )
                    continue
                listed[token] = node.location
                protected.append(token)
                if forms:
                    sanctioned[token] = forms
        return Glossary(self.path, tuple(terms), tuple(protected), sanctioned)

    def protected(self, node: Node, keypath: str) -> tuple[str | None, tuple[str, ...]]:
        """A protected token: plain text (OECD), or {token, <target tag>: [sanctioned
        forms], note}."""
        if not isinstance(node, Mapping):
            return self.text(node, keypath, None), ()
        entries = self.mapping(
            node, keypath, ("token", "note", *self.target_keys), ("token",), "a protected token"
        )
        assert entries is not None  # node is a Mapping
        token = (
            self.text(entries["token"][1], f"{keypath}.token", None) if "token" in entries else None
        )
        if "note" in entries:
            self.text(entries["note"][1], f"{keypath}.note", None)
        forms = self.texts(entries, self.target_tag, keypath, "sanctioned forms")
        return token, forms

    def texts(self, entries: dict, name: str, keypath: str, what: str) -> tuple[str, ...]:
        """The texts of the list under name (none if the key is absent)."""
        if name not in entries:
            return ()
        values = (
            self.text(item, f"{keypath}.{name}[{i}]", None)
            for i, item in enumerate(self.sequence(entries[name][1], f"{keypath}.{name}", what))
        )
        return tuple(value for value in values if value is not None)

    @staticmethod
    def sequence_items(node: Node) -> list[Node]:
        return node.items if isinstance(node, Sequence) else []

    @property
    def target_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.target_tag, *self.all_targets)))

    def term(self, node: Node, keypath: str) -> tuple[Term | None, Location | None]:
        """The term for the current target (None if it has no such column), and its place
        (None if it is unusable)."""
        source, target = self.source_tag, self.target_tag
        keys = (source, *self.target_keys, "note", "variants", "forbidden")
        entries = self.mapping(node, keypath, keys, (source,), "a term")
        if entries is None:
            return None, None
        if not any(tag in entries for tag in self.target_keys):
            self.error(
                "content.missing-key",
                f"{keypath}: a term needs its translation under "
                f"a target language's tag ({', '.join(self.target_keys)})",
                node.location,
            )
        values = {
            name: self.text(entries[name][1], f"{keypath}.{name}", None)
            for name in (source, target, "note")
            if name in entries
        }
        forbidden = self.texts(entries, "forbidden", keypath, "forbidden variants")
        variants = self.texts(entries, "variants", keypath, "accepted variants")
        source_text, target_text = values.get(source), values.get(target)
        if "forbidden" in entries:  # every target column: the forbidden list is shared
            cells = {tag: entries[tag][1] for tag in self.target_keys if tag in entries}
            columns = {node.value: tag for tag, node in cells.items() if isinstance(node, Scalar)}
            accepted = {value for value in variants if value not in columns}
            for i, item in enumerate(self.sequence_items(entries["forbidden"][1])):
                if isinstance(item, Scalar) and (item.value in columns or item.value in accepted):
                    what = (
                        f"the term itself (its {columns[item.value]} column)"
                        if item.value in columns
                        else "one of its accepted variants"
                    )
                    self.error(
                        "glossary.forbidden-term",
                        f"{keypath}.forbidden[{i}]: '{item.value}' is {what}; a rendering "
                        "cannot be both correct and forbidden",
                        item.location,
                    )
        if source_text is None:
            return None, None
        if target_text is None:
            return None, node.location
        return Term(
            source_text, target_text, values.get("note"), forbidden, node.location, variants
        ), node.location
