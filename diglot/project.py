"""The project a command works on, opened once: its folders, settings, languages and types,
glossary, the documents it holds, the git history rooted at its folder, and the text of
every content file, read once. `open_project` finds everything; `Project.load` loads and
aligns a document's languages from the texts read.

Every command opens the project once (diglot/cli/), checks it once (diglot/pipeline.py
check) and hands what it found to the stage that needs it: the build, the status, the
release gate, the exports and imports, the review server."""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .align import AlignedUnit, align
from .config import CONFIG_FILE, project_root, read_config
from .diagnostics import Diagnostic, Location, Reporter, display_path
from .files import file_kind, os_reason, stamp_of
from .glossary import Termbase, load_glossary
from .languages import Languages, Profile, project_languages
from .load import document_id_problem, load_document, shown_name
from .model import Document
from .provenance import GitHistory
from .settings import Settings, load_settings
from .source import SourceText, read_source, source_from_text
from .types import TypeRegistry

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class DocumentPair:
    """One document in its source language and one target language, aligned unit by unit."""

    doc_id: str
    source: Document
    target: Document
    units: tuple[AlignedUnit, ...]

    @property
    def languages(self) -> tuple[str, str]:
        return (self.source.lang, self.target.lang)


@dataclass(frozen=True)
class Setup:
    """What every command needs before it reads a document: languages and types."""

    content_dir: Path
    languages: Languages
    types: TypeRegistry

    @property
    def root(self) -> Path:
        return project_root(self.content_dir)


def project_setup(
    content_dir: Path, reporter: Reporter, config=None, read: bool = False
) -> Setup | None:
    """The project's languages (diglot.toml beside content/; read: its Config was read
    already, config) and document types, from the folder that holds the content folder as
    named (never from where a link leads)."""
    root = project_root(content_dir)
    languages = project_languages(root, reporter, config, read)
    if languages is None:
        return None
    return Setup(content_dir, languages, TypeRegistry(root, languages.numbering_styles, reporter))


CONTENT_SUFFIX = ".yaml"


def content_files(
    content_dir: Path, lang: str, reporter: Reporter, rejected: set[str] | None = None
) -> dict[str, Path]:
    """The document files of one language, by document id. A name that is almost a content
    file's (memo.yml, memo.YAML), a link that leads nowhere or out of the project, and
    anything that is not a regular file are reported, never skipped in silence; the ids of
    those reported go into rejected ("*" for the whole folder)."""
    folder = content_dir / lang
    files: dict[str, Path] = {}
    rejected = set() if rejected is None else rejected
    if not os.path.lexists(folder):
        return files
    if refused(folder, content_dir, reporter, folder=True):
        rejected.add("*")
        return files
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        suffix = path.suffix.casefold().strip()
        if suffix not in (".yaml", ".yml"):
            if path.is_dir() and not path.is_symlink():
                reporter.warning(
                    "content.file-name",
                    f"folder {shown_name(path.name)}/ is not read: a language's documents "
                    f"are files directly in {display_path(str(folder))}/",
                    Location(str(path)),
                )
            continue
        where = Location(str(path) if path.name.isprintable() else str(folder))
        if path.suffix != CONTENT_SUFFIX:
            reporter.error(
                "content.file-name",
                f"content files end in .yaml; rename '{shown_name(path.name)}' to "
                f"'{shown_name(path.stem.strip())}.yaml'",
                where,
            )
            rejected.add(path.stem.strip())
        elif refused(path, content_dir, reporter):
            rejected.add(path.stem)
        elif problem := document_id_problem(path):
            reporter.error("content.file-name", problem, where)
        else:
            files[path.stem] = path
    return files


