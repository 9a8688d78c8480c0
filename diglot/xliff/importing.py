"""The import: a parsed file checked against the project as it is now (the document, the
languages, every unit's hashes and codes), and what it brings as TextEdits and NoteEdits.

A problem of the file as a whole (not XLIFF, other languages, an unknown document) refuses
it; a problem of one unit refuses that unit only (reported, located at its element), and
the others are taken. A target that is empty, or the English itself (what OmegaT leaves in
a segment it did not translate), is not a translation: it is listed, never applied."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from .. import inline
from ..diagnostics import Location, Reporter, display_path
from ..edits import NoteEdit, TextEdit
from ..provenance import hash_fields, same_hash, source_hash, text_hash
from ..status import DocumentStatus, ProjectStatus, UnitStatus
from .codes import (
    NS2,
    NS11,
    NS12,
    field_codes,
    matching_codes,
    normalised,
    rebuilt,
    segment_id,
    spans_shape,
    to_markdown,
    unit_codes,
)
from .exporting import exported_state
from .parsing import (
    UNFINISHED_STATES,
    XliffUnit,
    parse_file,
    reached,
    read_spans,
    read_units_2,
    read_units_12,
    shape,
    shown_value,
    where_in,
)


@dataclass
class Imported:
    """What a readable XLIFF file brings: the text edits and the translator's notes (a
    unit's notes that diglot did not write become one open review note), the units refused
    (each reported), those it leaves untranslated, and the states the tool gave the units
    that bring a change."""

    doc_id: str
    lang: str
    author: str | None = None  # --author: the author of every note the file adds
    default_author: str | None = None  # git's user.name
    text_edits: list[TextEdit] = field(default_factory=list)
    note_edits: list[NoteEdit] = field(default_factory=list)
    units: int = 0
    refused: list[str] = field(default_factory=list)
    untranslated: list[tuple[str, str, Location]] = field(default_factory=list)  # unit, why
    states: dict[str, list[str]] = field(default_factory=dict)  # state: the units changed
    # (unit, state, where): a draft, at the unit in the file
    unfinished: list[tuple[str, str, Location]] = field(default_factory=list)
    tool_approved: list[str] = field(default_factory=list)
    # (unit, what the tool says, what the export said, where): a translation the tool sets
    # back (fuzzy, needs translation, not approved) without changing its text
    set_back: list[tuple[str, str, str, Location]] = field(default_factory=list)
    new_document: bool = False  # the document has no file in the target language yet
    added: list[str] = field(default_factory=list)  # units the target file does not have
    # notes kept beside the file (an OmegaT project's memory), by the English of the segment
    saved_notes: dict[str, list] = field(default_factory=dict)


class _Unit:
    """The reporter of one unit's checks: whether any refused it."""

    def __init__(self, reporter: Reporter):
        self.reporter = reporter
        self.failed = False

    def error(self, *args, **kwargs) -> None:
        self.failed = True
        self.reporter.error(*args, **kwargs)


