"""An OmegaT project a translator opens as it is: one folder per target language,

    omegat.project             the languages; one segment per text (no sentence splitting),
                               OmegaT's tokenizers chosen by OmegaT from the languages
    source/<doc>.<s>-<t>.xlf   each document's units in the XLIFF 1.2 form OmegaT translates
                               (the English in <target>: xliff.export_document with omegat)
    tm/auto/diglot-current.<s>-<t>.tmx       the current translations (approved, or in a
                               project that does not track approval yet, translated): OmegaT
                               puts them into their segments when the project opens
    tm/penalty-010/diglot-previous.<s>-<t>.tmx   the previous translations of stale units,
                               with the English they were approved against: OmegaT shows them
                               as fuzzy matches, 10 points down, never as exact ones
    glossary/diglot-glossary.<s>-<t>.utf8    the project's glossary, OmegaT's tab-separated
                               form (the translator's own terms go to OmegaT's glossary.txt)
    omegat/ target/ dictionary/              empty, for OmegaT

Exporting again into the folder replaces these files and leaves OmegaT's own (its project
memory omegat/project_save.tmx, glossary.txt, target/) as they are; a document of an earlier
export that is not exported now is taken out of source/.

OmegaT keeps a translator's notes in its project memory only (it writes none into the
translated files): `saved_notes` reads them from omegat/project_save.tmx for the import."""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Location, Reporter
from ..status import ProjectStatus
from ..xliff import export_document, export_name, selected
from .termbase import write_tsv
from .tmx import Pair, approved_pairs, previous_pairs, write_tmx

PENALTY = 10  # points OmegaT takes from a match of the previous translations


@dataclass(frozen=True)
class Written:
    """One OmegaT project: its folder, the XLIFF files in source/, their units."""

    folder: Path
    files: list[Path]
    units: int