def refused(path: Path, content_dir: Path, reporter: Reporter, folder: bool = False) -> bool:
    """Whether a content file (or a language folder) cannot be read, reported: a link that
    leads nowhere or loops, one that leads out of the project, anything but a regular file
    (a named pipe, a device, /proc/self/environ)."""
    where = Location(str(path))
    name = display_path(str(path))
    try:
        info = os.stat(path)
    except OSError as exc:
        if path.is_symlink():
            target = os.readlink(path)
            reason = (
                "which leads back to itself (a loop of links)"
                if exc.errno == errno.ELOOP
                else "which does not exist"
            )
            message = f"{name} is a link to '{target}', {reason}; fix or remove the link"
        else:
            message = f"cannot read {name}: {os_reason(exc)}"
        reporter.error("content.link", message, where)
        return True
    root = project_root(content_dir).resolve()
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(root):
        reporter.error(
            "content.outside",
            f"{name} leads to {real}, outside the project folder {root}; content is read "
            "only from inside the project: move the file into it",
            where,
        )
        return True
    wanted = stat.S_ISDIR if folder else stat.S_ISREG
    if not wanted(info.st_mode):
        what = "a folder" if folder else "a regular file"
        reporter.error(
            "content.not-a-file",
            f"{name} is {file_kind(info.st_mode)}, not {what}; "
            f"{'a language folder holds the content files' if folder else 'a content file is a YAML text file'}",
            where,
        )
        return True
    return False


def find_documents(setup: Setup, reporter: Reporter) -> list[tuple[str, dict[str, Path]]]:
    """(document id, {language: file}) for every document, by id; a document missing in a
    language is reported."""
    langs = setup.languages
    before = len(reporter.errors)
    rejected: dict[str, set[str]] = {p.tag: set() for p in langs.all}
    files = {
        p.tag: content_files(setup.content_dir, p.tag, reporter, rejected[p.tag]) for p in langs.all
    }
    source = langs.source

    def reported(doc_id: str, tag: str) -> bool:  # the file is there, and reported already
        return doc_id in rejected[tag] or "*" in rejected[tag]

    for target in langs.targets:
        for doc_id, path in files[source.tag].items():
            if doc_id not in files[target.tag] and not reported(doc_id, target.tag):
                expected = setup.content_dir / target.tag / path.name
                reporter.error(
                    "parity.no-translation",
                    f"document '{doc_id}' has no "
                    f"{target.name} file: expected {display_path(str(expected))}",
                    Location(str(path)),
                )
        for doc_id, path in files[target.tag].items():
            if doc_id not in files[source.tag] and not reported(doc_id, source.tag):
                expected = setup.content_dir / source.tag / path.name
                reporter.error(
                    "parity.no-source",
                    f"document '{doc_id}' has no {source.name} "
                    f"source file: expected {display_path(str(expected))}",
                    Location(str(path)),
                )
    ids = sorted(set().union(*(f.keys() for f in files.values())))
    if not ids and len(reporter.errors) == before:
        folders = ", ".join(f"{p.tag}/" for p in langs.all)
        reporter.error(
            "content.no-documents",
            f"no documents: the language folders ({folders}) hold no .yaml file; "
            f"a document is {setup.content_dir.name}/{source.tag}/<doc-id>.yaml with its "
            "translation under the same name in each target language's folder",
            Location(str(setup.content_dir)),
        )
    return [(doc_id, {tag: f[doc_id] for tag, f in files.items() if doc_id in f}) for doc_id in ids]


def load_pairs(
    setup: Setup,
    doc_id: str,
    paths: dict[str, Path],
    reporter: Reporter,
    unloaded: list[str] | None = None,
    read=None,
    alone: list[Document] | None = None,
) -> list[DocumentPair]:
    """Load whichever languages exist (reporting their problems) and align each target with
    the source; a pair is left out unless both load. unloaded: gets the path of each file
    that could not be loaded; read: how a file's text is read (Project.read; else from the
    disk); alone: gets the source document when no target language has a file for it yet
    (its translation is pending: its own editions are drafted)."""

    def load(tag: str, path: Path) -> Document | None:
        text = read(path, reporter) if read is not None else None
        if read is not None and text is None:  # not readable: reported by read, once
            return None
        bidi = setup.languages.get(tag).bidi_controls
        return load_document(path, tag, setup.types, reporter, bidi, text)

    loaded = {tag: load(tag, path) for tag, path in paths.items()}
    if unloaded is not None:
        unloaded += [str(paths[tag]) for tag, document in loaded.items() if document is None]
    source = loaded.get(setup.languages.source.tag)
    if source is not None:
        _no_target_annotations(source, setup.languages.source.name, reporter)
    if alone is not None and source is not None:
        if not any(p.tag in paths for p in setup.languages.targets):
            alone.append(source)
    pairs = []
    for target_profile in setup.languages.targets:
        target = loaded.get(target_profile.tag)
        if source is not None and target is not None:
            pairs.append(
                DocumentPair(
                    doc_id, source, target, align(source, target, reporter, setup.languages.names)
                )
            )
    return pairs


