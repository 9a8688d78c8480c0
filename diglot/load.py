"""Loads content/<lang>/<doc-id>.yaml into a Document tree, shaped by the document's type,
reporting every problem with its place."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeGuard

from .dates import DATE_SHAPE, DAY, FIRST_YEAR, date_fix, no_such_day, parse_date
from .diagnostics import Kept, Location, Reporter, a, display_path
from .model import NOTE_STATUSES, Document, Field, ReviewNote, Unit, Value, Waiver
from .schema import ID_PATTERN, SchemaReader, where
from .schema.typefile import STATUSES
from .source import ControlChar, SourceText, read_source, source_from_text
from .suggest import closest, did_you_mean
from .types import RESERVED_KEYS, ChildList, DocumentType, Kind, TypeRegistry
from .yamltree import Mapping, Node, Scalar, Sequence, kind_name, parse_tree

ANNOTATION_KEYS = ("review", "source-hash", "waive")
TITLE_UNIT_KEYS = ("id", *ANNOTATION_KEYS, "text")
# 32 hexadecimal digits a side, as `approve` writes them; 10, as it wrote them before
_SOURCE_HASH = re.compile(r"([0-9a-f]{32}|[0-9a-f]{10})(?:/([0-9a-f]{32}|[0-9a-f]{10}))?")
NOTE_KEYS = ("note", "author", "date", "status")

# the originals a testimonium may name (title-block originals: in duplicate, 一式两份)
ORIGINALS_MIN, ORIGINALS_MAX = 2, 20


def load_document(
    path: str | Path,
    lang: str,
    types: TypeRegistry,
    reporter: Reporter,
    bidi_controls: bool = False,
    text: SourceText | None = None,
) -> Document | None:
    """Parse one content file; None when it has errors (all of them reported).
    bidi_controls: the language's profile allows bidirectional control characters; text:
    the file's text, when it was read already (it is read from the disk otherwise)."""
    source = text if text is not None else read_source(str(path), reporter)
    if source is None:
        return None
    return _document(source, lang, types, reporter, bidi_controls)


def document_from_text(
    text: str,
    path: str,
    lang: str,
    types: TypeRegistry,
    reporter: Reporter,
    bidi_controls: bool = False,
) -> Document | None:
    """Parse content already read (an earlier version from git, an edit about to be
    written) exactly as load_document parses a file."""
    return _document(source_from_text(path, text), lang, types, reporter, bidi_controls)


def _document(
    source: SourceText,
    lang: str,
    types: TypeRegistry,
    reporter: Reporter,
    bidi_controls: bool = False,
) -> Document | None:
    """The document of a text; one read before in this process without a problem is not
    read again while its type is the one the project has (types.py gives the same
    DocumentType for an unchanged type file)."""
    return _DOCUMENTS.read(
        (source.path, source.text, lang, bidi_controls),
        lambda into: _read_document(source, lang, types, into, bidi_controls),
        reporter,
        valid=lambda kept: types.get(kept.type.name) is kept.type,
    )


_DOCUMENTS: Kept[tuple[str, str, str, bool], Document] = Kept(size=512)


def _read_document(
    source: SourceText,
    lang: str,
    types: TypeRegistry,
    reporter: Reporter,
    bidi_controls: bool = False,
) -> Document | None:
    before = len(reporter.errors)
    escaped: list[ControlChar] = []
    root = parse_tree(source.path, source.text, reporter, escaped)
    empty = root is None and len(reporter.errors) == before  # only comments, blank lines
    empty |= isinstance(root, Scalar) and root.plain and not root.value  # '---' alone
    if empty:
        reporter.error(
            "source.empty",
            "file holds no document, only comments, blank lines or ---; a content file "
            "holds one document (type: ..., title-block: ...)",
            Location(source.path),
        )
        root = None
    reader = _DocumentReader(source, reporter)
    document = (
        reader.document(root, Path(source.path).stem, lang, types) if root is not None else None
    )
    reader.report_control_chars(escaped, bidi_controls)
    return document if len(reporter.errors) == before else None


