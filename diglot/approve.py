"""`approve`: records in each target language's file which source text each translation was
made from.

For each approved unit the target file gets `source-hash: "<hash of the source unit>"`,
quoted, so that every YAML reader takes it for text (an unquoted 0816024e53 is a number
to YAML 1.1). A unit whose source changed while its translation did not (its text is the
same as just before the commit that changed the source, found in git) is refused, unless
`--unchanged` says it needs no change: then a resolved review note recording that is
added to the unit. The file is edited as text, so comments, quoting, blank lines, key order, line endings and a
byte-order mark stay as they were; the edit is re-loaded and checked before anything is
written, the original is kept as `<file>.bak`, and the new file replaces it atomically.

A file reached through a symbolic link is edited where it really is (its `.bak` beside it),
so the link stays a link. A read-only file, or one with several hard links (which an
atomic replacement would separate), is refused before anything is written.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .diagnostics import Location, Reporter, display_path
from .load import document_from_text
from .model import Document, ReviewNote, Unit
from .output import write_atomic
from .project import load_project
from .provenance import GitHistory, source_hash
from .types import TypeRegistry
from .yamltree import Mapping, Node, Scalar, Sequence, parse_tree


@dataclass(frozen=True)
class Change:
    """One unit's recorded source hash, before and after."""

    path: str  # the Chinese file
    unit: str
    old_hash: str | None
    new_hash: str
    line: int  # of the source-hash line in the edited file
    noted: bool = False  # approved with --unchanged: a resolved review note was added


@dataclass(frozen=True)
class _FileEdit:
    path: str
    original: bytes
    edited: bytes
    changes: tuple[Change, ...]


def approve(
    content_dir: Path,
    ids: list[str] | None,
    dry_run: bool,
    reporter: Reporter,
    unchanged: bool = False,
    history: GitHistory | None = None,
) -> list[Change]:
    """Record the current English hash on the Chinese units named by ids (None: every unit).

    A unit whose English changed after its hash was recorded while its Chinese stayed as it
    was is refused (an `approve.unchanged` error) unless `unchanged`: then it is approved and
    a resolved review note says so. The other units are approved all the same. Writes
    nothing when the content has errors, an id is unknown, or dry_run is set; returns the
    changes made (or, in a dry run, that would be made). history: the git history to look
    the translations up in (default: that of the content folder).
    """
    before = len(reporter.errors)
    project = load_project(content_dir, reporter)
    if project is None or len(reporter.errors) > before:
        return []
    wanted = None if ids is None else list(dict.fromkeys(ids))
    if wanted is not None:
        for unit_id in wanted:
            _check_known(project.documents, unit_id, content_dir, reporter)
        if len(reporter.errors) > before:
            return []
    history = history if history is not None else GitHistory(content_dir)
    edits = []
    refused: list[tuple[Unit, str]] = []  # (target unit, why)
    note = _note(history) if unchanged else None
    for pair in project.documents:
        targets = []
        for a in pair.units:
            if not a.source.fields or (wanted is not None and a.source.id not in wanted):
                continue
            zh, new = a.target, source_hash(a.source)
            if zh.source_hash == new:
                continue
            same = _untouched(history, a.source, zh, pair.target.path)
            if zh.source_hash is not None and same is not False:
                if not unchanged:
                    if same is not None:
                        refused.append((zh, same))
                        continue
                else:
                    targets.append((zh, new, note))
                    continue
            targets.append((zh, new, None))
        if targets:
            edit = _edit_file(pair.target, targets, project.types, reporter)
            if edit is None:
                return []
            edits.append(edit)
    for edit in edits:
        _check_writable(Path(edit.path), reporter)
    if len(reporter.errors) > before:
        return []
    for zh, why in refused:
        reporter.error(
            "approve.unchanged",
            f"'{zh.id}': not approved: the English changed, but the "
            f"translation has not changed since ({why}); update the translation and "
            f"approve it again, or, if it needs no change, run `python pipeline.py approve "
            f"--unchanged {zh.id}`",
            zh.location,
            unit=zh.id,
        )
    if dry_run:
        return [change for edit in edits for change in edit.changes]
    changes: list[Change] = []
    for edit in edits:
        real = Path(os.path.realpath(edit.path))  # through a link, to the file itself
        try:
            _write_atomic(real.with_name(real.name + ".bak"), edit.original, real)
            _write_atomic(real, edit.edited, real)
        except OSError as exc:
            reporter.error(
                "approve.write",
                f"cannot write the file: {exc.strerror or exc}",
                Location(edit.path),
            )
            break
        changes.extend(edit.changes)
    return changes


