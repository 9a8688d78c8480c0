"""XLIFF export and import: hand translations to a CAT tool and take them back.

`export` writes one XLIFF file per document and target language, `xliff/<doc>.<src>-<tgt>.xlf`:
XLIFF 2.1 by default (namespace urn:oasis:names:tc:xliff:document:2.0, version="2.1"), or
XLIFF 1.2 for the tools that still prefer it.

XLIFF 2.1: one `<file id=DOC>`; one `<unit id=UNIT name=KIND>` per diglot unit with text, one
`<segment id=FIELD>` per text field of the unit (a person's name and roles are two segments of
one unit). A segment's `state` comes from the unit's status: initial (no translation yet),
translated (translated, or stale: subState="diglot:stale"), reviewed (approved, but marked for
review or with findings that are not waived), final (approved, current, no open note). The
unit's `mda:metadata` (XLIFF's metadata module) records the hash of the English and of the
translation at export, and the unit's diglot state. Notes: `diglot:review` (an open review
note), `diglot:check` (a finding of the checks) and `diglot:stale` (the English word diff since
approval).

XLIFF 1.2: one `<file original=DOC>`; one `<trans-unit id="UNIT#FIELD" resname=UNIT>` per
field; the hashes and the state are contexts of a `<context-group name="diglot UNIT#FIELD">`;
notes have from="diglot-developer" (developer notes to translate-toolkit); states:
needs-review-translation (stale), translated, signed-off, final.

Inline markup: bold is a paired code `<pc type="fmt" subType="xlf:b">` (1.2: `<g
ctype="bold">`), a link `<pc type="link">` (1.2: `<g ctype="link">`), with the Markdown
delimiters in `<originalData>` (2.x). Code ids are numbered 1, 2, ... through the unit in
order, so that the import can rebuild them from the current English and compare.

`read_import` parses a returned file with a hardened parser (no DTD, no entities, no network, a
size limit; a DOCTYPE or ENTITY declaration is refused outright), validates it against the
project and the content as it is now, and returns the TextEdits (and translators' NoteEdits)
that `diglot.edits` applies. Every refusal is a located diagnostic naming the element's line."""

from __future__ import annotations

from .codes import (
    MAX_BYTES,
    MDA,
    NS2,
    NS12,
    ONLY,
    Code,
    normalised,
    rebuilt,
    to_markdown,
    unit_codes,
)
from .exporting import export, export_document, export_name, selected, unit_state
from .importing import Imported, read_import
from .parsing import parse_file

__all__ = [
    "Code",
    "Imported",
    "MAX_BYTES",
    "MDA",
    "NS12",
    "NS2",
    "ONLY",
    "export",
    "export_document",
    "export_name",
    "normalised",
    "parse_file",
    "read_import",
    "rebuilt",
    "selected",
    "to_markdown",
    "unit_codes",
    "unit_state",
]
