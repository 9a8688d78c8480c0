"""The export: one XLIFF 2.1 (or 1.2) file per document and target language, the units
selected by their status, their state, notes and metadata."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

from .. import inline
from ..diagnostics import Location, Reporter
from ..provenance import source_hash, text_hash, unit_text
from ..status import DocumentStatus, ProjectStatus, UnitStatus
from .codes import (
    MDA,
    NOTE_FROM,
    NS2,
    NS12,
    SOURCE_META,
    STATE_META,
    TARGET_META,
    Code,
    field_codes,
    matching_codes,
    segment_id,
    unit_codes,
)


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


def exported_state(unit: UnitStatus, two: bool) -> str:
    """The state the export writes for a unit: XLIFF 2's, or 1.2's (two False)."""
    state = unit_state(unit)
    if two:
        return state
    return "needs-review-translation" if unit.state == "stale" else STATE_12[state]


def unit_notes(unit: UnitStatus) -> list[tuple[str, str]]:
    """(category, text) of the notes a unit carries in the export."""
    from ..textdiff import word_diff

    notes = []
    for note in unit.notes:
        who = ", ".join(x for x in (note.author, note.date) if x)
        notes.append(("diglot:review", inline.readable(note.text) + (f" ({who})" if who else "")))
    for finding in unit.findings:
        if finding.code == "qa.stale":  # the stale note below says it, with the diff
            continue
        notes.append(("diglot:check", f"{finding.severity}: {finding.message} [{finding.code}]"))
    if unit.state == "stale":
        if unit.source_then is not None:
            diff = word_diff(unit.source_then, unit_text(unit.source))
            notes.append(("diglot:stale", f"The source text changed since approval: {diff}"))
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
                    "The source text changed since approval (the approved source text is not "
                    "in the history).",
                )
            )
    return notes


def export_name(doc: DocumentStatus) -> str:
    return f"{doc.doc_id}.{doc.source.lang}-{doc.target_lang}.xlf"


def export_document(
    doc: DocumentStatus, only: Collection[str], version: str, omegat: bool = False
) -> bytes | None:
    """The XLIFF of one document and target language (None: no unit selected); omegat:
    XLIFF 1.2 in the form OmegaT's XLIFF filter translates (below)."""
    units = [u for u in doc.units if selected(u, only)]
    if not units:
        return None
    if version == "1.2" or omegat:
        return _export_12(doc, units, omegat)
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
        by_field = field_codes(source)
        target_codes = field_codes(target) if target is not None else {}
        state = unit_state(status)
        for f in source.fields:
            attrs = {"id": segment_id(f.name), "state": state}
            if status.state == "stale":
                attrs["subState"] = "diglot:stale"
            segment = etree.SubElement(xunit, f"{{{NS2}}}segment", attrs)
            _inline_2(
                etree.SubElement(segment, f"{{{NS2}}}source"),
                f.spans,
                iter(by_field.get(f.name, [])),
            )
            translated = target.field(f.name) if target is not None else None
            if translated is not None and target is not None and status.state != "missing":
                _inline_2(
                    etree.SubElement(segment, f"{{{NS2}}}target"),
                    translated.spans,
                    matching_codes(target_codes.get(f.name, []), by_field.get(f.name, [])),
                )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _export_12(doc: DocumentStatus, units: list[UnitStatus], omegat: bool = False) -> bytes:
    """XLIFF 1.2. omegat: the form OmegaT's XLIFF filter translates, as tools that prepare
    XLIFF for OmegaT write it: OmegaT offers the text of <target> for translation, so the
    target holds the English (every unit, with its codes), with no state (it holds no
    translation yet); the current translation reaches OmegaT from the project's memory, and
    the previous translation of a stale unit as a note (and a penalised memory match)."""
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
        by_field = field_codes(source)
        target_codes = field_codes(target) if target is not None else {}
        notes = unit_notes(status)
        state = exported_state(status, False)
        for f in source.fields:
            attrs = {"id": f"{status.id}#{f.name}", "resname": status.id}
            if status.state == "approved" and not omegat:  # what 1.2 tools read as final
                attrs["approved"] = "yes"
            tu = etree.SubElement(body, f"{{{NS12}}}trans-unit", attrs)
            _inline_12(
                etree.SubElement(tu, f"{{{NS12}}}source"), f.spans, iter(by_field.get(f.name, []))
            )
            translated = target.field(f.name) if target is not None else None
            if omegat:  # the English, for OmegaT to translate
                _inline_12(
                    etree.SubElement(tu, f"{{{NS12}}}target"),
                    f.spans,
                    iter(by_field.get(f.name, [])),
                )
            elif translated is not None and status.state != "missing":  # not the English copied
                xtarget = etree.SubElement(tu, f"{{{NS12}}}target", {"state": state})
                _inline_12(
                    xtarget,
                    translated.spans,
                    matching_codes(target_codes.get(f.name, []), by_field.get(f.name, [])),
                )
            for category, text in notes:
                note = etree.SubElement(tu, f"{{{NS12}}}note", {"from": NOTE_FROM})
                note.text = f"[{category.removeprefix('diglot:')}] {text}"
            if omegat and status.state == "stale" and translated is not None:
                note = etree.SubElement(tu, f"{{{NS12}}}note", {"from": NOTE_FROM})
                note.text = (
                    f"[previous] The translation of the earlier source text: {translated.source}"
                )
            if omegat and status.state == "missing":
                note = etree.SubElement(tu, f"{{{NS12}}}note", {"from": NOTE_FROM})
                note.text = "[new] Not translated yet."
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


def export(
    project: ProjectStatus,
    out: Path,
    only: Collection[str],
    version: str,
    reporter: Reporter,
    omegat: bool = False,
) -> list[tuple[Path, int]]:
    """Write one XLIFF file per document and target language with a selected unit; the files
    written and their unit counts. Each file is written atomically."""
    import os

    from ..output import write_atomic

    umask = os.umask(0)
    os.umask(umask)
    mode = 0o666 & ~umask  # as any new file: the umask decides
    written = []
    for doc in project.documents:
        try:
            data = export_document(doc, only, version, omegat)
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
