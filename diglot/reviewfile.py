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
`edits.TextEdit` or `edits.NoteEdit`; `edits.plan` validates them against the repository.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import inline, jsonlimits
from .diagnostics import Location, Reporter, display_path
from .files import NotReadable, read_bytes

if TYPE_CHECKING:
    from .status import ProjectStatus

FORMAT = 1
ONLY_CHOICES = ("all", "findings", "stale", "review")
RESOLVED_WORDS = ("resolved", "已解决", "已解決")

MAX_FILE_BYTES = 50 * 1024 * 1024  # the .docx itself
MAX_ENTRY_BYTES = 20 * 1024 * 1024  # one entry, uncompressed
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all entries, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for entries above 1 MiB
MAX_ENTRIES = 2000
MAX_ROWS = 100_000  # rows of the table a review file records

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
COLUMNS = 8  # No., id, source, target, status, findings, notes, comment
TARGET_COLUMN, COMMENT_COLUMN = 3, 7


# -- text as segments: (text, bold, href) ------------------------------------------------------

Segment = tuple[str, bool, str | None]


def segments(source: str) -> list[Segment]:
    """A text in the inline markup as runs of (text, bold, link target)."""
    found: list[Segment] = []

    def walk(spans, bold: bool, href: str | None) -> None:
        for span in spans:
            if isinstance(span, inline.Text):
                found.append((span.text, bold, href))
            elif isinstance(span, inline.Bold):
                walk(span.children, True, href)
            else:
                walk(span.children, bold, span.href)

    walk(inline.parse(source).spans, False, None)
    return merge(found)


