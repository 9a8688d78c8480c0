"""Document types: declarations of what a document holds, read from types/<name>.yaml.

A type declares its title-block fields, the lists at the top of the body, and its kinds of
unit: each kind has a role that the editions know how to show (section, paragraph, list,
item, person, table, row, header-row), its text fields, the lists of child units it may hold, and
optionally a numbering style and a label. The loader, parity, layout and editions read the
declaration; no code knows any one type. See README, "Document types".
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from .diagnostics import Kept, Location, Reporter, a
from .schema.typefile import CLOSINGS as CLOSINGS
from .schema.typefile import NAME as NAME_PATTERN
from .schema.typefile import RESERVED_KEYS as RESERVED_KEYS
from .schema.typefile import ROLES as ROLES
from .schema.typefile import SCOPES as SCOPES
from .schema.typefile import TITLE_KINDS as TITLE_KINDS
from .schema.typefile import TITLE_ROLES as TITLE_ROLES
from .schema.typefile import TYPE
from .schema.yamlcheck import YamlCheck
from .source import ControlChar, SourceText, read_source, report_control_chars
from .suggest import did_you_mean
from .yamltree import Mapping, Node, Scalar, Sequence, parse_tree

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "types"
TYPE_SUFFIX = ".yaml"
NAME = re.compile(NAME_PATTERN)


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the key in content
    slot: str  # what the role shows it as
    required: bool
    first_optional: bool = False  # required, except on the first of its list
    list: bool = False  # a list of texts (a table row's cells)


@dataclass(frozen=True)
class ChildList:
    key: str
    kinds: tuple[str, ...]  # the first is the default when a unit does not say its kind
    required: bool
    alternat: bool = False  # its order may differ between the languages (each party first)
    new_page: bool = False  # its first unit starts a page in print


@dataclass(frozen=True)
class Numbering:
    style: str  # a style every language profile writes ([numbering] in languages/*.toml)
    scope: str  # "document": counted through the document; "parent": restarts in each parent
    # a section's number runs into its first paragraph when it has no heading (第一条　为了……,
    # "Article 1 These Measures…", as laws and regulations set their articles)
    run_in: bool = False


@dataclass(frozen=True)
class Kind:
    name: str
    role: str
    has_id: bool
    fields: tuple[FieldSpec, ...]
    children: tuple[ChildList, ...]
    numbering: Numbering | None
    label: tuple[str, str] | None  # gettext msgids, singular and plural, shown before children
    location: Location
    centred: bool = False  # a section's heading centred (a law's chapters: 第一章　总则)

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Every key a unit of this kind may have (read for each unit of the kind)."""
        return (*(f.name for f in self.fields), *(c.key for c in self.children))


# The kinds each field of the title block may be for the editions to show it: a text unit
# (each language's own words), a code (the same text in every language), a date, a list.
SHOWN_KINDS = {
    "reference": ("text", "code"),
    "date": ("date",),
    "organisers": ("list", "text"),
}


@dataclass(frozen=True)
class TitleField:
    name: str
    role: str
    kind: str  # text (a unit with id and text), list (of such units), date, code (same text in
    #            every language)
    required: bool
    per_language: bool  # a date or code that may differ between the languages
    show: bool


@dataclass(frozen=True)
class Contents:
    """When the editions have contents: the document has at least min_headings top-level
    headings and runs to at least min_pages pages (estimated from its text)."""

    min_headings: int = 1
    min_pages: int = 0


