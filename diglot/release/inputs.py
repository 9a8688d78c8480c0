"""What a release of a document is made from, and whether it is committed: the document's
content files in every language, the glossary, diglot.toml, its type's file and the language
profiles when they are the project's own, and the templates and label catalogs its editions
use. A release is made from these files as their last commit has them (or, with --rehearsal,
as they are), and is dated by the last commit that changed one of them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..config import CONFIG_FILE
from ..diagnostics import Location
from ..gitstate import (
    FilesState,
    as_committed,
    files_date,
    files_state,
    repository_name,
    shallow_boundary,
)
from ..project import GLOSSARY_FILE, Project
from .outcome import Reason

# the templates only the review server uses: a change to them changes no edition
SERVE_ONLY = ("review.html.j2", "review-index.html.j2", "css/review.css", "locale/messages.pot")


@dataclass(frozen=True)
class Inputs:
    """The files a release is made from, and what git says of them."""

    files: tuple[Path, ...]
    state: FilesState
    cut: bool = False  # their last commit is where a shallow clone's history is cut

    @property
    def committed(self) -> bool:
        return self.state.top is not None and not self.state.uncommitted and not self.cut

    def date(self) -> str | None:
        """The release's date: the last commit's of these files (with changes not committed
        in a rehearsal: the newest change's, when it is later)."""
        return files_date(self.state)


def document_inputs(project: Project, doc_id: str, templates_dir: Path, type_path) -> Inputs:
    """The files a release of doc_id is made from (type_path: its type's file, when known),
    and their state in the project's repository."""
    from ..languages import BUILTIN_DIR as BUILTIN_LANGUAGES
    from ..types import BUILTIN_DIR as BUILTIN_TYPES

    root = project.root
    files: list[Path] = list(project.paths(doc_id).values())
    # expected even when absent: a deletion not committed is a change
    files += [project.content_dir / GLOSSARY_FILE, root / CONFIG_FILE]
    # the type's file and the profiles, when they are the project's own or lie in its
    # folder (a project kept in diglot's own repository: its built-in ones are the project's)
    own = type_path is not None and (
        not _within(Path(type_path), BUILTIN_TYPES) or _within(Path(type_path), root)
    )
    if own:
        files.append(Path(type_path))
    for profile in project.languages.all:
        if profile.path and (
            not _within(Path(profile.path), BUILTIN_LANGUAGES) or _within(Path(profile.path), root)
        ):
            files.append(Path(profile.path))
    files += _own_code(root)
    type_name = Path(type_path).stem if type_path is not None else None
    catalogs = {profile.catalog for profile in project.languages.all}
    files += _templates(templates_dir, type_name, catalogs)
    state = files_state(root, files)
    cut = (
        state.top is not None
        and state.commit is not None
        and state.commit.sha in shallow_boundary(state.top)
    )
    return Inputs(tuple(files), state, cut)


SHALLOW = (
    "the repository's history is cut short (a shallow clone) at the last commit of these "
    "files: an earlier commit may have changed them last, so the release's commit and date "
    "cannot be told; fetch more history (git fetch --deepen=50, or --unshallow)"
)


def _own_code(root: Path) -> list[Path]:
    """diglot's own source files, when the project's folder holds them (a project kept in
    diglot's repository, diglot installed from it): its editions are made by that code."""
    package = Path(__file__).resolve().parent.parent
    if not _within(package, root):
        return []
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def _within(path: Path, folder: Path) -> bool:
    return os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)


def _templates(templates_dir: Path, type_name: str | None, catalogs: set[str]) -> list[Path]:
    """The files of the templates folder the editions of a document of this type use: all
    but the review server's, other types' stylesheets and other languages' catalogs."""
    found = []
    for path in sorted(p for p in templates_dir.rglob("*") if p.is_file() or p.is_symlink()):
        name = path.relative_to(templates_dir).as_posix()
        parts = name.split("/")
        if name in SERVE_ONLY or "__pycache__" in parts:
            continue
        if parts[0] == "types" and len(parts) == 2 and Path(parts[1]).stem != type_name:
            continue
        if parts[0] == "locale" and len(parts) > 2 and parts[1] not in catalogs:
            continue
        found.append(path)
    return found


