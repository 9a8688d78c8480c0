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
notes have from="diglot"; states: needs-review-translation (stale), translated, signed-off,
final.

Inline markup: bold is a paired code `<pc type="fmt" subType="xlf:b">` (1.2: `<g
ctype="bold">`), a link `<pc type="link">` (1.2: `<g ctype="link">`), with the Markdown
delimiters in `<originalData>` (2.x). Code ids are numbered 1, 2, ... through the unit in
order, so that the import can rebuild them from the current English and compare.

`read_import` parses a returned file with a hardened parser (no DTD, no entities, no network, a
size limit; a DOCTYPE or ENTITY declaration is refused outright), validates it against the
project and the content as it is now, and returns the TextEdits (and translators' NoteEdits)
that `diglot.edits` applies. Every refusal is a located diagnostic naming the element's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import inline
from .diagnostics import Location, Reporter, display_path
from .edits import NoteEdit, TextEdit
from .model import Unit
from .provenance import source_hash, unit_text
from .status import DocumentStatus, ProjectStatus, UnitStatus, text_hash

NS2 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
ONLY = ("new", "stale", "review", "all")
MAX_BYTES = 32 * 1024 * 1024  # an XLIFF file larger than this is refused unread
NOTE_CATEGORIES = ("diglot:review", "diglot:check", "diglot:stale")
STATE_META = "diglot-state"
SOURCE_META = "source-hash"
TARGET_META = "target-hash"


# -- inline codes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One paired code of a unit: its id, what it is and its delimiters in the content."""

    id: str
    kind: str  # "bold" or "link"
    href: str
    start: str  # the Markdown it stands for: "**" / "["
    end: str  # "**" / "](https://...)"
    field: str

    @property
    def data_start(self) -> str:
        return f"d{self.id}s"

    @property
    def data_end(self) -> str:
        return f"d{self.id}e"


def unit_codes(unit: Unit) -> dict[str, Code]:
    """The unit's codes by id, numbered through its fields in document order."""
    codes: dict[str, Code] = {}

    def walk(spans: tuple[inline.Span, ...], name: str) -> None:
        for span in spans:
            if isinstance(span, inline.Bold):
                code_id = str(len(codes) + 1)
                codes[code_id] = Code(code_id, "bold", "", "**", "**", name)
                walk(span.children, name)
            elif isinstance(span, inline.Link):
                code_id = str(len(codes) + 1)
                codes[code_id] = Code(code_id, "link", span.href, "[", f"]({span.href})", name)
                walk(span.children, name)

    for f in unit.fields:
        walk(f.spans, f.name)
    return codes


_ASCII_SPACE = " \t\n\r\f\v"
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _norm_spans(spans: tuple[inline.Span, ...]) -> tuple:
    """Spans as the comparison sees them: whitespace runs as one space, empty text gone."""
    out: list = []
    for span in spans:
        if isinstance(span, inline.Text):
            text = _SPACES.sub(" ", span.text)  # a no-break space is a change: kept
            if not text:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += text
            else:
                out.append(text)
        elif isinstance(span, inline.Bold):
            out.append(("bold", _norm_spans(span.children)))
        else:
            out.append(("link", span.href, _norm_spans(span.children)))
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip(_ASCII_SPACE)
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip(_ASCII_SPACE)
    return tuple(x for x in out if x != "")


_ENTITY = re.compile(r"&(#\w+|[A-Za-z][A-Za-z0-9]*);")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")


def _escape(text: str) -> str:
    """Literal text in the inline subset: Markdown's active characters escaped."""
    text = re.sub(r"([\\*_`\[\]])", r"\\\1", text)
    text = _HTML_START.sub(r"\\<", text)
    return _ENTITY.sub(lambda m: "\\" + m[0], text)


def to_markdown(spans: tuple[inline.Span, ...]) -> str:
    """The inline subset's source for spans (what inline.parse reads back as them)."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, inline.Text):
            out.append(_escape(span.text))
        elif isinstance(span, inline.Bold):
            out.append(f"**{to_markdown(span.children)}**")
        else:
            if out and out[-1].endswith("!"):  # ![ would open an image: escape the !
                out[-1] = out[-1][:-1] + "\\!"
            out.append(f"[{to_markdown(span.children)}]({span.href})")
    return "".join(out)


# -- export -------------------------------------------------------------------------------


def selected(unit: UnitStatus, only: Collection[str]) -> bool:
    """Whether --only exports this unit: new (missing), stale, review (marked), all."""
    return (
        "all" in only
        or ("new" in only and unit.state == "missing")
        or ("stale" in only and unit.state == "stale")
        or ("review" in only and unit.review)
    )


def unit_state(unit: UnitStatus) -> str:
    """The XLIFF 2 segment state of a unit."""
    if unit.state == "missing":
        return "initial"
    if unit.state in ("stale", "translated"):
        return "translated"
    unwaived = unit.findings and not unit.waived
    return "reviewed" if unit.review or unwaived else "final"


STATE_12 = {
    "initial": "needs-translation",
    "translated": "translated",
    "reviewed": "signed-off",
    "final": "final",
}


def unit_notes(unit: UnitStatus) -> list[tuple[str, str]]:
    """(category, text) of the notes a unit carries in the export."""
    from .textdiff import word_diff

    notes = []
    for note in unit.notes:
        who = ", ".join(x for x in (note.author, note.date) if x)
        notes.append(("diglot:review", note.text + (f" ({who})" if who else "")))
    for finding in unit.findings:
        if finding.code == "qa.stale":  # the stale note below says it, with the diff
            continue
        notes.append(("diglot:check", f"{finding.severity}: {finding.message} [{finding.code}]"))
    if unit.state == "stale":
        if unit.source_then is not None:
            diff = word_diff(unit.source_then, unit_text(unit.source))
            notes.append(("diglot:stale", f"The English changed since approval: {diff}"))
        elif unit.target is not None and unit.target.source_hash is None:
            notes.append(
                (
                    "diglot:stale",
                    "The translation was never approved (it records no source hash).",
                )
            )
        else:
            notes.append(
                (
                    "diglot:stale",
                    "The English changed since approval (the approved English is not in the "
                    "history).",
                )
            )
    return notes


def export_name(doc: DocumentStatus) -> str:
    return f"{doc.doc_id}.{doc.source.lang}-{doc.target_lang}.xlf"


def export_document(doc: DocumentStatus, only: Collection[str], version: str) -> bytes | None:
    """The XLIFF of one document and target language (None: no unit selected)."""
    units = [u for u in doc.units if selected(u, only)]
    if not units:
        return None
    if version == "1.2":
        return _export_12(doc, units)
    return _export_2(doc, units)


def _append_text(parent, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _inline_2(parent, spans, codes: Iterator[Code]) -> None:
    from lxml import etree

    for span in spans:
        if isinstance(span, inline.Text):
            _append_text(parent, span.text)
            continue
        code = next(codes)
        attrs = {"id": code.id, "dataRefStart": code.data_start, "dataRefEnd": code.data_end}
        if code.kind == "bold":
            attrs.update(type="fmt", subType="xlf:b")
        else:
            attrs.update(type="link")
        pc = etree.SubElement(parent, f"{{{NS2}}}pc", attrs)
        _inline_2(pc, span.children, codes)


def _inline_12(parent, spans, codes: Iterator[Code]) -> None:
    from lxml import etree

    for span in spans:
        if isinstance(span, inline.Text):
            _append_text(parent, span.text)
            continue
        code = next(codes)
        g = etree.SubElement(parent, f"{{{NS12}}}g", {"id": code.id, "ctype": code.kind})
        _inline_12(g, span.children, codes)


def _field_codes(unit: Unit) -> dict[str, list[Code]]:
    by_field: dict[str, list[Code]] = {}
    for code in unit_codes(unit).values():
        by_field.setdefault(code.field, []).append(code)
    return by_field


def _export_2(doc: DocumentStatus, units: list[UnitStatus]) -> bytes:
    from lxml import etree

    root = etree.Element(
        f"{{{NS2}}}xliff",
        {"version": "2.1", "srcLang": doc.source.lang, "trgLang": doc.target_lang},
        nsmap={None: NS2, "mda": MDA},
    )
    xfile = etree.SubElement(
        root,
        f"{{{NS2}}}file",
        # one segment per field: a tool must not split or join them
        {"id": doc.doc_id, "original": Path(doc.source.path).name, "canResegment": "no"},
    )
    for status in units:
        source, target = status.source, status.target
        xunit = etree.SubElement(xfile, f"{{{NS2}}}unit", {"id": status.id, "name": status.kind})
        meta = etree.SubElement(
            etree.SubElement(xunit, f"{{{MDA}}}metadata"),
            f"{{{MDA}}}metaGroup",
            {"category": "diglot"},
        )
        for name, value in (
            (SOURCE_META, source_hash(source)),
            (TARGET_META, text_hash(target)),
            (STATE_META, status.state),
        ):
            etree.SubElement(meta, f"{{{MDA}}}meta", {"type": name}).text = value
        notes = unit_notes(status)
        if notes:
            xnotes = etree.SubElement(xunit, f"{{{NS2}}}notes")
            for n, (category, text) in enumerate(notes, 1):
                note = etree.SubElement(
                    xnotes, f"{{{NS2}}}note", {"id": f"diglot-{n}", "category": category}
                )
                note.text = text
        codes = unit_codes(source)
        if codes:
            data = etree.SubElement(xunit, f"{{{NS2}}}originalData")
            for code in codes.values():
                for data_id, text in ((code.data_start, code.start), (code.data_end, code.end)):
                    etree.SubElement(data, f"{{{NS2}}}data", {"id": data_id}).text = text
        by_field = _field_codes(source)
        target_codes = _field_codes(target) if target is not None else {}
        state = unit_state(status)
        for f in source.fields:
            attrs = {"id": _segment_id(f.name), "state": state}
            if status.state == "stale":
                attrs["subState"] = "diglot:stale"
            segment = etree.SubElement(xunit, f"{{{NS2}}}segment", attrs)
            _inline_2(
                etree.SubElement(segment, f"{{{NS2}}}source"),
                f.spans,
                iter(by_field.get(f.name, [])),
            )
            translated = target.field(f.name) if target is not None else None
            if translated is not None and target is not None:
                _inline_2(
                    etree.SubElement(segment, f"{{{NS2}}}target"),
                    translated.spans,
                    _matching(target_codes.get(f.name, []), by_field.get(f.name, [])),
                )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _segment_id(name: str) -> str:
    """A field name as an NMTOKEN segment id (field names are, but be sure)."""
    return re.sub(r"[^\w.\-:]", "_", name)


def _matching(target: list[Code], source: list[Code]) -> Iterator[Code]:
    """The target's codes given the ids of the source's codes of the same kind and link, in
    order (a translation may put a bold phrase before a link the English has first); a code
    with no counterpart gets a fresh id, which the import then refuses until it is fixed."""
    free = list(source)
    fresh = 1000
    for code in target:
        match = next((c for c in free if (c.kind, c.href) == (code.kind, code.href)), None)
        if match is not None:
            free.remove(match)
            yield match
        else:
            fresh += 1
            yield Code(str(fresh), code.kind, code.href, code.start, code.end, code.field)


def _export_12(doc: DocumentStatus, units: list[UnitStatus]) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{NS12}}}xliff", {"version": "1.2"}, nsmap={None: NS12})
    xfile = etree.SubElement(
        root,
        f"{{{NS12}}}file",
        {
            "original": doc.doc_id,
            "source-language": doc.source.lang,
            "target-language": doc.target_lang,
            "datatype": "plaintext",
        },
    )
    body = etree.SubElement(xfile, f"{{{NS12}}}body")
    for status in units:
        source, target = status.source, status.target
        by_field = _field_codes(source)
        target_codes = _field_codes(target) if target is not None else {}
        notes = unit_notes(status)
        state = STATE_12[unit_state(status)]
        if status.state == "stale":
            state = "needs-review-translation"
        for f in source.fields:
            tu = etree.SubElement(
                body, f"{{{NS12}}}trans-unit", {"id": f"{status.id}#{f.name}", "resname": status.id}
            )
            _inline_12(
                etree.SubElement(tu, f"{{{NS12}}}source"), f.spans, iter(by_field.get(f.name, []))
            )
            translated = target.field(f.name) if target is not None else None
            if translated is not None:
                xtarget = etree.SubElement(tu, f"{{{NS12}}}target", {"state": state})
                _inline_12(
                    xtarget,
                    translated.spans,
                    _matching(target_codes.get(f.name, []), by_field.get(f.name, [])),
                )
            for category, text in notes:
                note = etree.SubElement(tu, f"{{{NS12}}}note", {"from": "diglot"})
                note.text = f"[{category.removeprefix('diglot:')}] {text}"
            group = etree.SubElement(
                tu,
                f"{{{NS12}}}context-group",
                {"name": f"diglot {status.id}#{f.name}", "purpose": "information"},
            )
            for name, value in (
                (SOURCE_META, source_hash(source)),
                (TARGET_META, text_hash(target)),
                (STATE_META, status.state),
            ):
                context = etree.SubElement(
                    group, f"{{{NS12}}}context", {"context-type": f"x-{name}"}
                )
                context.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- import -------------------------------------------------------------------------------


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


def _hardened_parser():
    from .xmlsafe import hardened_parser

    return hardened_parser()


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_file(path: Path, reporter: Reporter):
    """The XML tree of an XLIFF file, or None after reporting why it cannot be read."""
    from lxml import etree

    shown = str(path)
    from .files import NotReadable, read_bytes

    try:  # a regular file, never more than the limit read (not a device, not a pipe)
        data = read_bytes(path, MAX_BYTES)
    except NotReadable as exc:
        if exc.kind == "too-large":
            reporter.error(
                "xliff.too-large",
                f"the file has {exc.size or 'more'} bytes, more than the {MAX_BYTES} an "
                "XLIFF file may have",
                Location(shown),
            )
        else:
            reporter.error("xliff.unreadable", f"the file {exc.reason}", Location(shown))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: decode to look for declarations
        probe = data.decode("utf-16", "replace").encode("utf-8")
    else:
        probe = data
    found = _DECLARATION.search(probe)
    if found:
        line = probe.count(b"\n", 0, found.start()) + 1
        reporter.error(
            "xliff.doctype",
            f"the file declares a {found[1].decode().upper()}; XLIFF needs none and diglot "
            "reads no file that has one (entities could expand or read other files)",
            Location(shown, line, 1),
        )
        return None
    try:
        tree = etree.fromstring(data, _hardened_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        reporter.error(
            "xliff.syntax",
            "not well-formed XML: "
            + re.sub(
                r", line \d+, column \d+$|,? (use|try) XML_PARSE_HUGE( option)?", "", str(exc.msg)
            ),
            Location(shown, max(line, 1), max(column, 1)),
        )
        return None
    if tree.docinfo.doctype:
        reporter.error("xliff.doctype", "the file declares a DOCTYPE", Location(shown))
        return None
    return tree


def _where(path: Path, element) -> Location:
    return Location(str(path), element.sourceline or 1, 1)


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
            _where(path, root),
        )
        return None
    if (ns == NS2 and not re.fullmatch(r"2\.\d", version)) or (ns == NS12 and version != "1.2"):
        reporter.error(
            "xliff.version",
            f"XLIFF version '{version}' in this namespace is not one diglot reads (2.x, 1.2)",
            _where(path, root),
        )
        return None
    two = ns == NS2
    files = root.findall(f"{{{ns}}}file")
    if len(files) != 1:
        reporter.error(
            "xliff.files",
            f"the file holds {len(files)} <file> elements; a diglot export holds one",
            _where(path, root),
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
            _where(path, root if two else xfile),
        )
        bad = True
    if not tgt or tgt.lower() not in [t.lower() for t in targets]:
        reporter.error(
            "xliff.language",
            f"the target language is '{tgt}'; this project translates into "
            f"{', '.join(targets) or 'no language'}",
            _where(path, root if two else xfile),
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
            _where(path, xfile),
        )
        return None
    imported = Imported(doc.doc_id, lang, author=author, default_author=default_author)
    if two:
        _read_units_2(path, xfile, doc, imported, reporter)
    else:
        _read_units_12(path, xfile, doc, imported, reporter)
    return None if reporter.errors else imported


@dataclass
class _Unit:
    """One XLIFF unit as read: where it is, its hashes, targets per field, new notes."""

    element: object
    source_hash: str | None = None
    target_hash: str | None = None
    sources: dict[str, object] = field(default_factory=dict)
    targets: dict[str, object] = field(default_factory=dict)
    notes: list[tuple[str, object]] = field(default_factory=list)


def _read_units_2(path, xfile, doc, imported, reporter) -> None:
    read: dict[str, _Unit] = {}
    for xunit in xfile.iter(f"{{{NS2}}}unit"):
        unit_id = xunit.get("id", "")
        where = _where(path, xunit)
        if unit_id in read:
            reporter.error("xliff.unit", f"unit '{unit_id}' appears twice", where, unit=unit_id)
            continue
        found = read[unit_id] = _Unit(xunit)
        for meta in xunit.iterfind(f"{{{MDA}}}metadata/{{{MDA}}}metaGroup/{{{MDA}}}meta"):
            if meta.get("type") == SOURCE_META:
                found.source_hash = (meta.text or "").strip()
            elif meta.get("type") == TARGET_META:
                found.target_hash = (meta.text or "").strip()
        for note in xunit.iterfind(f"{{{NS2}}}notes/{{{NS2}}}note"):
            if note.get("category") not in NOTE_CATEGORIES:
                found.notes.append(("".join(note.itertext()).strip(), note))
        for segment in xunit.iterfind(f"{{{NS2}}}segment"):
            name = segment.get("id", "")
            if name in found.sources:
                reporter.error(
                    "xliff.segment",
                    f"unit '{unit_id}' has two segments '{name}' (one per field: was the "
                    "unit split or joined?)",
                    _where(path, segment),
                    unit=unit_id,
                )
                continue
            found.sources[name] = segment.find(f"{{{NS2}}}source")
            target = segment.find(f"{{{NS2}}}target")
            if target is not None:
                found.targets[name] = target
        data = {
            d.get("id"): d.text or ""
            for d in xunit.iterfind(f"{{{NS2}}}originalData/{{{NS2}}}data")
        }
        status = doc.unit(unit_id)
        if status is not None:
            for code in unit_codes(status.source).values():
                for data_id, text in ((code.data_start, code.start), (code.data_end, code.end)):
                    if data.get(data_id) != text:
                        reporter.error(
                            "xliff.inline",
                            f"unit '{unit_id}': the original data '{data_id}' of code {code.id} "
                            f"is {_shown(data.get(data_id))}, not '{text}' as the English has it",
                            where,
                            unit=unit_id,
                        )
    _validate(path, read, doc, imported, reporter, NS2)


def _read_units_12(path, xfile, doc, imported, reporter) -> None:
    read: dict[str, _Unit] = {}
    seen: set[str] = set()
    for tu in xfile.iter(f"{{{NS12}}}trans-unit"):
        tu_id = tu.get("id", "")
        where = _where(path, tu)
        if "#" not in tu_id:
            reporter.error(
                "xliff.unit",
                f"trans-unit '{tu_id}' is not of the form UNIT#FIELD of a diglot export",
                where,
            )
            continue
        if tu_id in seen:
            reporter.error("xliff.unit", f"trans-unit '{tu_id}' appears twice", where)
            continue
        seen.add(tu_id)
        unit_id, name = tu_id.rsplit("#", 1)
        found = read.setdefault(unit_id, _Unit(tu))
        for context in tu.iterfind(f"{{{NS12}}}context-group/{{{NS12}}}context"):
            kind, value = context.get("context-type"), (context.text or "").strip()
            if kind == f"x-{SOURCE_META}":
                found.source_hash = _agree(found.source_hash, value)
            elif kind == f"x-{TARGET_META}":
                found.target_hash = _agree(found.target_hash, value)
        for note in tu.iterfind(f"{{{NS12}}}note"):
            text = "".join(note.itertext()).strip()
            if note.get("from") != "diglot" and text not in [t for t, _ in found.notes]:
                found.notes.append((text, note))
        found.sources[name] = tu.find(f"{{{NS12}}}source")
        target = tu.find(f"{{{NS12}}}target")
        if target is not None:
            found.targets[name] = target
    _validate(path, read, doc, imported, reporter, NS12)


def _agree(before: str | None, value: str) -> str:
    """The fields of one unit must carry the same hash; a disagreement reads as no hash."""
    return value if before in (None, value) else "(differs between the unit's fields)"


def _shown(value: str | None) -> str:
    return "missing" if value is None else f"'{value}'"


def _validate(path, read: dict[str, _Unit], doc: DocumentStatus, imported, reporter, ns):
    for unit_id, found in read.items():
        where = _where(path, found.element)
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
                f"since the export (source hash {_shown(found.source_hash)}, now "
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
                f"since the export (target hash {_shown(found.target_hash)}, now '{now}'); "
                "export again, or bring the change into the XLIFF file",
                where,
                unit=unit_id,
            )
            continue
        names = [f.name for f in source.fields]
        segment_names = {_segment_id(n): n for n in names}
        for name, element in found.sources.items():
            field_name = segment_names.get(name)
            if field_name is None:
                reporter.error(
                    "xliff.segment",
                    f"unit '{unit_id}' has no field '{name}' (its fields: {', '.join(names)})",
                    _where(path, element if element is not None else found.element),
                    unit=unit_id,
                )
                continue
            if element is None:
                continue
            english = source.field(field_name)
            assert english is not None
            spans = _read_spans(
                path, element, unit_codes(source), field_name, unit_id, reporter, ns
            )
            if spans is not None and _norm_spans(spans) != _norm_spans(english.spans):
                reporter.error(
                    "xliff.source-changed",
                    f"unit '{unit_id}': the English of field '{field_name}' was edited in the "
                    "XLIFF file; diglot takes the English from the content only",
                    _where(path, element),
                    unit=unit_id,
                )
        fields: dict[str, str] = {}
        for name, element in found.targets.items():
            field_name = segment_names.get(name)
            if field_name is None:
                continue
            spans = _read_spans(
                path, element, unit_codes(source), field_name, unit_id, reporter, ns
            )
            if spans is None:
                continue
            current = status.target.field(field_name) if status.target is not None else None
            if current is not None and _norm_spans(spans) == _norm_spans(current.spans):
                continue
            text = to_markdown(_rebuilt(_norm_spans(spans)))
            if not text.strip():
                continue  # an empty target: nothing translated yet
            parsed = inline.parse(text)
            if parsed.problems or _norm_spans(parsed.spans) != _norm_spans(spans):
                reporter.error(
                    "xliff.inline",
                    f"unit '{unit_id}': the translation of field '{field_name}' cannot be "
                    "written in the markup subset: "
                    f"{'; '.join(parsed.problems) or 'it reads back differently'} (a bold "
                    "text that starts or ends with a space or with punctuation such as “ or 《 "
                    "next to a letter or character, or two codes side by side, cannot be "
                    "written; move the space or punctuation out of the code)",
                    _where(path, element),
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
                    where=str(_where(path, first)),
                )
            )


ROLES = ("translator", "reviewer", "developer", "programmer", "po-translator")


def _named(note) -> str | None:
    """Who a 1.2 note says wrote it (its from), unless that is a role rather than a name
    (translate-toolkit writes from="translator")."""
    name = (note.get("from") or "").strip()
    return name if name and name.lower() not in ROLES else None


def _rebuilt(normalised: tuple) -> tuple[inline.Span, ...]:
    """Spans from their normalised form."""
    out: list[inline.Span] = []
    for item in normalised:
        if isinstance(item, str):
            out.append(inline.Text(item))
        elif item[0] == "bold":
            out.append(inline.Bold(_rebuilt(item[1])))
        else:
            out.append(inline.Link(item[1], _rebuilt(item[2])))
    return tuple(out)


def _read_spans(path, element, codes: dict[str, Code], field_name, unit_id, reporter, ns):
    """An XLIFF source or target as spans; None after reporting a broken code. Its paired
    codes must be those of this field of the English, each once, of the same kind (and, in
    2.x, pointing at the same original data)."""
    used: set[str] = set()
    problems: list[tuple[str, object]] = []

    def walk(node) -> list[inline.Span]:
        spans: list[inline.Span] = []
        if node.text:
            spans.append(inline.Text(node.text))
        for child in node:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                pass
            else:
                local = child.tag.rsplit("}", 1)[-1]
                child_ns = child.tag[1:].split("}")[0] if child.tag.startswith("{") else ""
                code = codes.get(child.get("id", ""))
                if child_ns == ns and local == "mrk":  # an annotation: its text counts
                    spans.extend(walk(child))
                elif child_ns == ns and local in ("pc", "g") and code is not None:
                    problem = None
                    if code.field != field_name:
                        problem = f"code {code.id} belongs to field '{code.field}'"
                    elif code.id in used:
                        problem = f"code {code.id} appears twice"
                    elif ns == NS2 and (
                        child.get("dataRefStart") != code.data_start
                        or child.get("dataRefEnd") != code.data_end
                    ):
                        problem = f"code {code.id} points at other original data"
                    elif ns == NS12 and child.get("ctype") != code.kind:
                        problem = f"code {code.id} is a {code.kind}, not '{child.get('ctype')}'"
                    if problem:
                        problems.append((problem, child))
                    used.add(code.id)
                    inner = tuple(walk(child))
                    spans.append(
                        inline.Bold(inner) if code.kind == "bold" else inline.Link(code.href, inner)
                    )
                elif code is not None:  # a known code, written as another element
                    problems.append(
                        (
                            f"code {code.id} ({code.kind}) is written as <{local}>; keep it "
                            f"as the paired <{'pc' if ns == NS2 else 'g'}> of the export",
                            child,
                        )
                    )
                else:
                    shown = f"<{local} id='{child.get('id', '')}'>"
                    problems.append(
                        (
                            f"{shown} is not one of the unit's inline codes (its codes: "
                            + (", ".join(f"{c.id} {c.kind}" for c in codes.values()) or "none")
                            + ")",
                            child,
                        )
                    )
            if child.tail:
                spans.append(inline.Text(child.tail))
        return spans

    spans = walk(element)
    wanted = {c.id for c in codes.values() if c.field == field_name}
    lost = sorted(wanted - used, key=int)
    if lost and not problems:
        problems.append(
            (
                f"the inline code{'s' if len(lost) > 1 else ''} {', '.join(lost)} of the English "
                f"{'are' if len(lost) > 1 else 'is'} missing (bold and links must be kept)",
                element,
            )
        )
    for problem, where in problems:
        side = element.tag.rsplit("}", 1)[-1]
        reporter.error(
            "xliff.inline",
            f"unit '{unit_id}', field '{field_name}' ({side}): {problem}",
            _where(path, where),
            unit=unit_id,
        )
    return None if problems else tuple(spans)


def export(
    project: ProjectStatus, out: Path, only: Collection[str], version: str, reporter: Reporter
) -> list[tuple[Path, int]]:
    """Write one XLIFF file per document and target language with a selected unit; the files
    written and their unit counts. Each file is written atomically."""
    import os

    from .output import write_atomic

    umask = os.umask(0)
    os.umask(umask)
    mode = 0o666 & ~umask  # as any new file: the umask decides
    written = []
    for doc in project.documents:
        try:
            data = export_document(doc, only, version)
        except ValueError as exc:  # a text XML cannot hold (the loader lets none through)
            reporter.error(
                "xliff.character", f"cannot be written as XML: {exc}", Location(doc.target.path)
            )
            continue
        if data is None:
            continue
        out.mkdir(parents=True, exist_ok=True)
        target = out / export_name(doc)
        write_atomic(target, data, mode)
        written.append((target, sum(1 for u in doc.units if selected(u, only))))
    return written