def _no_target_annotations(document: Document, language: str, reporter: Reporter) -> None:
    """source-hash: and waive: belong to a translation: in the source language's file they
    would be ignored, so they are errors."""
    for unit in document.units():
        if unit.source_hash_location is not None:
            reporter.error(
                "content.source-annotation",
                f"'{unit.id}': source-hash: belongs in the translation's file (it records the "
                f"{language} text a translation was made from); remove it from the "
                f"{language} file",
                unit.source_hash_location,
                unit=unit.id,
            )
        for waiver in unit.waivers:
            reporter.error(
                "content.source-annotation",
                f"'{unit.id}': waive: belongs in the translation's file (the checks compare "
                f"a translation with its {language} text); remove it from the {language} file",
                waiver.location,
                unit=unit.id,
            )


def load_project_glossary(
    content_dir: Path,
    languages: Languages,
    reporter: Reporter,
    texts: dict[str, SourceText | None] | None = None,
) -> Termbase | None:
    """The project's glossary (None: there is none, or it cannot be used: reported); texts,
    when given, keeps the text read under the file's name (what a release hashes)."""
    glossary_path = content_dir / GLOSSARY_FILE
    if not os.path.lexists(glossary_path) or refused(glossary_path, content_dir, reporter):
        return None
    text = read_source(str(glossary_path), reporter)
    if texts is not None:
        texts[str(glossary_path)] = text
    if text is None:
        return None
    return load_glossary(
        glossary_path,
        reporter,
        languages.source.tag,
        tuple(p.tag for p in languages.targets),
        any(p.bidi_controls for p in languages.all),
        given=text,
    )


@dataclass
class Project:
    """A project opened for one command. files: every document found, (id, {language:
    file}); found: the problems of finding them (reported by check for the documents it is
    asked for); glossary_problems: the glossary's (reported by check after them). The
    texts of the content files are read once (read()) and replaced by what an edit wrote
    (wrote()); reads counts how often each file was read from the disk."""

    content_dir: Path
    setup: Setup
    settings: Settings
    glossary: Termbase | None
    files: list[tuple[str, dict[str, Path]]]
    found: list[Diagnostic] = field(default_factory=list)
    glossary_problems: list[Diagnostic] = field(default_factory=list)
    texts: dict[str, SourceText | None] = field(default_factory=dict)
    reads: dict[str, int] = field(default_factory=dict)
    pairs: list[DocumentPair] | None = None  # every document loaded (load_project)
    settings_sha256: str | None = None  # of diglot.toml as read (None: no file, or unread)
    _history: GitHistory | None = None

    @property
    def root(self) -> Path:
        return project_root(self.content_dir)

    @property
    def languages(self) -> Languages:
        return self.setup.languages

    @property
    def types(self) -> TypeRegistry:
        return self.setup.types

    @property
    def known(self) -> list[str]:
        """The id of every document of the project, also of one whose file was refused."""
        found = {doc_id for doc_id, _ in self.files} | {
            doc_id for d in self.found if (doc_id := document_of(d.location.path, self.setup))
        }
        return sorted(found)

    def paths(self, doc_id: str) -> dict[str, Path]:
        return next((paths for found, paths in self.files if found == doc_id), {})

    def history(self) -> GitHistory:
        """The git history of the project's files, asked in the project's folder (never in
        the current one)."""
        if self._history is None:
            self._history = GitHistory(self.root)
        return self._history

    def read(self, path: str | Path, reporter: Reporter) -> SourceText | None:
        """A content file's text, read from the disk the first time only (its problems are
        reported each time it is asked for)."""
        key = str(path)
        if key not in self.texts:
            self.reads[key] = self.reads.get(key, 0) + 1
            problems = Reporter()
            self.texts[key] = read_source(key, problems)
            self._read_problems[key] = problems.diagnostics
        reporter.diagnostics.extend(self._read_problems.get(key, ()))
        return self.texts[key]

    def wrote(self, path: str | Path, data: bytes) -> None:
        """An edit wrote these bytes into the file: later loads read them from here (and
        the documents loaded before are loaded again when asked for)."""
        text = source_from_text(str(path), data.decode("utf-8-sig"))
        self.texts[str(path)] = dataclasses.replace(text, raw=data, stamp=stamp_of(path))
        self._read_problems[str(path)] = []
        self.pairs = None
        doc_id, lang = document_of(str(path), self.setup), Path(path).parent.name
        paths = self.paths(doc_id) if doc_id else None
        if paths is not None and doc_id and lang not in paths:  # a file an import made
            paths[lang] = Path(path)
            expected = f"expected {display_path(str(path))}"
            self.found = [  # it has its translation now
                d
                for d in self.found
                if not (d.code == "parity.no-translation" and d.message.endswith(expected))
            ]

    @property
    def documents(self) -> list[DocumentPair]:
        """Every document loaded (after load_project)."""
        return self.pairs or []

    @property
    def _read_problems(self) -> dict[str, list[Diagnostic]]:
        return self.__dict__.setdefault("_problems_of_reads", {})

    def load(
        self, doc_id: str, reporter: Reporter, unloaded: list[str] | None = None
    ) -> list[DocumentPair]:
        """A document's languages loaded (from the texts read once) and each target aligned
        with the source; its problems reported."""
        return load_pairs(self.setup, doc_id, self.paths(doc_id), reporter, unloaded, self.read)

    def load_source(self, doc_id: str, reporter: Reporter) -> Document | None:
        """A document in its source language alone (one with no translation yet)."""
        source = self.languages.source
        path = self.paths(doc_id).get(source.tag)
        if path is None:
            return None
        return load_document(
            path, source.tag, self.types, reporter, source.bidi_controls, self.read(path, reporter)
        )


