"""The stages every command runs, in order, from one place:

    find -> load and align -> check -> lay out -> write

`check` runs the first three and reports; `build` runs all five. Documents are
independent: a document whose loading, parity or checks find an error is refused (its
previous editions stay as they were) and every other document is built; a problem of the
whole project (its settings, glossary, types, languages, templates or catalogs) stops
everything. Each stage reports every problem it finds as a located diagnostic before the
run stops.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import executor
from .align import language_status
from .diagnostics import Diagnostic, Reporter
from .glossary import Termbase
from .model import Document
from .project import DocumentPair, Project, Setup, document_of, open_project
from .qa import CheckRun, Task, check_documents, finish

if TYPE_CHECKING:  # the layout and the writers are imported by the stages that lay out
    from .layout import Layout
    from .locale import EditionLocale
    from .writers import Release

# Below this many documents one process checks everything: starting workers costs more.
PARALLEL_MIN_DOCUMENTS = 4
# problems of the machine or the output folder: they stop every document, wherever found
MACHINE_CODES = ("output.", "pdf.font-missing")


@dataclass
class Checked:
    """What the first three stages found: the run's figures, the project's languages and
    types, and (when kept) the loaded document pairs. known: the id of every document of
    the project (checked or not); unknown: the ids asked for that name no document (then
    nothing was checked); project: the project checked; diagnostics: everything the run
    reported (the reporter's list)."""

    run: CheckRun = field(default_factory=CheckRun)
    setup: Setup | None = None
    known: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    project: Project | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    only: list[str] | None = None  # the documents asked for (None: every document)

    @property
    def pairs(self) -> list[DocumentPair]:
        return self.run.pairs

    @property
    def pending(self) -> list[Document]:
        """The source documents whose translation does not exist yet (kept)."""
        return self.run.pending


def check(
    project: Project | Path,
    reporter: Reporter,
    *,
    jobs: int = 1,
    source_text=None,
    keep: bool = False,
    only: Collection[str] | None = None,
) -> Checked:
    """Load and align every document of the project (or those whose ids are in only), and
    run the translation checks. project: the project opened once by the command (or its
    content folder, opened here); source_text: the earlier source texts by hash (the
    project's git history by default); keep: hold on to the loaded documents (the build
    lays them out), which means one process."""
    if not isinstance(project, Project):
        opened = open_project(Path(project), reporter)
        if opened is None:
            return Checked(diagnostics=reporter.diagnostics)
        project = opened
    setup = project.setup
    documents = project.files
    known = project.known
    if only is not None:
        unknown = [doc_id for doc_id in dict.fromkeys(only) if doc_id not in known]
        if unknown:
            return Checked(
                setup=setup,
                known=known,
                unknown=unknown,
                project=project,
                diagnostics=reporter.diagnostics,
            )
        documents = [(doc_id, paths) for doc_id, paths in documents if doc_id in only]
    for diagnostic in project.found:  # of the documents asked for, and the project's
        doc_id = document_of(diagnostic.location.path, setup)
        if only is None or doc_id is None or doc_id in only:
            reporter.diagnostics.append(diagnostic)
    reporter.diagnostics.extend(project.glossary_problems)
    from .checks.catalogue import registry

    history = source_text if source_text is not None else project.history()
    task = Task(registry(), project.settings, project.glossary, history, setup, keep, project.read)
    workers = (
        1 if keep or len(documents) < PARALLEL_MIN_DOCUMENTS else max(1, min(jobs, len(documents)))
    )
    shares = [
        documents[i * len(documents) // workers : (i + 1) * len(documents) // workers]
        for i in range(workers)
    ]
    with executor.run(check_documents, task, shares, workers) as pending:  # 2. load, 3. check
        outcomes = pending.results()
    return Checked(
        finish(task, outcomes, reporter),
        setup,
        known,
        project=project,
        diagnostics=reporter.diagnostics,
        only=list(only) if only is not None else None,
    )


def editions(
    pairs: list[DocumentPair],
    setup: Setup,
    locales: dict[str, EditionLocale],
    glossary: Termbase | None = None,
    alone: Sequence[Document] = (),
) -> list[tuple[str, Layout]]:
    """4. lay out: (file stem, layout) of every edition: each language of each document
    alone, and each target beside its source; each with the places its Chinese titles and
    headings may break (between words: the glossary's terms and the document's names kept
    whole). alone: source documents whose translation is pending: their own edition only."""
    from .layout import build_layout
    from .layoutbreaks import names, with_breaks, with_kept
    from .linebreak import Segmenter
    from .quotes import smarten
    from .versions import Version

    found: dict[str, Layout] = {}
    langs = setup.languages
    versions: dict[str, list[Version]] = {}  # every language version of each document
    for pair in pairs:
        known = versions.setdefault(
            pair.doc_id, [Version(langs.source, language_status(pair.source, True))]
        )
        known.append(Version(langs.get(pair.target.lang), language_status(pair.target, False)))
    for document in alone:  # a source whose translation is pending: its own edition only
        own = (Version(langs.source, language_status(document, True)),)
        found[f"{document.doc_id}/{document.doc_id}.{document.lang}"] = build_layout(
            [document], [langs.source], [locales[langs.source.tag]], own
        )
    for pair in pairs:
        source, target = langs.source, langs.get(pair.target.lang)
        stem = f"{pair.doc_id}/{pair.doc_id}"
        every = tuple(versions[pair.doc_id])
        for document, profile in ((pair.source, source), (pair.target, target)):
            found.setdefault(
                f"{stem}.{document.lang}",
                build_layout([document], [profile], [locales[profile.tag]], every),
            )
        found[f"{stem}.{source.tag}-{target.tag}"] = build_layout(
            [pair.source, pair.target],
            [source, target],
            [locales[source.tag], locales[target.tag]],
            every,
        )
    keep: set[str] = set()
    for layout in found.values():
        keep |= names(layout)
    # a balanced title in English keeps a name or a term of the glossary on one line (the
    # term as the titles print it: People’s, not People's)
    phrases = set(keep)
    if glossary is not None:
        marks = langs.source.set_quotes
        for termbase in glossary.by_target.values():
            phrases.update(smarten(term.source, marks) for term in termbase.terms)
    found = {stem: with_kept(layout, phrases) for stem, layout in found.items()}
    if not any(p.cjk for p in langs.all):
        return list(found.items())
    for profile in langs.targets:
        if glossary is not None and profile.cjk:
            terms = glossary.by_target.get(profile.tag)
            if terms is None:
                continue
            for term in terms.terms:
                keep.update(term.renderings)
            for forms in terms.sanctioned.values():
                keep.update(forms)
    segmenter = Segmenter(keep)
    return [(stem, with_breaks(layout, segmenter.breaks)) for stem, layout in found.items()]


class Progress(Protocol):
    """Told what a build writes (a display on a terminal): every file name first, then as
    each starts and finishes (from another thread, for the worker processes' files). The
    worker processes are started before planned() is called: a display starts any thread
    of its own then, not before (a process forked while another thread runs may deadlock)."""

    def planned(self, names: list[str]) -> None: ...

    def started(self, name: str) -> None: ...

    def finished(self, name: str) -> None: ...


class _Quiet:
    def planned(self, names: list[str]) -> None:
        pass

    def started(self, name: str) -> None:
        pass

    def finished(self, name: str) -> None:
        pass


@dataclass
class Built:
    """What a build did: the files it wrote, by document; the documents it refused, each
    with its errors; whether a problem of the whole project stopped it (then nothing was
    written); the ids asked for that name no document (then nothing was done)."""

    written: dict[str, list[Path]] = field(default_factory=dict)
    refused: dict[str, list[Diagnostic]] = field(default_factory=dict)
    stopped: bool = False
    known: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    current: dict[str, list[Path]] = field(default_factory=dict)  # up to date: not built
    # documents whose translation does not exist yet: their source editions were drafted
    pending: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [path for paths in self.written.values() for path in paths]


def build(
    content_dir: Path | Project,
    templates_dir: Path,
    build_dir: Path,
    reporter: Reporter,
    formats: list[str] | None = None,
    jobs: int | None = None,
    wait: float = 60.0,
) -> list[Path]:
    """Every stage for every document: the files written (build_documents)."""
    return build_documents(
        content_dir, templates_dir, build_dir, reporter, formats, jobs, wait
    ).files


def build_documents(
    content_dir: Path | Project,
    templates_dir: Path,
    build_dir: Path,
    reporter: Reporter,
    formats: list[str] | None = None,
    jobs: int | None = None,
    wait: float = 60.0,
    only: Collection[str] | None = None,
    progress: Progress | None = None,
    incremental: str = "off",
    release: Release | None = None,
    workers: executor.Workers | None = None,
    checked: Checked | None = None,
) -> Built:
    """Every stage: write build/<doc-id>/<doc-id>.<lang | source-target>.<suffix> for every
    registered writer (or those named in formats) of every document (or those in only)
    whose checks pass. A document with an error is refused: none of its files is written,
    its previous ones stay. A problem of the project stops everything. The files are
    written at once (output.py); a problem with the output folder is reported as an
    `output.*` error. wait: how long to wait for another build writing the same folder;
    progress: told which edition files are written, and when each starts and ends;
    incremental: "reuse" skips the documents whose editions are up to date
    (diglot/incremental.py), reporting the problems recorded for them; "record" builds every
    document but records what each edition was made from, as "reuse" does; "off" does
    neither; release: the version and date of a released edition (None: a draft, marked as
    such and dated by its content); workers: worker processes the caller started (and
    stops), which have imported the heavy writers meanwhile (executor.start); content_dir:
    the project opened by the command, or its content folder; checked: the check run the
    caller made already (kept documents; its problems in the reporter), not run again."""
    from . import writers

    project = content_dir
    content_dir = project.content_dir if isinstance(project, Project) else project

    chosen = [w for w in writers.registered() if formats is None or w.name in formats]
    dates = {} if release is not None else draft_dates(content_dir, only)
    plan = None
    if incremental in ("reuse", "record"):
        from . import incremental as inc

        names = [w.name for w in chosen]
        made = f"release {release}"  # what the marks say: a release's, or each draft's date
        drafts = {doc_id: f"draft of {date}" for doc_id, date in dates.items()}
        plan = inc.plan(content_dir, templates_dir, build_dir, names, _list(only), made, drafts)
        found = inc.documents(content_dir)
        wanted = list(found) if only is None else list(only)
        if incremental == "record":
            plan.current.clear()
        elif all(doc_id in found for doc_id in wanted):  # else check names the unknown ones
            todo = plan.stale(wanted)
            if only is None and set(plan.recorded.get("documents") or ()) - set(found):
                todo = wanted  # a document was removed: a whole build takes its files away
                plan.current.clear()
            if not todo:  # nothing to do: the problems the last build reported, no more
                for doc_id in (None, *wanted):
                    reporter.diagnostics.extend(plan.replay.get(doc_id, ()))
                return Built(known=sorted(found), current=_current(plan, build_dir))
    heavy_names = [w.name for w in chosen if w.heavy]
    # The workers start now and import the heavy writers (WeasyPrint) while this process
    # checks the content; they are stopped when the build ends, however it ends.
    pool = workers
    if pool is None and heavy_names:
        pool = executor.start(jobs or executor.default_workers(), writers.load, (heavy_names,))
    args = (project, templates_dir, build_dir, reporter, chosen, formats, wait, only, progress)
    try:
        built = _build(*args, pool, plan, release, dates, checked)
    finally:
        if pool is not None and pool is not workers:
            pool.close(kill=True)  # idle by now, or the build stopped early
    if plan is not None:
        built.current = _current(plan, build_dir)
    return built


def draft_dates(content_dir: Path, only: Collection[str] | None = None) -> dict[str, str]:
    """The date of each document's drafts (only: of these): the date of its own files, in
    every language (gitstate.content_date), never another document's."""
    import datetime

    from .config import project_root
    from .gitstate import dates_of
    from .incremental import documents

    groups = {
        doc_id: files
        for doc_id, files in documents(content_dir).items()
        if only is None or doc_id in only
    }
    today = datetime.date.today().isoformat()
    return {
        doc_id: date or today
        for doc_id, date in dates_of(project_root(content_dir), groups).items()
    }


def _list(only: Collection[str] | None) -> list[str] | None:
    return None if only is None else list(only)


def _current(plan, build_dir: Path) -> dict[str, list[Path]]:
    return {doc_id: [build_dir / name for name in names] for doc_id, names in plan.current.items()}


def _build(
    project: Path | Project,
    templates_dir: Path,
    build_dir: Path,
    reporter: Reporter,
    chosen: list,
    formats: list[str] | None,
    wait: float,
    only: Collection[str] | None,
    progress: Progress | None,
    pool: executor.Workers | None,
    plan=None,
    release: Release | None = None,
    dates: dict[str, str] | None = None,
    checked: Checked | None = None,
) -> Built:
    from .output import BuildOutput, OutputError, project_folders
    from .writers import WriteContext
    from .writers.fonts import check_glyphs

    if checked is None:
        checked = check(project, reporter, keep=True, only=only)
    setup = checked.setup
    content_dir = checked.project.content_dir if checked.project else Path(str(project))
    if checked.unknown:
        return Built(known=checked.known, unknown=checked.unknown)
    if setup is None:
        return Built(stopped=True)
    stopped = Built(stopped=True)

    # a document whose translation does not exist yet: its own editions are drafted, the
    # missing translation (an error of check, status and release) does not refuse them
    alone = {d.doc_id: d for d in checked.pending} if release is None else {}

    def refused() -> dict[str, list[Diagnostic]] | None:
        """The errors by document; None when one of them is a problem of the project."""
        found: dict[str, list[Diagnostic]] = {}
        for error in reporter.sorted():
            if error.severity != "error":
                continue
            doc_id = document_of(error.location.path, setup)
            if doc_id is None or error.code.startswith(MACHINE_CODES):
                return None
            if doc_id in alone and error.code == "parity.no-translation":
                continue
            found.setdefault(doc_id, []).append(error)
        return found

    if refused() is None:
        return stopped
    from .locale import load_locale

    loaded = {p.tag: load_locale(p, templates_dir, reporter) for p in setup.languages.all}
    locales = {tag: locale for tag, locale in loaded.items() if locale is not None}
    if refused() is None or len(locales) != len(loaded):  # a missing locale is reported
        return stopped
    failing = refused() or {}
    # the documents up to date are checked (their findings are reported) but not built
    current = set(plan.current) if plan is not None else set()
    pairs = [p for p in checked.pairs if p.doc_id not in failing and p.doc_id not in current]
    lone = [d for i, d in alone.items() if i not in failing and i not in current]
    layouts = editions(pairs, setup, locales, checked.run.glossary, lone)
    glyphs = Reporter()
    for _, layout in layouts:
        check_glyphs(layout, glyphs)
    # a character is missing from an edition alone and beside the source: said once
    reporter.diagnostics.extend(dict.fromkeys(glyphs.diagnostics))
    found = refused()
    if found is None:
        return stopped
    failing = found
    layouts = [(stem, layout) for stem, layout in layouts if _doc(stem) not in failing]
    settings = checked.run.settings
    context = WriteContext(
        templates_dir,
        setup.languages.latin_word_lang,
        release,
        severity=dict(settings.severity) if settings is not None else {},
    )
    # each document's drafts are dated by its own files
    waiting = tuple(p.babel_locale for p in setup.languages.targets)
    contexts = {
        doc_id: dataclasses.replace(
            context,
            draft_date=(dates or {}).get(doc_id),
            pending=waiting if doc_id in alone and release is None else (),
        )
        for doc_id in {_doc(stem) for stem, _ in layouts}
    }
    jobs_ = [
        (f"{stem}{writer.suffix}", writer, layout) for stem, layout in layouts for writer in chosen
    ]
    heavy = [job for job in jobs_ if job[1].heavy]
    heavy.sort(key=lambda job: -len(job[2].columns))  # the longest first: it sets the pace
    results: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    shown = progress or _Quiet()
    shown.planned([name for name, _, _ in jobs_])
    # 5. write: the heavy writers in the worker processes (each gets its layout pickled and
    # sends the bytes back), the light ones here meanwhile
    pending: list[Future] = []
    if pool is not None:
        for name, writer, layout in heavy:
            pending.append(pool.submit(_write_in_worker, contexts[_doc(name)], writer.name, layout))
            shown.started(name)
            pending[-1].add_done_callback(functools.partial(_finished, shown, name))
    for writer in chosen:  # what the writes share, made once (the workers make their own)
        if pool is None or not writer.heavy:
            _prepare(writer, context)
    here = [job for job in jobs_ if not job[1].heavy] + (heavy if pool is None else [])
    for job in here:
        shown.started(job[0])
        _collect(job[0], _write(contexts[_doc(job[0])], job), results, problems)
        shown.finished(job[0])
    for job, future in zip(heavy, pending):
        _collect(job[0], future.result(), results, problems)
    for diagnostic in dict.fromkeys(problems):  # a missing label is found by every writer
        reporter.diagnostics.append(diagnostic)
    found = refused()
    if found is None:
        return stopped
    failing = found
    chosen_files = {name: data for name, data in results.items() if _doc(name) not in failing}
    written = _by_document(chosen_files)
    built = Built(refused=failing, known=checked.known)
    built.pending = sorted(doc_id for doc_id in alone if doc_id in written)
    if not written:
        return built
    output = BuildOutput(
        build_dir,
        None if formats is None else {writer.suffix for writer in chosen},
        keep=(set(checked.known) | set(failing)) - set(written),
    )
    for name, data in chosen_files.items():
        output.add(name, data)
    if plan is not None:  # what each file was made from, for the next build
        from . import incremental

        writer_of = {name: writer.name for name, writer, _ in jobs_}
        made = {
            doc_id: {name: (writer_of[name], chosen_files[name]) for name in names}
            for doc_id, names in written.items()
        }
        reported: dict[str | None, list[Diagnostic]] = {}
        for diagnostic in reporter.diagnostics:
            if diagnostic.severity != "error":
                owner = document_of(diagnostic.location.path, setup)
                reported.setdefault(owner, []).append(diagnostic)
        removed = set(plan.recorded.get("documents") or ()) - set(checked.known)
        output.add(incremental.CACHE, incremental.record(plan, made, reported, removed))
    try:
        output.commit(wait, protect=project_folders(content_dir, templates_dir))
    except OutputError as error:
        reporter.diagnostics.append(error.diagnostic())
        return stopped
    built.written = {
        doc_id: [build_dir / name for name in names] for doc_id, names in written.items()
    }
    return built


def _doc(name: str) -> str:
    """The document of an edition's file name (<doc-id>/<doc-id>.<edition>.<suffix>)."""
    return name.split("/", 1)[0]


def _by_document(names) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in names:
        found.setdefault(_doc(name), []).append(name)
    return found


def _finished(progress: Progress, name: str, _future: Future) -> None:
    progress.finished(name)


_prepared: set[str] = set()  # the writers prepared in this process (a worker's)


def _prepare(writer, context) -> None:
    prepare = getattr(writer, "prepare", None)
    if prepare is not None:
        prepare(context)


def _write_in_worker(context, name: str, layout: Layout):
    """One heavy write in a worker process: the writer as registered when the workers
    started, prepared once per process."""
    from . import writers

    writer = writers.named(name)
    if name not in _prepared:
        _prepared.add(name)
        _prepare(writer, context)
    return _write(context, (None, writer, layout))


def _write(context, job):
    """One writer, one edition: the bytes, or what went wrong (returned, so that a worker
    process sends it back like a result)."""
    from .writers import WriteError

    _, writer, layout = job
    try:
        return writer.write(layout, context)
    except WriteError as error:
        return error


def _collect(name: str, result, results: dict[str, bytes], problems: list[Diagnostic]) -> None:
    from .output import DoubleWrite
    from .writers import WriteError

    if isinstance(result, WriteError):
        problems.extend(result.diagnostics)
        if result.data is not None:  # written, with findings for its reader
            results[name] = result.data
    elif name in results:
        raise DoubleWrite(f"{name} would be written twice")
    else:
        results[name] = result