def merge(found: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for text, bold, href in found:
        if not text:
            continue
        if merged and merged[-1][1:] == (bold, href):
            merged[-1] = (merged[-1][0] + text, bold, href)
        else:
            merged.append((text, bold, href))
    return merged


_ESCAPE = re.compile(r"([\\*_\[\]<`])|(&(?=#?\w+;))")


def _escaped(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\\" + m[0], text)


def to_markup(found: list[Segment]) -> str:
    """The inline markup for runs of (text, bold, link target): **bold**, [text](url)."""
    out: list[str] = []
    i = 0
    found = merge(found)
    while i < len(found):
        href = found[i][2]
        group = [found[i]]
        while href is not None and i + 1 < len(found) and found[i + 1][2] == href:
            i += 1
            group.append(found[i])
        inner = "".join(_bold(text, bold) for text, bold, _ in group)
        out.append(f"[{inner}]({href})" if href is not None else inner)
        i += 1
    return "".join(out)


def _bold(text: str, bold: bool) -> str:
    if not bold or not text.strip():
        return _escaped(text)
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}**{_escaped(core)}**{trail}"


_ASCII_SPACE = " \t\n\r\f\v"
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def canonical(found: list[Segment]) -> str:
    """What two texts are compared by: the markup with runs of spaces and line breaks as one
    space (a no-break space or an ideographic space is a character like any other)."""
    return _SPACES.sub(" ", to_markup(found)).strip(_ASCII_SPACE)


# -- export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """What the export recorded of a row: the unit id, provenance.source_hash of its
    English, status.text_hash of its Chinese ("" when it had none), and hashes of the two
    cells as shown (so that an untouched cell is known as such whatever the repository says
    now)."""

    unit_id: str
    source_hash: str
    target_hash: str
    source_shown: str
    target_shown: str


def shown_hash(paragraphs: list[list[Segment]]) -> str:
    """A hash of a cell as shown: its paragraphs' text and markup, whitespace collapsed,
    trailing empty paragraphs left out."""
    import hashlib

    texts = [canonical(p) for p in paragraphs]
    while texts and not texts[-1]:
        texts.pop()
    return hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()[:10]


def _fields_shown(unit) -> str:
    return shown_hash([segments(f.source) for f in unit.fields] if unit is not None else [])


def _wanted(unit, only: set[str]) -> bool:
    if "all" in only:
        return True
    return bool(
        ("findings" in only and unit.findings)
        or ("stale" in only and unit.state in ("stale", "missing"))
        or ("review" in only and unit.review)
    )


def export(
    content_dir: Path,
    documents: list[str] | None,
    only: set[str],
    out_dir: Path,
    templates_dir: Path,
    reporter: Reporter,
    today: str | None = None,
) -> tuple[list[Path], list[str], ProjectStatus]:
    """Write the review files; returns the files written, the documents left out because no
    unit matched `only`, and the run's status (its checked run tells unknown document
    ids)."""
    from . import __version__
    from .locale import load_locale
    from .output import write_atomic
    from .status import project_status

    found = project_status(content_dir, Reporter(), only=documents, templates_dir=templates_dir)
    checked = found.checked
    if checked.unknown or checked.setup is None:
        return [], [], found
    setup = checked.setup
    # A file that does not load has no status: its errors say why. What the checks find
    # in the documents that load (parity, translation checks) is shown in the file.
    for diagnostic in found.diagnostics:
        if diagnostic.severity == "error" and not diagnostic.code.startswith(
            ("qa.", "tracking.", "parity.")
        ):
            reporter.add(diagnostic)
    today = today or datetime.date.today().isoformat()
    written: list[Path] = []
    skipped: list[str] = []  # documents without a unit to review
    profiles = {p.tag: p for p in setup.languages.all}
    for status in found.documents:
        source, target = status.source.lang, status.target_lang
        before = len(reporter.errors)
        locale = load_locale(profiles[target], templates_dir, reporter)
        if locale is None:
            continue
        units = [u for u in status.units if _wanted(u, only)]
        if not units:
            skipped.append(f"{status.doc_id} ({source}-{target})")
            continue
        data = _document(status, units, locale, profiles[target], __version__, today, sorted(only))
        locale.report_missing(reporter)
        if len(reporter.errors) > before:
            continue
        path = out_dir / f"{status.doc_id}.{source}-{target}.review.docx"
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, 0o644)
        written.append(path)
    return written, skipped, found


def _document(status, units, locale, profile, version: str, today: str, only: list[str]) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from .provenance import source_hash
    from .status import text_hash

    _ = locale.gettext
    document = docx.Document()
    document.core_properties.author = ""
    document.core_properties.last_modified_by = ""
    document.core_properties.comments = ""
    document.core_properties.title = (
        f"Review: {status.doc_id} ({status.source.lang}-{status.target_lang})"
    )
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    r_pr = normal.element.get_or_add_rPr()
    if profile.word_east_asian:  # the target language's face and language tag
        face = next(iter(profile.body_fonts), None)
        if face:
            r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), face)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:eastAsia"), profile.word_lang)
        r_pr.append(lang)
    src_title = status.source.title_unit("title")
    tgt_title = status.target.title_unit("title")
    heading = (
        " / ".join(u.main.plain for u in (src_title, tgt_title) if u is not None and u.fields)
        or status.doc_id
    )
    document.add_heading(heading, level=1)
    label = _("Review file")
    exported = _("Exported on {date}").format(date=today)
    document.add_paragraph(
        f"Review file · {label} — {status.doc_id}, {status.source.lang} → "
        f"{status.target_lang}; exported {today} · {exported}; diglot {version}"
    )
    instructions = [
        (
            "Edit only the Chinese column and the Comment column; the other columns are "
            "protected. Keep one paragraph per text in the Chinese cell (as in the English "
            "cell). Bold and links are kept. A comment becomes a review note; to mark a "
            "unit's open notes as resolved, begin the comment with “resolved” (or “已解决”). "
            "Do not add, delete or reorder rows. Send the saved .docx back; it is read with "
            "`python pipeline.py review-import FILE`."
        ),
        _(
            "Edit only the Chinese column and the Comment column; the other columns are "
            "protected. Keep one paragraph per text in the Chinese cell (as in the English "
            "cell). Bold and links are kept. A comment becomes a review note; to mark a "
            "unit's open notes as resolved, begin the comment with “resolved” (or “已解决”). "
            "Do not add, delete or reorder rows. Send the saved .docx back; it is read with "
            "`python pipeline.py review-import FILE`."
        ),
    ]
    for text in instructions:
        document.add_paragraph(text)
    headers = [
        ("No.", _("No.")),
        ("id", "id"),
        ("English", _("English")),
        ("Chinese", _("Chinese")),
        ("Status", _("Status")),
        ("Findings", _("Findings")),
        ("Review notes", _("Review notes")),
        ("Comment", _("Comment")),
    ]
    table = document.add_table(rows=1, cols=COLUMNS)
    table.style = document.styles["Table Grid"]
    widths = [Cm(1.2), Cm(3.0), Cm(5.8), Cm(5.2), Cm(1.8), Cm(3.0), Cm(3.6), Cm(3.1)]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice reads
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, (en, zh), width in zip(header.cells, headers, widths):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.add_run(en if en == zh else f"{en} {zh}").bold = True
    state_names = {
        "missing": _("missing"),
        "stale": _("stale"),
        "translated": _("translated"),
        "approved": _("approved"),
    }
    marked = _("marked for review")
    rows = []
    permission = 0
    for unit in units:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        cells[0].paragraphs[0].add_run(unit.number)
        cells[1].paragraphs[0].add_run(unit.id)
        _write_fields(document, cells[2], [f.source for f in unit.source.fields])
        target_texts = [f.source for f in unit.target.fields] if unit.target is not None else []
        _write_fields(document, cells[3], target_texts)
        state = f"{unit.state} {state_names[unit.state]}"
        if unit.review:
            state += "\nreview " + marked
        _write_lines(cells[4], state.split("\n"))
        _write_lines(cells[5], [f"{d.severity}: {d.message} [{d.code}]" for d in unit.findings])
        _write_lines(
            cells[6],
            [n.text + (f" ({n.author})" if n.author else "") for n in unit.notes],
        )
        for column in (TARGET_COLUMN, COMMENT_COLUMN):
            permission += 1
            _editable(cells[column], permission)
        rows.append(
            Row(
                unit.id,
                source_hash(unit.source),
                text_hash(unit.target),
                _fields_shown(unit.source),
                _fields_shown(unit.target),
            )
        )
    _protect(document)
    header_info = {
        "format": FORMAT,
        "version": version,
        "document": status.doc_id,
        "source": status.source.lang,
        "target": status.target_lang,
        "rows": len(rows),
        "exported": today,
        "only": only,
    }
    properties = [("diglot", json.dumps(header_info, ensure_ascii=False))] + [
        (
            f"diglot.row.{n}",
            f"{r.unit_id} {r.source_hash} {r.target_hash or '-'} {r.source_shown} {r.target_shown}",
        )
        for n, r in enumerate(rows, 1)
    ]
    blob = _custom_properties(properties)
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT_CUSTOM, blob, package)
    package.relate_to(part, RT_CUSTOM)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _custom_properties(properties: list[tuple[str, str]]) -> bytes:
    from xml.sax.saxutils import escape, quoteattr

    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f"name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties, 2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CUSTOM}" xmlns:vt="{VT}">{items}</Properties>'
    ).encode()


def _write_lines(cell, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.add_run(line)


def _write_fields(document, cell, texts: list[str]) -> None:
    """One paragraph per text field: bold as bold runs, links as hyperlinks."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for i, source in enumerate(texts):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        for text, bold, href in segments(source):
            if href is None:
                paragraph.add_run(text).bold = bold or None
                continue
            r_id = document.part.relate_to(href, RT_HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), r_id)
            run = OxmlElement("w:r")
            r_pr = OxmlElement("w:rPr")
            style = OxmlElement("w:u")
            style.set(qn("w:val"), "single")
            r_pr.append(style)
            if bold:
                r_pr.append(OxmlElement("w:b"))
            run.append(r_pr)
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            run.append(t)
            link.append(run)
            paragraph._p.append(link)


