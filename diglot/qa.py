"""Runs the QA catalogue over every aligned unit pair: severities from the project's
settings, waivers from the content, findings as located diagnostics.

Each document is loaded, aligned and pair-checked on its own (check_documents, one share
of the documents: diglot/pipeline.py runs the shares, in worker processes when there are
many); only the findings and the small FieldText records travel back. finish() then runs
the corpus checks (consistency) over every document's records at once, and the waivers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .checks import Check, Context, FieldText, Finding, field_texts
from .diagnostics import ERROR, Diagnostic, Reporter
from .glossary import Termbase
from .model import Unit, Waiver
from .project import DocumentPair, Setup, load_pairs
from .settings import Settings


@dataclass
class CheckRun:
    """What `check` found, beside the diagnostics: the figures of its summary line."""

    documents: int = 0
    unit_ids: list[str] = field(default_factory=list)  # English ids, in document order
    flagged: int = 0  # units (either language) marked `review:`
    pairs: list = field(default_factory=list)  # the loaded documents, when kept
    # the source documents with no translation in any target language yet, when kept
    pending: list = field(default_factory=list)
    unloaded: list[str] = field(default_factory=list)  # content files that could not be loaded
    glossary: Termbase | None = None  # the termbase the checks used
    settings: Settings | None = None  # the settings they ran with
    skipped: dict[str, list[str]] = field(default_factory=dict)  # why: the checks that did not run


@dataclass
class Task:
    """What checking needs, shared by every share of the documents (inherited by forked
    workers, never pickled)."""

    checks: tuple[Check, ...]
    settings: Settings
    glossary: Termbase | None
    source_text: Callable[[Unit, str], str | None] | None  # old English by hash (Context)
    setup: Setup
    keep: bool = False  # keep the loaded pairs (the build lays them out)
    read: Callable | None = None  # how a content file's text is read (Project.read)


@dataclass
class Outcome:
    """The result of checking some documents, sent back from a worker as one pickle."""

    run: CheckRun = field(default_factory=CheckRun)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: list[FieldText] = field(default_factory=list)
    waivers: dict[tuple[str, str, str], Waiver] = field(default_factory=dict)
    used: set[tuple[str, str, str]] = field(default_factory=set)
    pairs: list[DocumentPair] = field(default_factory=list)  # only when the task keeps them
    pending: list = field(default_factory=list)  # sources without a translation (kept)
    sources: set[str] = field(default_factory=set)  # source files counted already


def finish(task: Task, outcomes: list[Outcome], reporter: Reporter) -> CheckRun:
    """Every share's findings in order, then the corpus checks and the waivers over all."""
    total = Outcome()
    for outcome in outcomes:
        reporter.diagnostics.extend(outcome.diagnostics)
        total.run.documents += outcome.run.documents
        total.run.unit_ids += outcome.run.unit_ids
        total.run.flagged += outcome.run.flagged
        total.run.unloaded += outcome.run.unloaded
        for why, ids in outcome.run.skipped.items():
            known = total.run.skipped.setdefault(why, [])
            known += [check_id for check_id in ids if check_id not in known]
        total.records += outcome.records
        total.waivers.update(outcome.waivers)
        total.used |= outcome.used
        total.pairs += outcome.pairs
        total.pending += outcome.pending
    _corpus_checks(task, total, reporter)
    _report_waivers(task, total, reporter)
    total.run.pairs = total.pairs
    total.run.pending = total.pending
    total.run.glossary = task.glossary
    total.run.settings = task.settings
    return total.run


def check_documents(task: Task, documents) -> Outcome:
    """Load, align and pair-check some documents ((id, {language: file}) each): one share
    of a run, in this process or a worker. The loaded pairs are kept when task.keep."""
    outcome = Outcome()
    reporter = Reporter(outcome.diagnostics)
    cache: dict = {}  # what checks work out once per process (the glossary's indexes)
    for doc_id, paths in documents:
        alone = outcome.pending if task.keep else None
        for pair in load_pairs(
            task.setup, doc_id, paths, reporter, outcome.run.unloaded, task.read, alone
        ):
            check_document(task, pair, outcome, reporter, cache)
            if task.keep:
                outcome.pairs.append(pair)
    return outcome


def _context(
    task: Task, tracked: set[str] | None, cache: dict, target: str | None = None
) -> Context:
    settings = task.settings
    languages = task.setup.languages
    profile = languages.get(target) if target else languages.targets[0]
    glossary = task.glossary.for_target(profile.tag) if task.glossary else None
    return Context(
        terms=glossary.terms if glossary else (),
        source_profile=languages.source,
        target_profile=profile,
        number_readers=(languages.source.number_reader, profile.number_reader),
        protected=glossary.protected if glossary else (),
        sanctioned=glossary.sanctioned if glossary else {},
        length_ratio=settings.length_ratio,
        length_min_chars=settings.length_min_chars,
        semantic=settings.semantic,
        project_root=task.setup.root,
        source_text=task.source_text,
        tracked=tracked,
        cache=cache,
        text_of=_text_of(task.read) if task.read is not None else None,
    )


def _text_of(read: Callable) -> Callable[[str], str | None]:
    """A content file's text as the task read it (its problems were reported by the load)."""

    def text_of(path: str) -> str | None:
        found = read(path, Reporter())
        return found.text if found is not None else None

    return text_of


