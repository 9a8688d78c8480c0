"""Translation memories as TMX 1.4: the approved translations of a project (every field of
every unit whose translation records the hash of its current English), one pair a field.

Two forms of inline markup. `codes` (for any tool: Weblate, translate-toolkit, memoQ, Trados):
bold and links are TMX's paired codes, `<bpt i="1" type="bold">**</bpt>…<ept i="1">**</ept>`
and `<bpt type="link">[</bpt>…<ept>](https://…)</ept>`, whose content is the Markdown the
content writes (a tool that reads only the text gets the Markdown). `omegat`: the tags as
OmegaT shows the segments of diglot's XLIFF (`<g0>…</g0>`, numbered in the order they open
in the field), written as text, as OmegaT's own memories write them: OmegaT matches and
inserts them as they are.

A stale translation is never in a memory of approved translations: its English is not the
English any more. The previous translations of stale units (paired with the English they
were approved against, when the history has it) go into a memory of their own, which the
OmegaT project puts where OmegaT takes a penalty from every match (never an exact one)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import inline
from ..status import DocumentStatus, ProjectStatus

NS_XML = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True)
class Pair:
    """One field of one unit in both languages, as spans."""

    doc_id: str
    unit_id: str
    field: str
    source: tuple[inline.Span, ...]
    target: tuple[inline.Span, ...]
    note: str = ""


def approved_pairs(doc: DocumentStatus, states: tuple[str, ...] = ("approved",)) -> list[Pair]:
    """The approved translations of a document (or those of the states named), a pair a
    field, in document order."""
    pairs = []
    for unit in doc.units:
        if unit.state not in states or unit.target is None:
            continue
        for english in unit.source.fields:
            chinese = unit.target.field(english.name)
            if chinese is not None:
                pairs.append(Pair(doc.doc_id, unit.id, english.name, english.spans, chinese.spans))
    return pairs


def previous_pairs(doc: DocumentStatus) -> list[Pair]:
    """The previous translations of the stale units, each with the English it was approved
    against when the history has it (a unit of one field), else the current English."""
    pairs = []
    for unit in doc.units:
        if unit.state != "stale" or unit.target is None:
            continue
        single = len(unit.source.fields) == 1
        for english in unit.source.fields:
            chinese = unit.target.field(english.name)
            if chinese is None:
                continue
            source = english.spans
            note = "The translation of an earlier source text; the source text changed since."
            if single and unit.source_then is not None:
                then = inline.parse(unit.source_then)
                if not then.problems:
                    source = then.spans
                    note = "The translation approved for this earlier source text."
            pairs.append(Pair(doc.doc_id, unit.id, english.name, source, chinese.spans, note))
    return pairs


def write_tmx(
    pairs: list[Pair], source_lang: str, target_lang: str, version: str, form: str = "codes"
) -> bytes:
    """A TMX 1.4 document of the pairs (form: "codes" or "omegat", above); no dates, so that
    the same translations make the same file."""
    from lxml import etree

    root = etree.Element("tmx", {"version": "1.4"})
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "diglot",
            "creationtoolversion": version,
            "datatype": "plaintext",
            "segtype": "paragraph",
            "adminlang": "en",
            "srclang": source_lang,
            "o-tmf": "diglot",
        },
    )
    body = etree.SubElement(root, "body")
    for pair in pairs:
        tu = etree.SubElement(body, "tu", {"tuid": f"{pair.doc_id}/{pair.unit_id}#{pair.field}"})
        for name, value in (("x-document", pair.doc_id), ("x-unit", pair.unit_id)):
            etree.SubElement(tu, "prop", {"type": name}).text = value
        if pair.note:
            etree.SubElement(tu, "note").text = pair.note
        for lang, spans in ((source_lang, pair.source), (target_lang, pair.target)):
            tuv = etree.SubElement(tu, "tuv", {f"{{{NS_XML}}}lang": lang})
            seg = etree.SubElement(tuv, "seg")
            if form == "omegat":
                seg.text = omegat_text(spans)
            else:
                _codes(seg, spans, [0])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _append(parent, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _codes(seg, spans: tuple[inline.Span, ...], counter: list[int]) -> None:
    """Spans as TMX paired codes, numbered through the segment (i), holding the Markdown."""
    from lxml import etree

    for span in spans:
        if isinstance(span, inline.Text):
            _append(seg, span.text)
            continue
        counter[0] += 1
        number = str(counter[0])
        if isinstance(span, inline.Bold):
            kind, start, end = "bold", "**", "**"
        else:
            kind, start, end = "link", "[", f"]({span.href})"
        etree.SubElement(seg, "bpt", {"i": number, "type": kind}).text = start
        _codes(seg, span.children, counter)
        etree.SubElement(seg, "ept", {"i": number}).text = end


def omegat_text(spans: tuple[inline.Span, ...]) -> str:
    """A field as OmegaT shows it when it reads diglot's XLIFF: each paired code a tag
    <gN>…</gN>, numbered from 0 in the order the codes open."""
    out: list[str] = []
    counter = [0]

    def walk(found: tuple[inline.Span, ...]) -> None:
        for span in found:
            if isinstance(span, inline.Text):
                out.append(span.text)
                continue
            number = counter[0]
            counter[0] += 1
            out.append(f"<g{number}>")
            walk(span.children)
            out.append(f"</g{number}>")

    walk(spans)
    return "".join(out)


def memories(status: ProjectStatus, previous: bool = False) -> dict[str, tuple[str, list[Pair]]]:
    """The pairs of every document, by target language tag: (the language's own tag, the
    pairs); previous: the previous translations of stale units instead."""
    found: dict[str, tuple[str, list[Pair]]] = {}
    setup = status.checked.setup
    if setup is None:
        return found
    for doc in status.documents:
        profile = setup.languages.get(doc.target_lang)
        pairs = previous_pairs(doc) if previous else approved_pairs(doc)
        found.setdefault(doc.target_lang, (profile.canonical, []))[1].extend(pairs)
    return found