UNCHANGED_NOTE = "source change approved without a change to the translation"


def _note(history: GitHistory) -> ReviewNote:
    """The resolved note `--unchanged` adds: who (git's user.name, if set) and when."""
    import datetime

    author = history.user_name()
    today = datetime.date.today().isoformat()
    return ReviewNote(UNCHANGED_NOTE, author, today, "resolved", Location(""))


def _untouched(history: GitHistory, en: Unit, zh: Unit, path: str) -> str | Literal[False] | None:
    """Whether the target unit still reads as it did when its English changed: a
    description of that version if it does, False if it has changed, None if it cannot be
    told (no git history of the English with the recorded hash)."""
    if zh.source_hash is None or zh.id is None:
        return None
    then = history.target_when_source_changed(en, zh.source_hash, path)
    if then is None:
        return None
    if then.text != history.target_now(path, zh.id):
        return False
    return then.where


def format_changes(changes: list[Change], dry_run: bool, refused: int = 0) -> str:
    """One line per change, then a summary line (and how many units were refused, each
    reported above it)."""
    lines = [
        f"{display_path(c.path)}:{c.line}: {c.unit}: source-hash "
        f"{c.old_hash or '(none)'} -> {c.new_hash}"
        + (" (no change to the translation: recorded in a resolved review note)" if c.noted else "")
        for c in changes
    ]
    units = len(changes)
    files = len({c.path for c in changes})
    counted = f"{units} unit{'s' if units != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    if not changes and refused:
        pass
    elif not changes:
        lines.append(
            "nothing to approve: every unit asked for already records the hash of "
            "its current English"
        )
    elif dry_run:
        lines.append(f"dry run: would approve {counted}; nothing written")
    else:
        lines.append(
            f"approved {counted}; each file's previous version is kept beside it as <file>.bak"
        )
    if refused:
        lines.append(
            f"refused {refused} unit{'s' if refused != 1 else ''} whose translation has not "
            "changed since the English did (listed above)"
        )
    return "".join(line + "\n" for line in lines)


# -- choosing units -------------------------------------------------------------------------


def _check_known(documents, unit_id: str, content_dir: Path, reporter: Reporter) -> None:
    if any(a.source.id == unit_id and a.source.fields for pair in documents for a in pair.units):
        return
    untitled = any(
        u.id == unit_id and not u.fields for pair in documents for u in pair.source.units()
    )
    kind = next(
        (u.kind for pair in documents for u in pair.source.units() if u.id == unit_id), "unit"
    )
    if untitled:
        message = f"'{unit_id}' is a {kind} without a heading: it has no text of its own to approve"
    else:
        import difflib

        from .load import shown_name

        units = {
            a.source.id: a.source.location
            for pair in documents
            for a in pair.units
            if a.source.fields and a.source.id
        }
        hint = difflib.get_close_matches(unit_id, list(units), n=1, cutoff=0.6)
        searched = ", ".join(display_path(pair.source.path) for pair in documents) or "none"
        message = f"no unit '{shown_name(unit_id)}' in any document (searched: {searched})" + (
            f"; did you mean '{hint[0]}' ({units[hint[0]]})?" if hint else ""
        )
    reporter.error("approve.unknown-id", message, Location(str(content_dir)))


# -- editing one Chinese file ---------------------------------------------------------------


