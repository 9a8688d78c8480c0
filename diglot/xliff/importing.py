"""The import: a parsed file checked against the project as it is now (the document, the
languages, every unit's hashes and codes), and what it brings as TextEdits and NoteEdits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import inline
from ..diagnostics import Reporter, display_path
from ..edits import NoteEdit, TextEdit
from ..provenance import source_hash, text_hash
from ..status import DocumentStatus, ProjectStatus
from .codes import NS2, NS12, normalised, rebuilt, segment_id, to_markdown, unit_codes
from .parsing import (
    XliffUnit,
    parse_file,
    read_spans,
    read_units_2,
    read_units_12,
    shown_value,
    where_in,
)


@dataclass
class Imported:
    """What a valid XLIFF file brings: the text edits and the translator's notes (a unit's
    notes that diglot did not write become one open review note)."""

    doc_id: str
    lang: str
    author: str | None = None  # --author: the author of every note the file adds
    default_author: str | None = None  # git's user.name
    text_edits: list[TextEdit] = field(default_factory=list)
    note_edits: list[NoteEdit] = field(default_factory=list)
    units: int = 0


def read_import(
    path: Path,
    status_of: Callable[[str], ProjectStatus],
    reporter: Reporter,
    author: str | None = None,
    default_author: str | None = None,
) -> Imported | None:
    """Validate an XLIFF file against the project as it is now; its edits, or None after
    reporting every reason to refuse it. status_of(doc_id) gives the project's status with
    (at least) the document the file names, once the file is known to be XLIFF."""
    tree = parse_file(path, reporter)
    if tree is None:
        return None
    root = tree.getroot()
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    local = root.tag.rsplit("}", 1)[-1]
    version = root.get("version", "")
    if local != "xliff" or ns not in (NS2, NS12):
        reporter.error(
            "xliff.not-xliff",
            f"not an XLIFF file: the root element is <{local}>"
            + (f" in namespace '{ns}'" if ns else " in no namespace")
            + f", not <xliff> in {NS2} (2.x) or {NS12} (1.2)",
            where_in(path, root),
        )
        return None
    if (ns == NS2 and not re.fullmatch(r"2\.\d", version)) or (ns == NS12 and version != "1.2"):
        reporter.error(
            "xliff.version",
            f"XLIFF version '{version}' in this namespace is not one diglot reads (2.x, 1.2)",
            where_in(path, root),
        )
        return None
    two = ns == NS2
    files = root.findall(f"{{{ns}}}file")
    if len(files) != 1:
        reporter.error(
            "xliff.files",
            f"the file holds {len(files)} <file> elements; a diglot export holds one",
            where_in(path, root),
        )
        return None
    xfile = files[0]
    if two:
        src, tgt = root.get("srcLang"), root.get("trgLang")
        doc_id = xfile.get("id")
    else:
        src, tgt = xfile.get("source-language"), xfile.get("target-language")
        doc_id = xfile.get("original")
    project = status_of(doc_id or "")
    setup = project.checked.setup
    source_lang = setup.languages.source.tag if setup else None
    targets = [p.tag for p in setup.languages.targets] if setup else []
    bad = False
    if not src or src.lower() != str(source_lang).lower():
        reporter.error(
            "xliff.language",
            f"the source language is '{src}'; this project's is '{source_lang}'",
            where_in(path, root if two else xfile),
        )
        bad = True
    if not tgt or tgt.lower() not in [t.lower() for t in targets]:
        reporter.error(
            "xliff.language",
            f"the target language is '{tgt}'; this project translates into "
            f"{', '.join(targets) or 'no language'}",
            where_in(path, root if two else xfile),
        )
        bad = True
    if bad:
        return None
    assert tgt is not None
    lang = next(t for t in targets if t.lower() == tgt.lower())
    doc = project.document(doc_id or "", lang)
    if doc is None:
        known = sorted(getattr(project.checked, "known", None) or ())
        reporter.error(
            "xliff.document",
            f"document '{doc_id}' does not load; `check {doc_id}` says why"
            if doc_id in known
            else f"no document '{doc_id}' in this project (its documents: "
            f"{', '.join(known) or 'none'})",
            where_in(path, xfile),
        )
        return None
    imported = Imported(doc.doc_id, lang, author=author, default_author=default_author)
    if two:
        read = read_units_2(path, xfile, doc, reporter)
    else:
        read = read_units_12(path, xfile, doc, reporter)
    _validate(path, read, doc, imported, reporter, NS2 if two else NS12)
    return None if reporter.errors else imported


def _validate(path, read: dict[str, XliffUnit], doc: DocumentStatus, imported, reporter, ns):
    for unit_id, found in read.items():
        where = where_in(path, found.element)
        status = doc.unit(unit_id)
        if status is None:
            reporter.error(
                "xliff.unit",
                f"no unit '{unit_id}' in {display_path(doc.source.path)}: the unit id was "
                "changed, or the unit was removed since the export",
                where,
                unit=unit_id,
            )
            continue
        imported.units += 1
        source = status.source
        if found.source_hash != source_hash(source):
            reporter.error(
                "xliff.source-changed",
                f"unit '{unit_id}': the English changed in {display_path(doc.source.path)} "
                f"since the export (source hash {shown_value(found.source_hash)}, now "
                f"'{source_hash(source)}'); export the document again",
                where,
                unit=unit_id,
            )
            continue
        now = text_hash(status.target)
        if found.target_hash != now:
            reporter.error(
                "xliff.target-changed",
                f"unit '{unit_id}': the translation in {display_path(doc.target.path)} changed "
                f"since the export (target hash {shown_value(found.target_hash)}, now '{now}'); "
                "export again, or bring the change into the XLIFF file",
                where,
                unit=unit_id,
            )
            continue
        names = [f.name for f in source.fields]
        segment_names = {segment_id(n): n for n in names}
        for name, element in found.sources.items():
            field_name = segment_names.get(name)
            if field_name is None:
                reporter.error(
                    "xliff.segment",
                    f"unit '{unit_id}' has no field '{name}' (its fields: {', '.join(names)})",
                    where_in(path, element if element is not None else found.element),
                    unit=unit_id,
                )
                continue
            if element is None:
                continue
            english = source.field(field_name)
            assert english is not None
            spans = read_spans(path, element, unit_codes(source), field_name, unit_id, reporter, ns)
            if spans is not None and normalised(spans) != normalised(english.spans):
                reporter.error(
                    "xliff.source-changed",
                    f"unit '{unit_id}': the English of field '{field_name}' was edited in the "
                    "XLIFF file; diglot takes the English from the content only",
                    where_in(path, element),
                    unit=unit_id,
                )
        fields: dict[str, str] = {}
        for name, element in found.targets.items():
            field_name = segment_names.get(name)
            if field_name is None:
                continue
            spans = read_spans(path, element, unit_codes(source), field_name, unit_id, reporter, ns)
            if spans is None:
                continue
            current = status.target.field(field_name) if status.target is not None else None
            if current is not None and normalised(spans) == normalised(current.spans):
                continue
            text = to_markdown(rebuilt(normalised(spans)))
            if not text.strip():
                continue  # an empty target: nothing translated yet
            parsed = inline.parse(text)
            if parsed.problems or normalised(parsed.spans) != normalised(spans):
                reporter.error(
                    "xliff.inline",
                    f"unit '{unit_id}': the translation of field '{field_name}' cannot be "
                    "written in the markup subset: "
                    f"{'; '.join(parsed.problems) or 'it reads back differently'} (a bold "
                    "text that starts or ends with a space or with punctuation such as “ or 《 "
                    "next to a letter or character, or two codes side by side, cannot be "
                    "written; move the space or punctuation out of the code)",
                    where_in(path, element),
                    unit=unit_id,
                )
                continue
            fields[field_name] = text
        if fields:
            imported.text_edits.append(
                TextEdit(doc.doc_id, doc.target_lang, unit_id, fields, now, str(where))
            )
        texts = [" ".join(text.split()) for text, _ in found.notes if text.strip()]
        if texts:  # the translator's notes, as one review note on the unit
            first = found.notes[0][1]
            imported.note_edits.append(
                NoteEdit(
                    doc.doc_id,
                    doc.target_lang,
                    unit_id,
                    " / ".join(texts),
                    imported.author or _named(first) or imported.default_author,
                    date.today().isoformat(),
                    where=str(where_in(path, first)),
                )
            )


ROLES = ("translator", "reviewer", "developer", "programmer", "po-translator")


def _named(note) -> str | None:
    """Who a 1.2 note says wrote it (its from), unless that is a role rather than a name
    (translate-toolkit writes from="translator")."""
    name = (note.get("from") or "").strip()
    return name if name and name.lower() not in ROLES else None
