"""Reading a returned file: a hardened parse (no DTD, no entities, no network, a size limit),
its units and segments as written (2.1 or 1.2), and a source or target as spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import inline
from ..diagnostics import Location, Reporter
from .codes import (
    MAX_BYTES,
    MDA,
    NOTE_CATEGORIES,
    NS2,
    NS12,
    OWN_NOTES_FROM,
    SOURCE_META,
    TARGET_META,
    Code,
    squeeze,
    unit_codes,
)


def _hardened_parser():
    from ..xmlsafe import hardened_parser

    return hardened_parser()


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_file(path: Path, reporter: Reporter):
    """The XML tree of an XLIFF file, or None after reporting why it cannot be read."""
    from lxml import etree

    shown = str(path)
    from ..files import NotReadable, read_bytes

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


def where_in(path: Path, element) -> Location:
    return Location(str(path), element.sourceline or 1, 1)


@dataclass
class XliffUnit:
    """One XLIFF unit as read: where it is, its hashes, targets per field, new notes."""

    element: object
    source_hash: str | None = None
    target_hash: str | None = None
    sources: dict[str, object] = field(default_factory=dict)
    targets: dict[str, object] = field(default_factory=dict)
    notes: list[tuple[str, object]] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)  # the state a tool gives each field
    approved: bool = False  # 1.2: approved="yes" on every trans-unit of the unit
    unapproved: bool = False  # 1.2: approved="no" on a trans-unit of the unit
    problems: list[tuple[str, str, Location]] = field(default_factory=list)  # refuse the unit


def read_units_2(path, xfile, doc, reporter) -> dict[str, XliffUnit]:
    read: dict[str, XliffUnit] = {}
    for xunit in xfile.iter(f"{{{NS2}}}unit"):
        unit_id = xunit.get("id", "")
        where = where_in(path, xunit)
        if unit_id in read:
            read[unit_id].problems.append(("xliff.unit", f"unit '{unit_id}' appears twice", where))
            continue
        found = read[unit_id] = XliffUnit(xunit)
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
                found.problems.append(
                    (
                        "xliff.segment",
                        f"unit '{unit_id}' has two segments '{name}' (one per field: was the "
                        "unit split or joined?)",
                        where_in(path, segment),
                    )
                )
                continue
            found.sources[name] = segment.find(f"{{{NS2}}}source")
            target = segment.find(f"{{{NS2}}}target")
            if target is not None:
                found.targets[name] = target
            if segment.get("state"):
                found.states[name] = state_name(segment.get("state"), segment.get("subState"))
        data = {
            d.get("id"): d.text or ""
            for d in xunit.iterfind(f"{{{NS2}}}originalData/{{{NS2}}}data")
        }
        status = doc.unit(unit_id)
        if status is not None:
            for code in unit_codes(status.source).values():
                for data_id, text in ((code.data_start, code.start), (code.data_end, code.end)):
                    if data.get(data_id) != text:
                        found.problems.append(
                            (
                                "xliff.inline",
                                f"unit '{unit_id}': the original data '{data_id}' of code "
                                f"{code.id} is {shown_value(data.get(data_id))}, not '{text}' "
                                "as the source text has it",
                                where,
                            )
                        )
    return read


def read_units_12(path, xfile, doc, reporter) -> dict[str, XliffUnit]:
    read: dict[str, XliffUnit] = {}
    seen: set[str] = set()
    for tu in xfile.iter(f"{{{NS12}}}trans-unit"):
        tu_id = tu.get("id", "")
        where = where_in(path, tu)
        if "#" not in tu_id:
            reporter.error(
                "xliff.unit",
                f"trans-unit '{tu_id}' is not of the form UNIT#FIELD of a diglot export",
                where,
            )
            continue
        unit_id, name = tu_id.rsplit("#", 1)
        if tu_id in seen:
            message = f"trans-unit '{tu_id}' appears twice"
            read[unit_id].problems.append(("xliff.unit", message, where))
            continue
        seen.add(tu_id)
        first = unit_id not in read
        found = read.setdefault(unit_id, XliffUnit(tu))
        approved = tu.get("approved") == "yes"
        found.approved = approved if first else found.approved and approved
        found.unapproved = found.unapproved or tu.get("approved") == "no"
        for context in tu.iterfind(f"{{{NS12}}}context-group/{{{NS12}}}context"):
            kind, value = context.get("context-type"), (context.text or "").strip()
            if kind == f"x-{SOURCE_META}":
                found.source_hash = _agree(found.source_hash, value)
            elif kind == f"x-{TARGET_META}":
                found.target_hash = _agree(found.target_hash, value)
        for note in tu.iterfind(f"{{{NS12}}}note"):
            text = "".join(note.itertext()).strip()
            if note.get("from") not in OWN_NOTES_FROM and text not in [t for t, _ in found.notes]:
                found.notes.append((text, note))
        found.sources[name] = tu.find(f"{{{NS12}}}source")
        target = tu.find(f"{{{NS12}}}target")
        if target is not None:
            found.targets[name] = target
            if target.get("state"):
                found.states[name] = state_name(target.get("state"), None)
    return read


def state_name(state: str | None, sub_state: str | None) -> str:
    """A state as a tool wrote it, for the report: 1.2's and 2.x's values as they are
    (translated, needs-review-translation, final …), 2.x's subState after a colon when it
    is not diglot's own (weblate:fuzzy), at most 60 printable characters."""
    from ..diagnostics import printable

    found = (state or "").strip()
    if sub_state and not sub_state.startswith("diglot:"):
        found += f" ({sub_state.strip()})"
    return printable(found)[:60]


