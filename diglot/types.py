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
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Location, Reporter
from .source import ControlChar, read_source, report_control_chars
from .suggest import did_you_mean
from .yamltree import Mapping, Node, Scalar, Sequence, kind_name, parse_tree

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "types"
TYPE_SUFFIX = ".yaml"
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

# What each role shows: its text slots (a kind's fields fill them), and whether it may hold
# child units.
ROLES: dict[str, tuple[str, ...]] = {
    "section": ("heading",),
    "paragraph": ("text",),
    "list": (),
    "item": ("text",),
    "person": ("name", "roles", "mark"),
    "table": ("caption",),
    "row": ("cells",),
    "header-row": ("cells",),  # a table's heading row, repeated on every page
}
TITLE_ROLES = ("series", "title", "subtitle", "reference", "date", "place", "organisers")
TITLE_KINDS = ("text", "list", "date", "code")
SCOPES = ("document", "parent")
CLOSINGS = ("date-place",)
RESERVED_KEYS = ("id", "kind", "review", "source-hash", "waive")
_TOP_KEYS = ("name", "description", "title-block", "body", "closing", "kinds")
_KIND_KEYS = ("role", "id", "fields", "children", "numbering", "label", "description")


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


@dataclass(frozen=True)
class Numbering:
    style: str  # a style every language profile writes ([numbering] in languages/*.toml)
    scope: str  # "document": counted through the document; "parent": restarts in each parent


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

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return (*(f.name for f in self.fields), *(c.key for c in self.children))


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
class DocumentType:
    name: str
    description: str
    path: str
    title: tuple[TitleField, ...]
    body: tuple[ChildList, ...]
    kinds: dict[str, Kind]
    closing: str | None

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
    """One type file, every mistake reported with its place; None if it has any."""
    before = len(reporter.errors)
    # a type file is read only from inside its folder's project (or diglot's own folder)
    source = read_source(str(path), reporter, within=os.path.dirname(os.path.dirname(path)))
    escaped: list[ControlChar] = []
    root = parse_tree(source.path, source.text, reporter, escaped) if source else None
    if source is not None:
        report_control_chars(source, escaped, reporter)
    if root is None:
        return None
    doc_type = _TypeReader(str(path), reporter, styles).document_type(root, path.stem)
    return doc_type if len(reporter.errors) == before else None