def check_document(
    task: Task, document: DocumentPair, outcome: Outcome, reporter: Reporter, cache: dict
) -> None:
    """The pair checks over one document's aligned units, and its FieldText records."""
    # Units without text of their own (a section without heading) have nothing to check.
    pairs = [
        (unit.id, unit.source, unit.target)
        for unit in document.units
        if unit.source.fields or unit.target.fields
    ]
    zh_path = document.target.path
    # Stale tracking starts with the document's first approved unit.
    tracked = {zh_path} if any(unit.source_hash for unit in document.target.units()) else set()
    context = _context(
        task, tracked, cache.setdefault(document.target.lang, {}), document.target.lang
    )
    run = outcome.run
    first_target = document.source.path not in outcome.sources
    outcome.sources.add(document.source.path)
    run.documents += first_target  # a document with several targets counts once
    run.unit_ids += [unit_id for unit_id, _, _ in pairs]
    run.flagged += sum(
        1
        for doc in ((document.source, document.target) if first_target else (document.target,))
        for unit in doc.units()
        if unit.review
    )
    waivers = {(unit_id, w.check): w for unit_id, _, zh in pairs for w in zh.waivers}
    outcome.waivers.update(
        {(zh_path, unit_id, check): w for (unit_id, check), w in waivers.items()}
    )
    document_pairs = [(en, zh) for _, en, zh in pairs]
    by_id = {unit_id: (en, zh) for unit_id, en, zh in pairs}
    for check in task.checks:
        severity = task.settings.severity.get(check.id, check.severity)
        if severity == "off" or (check.pair is None and check.document is None):
            continue
        why = check.missing(context) if check.missing is not None else None
        if why is not None:  # said once by the command (run.skipped), its waivers kept
            ids = run.skipped.setdefault(why, [])
            ids += [check.id] if check.id not in ids else []
            continue
        found: Iterable[tuple[str, Finding]]
        if check.pair is not None:
            found = (
                (unit_id, finding)
                for unit_id, en, zh in pairs
                for finding in check.pair(en, zh, context)
            )
        else:
            assert check.document is not None
            found = check.document(document_pairs, context)
        for unit_id, finding in found:
            if (unit_id, finding.check) in waivers:
                outcome.used.add((zh_path, unit_id, finding.check))
            else:
                _report(reporter, severity, *by_id[unit_id], finding, context.source_name)
    outcome.records += [
        record for _, en, zh in pairs for record in field_texts(en, zh, document.target.lang)
    ]


def _corpus_checks(task: Task, total: Outcome, reporter: Reporter) -> None:
    context = _context(task, None, {})
    for check in task.checks:
        severity = task.settings.severity.get(check.id, check.severity)
        if severity == "off" or check.corpus is None:
            continue
        add = reporter.error if severity == ERROR else reporter.warning
        for record, finding in check.corpus(total.records, context):
            key = (record.target_location.path, record.target_id, finding.check)
            if key in total.waivers:
                total.used.add(key)
                continue
            add(
                finding.check,
                f"'{record.target_id}': {finding.message} ({context.source_name}: "
                f"{record.source_location})",
                record.target_location,
                related=(record.source_location,),
                unit=record.target_id,
                detail=finding.detail,
            )


def _report_waivers(task: Task, total: Outcome, reporter: Reporter) -> None:
    known = {check.id: check for check in task.checks}
    skipped = {check_id for ids in total.run.skipped.values() for check_id in ids}
    for key, waiver in total.waivers.items():
        _, unit_id, check_id = key
        if check_id not in known:
            reporter.error(
                "qa.unknown-waiver",
                f"'{unit_id}' waives '{check_id}', which is no "
                "check; `python pipeline.py checks` lists them",
                waiver.location,
                unit=unit_id,
            )
        elif (
            key not in total.used
            and check_id not in skipped
            and task.settings.severity.get(check_id, known[check_id].severity) != "off"
            # a check of the whole document or project (a length among the others', a
            # term's variants, a sentence's neighbours) may find a unit again after an edit
            # elsewhere: its waiver is not said unused
            and known[check_id].corpus is None
            and known[check_id].document is None
        ):
            reporter.warning(
                "qa.unused-waiver",
                f"'{unit_id}' waives '{check_id}', which no "
                "longer finds anything here; remove the waiver",
                waiver.location,
                unit=unit_id,
            )


def _report(
    reporter: Reporter, severity: str, en: Unit, zh: Unit, finding: Finding, source: str
) -> None:
    """A pair's finding, located in the translation, with where its source stands (named
    by the source's language: "(English: content/en/...)", "(Chinese: content/zh/...)")."""
    zh_field = zh.field(finding.field) if finding.field else None
    en_field = en.field(finding.field) if finding.field else None
    location = finding.location or (zh_field.location if zh_field else zh.location)
    related = (en_field.location if en_field else en.location,)
    add = reporter.error if severity == ERROR and finding.severity is None else reporter.warning
    add(
        finding.check,
        f"'{zh.id}': {finding.message} ({source}: {related[0]})",
        location,
        related=related,
        unit=zh.id,
        detail=finding.detail,
    )