def project_file(source: str, target: str) -> bytes:
    """omegat.project: the languages (BCP 47), the default folders, one segment per text."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<omegat>\n"
        '  <project version="1.0">\n'
        "    <source_dir>__DEFAULT__</source_dir>\n"
        "    <target_dir>__DEFAULT__</target_dir>\n"
        "    <tm_dir>__DEFAULT__</tm_dir>\n"
        "    <glossary_dir>__DEFAULT__</glossary_dir>\n"
        "    <glossary_file>__DEFAULT__</glossary_file>\n"
        "    <dictionary_dir>__DEFAULT__</dictionary_dir>\n"
        f"    <source_lang>{source}</source_lang>\n"
        f"    <target_lang>{target}</target_lang>\n"
        "    <sentence_seg>false</sentence_seg>\n"
        "    <support_default_translations>true</support_default_translations>\n"
        "    <remove_tags>false</remove_tags>\n"
        "  </project>\n"
        "</omegat>\n"
    ).encode()


def export_projects(
    status: ProjectStatus, out: Path, only: Collection[str], version: str, reporter: Reporter
) -> list[Written]:
    """An OmegaT project per target language with a unit to translate, in out/<s>-<t>/."""
    from ..output import write_atomic

    setup = status.checked.setup
    if setup is None:
        return []
    umask = os.umask(0)
    os.umask(umask)
    mode = 0o666 & ~umask
    source = setup.languages.source
    glossary = status.checked.run.glossary
    done = []
    for profile in setup.languages.targets:
        documents = [d for d in status.documents if d.target_lang == profile.tag]
        files: dict[str, bytes] = {}
        units = 0
        current: list[Pair] = []
        previous: list[Pair] = []
        for doc in documents:
            try:
                data = export_document(doc, only, "1.2", omegat=True)
            except ValueError as exc:  # a text XML cannot hold (the loader lets none through)
                reporter.error(
                    "xliff.character", f"cannot be written as XML: {exc}", Location(doc.target.path)
                )
                continue
            current += approved_pairs(doc, ("approved", "translated"))
            previous += previous_pairs(doc)
            if data is not None:
                files[export_name(doc)] = data
                units += sum(1 for u in doc.units if selected(u, only))
        if not files:
            continue
        pair = f"{source.tag}-{profile.tag}"
        folder = out / pair
        for name in (
            "source",
            "tm/auto",
            f"tm/penalty-{PENALTY:03d}",
            "glossary",
            "omegat",
            "target",
            "dictionary",
        ):
            (folder / name).mkdir(parents=True, exist_ok=True)
        write_atomic(
            folder / "omegat.project", project_file(source.canonical, profile.canonical), mode
        )
        for stale in (folder / "source").glob(f"*.{pair}.xlf"):  # an earlier export's
            if stale.name not in files and stale.is_file():
                stale.unlink()
        for name, data in files.items():
            write_atomic(folder / "source" / name, data, mode)
        memories = (
            (folder / "tm" / "auto" / f"diglot-current.{pair}.tmx", current),
            (folder / "tm" / f"penalty-{PENALTY:03d}" / f"diglot-previous.{pair}.tmx", previous),
        )
        for path, pairs in memories:
            data = write_tmx(pairs, source.canonical, profile.canonical, version, "omegat")
            write_atomic(path, data, mode)
        if glossary is not None and profile.tag in glossary.by_target:
            data = write_tsv(glossary.for_target(profile.tag))
            write_atomic(folder / "glossary" / f"diglot-glossary.{pair}.utf8", data, mode)
        done.append(Written(folder, [folder / "source" / n for n in files], units))
    return done


@dataclass(frozen=True)
class SavedNote:
    """A note a translator wrote on a segment in OmegaT (Edit > Notes), as its project memory
    keeps it: the text, who saved the segment and when (YYYY-MM-DD), and where."""

    text: str
    author: str | None
    date: str | None
    where: str


SAVED_MAX_BYTES = 32 * 1024 * 1024  # a project memory larger than this is not read
_TAG = re.compile(r"</?[a-z]+\d+/?>")  # OmegaT's short tags (<g0>, </g0>, <x1/>) in a segment


def saved_notes(project: Path, reporter: Reporter) -> dict[str, list[SavedNote]]:
    """The notes of an OmegaT project's memory (omegat/project_save.tmx), by the English of
    their segment (OmegaT's tags taken out, whitespace runs as one space): {} when there is
    none. A memory that cannot be read safely (too large, entities declared, not XML) is
    reported as a warning and read as holding no note."""
    from lxml import etree

    from ..files import NotReadable, read_bytes
    from ..xmlsafe import declares_entities, hardened_parser

    path = project / "omegat" / "project_save.tmx"
    if not os.path.lexists(path):
        return {}
    try:
        data = read_bytes(path, SAVED_MAX_BYTES)
        if b"<!ENTITY" in data:
            raise ValueError("it declares entities")
        root = etree.fromstring(data, hardened_parser())
        if declares_entities(root):
            raise ValueError("it declares entities")
    except (NotReadable, ValueError, etree.XMLSyntaxError) as exc:
        reason = exc.reason if isinstance(exc, NotReadable) else str(exc)
        reporter.warning(
            "xliff.omegat-notes",
            f"the project's memory was not read for its notes: {reason}",
            Location(str(path)),
        )
        return {}
    found: dict[str, list[SavedNote]] = {}
    for tu in root.iter("tu"):
        notes = [" ".join("".join(n.itertext()).split()) for n in tu.findall("note")]
        notes = [n for n in notes if n]
        tuvs = tu.findall("tuv")
        if not notes or not tuvs:
            continue
        seg = tuvs[0].find("seg")
        text = "".join(seg.itertext()) if seg is not None else ""  # tags as text or elements
        english = " ".join(_TAG.sub("", text).split())
        saved = tuvs[-1]
        author = saved.get("changeid") or saved.get("creationid") or None
        stamp = saved.get("changedate") or saved.get("creationdate") or ""
        day = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}" if re.fullmatch(r"\d{8}T.*", stamp) else None
        where = f"{path}:{tu.sourceline or 1}:1"
        for note in notes:
            found.setdefault(english, []).append(SavedNote(note, author, day, where))
    return found
