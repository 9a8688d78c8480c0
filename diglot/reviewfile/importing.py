"""The import: a read review file checked against the project as it is now (the document,
the languages, every row's id, English and order), and its changed translations and
comments as TextEdits and NoteEdits planned (edits.plan)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from .. import inline
from ..diagnostics import Location, Reporter, display_path
from ..project import Project, load_project
from ..wordml.read import Refused, Unreadable, merge
from .markup import (
    ASCII_SPACE,
    COMMENT_COLUMN,
    RESOLVED_WORDS,
    TARGET_COLUMN,
    canonical,
    segments,
    shown_hash,
    to_markup,
    unbroken,
)
from .reading import AnchoredComment, cell_text, read_review

COLUMN_NAMES = ("No.", "id", "English", "Chinese", "Status", "Findings", "Review notes", "Comment")


def column_names(source: str, target: str) -> tuple[str, ...]:
    """The columns as the file names them: the source's and the translation's by their
    languages' names (English, Chinese: the original first, whichever it is)."""
    return (*COLUMN_NAMES[:2], source, target, *COLUMN_NAMES[4:])


_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _on(date: str) -> str:
    return f" on {date[:10]}" if _DAY.fullmatch(date[:10]) else ""


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return f": “{text[:200]}{'…' if len(text) > 200 else ''}”" if text else ""


def _comment_text(comment) -> str:
    return " ".join(to_markup(comment.runs).split())


def _resolution(text: str) -> tuple[str, bool]:
    """A comment's text without "resolved"/已解决 at its start, and whether it was there."""
    lowered = text.lower()
    for word in RESOLVED_WORDS:
        rest = text[len(word) :]
        if lowered.startswith(word) and not rest[:1].isalnum():
            return rest.lstrip(" :：,，.。;；-—"), True
    return text, False


def _thread(comment) -> tuple[str, bool]:
    """A Word comment with its replies as the text of one note (each reply after the
    question with its author and date: "… — reply by Zhang Wei on 2026-12-06: …"), and
    whether a reply resolves the thread (it begins with "resolved" or 已解决)."""
    text, resolves = _comment_text(comment), False
    for reply in comment.replies:
        said, closing = _resolution(_comment_text(reply))
        resolves = resolves or closing
        signed = f"{'resolved' if closing else 'reply'} by {reply.author or 'someone'}"
        text += f" — {signed}{_on(reply.date)}" + (f": {said}" if said else "")
    return text.strip(" —"), resolves


def _covered(
    anchored: AnchoredComment, ids: list[str], columns_named: tuple[str, ...] = COLUMN_NAMES
) -> str:
    """What a Word comment is on, as its notes say it: the columns it covers other than the
    Chinese and Comment ("On the English", "On the English and Chinese"), and the units
    when it covers more than one row ("On 2 units (a and b)"); nothing for the Chinese or
    Comment cell of one unit."""
    first, last = anchored.rows[0], anchored.rows[-1]
    if first == last:
        start, end = anchored.column, anchored.last_column
        if start is None or end is None:
            start = end = start if end is None else end
    else:  # the same column in every row it covers, or no column named
        start = end = anchored.column if anchored.column == anchored.last_column else None
    named: list[str] = []
    if start is not None and end is not None:
        columns = range(min(start, end), max(start, end) + 1)
        if not set(columns) <= {TARGET_COLUMN, COMMENT_COLUMN}:
            named = [columns_named[c] for c in columns if c != COMMENT_COLUMN]
    words = (
        ""
        if not named
        else "the " + (named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1])
    )
    if first == last:
        return f"On {words}" if words else ""
    between = "and" if last - first == 1 else "to"
    units = f"{last - first + 1} units ({ids[first - 1]} {between} {ids[last - 1]})"
    return f"On {words} of {units}" if words else f"On {units}"


def _trimmed(cell, names: list[str]):
    """A cell's paragraphs without the empty ones after the unit's texts."""
    while len(cell) > len(names) and not "".join(t for t, _, _ in cell[-1]).strip():
        cell = cell[:-1]
    return cell


