"""`approve`: records in each target language's file which source text each translation was
made from.

For each approved unit the target file gets `source-hash: "<source>/<translation>"`: the
hash of the source unit it was approved against, then the hash of the translation approved
(a translation changed since is no longer approved), quoted, so that every YAML reader
takes it for text. A unit whose source changed while its translation did not (its text is the
same as just before the commit that changed the source, found in git) is refused, unless
`--unchanged` says it needs no change: then a resolved review note recording that is
added to the unit. The file is edited as text by `diglot.edits` (which the review and XLIFF imports share):
comments, quoting, blank lines, key order, line endings and a byte-order mark stay as they
were; the edit is re-loaded and checked before anything is written, the original is kept
as `<file>.bak`, and the new file replaces it atomically. A file reached through a symbolic
link is edited where it really is; a read-only file, or one with several hard links, is
refused before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .diagnostics import Diagnostic, Location, Reporter, display_path, echoed
from .edits import FileEdit, UnitChange, edit_document, write_file_edits
from .fileset import check_writable
from .model import Document, ReviewNote, Unit
from .project import Project, document_of, load_project
from .provenance import GitHistory, same_hash, source_hash, text_hash
from .source import clean_name
from .suggest import did_you_mean


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
    edit: FileEdit


# A translation under way: a document or units not translated yet. They keep nothing from
# being approved; any other problem of a document's files keeps that document from it.
IN_PROGRESS = ("parity.no-translation", "parity.missing", "parity.count")


def approve(
    content_dir: Path | Project,
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
    changes made (or, in a dry run, that would be made). content_dir: the project (opened
    by the command), or its content folder; history: the git history to look the
    translations up in (default: the project's).
    """
    before = len(reporter.errors)
    loading = Reporter()
    project = load_project(content_dir, loading)
    if project is None:
        reporter.diagnostics.extend(loading.diagnostics)
        return []
    content_dir = project.content_dir
    # each document's own problems: they keep it from being approved, never another one
    problems: dict[str, list[Diagnostic]] = {}
    for diagnostic in loading.errors:
        doc_id = document_of(diagnostic.location.path, project.setup)
        if doc_id is not None and diagnostic.code not in IN_PROGRESS:
            problems.setdefault(doc_id, []).append(diagnostic)
    pairs = [p for p in project.documents if p.doc_id not in problems]
    wanted: list[str] | None = None
    chosen: set[str] = {p.doc_id for p in project.documents} | set(problems)
    if ids is not None:
        wanted, chosen = [], set()
        named: set[str] = set()  # the documents named: all their units
        for name in dict.fromkeys(ids):
            if name in project.known:
                chosen.add(name)
                named.add(name)
                if name not in problems and not any(p.doc_id == name for p in pairs):
                    reporter.error(
                        "approve.unknown-id",
                        f"document '{name}' has no translation to approve yet (no file in "
                        f"{', '.join(p.tag for p in project.languages.targets)})",
                        Location(str(content_dir)),
                    )
                continue
            holder = next(
                (
                    p.doc_id
                    for p in project.documents
                    for a in p.units
                    if a.source.id == name and a.source.fields
                ),
                None,
            )
            if holder is not None:
                chosen.add(holder)
                wanted.append(name)
                continue
            _check_known(pairs, name, content_dir, reporter, tuple(sorted(problems)))
        if len(reporter.errors) > before:
            return []
        wanted += [a.source.id for p in pairs if p.doc_id in named for a in p.units if a.source.id]
    for doc_id in sorted(chosen & set(problems)):
        for diagnostic in problems[doc_id]:
            reporter.add(diagnostic)
        # the report is in file order, where this line may come first: it names the files
        paths = dict.fromkeys(d.location.path for d in problems[doc_id])
        reporter.error(
            "approve.document",
            f"document '{doc_id}' was not approved: there are errors in "
            f"{', '.join(map(display_path, paths))}; fix them and approve it again",
            Location(str(content_dir)),
            related=tuple(map(Location, paths)),
        )
    pairs = [p for p in pairs if p.doc_id in chosen]
    history = history if history is not None else project.history()
    edits = []
    refused: list[tuple[Unit, str]] = []  # (target unit, why)
    note = _note(history) if unchanged else None
    blocked = len(reporter.errors)
    for pair in pairs:
        targets: list[tuple[Unit, str, ReviewNote | None]] = []
        for a in pair.units:
            if not a.source.fields or (wanted is not None and a.source.id not in wanted):
                continue
            zh, english = a.target, source_hash(a.source)
            new = f"{english}/{text_hash(zh)}"  # the English, and the translation approved
            if zh.approval == new:
                continue
            if same_hash(zh.source_hash, english):
                # the translation changed since it was approved, or the approval was recorded
                # in an older form: recorded again, as it stands
                targets.append((zh, new, None))
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
            bidi = project.languages.get(pair.target.lang).bidi_controls
            edit = _edit_file(pair.target, targets, project, reporter, bidi)
            if edit is None:
                return []
            edits.append(edit)
    for edit in edits:
        check_writable(Path(edit.path), reporter, "approve", "to approve its units")
    if len(reporter.errors) > blocked:
        return []
    for zh, why in refused:
        reporter.error(
            "approve.unchanged",
            f"'{zh.id}': not approved: the {project.languages.source.name} changed, but the "
            f"translation has not changed since ({why}); update the translation and "
            f"approve it again, or, if it needs no change, run `python pipeline.py approve "
            f"--unchanged {zh.id}`",
            zh.location,
            unit=zh.id,
        )
    if dry_run:
        return [change for edit in edits for change in edit.changes]
    if not write_file_edits([edit.edit for edit in edits], reporter, "approve"):
        return []  # none was written
    return [change for edit in edits for change in edit.changes]