class _TypeReader:
    def __init__(self, path: str, reporter: Reporter, styles: set[str] | None):
        self.path, self.reporter, self.styles = path, reporter, styles

    def error(self, message: str, node: Node, code: str = "type.invalid") -> None:
        self.reporter.error(code, message, node.location)

    def mapping(
        self, node: Node, what: str, allowed: tuple[str, ...] | None
    ) -> dict[str, tuple[Scalar, Node]]:
        if not isinstance(node, Mapping):
            self.error(f"{what} must be a mapping; found {kind_name(node)}", node)
            return {}
        entries = {key.value: (key, value) for key, value in node.items}
        for key, _ in node.items:
            if allowed is not None and key.value not in allowed:
                self.error(
                    f"{what}: unknown key '{key.value}'"
                    f"{did_you_mean(key.value, allowed)} (allowed: "
                    f"{', '.join(allowed)})",
                    key,
                    "type.unknown-key",
                )
        return entries

    def text(self, node: Node, what: str) -> str | None:
        if isinstance(node, Scalar) and node.value:
            return node.value
        self.error(f"{what} must be a text; found {kind_name(node)}", node)
        return None

    def flag(self, node: Node, what: str) -> bool:
        if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
            return node.value == "true"
        self.error(f"{what} must be true or false", node)
        return False

    def name_list(self, node: Node, what: str) -> list[Scalar]:
        if not isinstance(node, Sequence) or not node.items:
            self.error(f"{what} must be a non-empty list of kind names, e.g. [paragraph]", node)
            return []
        names = []
        for item in node.items:
            if isinstance(item, Scalar) and NAME.fullmatch(item.value):
                names.append(item)
            else:
                self.error(
                    f"{what}: '{getattr(item, 'value', kind_name(item))}' is not a kind name", item
                )
        return names

    # -- the type ---------------------------------------------------------------------------

    def document_type(self, root: Node, file_name: str) -> DocumentType | None:
        entries = self.mapping(root, "the type", _TOP_KEYS)
        if not entries:
            return None
        for key in ("name", "title-block", "body", "kinds"):
            if key not in entries:
                self.error(f"the type needs the key '{key}'", root, "type.missing-key")
        if len(self.reporter.errors) and any(k not in entries for k in ("body", "kinds")):
            return None
        name = self.text(entries["name"][1], "name") if "name" in entries else file_name
        if name is not None and name != file_name:
            self.error(
                f"name '{name}' differs from the file name '{file_name}{TYPE_SUFFIX}'",
                entries["name"][1],
            )
        description = (
            self.text(entries["description"][1], "description") if "description" in entries else ""
        )
        title = self.title_block(entries["title-block"][1]) if "title-block" in entries else ()
        kind_nodes = self.mapping(entries["kinds"][1], "kinds", None)
        kinds = {}
        for kind_name_, (kind_key, node) in kind_nodes.items():
            if not NAME.fullmatch(kind_name_) or kind_name_ in RESERVED_KEYS:
                self.error(
                    f"'{kind_name_}' cannot name a kind: use lower-case words joined by '-'",
                    kind_key,
                )
                continue
            kind = self.kind(kind_name_, node, kind_key.location)
            if kind is not None:
                kinds[kind_name_] = kind
        body = self.child_lists(entries["body"][1], "body")
        closing = None
        if "closing" in entries:
            closing = self.text(entries["closing"][1], "closing")
            if closing is not None and closing not in CLOSINGS:
                self.error(
                    f"closing '{closing}' is not one of: {', '.join(CLOSINGS)}",
                    entries["closing"][1],
                )
        self.check_references(body, kinds, kind_nodes, entries["body"][1])
        return DocumentType(
            file_name, description or "", self.path, tuple(title), body, kinds, closing
        )

    def title_block(self, node: Node) -> list[TitleField]:
        fields = []
        for name, (key, value) in self.mapping(node, "title-block", None).items():
            kind = "date" if name == "date" else "text"
            spec = {"required": False, "per-language": False, "show": True, "list": False}
            if isinstance(value, Scalar):
                if value.value not in ("required", "optional"):
                    self.error(
                        f"title-block.{name}: write required, optional, or a mapping "
                        "with required, kind, per-language, show",
                        value,
                    )
                spec["required"] = value.value == "required"
            else:
                for option, (_, option_node) in self.mapping(
                    value,
                    f"title-block.{name}",
                    ("required", "kind", "per-language", "show", "list"),
                ).items():
                    if option == "kind":
                        # not a text: reported by text(), and "" is no kind (reported below)
                        kind = self.text(option_node, f"title-block.{name}.kind") or ""
                        if kind not in TITLE_KINDS:
                            self.error(
                                f"title-block.{name}.kind must be one of {', '.join(TITLE_KINDS)}",
                                option_node,
                            )
                    else:
                        spec[option] = self.flag(option_node, f"title-block.{name}.{option}")
            if spec["list"]:
                kind = "list"
            role = name if name in TITLE_ROLES else None
            if role is None:
                self.error(
                    f"title-block.{name}: unknown title-block field; known: "
                    f"{', '.join(TITLE_ROLES)}",
                    key,
                )
                continue
            if spec["per-language"] and kind not in ("date", "code"):
                self.error(
                    f"title-block.{name}: per-language is for a date or code (texts "
                    "are per language anyway)",
                    key,
                )
            fields.append(
                TitleField(name, role, kind, spec["required"], spec["per-language"], spec["show"])
            )
        return fields

    def child_lists(self, node: Node, what: str) -> tuple[ChildList, ...]:
        lists = []
        for key, (key_node, value) in self.mapping(node, what, None).items():
            if key in RESERVED_KEYS or not NAME.fullmatch(key):
                self.error(f"{what}: '{key}' cannot name a list of units", key_node)
                continue
            required = True
            if isinstance(value, Mapping):
                options = self.mapping(value, f"{what}.{key}", ("kinds", "required"))
                if "required" in options:
                    required = self.flag(options["required"][1], f"{what}.{key}.required")
                if "kinds" not in options:
                    self.error(f"{what}.{key} needs kinds: [...]", value, "type.missing-key")
                    continue
                value = options["kinds"][1]
            names = self.name_list(value, f"{what}.{key}")
            if names:
                lists.append((ChildList(key, tuple(n.value for n in names), required), names))
        self._names = getattr(self, "_names", []) + [n for _, ns in lists for n in ns]
        return tuple(child for child, _ in lists)

    def kind(self, name: str, node: Node, location: Location) -> Kind | None:
        entries = self.mapping(node, f"kinds.{name}", _KIND_KEYS)
        if "role" not in entries:
            self.error(
                f"kinds.{name} needs a role: one of {', '.join(ROLES)}", node, "type.missing-key"
            )
            return None
        role = self.text(entries["role"][1], f"kinds.{name}.role")
        if role not in ROLES:
            self.error(
                f"kinds.{name}.role: unknown role '{role}'"
                f"{did_you_mean(role or '', ROLES)} (roles: "
                f"{', '.join(ROLES)})",
                entries["role"][1],
                "type.unknown-role",
            )
            return None
        has_id = self.flag(entries["id"][1], f"kinds.{name}.id") if "id" in entries else True
        fields = self.fields(entries.get("fields", (None, None))[1], name, role)
        children = (
            self.child_lists(entries["children"][1], f"kinds.{name}.children")
            if "children" in entries
            else ()
        )
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
        label = None
        if "label" in entries:
            label_node = entries["label"][1]
            if isinstance(label_node, Scalar) and label_node.value:
                label = (label_node.value, label_node.value)
            elif (
                isinstance(label_node, Sequence)
                and len(label_node.items) == 2
                and all(isinstance(i, Scalar) and i.value for i in label_node.items)
            ):
                singular, plural = label_node.items
                assert isinstance(singular, Scalar) and isinstance(plural, Scalar)  # checked
                label = (singular.value, plural.value)
            else:
                self.error(f"kinds.{name}.label: a label text, or [singular, plural]", label_node)
        return Kind(name, role or "", has_id, tuple(fields), children, numbering, label, location)

    def fields(self, node: Node | None, kind: str, role: str) -> list[FieldSpec]:
        if node is None:
            return []
        slots = ROLES.get(role, ())
        fields = []
        for name, (key, value) in self.mapping(node, f"kinds.{kind}.fields", None).items():
            where = f"kinds.{kind}.fields.{name}"
            if name in RESERVED_KEYS or not NAME.fullmatch(name):
                self.error(f"{where}: '{name}' cannot name a field", key)
                continue
            required, first_optional, slot, is_list = True, False, name, False
            if isinstance(value, Scalar):
                if value.value not in ("required", "optional", "first-optional"):
                    self.error(
                        f"{where}: write required, optional or first-optional, or a "
                        "mapping with required, slot, list",
                        value,
                    )
                required = value.value != "optional"
                first_optional = value.value == "first-optional"
            else:
                options = self.mapping(value, where, ("required", "slot", "list"))
                required = (
                    self.flag(options["required"][1], f"{where}.required")
                    if "required" in options
                    else bool(options.get("list"))
                )
                if "slot" in options:
                    slot = self.text(options["slot"][1], f"{where}.slot") or name
                if "list" in options:
                    is_list = self.flag(options["list"][1], f"{where}.list")
            if slot not in slots:
                self.error(
                    f"{where}: a {role} shows {', '.join(slots) or 'no text'}; "
                    f"'{slot}' is not one of them (give the field a slot:)",
                    key,
                    "type.unknown-slot",
                )
                continue
            if (slot == "cells") != is_list:
                self.error(
                    f"{where}: {'cells are' if slot == 'cells' else 'only cells are'} "
                    "a list of texts (list: true)",
                    key,
                )
            fields.append(FieldSpec(name, slot, required, first_optional, is_list))
        return fields

    def numbering(self, node: Node, kind: str) -> Numbering | None:
        style, scope = None, "parent"
        if isinstance(node, Scalar):
            style = node.value
        else:
            options = self.mapping(node, f"kinds.{kind}.numbering", ("style", "scope"))
            if "style" in options:
                style = self.text(options["style"][1], f"kinds.{kind}.numbering.style")
            else:
                self.error(f"kinds.{kind}.numbering needs a style", node, "type.missing-key")
            if "scope" in options:
                scope = self.text(options["scope"][1], f"kinds.{kind}.numbering.scope") or ""
                if scope not in SCOPES:
                    self.error(
                        f"kinds.{kind}.numbering.scope must be one of {', '.join(SCOPES)}",
                        options["scope"][1],
                    )
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
        return Numbering(style, scope)

    def check_references(
        self, body: tuple[ChildList, ...], kinds: dict[str, Kind], kind_nodes: dict, body_node: Node
    ) -> None:
        """Every kind named exists; no kind contains itself; every kind is reachable."""
        for name_node in getattr(self, "_names", []):
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