def import_review(
    content_dir: Path | Project,
    path: Path,
    author: str | None,
    reporter: Reporter,
    today: str | None = None,
    accept_changes: bool = False,
    proposals: list[str] | None = None,
):
    """Read a review file and plan its changes (Plan.apply writes them; the caller checks
    the document again). Returns the plan, or None after reporting why the file is
    refused. content_dir: the project opened by the command, or its content folder.

    Tracked changes in the Chinese column are proposals: the cell is read as it was before
    them, and each row's proposed text becomes a review note signed by the change's author
    (its unit id added to proposals); accept_changes applies them instead. Word's comments
    anchored in a row become notes on its unit (author and date from Word); comments and
    tracked changes elsewhere are listed as warnings (review-import.outside)."""
    if proposals is None:
        proposals = []
    from ..edits import NoteEdit, TextEdit, plan
    from ..locale import english_language_name
    from ..provenance import same_hash, source_hash

    where = Location(str(path))
    shown = display_path(str(path))
    try:
        review = read_review(path)
    except Refused as exc:
        code = "io.error" if isinstance(exc, Unreadable) else "review-import.file"
        located = Location(str(path), exc.row, 1, f"row {exc.row}") if exc.row else where
        reporter.error(code, f"{exc}; nothing was written", located)
        return None
    info = review.info
    doc_id, source, target = info["document"], info["source"], info["target"]
    loading = Reporter()
    project = load_project(content_dir, loading)
    if project is not None:
        content_dir = project.content_dir
    pair = None
    if project is not None:
        pair = next(
            (p for p in project.documents if p.doc_id == doc_id and p.target.lang == target),
            None,
        )
    if pair is None and project is not None:
        paths = {str(content_dir / lang / f"{doc_id}.yaml") for lang in (source, target)}
        problems = [d for d in loading.errors if d.location.path in paths]
        if problems:
            for diagnostic in problems:
                reporter.add(diagnostic)
            failed = dict.fromkeys(d.location.path for d in problems)  # named: file order
            reporter.error(
                "review-import.document",
                f"the files of document '{doc_id}' do not load: there are errors in "
                f"{', '.join(map(display_path, failed))}; fix them first; nothing was written",
                where,
                related=tuple(map(Location, failed)),
            )
            return None
    if pair is None or pair.source.lang != source:
        known = sorted(
            {
                f"{p.doc_id} ({p.source.lang}-{p.target.lang})"
                for p in (project.documents if project else ())
            }
        )
        reporter.error(
            "review-import.document",
            f"the file was exported from document '{doc_id}' ({source}-{target}), which this "
            f"project does not have (it has: {', '.join(known) or 'none'}); nothing was written",
            where,
        )
        return None
    recorded, rows = review.recorded, review.rows
    assert project is not None  # a pair was found in it
    named = {
        role: english_language_name(profile.babel_locale) or profile.name
        for role, profile in (
            ("source", project.languages.source),
            ("target", project.languages.matching(target) or project.languages.targets[0]),
        )
    }
    columns_named = column_names(named["source"], named["target"])
    source_name, target_name = named["source"], named["target"]

    def at_row(number: int, unit_id: str) -> Location:
        """A row of the table, as the file is located (a Word file has no lines)."""
        return Location(str(path), number, 1, f"row {number} ({unit_id})")

    def refuse(number: int, unit_id: str, message: str) -> None:
        reporter.error("review-import.row", message, at_row(number, unit_id), unit=unit_id)

    before = len(reporter.errors)
    ids = [cell_text(r.cells[1]) for r in rows]
    expected = [r.unit_id for r in recorded]
    if len(rows) != len(recorded) or sorted(ids) != sorted(expected):
        import difflib

        matcher = difflib.SequenceMatcher(None, expected, ids, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("delete", "replace"):
                for i in range(i1, i2):
                    refuse(
                        i + 1,
                        expected[i],
                        "was deleted from the table (rows must not be added or deleted)",
                    )
            if tag in ("insert", "replace"):
                for j in range(j1, j2):
                    refuse(
                        j + 1,
                        ids[j],
                        "was added to the table, or its id changed (rows must not be added "
                        "or deleted, ids not changed)",
                    )
        return None
    for n, (unit_id, wanted) in enumerate(zip(ids, expected), 1):
        if unit_id != wanted:
            at = expected.index(unit_id) + 1
            refuse(
                n,
                unit_id,
                f"the rows were reordered: this unit was exported as row {at} ('{wanted}' "
                "was here); keep the exported order",
            )
    if len(reporter.errors) > before:
        return None
    source_units = {u.id: u for u in pair.source.units()}
    target_units = {u.id: u for u in pair.target.units()}
    text_edits: list[TextEdit] = []
    note_edits: list[NoteEdit] = []
    who: list[str | None] | None = None  # the notes' author, looked up once
    day = today or datetime.date.today().isoformat()

    def default_author() -> str | None:
        nonlocal who
        if who is None:
            who = [author or review.author or (project.history().user_name() if project else None)]
        return who[0]

    def note(
        n: int, unit_id: str, tgt, unit, text: str, by: str | None, on: str, done=False, about=""
    ):
        """A comment on a row as review notes: "resolved"/已解决 at its start (or Word's
        Resolve) marks the unit's open notes resolved, in both languages; about says what
        the comment is on, when it is more than the unit's Chinese ("On the English")."""
        text, said_resolved = _resolution(text)
        resolve = done or said_resolved
        if text and about:
            text = f"{about}: {text}"
        lang = target if tgt is not None else source
        origin = f"{shown} row {n}"
        if resolve:  # the open notes of both languages; the comment on the target
            for lang_, u in ((source, unit), (target, tgt)):
                if u is not None and (lang_ == lang or any(x.open for x in u.notes)):
                    words = text if lang_ == lang else ""
                    note_edits.append(NoteEdit(doc_id, lang_, unit_id, words, by, on, True, origin))
        else:
            note_edits.append(NoteEdit(doc_id, lang, unit_id, text, by, on, False, origin))

    comments_by_row: dict[int, list] = {}
    for anchored in review.comments:
        if anchored.row is None or not 1 <= anchored.row <= len(rows):
            listed = _thread(anchored.comment)[0]
            reporter.warning(
                "review-import.outside",
                f"a Word comment by {anchored.comment.author or 'someone'}"
                f"{_on(anchored.comment.date)} is not in a unit's row (it is in the heading, "
                f"the instructions or the header row): “{listed}”; not imported",
                where,
            )
            continue
        for covered in anchored.rows:  # a comment over several rows: a note on each unit
            if covered <= len(rows):
                comments_by_row.setdefault(covered, []).append(anchored)
    for change in review.outside:
        reporter.warning(
            "review-import.outside",
            f"a tracked {change.kind} by {change.author or 'someone'}{_on(change.date)} outside "
            f"the table of units{_quoted(change.text)}; not imported",
            where,
        )
    for row, kept in zip(rows, recorded):
        n, unit_id = row.number, kept.unit_id
        unit = source_units.get(unit_id)
        if unit is None:
            refuse(n, unit_id, f"no unit with this id in {display_path(pair.source.path)} any more")
            continue
        for column, changes in enumerate(row.changes):
            if column in (TARGET_COLUMN, COMMENT_COLUMN):
                continue
            for change in changes:  # in a protected column: listed, never applied
                reporter.warning(
                    "review-import.outside",
                    f"a tracked {change.kind} by "
                    f"{change.author or 'someone'}{_on(change.date)} in the "
                    f"{columns_named[column]} column{_quoted(change.text)}; only the "
                    f"{target_name} and Comment columns are imported; not applied",
                    at_row(n, unit_id),
                    unit=unit_id,
                )
        for change in row.row_changes:
            reporter.warning(
                "review-import.outside",
                f"a tracked {change.kind} by "
                f"{change.author or 'someone'}{_on(change.date)}; rows are neither added nor "
                "deleted by an import; not applied",
                at_row(n, unit_id),
                unit=unit_id,
            )
        if shown_hash(row.original[2]) != kept.source_shown:
            refuse(
                n,
                unit_id,
                f"the {source_name} was changed in the file; only the {target_name} and "
                "Comment columns may be edited (export again)",
            )
            continue
        if not same_hash(kept.source_hash, source_hash(unit)):
            reporter.warning(
                "review-import.english-changed",
                f"the {source_name} changed in the repository since the export; the "
                f"translation will need approving against the new {source_name}",
                at_row(n, unit_id),
                unit=unit_id,
            )
        tgt = target_units.get(unit_id)
        names = [f.name for f in (tgt or unit).fields]
        tracked = row.changes[TARGET_COLUMN]
        proposal = None  # the Chinese with the tracked changes accepted, when they are not
        if tracked and not accept_changes:
            cell = _trimmed(row.original[TARGET_COLUMN], names)
            proposed = _trimmed(row.cells[TARGET_COLUMN], names)
            if [canonical(p) for p in proposed] != [canonical(p) for p in cell]:
                proposal = proposed
        else:
            cell = _trimmed(row.cells[TARGET_COLUMN], names)
        if shown_hash(cell) == kept.target_shown:
            pass  # untouched, whatever the repository holds now (plan() tells if it changed)
        elif len(cell) != len(names):
            refuse(
                n,
                unit_id,
                f"the {target_name} cell has {len(cell)} paragraphs, the unit has {len(names)} "
                f"text(s) ({', '.join(names)}): keep one paragraph per text",
            )
            continue
        else:
            changed = {}
            for name, typed in zip(names, cell):
                paragraph = unbroken(typed)  # a line break typed in the cell: as it reads
                old = tgt.field(name) if tgt is not None else None
                if old is not None and canonical(segments(old.source)) == canonical(paragraph):
                    continue
                new = to_markup(paragraph).strip(ASCII_SPACE)
                if inline.parse(new).plain.split() != "".join(t for t, _, _ in paragraph).split():
                    refuse(n, unit_id, f"the text of {name} cannot be written in the markup subset")
                    continue
                changed[name] = new
            if changed:
                text_edits.append(
                    TextEdit(doc_id, target, unit_id, changed, kept.target_hash, f"{shown} row {n}")
                )
        if proposal is not None:  # a proposal for review: a note with the text and its author
            authors = list(dict.fromkeys(c.author for c in tracked if c.author))
            dates = sorted(c.date[:10] for c in tracked if _DAY.fullmatch(c.date[:10]))
            texts = " / ".join(to_markup(p).strip(ASCII_SPACE) for p in proposal)
            listed = ", ".join(authors) or "a reviewer"
            note_edits.append(
                NoteEdit(
                    doc_id,
                    target if tgt is not None else source,
                    unit_id,
                    f"Proposed in Word (tracked changes by {listed}): {texts}",
                    authors[0] if len(authors) == 1 else default_author(),
                    dates[-1] if dates else day,
                    False,
                    f"{shown} row {n}",
                )
            )
            proposals.append(unit_id)
        comment = to_markup(
            merge([s for p in row.cells[COMMENT_COLUMN] for s in p + [(" ", False, None)]])
        ).strip()
        comment = " ".join(comment.split())
        if comment:
            note(n, unit_id, tgt, unit, comment, default_author(), day)
        for anchored in comments_by_row.get(n, []):  # a thread of comments: one note
            text, resolves = _thread(anchored.comment)
            if not text and not (anchored.comment.done or resolves):
                continue
            date = anchored.comment.date[:10]
            note(
                n,
                unit_id,
                tgt,
                unit,
                text,
                anchored.comment.author or default_author(),
                date if _DAY.fullmatch(date) else day,
                anchored.comment.done or resolves,
                _covered(anchored, [r.unit_id for r in recorded], columns_named),
            )
    if len(reporter.errors) > before:
        return None
    assert project is not None  # a pair was found in it
    return plan(project, text_edits, note_edits, reporter, "review-import", pairs=[pair])
