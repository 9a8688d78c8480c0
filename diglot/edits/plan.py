"""A plan: a batch of text and note edits validated against the project (the unit is known,
its translation is still the one exported, the fields exist), shown as word diffs, and
written together; the caller checks the documents again after it is applied."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Location, Reporter, display_path
from ..fileset import check_writable
from ..model import Document, ReviewNote, Unit
from ..project import Project, load_project
from ..source import clean_name, value_problem
from ..textdiff import word_diff
from .contract import NoteEdit, TextEdit
from .document import FileEdit, UnitChange, edit_document, write_file_edits

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
    from .. import inline
    from ..provenance import text_hash

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