def uncommitted_reasons(inputs: Inputs) -> list[Reason]:
    """One reason for each file not as its last commit has it."""
    reasons = []
    if inputs.cut and inputs.state.top is not None:
        where = Location(str(inputs.state.top))
        line = f"{where}: not committed: {SHALLOW}"
        reasons.append(Reason("committed", where, line, None, "release.uncommitted"))
    for entry in inputs.state.uncommitted:
        where = Location(str(entry.path))
        line = f"{where}: not committed: {entry.how}"
        reasons.append(Reason("committed", where, line, None, "release.uncommitted"))
    return reasons


CHANGED_MEANWHILE = "changed while the release was being made (it is made from the files as read)"


def snapshot_templates(inputs: Inputs, templates_dir: Path, into: Path) -> list[Reason]:
    """Copy the templates folder (its regular files, read once each) into `into`, which the
    editions are then made from: a template changed while they are rendered, and put back
    after, changes nothing. The copies of the release's template files are compared with
    the commit (a change made after git was asked, before the copy, is refused)."""
    import shutil

    from ..files import NotReadable, read_bytes
    from ..templateloader import TEMPLATE_MAX_BYTES

    # only the files the release is made from: those the gate asks git about and the
    # manifest records. Another type's stylesheet, another language's catalog or a template
    # of the review server, were an edition to use one after all (an @import, an include),
    # is not there to be read: the build says so, and the release is refused, rather than
    # made from a file no one checked.
    taken = {
        os.path.normpath(os.path.relpath(path, templates_dir))
        for path in inputs.files
        if os.path.abspath(path).startswith(os.path.abspath(templates_dir) + os.sep)
    }

    def others(folder: str, names: list[str]) -> list[str]:
        """What is not copied: Python's caches, what is neither a file, a folder nor a link
        (a pipe would block the copy; the loader refuses it all the same), and the files
        that are not among the release's."""
        left_out = []
        for name in names:
            path = os.path.join(folder, name)
            if name == "__pycache__":
                left_out.append(name)
            elif os.path.islink(path) or os.path.isfile(path):
                if os.path.normpath(os.path.relpath(path, templates_dir)) not in taken:
                    left_out.append(name)
            elif not os.path.isdir(path):
                left_out.append(name)
        return left_out

    # links stay links: one that leads out of the folder is refused in the copy as it was
    shutil.copytree(templates_dir, into, symlinks=True, ignore=others)
    top = inputs.state.top
    if top is None:
        return []
    real_top = Path(os.path.realpath(top))
    # a file git calls not committed (outside the repository, changed since) is said so
    # once, with that reason: only those it calls committed can have changed meanwhile
    said = {repository_name(u.path, real_top) for u in inputs.state.uncommitted}
    read: dict[str, bytes] = {}
    where: dict[str, Path] = {}
    for path in inputs.files:
        if not _within(path, templates_dir) or not path.is_file():
            continue
        if repository_name(path, real_top) in said | {None}:
            continue
        copy = into / Path(os.path.relpath(path, templates_dir))
        try:
            data = read_bytes(copy, TEMPLATE_MAX_BYTES * 16)
        except NotReadable:
            data = b""
        name = Path(os.path.relpath(os.path.realpath(path), real_top)).as_posix()
        read[name], where[name] = data, path
    reasons = []
    for name in as_committed(real_top, read):
        place = Location(str(where[name]))
        line = f"{place}: not committed: {CHANGED_MEANWHILE}"
        reasons.append(Reason("committed", place, line, None, "release.uncommitted"))
    return reasons


def changed_meanwhile(inputs: Inputs, project: Project) -> list[Reason]:
    """The files that changed while the release was made: asked of git again (a file no
    longer committed, another last commit) and, for the files the project read, compared
    with the bytes it read (the editions and the manifest are made from those)."""
    again = files_state(project.root, inputs.files, inputs.state.top)
    moved: list[Path] = [u.path for u in again.uncommitted]
    if again.commit != inputs.state.commit and inputs.state.top is not None:
        moved.append(inputs.state.top)
    files = {str(path) for path in inputs.files}
    for name, text in project.texts.items():
        if name not in files or text is None or text.raw is None:
            continue
        try:
            now = Path(name).read_bytes()
        except OSError:
            now = None
        if now != text.raw:
            moved.append(Path(name))
    reasons = []
    for path in dict.fromkeys(moved):
        where = Location(str(path))
        line = f"{where}: not committed: {CHANGED_MEANWHILE}"
        reasons.append(Reason("committed", where, line, None, "release.uncommitted"))
    return reasons