def load_project(content_dir: Path | Project, reporter: Reporter) -> Project | None:
    """The project opened (unless it is already) with every document loaded and aligned
    (Project.pairs); every problem of opening and loading it goes to the reporter. None
    when its languages cannot be read."""
    project = (
        content_dir if isinstance(content_dir, Project) else open_project(content_dir, reporter)
    )
    if project is None:
        return None
    if project.pairs is None:
        reporter.diagnostics.extend(project.found)
        project.pairs = [
            pair for doc_id, _ in project.files for pair in project.load(doc_id, reporter)
        ]
        reporter.diagnostics.extend(project.glossary_problems)
    return project


def open_project(content_dir: Path, reporter: Reporter) -> Project | None:
    """Open the project that holds content_dir: its settings, languages and types (the
    problems of these go to the reporter), the documents it holds and its glossary (their
    problems are kept on the project for check to report). None when its languages cannot
    be read."""
    from .checks.catalogue import registry

    root = project_root(content_dir)
    file_problems = Reporter()  # reported after the [checks] ones, as the file is read twice
    config = read_config(root / CONFIG_FILE, file_problems)  # read once
    settings = load_settings(root / CONFIG_FILE, registry(), reporter, config=config)
    reporter.diagnostics.extend(file_problems.diagnostics)
    setup = project_setup(content_dir, reporter, config=config, read=True)
    if setup is None:
        return None
    found = Reporter()
    files = find_documents(setup, found)
    glossary_problems = Reporter()
    texts: dict[str, SourceText | None] = {}
    glossary = load_project_glossary(content_dir, setup.languages, glossary_problems, texts)
    return Project(
        content_dir,
        setup,
        settings,
        glossary,
        files,
        found.diagnostics,
        glossary_problems.diagnostics,
        texts,
        settings_sha256=config.sha256 if config is not None else None,
    )


def document_of(path: str, setup: Setup) -> str | None:
    """The id of the document a problem at this path belongs to (a file directly in a
    language folder: content/<lang>/<doc-id>.yaml), or None: a problem of the project."""
    folder, name = os.path.split(os.path.abspath(path))
    stem, suffix = os.path.splitext(name)
    if (
        suffix.casefold().strip() in (".yaml", ".yml")
        and os.path.basename(folder) in {p.tag for p in setup.languages.all}
        and os.path.dirname(folder) == os.path.abspath(setup.content_dir)
    ):
        return stem.strip()
    return None


def profile_of(languages: Languages, tag: str) -> Profile:
    return languages.get(tag)