UNCHANGED_NOTE = "source change approved without a change to the translation"


def _note(history: GitHistory) -> ReviewNote:
    """The resolved note `--unchanged` adds: who (git's user.name, if set) and when."""
    import datetime

    author = clean_name(history.user_name())  # git's user.name may hold anything
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
            "its current source text"
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
            "changed since its source text did (listed above)"
        )
    return "".join(line + "\n" for line in lines)


# -- choosing units -------------------------------------------------------------------------


def _check_known(
    documents,
    unit_id: str,
    content_dir: Path,
    reporter: Reporter,
    unloaded: tuple[str, ...] = (),
) -> None:
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
        units = {
            a.source.id: a.source.location
            for pair in documents
            for a in pair.units
            if a.source.fields and a.source.id
        }
        searched = ", ".join(display_path(pair.source.path) for pair in documents) or "none"
        message = (
            f"no unit '{echoed(unit_id)}' in any document (searched: {searched}"
            + (
                f"; not searched, as their files have errors: {', '.join(unloaded)}"
                if unloaded
                else ""
            )
            + ")"
            + did_you_mean(unit_id, units, about=units)
        )
    reporter.error("approve.unknown-id", message, Location(str(content_dir)))


# -- editing one Chinese file ---------------------------------------------------------------


def _edit_file(
    zh: Document,
    targets: list[tuple[Unit, str, ReviewNote | None]],
    project: Project,
    reporter: Reporter,
    bidi_controls: bool = False,
) -> _FileEdit | None:
    """The edited file, checked by loading it again; None after reporting an error."""
    changes = [
        UnitChange(unit, source_hash=new, notes=(note,) if note else ())
        for unit, new, note in targets
    ]
    edit = edit_document(
        zh, changes, project.types, reporter, "approve", bidi_controls, project.texts.get(zh.path)
    )
    if edit is None:
        return None
    noted = {unit.id for unit, _, note in targets if note is not None}
    new_hashes = {unit.id: new for unit, new, _ in targets}
    found = []
    assert edit.before is not None  # approve edits files that exist
    for old_unit, new_unit in zip(edit.before.units(), edit.after.units()):
        if old_unit.id in new_hashes:
            location = new_unit.source_hash_location
            assert location is not None  # edit_document checked that it reads the new hash
            found.append(
                Change(
                    zh.path,
                    old_unit.id or "",
                    old_unit.approval,
                    new_hashes[old_unit.id],
                    location.line,
                    old_unit.id in noted,
                )
            )
    assert edit.original is not None
    return _FileEdit(zh.path, edit.original, edit.edited, tuple(found), edit)
