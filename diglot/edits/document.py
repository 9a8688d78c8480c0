"""One content file's edit: the new texts, source hashes and review notes of its units,
spliced into the file's text (diglot.yamledit) and checked by loading the edited text: it
must read as the original with exactly these changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import yamledit
from ..diagnostics import Location, Reporter
from ..files import Stamp, read_stamped
from ..load import document_from_text
from ..model import Document, ReviewNote, Unit
from ..source import MAX_BYTES, SourceText
from ..types import TypeRegistry
from ..yamledit import (
    apply_edits,
    last_scalar_end,
    line_break,
    line_end,
    mappings_by_id,
    quoted,
    replace_scalar,
)
from ..yamltree import Mapping, Node, Scalar, Sequence, parse_tree

# -- one file's edit ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChange:
    """What one unit of a file gets: new field texts, a new source hash, notes to add, its
    open notes resolved."""

    unit: Unit
    fields: dict[str, str] = field(default_factory=dict)
    source_hash: str | None = None  # the approval to record, as written; None: leave it
    notes: tuple[ReviewNote, ...] = ()
    resolve: bool = False


@dataclass(frozen=True)
class FileEdit:
    path: str
    original: bytes | None  # None: a file to create (a translation made by an import)
    edited: bytes
    before: Document | None  # None: a file to create
    after: Document
    stamp: Stamp | None = None  # the file as read (files.Stamp): unchanged when it is replaced


class CannotEdit(Exception):
    """An edit that cannot be made as text (a note written as a block mapping)."""


def edit_document(
    document: Document,
    changes: list[UnitChange],
    types: TypeRegistry,
    reporter: Reporter,
    command: str = "edit",
    bidi_controls: bool = False,
    source: SourceText | None = None,
) -> FileEdit | None:
    """The edited file, checked by loading it again: it must read as the original with
    exactly these changes. None after reporting (code `<command>.note` or
    `<command>.internal`). bidi_controls: the language's profile allows them; source: the
    file as the project read it (else it is read now)."""
    path = document.path
    if source is not None and source.raw is not None:
        original, stamp = source.raw, source.stamp
    else:
        original, stamp = read_stamped(path, MAX_BYTES)
    try:
        bom, text = yamledit.decode(original)
    except UnicodeDecodeError:
        internal(reporter, path, "the file changed while it was being edited", command)
        return None
    mappings = mappings_by_id(parse_tree(path, text, Reporter()))
    edits: list[tuple[int, int, str]] = []
    by_id: dict[str, UnitChange] = {}
    for change in changes:
        unit = change.unit
        assert unit.id is not None  # a unit with text has an id
        mapping = mappings.get(unit.id)
        if mapping is None:
            internal(reporter, path, f"no mapping with id '{unit.id}' in the text", command)
            return None
        try:
            edits.extend(unit_edits(text, mapping, change))
        except CannotEdit:
            reporter.error(
                f"{command}.note",
                f"'{unit.id}': its review notes are written in a form {command} cannot change "
                "as text (one note as a mapping, or a note as a | or > block); write them as a "
                "list (- note: …); nothing was written",
                unit.location,
                unit=unit.id,
            )
            return None
        by_id[unit.id] = change
    edited = apply_edits(text, edits)
    size = len(bom) + len(edited.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:  # the file would no longer load: refused before anything is written
        reporter.error(
            f"{command}.refused",
            f"the edited file would be {size:,} bytes, more than the {MAX_BYTES:,} a content "
            "file may hold; nothing was written (split the document, or shorten the texts)",
            Location(path),
        )
        return None
    scratch = Reporter()
    after = document_from_text(edited, path, document.lang, types, scratch, bidi_controls)
    if after is None:
        problems = "; ".join(d.format() for d in scratch.errors)
        internal(reporter, path, f"the edited text does not load: {problems}", command)
        return None
    overrides = {unit_id: change.fields for unit_id, change in by_id.items()}
    if signature(after) != signature(document, overrides):
        internal(reporter, path, "the edit changed more than it was asked to", command)
        return None
    for old, new in zip(document.units(), after.units()):
        assert old.id is not None  # Document.units() yields only units with ids
        asked = by_id.get(old.id)
        expected = old.approval
        if asked is not None and asked.source_hash is not None:
            expected = asked.source_hash
        if new.approval != expected:
            internal(
                reporter,
                path,
                f"unit '{old.id}' reads source-hash {new.approval}, not {expected}",
                command,
            )
            return None
        wanted = notes_key(old.notes)
        if asked is not None:
            if asked.resolve:
                wanted = tuple((t, a, d, "resolved") for t, a, d, _ in wanted)
            wanted += notes_key(asked.notes)
        if notes_key(new.notes) != wanted:
            internal(reporter, path, f"unit '{old.id}' does not read the notes asked for", command)
            return None
    return FileEdit(path, original, yamledit.encode(bom, edited), document, after, stamp)


def notes_key(notes: tuple[ReviewNote, ...]) -> tuple:
    return tuple((n.text, n.author, n.date, n.status) for n in notes)


def signature(document: Document, overrides: dict[str, dict[str, str]] | None = None) -> tuple:
    """Everything a document says except its source hashes, review notes (compared unit by
    unit) and where things are; overrides: new texts of some units' fields."""
    overrides = overrides or {}
    units = tuple(
        (
            u.id,
            u.kind,
            u.container,
            tuple((f.name, overrides.get(u.id or "", {}).get(f.name, f.source)) for f in u.fields),
            tuple((w.check, w.reason) for w in u.waivers),
            tuple((key, len(children)) for key, children in u.children),
        )
        for u in (*document.units(), *document.nodes())
    )
    return document.doc_id, tuple((v.name, v.text) for v in document.values), units