def read_import(
    path: Path,
    status_of: Callable[[str], ProjectStatus],
    reporter: Reporter,
    author: str | None = None,
    default_author: str | None = None,
    saved_notes: dict[str, list] | None = None,
) -> Imported | None:
    """Validate an XLIFF file against the project as it is now; what it brings, or None
    after reporting why the whole file is refused. status_of(doc_id) gives the project's
    status with (at least) the document the file names, once the file is known to be
    XLIFF."""
    tree = parse_file(path, reporter)
    if tree is None:
        return None
    root = tree.getroot()
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    local = root.tag.rsplit("}", 1)[-1]
    version = root.get("version", "")
    if local != "xliff" or ns not in (NS2, NS12, NS11):
        reporter.error(
            "xliff.not-xliff",
            f"not an XLIFF file: the root element is <{local}>"
            + (f" in namespace '{ns}'" if ns else " in no namespace")
            + f", not <xliff> in {NS2} (2.x), {NS12} (1.2) or {NS11} (1.1)",
            where_in(path, root),
        )
        return None
    if (
        (ns == NS2 and not re.fullmatch(r"2\.\d", version))
        or (ns == NS12 and version != "1.2")
        or (ns == NS11 and version != "1.1")
    ):
        reporter.error(
            "xliff.version",
            f"XLIFF version '{version}' in this namespace is not one diglot reads (2.x, 1.2, 1.1)",
            where_in(path, root),
        )
        return None
    if ns == NS11:  # what diglot reads of 1.1 is 1.2's: read as 1.2
        _as_12(root)
        ns = NS12
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
    from_po = (doc_id or "").lower().endswith((".po", ".pot"))
    if not two and (from_po or xfile.get("datatype") == "po"):
        said = f'original="{doc_id}"' if from_po else 'datatype="po"'
        reporter.error(
            "xliff.document",
            f"the file was converted from a PO file (XLIFF {version}, <file {said}>: "
            "po2xliff), which keeps neither diglot's unit ids nor the export's hashes; translate the exported .xlf "
            "itself (translate-toolkit, Weblate and Pootle read and write XLIFF), not a PO "
            "made from it",
            where_in(path, xfile),
        )
        return None
    project = status_of(doc_id or "")
    lang = _languages(path, root if two else xfile, src, tgt, project, reporter)
    if lang is None:
        return None
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
    imported = Imported(
        doc.doc_id,
        lang,
        author=author,
        default_author=default_author,
        saved_notes=saved_notes or {},
    )
    imported.new_document = doc.new
    if two:
        read = read_units_2(path, xfile, doc, reporter)
    else:
        read = read_units_12(path, xfile, doc, reporter)
    glossary = project.checked.run.glossary if project.checked else None
    protected = (
        glossary.for_target(lang).protected if glossary and lang in glossary.by_target else ()
    )
    for unit_id, found in read.items():
        checks = _Unit(reporter)
        _import_unit(path, unit_id, found, doc, imported, checks, NS2 if two else NS12, protected)
        if checks.failed:
            imported.refused.append(unit_id)
    return imported