def _edit_file(
    zh: Document,
    targets: list[tuple[Unit, str, ReviewNote | None]],
    types: TypeRegistry,
    reporter: Reporter,
) -> _FileEdit | None:
    """The edited file, checked by loading it again; None after reporting an internal error."""
    original = Path(zh.path).read_bytes()
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    try:
        text = original[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        _internal(reporter, zh.path, "the file changed while it was being approved")
        return None
    mappings = _mappings_by_id(parse_tree(zh.path, text, Reporter()))
    edits = []  # (start, end, replacement)
    new_hashes: dict[str, str] = {}  # unit id: the hash to record
    notes: dict[str, ReviewNote] = {}  # unit id: the note to add
    for unit, new, note in targets:
        assert unit.id is not None  # an aligned unit: it has an id
        mapping = mappings.get(unit.id)
        if mapping is None:
            _internal(reporter, zh.path, f"no mapping with id '{unit.id}' in the text")
            return None
        try:
            edits.extend(_unit_edits(text, mapping, new, note))
        except _CannotNote:
            reporter.error(
                "approve.note",
                f"'{unit.id}': its review is one note written as a mapping; write it as a "
                "list (- note: …) so that approve can add its note; nothing was written",
                unit.location,
                unit=unit.id,
            )
            return None
        new_hashes[unit.id] = new
        if note is not None:
            notes[unit.id] = note
    edited = text
    for start, end, replacement in sorted(edits, reverse=True):
        edited = edited[:start] + replacement + edited[end:]
    scratch = Reporter()
    document = document_from_text(edited, zh.path, zh.lang, types, scratch)
    if document is None:
        problems = "; ".join(d.format() for d in scratch.errors)
        _internal(reporter, zh.path, f"the edited text does not load: {problems}")
        return None
    if _signature(document) != _signature(zh):
        _internal(reporter, zh.path, "the edit changed more than the source hashes")
        return None
    changes = []
    for old_unit, new_unit in zip(zh.units(), document.units()):
        assert old_unit.id is not None  # Document.units() yields only units with ids
        expected = new_hashes.get(old_unit.id, old_unit.source_hash)
        if new_unit.source_hash != expected:
            _internal(
                reporter,
                zh.path,
                f"unit '{old_unit.id}' reads source-hash {new_unit.source_hash}, not {expected}",
            )
            return None
        added = (notes[old_unit.id],) if old_unit.id in notes else ()
        if _notes(new_unit.notes) != _notes(old_unit.notes + added):
            _internal(reporter, zh.path, f"unit '{old_unit.id}' does not read the notes it had")
            return None
        if old_unit.id in new_hashes:
            new_hash, location = new_hashes[old_unit.id], new_unit.source_hash_location
            assert location is not None  # it reads new_hash, so it has the key
            changes.append(
                Change(
                    zh.path,
                    old_unit.id,
                    old_unit.source_hash,
                    new_hash,
                    location.line,
                    old_unit.id in notes,
                )
            )
    return _FileEdit(zh.path, original, bom + edited.encode("utf-8"), tuple(changes))


def _notes(notes: tuple[ReviewNote, ...]) -> tuple:
    return tuple((n.text, n.author, n.date, n.status) for n in notes)


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar every reader takes for this text (JSON's escapes are
    YAML's)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _unit_edits(
    text: str, mapping: Mapping, new: str, note: ReviewNote | None
) -> list[tuple[int, int, str]]:
    """Replace the value of the mapping's source-hash key, or add the key after its id; add
    the note to its review notes (a short `review: text` becomes a list of notes)."""
    entries = {key.value: (key, value) for key, value in mapping.items}
    flow = text.startswith("{", mapping.start)  # a flow mapping: {id: x, text: ...}
    edits = []
    after_id = ""  # keys to add after the id
    if "source-hash" in entries:
        value = entries["source-hash"][1]
        assert isinstance(value, Scalar)
        if value.plain:  # 0816024e53 unquoted is a number to YAML 1.1: quote it
            edits.append((value.start, value.end, _quoted(new)))
        else:  # keep its quotes
            start = text.find(value.value, value.start, value.end)
            edits.append((start, start + len(value.value), new))
    else:
        after_id = f"source-hash: {_quoted(new)}"
    key, value = entries["id"]
    indent = " " * (key.location.column - 1)
    newline = _newline(text)
    if note is not None:
        item = {"note": _quoted(note.text)}
        if note.author:
            item["author"] = _quoted(note.author)
        if note.date:
            item["date"] = _quoted(note.date)
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
                old = f"{_quoted(notes.value)}"
                if flow:
                    edits.append((notes.start, notes.end, f"[{old}, {flow_item}]"))
                else:
                    edits.append(
                        (
                            notes.start,
                            notes.end,
                            f"{newline}{indent}  - note: {old}{newline}{indent}  "
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
                end = _line_end(text, _last_scalar_end(notes.items[-1]))
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
                raise _CannotNote()
    if after_id:
        if flow:
            edits.append((value.end, value.end, f", {after_id}"))
        else:
            line_end = _line_end(text, value.end)
            if line_end < 0:  # the id is on the last line, which has no line break
                edits.append((len(text), len(text), f"{newline}{indent}{after_id}"))
            else:
                ending = "\r\n" if text.startswith("\r\n", line_end) else text[line_end]
                after = line_end + len(ending)
                edits.append((after, after, f"{indent}{after_id}{ending}"))
    return edits


def _last_scalar_end(node: Node) -> int:
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


class _CannotNote(Exception):
    """A review note written as a block mapping: approve cannot add to it as text."""


def _line_end(text: str, offset: int) -> int:
    """The offset of the line break ending the line offset is on, or -1 on the last line."""
    return min(
        (i for i in (text.find("\n", offset), text.find("\r", offset)) if i >= 0), default=-1
    )


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"


def _mappings_by_id(node: Node | None) -> dict[str, Mapping]:
    found: dict[str, Mapping] = {}
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            value = next((v for k, v in node.items if k.value == "id"), None)
            if isinstance(value, Scalar):
                found.setdefault(value.value, node)
            stack.extend(v for _, v in node.items)
        elif isinstance(node, Sequence):
            stack.extend(node.items)
    return found


def _signature(document: Document) -> tuple:
    """Everything a document says except its source hashes, review notes (compared unit by
    unit) and where things are."""
    units = tuple(
        (
            u.id,
            u.kind,
            u.container,
            tuple((f.name, f.source) for f in u.fields),
            tuple((w.check, w.reason) for w in u.waivers),
            tuple((key, len(children)) for key, children in u.children),
        )
        for u in (*document.units(), *document.nodes())
    )
    return document.doc_id, tuple((v.name, v.text) for v in document.values), units


def _internal(reporter: Reporter, path: str, why: str) -> None:
    reporter.error(
        "approve.internal",
        f"internal error: approve would damage this file "
        f"({why}); nothing was written. Please report this.",
        Location(path),
    )


def _check_writable(path: Path, reporter: Reporter) -> None:
    """Refuse a file approve must not replace: read-only (by its permissions or its mode:
    root may write anything, but a file without write permission was made so to be left
    alone), or with several hard links."""
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except OSError as exc:
        reporter.error(
            "approve.write", f"cannot write the file: {exc.strerror or exc}", Location(str(path))
        )
        return
    link = f" (a link to {display_path(str(real))})" if Path(path).is_symlink() else ""
    writable_mode = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if not os.access(real, os.W_OK) or not info.st_mode & writable_mode:
        reporter.error(
            "approve.read-only",
            f"the file{link} is read-only; make it writable (chmod u+w) to approve its units",
            Location(str(path)),
        )
    elif not os.access(real.parent, os.W_OK):
        reporter.error(
            "approve.read-only",
            f"the folder of the file{link} is read-only: approve replaces the file and keeps "
            "the previous one beside it as <file>.bak",
            Location(str(path)),
        )
    elif info.st_nlink > 1:
        reporter.error(
            "approve.hard-link",
            f"the file{link} has {info.st_nlink} hard links; approve replaces the file, which "
            "would leave the other names with the old text: make it a single file (or a "
            "symbolic link) first",
            Location(str(path)),
        )


def _write_atomic(path: Path, data: bytes, like: Path) -> None:
    """Atomically, with the permissions and (where allowed) the owner of `like`."""
    info = like.stat()
    write_atomic(path, data, stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid))