@dataclass(frozen=True)
class DocumentType:
    name: str
    description: str
    path: str
    title: tuple[TitleField, ...]
    body: tuple[ChildList, ...]
    kinds: dict[str, Kind]
    closing: str | None
    # the status of the source's and the targets' texts (original, translation,
    # unofficial-translation, equally-authentic), shown in every edition; None: no line
    language_status: tuple[str, str] | None = None
    cover: bool = True  # a title page of its own
    contents: Contents | None = Contents()  # None: never

    def child_list(self, key: str) -> ChildList | None:
        """A list of the body or of any kind, by its key."""
        for found in (*self.body, *(c for k in self.kinds.values() for c in k.children)):
            if found.key == key:
                return found
        return None

    def title_field(self, name: str) -> TitleField | None:
        return next((f for f in self.title if f.name == name), None)

    @property
    def numbering_styles(self) -> set[str]:
        return {k.numbering.style for k in self.kinds.values() if k.numbering}

    @property
    def labels(self) -> list[tuple[str, str]]:
        return [k.label for k in self.kinds.values() if k.label]


def type_files(project_root: Path | None) -> dict[str, Path]:
    """Every type file by name: diglot's own, then the project's (which may replace them)."""
    files: dict[str, Path] = {}
    for folder in [BUILTIN_DIR] + ([project_root / "types"] if project_root else []):
        if folder.is_dir():
            for path in sorted(folder.glob(f"*{TYPE_SUFFIX}")):
                files[path.stem] = path
    return files


class TypeRegistry:
    """The types a project can use, each read and validated once, on first use."""

    def __init__(self, project_root: Path | None, styles: set[str] | None, reporter: Reporter):
        self.files = type_files(project_root)
        self.styles = styles
        self.reporter = reporter
        self._read: dict[str, DocumentType | None] = {}

    def get(self, name: str) -> DocumentType | None:
        if name not in self._read:
            path = self.files.get(name)
            self._read[name] = read_type(path, self.styles, self.reporter) if path else None
        return self._read[name]


def read_type(path: Path, styles: set[str] | None, reporter: Reporter) -> DocumentType | None:
    """One type file, every mistake reported with its place; None if it has any. A type
    file read before in this process gives the same DocumentType (so that a content file's
    reading, kept by load.py, is known to be of the type the project has now)."""
    # a type file is read only from inside its folder's project (or diglot's own folder)
    source = read_source(str(path), reporter, within=os.path.dirname(os.path.dirname(path)))
    if source is None:
        return None
    key = (str(path), source.text, frozenset(styles) if styles is not None else None)
    return _TYPES.read(key, lambda into: _document_type(path, source, styles, into), reporter)


_TYPES: Kept[tuple[str, str, frozenset[str] | None], DocumentType] = Kept()


def _document_type(
    path: Path, source: SourceText, styles: set[str] | None, reporter: Reporter
) -> DocumentType | None:
    before = len(reporter.errors)
    escaped: list[ControlChar] = []
    root = parse_tree(source.path, source.text, reporter, escaped)
    report_control_chars(source, escaped, reporter)
    if root is None:
        return None
    doc_type = _TypeReader(str(path), reporter, styles).document_type(root, path.stem)
    return doc_type if len(reporter.errors) == before else None


