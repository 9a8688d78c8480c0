"""The glossary (content/glossary.yaml) in the forms other tools read and write: TBX (TBX-Basic,
ISO 30042's martif, which OmegaT, Weblate, memoQ and Trados read), CSV with a header row (a
spreadsheet, Weblate) and OmegaT's tab-separated glossary (source, target, comment: what
OmegaT's own glossary file holds when a translator adds a term); and these forms read back,
untrusted, as entries for the glossary import.

In TBX a term's rendering is its preferred term, its accepted variants admitted terms, its
forbidden renderings deprecated terms, its note a note of the entry; a protected token (kept
unchanged, or in a sanctioned form) is an entry whose id starts with `protected-`, the token
itself its target term and the sanctioned forms admitted terms."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..glossary import Glossary

NS_XML = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 16 * 1024 * 1024  # a termbase file larger than this is refused unread
MAX_ENTRIES = 20_000  # a termbase of more terms is refused before it is compared or merged
PREFERRED, ADMITTED, DEPRECATED = (
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
)


@dataclass(frozen=True)
class Entry:
    """One term as a file brings it: the source term, its target rendering, a note, the
    accepted variants and forbidden renderings; or a protected token (target: the token or
    its first sanctioned form; variants: the sanctioned forms)."""

    source: str
    target: str
    note: str = ""
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    protected: bool = False
    line: int = 1  # where the file has it


@dataclass
class Read:
    """A termbase file as read: its entries, and why some could not be read (line, message)."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


class Unreadable(Exception):
    """The file cannot be read as a termbase (the message says why)."""

    def __init__(self, message: str, line: int = 1, usage: bool = False):
        super().__init__(message)
        self.line = line
        self.usage = usage  # the file could not be read at all: an environment error


# -- writing ---------------------------------------------------------------------------------


