"""The one place that writes reviewed changes into content files: `approve`'s source hashes,
and the texts and review notes that a review file or an XLIFF file brings back.

Files are edited as text, so comments, quoting, blank lines, key order, line endings and a
byte-order mark stay as they were. A replaced text keeps its quoting style (plain, single,
double, a `|` or `>` block) when that style can hold the new text; otherwise it is written
double-quoted with escapes (a text of several lines as a `|` block). Every edit is re-loaded
and compared with what was asked before anything is written: the edited file must read as
the original with exactly the requested changes. The original is kept as `<file>.bak`, and
the new file replaces it atomically.

A file reached through a symbolic link is edited where it really is (its `.bak` beside it),
so the link stays a link. A read-only file, or one with several hard links (which an
atomic replacement would separate), is refused before anything is written.

`plan()` validates a batch of text and note edits against the project (the unit is known,
its translation is still the one exported, the fields exist), and `Plan.apply()` writes them
and runs the checks on the result.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Location, Reporter, display_path
from .files import Stamp, os_reason, read_stamped
from .load import document_from_text
from .model import Document, ReviewNote, Unit
from .project import Project, load_project
from .source import MAX_BYTES, SourceText, clean_name, value_problem
from .textdiff import word_diff
from .types import TypeRegistry
from .yamlplain import plain_ok
from .yamltree import Mapping, Node, Scalar, Sequence, mappings, parse_tree

# -- the public contract: what an import asks for --------------------------------------------


@dataclass(frozen=True)
class TextEdit:
    """New text for some fields of one target unit, checked against the text exported."""

    doc_id: str
    lang: str  # the target language tag (folder content/<lang>/)
    unit_id: str
    fields: dict[str, str]  # field name -> new text (inline markup, as written in content)
    expected_hash: str  # status.text_hash(target unit) when exported; "" = no translation then
    where: str  # how messages name the origin: "review file row 12"


@dataclass(frozen=True)
class NoteEdit:
    """A new open review note on one unit; or, with resolve, its open notes marked resolved
    (and the text, if any, added as a resolved note that records the resolution)."""

    doc_id: str
    lang: str
    unit_id: str
    text: str
    author: str | None
    date: str | None  # YYYY-MM-DD
    resolve: bool = False
    where: str = ""


# -- one file's edit ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChange:
    """What one unit of a file gets: new field texts, a new source hash, a note to add, its
    open notes resolved."""

    unit: Unit
    fields: dict[str, str] = field(default_factory=dict)
    source_hash: str | None = None  # None: leave the recorded hash as it is
    note: ReviewNote | None = None
    resolve: bool = False


@dataclass(frozen=True)
class FileEdit:
    path: str
    original: bytes
    edited: bytes
    before: Document
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
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    try:
        text = original[len(bom) :].decode("utf-8")
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
        expected = old.source_hash
        if asked is not None and asked.source_hash is not None:
            expected = asked.source_hash
        if new.source_hash != expected:
            internal(
                reporter,
                path,
                f"unit '{old.id}' reads source-hash {new.source_hash}, not {expected}",
                command,
            )
            return None
        wanted = notes_key(old.notes)
        if asked is not None:
            if asked.resolve:
                wanted = tuple((t, a, d, "resolved") for t, a, d, _ in wanted)
            if asked.note is not None:
                wanted += notes_key((asked.note,))
        if notes_key(new.notes) != wanted:
            internal(reporter, path, f"unit '{old.id}' does not read the notes asked for", command)
            return None
    return FileEdit(path, original, bom + edited.encode("utf-8"), document, after, stamp)


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


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


def quoted(value: str) -> str:
    """A YAML double-quoted scalar every reader takes for this text (JSON's escapes are
    YAML's; the line and paragraph separators are escaped too)."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace("\x85", "\\u0085")
    )


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
    if change.resolve and "review" in entries and not (short and change.note is not None):
        edits.extend(_resolve_edits(text, entries["review"][1], newline))
    note = change.note
    if note is not None:
        item = {"note": quoted(note.text)}
        if note.author:
            item["author"] = quoted(note.author)
        if note.date:
            item["date"] = quoted(note.date)
        item["status"] = note.status
        flow_item = "{" + ", ".join(f"{k}: {v}" for k, v in item.items()) + "}"
        block_item = f"- note: {item['note']}" + "".join(
            f"{newline}{indent}  {k}: {v}" for k, v in item.items() if k != "note"
        )
        if "review" not in entries:
            review = (
                f"review: [{flow_item}]"
                if flow
                else f"review:{newline}{indent}  " + block_item.replace(newline, newline + "  ")
            )
            joint = ", " if flow else f"{newline}{indent}"
            after_id = f"{after_id}{joint}{review}" if after_id else review
        else:
            review_key, notes = entries["review"]
            if isinstance(notes, Scalar):  # the short form: a list of it and the note
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
                            + block_item.replace(newline, newline + "  "),
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
                line = block_item.replace(f"{newline}{indent}  ", f"{newline}{item_indent}  ")
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


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _single_ok(value: str) -> bool:
    return bool(
        value
        and "\n" not in value
        and "\r" not in value
        and "\t" not in value
        and not _CONTROL.search(value)
    )


