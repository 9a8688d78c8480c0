"""How far each document is: every unit's translation status, from one check run.

`status_of` reads a check run (pipeline.check, which kept the documents it loaded) and returns,
per document and target language, one UnitStatus per source unit in document order: its
generated number, its two sides, the findings reported on it, its open review notes and
its state. `status`, the review file, the XLIFF export and the review page all read it.

A unit's state is exactly one of, in this order of precedence:

- missing: the target has no unit with this id, or its texts are the English's (copied, not
  translated: the checks report it as `qa.untranslated`);
- stale: the source changed since the translation was approved (its recorded source
  hash is not the current source's), or the file tracks hashes and this unit has none;
- approved: the recorded approval is the current source's hash and the current
  translation's (an approval recording the source's alone, an older form, is not one:
  `approve` records it again);
- translated: the target has the unit, and the file tracks no hashes yet.

Besides its state a unit may be marked for review (an open `review:` note in either
language) and waived (a finding accepted for it with a reason).

A document with no file in a target language yet (written in English only) has a status
too, every unit of it missing (`DocumentStatus.new`): the exports offer it for translation.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Reporter
from .model import Document, ReviewNote, Unit
from .provenance import same_hash, short_hash, source_hash, text_hash

if TYPE_CHECKING:
    from .pipeline import Checked
    from .project import Project

STATES = ("missing", "stale", "translated", "approved")
COUNTED = ("translated", "missing", "stale", "review", "waived", "approved")


@dataclass(frozen=True)
class UnitStatus:
    id: str
    kind: str
    role: str
    number: str  # the unit's generated number in the source edition ("3", "(a)"), or ""
    source: Unit
    target: Unit | None
    state: str  # one of STATES
    findings: tuple[Diagnostic, ...]  # what the checks reported on this unit, both files
    notes: tuple[ReviewNote, ...]  # the open review notes, source's first
    waived: bool
    source_then: str | None = None  # stale: the source text the translation was made from

    @property
    def review(self) -> bool:
        """Marked for review: an open note in either language."""
        return bool(self.notes)

    @property
    def translated(self) -> bool:
        return self.target is not None and self.state != "missing"

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.findings if d.severity == "error")


@dataclass
class DocumentStatus:
    doc_id: str
    source: Document
    target: Document
    units: list[UnitStatus] = field(default_factory=list)
    new: bool = False  # no file in the target language yet: target is an empty document

    @property
    def target_lang(self) -> str:
        return self.target.lang

    def counts(self) -> dict[str, int]:
        """total, then each of COUNTED: units in that state, or marked (review, waived)."""
        found = {"total": len(self.units), **dict.fromkeys(COUNTED, 0)}
        for unit in self.units:
            if unit.translated:
                found["translated"] += 1
            if unit.state in ("missing", "stale", "approved"):
                found[unit.state] += 1
            found["review"] += unit.review
            found["waived"] += unit.waived
        return found

    def percent(self) -> float:
        """The share of units whose translation is there and current (neither missing nor
        stale), in percent."""
        if not self.units:
            return 100.0
        done = sum(1 for u in self.units if u.state in ("translated", "approved"))
        return 100.0 * done / len(self.units)

    def unit(self, unit_id: str) -> UnitStatus | None:
        return next((u for u in self.units if u.id == unit_id), None)


@dataclass
class ProjectStatus:
    documents: list[DocumentStatus]
    checked: Checked  # the run's setup, pairs and figures
    diagnostics: list[Diagnostic]  # everything the run reported

    def document(self, doc_id: str, target: str | None = None) -> DocumentStatus | None:
        return next(
            (
                d
                for d in self.documents
                if d.doc_id == doc_id and (target is None or d.target_lang == target)
            ),
            None,
        )


def project_status(
    content_dir: Path | Project,
    reporter: Reporter,
    only: Collection[str] | None = None,
    templates_dir: Path = Path("templates"),
) -> ProjectStatus:
    """Check the project (or the documents in only) and work out every unit's status.
    The run's diagnostics go to reporter as `check` reports them; a document that could
    not be loaded has no status (its problems say why). content_dir: the project opened
    by the command, or its content folder."""
    from .pipeline import check

    return status_of(check(content_dir, reporter, keep=True, only=only), templates_dir)


def status_of(checked: Checked, templates_dir: Path = Path("templates")) -> ProjectStatus:
    """Every unit's status from a check run that kept its documents (pipeline.check with
    keep): the earlier source texts of stale units come from the project's history."""
    from .locale import load_locale

    setup = checked.setup
    found = ProjectStatus([], checked, checked.diagnostics)
    if setup is None or checked.unknown or checked.project is None:
        return found
    history = checked.project.history()
    source = setup.languages.source
    locale = load_locale(source, templates_dir, Reporter())  # its problems are build's
    paired = set()
    for pair in checked.pairs:
        paired.add((pair.doc_id, pair.target.lang))
        found.documents.append(
            _document_status(pair.doc_id, pair.source, pair.target, checked, locale, history)
        )
    project = checked.project
    for doc_id, paths in project.files:  # written in the source language only
        if source.tag not in paths or (checked.only is not None and doc_id not in checked.only):
            continue
        for target in setup.languages.targets:
            if target.tag in paths or (doc_id, target.tag) in paired:
                continue
            problems = Reporter()
            english = project.load_source(doc_id, problems)
            if english is None or problems.errors:
                continue  # check reports why
            path = str(project.content_dir / target.tag / Path(paths[source.tag]).name)
            empty = Document(
                doc_id, target.tag, path, english.type, english.type_location, (), (), ()
            )
            status = _document_status(doc_id, english, empty, checked, locale, history)
            status.new = True
            found.documents.append(status)
    return found


