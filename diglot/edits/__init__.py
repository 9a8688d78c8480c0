"""The one place that writes reviewed changes into content files: `approve`'s source hashes,
and the texts and review notes that a review file or an XLIFF file brings back.

Files are edited as text (`diglot.yamledit`, which knows nothing of content), so comments,
quoting, blank lines, key order, line endings and a byte-order mark stay as they were. A
replaced text keeps its quoting style (plain, single, double, a `|` or `>` block) when that
style can hold the new text; otherwise it is written double-quoted with escapes (a text of
several lines as a `|` block). Every edit is re-loaded
and compared with what was asked before anything is written: the edited file must read as
the original with exactly the requested changes. The original is kept as `<file>.bak`, and
the new file replaces it atomically.

A file reached through a symbolic link is edited where it really is (its `.bak` beside it),
so the link stays a link. A read-only file, or one with several hard links (which an
atomic replacement would separate), is refused before anything is written
(`fileset.check_writable`); the files of one command are replaced together or not at all
(`fileset.replace_together`).

`contract`: what an import asks for; `document`: one file's edit; `plan`: a batch of edits
validated against the project (the unit is known, its translation is still the one
exported, the fields exist), which `Plan.apply()` writes; the caller then checks the
documents written (`pipeline.check(project, only=plan.doc_ids)`). Nothing here calls up
into the checks or the status."""

from __future__ import annotations

from .contract import NoteEdit, TextEdit
from .document import (
    CannotEdit,
    FileEdit,
    UnitChange,
    edit_document,
    write_file_edit,
    write_file_edits,
)
from .plan import Plan, plan

__all__ = [
    "CannotEdit",
    "FileEdit",
    "NoteEdit",
    "Plan",
    "TextEdit",
    "UnitChange",
    "edit_document",
    "plan",
    "write_file_edit",
    "write_file_edits",
]