def _editable(cell, number: int) -> None:
    """An editable range for everyone around the cell's content."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraphs = cell._tc.findall(qn("w:p"))
    start = OxmlElement("w:permStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:edGrp"), "everyone")
    end = OxmlElement("w:permEnd")
    end.set(qn("w:id"), str(number))
    first = paragraphs[0]
    p_pr = first.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        first.insert(0, start)
    paragraphs[-1].append(end)


_SETTINGS_AFTER_PROTECTION = {
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "characterSpacingControl",
    "compat",
    "rsids",
    "themeFontLang",
    "clrSchemeMapping",
    "shapeDefaults",
    "decimalSymbol",
    "listSeparator",
}


def _protect(document) -> None:
    """Read-only, enforced, without a password: only the editable ranges can be changed."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    protection = OxmlElement("w:documentProtection")
    protection.set(qn("w:edit"), "readOnly")
    protection.set(qn("w:enforcement"), "1")
    later = next(
        (c for c in settings if c.tag.rsplit("}", 1)[-1] in _SETTINGS_AFTER_PROTECTION), None
    )
    if later is not None:
        later.addprevious(protection)
    else:
        settings.append(protection)


# -- reading a review file, untrusted ------------------------------------------------------------


class Refused(Exception):
    """The file cannot be read as a review file: the message says why."""