def _document_status(doc_id, source_doc: Document, target_doc: Document, checked, locale, history):
    """One document's status in one target language."""
    from .layout import build_layout

    source = checked.setup.languages.source
    numbers: dict[str, str] = {}
    if locale is not None:  # the numbers as the source edition prints them
        layout = build_layout([source_doc], [source], [locale])
        for block in layout.blocks():
            if block.id is not None and block.cells[0].number:
                numbers[block.id] = block.cells[0].number
    by_unit: dict[str, list[Diagnostic]] = {}
    paths = {source_doc.path, target_doc.path}
    for diagnostic in checked.diagnostics:
        if diagnostic.unit is not None and diagnostic.location.path in paths:
            by_unit.setdefault(diagnostic.unit, []).append(diagnostic)
    targets = {u.id: u for u in target_doc.units()}
    tracked = any(u.source_hash is not None for u in targets.values())
    status = DocumentStatus(doc_id, source_doc, target_doc)
    for unit in source_doc.units():
        assert unit.id is not None
        if not unit.fields:  # a section without a heading: nothing to translate
            continue
        target = targets.get(unit.id)
        findings = tuple(by_unit.get(unit.id, ()))
        then = None
        if target is None or _copied(unit, target, findings):
            state = "missing"
        elif target.source_hash is None:
            state = "stale" if tracked else "translated"
        elif same_hash(target.source_hash, source_hash(unit)):
            # approved, unless the translation changed since, or the approval does not say
            # which translation it approved, or says it by a short hash (older forms: anyone
            # could have changed it, or made a different text with the same short hash)
            changed = (
                target.text_hash is None
                or short_hash(target.text_hash)
                or target.text_hash != text_hash(target)
            )
            state = "translated" if changed else "approved"
        else:
            state = "stale"
            then = history(unit, target.source_hash)
        notes = tuple(n for u in (unit, target) if u is not None for n in u.notes if n.open)
        status.units.append(
            UnitStatus(
                unit.id,
                unit.kind,
                unit.role,
                numbers.get(unit.id, ""),
                unit,
                target,
                state,
                findings,
                notes,
                bool(unit.waivers or (target and target.waivers)),
                then,
            )
        )
    return status


def _copied(source: Unit, target: Unit, findings: tuple[Diagnostic, ...]) -> bool:
    """A translation that is the English copied (every text the same, which the checks
    report as untranslated): no translation yet."""
    if not any(d.code == "qa.untranslated" for d in findings):
        return False
    return len(source.fields) == len(target.fields) and all(
        " ".join(a.plain.split()) == " ".join(b.plain.split())
        for a, b in zip(source.fields, target.fields)
    )


def to_rows(status: ProjectStatus) -> list[dict]:
    """One row per document and target language: its id, languages, counts and percent."""
    return [
        {
            "document": d.doc_id,
            "source": d.source.lang,
            "target": d.target_lang,
            **d.counts(),
            "percent": round(d.percent(), 1),
        }
        for d in status.documents
    ]


def to_table(rows: list[dict]) -> str:
    """The rows as an aligned text table."""
    head = ["document", "target", "total", *COUNTED, "current"]
    body = [
        [r["document"], r["target"], *(str(r[k]) for k in ("total", *COUNTED)), f"{r['percent']}%"]
        for r in rows
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(head, *body)]
    lines = []
    for row in [head, *body]:
        cells = [
            str(x).ljust(w) if i < 2 else str(x).rjust(w)
            for i, (x, w) in enumerate(zip(row, widths))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
