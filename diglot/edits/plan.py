"""A plan: a batch of text and note edits validated against the project (the unit is known,
its translation is still the one exported, the fields exist), shown as word diffs, and
written together; the caller checks the documents again after it is applied.

A text edit for a unit the translation does not have (exported with no translation) adds
the unit in its place (edits/insert.py); for a document with no file in the target
language yet, the file is made. With partial, what is refused is reported and left out,
and the rest is planned: each unit is taken or refused on its own, never in part. A file
that must not be replaced (read-only, several hard links, a .bak that is no file:
fileset.check_writable) is no unit's refusal: it blocks the plan (Plan.blocked), and
apply() writes nothing."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Location, Reporter, display_path
from ..fileset import check_writable
from ..inline import readable
from ..model import Document, ReviewNote, Unit
from ..project import Project, load_project
from ..project import refused as folder_refused
from ..source import clean_name, value_problem
from ..textdiff import word_diff
from .contract import NoteEdit, TextEdit
from .document import FileEdit, UnitChange, edit_document, internal, write_file_edits

# The place of an edit in the file imported, as an import names it: FILE:LINE:COLUMN
_PLACE = re.compile(r"(.+?):(\d+)(?::(\d+))?", re.S)

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
    refused: list[str] = field(default_factory=list)  # unit ids refused (each reported)
    added: list[str] = field(default_factory=list)  # units added to a file, or in a new one
    created: list[str] = field(default_factory=list)  # the files made
    # the files that must not be replaced (fileset.check_writable, each reported): never
    # left out as a refused unit is, they stop the whole plan: apply() writes nothing
    blocked: list[str] = field(default_factory=list)

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
        be written (then none was), or if the plan is blocked (its files were reported when
        it was planned)."""
        if self.blocked or not write_file_edits(self.edits, reporter, command):
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
    partial: bool = False,
) -> Plan | None:
    """Validate every edit against the project (opened by the command, or its content
    folder), then prepare the edited files. pairs: the documents already loaded (a check
    run's); else every document is loaded. None when anything is refused (every refusal
    is reported, naming its origin and unit); partial: the refused edits are left out
    (Plan.refused) and the rest planned."""
    from .. import inline
    from ..provenance import same_hash, text_hash

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
    refused: list[str] = []
    source_tag = project.languages.source.tag
    # units to add: path: (English document, unit id: fields); notes for them: path: notes
    additions: dict[str, tuple[Document, dict[str, dict[str, str]]]] = {}
    added_notes: dict[str, list[NoteEdit]] = {}
    where_of: dict[tuple[str, str], str] = {}  # (path, unit id): the origin of its edit

    def refuse(where: str, unit_id: str, message: str, location: Location | None) -> None:
        refused.append(unit_id)
        if location is None:  # the place in the imported file is the location, said once
            placed = _PLACE.fullmatch(where)
            if placed is not None:
                location = Location(placed[1], int(placed[2]), int(placed[3] or 1))
                where = ""
        reporter.error(
            f"{command}.refused",
            f"{where + ': ' if where else ''}'{unit_id}': {message}",
            location or Location(str(content_dir)),
            unit=unit_id,
        )

    def english(doc_id: str) -> Document | None:
        found = documents.get((doc_id, source_tag))
        return found if found is not None else project.load_source(doc_id, Reporter())

    def new_file(doc_id: str, lang: str) -> Document | None:
        """The English of a document that has no file in this language yet."""
        if (doc_id, lang) in documents or lang == source_tag:
            return None
        if lang not in {p.tag for p in project.languages.targets}:
            return None
        if (content_dir / lang / f"{doc_id}.yaml").exists():
            return None
        return english(doc_id)

    def bidi_allowed(lang: str) -> bool:
        profile = next((p for p in project.languages.all if p.tag == lang), None)
        return profile is not None and profile.bidi_controls

    def find(
        doc_id: str, lang: str, unit_id: str, where: str
    ) -> tuple[Document, Unit | None] | None:
        document = documents.get((doc_id, lang))
        if document is None and new_file(doc_id, lang) is not None:
            return None  # the caller adds to a new file
        if document is None:
            path = str(content_dir / lang / f"{doc_id}.yaml")
            problems = [d for d in loading.errors if d.location.path == path]
            if problems:  # the file is there but does not load: say why
                for diagnostic in problems:
                    if diagnostic not in reporter.diagnostics:
                        reporter.add(diagnostic)
                refuse(where, unit_id, f"{display_path(path)} does not load (see its errors)", None)
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

    def valid(edit: TextEdit, unit: Unit, names: list[str]) -> bool:
        ok = True
        for name, new in edit.fields.items():
            if name not in names:
                refuse(
                    edit.where,
                    edit.unit_id,
                    f"has no field '{name}' (it has {', '.join(names)}); add it in the file",
                    unit.location,
                )
                ok = False
                continue
            place = unit.field(name)
            at = place.location if place is not None else unit.location
            wrong = value_problem(new, bidi_allowed(edit.lang))
            if wrong:  # the file could not hold it: said before anything else is tried
                refuse(edit.where, edit.unit_id, f"the new {name} {wrong}", at)
                ok = False
                continue
            problems = inline.parse(new).problems if new.strip() else ("the text is empty",)
            for problem in problems:
                refuse(edit.where, edit.unit_id, f"the new {name}: {problem}", at)
                ok = False
        return ok

    def add(edit: TextEdit, document: Document | None) -> None:
        """A unit the translation does not have: added in its place (in a new file when the
        document has none in this language)."""
        source = english(edit.doc_id)
        unit = next((u for u in source.units() if u.id == edit.unit_id), None) if source else None
        if source is None or unit is None or not unit.fields:
            refuse(edit.where, edit.unit_id, "no unit with this id in the source", None)
            return
        names = [f.name for f in unit.fields]
        lacking = [n for n in names if n not in edit.fields]
        if lacking:
            refuse(
                edit.where,
                edit.unit_id,
                "a unit is added with all its texts; "
                + (
                    f"{lacking[0]} has none"
                    if len(lacking) == 1
                    else f"{', '.join(lacking[:-1])} and {lacking[-1]} have none"
                ),
                unit.location,
            )
            return
        if not valid(edit, unit, names):
            return
        path = (
            document.path
            if document is not None
            else str(content_dir / edit.lang / Path(source.path).name)
        )
        slot = additions.setdefault(path, (source, {}))[1]
        slot[edit.unit_id] = dict(edit.fields)
        where_of[(path, edit.unit_id)] = edit.where
        for name in names:
            label = "" if name == unit.main.name else f"{name}: "
            shown.append(_Shown(edit.where, path, edit.unit_id, f"add: {label}{edit.fields[name]}"))

    for edit in text_edits:
        if edit.expected_hash == "" and new_file(edit.doc_id, edit.lang) is not None:
            add(edit, None)
            continue
        found = find(edit.doc_id, edit.lang, edit.unit_id, edit.where)
        if found is None:
            continue
        document, unit = found
        if unit is None:
            if edit.expected_hash == "":
                add(edit, document)
            else:
                message = f"no unit with this id in {display_path(document.path)} any more"
                refuse(edit.where, edit.unit_id, message, Location(document.path))
            continue
        now = text_hash(unit)
        if not (now == edit.expected_hash or same_hash(edit.expected_hash, now)):
            refuse(
                edit.where,
                edit.unit_id,
                "changed in the repository since the export (its text is no longer the one "
                "exported); export again and redo the change in the new file",
                unit.location,
            )
            continue
        now_text = {f.name: f.source for f in unit.fields}  # each field's text now
        if not valid(edit, unit, list(now_text)):
            continue
        fields = {n: t for n, t in edit.fields.items() if now_text[n] != t}
        if not fields:
            continue
        slot = changes.setdefault(document.path, {})
        prior = slot.get(edit.unit_id, UnitChange(unit))
        pinned = prior.source_hash
        if pinned is None and unit.source_hash is not None and unit.text_hash is None:
            # an approval recorded with the English's hash alone: it now records the text it
            # approved too (the text before this import), so the changed text is not approved
            pinned = f"{unit.source_hash}/{now}"
        slot[edit.unit_id] = UnitChange(
            unit, {**prior.fields, **fields}, pinned, prior.notes, prior.resolve
        )
        where_of[(document.path, edit.unit_id)] = edit.where
        for name, new in fields.items():
            old_text = now_text[name]
            label = "" if name == unit.main.name else f"{name}: "
            shown.append(
                _Shown(edit.where, document.path, edit.unit_id, label + word_diff(old_text, new))
            )
    for note_edit in note_edits:
        found = find(note_edit.doc_id, note_edit.lang, note_edit.unit_id, note_edit.where)
        target_path = next(
            (
                path
                for path, (_, units) in additions.items()
                if note_edit.unit_id in units
                and Path(path).parent.name == note_edit.lang
                and Path(path).stem == note_edit.doc_id
            ),
            None,
        )
        if target_path is not None and (found is None or found[1] is None):
            added_notes.setdefault(target_path, []).append(note_edit)  # once it is added
            continue
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
        slot = changes.setdefault(document.path, {})
        prior = slot.get(note_edit.unit_id, UnitChange(unit))
        standing = (*(n for n in unit.notes if n.open), *prior.notes)
        if note is not None and any(_same_note(n, note) for n in standing):
            note = None  # open on the unit already: a file imported again adds no note twice
        elif note is not None and not note.open:  # a resolution recorded already, that day
            if any(not n.open and _same_note(n, note) and n.date == note.date for n in unit.notes):
                note = None
        if note is None and not resolve:
            continue
        slot[note_edit.unit_id] = UnitChange(
            unit,
            prior.fields,
            prior.source_hash,
            prior.notes + ((note,) if note is not None else ()),
            prior.resolve or resolve,
        )
        signed = ", ".join(x for x in (note.author if note else None, note_edit.date) if x)
        signed = f" ({signed})" if signed else ""
        for old_note in open_notes if resolve else ():
            shown.append(
                _Shown(
                    note_edit.where,
                    document.path,
                    unit.id or "",
                    f"resolve note: {readable(old_note.text)}",
                )
            )
        if note is not None:
            what = "resolved note" if note.status == "resolved" else "new note"
            shown.append(
                _Shown(
                    note_edit.where,
                    document.path,
                    unit.id or "",
                    f"{what}: {readable(text)}{signed}",
                )
            )
    if len(reporter.errors) > before and not partial:
        return None
    for slot in changes.values():  # a refused unit is refused whole: none of its edits is made
        for unit_id in set(refused) & slot.keys():
            del slot[unit_id]
    for path, (_, adds) in list(additions.items()):
        for unit_id in set(refused) & adds.keys():
            del adds[unit_id]
        added_notes[path] = [n for n in added_notes.get(path, []) if n.unit_id not in refused]
        if not adds:
            del additions[path]
    file_edits: list[FileEdit] = []
    by_path = {d.path: d for d in documents.values()}
    added: list[str] = []
    created: list[str] = []
    blocked: list[str] = []
    for path in dict.fromkeys([*changes, *additions]):
        units = changes.get(path, {})
        if not units and path not in additions:
            continue  # every change asked of the file is there already (a note imported again)
        held: Document | None = by_path.get(path)
        made: FileEdit | None = None
        failed = Reporter()
        if units:
            assert held is not None
            made = edit_document(
                held,
                list(units.values()),
                project.types,
                failed,
                command,
                bidi_allowed(held.lang),
                project.texts.get(str(path)),
            )
        if path in additions and (made is not None or not units):
            source, adds = additions[path]
            made = _add(
                project,
                path,
                source,
                held,
                made,
                adds,
                added_notes.get(path, []),
                failed,
                command,
                lambda unit_id, why, p=path: refuse(
                    where_of.get((p, unit_id), ""), unit_id, why, Location(p)
                ),
                bidi_allowed(Path(path).parent.name),
            )
        for diagnostic in failed.diagnostics:
            reporter.add(diagnostic)
        if made is None or failed.errors:
            if not partial:
                return None
            refused.extend([*units, *additions.get(path, (None, {}))[1]])
            continue
        if made.original is None:
            folder = Path(path).parent
            if os.path.lexists(folder) and folder_refused(
                folder, project.content_dir, reporter, folder=True
            ):  # a language folder that leads out of the project: nothing is made there
                if not partial:
                    return None
                refused.extend(additions.get(path, (None, {}))[1])
                continue
            created.append(path)
        else:  # a file that must not be replaced stops every edit, partial or not
            errors = len(reporter.errors)
            check_writable(Path(path), reporter, command)
            if len(reporter.errors) > errors:
                blocked.append(path)
        if made.before is not None:
            before_ids = {u.id for u in made.before.units()}
        else:
            before_ids = set()
        added += [u.id for u in made.after.units() if u.id not in before_ids and u.fields and u.id]
        file_edits.append(made)
    if len(reporter.errors) > before and not partial:
        return None
    doc_ids = sorted({e.after.doc_id for e in file_edits})
    shown = [s for s in shown if s.unit_id not in refused or s.unit_id in added]
    return Plan(
        project,
        file_edits,
        shown,
        doc_ids,
        list(dict.fromkeys(refused)),
        added,
        created,
        blocked,
    )