# What a tool means by a state: the translation is a draft (a fuzzy match, needs review).
UNFINISHED_STATES = {
    "initial",  # 2.x
    "new",
    "needs-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
}


# How far along a state says a translation is (2.x's and 1.2's): a draft, translated,
# reviewed, final. A state a tool made up (x-…) says nothing diglot can compare.
_REACHED = {"translated": 1, "reviewed": 2, "signed-off": 2, "final": 3}


def reached(state: str) -> int | None:
    """A state's step (0 a draft … 3 final), as state_name wrote it; None when unknown."""
    name = state.split(" ")[0]
    return 0 if name in UNFINISHED_STATES else _REACHED.get(name)


def _agree(before: str | None, value: str) -> str:
    """The fields of one unit must carry the same hash; a disagreement reads as no hash."""
    return value if before in (None, value) else "(differs between the unit's fields)"


def shown_value(value: str | None) -> str:
    return "missing" if value is None else f"'{value}'"


def read_spans(path, element, codes: dict[str, Code], field_name, unit_id, reporter, ns):
    """An XLIFF source or target as spans; None after reporting a broken code. Its paired
    codes must be those of this field of the English, each once, of the same kind (and, in
    2.x, pointing at the same original data)."""
    spans, problems = spans_of(element, codes, field_name, ns)
    for problem, where in problems:
        side = element.tag.rsplit("}", 1)[-1]
        reporter.error(
            "xliff.inline",
            f"unit '{unit_id}', field '{field_name}' ({side}): {problem}",
            where_in(path, where),
            unit=unit_id,
        )
    return None if problems else spans


def spans_of(element, codes: dict[str, Code], field_name, ns):
    """An XLIFF source or target as spans, and the problems of its codes ((message,
    element) each)."""
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
                f"the inline code{'s' if len(lost) > 1 else ''} {', '.join(lost)} of the source "
                f"{'are' if len(lost) > 1 else 'is'} missing (bold and links must be kept)",
                element,
            )
        )
    return tuple(spans), problems


def shape(element) -> tuple:
    """What an XLIFF source or target says, as a comparison sees it: its text with runs of
    whitespace as one space, and its inline elements as (name, id) around their content;
    how a tool wrote it (attributes, namespaces prefixes, indentation) left out."""
    tokens: list = []

    def walk(node) -> None:
        if node.text:
            tokens.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                local = child.tag.rsplit("}", 1)[-1]
                if local == "pc":
                    what = f"{child.get('dataRefStart')}/{child.get('dataRefEnd')}"
                else:
                    what = child.get("ctype", "")
                tokens.append(("<", local, child.get("id", ""), what))
                walk(child)
                tokens.append((">",))
            if child.tail:
                tokens.append(child.tail)

    walk(element)
    return squeeze(tokens)