def internal(reporter: Reporter, path: str, why: str, command: str = "edit") -> None:
    reporter.error(
        f"{command}.internal",
        f"internal error: {command} would damage this file "
        f"({why}); nothing was written. Please report this.",
        Location(path),
    )


# -- editing one unit's text ------------------------------------------------------------------


def unit_edits(text: str, mapping: Mapping, change: UnitChange) -> list[tuple[int, int, str]]:
    """The text edits that make one unit's mapping say what change asks."""
    entries = {key.value: (key, value) for key, value in mapping.items}
    flow = text.startswith("{", mapping.start)  # a flow mapping: {id: x, text: ...}
    edits: list[tuple[int, int, str]] = []
    after_id = ""  # keys to add after the id
    if change.source_hash is not None:
        new = change.source_hash
        if "source-hash" in entries:
            value = entries["source-hash"][1]
            assert isinstance(value, Scalar)
            if value.plain:  # 0816024e53 unquoted is a number to YAML 1.1: quote it
                edits.append((value.start, value.end, quoted(new)))
            else:  # keep its quotes
                start = text.find(value.value, value.start, value.end)
                edits.append((start, start + len(value.value), new))
        else:
            after_id = f"source-hash: {quoted(new)}"
    for name, new_text in change.fields.items():
        node, inside_flow = _field_node(text, mapping, entries, name)
        edits.append(replace_scalar(text, node, new_text, flow or inside_flow))
    key, value = entries["id"]
    indent = " " * (key.location.column - 1)
    newline = line_break(text)
    short = "review" in entries and isinstance(entries["review"][1], Scalar)
    if change.resolve and "review" in entries and not (short and change.notes):
        edits.extend(_resolve_edits(text, entries["review"][1], newline))
    if change.notes:
        items = []
        for note in change.notes:
            item = {"note": quoted(note.text)}
            if note.author:
                item["author"] = quoted(note.author)
            if note.date:
                item["date"] = quoted(note.date)
            item["status"] = note.status
            items.append(item)
        flow_item = ", ".join(
            "{" + ", ".join(f"{k}: {v}" for k, v in item.items()) + "}" for item in items
        )

        def block(base: str) -> str:
            """The notes as block list items at base (the first without its indentation)."""
            return f"{newline}{base}".join(
                f"- note: {item['note']}"
                + "".join(f"{newline}{base}  {k}: {v}" for k, v in item.items() if k != "note")
                for item in items
            )

        if "review" not in entries:
            review = (
                f"review: [{flow_item}]"
                if flow
                else f"review:{newline}{indent}  " + block(indent + "  ")
            )
            joint = ", " if flow else f"{newline}{indent}"
            after_id = f"{after_id}{joint}{review}" if after_id else review
        else:
            review_key, notes = entries["review"]
            if isinstance(notes, Scalar):  # the short form: a list of it and the notes
                old = quoted(notes.value)
                resolved = f"{newline}{indent}    status: resolved" if change.resolve else ""
                if flow:
                    if change.resolve:
                        old = "{note: " + old + ", status: resolved}"
                    edits.append((notes.start, notes.end, f"[{old}, {flow_item}]"))
                else:
                    edits.append(
                        (
                            notes.start,
                            notes.end,
                            f"{newline}{indent}  - note: {old}{resolved}{newline}{indent}  "
                            + block(indent + "  "),
                        )
                    )
                    colon = text.index(":", review_key.end) + 1
                    edits.append((colon, notes.start, ""))  # the space after ':'
            elif isinstance(notes, Sequence) and text.startswith("[", notes.start):
                close = text.rfind("]", notes.start, notes.end)
                edits.append((close, close, f", {flow_item}"))
            elif isinstance(notes, Sequence) and notes.items:
                first = notes.items[0]
                dash = text.rfind("-", 0, first.start)
                line_start = max(text.rfind("\n", 0, dash), text.rfind("\r", 0, dash)) + 1
                item_indent = " " * (dash - line_start)
                end = line_end(text, last_scalar_end(notes.items[-1]))
                line = block(item_indent)
                if end < 0:
                    edits.append((len(text), len(text), f"{newline}{item_indent}{line}"))
                else:
                    after = end + (2 if text.startswith("\r\n", end) else 1)
                    edits.append((after, after, f"{item_indent}{line}{newline}"))
            elif text.startswith("{", notes.start):  # one note as a flow mapping
                edits.append((notes.start, notes.start, "["))
                edits.append((notes.end, notes.end, f", {flow_item}]"))
            else:
                raise CannotEdit()
    if after_id:
        if flow:
            edits.append((value.end, value.end, f", {after_id}"))
        else:
            end = line_end(text, value.end)
            if end < 0:  # the id is on the last line, which has no line break
                edits.append((len(text), len(text), f"{newline}{indent}{after_id}"))
            else:
                ending = "\r\n" if text.startswith("\r\n", end) else text[end]
                after = end + len(ending)
                edits.append((after, after, f"{indent}{after_id}{ending}"))
    return edits