class Unreadable(Refused):
    """The file cannot be read at all (missing, no permission): an environment error."""


def _read_zip(path: Path) -> dict[str, bytes]:
    """The entries of a .docx, every name, size and ratio checked before it is read."""
    try:  # a regular file, never more than the limit read (not /dev/zero, not a pipe)
        data = read_bytes(path, MAX_FILE_BYTES)
    except NotReadable as exc:
        if exc.kind == "too-large":
            raise Refused(
                f"the file {exc.reason}; a review file is at most {MAX_FILE_BYTES:,} bytes"
            ) from None
        raise Unreadable(f"the file {exc.reason}") from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Refused("not a Word file (.docx): it is not a zip archive") from None
    entries: dict[str, bytes] = {}
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Refused(f"the archive holds {len(infos)} entries; a .docx has far fewer")
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if (
                name.startswith(("/", "\\"))
                or ".." in parts
                or re.match(r"[A-Za-z]:", name)
                or "\x00" in name
            ):
                raise Refused(f"entry '{name}': a name that leads out of the archive is refused")
            if info.file_size > MAX_ENTRY_BYTES:
                raise Refused(
                    f"entry '{name}': {info.file_size} bytes uncompressed; at most "
                    f"{MAX_ENTRY_BYTES} are read"
                )
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise Refused(
                    f"entry '{name}': compressed {info.compress_size} to {info.file_size} bytes "
                    "(a compression bomb)"
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise Refused(f"the entries hold more than {MAX_TOTAL_BYTES} bytes uncompressed")
            if name.endswith("/"):
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_ENTRY_BYTES + 1)  # the header's size may lie
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
                raise Refused(f"entry '{name}': cannot be read ({exc})") from None
            except Exception as exc:  # zlib.error and the like: a damaged archive
                raise Refused(f"entry '{name}': cannot be read ({exc})") from None
            if len(data) > MAX_ENTRY_BYTES:
                raise Refused(f"entry '{name}': more than {MAX_ENTRY_BYTES} bytes uncompressed")
            entries[name] = data
    for needed in ("[Content_Types].xml", "word/document.xml"):
        if needed not in entries:
            raise Refused(f"not a Word file (.docx): the archive has no {needed}")
    return entries