def _block_ok(value: str) -> bool:
    """Whether value can be written as a literal block (each line as it is)."""
    lines = value.rstrip("\n").split("\n")
    return bool(
        value.strip()
        and "\r" not in value
        and "\t" not in value
        and not _CONTROL.search(value)
        and not lines[0].startswith(" ")
        and all(line == line.rstrip(" ") for line in lines)
    )


def replace_scalar(text: str, node: Scalar, new: str, flow: bool) -> tuple[int, int, str]:
    """The edit that replaces a scalar's text with new, in the scalar's style when it can
    hold new, else double-quoted (a literal block for several lines outside flow
    collections)."""
    start, end = node.start, node.end
    style = text[start]
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    head = text[line_start:start]
    indent = len(head) - len(head.lstrip(" -"))  # of the key, or of the text after '- '
    if style in "|>" and not flow:
        body = text[start:end].rstrip()  # the trailing line break stays where it is
        lines = body.splitlines()
        content_indent = next(
            (len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()),
            indent + 2,
        )
        header = lines[0] if lines else style
        header = re.sub(r"[-+]", "", header.split("#")[0].rstrip())  # the chomping follows new
        indicator = header.strip()
        if style == ">" and "\n" in new.rstrip("\n"):
            indicator = "|"  # a folded block would join the lines: write them as they are
        if _block_ok(new) and re.fullmatch(r"[|>][1-9]?", indicator):
            chomp = "-" if not new.endswith("\n") else "+" if new.endswith("\n\n") else ""
            pad = " " * content_indent
            lines_out = new.rstrip("\n").split("\n")
            digits = "".join(c for c in indicator if c.isdigit())
            if digits:
                pad = " " * (indent + int(digits))
            out = indicator[0] + digits + chomp
            nl = line_break(text)
            out += "".join(f"{nl}{pad}{line}" if line else nl for line in lines_out)
            return start, start + len(body), out
        return start, start + len(body), quoted(new)
    if style == "'" and _single_ok(new):
        return start, end, "'" + new.replace("'", "''") + "'"
    if style not in "'\"|>" and plain_ok(new, flow):
        return start, end, new
    if style == '"' or flow or "\n" not in new.strip("\n") or not _block_ok(new):
        return start, end, quoted(new)
    # several lines, once plain or quoted: a literal block
    chomp = "-" if not new.endswith("\n") else "+" if new.endswith("\n\n") else ""
    pad = " " * (indent + 2)
    nl = line_break(text)
    lines_out = new.rstrip("\n").split("\n")
    return (
        start,
        end,
        "|" + chomp + "".join(f"{nl}{pad}{line}" if line else nl for line in lines_out),
    )


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


def last_scalar_end(node: Node) -> int:
    """Where the last scalar of a node ends (a block node's own end may lie on the next
    line)."""
    while not isinstance(node, Scalar):
        children: list[Node] = (
            node.items
            if isinstance(node, Sequence)
            else [v for _, v in node.items]
            if isinstance(node, Mapping)
            else []
        )
        if not children:
            return node.end
        node = children[-1]
    return node.end


