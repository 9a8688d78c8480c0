"""`approve`: records in each target language's file which source text each translation was
made from.

For each approved unit the target file gets `source-hash: <hash of the source unit>`. The
file is edited as text, so comments, quoting, blank lines, key order, line endings and a
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

from .diagnostics import Location, Reporter, display_path
from .load import document_from_text
from .model import Document, Unit
from .output import write_atomic
from .project import load_project
from .provenance import source_hash
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


@dataclass(frozen=True)
class _FileEdit:
    path: str
    original: bytes
    edited: bytes
    changes: tuple[Change, ...]


def approve(
    content_dir: Path, ids: list[str] | None, dry_run: bool, reporter: Reporter
) -> list[Change]:
    """Record the current English hash on the Chinese units named by ids (None: every unit).

    Writes nothing when the content has errors, an id is unknown, or dry_run is set; returns
    the changes made (or, in a dry run, that would be made).
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
    edits = []
    for pair in project.documents:
        targets = [
            (a.target, source_hash(a.source))
            for a in pair.units
            if a.source.fields and (wanted is None or a.source.id in wanted)
        ]
        targets = [(zh, new) for zh, new in targets if zh.source_hash != new]
        if targets:
            edit = _edit_file(pair.target, targets, project.types, reporter)
            if edit is None:
                return []
            edits.append(edit)
    for edit in edits:
        _check_writable(Path(edit.path), reporter)
    if len(reporter.errors) > before:
        return []
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


def format_changes(changes: list[Change], dry_run: bool) -> str:
    """One line per change, then a summary line."""
    lines = [
        f"{display_path(c.path)}:{c.line}: {c.unit}: source-hash "
        f"{c.old_hash or '(none)'} -> {c.new_hash}"
        for c in changes
    ]
    units = len(changes)
    files = len({c.path for c in changes})
    counted = f"{units} unit{'s' if units != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    if not changes:
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
    zh: Document, targets: list[tuple[Unit, str]], types: TypeRegistry, reporter: Reporter
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
    for unit, new in targets:
        assert unit.id is not None  # an aligned unit: it has an id
        mapping = mappings.get(unit.id)
        if mapping is None:
            _internal(reporter, zh.path, f"no mapping with id '{unit.id}' in the text")
            return None
        edits.append(_hash_edit(text, mapping, new))
        new_hashes[unit.id] = new
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
        if old_unit.id in new_hashes:
            new_hash, location = new_hashes[old_unit.id], new_unit.source_hash_location
            assert location is not None  # it reads new_hash, so it has the key
            changes.append(
                Change(zh.path, old_unit.id, old_unit.source_hash, new_hash, location.line)
            )
    return _FileEdit(zh.path, original, bom + edited.encode("utf-8"), tuple(changes))


def _hash_edit(text: str, mapping: Mapping, new: str) -> tuple[int, int, str]:
    """Replace the value of the mapping's source-hash key, or add the key after its id."""
    entries = {key.value: (key, value) for key, value in mapping.items}
    if "source-hash" in entries:
        value = entries["source-hash"][1]
        assert isinstance(value, Scalar)
        start = text.find(value.value, value.start, value.end)  # inside quotes, if quoted
        return start, start + len(value.value), new
    key, value = entries["id"]
    if text.startswith("{", mapping.start):  # a flow mapping: {id: x, text: ...}
        return value.end, value.end, f", source-hash: {new}"
    line_end = min(
        (i for i in (text.find("\n", value.end), text.find("\r", value.end)) if i >= 0), default=-1
    )
    indent = " " * (key.location.column - 1)
    if line_end < 0:  # the id is on the last line, which has no line break
        return len(text), len(text), f"{_newline(text)}{indent}source-hash: {new}"
    newline = "\r\n" if text.startswith("\r\n", line_end) else text[line_end]
    after = line_end + len(newline)
    return after, after, f"{indent}source-hash: {new}{newline}"


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
    """Everything a document says except its source hashes and where things are."""
    units = tuple(
        (
            u.id,
            u.kind,
            u.container,
            tuple((f.name, f.source) for f in u.fields),
            u.review,
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