def _as_12(root) -> None:
    """A 1.1 file's elements put in 1.2's namespace (where they are in the file kept)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(f"{{{NS11}}}"):
            element.tag = f"{{{NS12}}}{element.tag.split('}', 1)[1]}"


def _languages(path, element, src, tgt, project: ProjectStatus, reporter) -> str | None:
    """The project's tag of the file's target language (matched as BCP 47 tags are: zh-CN
    and zh-Hans name a zh-Hans project's zh), or None after reporting why not."""
    setup = project.checked.setup if project.checked else None
    if setup is None:
        reporter.error(
            "xliff.language", "the project's languages cannot be read", Location(str(path))
        )
        return None
    languages = setup.languages
    where = where_in(path, element)
    found_source = languages.matching(src or "")
    found_target = languages.matching(tgt or "")
    source = languages.source
    bad = False
    if found_source is not source:
        reporter.error(
            "xliff.language",
            f"the source language is '{src or ''}'; this project's is '{source.tag}' "
            f"({source.name}, {source.canonical})",
            where,
        )
        bad = True
    if found_target is None or found_target not in languages.targets:
        targets = ", ".join(f"{p.tag} ({p.name}, {p.canonical})" for p in languages.targets)
        reporter.error(
            "xliff.language",
            f"the target language is '{tgt or ''}'; this project translates into "
            f"{targets or 'no language'}",
            where,
        )
        bad = True
    return None if bad or found_target is None else found_target.tag


def _import_unit(
    path, unit_id, found: XliffUnit, doc: DocumentStatus, imported, checks, ns, protected
):
    where = where_in(path, found.element)
    status = doc.unit(unit_id)
    if status is None:
        checks.error(
            "xliff.unit",
            f"no unit '{unit_id}' in {display_path(doc.source.path)}: the unit id was "
            "changed, or the unit was removed since the export",
            where,
            unit=unit_id,
        )
        return
    imported.units += 1
    source = status.source
    # first: the file's codes and data are compared with the English as it is now, so an
    # English edited since the export (a bold added) would read as a damaged file
    if not same_hash(found.source_hash, source_hash(source)):
        checks.error(
            "xliff.source-changed",
            f"unit '{unit_id}': the source text changed in {display_path(doc.source.path)} "
            f"since the export (source hash {shown_value(found.source_hash)}, now "
            f"'{source_hash(source)}'); export the document again",
            where,
            unit=unit_id,
        )
        return
    for code, message, place in found.problems:
        checks.error(code, message, place, unit=unit_id)
    if found.problems:
        return
    now = text_hash(status.target)
    names = [f.name for f in source.fields]
    segment_names = {segment_id(n): n for n in names}
    changed = not (found.target_hash == now == "" or same_hash(found.target_hash, now))
    if changed and _already_in(path, unit_id, found, status, segment_names, ns):
        return  # handed back again after an import: what it brings is there already
    if changed and _as_exported(path, unit_id, found, source, segment_names, ns):
        return  # not touched in the tool: the translation changed since stays as it is
    if changed:
        checks.error(
            "xliff.target-changed",
            f"unit '{unit_id}': the translation in {display_path(doc.target.path)} changed "
            f"since the export (target hash {shown_value(found.target_hash)}, now '{now}'); "
            "export again, or bring the change into the XLIFF file",
            where,
            unit=unit_id,
        )
        return
    codes = unit_codes(source)
    for name, element in found.sources.items():
        field_name = segment_names.get(name)
        if field_name is None:
            checks.error(
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
        spans = read_spans(path, element, codes, field_name, unit_id, checks, ns)
        if spans is not None and normalised(spans) != normalised(english.spans):
            checks.error(
                "xliff.source-changed",
                f"unit '{unit_id}': the source text of field '{field_name}' was edited in the "
                "XLIFF file; diglot takes the source from the content only",
                where_in(path, element),
                unit=unit_id,
            )
    fields, untranslated = _targets(
        path, unit_id, found, status, segment_names, checks, ns, protected
    )
    if checks.failed:
        return
    missing = status.target is None or status.state == "missing"
    if missing:
        lacking = [n for n in names if n not in fields]
        if lacking:  # a unit is added whole, or not at all
            single = len(names) == 1
            why = untranslated or ["no target" if single else f"{n}: no target" for n in lacking]
            imported.untranslated.append((unit_id, "; ".join(why), where))
            fields = {}
    elif untranslated:
        imported.untranslated.append((unit_id, "; ".join(untranslated), where))
    if fields:
        imported.text_edits.append(
            TextEdit(doc.doc_id, doc.target_lang, unit_id, fields, now, str(where))
        )
        if status.target is None:
            imported.added.append(unit_id)
        wrote = exported_state(status, ns == NS2)
        tool = [found.states[n] for n in found.states if n in fields and found.states[n] != wrote]
        for state in dict.fromkeys(tool):  # a state the tool set (not the export's own)
            imported.states.setdefault(state, []).append(unit_id)
            if state.split(" ")[0] in UNFINISHED_STATES:
                imported.unfinished.append((unit_id, state, where))
        if found.approved:
            imported.tool_approved.append(unit_id)
    elif status.target is not None and status.state != "missing" and not untranslated:
        _set_back(unit_id, found, status, ns == NS2, imported, where)
    for element in found.sources.values():  # notes OmegaT kept in its project memory
        said = " ".join("".join(cast(Any, element).itertext()).split())
        for saved in imported.saved_notes.get(said, ()):
            imported.note_edits.append(
                NoteEdit(
                    doc.doc_id,
                    doc.target_lang,
                    unit_id,
                    _literal(saved.text),
                    imported.author or saved.author or imported.default_author,
                    saved.date or date.today().isoformat(),
                    where=saved.where,
                )
            )
    said_by = [(text, element) for text, element in found.notes if text.strip()]
    said_by += _marked_comments(found)
    texts = [_literal(" ".join(text.split())) for text, _ in said_by]
    if texts:  # the translator's notes and comments, as one review note on the unit
        first = said_by[0][1]
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


def _literal(text: str) -> str:
    """A note as the tool holds it (plain text: a translator's `*`, `<b>`, `&amp;` or
    backtick are characters, not markup) in the inline subset a review note is written in,
    so that it reads back as the same characters and never stops the unit's translation."""
    return to_markdown((inline.Text(text),))


def _set_back(unit_id, found, status: UnitStatus, two: bool, imported, where) -> None:
    """A unit whose translation the tool marks as further back than the export did (a
    reviewer's fuzzy, needs-translation, or approved="no" on an approved unit) while its
    text is unchanged: listed, since diglot takes no state from a file."""
    wrote = exported_state(status, two)
    step = reached(wrote)
    behind = [
        state
        for state in dict.fromkeys(found.states.values())
        if step is not None and (r := reached(state)) is not None and r < step
    ]
    if not two and found.unapproved and status.state == "approved":
        behind.append('approved="no"')
    if behind:
        imported.set_back.append((unit_id, ", ".join(behind), wrote, where))


def _marked_comments(found) -> list[tuple[str, Any]]:
    """The comments a translator put on words of a target (XLIFF 2: <mrk type="comment"
    value="…">; 1.2: <mrk comment="…">), each as “the words”: the comment, with its
    element: they become the unit's review note, as <note>s do."""
    said = []
    for target in found.targets.values():
        if target is None:
            continue
        for element in target.iter():
            if not isinstance(element.tag, str) or element.tag.rsplit("}", 1)[-1] != "mrk":
                continue
            comment = (
                element.get("value") if element.get("type") == "comment" else None
            ) or element.get("comment")
            if comment and comment.strip():
                words = " ".join("".join(element.itertext()).split())
                said.append((f"“{words}”: {comment}" if words else comment, element))
    return said


def _as_exported(path, unit_id, found, source, segment_names, ns) -> bool:
    """Whether the unit's targets in the file are the translation as exported (its hash is
    the target hash the export recorded): the translator left it alone, so a translation
    changed in the repository since is no conflict."""
    if not found.targets or not found.target_hash:
        return False
    quiet = _Unit(Reporter())
    codes = unit_codes(source)
    texts = []
    for name, element in found.targets.items():
        field_name = segment_names.get(name)
        if field_name is None or element is None:
            return False
        spans = read_spans(path, element, codes, field_name, unit_id, quiet, ns)
        if spans is None or quiet.failed:
            return False
        texts.append((field_name, to_markdown(rebuilt(normalised(spans)))))
    return same_hash(found.target_hash, hash_fields(texts))


def _already_in(path, unit_id, found, status: UnitStatus, segment_names, ns) -> bool:
    """Whether every target of the unit in the file is the translation the content holds now
    (a file imported before, handed back again with more work in it)."""
    if status.target is None or status.state == "missing" or not found.targets:
        return False
    quiet = _Unit(Reporter())
    fields, untranslated = _targets(path, unit_id, found, status, segment_names, quiet, ns, ())
    return not (fields or untranslated or quiet.failed)


def _targets(path, unit_id, found, status: UnitStatus, segment_names, checks, ns, protected):
    """The new texts of a unit's fields ({field: markup}), and why some are not
    translations (a target empty, or the English itself)."""
    source, target = status.source, status.target
    element_name = "pc" if ns == NS2 else "g"
    by_field = field_codes(source)
    target_codes = field_codes(target) if target is not None else {}
    codes = unit_codes(source)
    fields: dict[str, str] = {}
    untranslated: list[str] = []
    for name, element in found.targets.items():
        field_name = segment_names.get(name)
        if field_name is None:
            continue
        english = source.field(field_name)
        assert english is not None
        label = "" if len(segment_names) == 1 else f"{field_name}: "
        found_shape = shape(element)
        if not found_shape:
            untranslated.append(f"{label}the target is empty")
            continue
        current = target.field(field_name) if target is not None else None
        if current is not None and status.state != "missing":
            now = matching_codes(target_codes.get(field_name, []), by_field.get(field_name, []))
            if found_shape == spans_shape(current.spans, now, element_name):
                continue  # as exported: nothing changed (whatever its codes)
        english_shape = spans_shape(english.spans, iter(by_field.get(field_name, [])), element_name)
        if found_shape == english_shape and _words(english.plain, protected):
            untranslated.append(f"{label}the target is the source text")
            continue
        spans = read_spans(path, element, codes, field_name, unit_id, checks, ns)
        if spans is None:
            continue
        if current is not None and normalised(spans) == normalised(current.spans):
            continue
        text = to_markdown(rebuilt(normalised(spans)))
        if not text.strip():
            untranslated.append(f"{label}the target is empty")
            continue
        parsed = inline.parse(text)
        if parsed.problems or normalised(parsed.spans) != normalised(spans):
            checks.error(
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
    return fields, untranslated


def _words(text: str, protected: tuple[str, ...]) -> bool:
    """Whether a text has words to translate: a letter left once the glossary's protected
    tokens (G42, OECD) are taken out. A figure (40%, 2024) is the same in every language."""
    for token in sorted(protected, key=len, reverse=True):
        text = text.replace(token, " ")
    return any(ch.isalpha() for ch in text)


ROLES = ("translator", "reviewer", "developer", "programmer", "po-translator")


def _named(note) -> str | None:
    """Who a 1.2 note says wrote it (its from), unless that is a role rather than a name
    (translate-toolkit writes from="translator")."""
    name = (note.get("from") or "").strip()
    return name if name and name.lower() not in ROLES else None