def line_end(text: str, offset: int) -> int:
    """The offset of the line break ending the line offset is on, or -1 on the last line."""
    return min(
        (i for i in (text.find("\n", offset), text.find("\r", offset)) if i >= 0), default=-1
    )


def line_break(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"


def mappings_by_id(node: Node | None) -> dict[str, Mapping]:
    found: dict[str, Mapping] = {}
    for mapping in mappings(node):
        value = next((v for k, v in mapping.items if k.value == "id"), None)
        if isinstance(value, Scalar):
            found.setdefault(value.value, mapping)
    return found


# -- writing ----------------------------------------------------------------------------------


def check_writable(
    path: Path, reporter: Reporter, command: str = "edit", purpose: str = "to apply the edits"
) -> None:
    """Refuse a file that must not be replaced: read-only (by its permissions or its mode:
    root may write anything, but a file without write permission was made so to be left
    alone), or with several hard links."""
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except OSError as exc:
        reporter.error(
            f"{command}.write",
            f"cannot write the file: {os_reason(exc)}",
            Location(str(path)),
        )
        return
    link = f" (a link to {display_path(str(real))})" if Path(path).is_symlink() else ""
    writable_mode = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if not os.access(real, os.W_OK) or not info.st_mode & writable_mode:
        reporter.error(
            f"{command}.read-only",
            f"the file{link} is read-only; make it writable (chmod u+w) {purpose}",
            Location(str(path)),
        )
    elif not os.access(real.parent, os.W_OK):
        reporter.error(
            f"{command}.read-only",
            f"the folder of the file{link} is read-only: {command} replaces the file and keeps "
            "the previous one beside it as <file>.bak",
            Location(str(path)),
        )
    elif info.st_nlink > 1:
        reporter.error(
            f"{command}.hard-link",
            f"the file{link} has {info.st_nlink} hard links; {command} replaces the file, which "
            "would leave the other names with the old text: make it a single file (or a "
            "symbolic link) first",
            Location(str(path)),
        )


def write_file_edit(edit: FileEdit, reporter: Reporter, command: str = "edit") -> bool:
    """Keep the original as <file>.bak and replace the file atomically (through a link, the
    file itself); False after reporting a failure."""
    return write_file_edits([edit], reporter, command)


def write_file_edits(edits: list[FileEdit], reporter: Reporter, command: str = "edit") -> bool:
    """Replace every edited file together, or none (fileset.replace_together); each file's
    previous version kept as <file>.bak. False after reporting why nothing was written."""
    from .fileset import replace_together

    return replace_together(
        [(e.path, e.original, e.edited) for e in edits],
        reporter,
        command,
        stamps={e.path: e.stamp for e in edits if e.stamp is not None},
    )


# -- a plan: validated edits from an import ------------------------------------------------------


def _natural(text: str) -> list:
    """A sort key that orders 'row 9' before 'row 10'."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class _Shown:
    """One change as the preview shows it."""

    where: str
    path: str
    unit_id: str
    line: str


@dataclass
class Plan:
    """Validated edits, grouped by file, ready to be shown and written. doc_ids: the
    documents edited, which the caller checks again after apply()."""

    project: Project
    edits: list[FileEdit]
    shown: list[_Shown]
    doc_ids: list[str]

    @property
    def content_dir(self) -> Path:
        return self.project.content_dir

    @property
    def empty(self) -> bool:
        return not self.edits

    def preview(self) -> str:
        """Every changed text as a word diff (old → new), every new or resolved note."""
        lines = [
            f"{display_path(s.path)}: {s.unit_id} ({s.where}): {s.line}"
            for s in sorted(self.shown, key=lambda s: _natural(s.where))
        ]
        return "".join(line + "\n" for line in lines)

    def apply(self, reporter: Reporter, command: str = "edit") -> bool:
        """Write every file together (each previous version kept as <file>.bak); the
        project then reads the documents edited from what was written (the caller checks
        them again: pipeline.check with only=plan.doc_ids). False if the files could not
        be written (then none was)."""
        if not write_file_edits(self.edits, reporter, command):
            return False
        for edit in self.edits:
            self.project.wrote(edit.path, edit.edited)
        return True


def plan(
    content_dir: Path | Project,
    text_edits: list[TextEdit],
    note_edits: list[NoteEdit],
    reporter: Reporter,
    command: str = "edit",
    pairs: list | None = None,
) -> Plan | None:
    """Validate every edit against the project (opened by the command, or its content
    folder), then prepare the edited files. pairs: the documents already loaded (a check
    run's); else every document is loaded. None when anything is refused (every refusal
    is reported, naming its origin and unit)."""
    from . import inline
    from .status import text_hash

    before = len(reporter.errors)
    loading = Reporter()  # parity findings (a unit not translated yet) do not stop an edit
    if pairs is not None and isinstance(content_dir, Project):
        project: Project | None = content_dir
    else:
        project = load_project(content_dir, loading)
        pairs = project.documents if project is not None else []
    if project is None:
        for diagnostic in loading.diagnostics:
            reporter.add(diagnostic)
        return None
    content_dir = project.content_dir
    documents: dict[tuple[str, str], Document] = {}
    for pair in pairs:
        documents[(pair.doc_id, pair.source.lang)] = pair.source
        documents[(pair.doc_id, pair.target.lang)] = pair.target
    changes: dict[str, dict[str, UnitChange]] = {}  # path: unit id: change
    shown: list[_Shown] = []

    def refuse(where: str, unit_id: str, message: str, location: Location | None) -> None:
        reporter.error(
            f"{command}.refused",
            f"{where}: '{unit_id}': {message}",
            location or Location(str(content_dir)),
            unit=unit_id,
        )

    def bidi_allowed(lang: str) -> bool:
        profile = next((p for p in project.languages.all if p.tag == lang), None)
        return profile is not None and profile.bidi_controls

    def find(
        doc_id: str, lang: str, unit_id: str, where: str
    ) -> tuple[Document, Unit | None] | None:
        document = documents.get((doc_id, lang))
        if document is None:
            path = str(content_dir / lang / f"{doc_id}.yaml")
            problems = [d for d in loading.errors if d.location.path == path]
            if problems:  # the file is there but does not load: say why
                for diagnostic in problems:
                    if diagnostic not in reporter.diagnostics:
                        reporter.add(diagnostic)
                refuse(where, unit_id, f"{display_path(path)} does not load (above)", None)
                return None
            langs = sorted({tag for d, tag in documents if d == doc_id})
            refuse(
                where,
                unit_id,
                f"no document '{doc_id}' in language '{lang}' in the content"
                + (f" (it has {', '.join(langs)})" if langs else ""),
                None,
            )
            return None
        unit = next((u for u in document.units() if u.id == unit_id), None)
        return document, unit

    for edit in text_edits:
        found = find(edit.doc_id, edit.lang, edit.unit_id, edit.where)
        if found is None:
            continue
        document, unit = found
        if unit is None:
            if edit.expected_hash == "":
                message = (
                    f"has no translation in {display_path(document.path)}; adding a unit is "
                    "not done by an import: add it to the file (with its id) and export again"
                )
            else:
                message = f"no unit with this id in {display_path(document.path)} any more"
            refuse(edit.where, edit.unit_id, message, Location(document.path))
            continue
        now = text_hash(unit)
        if now != edit.expected_hash:
            refuse(
                edit.where,
                edit.unit_id,
                "changed in the repository since the export (its text is no longer the one "
                "exported); export again and redo the change in the new file",
                unit.location,
            )
            continue
        names = [f.name for f in unit.fields]
        ok = True
        for name, new in edit.fields.items():
            old = unit.field(name)
            if old is None:
                refuse(
                    edit.where,
                    edit.unit_id,
                    f"has no field '{name}' (it has {', '.join(names)}); add it in the file",
                    unit.location,
                )
                ok = False
                continue
            wrong = value_problem(new, bidi_allowed(edit.lang))
            if wrong:  # the file could not hold it: said before anything else is tried
                refuse(edit.where, edit.unit_id, f"the new {name} {wrong}", old.location)
                ok = False
                continue
            problems = inline.parse(new).problems if new.strip() else ("the text is empty",)
            for problem in problems:
                refuse(edit.where, edit.unit_id, f"the new {name}: {problem}", old.location)
                ok = False
        if not ok:
            continue
        fields = {n: t for n, t in edit.fields.items() if unit.field(n).source != t}  # type: ignore[union-attr]
        if not fields:
            continue
        slot = changes.setdefault(document.path, {})
        prior = slot.get(edit.unit_id, UnitChange(unit))
        slot[edit.unit_id] = UnitChange(
            unit, {**prior.fields, **fields}, None, prior.note, prior.resolve
        )
        for name, new in fields.items():
            old_text = unit.field(name).source  # type: ignore[union-attr]
            label = "" if name == unit.main.name else f"{name}: "
            shown.append(
                _Shown(edit.where, document.path, edit.unit_id, label + word_diff(old_text, new))
            )
    for note_edit in note_edits:
        found = find(note_edit.doc_id, note_edit.lang, note_edit.unit_id, note_edit.where)
        if found is None:
            continue
        document, unit = found
        if unit is None:
            refuse(
                note_edit.where,
                note_edit.unit_id,
                f"no unit with this id in {display_path(document.path)} to note on",
                Location(document.path),
            )
            continue
        if note_edit.date is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", note_edit.date):
            refuse(note_edit.where, note_edit.unit_id, f"bad date '{note_edit.date}'", None)
            continue
        text = note_edit.text.strip()
        wrong = value_problem(text, bidi_allowed(note_edit.lang))
        if wrong:
            refuse(note_edit.where, note_edit.unit_id, f"the note {wrong}", unit.location)
            continue
        problems = inline.parse(text).problems if text else ()
        if problems:
            refuse(note_edit.where, note_edit.unit_id, f"the note: {problems[0]}", None)
            continue
        note = None
        if text:
            status = "resolved" if note_edit.resolve else "open"
            who = clean_name(note_edit.author)
            note = ReviewNote(text, who, note_edit.date, status, Location(""))
        open_notes = [n for n in unit.notes if n.open]
        resolve = note_edit.resolve and bool(open_notes)
        if note is None and not resolve:
            continue
        slot = changes.setdefault(document.path, {})
        prior = slot.get(note_edit.unit_id, UnitChange(unit))
        if prior.note is not None and note is not None:
            refuse(note_edit.where, note_edit.unit_id, "two notes for one unit in one import", None)
            continue
        slot[note_edit.unit_id] = UnitChange(
            unit, prior.fields, None, note or prior.note, prior.resolve or resolve
        )
        signed = ", ".join(x for x in (note.author if note else None, note_edit.date) if x)
        signed = f" ({signed})" if signed else ""
        for old_note in open_notes if resolve else ():
            shown.append(
                _Shown(
                    note_edit.where, document.path, unit.id or "", f"resolve note: {old_note.text}"
                )
            )
        if note is not None:
            what = "resolved note" if note.status == "resolved" else "new note"
            shown.append(
                _Shown(note_edit.where, document.path, unit.id or "", f"{what}: {text}{signed}")
            )
    if len(reporter.errors) > before:
        return None
    file_edits: list[FileEdit] = []
    by_path = {d.path: d for d in documents.values()}
    for path, units in changes.items():
        document = by_path[path]
        made = edit_document(
            document,
            list(units.values()),
            project.types,
            reporter,
            command,
            bidi_allowed(document.lang),
            project.texts.get(str(path)),
        )
        if made is None:
            return None
        check_writable(Path(path), reporter, command)
        file_edits.append(made)
    if len(reporter.errors) > before:
        return None
    doc_ids = sorted({e.before.doc_id for e in file_edits})
    return Plan(project, file_edits, shown, doc_ids)