def write_tbx(glossary: Glossary, source: str, target: str, version: str) -> bytes:
    """The glossary of one target language as TBX-Basic (source, target: BCP 47 tags)."""
    from lxml import etree

    lang = f"{{{NS_XML}}}lang"
    root = etree.Element("martif", {"type": "TBX-Basic", lang: source})
    header = etree.SubElement(root, "martifHeader")
    described = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(described, "p").text = f"The glossary of a diglot project ({version})"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")

    def entry(entry_id: str, english: str, terms: list[tuple[str, str]], note: str | None):
        element = etree.SubElement(body, "termEntry", {"id": entry_id})
        if note:
            etree.SubElement(element, "note").text = note
        en = etree.SubElement(element, "langSet", {lang: source})
        etree.SubElement(etree.SubElement(en, "tig"), "term").text = english
        zh = etree.SubElement(element, "langSet", {lang: target})
        for text, status in terms:
            tig = etree.SubElement(zh, "tig")
            etree.SubElement(tig, "term").text = text
            etree.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status

    for n, term in enumerate(glossary.terms, 1):
        terms = [(term.target, PREFERRED)]
        terms += [(v, ADMITTED) for v in term.variants]
        terms += [(f, DEPRECATED) for f in term.forbidden]
        entry(f"term-{n}", term.source, terms, term.note)
    for n, token in enumerate(glossary.protected, 1):
        forms = glossary.sanctioned.get(token, ())
        terms = [(token, PREFERRED)] + [(f, ADMITTED) for f in forms]
        entry(
            f"protected-{n}",
            token,
            terms,
            "Protected: kept unchanged" + (", or in a sanctioned form" if forms else ""),
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_csv(glossary: Glossary, source: str, target: str) -> bytes:
    """The glossary as CSV with a header row: the two languages' tags, note, variants and
    forbidden (lists separated by ' | '), and protected (yes for a protected token)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([source, target, "note", "variants", "forbidden", "protected"])
    for term in glossary.terms:
        writer.writerow(
            [
                _cell(term.source),
                _cell(term.target),
                _cell(term.note or ""),
                " | ".join(map(_cell, term.variants)),
                " | ".join(map(_cell, term.forbidden)),
                "",
            ]
        )
    for token in glossary.protected:
        forms = glossary.sanctioned.get(token, ())
        writer.writerow([_cell(token), _cell(token), "", " | ".join(map(_cell, forms)), "", "yes"])
    return out.getvalue().encode("utf-8")


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula (=, +, -, @) gets
    an apostrophe first (and loses it when read back)."""
    return "'" + text if _FORMULA.match(text) else text


def write_tsv(glossary: Glossary) -> bytes:
    """The glossary as OmegaT's tab-separated glossary: source, target, comment (the note,
    the accepted variants and the forbidden renderings)."""
    lines = [
        "# The project's glossary (content/glossary.yaml). Add new terms to OmegaT's own "
        "glossary (glossary.txt), which `glossary-import` reads back"
    ]
    for term in glossary.terms:
        comment = [term.note or ""]
        if term.variants:
            comment.append("also: " + ", ".join(term.variants))
        if term.forbidden:
            comment.append("not: " + ", ".join(term.forbidden))
        lines.append(_tsv(term.source, term.target, "; ".join(c for c in comment if c)))
    for token in glossary.protected:
        forms = glossary.sanctioned.get(token, ())
        lines.append(
            _tsv(
                token,
                forms[0] if forms else token,
                "protected" + (f"; also: {', '.join((token, *forms[1:]))}" if forms else ""),
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tsv(*cells: str) -> str:
    return "\t".join(" ".join(c.split()) for c in cells)


# -- reading ---------------------------------------------------------------------------------


def read_file(path: Path, source_matches, target_matches) -> Read:
    """A TBX, CSV or OmegaT tab-separated file's entries. source_matches(tag) and
    target_matches(tag) tell whether a language tag is the project's source or target
    (BCP 47). Unreadable when the file is not one of them."""
    from ..files import NotReadable, read_bytes

    try:
        data = read_bytes(path, MAX_BYTES)
    except NotReadable as exc:
        if exc.kind == "too-large":
            raise Unreadable(
                f"the file {exc.reason}; a termbase is at most {MAX_BYTES:,} bytes"
            ) from None
        raise Unreadable(f"the file {exc.reason}", usage=True) from None
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _at_most(_read_tbx(data, source_matches, target_matches))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Unreadable("the file is not UTF-8 text; save it as UTF-8", line) from None
    if path.suffix.lower() == ".csv":
        return _at_most(_read_csv(text, source_matches, target_matches))
    return _at_most(_read_tsv(text))


def _at_most(found: Read) -> Read:
    """The file as read, when it holds at most MAX_ENTRIES terms (each is compared with the
    glossary and quoted for YAML: a file of hundreds of thousands took minutes)."""
    terms = len(found.entries) + len(found.problems)
    if terms > MAX_ENTRIES:
        raise Unreadable(
            f"the file holds {terms:,} terms; a termbase is read with at most "
            f"{MAX_ENTRIES:,} (split it, and import each part)"
        )
    return found


def _read_tbx(data: bytes, source_matches, target_matches) -> Read:
    from lxml import etree

    from ..xmlsafe import declares_doctype, hardened_parser

    declaration = (
        "the file declares a DOCTYPE or ENTITY; diglot reads no file that has one (an "
        "entity could expand or read other files)"
    )
    declared = re.search(rb"<!\s*(DOCTYPE|ENTITY)", data[:65536], re.IGNORECASE)
    if declared is not None:
        line = data.count(b"\n", 0, declared.start()) + 1
        raise Unreadable(declaration, line)
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 1
        raise Unreadable(f"not well-formed XML: {exc.msg}", max(line, 1)) from None
    if declares_doctype(root):  # past the bytes looked at above
        declared = re.search(rb"<!\s*DOCTYPE", data, re.IGNORECASE)
        raise Unreadable(declaration, data.count(b"\n", 0, declared.start()) + 1 if declared else 1)
    if _local(root) not in ("martif", "tbx"):
        raise Unreadable(
            f"not a TBX file: its root element is <{_local(root)}>", root.sourceline or 1
        )
    found = Read()
    for element in root.iter():
        if _local(element) != "termEntry" and _local(element) != "conceptEntry":
            continue
        line = element.sourceline or 1
        english: list[str] = []
        chinese: list[tuple[str, str]] = []
        notes = [
            " ".join("".join(child.itertext()).split())
            for child in element
            if _local(child) in ("note", "descrip", "descripGrp")
        ]
        languages = []
        for lang_set in (c for c in element if _local(c) == "langSet" or _local(c) == "langSec"):
            tag = lang_set.get(f"{{{NS_XML}}}lang", "")
            languages.append(tag)
            terms = _terms(lang_set)
            if source_matches(tag):
                english += [t for t, _ in terms]
            elif target_matches(tag):
                chinese += terms
            notes += [
                " ".join("".join(c.itertext()).split())
                for c in lang_set
                if _local(c) in ("note", "descrip")
            ]
        if not english or not chinese:
            found.problems.append(
                (
                    line,
                    f"a term entry without a term in both languages (it has {', '.join(languages) or 'none'})",
                )
            )
            continue
        preferred = [t for t, status in chinese if status in ("", PREFERRED, "preferredTerm")]
        target = (preferred or [chinese[0][0]])[0]
        variants = tuple(
            t
            for t, s in chinese
            if t != target and ("admitted" in s or (s == "" and t not in preferred[:1]))
        )
        forbidden = tuple(t for t, s in chinese if "deprecated" in s or "superseded" in s)
        protected = (element.get("id") or "").startswith("protected-")
        if protected:
            variants = tuple(t for t, s in chinese if t != english[0] and "deprecated" not in s)
            target = english[0]
        note = "; ".join(n for n in notes if n)
        if protected:
            note = ""
        found.entries.append(Entry(english[0], target, note, variants, forbidden, protected, line))
    return found


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _terms(lang_set) -> list[tuple[str, str]]:
    """The terms of a language's set, each with its administrative status ("" when none)."""
    found = []
    for holder in lang_set.iter():
        if _local(holder) not in ("tig", "ntig", "termSec"):
            continue
        term = next((e for e in holder.iter() if _local(e) == "term"), None)
        if term is None:
            continue
        text = " ".join("".join(term.itertext()).split())
        status = next(
            (
                (e.text or "").strip()
                for e in holder.iter()
                if _local(e) == "termNote" and e.get("type") == "administrativeStatus"
            ),
            "",
        )
        if text:
            found.append((text, status))
    return found


_HEADERS = {
    "note": ("note", "notes", "comment", "comments", "definition"),
    "variants": ("variants", "variant", "also"),
    "forbidden": ("forbidden", "deprecated", "not"),
    "protected": ("protected",),
}


def _read_csv(text: str, source_matches, target_matches) -> Read:
    found = Read()
    # strict: a quote never closed is an error where it opens, not a cell that runs to the
    # end of the file; each row numbered by the line it starts on (a cell may span lines)
    reader = csv.reader(io.StringIO(text), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1  # the line the next row starts on
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Unreadable(
            f"not readable as CSV: {exc} (a quote opened in the row of this line is not closed "
            "where the cell ends)",
            start,
        ) from None
    if not rows:
        raise Unreadable("the file is empty")
    header = [h.strip() for h in rows[0]]
    lowered = [h.casefold() for h in header]
    source = next(
        (i for i, h in enumerate(header) if h.casefold() == "source" or source_matches(h)), None
    )
    target = next(
        (i for i, h in enumerate(header) if h.casefold() == "target" or target_matches(h)), None
    )
    if source is None or target is None:
        raise Unreadable(
            "the first row must name the columns: the source language's tag (or 'source'), "
            f"the target language's tag (or 'target'), and optionally note, variants, "
            f"forbidden and protected; it names {', '.join(header) or 'nothing'}"
        )
    columns = {
        key: next((i for i, h in enumerate(lowered) if h in names), None)
        for key, names in _HEADERS.items()
    }
    for number, row in zip(lines[1:], rows[1:]):
        if not any(cell.strip() for cell in row):
            continue

        english, chinese = _csv_cell(row, source), _csv_cell(row, target)
        if not english or not chinese:
            found.problems.append((number, "a row without a term in both languages"))
            continue
        protected = _csv_cell(row, columns["protected"]).casefold() in ("yes", "true", "1", "x")
        found.entries.append(
            Entry(
                english,
                chinese,
                _csv_cell(row, columns["note"]),
                _csv_cells(row, columns["variants"]),
                _csv_cells(row, columns["forbidden"]),
                protected,
                number,
            )
        )
    return found


def _unformula(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value


def _csv_cell(row: list[str], i: int | None) -> str:
    value = row[i] if i is not None and i < len(row) else ""
    return " ".join(_unformula(value).split())


def _csv_cells(row: list[str], i: int | None) -> tuple[str, ...]:
    """A cell holding a list (separated by ' | ' or ';')."""
    raw = row[i] if i is not None and i < len(row) else ""
    parts = (" ".join(p.split()) for p in re.split(r"\s\|\s|;", raw))
    return tuple(_unformula(p) for p in parts if p)


def _read_tsv(text: str) -> Read:
    """OmegaT's tab-separated glossary: source, target, comment; # starts a comment line.
    A comment as write_tsv writes it ("note; also: a, b; not: c", "protected") is read as
    the note, the accepted variants, the forbidden renderings and a protected token."""
    found = Read()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [" ".join(p.split()) for p in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            found.problems.append(
                (number, "a line without a source and a target term separated by a tab")
            )
            continue
        notes, variants, forbidden, protected = [], [], [], False
        for piece in (p.strip() for p in (parts[2] if len(parts) > 2 else "").split("; ")):
            if piece.startswith("also: "):
                variants += [v.strip() for v in piece[6:].split(",") if v.strip()]
            elif piece.startswith("not: "):
                forbidden += [v.strip() for v in piece[5:].split(",") if v.strip()]
            elif piece == "protected":
                protected = True
            elif piece:
                notes.append(piece)
        source, target = parts[0], parts[1]
        if protected:  # the token, its first sanctioned form the target
            forms = [target, *variants]
            target, variants = source, [f for f in forms if f != source]
        found.entries.append(
            Entry(
                source,
                target,
                "; ".join(notes),
                tuple(variants),
                tuple(forbidden),
                protected,
                number,
            )
        )
    return found