class _DocumentReader(SchemaReader):
    def document(self, root: Node, doc_id: str, lang: str, types: TypeRegistry) -> Document | None:
        if not isinstance(root, Mapping):
            self.error(
                "content.type",
                "the top level of a content file must be a mapping "
                "starting with the document's type (type: declaration); found "
                f"{kind_name(root)}",
                root.location,
            )
            return None
        entries = {key.value: (key, value) for key, value in root.items}
        if "type" not in entries:
            self.error(
                "content.missing-key",
                "top level: the document needs its type, e.g. "
                f"'type: consensus-agreement' (types: {', '.join(types.files)})",
                root.location,
            )
            return None
        type_node = entries["type"][1]
        doc_type = None
        if isinstance(type_node, Scalar) and type_node.value in types.files:
            doc_type = types.get(type_node.value)
            if doc_type is None:  # its file's errors are reported at their lines
                declared = str(types.files[type_node.value])
                self.error(
                    "content.bad-type",
                    f"type '{type_node.value}' has errors in {display_path(declared)}: fix "
                    "its declaration first",
                    type_node.location,
                    related=(Location(declared),),
                )
                return None
        else:
            shown = type_node.value if isinstance(type_node, Scalar) else kind_name(type_node)
            self.error(
                "content.unknown-type",
                f"type: no document type '{shown}'"
                f"{did_you_mean(str(shown), types.files)} (types: "
                f"{', '.join(types.files)})",
                type_node.location,
            )
            return None
        self.doc_type = doc_type
        allowed = ("type", "title-block", *(c.key for c in doc_type.body))
        required = ("type", "title-block", *(c.key for c in doc_type.body if c.required))
        top = self.mapping(root, "top level", allowed, required, f"{a(doc_type.name)} document")
        assert top is not None  # root is a Mapping
        title_block = None
        if "title-block" in top:
            title_block = self.title_block(top["title-block"][1], doc_type)
        body: list[tuple[str, tuple[Unit | None, ...]]] = []
        for child in doc_type.body:
            if child.key in top:
                body.append(
                    (child.key, self.unit_list(top[child.key][1], child.key, child, child.key))
                )
        if title_block is None or not _all_read(body):
            return None
        title, values = title_block
        return Document(
            doc_id, lang, self.path, doc_type, type_node.location, title, values, tuple(body)
        )

    # -- title block -------------------------------------------------------------------------

    def title_block(
        self, node: Node, doc_type: DocumentType
    ) -> tuple[tuple[tuple[str, tuple[Unit, ...]], ...], tuple[Value, ...]] | None:
        """The title block's text units and its values (dates, codes); None if any is
        wrong."""
        specs = {f.name: f for f in doc_type.title}
        status_key = ("language-status",) if doc_type.language_status is not None else ()
        # how many originals the testimonium says were signed ("in duplicate", 一式两份)
        originals_key = ("originals",) if doc_type.closing == "testimonium" else ()
        entries = self.mapping(
            node,
            "title-block",
            (*specs, *status_key, *originals_key),
            tuple(f.name for f in doc_type.title if f.required),
            "the title block",
        )
        if entries is None:
            return None
        title: list[tuple[str, tuple[Unit, ...]]] = []
        values: list[Value] = []
        ok = True
        for spec in doc_type.title:
            if spec.name not in entries:
                continue
            value_node = entries[spec.name][1]
            keypath = f"title-block.{spec.name}"
            if spec.kind == "text":
                unit = self.title_unit(value_node, keypath, spec.name)
                if unit is None:
                    ok = False
                else:
                    title.append((spec.name, (unit,)))
            elif spec.kind == "list":
                singular = spec.name[:-1] if spec.name.endswith("s") else spec.name
                units = tuple(
                    self.title_unit(n, f"{keypath}[{i}]", singular)
                    for i, n in enumerate(self.sequence(value_node, keypath, spec.name))
                )
                read = tuple(u for u in units if u is not None)
                ok &= len(read) == len(units)
                title.append((spec.name, read))
            elif spec.kind == "date":
                date = self.date(value_node, keypath)
                ok &= date is not None
                values.append(Value(spec.name, date or "", value_node.location))
            else:  # code
                scalar = self.scalar(value_node, keypath, None)
                if scalar is not None and not scalar.value.strip():
                    self.error("content.empty-text", f"{keypath}: text is empty", scalar.location)
                    scalar = None
                ok &= scalar is not None
                values.append(Value(spec.name, scalar.value if scalar else "", value_node.location))
        if status_key and "language-status" in entries:
            value_node = entries["language-status"][1]
            scalar = self.scalar(value_node, "title-block.language-status", None)
            if scalar is not None and scalar.value not in STATUSES:
                self.error(
                    "content.language-status",
                    f"title-block.language-status: '{scalar.value}' is not one of "
                    f"{', '.join(STATUSES)}",
                    scalar.location,
                )
                scalar = None
            ok &= scalar is not None
            if scalar is not None:
                values.append(Value("language-status", scalar.value, value_node.location))
        if originals_key and "originals" in entries:
            value_node = entries["originals"][1]
            scalar = value_node if isinstance(value_node, Scalar) else None  # 2, or "2"
            if scalar is None:
                self.error(
                    "content.type",
                    "title-block.originals: must be a number of originals, such as 2",
                    value_node.location,
                )
            elif not (
                scalar.value.isascii()
                and scalar.value.isdigit()
                and len(scalar.value) <= 10  # never thousands of figures to convert
                and ORIGINALS_MIN <= int(scalar.value) <= ORIGINALS_MAX
            ):
                self.error(
                    "content.bad-value",
                    f"title-block.originals: '{scalar.value}' is not a number of originals "
                    f"from {ORIGINALS_MIN} to {ORIGINALS_MAX} (2: the testimonium says "
                    '"in duplicate")',
                    scalar.location,
                )
                scalar = None
            ok &= scalar is not None
            if scalar is not None:
                values.append(Value("originals", str(int(scalar.value)), value_node.location))
        return (tuple(title), tuple(values)) if ok else None

    def title_unit(self, node: Node, keypath: str, name: str) -> Unit | None:
        entries = self.mapping(node, keypath, TITLE_UNIT_KEYS, ("id", "text"), f"the {name}")
        if entries is None:
            return None
        unit_id = self.unit_id(entries, keypath)
        fields = self.texts(entries, keypath, unit_id, ("text",))
        annotations = self.annotations(entries, keypath, unit_id)
        if unit_id is None or fields is None:
            return None
        return Unit(unit_id, name, fields, node.location, "title-block", role=name, **annotations)

    def date(self, node: Node, keypath: str) -> str | None:
        fix = date_fix(node.value) if isinstance(node, Scalar) else None
        if isinstance(node, Scalar) and fix is not None and fix != node.value:
            self.error(
                "content.bad-date",
                f"{keypath}: write the date as {fix} (ISO 8601: two digits for the month "
                f"and the day), not '{node.value}'",
                node.location,
            )
            return None
        scalar = (  # a date-like value is a wrong date, never "text to put in quotes"
            node
            if isinstance(node, Scalar) and DATE_SHAPE.fullmatch(node.value)
            else self.scalar(node, keypath, None)
        )
        if scalar is None:
            return None
        missing = no_such_day(scalar.value)
        if missing is not None:  # written as it should be, but no day of the calendar
            self.error(
                "content.bad-date",
                f"{keypath}: '{scalar.value}' is no date: {missing}",
                scalar.location,
            )
            return None
        if parse_date(scalar.value) is None:
            self.error(
                "content.bad-date",
                f"{keypath}: '{scalar.value}' is not a date from "
                f"the year {FIRST_YEAR} on; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. "
                "2024-10-15)",
                scalar.location,
            )
            return None
        return scalar.value

    # -- units -------------------------------------------------------------------------------

    def unit_list(
        self, node: Node, keypath: str, child: ChildList, container: str
    ) -> tuple[Unit | None, ...]:
        items = self.sequence(
            node, keypath, f"the list '{child.key}'", None if container == child.key else container
        )
        return tuple(
            self.unit(item, f"{keypath}[{i}]", child, container, i) for i, item in enumerate(items)
        )

    def pick_kind(self, node: Mapping, keypath: str, child: ChildList) -> Kind | None:
        """The unit's kind: as it says (kind: ...), else the one kind of the list whose keys
        it uses, else the list's first (default) kind."""
        kinds = self.doc_type.kinds
        entries = {key.value: value for key, value in node.items}
        if "kind" in entries:
            value = entries["kind"]
            name = value.value if isinstance(value, Scalar) else None
            if name not in child.kinds:
                self.error(
                    "content.bad-kind",
                    f"{keypath}.kind: '{name or kind_name(value)}' "
                    f"cannot stand in '{child.key}'; allowed: {', '.join(child.kinds)}",
                    value.location,
                )
                return None
            return kinds[name]
        used = {key for key in entries if key not in RESERVED_KEYS}
        has_id = "id" in entries
        fitting = [
            kinds[k]
            for k in child.kinds
            if used <= set(kinds[k].keys) and kinds[k].has_id == has_id
        ]
        if len(fitting) == 1:
            return fitting[0]
        default = kinds[child.kinds[0]]
        if not fitting:  # a misspelt key: the kind it was probably meant for
            for key in used:
                for name in child.kinds:
                    if closest(key, kinds[name].keys, 0.75):
                        return kinds[name]
        if default in fitting or not fitting:
            return default
        return fitting[0]

    def unit(
        self, node: Node, keypath: str, child: ChildList, container: str, index: int
    ) -> Unit | None:
        if not isinstance(node, Mapping):
            self.error(
                "content.type",
                f"{where(keypath, None)}: an entry of '{child.key}' "
                f"must be a mapping ({' or '.join(child.kinds)}); found "
                f"{kind_name(node)}",
                node.location,
                None,
            )
            return None
        kind = self.pick_kind(node, keypath, child)
        if kind is None:
            return None
        what = a(kind.name)
        allowed = (
            *(("id",) if kind.has_id else ()),
            "kind",
            *(ANNOTATION_KEYS if kind.has_id else ()),
            *kind.keys,
        )
        required = (
            *(("id",) if kind.has_id else ()),
            *(f.name for f in kind.fields if f.required and not f.first_optional),
            *(c.key for c in kind.children if c.required),
        )
        entries = self.mapping(node, keypath, allowed, required, what)
        if entries is None:
            return None
        for spec in kind.fields:
            if spec.first_optional and index > 0 and spec.name not in entries:
                unit = (
                    entries["id"][1].value
                    if "id" in entries and isinstance(entries["id"][1], Scalar)
                    else None
                )
                self.error(
                    "content.missing-key",
                    f"{where(keypath, unit)}: only the first "
                    f"{kind.name} of '{child.key}' may go without a {spec.name}",
                    node.location,
                    unit,
                )
        unit_id = self.unit_id(entries, keypath) if kind.has_id else None
        fields = self.texts(entries, keypath, unit_id, tuple(f.name for f in kind.fields), kind)
        annotations = self.annotations(entries, keypath, unit_id)
        inner = unit_id or container
        children: list[tuple[str, tuple[Unit | None, ...]]] = []
        for child_list in kind.children:
            if child_list.key in entries:
                children.append(
                    (
                        child_list.key,
                        self.unit_list(
                            entries[child_list.key][1],
                            f"{keypath}.{child_list.key}",
                            child_list,
                            inner,
                        ),
                    )
                )
        if (kind.has_id and unit_id is None) or fields is None or not _all_read(children):
            return None
        return Unit(
            unit_id,
            kind.name,
            fields,
            node.location,
            container,
            children=tuple(children),
            role=kind.role,
            **annotations,
        )

    def texts(
        self,
        entries: dict,
        keypath: str,
        unit_id: str | None,
        names: tuple[str, ...],
        kind: Kind | None = None,
    ) -> tuple[Field, ...] | None:
        """The unit's text fields in the type's order; None if any is wrong."""
        fields, ok = [], True
        for name in names:
            if name not in entries:
                continue
            spec = kind.field(name) if kind else None
            node = entries[name][1]
            if spec is not None and spec.list:
                if not isinstance(node, Sequence) or not node.items:
                    self.error(
                        "content.type",
                        f"{where(f'{keypath}.{name}', unit_id)}: must "
                        f"be a list of texts; found {kind_name(node)}",
                        node.location,
                        unit_id,
                    )
                    ok = False
                    continue
                for i, item in enumerate(node.items, 1):
                    value = self.text(item, f"{keypath}.{name}[{i}]", unit_id)
                    ok &= value is not None
                    if value is not None:
                        fields.append(Field(f"{name}.{i}", value, item.location))
                continue
            value = self.text(node, f"{keypath}.{name}", unit_id)
            ok &= value is not None
            if value is not None:
                fields.append(Field(name, value, node.location))
        return tuple(fields) if ok else None

    def annotations(self, entries: dict, keypath: str, unit_id: str | None) -> dict:
        """A unit's review note, source hash and waivers, as Unit keyword arguments."""
        found: dict = {}
        if "review" in entries:
            found["notes"] = self.notes(entries["review"][1], f"{keypath}.review", unit_id)
        if "source-hash" in entries:
            node = entries["source-hash"][1]
            matched = _SOURCE_HASH.fullmatch(node.value) if isinstance(node, Scalar) else None
            if matched and isinstance(node, Scalar):
                found["source_hash"], found["source_hash_location"] = matched[1], node.location
                found["text_hash"] = matched[2]
            else:
                self.error(
                    "content.bad-source-hash",
                    f"{where(keypath + '.source-hash', unit_id)}"
                    ": expected 32 hexadecimal digits (and, after a /, 32 more), as written "
                    "by `python pipeline.py approve`",
                    node.location,
                    unit_id,
                )
        if "waive" in entries:
            waivers = []
            node = entries["waive"][1]
            for check, reason in (
                self.mapping(node, f"{keypath}.waive", (), (), "waivers", unit_id, any_keys=True)
                or {}
            ).items():
                text = self.text(reason[1], f"{keypath}.waive.{check}", unit_id)
                if text is not None:
                    waivers.append(Waiver(check, text, reason[0].location))
            found["waivers"] = tuple(waivers)
        return found

    def notes(self, node: Node, keypath: str, unit_id: str | None) -> tuple[ReviewNote, ...]:
        """A unit's review notes: `review: text` (one open note), one note as a mapping, or a
        list of notes, each a text or a mapping of note, author, date and status."""
        if isinstance(node, Scalar):
            text = self.text(node, keypath, unit_id)
            return (ReviewNote(text, None, None, "open", node.location),) if text else ()
        if isinstance(node, Mapping):
            note = self.note(node, keypath, unit_id)
            return (note,) if note else ()
        items = self.sequence(node, keypath, "the review notes", unit_id)
        notes = []
        for i, item in enumerate(items):
            if isinstance(item, Scalar):
                text = self.text(item, f"{keypath}[{i}]", unit_id)
                note = ReviewNote(text, None, None, "open", item.location) if text else None
            else:
                note = self.note(item, f"{keypath}[{i}]", unit_id)
            if note is not None:
                notes.append(note)
        return tuple(notes)

    def note(self, node: Node, keypath: str, unit_id: str | None) -> ReviewNote | None:
        """One note written as a mapping; None (after reporting) when it is wrong."""
        entries = self.mapping(node, keypath, NOTE_KEYS, ("note",), "a review note", unit_id)
        if entries is None or "note" not in entries:
            return None
        text = self.text(entries["note"][1], f"{keypath}.note", unit_id)
        author = date = None
        status = "open"
        ok = text is not None
        if "author" in entries:
            scalar = self.scalar(entries["author"][1], f"{keypath}.author", unit_id)
            if scalar is not None and not scalar.value.strip():
                self.error(
                    "content.empty-text",
                    f"{where(keypath + '.author', unit_id)}: the author is empty; write a name "
                    "or leave the key out",
                    scalar.location,
                    unit_id,
                )
                scalar = None
            author = scalar.value if scalar else None
            ok &= scalar is not None
        if "date" in entries:
            value = entries["date"][1]
            if isinstance(value, Scalar) and DAY.fullmatch(value.value) and parse_date(value.value):
                date = value.value
            elif isinstance(value, Scalar):
                missing = no_such_day(value.value) if DAY.fullmatch(value.value) else None
                self.error(
                    "content.bad-date",
                    f"{where(keypath + '.date', unit_id)}: '{value.value}' is "
                    + (
                        f"no date: {missing}"
                        if missing
                        else "not a date; write the day the note was written as YYYY-MM-DD "
                        "(e.g. 2026-11-28)"
                    ),
                    value.location,
                    unit_id,
                )
                ok = False
            else:
                self.scalar(value, f"{keypath}.date", unit_id)  # reports what it is
                ok = False
        if "status" in entries:
            value = entries["status"][1]
            if isinstance(value, Scalar) and value.value in NOTE_STATUSES:
                status = value.value
            else:
                shown = f"'{value.value}'" if isinstance(value, Scalar) else kind_name(value)
                self.error(
                    "content.bad-status",
                    f"{where(keypath + '.status', unit_id)}: {shown} is no status; write "
                    "open (the default) or resolved",
                    value.location,
                    unit_id,
                )
                ok = False
        if not ok or text is None:
            return None
        return ReviewNote(text, author, date, status, node.location)


def _all_read(
    lists: list[tuple[str, tuple[Unit | None, ...]]],
) -> TypeGuard[list[tuple[str, tuple[Unit, ...]]]]:
    """Whether every unit of the lists was read: none is None (one with errors)."""
    return not any(None in units for _, units in lists)


def document_id_problem(path: Path) -> str | None:
    """Why a file name cannot serve as a document id, if it cannot."""
    if not ID_PATTERN.fullmatch(path.stem):  # fullmatch: '$' would let 'memo\n' through
        return (
            f"file name '{shown_name(path.name)}' is not a valid document id: use lower-case letters, "
            "digits and '-' (e.g. digital-economy-2024.yaml)"
        )
    return None


def shown_name(name: str) -> str:
    """A file name as a message can show it: control characters (a newline) escaped."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in name)
