"""The stages every command runs, in order, from one place:

    find -> load and align -> check -> lay out -> write

`check` runs the first three and reports; `build` runs all five and writes nothing while
any stage has found an error. Each stage reports every problem it finds as a located
diagnostic before the run stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import executor
from .config import project_root
from .diagnostics import Diagnostic, Reporter
from .layout import Layout, build_layout
from .locale import EditionLocale, load_locale
from .project import DocumentPair, Setup, find_documents, load_project_glossary, project_setup
from .qa import CONFIG_FILE, CheckRun, Task, check_documents, finish, load_settings

# Below this many documents one process checks everything: starting workers costs more.
PARALLEL_MIN_DOCUMENTS = 4


@dataclass
class Checked:
    """What the first three stages found: the run's figures, the project's languages and
    types, and (for a build) the loaded document pairs."""

    run: CheckRun = field(default_factory=CheckRun)
    setup: Setup | None = None

    @property
    def pairs(self) -> list[DocumentPair]:
        return self.run.pairs


def check(
    content_dir: Path, reporter: Reporter, *, jobs: int = 1, source_text=None, keep: bool = False
) -> Checked:
    """Find, load and align every document, and run the translation checks. keep: hold on
    to the loaded documents (the build lays them out), which means one process."""
    from .checks import registry

    checks = registry()
    settings = load_settings(project_root(content_dir) / CONFIG_FILE, checks, reporter)
    setup = project_setup(content_dir, reporter)  # languages and document types
    if setup is None:
        return Checked()
    documents = find_documents(setup, reporter)  # 1. find
    glossary = load_project_glossary(content_dir, setup.languages, reporter)
    task = Task(checks, settings, glossary, source_text, setup, keep)
    workers = (
        1 if keep or len(documents) < PARALLEL_MIN_DOCUMENTS else max(1, min(jobs, len(documents)))
    )
    shares = [
        documents[i * len(documents) // workers : (i + 1) * len(documents) // workers]
        for i in range(workers)
    ]
    with executor.run(check_documents, task, shares, workers) as pending:  # 2. load, 3. check
        outcomes = pending.results()
    return Checked(finish(task, outcomes, reporter), setup)


def editions(
    pairs: list[DocumentPair], setup: Setup, locales: dict[str, EditionLocale]
) -> list[tuple[str, Layout]]:
    """4. lay out: (file stem, layout) of every edition: each language of each document
    alone, and each target beside its source."""
    found: dict[str, Layout] = {}
    langs = setup.languages
    for pair in pairs:
        source, target = langs.source, langs.get(pair.target.lang)
        stem = f"{pair.doc_id}/{pair.doc_id}"
        for document, profile in ((pair.source, source), (pair.target, target)):
            found.setdefault(
                f"{stem}.{document.lang}",
                build_layout([document], [profile], [locales[profile.tag]]),
            )
        found[f"{stem}.{source.tag}-{target.tag}"] = build_layout(
            [pair.source, pair.target], [source, target], [locales[source.tag], locales[target.tag]]
        )
    return list(found.items())


def build(
    content_dir: Path,
    templates_dir: Path,
    build_dir: Path,
    reporter: Reporter,
    formats: list[str] | None = None,
    jobs: int | None = None,
    wait: float = 60.0,
) -> list[Path]:
    """Every stage: write build/<doc-id>/<doc-id>.<lang | source-target>.<suffix> for every
    registered writer (or those named in formats); nothing is written unless every check
    passed and every edition was written, and then every file at once (output.py). A
    problem with the output folder is reported as an `output.*` error; `wait`: how long
    to wait for another build writing the same folder."""
    from . import writers
    from .output import BuildOutput, OutputError
    from .provenance import git_source_text
    from .writers import WriteContext
    from .writers.fonts import check_glyphs

    checked = check(content_dir, reporter, source_text=git_source_text(Path.cwd()), keep=True)
    setup = checked.setup
    if setup is None or reporter.errors:
        return []
    loaded = {p.tag: load_locale(p, templates_dir, reporter) for p in setup.languages.all}
    locales = {tag: locale for tag, locale in loaded.items() if locale is not None}
    if reporter.errors or len(locales) != len(loaded):  # a missing locale is reported
        return []
    layouts = editions(checked.pairs, setup, locales)
    for _, layout in layouts:
        check_glyphs(layout, reporter)
    chosen = [w for w in writers.registered() if formats is None or w.name in formats]
    context = WriteContext(templates_dir, setup.languages.source.word_lang)
    jobs_ = [
        (f"{stem}{writer.suffix}", writer, layout) for stem, layout in layouts for writer in chosen
    ]
    heavy = [job for job in jobs_ if job[1].heavy]
    heavy.sort(key=lambda job: -len(job[2].columns))  # the longest first: it sets the pace
    output = BuildOutput(
        build_dir, None if formats is None else {writer.suffix for writer in chosen}
    )
    problems: list[Diagnostic] = []
    workers = jobs or executor.default_workers()
    # 5. write: the heavy writers in worker processes (which inherit the layouts: only an
    # index goes to a worker, only the bytes come back), the light ones here meanwhile
    with executor.run(_write_heavy, (context, heavy), range(len(heavy)), workers) as pending:
        for job in jobs_:
            if not job[1].heavy:
                _collect(job[0], _write(context, job), output, problems)
        for job, result in zip(heavy, pending.results()):
            _collect(job[0], result, output, problems)
    for diagnostic in dict.fromkeys(problems):  # a missing label is found by every writer
        reporter.diagnostics.append(diagnostic)
    if reporter.errors:
        return []
    try:
        return output.commit(wait, protect=(content_dir, templates_dir))
    except OutputError as error:
        reporter.diagnostics.append(error.diagnostic())
        return []


def _write_heavy(shared, index: int):
    context, jobs = shared
    return _write(context, jobs[index])


def _write(context, job):
    """One writer, one edition: the bytes, or what went wrong (returned, so that a worker
    process sends it back like a result)."""
    from .writers import WriteError

    _, writer, layout = job
    try:
        return writer.write(layout, context)
    except WriteError as error:
        return error


def _collect(name: str, result, output, problems: list[Diagnostic]) -> None:
    from .writers import WriteError

    if isinstance(result, WriteError):
        problems.extend(result.diagnostics)
    else:
        output.add(name, result)