def _field_node(text: str, mapping: Mapping, entries: dict, name: str) -> tuple[Scalar, bool]:
    """The scalar of a field ('text', or 'items.2' for the second text of a list field),
    and whether it stands inside a flow list."""
    base, _, number = name.partition(".")
    node = entries[base][1] if base in entries else None
    if number and isinstance(node, Sequence):
        flow = text.startswith("[", node.start)
        node = node.items[int(number) - 1]
        if isinstance(node, Scalar):
            return node, flow
    elif isinstance(node, Scalar):
        return node, False
    raise KeyError(name)  # plan() checked that the unit has the field


def _resolve_edits(text: str, notes: Node, newline: str) -> list[tuple[int, int, str]]:
    """Edits that mark every open note of a review value resolved."""
    edits: list[tuple[int, int, str]] = []
    if isinstance(notes, Scalar):  # review: text (one open note)
        if text.startswith(("|", ">"), notes.start):
            raise CannotEdit()
        edits.append(
            (notes.start, notes.end, "{note: " + quoted(notes.value) + ", status: resolved}")
        )
        return edits
    items = notes.items if isinstance(notes, Sequence) else [notes]
    for item in items:
        if isinstance(item, Scalar):
            if text.startswith(("|", ">"), item.start):
                raise CannotEdit()
            edits.append(
                (item.start, item.end, "{note: " + quoted(item.value) + ", status: resolved}")
            )
        elif isinstance(item, Mapping):
            entries = {k.value: (k, v) for k, v in item.items}
            if "status" in entries:
                status = entries["status"][1]
                if isinstance(status, Scalar) and status.value == "open":
                    edits.append((status.start, status.end, "resolved"))
            elif text.startswith("{", item.start):
                close = text.rfind("}", item.start, item.end)
                edits.append((close, close, ", status: resolved"))
            else:
                first_key = item.items[0][0]
                indent = " " * (first_key.location.column - 1)
                last = last_scalar_end(item)
                if text.startswith(("|", ">"), item.items[-1][1].start):
                    raise CannotEdit()
                edits.append((last, last, f"{newline}{indent}status: resolved"))
        else:
            raise CannotEdit()
    return edits


def write_file_edit(edit: FileEdit, reporter: Reporter, command: str = "edit") -> bool:
    """Keep the original as <file>.bak and replace the file atomically (through a link, the
    file itself); False after reporting a failure."""
    return write_file_edits([edit], reporter, command)


def write_file_edits(edits: list[FileEdit], reporter: Reporter, command: str = "edit") -> bool:
    """Replace every edited file together, or none (fileset.replace_together); each file's
    previous version kept as <file>.bak. False after reporting why nothing was written."""
    from ..fileset import replace_together

    return replace_together(
        [(e.path, e.original, e.edited) for e in edits],
        reporter,
        command,
        stamps={e.path: e.stamp for e in edits if e.stamp is not None},
    )