def _parse_xml(name: str, data: bytes):
    """Parse one XML entry safely: no DTD (so no entity can be declared or expanded), no
    network, no huge trees."""
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Refused(
            f"{name}: a document type declaration (<!DOCTYPE>, <!ENTITY>) is not allowed in "
            "a Word file; refused (entity expansion)"
        )
    from .xmlsafe import hardened_parser

    parser = hardened_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or 1
        raise Refused(f"{name}:{line}: the XML is not well-formed: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise Refused(f"{name}: a document type declaration is not allowed; refused")
    return root


@dataclass(frozen=True)
class FileRow:
    number: int  # the table row, from 1 (the header row not counted)
    cells: list[list[list[Segment]]]  # per cell, per paragraph, the runs


@dataclass(frozen=True)
class ReviewFile:
    info: dict
    recorded: list[Row]
    rows: list[FileRow]
    author: str | None  # from the file's properties: last modified by, else creator


def read_review(path: Path) -> ReviewFile:
    """The review file's properties and table; Refused with a located reason."""
    entries = _read_zip(path)
    document = _parse_xml("word/document.xml", entries["word/document.xml"])
    rels: dict[str, str] = {}
    if "word/_rels/document.xml.rels" in entries:
        root = _parse_xml("word/_rels/document.xml.rels", entries["word/_rels/document.xml.rels"])
        for rel in root:
            if rel.get("Id") and rel.get("Type", "").endswith("/hyperlink"):
                rels[rel.get("Id")] = rel.get("Target", "")
    properties: dict[str, str] = {}
    if "docProps/custom.xml" in entries:
        root = _parse_xml("docProps/custom.xml", entries["docProps/custom.xml"])
        for prop in root:
            name = prop.get("name")
            if name:
                properties[name] = "".join(prop.itertext())
    if "diglot" not in properties:
        raise Refused(
            "not a diglot review file: its document properties do not say which document it "
            "was exported from (export it with `python pipeline.py review-export`)"
        )
    try:
        info = jsonlimits.loads(properties["diglot"], max_depth=4)
    except jsonlimits.JsonProblem as exc:
        raise Refused(f"the diglot document property {exc.message}: it is damaged") from None
    if not (
        isinstance(info, dict)
        and jsonlimits.is_count(info.get("rows"), MAX_ROWS)
        and all(isinstance(info.get(key), str) for key in ("document", "source", "target"))
    ):
        raise Refused(
            "the diglot document property is damaged (it names the document, its languages "
            f"and a number of rows up to {MAX_ROWS:,})"
        )
    count = info["rows"]
    recorded = []
    for n in range(1, count + 1):
        value = properties.get(f"diglot.row.{n}", "").split(" ")
        if len(value) != 5:
            raise Refused(f"the document property diglot.row.{n} is missing or damaged")
        recorded.append(
            Row(value[0], value[1], "" if value[2] == "-" else value[2], value[3], value[4])
        )
    author = None
    if "docProps/core.xml" in entries:
        core = _parse_xml("docProps/core.xml", entries["docProps/core.xml"])
        for local in ("lastModifiedBy", "creator"):
            for element in core:
                if element.tag.rsplit("}", 1)[-1] == local and (element.text or "").strip():
                    name = element.text.strip()
                    if name not in ("python-docx",):
                        author = author or name
    rows = _table(document, rels)
    return ReviewFile(info, recorded, rows, author)


def _table(document, rels: dict[str, str]) -> list[FileRow]:
    body = document.find(f"{{{W}}}body")
    tables = [] if body is None else body.findall(f"{{{W}}}tbl")
    if not tables:
        raise Refused("word/document.xml: the file has no table (w:tbl) of units")
    table = tables[0]
    rows = table.findall(f"{{{W}}}tr")
    if not rows:
        raise Refused("word/document.xml: the table has no rows")
    found = []
    for n, tr in enumerate(rows[1:], 1):  # the first row is the header
        cells = tr.findall(f"{{{W}}}tc")
        spans = sum(_span(tc) for tc in cells)
        if len(cells) != COLUMNS or spans != COLUMNS:
            raise Refused(
                f"table row {n}: {len(cells)} cells where the review file has {COLUMNS} "
                "(merged or split cells, or a damaged table)"
            )
        found.append(FileRow(n, [_cell(tc, rels) for tc in cells]))
    return found


def _span(tc) -> int:
    span = tc.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")
    try:
        return int(span.get(f"{{{W}}}val")) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _cell(tc, rels: dict[str, str]) -> list[list[Segment]]:
    """The cell's paragraphs as runs: tracked insertions count, deletions do not."""
    paragraphs = []
    for p in tc.iter(f"{{{W}}}p"):
        runs: list[Segment] = []
        _runs(p, rels, None, runs)
        paragraphs.append(merge(runs))
    return paragraphs


def _bold_of(r) -> bool:
    b = r.find(f"{{{W}}}rPr/{{{W}}}b")
    return b is not None and b.get(f"{{{W}}}val", "true") not in ("false", "0", "off")


def _runs(element, rels: dict[str, str], href: str | None, out: list[Segment]) -> None:
    for child in element:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local == "r":
            bold = _bold_of(child)
            for part in child:
                name = part.tag.rsplit("}", 1)[-1] if isinstance(part.tag, str) else ""
                if name == "t":
                    out.append((part.text or "", bold, href))
                elif name == "tab":  # no value holds a tab
                    out.append((" ", bold, href))
                elif name in ("br", "cr"):
                    out.append(("\n", bold, href))
        elif local == "hyperlink":
            target = rels.get(child.get(f"{{{R}}}id", ""), None)
            anchor = child.get(f"{{{W}}}anchor")
            _runs(
                child,
                rels,
                target if target is not None else (f"#{anchor}" if anchor else href),
                out,
            )
        elif local in ("del", "moveFrom", "pPr", "rPr", "p", "tbl"):
            continue  # deleted text, properties; nested paragraphs are read on their own
        else:  # ins, smartTag, sdt, sdtContent, customXml, fldSimple, permStart …
            _runs(child, rels, href, out)


def _cell_text(paragraphs: list[list[Segment]]) -> str:
    return "\n".join("".join(t for t, _, _ in p) for p in paragraphs).strip()


# -- import --------------------------------------------------------------------------------------


def import_review(
    content_dir: Path,
    path: Path,
    author: str | None,
    reporter: Reporter,
    today: str | None = None,
):
    """Read a review file and plan its changes (Plan.apply writes them). Returns the plan,
    or None after reporting why the file is refused."""
    from .edits import NoteEdit, TextEdit, plan
    from .project import load_project
    from .provenance import GitHistory, source_hash

    where = Location(str(path))
    shown = display_path(str(path))
    try:
        review = read_review(path)
    except Refused as exc:
        code = "io.error" if isinstance(exc, Unreadable) else "review-import.file"
        reporter.error(code, f"{exc}; nothing was written", where)
        return None
    info = review.info
    doc_id, source, target = info["document"], info["source"], info["target"]
    loading = Reporter()
    project = load_project(content_dir, loading)
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
            reporter.error(
                "review-import.document",
                f"the files of document '{doc_id}' do not load (above); fix them first; "
                "nothing was written",
                where,
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

    def refuse(number: int, unit_id: str, message: str) -> None:
        reporter.error("review-import.row", f"row {number} ('{unit_id}'): {message}", where)

    before = len(reporter.errors)
    ids = [_cell_text(r.cells[1]) for r in rows]
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
    text_edits, note_edits = [], []
    who: list[str | None] | None = None  # the notes' author, looked up once
    for row, kept in zip(rows, recorded):
        n, unit_id = row.number, kept.unit_id
        unit = source_units.get(unit_id)
        if unit is None:
            refuse(n, unit_id, f"no unit with this id in {display_path(pair.source.path)} any more")
            continue
        if shown_hash(row.cells[2]) != kept.source_shown:
            refuse(
                n,
                unit_id,
                "the English was changed in the file; only the Chinese and Comment columns "
                "may be edited (export again)",
            )
            continue
        if source_hash(unit) != kept.source_hash:
            reporter.warning(
                "review-import.english-changed",
                f"row {n} ('{unit_id}'): the English changed in the repository since the "
                "export; the translation will need approving against the new English",
                where,
            )
        tgt = target_units.get(unit_id)
        names = [f.name for f in (tgt or unit).fields]
        cell = row.cells[TARGET_COLUMN]
        while len(cell) > len(names) and not "".join(t for t, _, _ in cell[-1]).strip():
            cell = cell[:-1]
        if shown_hash(cell) == kept.target_shown:
            pass  # untouched, whatever the repository holds now (plan() tells if it changed)
        elif len(cell) != len(names):
            refuse(
                n,
                unit_id,
                f"the Chinese cell has {len(cell)} paragraphs, the unit has {len(names)} "
                f"text(s) ({', '.join(names)}): keep one paragraph per text",
            )
            continue
        else:
            changed = {}
            for name, paragraph in zip(names, cell):
                old = tgt.field(name) if tgt is not None else None
                if old is not None and canonical(segments(old.source)) == canonical(paragraph):
                    continue
                new = to_markup(paragraph).strip(_ASCII_SPACE)
                if inline.parse(new).plain.split() != "".join(t for t, _, _ in paragraph).split():
                    refuse(n, unit_id, f"the text of {name} cannot be written in the markup subset")
                    continue
                changed[name] = new
            if changed:
                text_edits.append(
                    TextEdit(doc_id, target, unit_id, changed, kept.target_hash, f"{shown} row {n}")
                )
        comment = to_markup(
            merge([s for p in row.cells[COMMENT_COLUMN] for s in p + [(" ", False, None)]])
        ).strip()
        comment = " ".join(comment.split())
        if comment:
            resolve = False
            lowered = comment.lower()
            for word in RESOLVED_WORDS:
                rest = comment[len(word) :]
                if lowered.startswith(word) and not rest[:1].isalnum():
                    resolve = True
                    comment = rest.lstrip(" :：,，.。;；-—")
                    break
            if who is None:
                who = [author or review.author or GitHistory(content_dir).user_name()]
            day = today or datetime.date.today().isoformat()
            lang = target if tgt is not None else source
            if resolve:  # the open notes of both languages; the comment on the target
                for lang_, u in ((source, unit), (target, tgt)):
                    if u is not None and (lang_ == lang or any(x.open for x in u.notes)):
                        text = comment if lang_ == lang else ""
                        note_edits.append(
                            NoteEdit(
                                doc_id, lang_, unit_id, text, who[0], day, True, f"{shown} row {n}"
                            )
                        )
            else:
                note_edits.append(
                    NoteEdit(doc_id, lang, unit_id, comment, who[0], day, False, f"{shown} row {n}")
                )
    if len(reporter.errors) > before:
        return None
    found = plan(content_dir, text_edits, note_edits, reporter, "review-import")
    return found
