"""Finds the documents under content/, loads both languages and the glossary, and aligns them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .align import AlignedUnit, align
from .diagnostics import Location, Reporter, display_path
from .glossary import Glossary, load_glossary
from .load import document_id_problem, load_document
from .model import Document

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class DocumentPair:
    doc_id: str
    en: Document
    zh: Document
    units: tuple[AlignedUnit, ...]


@dataclass(frozen=True)
class Project:
    content_dir: Path
    documents: tuple[DocumentPair, ...]
    glossary: Glossary | None


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
            reporter.error("content.file-name", f"content files end in .yaml; rename "
                           f"{path.name} to {path.stem}.yaml", Location(str(path)))
        elif path.suffix == ".yaml":
            problem = document_id_problem(path)
            if problem:
                reporter.error("content.file-name", problem, Location(str(path)))
            else:
                files[path.stem] = path
    return files


def find_documents(content_dir: Path, reporter: Reporter
                   ) -> list[tuple[str, Path | None, Path | None]]:
    """(document id, English file, Chinese file) for every document, by id; a document with
    only one language is reported."""
    en_files = content_files(content_dir, "en", reporter)
    zh_files = content_files(content_dir, "zh", reporter)
    for doc_id, path in en_files.items():
        if doc_id not in zh_files:
            reporter.error("parity.no-translation", f"document '{doc_id}' has no Chinese file: "
                           f"expected {display_path(str(content_dir / 'zh' / path.name))}",
                           Location(str(path)))
    for doc_id, path in zh_files.items():
        if doc_id not in en_files:
            reporter.error("parity.no-source", f"document '{doc_id}' has no English source "
                           f"file: expected {display_path(str(content_dir / 'en' / path.name))}",
                           Location(str(path)))
    return [(doc_id, en_files.get(doc_id), zh_files.get(doc_id))
            for doc_id in sorted(en_files.keys() | zh_files.keys())]


def load_pair(doc_id: str, en_path: Path | None, zh_path: Path | None,
              reporter: Reporter) -> DocumentPair | None:
    """Load whichever languages exist (reporting their problems) and align them; None unless
    both load."""
    loaded = {lang: load_document(path, lang, reporter)
              for lang, path in (("en", en_path), ("zh", zh_path)) if path is not None}
    if not (loaded.get("en") and loaded.get("zh")):
        return None
    return DocumentPair(doc_id, loaded["en"], loaded["zh"],
                        align(loaded["en"], loaded["zh"], reporter))


def load_project_glossary(content_dir: Path, reporter: Reporter) -> Glossary | None:
    glossary_path = content_dir / GLOSSARY_FILE
    return load_glossary(glossary_path, reporter) if glossary_path.exists() else None


def load_project(content_dir: Path, reporter: Reporter) -> Project:
    """Load and align everything under content_dir; every problem goes to the reporter."""
    pairs = [pair for pair in (load_pair(*found, reporter)
                               for found in find_documents(content_dir, reporter)) if pair]
    return Project(content_dir, tuple(pairs), load_project_glossary(content_dir, reporter))
