"""The bilingual review file: a Word table a reviewer edits, and its import.

`export` writes, per document and target language, `<doc>.<src>-<tgt>.review.docx`: a
heading, instructions in both languages, and a table with one row per unit (its number as
the edition prints it, id, source text, target text, status, findings, open review notes,
and an empty comment). Only the target text and the comment are meant to be edited: the
document is protected read-only with editable ranges around those two cells (Word's
`w:documentProtection` with `w:permStart`/`w:permEnd` for everyone). What the import needs
to detect tampering is kept in custom document properties: the diglot version, the
document id, the languages, and per row the unit id, the source hash of its English and
the hash of its target text at export.

`import_review` reads such a file back. The file is untrusted: it must be a zip archive
with safe entry names and sizes, its XML is parsed without DTDs, entities or network
access, and it must match the project (the document, the languages, every row's id and
English, in the exported order). Each changed target text and each comment becomes an
`edits.TextEdit` or `edits.NoteEdit`; `edits.plan` validates them against the repository."""

from __future__ import annotations

from ..wordml.read import Refused, Unreadable
from .exporting import export
from .importing import import_review
from .markup import FORMAT, ONLY_CHOICES, canonical, segments, to_markup
from .reading import ReviewFile, read_review

__all__ = [
    "FORMAT",
    "ONLY_CHOICES",
    "Refused",
    "ReviewFile",
    "Unreadable",
    "canonical",
    "export",
    "import_review",
    "read_review",
    "segments",
    "to_markup",
]
