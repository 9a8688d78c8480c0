"""Finds the documents under content/, loads every language and the glossary, and aligns each
target language with the source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .align import AlignedUnit, align
from .diagnostics import Location, Reporter, display_path
from .glossary import Termbase, load_glossary
from .languages import Languages, Profile, project_languages
from .load import document_id_problem, load_document
from .model import Document
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
class Project:
    content_dir: Path
    documents: tuple[DocumentPair, ...]
    glossary: Termbase | None
    languages: Languages
    types: TypeRegistry


@dataclass(frozen=True)
class Setup:
    """What every command needs before it reads a document: languages and types."""

    content_dir: Path
    languages: Languages
    types: TypeRegistry

    @property
    def root(self) -> Path:
        return self.content_dir.parent


def project_setup(content_dir: Path, reporter: Reporter) -> Setup | None:
    """The project's languages (diglot.toml beside content/) and document types."""
    root = content_dir.resolve().parent
    languages = project_languages(root, reporter)
    if languages is None:
        return None
    return Setup(content_dir, languages, TypeRegistry(root, languages.numbering_styles, reporter))


def content_files(content_dir: Path, lang: str, reporter: Reporter) -> dict[str, Path]:
    """The document files of one language, by document id."""
    folder = content_dir / lang
    files: dict[str, Path] = {}
    if not folder.is_dir():
        return files
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix == ".yml":
            reporter.error(
                "content.file-name",
                f"content files end in .yaml; rename {path.name} to {path.stem}.yaml",
                Location(str(path)),
            )
        elif path.suffix == ".yaml":
            problem = document_id_problem(path)
            if problem:
                reporter.error("content.file-name", problem, Location(str(path)))
            else:
                files[path.stem] = path
    return files


def find_documents(setup: Setup, reporter: Reporter) -> list[tuple[str, dict[str, Path]]]:
    """(document id, {language: file}) for every document, by id; a document missing in a
    language is reported."""
    langs = setup.languages
    files = {p.tag: content_files(setup.content_dir, p.tag, reporter) for p in langs.all}
    source = langs.source
    for target in langs.targets:
        for doc_id, path in files[source.tag].items():
            if doc_id not in files[target.tag]:
                expected = setup.content_dir / target.tag / path.name
                reporter.error(
                    "parity.no-translation",
                    f"document '{doc_id}' has no "
                    f"{target.name} file: expected {display_path(str(expected))}",
                    Location(str(path)),
                )
        for doc_id, path in files[target.tag].items():
            if doc_id not in files[source.tag]:
                expected = setup.content_dir / source.tag / path.name
                reporter.error(
                    "parity.no-source",
                    f"document '{doc_id}' has no {source.name} "
                    f"source file: expected {display_path(str(expected))}",
                    Location(str(path)),
                )
    ids = sorted(set().union(*(f.keys() for f in files.values())))
    return [(doc_id, {tag: f[doc_id] for tag, f in files.items() if doc_id in f}) for doc_id in ids]


def load_pairs(
    setup: Setup, doc_id: str, paths: dict[str, Path], reporter: Reporter
) -> list[DocumentPair]:
    """Load whichever languages exist (reporting their problems) and align each target with
    the source; a pair is left out unless both load."""
    loaded = {
        tag: load_document(path, tag, setup.types, reporter, setup.languages.get(tag).bidi_controls)
        for tag, path in paths.items()
    }
    source = loaded.get(setup.languages.source.tag)
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


def load_project_glossary(
    content_dir: Path, languages: Languages, reporter: Reporter
) -> Termbase | None:
    glossary_path = content_dir / GLOSSARY_FILE
    if not glossary_path.exists():
        return None
    return load_glossary(
        glossary_path,
        reporter,
        languages.source.tag,
        tuple(p.tag for p in languages.targets),
        any(p.bidi_controls for p in languages.all),
    )


def load_project(content_dir: Path, reporter: Reporter) -> Project | None:
    """Load and align everything under content_dir; every problem goes to the reporter.
    None when the project's languages cannot be read."""
    setup = project_setup(content_dir, reporter)
    if setup is None:
        return None
    pairs = [
        pair
        for found in find_documents(setup, reporter)
        for pair in load_pairs(setup, *found, reporter)
    ]
    return Project(
        content_dir,
        tuple(pairs),
        load_project_glossary(content_dir, setup.languages, reporter),
        setup.languages,
        setup.types,
    )


def profile_of(project: Project, tag: str) -> Profile:
    return project.languages.get(tag)