def _add(
    project: Project,
    path: str,
    source: Document,
    document: Document | None,
    made: FileEdit | None,
    adds: dict[str, dict[str, str]],
    notes: list[NoteEdit],
    reporter: Reporter,
    command: str,
    refuse,
    bidi: bool,
) -> FileEdit | None:
    """The file with the units of adds written in their places (made: the file's other
    edits, already made), checked by loading it again: the units asked for are there with
    exactly their new texts, everything else as it was. A unit that could not be placed
    (the unit that holds it is not translated) is refused through refuse(unit id, why)."""
    import dataclasses

    from .. import yamledit
    from ..files import read_stamped
    from ..load import document_from_text
    from ..source import MAX_BYTES, source_from_text
    from .document import notes_key
    from .insert import CannotAdd, add_units

    english = project.read(source.path, Reporter())
    if english is None:
        internal(reporter, path, "the source file cannot be read again", command)
        return None
    original: bytes | None = None
    current: bytes | None = None
    stamp = None
    if made is not None:
        original, stamp, current = made.original, made.stamp, made.edited
    elif document is not None:
        held = project.texts.get(str(path))
        if held is not None and held.raw is not None:
            original, stamp = held.raw, held.stamp
        else:
            original, stamp = read_stamped(path, MAX_BYTES)
        current = original
    bom, body = (b"", None) if current is None else yamledit.decode(current)
    try:
        edited = add_units(source, english.text, body, adds)
    except CannotAdd as exc:
        for unit_id in adds:
            refuse(unit_id, f"cannot be added: {exc}")
        return None
    scratch = Reporter()
    after = document_from_text(edited, path, Path(path).parent.name, project.types, scratch, bidi)
    if after is None:
        problems = "; ".join(d.message for d in scratch.errors[:3])
        for unit_id in adds:
            refuse(
                unit_id,
                "the translation would not load with the units translated so far "
                f"({problems}); translate the units it needs (the title, a heading) too",
            )
        return None
    was = made.after if made is not None else document
    before_units = {u.id or "": u for u in was.units()} if was is not None else {}
    after_units = {u.id or "": u for u in after.units()}
    for unit_id, unit in before_units.items():
        new = after_units.get(unit_id)
        if new is None or (
            [(f.name, f.source) for f in new.fields],
            notes_key(new.notes),
            new.source_hash,
        ) != ([(f.name, f.source) for f in unit.fields], notes_key(unit.notes), unit.source_hash):
            internal(reporter, path, f"adding units changed unit '{unit_id}'", command)
            return None
    english_order = [u.id or "" for u in source.units()]
    order = [u for u in after_units if u]
    if [u for u in english_order if u in after_units] != order:
        internal(reporter, path, "the units added are not in the source's order", command)
        return None
    for unit_id, fields in adds.items():
        new = after_units.get(unit_id)
        if new is None:
            holder = _holder(source, unit_id, set(adds) | set(before_units))
            refuse(unit_id, f"not added: the unit that holds it, '{holder}', is not translated")
            continue
        if {f.name: f.source for f in new.fields} != fields or new.notes or new.source_hash:
            internal(reporter, path, f"unit '{unit_id}' does not read as asked", command)
            return None
    with_text = {u.id for u in source.units() if u.fields}
    extra = (set(after_units) - set(before_units) - set(adds)) & with_text
    if extra:
        internal(reporter, path, f"units {', '.join(sorted(map(str, extra)))} came in", command)
        return None
    wanted_notes = [n for n in notes if n.unit_id in after_units]
    if wanted_notes:
        held = dataclasses.replace(
            source_from_text(path, edited), raw=yamledit.encode(bom, edited), stamp=None
        )
        grouped: dict[str, list[ReviewNote]] = {}
        for n in wanted_notes:
            if n.text.strip():
                grouped.setdefault(n.unit_id, []).append(
                    ReviewNote(n.text.strip(), clean_name(n.author), n.date, "open", Location(""))
                )
        changes = [
            UnitChange(after_units[unit_id], notes=tuple(found))
            for unit_id, found in grouped.items()
        ]
        noted = edit_document(after, changes, project.types, reporter, command, bidi, held)
        if noted is None:
            return None
        edited, after = noted.edited.decode("utf-8").removeprefix("\ufeff"), noted.after
    return FileEdit(path, original, yamledit.encode(bom, edited), document, after, stamp)


def _holder(source: Document, unit_id: str, present: set[str]) -> str:
    """The nearest unit around unit_id with text of its own that is neither translated nor
    added."""
    chain: list[Unit] = []

    def walk(units, parents) -> bool:
        for unit in units:
            if unit.id == unit_id:
                chain.extend(parents)
                return True
            if walk([u for _, us in unit.children for u in us], [*parents, unit]):
                return True
        return False

    walk([u for _, us in (*source.title, *source.body) for u in us], [])
    for unit in reversed(chain):
        if unit.id and unit.fields and unit.id not in present:
            return unit.id
    return next((u.id for u in reversed(chain) if u.id), "") or "?"


def _same_note(held: ReviewNote, new: ReviewNote) -> bool:
    """Whether a unit's note says what a new one would: the same text (its spaces aside) by
    the same author."""
    return " ".join(held.text.split()) == " ".join(new.text.split()) and (held.author or None) == (
        new.author or None
    )