class _TypeReader:
    """Builds the DocumentType from a type file's tree once its shape has been checked against
    its description (schema/typefile.py), reporting what one part says of another."""

    def __init__(self, path: str, reporter: Reporter, styles: set[str] | None):
        self.path, self.reporter, self.styles = path, reporter, styles
        self.shape = YamlCheck(reporter, "type", "the type")
        self.names: list[Scalar] = []  # every kind named in a list

    def error(self, message: str, node: Node, code: str = "type.invalid") -> None:
        self.reporter.error(code, message, node.location)

    def text(self, entries: dict[str, tuple[Scalar, Node]], key: str) -> str | None:
        value = entries[key][1] if key in entries else None
        return value.value if isinstance(value, Scalar) else None

    def flag(self, entries: dict[str, tuple[Scalar, Node]], key: str, default: bool) -> bool:
        value = entries[key][1] if key in entries else None
        return value.value == "true" if isinstance(value, Scalar) else default

    # -- the type ---------------------------------------------------------------------------

    def document_type(self, root: Node, file_name: str) -> DocumentType | None:
        given = {key.value for key, _ in root.items} if isinstance(root, Mapping) else set()
        if isinstance(root, Mapping) and not {"body", "kinds"} <= given:
            self.shape.table(TYPE, root, self.shape.root, deep=False)
            return None  # the rest would only say what follows from what is missing
        if not self.shape.check(TYPE, root):
            return None
        assert isinstance(root, Mapping)  # checked
        entries = self.shape.entries(root)
        name = self.text(entries, "name")
        if name is not None and name != file_name:
            self.error(
                f"name '{name}' differs from the file name '{file_name}{TYPE_SUFFIX}'",
                entries["name"][1],
            )
        title = self.title_block(self.shape.entries(entries.get("title-block", (None, None))[1]))
        kinds_node = next((value for key, value in root.items if key.value == "kinds"), None)
        kind_nodes = (
            {key.value: (key, value) for key, value in kinds_node.items}
            if isinstance(kinds_node, Mapping)
            else {}
        )
        kinds = {}
        for kind_name_, (kind_key, node) in self.shape.entries(kinds_node).items():
            kind = self.kind(kind_name_, node, kind_key.location)
            if kind is not None:
                kinds[kind_name_] = kind
        body = self.child_lists(self.shape.entries(entries.get("body", (None, None))[1]))
        closing = self.text(entries, "closing")
        self.check_references(body, kinds, kind_nodes)
        return DocumentType(
            file_name,
            self.text(entries, "description") or "",
            self.path,
            tuple(title),
            body,
            kinds,
            closing,
            self.language_status(entries),
            self.flag(entries, "cover", True),
            self.contents(entries),
        )

    def language_status(self, entries: dict[str, tuple[Scalar, Node]]) -> tuple[str, str] | None:
        if "language-status" not in entries:
            return None
        node = entries["language-status"][1]
        if isinstance(node, Scalar):
            return (node.value, node.value)
        given = self.shape.entries(node)
        source, targets = self.text(given, "source"), self.text(given, "targets")
        if source is None or targets is None:
            return None  # reported
        if (source == "equally-authentic") != (targets == "equally-authentic"):
            self.error(
                "language-status: equally-authentic is every language's status or none's",
                node,
            )
        elif source == targets == "original":
            self.error("language-status: only one language's text is the original", node)
        return (source, targets)

    def contents(self, entries: dict[str, tuple[Scalar, Node]]) -> Contents | None:
        if "contents" not in entries:
            return Contents()
        node = entries["contents"][1]
        if isinstance(node, Scalar):
            return Contents() if node.value == "true" else None
        given = self.shape.entries(node)

        def number(key: str, default: int) -> int:
            value = given[key][1] if key in given else None
            return int(value.value) if isinstance(value, Scalar) else default

        return Contents(number("min-headings", 1), number("min-pages", 0))

    def title_block(self, fields: dict[str, tuple[Scalar, Node]]) -> list[TitleField]:
        found = []
        for name, (key, value) in fields.items():
            kind = "date" if name == "date" else "text"
            options = self.shape.entries(value)
            if isinstance(value, Scalar):
                required = value.value == "required"
            else:
                required = self.flag(options, "required", False)
                kind = self.text(options, "kind") or kind
            per_language = self.flag(options, "per-language", False)
            if self.flag(options, "list", False):
                kind = "list"
            if per_language and kind not in ("date", "code"):
                self.error(
                    f"title-block.{name}: per-language is for a date or code (texts "
                    "are per language anyway)",
                    key,
                )
            show = self.flag(options, "show", True)
            shown = SHOWN_KINDS.get(name, ("text",))
            if show and kind not in shown:
                self.error(
                    f"title-block.{name}: kind {kind} is not one the editions show "
                    f"{'it' if name == 'date' else 'as'} ({' or '.join(shown)}); write "
                    f"kind: {shown[0]}, or show: false to keep it as metadata",
                    key,
                )
            found.append(TitleField(name, name, kind, required, per_language, show))
        return found

    def child_lists(self, lists: dict[str, tuple[Scalar, Node]]) -> tuple[ChildList, ...]:
        found = []
        for key, (_, value) in lists.items():
            options = self.shape.entries(value)
            required = self.flag(options, "required", True)
            names_node = options["kinds"][1] if "kinds" in options else value
            if isinstance(value, Mapping) and "kinds" not in options:
                continue
            names = [n for n in getattr(names_node, "items", ()) if self.shape.ok(n)]
            names = [n for n in names if isinstance(n, Scalar)]
            self.names += names
            if names:
                found.append(
                    ChildList(
                        key,
                        tuple(n.value for n in names),
                        required,
                        self.flag(options, "alternat", False),
                        self.flag(options, "new-page", False),
                    )
                )
        return tuple(found)

    def kind(self, name: str, node: Node, location: Location) -> Kind | None:
        entries = self.shape.entries(node)
        role = self.text(entries, "role")
        if role is None:
            return None  # missing or refused: reported
        has_id = self.flag(entries, "id", True)
        fields = self.fields(self.shape.named(entries.get("fields", (None, None))[1]), name, role)
        children = self.child_lists(self.shape.entries(entries.get("children", (None, None))[1]))
        for child in children:
            if child.key in {f.name for f in fields}:
                self.error(
                    f"kinds.{name}: '{child.key}' is both a field and a list of units",
                    entries["children"][1],
                )
        if not has_id and (fields or not children):
            self.error(
                f"kinds.{name}: a kind without id holds no text, only child units", entries["id"][1]
            )
        if role == "list" and not children:
            self.error(f"kinds.{name}: a list needs children", node, "type.missing-key")
        numbering = (
            self.numbering(entries["numbering"][1], name) if "numbering" in entries else None
        )
        if numbering is not None and numbering.run_in and role != "section":
            run_in = self.shape.entries(entries["numbering"][1]).get("run-in")
            self.error(
                f"kinds.{name}.numbering: run-in is for a section's number (it runs into "
                f"the section's first paragraph); {a(role)}'s number is part of its text",
                run_in[1] if run_in else entries["numbering"][1],
            )
            numbering = replace(numbering, run_in=False)
        label = None
        if "label" in entries:
            label_node = entries["label"][1]
            if isinstance(label_node, Scalar):
                label = (label_node.value, label_node.value)
            elif isinstance(label_node, Sequence) and all(
                isinstance(i, Scalar) and self.shape.ok(i) for i in label_node.items
            ):
                singular, plural = (i.value for i in label_node.items if isinstance(i, Scalar))
                label = (singular, plural)
        centred = self.flag(entries, "centred", False)
        if centred and role != "section":
            self.error(
                f"kinds.{name}.centred: only a section's heading is centred; {a(role)} has none",
                entries["centred"][1],
            )
            centred = False
        return Kind(
            name, role, has_id, tuple(fields), children, numbering, label, location, centred
        )

    def fields(
        self, specs: dict[str, tuple[Scalar, Node]], kind: str, role: str
    ) -> list[FieldSpec]:
        slots = ROLES.get(role, ())
        fields = []
        for name, (key, value) in specs.items():
            where = f"kinds.{kind}.fields.{name}"
            options = self.shape.entries(value)
            required, first_optional, slot, is_list = True, False, name, False
            if isinstance(value, Scalar):
                required = value.value != "optional"
                first_optional = value.value == "first-optional"
            elif self.shape.ok(value):
                required = self.flag(options, "required", "list" in options)
                slot = self.text(options, "slot") or name
                is_list = self.flag(options, "list", False)
            if slot not in slots:
                self.error(
                    f"{where}: {a(role)} shows {', '.join(slots) or 'no text'}; "
                    f"'{slot}' is not one of them (give the field a slot:)",
                    key,
                    "type.unknown-slot",
                )
                continue
            if (slot == "cells") != is_list and self.shape.ok(value):
                self.error(
                    f"{where}: {'cells are' if slot == 'cells' else 'only cells are'} "
                    "a list of texts (list: true)",
                    key,
                )
            fields.append(FieldSpec(name, slot, required, first_optional, is_list))
        return fields

    def numbering(self, node: Node, kind: str) -> Numbering | None:
        options = self.shape.entries(node)
        if isinstance(node, Scalar):
            style: str | None = node.value
        else:
            style = self.text(options, "style")
        scope = self.text(options, "scope") or "parent"
        if style is None:
            return None
        if self.styles is not None and style not in self.styles:
            self.error(
                f"kinds.{kind}.numbering: no numbering style '{style}' in the language "
                f"profiles{did_you_mean(style, sorted(self.styles))} (styles: "
                f"{', '.join(sorted(self.styles))})",
                node,
                "type.unknown-numbering",
            )
            return None
        return Numbering(style, scope, self.flag(options, "run-in", False))

    def check_references(
        self, body: tuple[ChildList, ...], kinds: dict[str, Kind], kind_nodes: dict
    ) -> None:
        """Every kind named exists; no kind contains itself; every kind is reachable."""
        for name_node in self.names:
            if name_node.value not in kinds and name_node.value not in kind_nodes:
                self.error(
                    f"unknown kind '{name_node.value}'"
                    f"{did_you_mean(name_node.value, kind_nodes)} (kinds: "
                    f"{', '.join(kind_nodes)})",
                    name_node,
                    "type.unknown-kind",
                )
        for kind in kinds.values():
            if kind.role == "list":
                for child in kind.children:
                    for name in child.kinds:
                        if name in kinds and kinds[name].role != "item":
                            self.reporter.error(
                                "type.invalid",
                                f"kinds.{kind.name}: a list "
                                f"holds items; '{name}' is a {kinds[name].role}",
                                kind.location,
                            )
        # cycles: a kind that can contain itself, directly or through others
        state: dict[str, int] = {}

        def visit(name: str, path: list[str]) -> None:
            if state.get(name) == 2 or name not in kinds:
                return
            if state.get(name) == 1:
                cycle = path[path.index(name) :] + [name]
                self.reporter.error(
                    "type.cycle",
                    "kinds contain each other in a cycle: "
                    f"{' > '.join(cycle)}; nest each level as its own kind",
                    kinds[name].location,
                )
                return
            state[name] = 1
            for child in kinds[name].children:
                for other in child.kinds:
                    visit(other, path + [name])
            state[name] = 2

        for child in body:
            for name in child.kinds:
                visit(name, [])
        for name, kind in kinds.items():
            if name not in state:
                self.reporter.warning(
                    "type.unused-kind",
                    f"kind '{name}' is not reachable from the body",
                    kind.location,
                )
                visit(name, [])


def extract_labels(fileobj, keywords, comment_tags, options):
    """pybabel's extractor for type files (babel.cfg): each kind's label as a message, so
    that label catalogs list the labels of every type."""
    from .diagnostics import Reporter as _Reporter

    text = fileobj.read().decode("utf-8-sig")
    root = parse_tree(getattr(fileobj, "name", "type.yaml"), text, _Reporter())
    kinds = (
        dict((k.value, v) for k, v in root.items).get("kinds")
        if isinstance(root, Mapping)
        else None
    )
    for _, kind in kinds.items if isinstance(kinds, Mapping) else ():
        entries = dict((k.value, v) for k, v in kind.items) if isinstance(kind, Mapping) else {}
        label = entries.get("label")
        if isinstance(label, Scalar):
            yield label.location.line, "gettext", label.value, []
        elif isinstance(label, Sequence) and len(label.items) == 2:
            yield (
                label.location.line,
                "ngettext",
                tuple(item.value for item in label.items if isinstance(item, Scalar)),
                [],
            )
