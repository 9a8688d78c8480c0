"""What git says of some of the project's files, asked in the project's repository whatever
the current folder: the last commit that changed any of them, and each of them that differs
from it (changed, deleted, never committed, ignored, outside the repository).

Drafts are dated by their document's files (content_date), releases by theirs,
and a release is refused unless every file it is made from is committed
(diglot/release/inputs.py). Every question goes through provenance.run_git, in the
repository's top folder, with literal pathspecs (a file name with `*` is a name)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # the committer's date, YYYY-MM-DD, as the committer's clock showed it


@dataclass(frozen=True)
class Uncommitted:
    """A file that is not as the last commit has it, and how."""

    path: Path
    how: str  # "changed", "deleted", "added but not committed", "never committed", ...


@dataclass(frozen=True)
class FilesState:
    """The files' last commit (None: none, or no repository) and those not as committed."""

    top: Path | None  # the repository's top folder (None: not in a repository)
    commit: Commit | None
    uncommitted: tuple[Uncommitted, ...]


def _git(top: Path, *args: str) -> str | None:
    from .provenance import run_git

    out = run_git(top, "--literal-pathspecs", *args)
    return None if out is None else out.decode("utf-8", "surrogateescape")


def repository_top(root: Path) -> Path | None:
    """The top folder of the git repository that holds the project folder root."""
    from .provenance import run_git

    out = run_git(Path(root), "rev-parse", "--show-toplevel")
    text = out.decode("utf-8", "surrogateescape").rstrip("\r\n") if out else ""
    return Path(os.path.realpath(text)) if text else None


def repository_name(path: Path, top: Path) -> str | None:
    """The path as git names it in the repository (its folder's links followed, not the
    file's own: a link is committed as a link), or None outside the repository."""
    absolute = Path(os.path.abspath(path))
    real = Path(os.path.realpath(absolute.parent)) / absolute.name
    try:
        return real.relative_to(top).as_posix() or "."
    except ValueError:
        return None


def files_state(root: Path, paths: Iterable[Path], top: Path | None = None) -> FilesState:
    """The state of these files (or folders: every file in them) in the repository of the
    project folder root (top: its top folder, found already)."""
    paths = list(dict.fromkeys(Path(p) for p in paths))
    top = top or repository_top(root)
    if top is not None:
        paths = _with_links(paths, top)
    if top is None:
        return FilesState(
            None, None, tuple(Uncommitted(p, "not in a git repository") for p in _present(paths))
        )
    inside: list[str] = []
    outside: list[Uncommitted] = []
    for path in paths:
        relative = repository_name(path, top)
        if relative is None:
            outside += [
                Uncommitted(p, f"outside the project's git repository ({top})")
                for p in _present([path])
            ]
        else:
            inside.append(relative)
    if not inside:
        return FilesState(top, None, tuple(outside))
    commit = last_commit(top, inside)
    status = _git(
        top,
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--ignored=matching",
        "--no-renames",
        "--",
        *inside,
    )
    found: list[Uncommitted] = []
    for entry in (status or "").split("\0"):
        if len(entry) < 4:
            continue
        code, name = entry[:2], entry[3:]
        found.append(Uncommitted(top / name, _how(code)))
    found = _folders_opened(found, top, inside)
    if status is None:
        found = [Uncommitted(p, "not readable by git") for p in _present(paths)]
    else:
        found += _hidden_changes(top, inside, {u.path for u in found})
    return FilesState(top, commit, tuple(sorted(found + outside, key=lambda u: str(u.path))))


def _with_links(paths: list[Path], top: Path) -> list[Path]:
    """The paths and every link they are read through inside the repository (a link to the
    file, or a folder above it that is one), with where each leads: git is asked of the
    link (committed, and pointing where it did?) and of what it leads to (a link committed
    to a file that is not, or a folder link pointed elsewhere, would otherwise carry their
    changes past the question)."""
    found = list(paths)
    seen = {os.path.abspath(p) for p in found}
    top_text = str(top)

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            found.append(Path(path))

    for path in paths:
        absolute = os.path.abspath(path)
        chain = [absolute, *map(str, Path(absolute).parents)]
        for step in chain:
            head, name = os.path.split(step)
            where = os.path.join(os.path.realpath(head), name)  # the step itself, not its target
            if where == top_text or not where.startswith(top_text + os.sep):
                break  # the repository's top, or above it
            if os.path.islink(step):
                add(step)
                add(os.path.realpath(step))
    return found


def is_shallow(top: Path) -> bool:
    """Whether the repository's history is cut short (a shallow clone)."""
    return (_git(top, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def shallow_boundary(top: Path) -> set[str]:
    """The commits where a shallow clone's history is cut (their parents were not fetched):
    a file whose last commit is one of them may have changed last in a commit before it."""
    name = (_git(top, "rev-parse", "--git-path", "shallow") or "").strip()
    if not name:
        return set()
    path = Path(name) if os.path.isabs(name) else top / name
    try:
        return set(path.read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return set()


NOT_IN_COMMIT = (
    "not in the last commit: it lies in a git submodule or in a repository of its own "
    "(release from the repository that holds it, or commit it in this one)"
)
HIDDEN = (
    "changed since the last commit, though `git status` does not show it (the file is marked "
    "assume-unchanged or skip-worktree: `git update-index --no-assume-unchanged "
    "--no-skip-worktree FILE`)"
)

LFS_HIDDEN = (
    "changed since the last commit, though git may not show it: it is neither the file the "
    "commit holds nor the object its Git LFS pointer names (what the configuration runs as the "
    '"lfs" filter decides what git status says: `git config --show-origin --get-regexp '
    "'^filter\\.lfs'`)"
)


def _folders_opened(found: list[Uncommitted], top: Path, inside: list[str]) -> list[Uncommitted]:
    """git status names a folder whole when none of it is tracked (never committed, ignored,
    a repository of its own): each asked-for file in it is named instead, as the folder is
    (a file in a nested repository or a submodule: not in the last commit)."""
    opened: list[Uncommitted] = []
    for entry in found:
        within = [top / n for n in inside if entry.path in (top / n).parents]
        if not within or not entry.path.is_dir():
            opened.append(entry)
            continue
        nested = (entry.path / ".git").exists()
        opened += [Uncommitted(p, NOT_IN_COMMIT if nested else entry.how) for p in within]
    return opened


def _hidden_changes(top: Path, inside: list[str], reported: set[Path]) -> list[Uncommitted]:
    """The files whose content on disk is not the last commit's although `git status` calls
    them unchanged, and those the last commit does not hold at all. git status trusts the
    index and the filters: a file marked assume-unchanged or skip-worktree is not looked at,
    and a filter may say that any text is the committed one. So a file that a filter other
    than Git LFS's passes through is refused (a release cannot tell its committed text),
    and every other file is hashed as `git add` would store it (the repository's
    line-ending rules applied: a CRLF checkout is no change) and compared with HEAD's blob.
    A link's target is compared with the link git holds. A file the commit does not hold (it
    lies in a submodule or a nested repository, whose files the outer `git status` does not
    list) is not committed."""
    listing = _git(top, "ls-tree", "-r", "-z", "HEAD", "--", *inside)
    blobs: dict[str, str] = {}
    links: dict[str, str] = {}
    for entry in (listing or "").split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) != 3 or parts[1] != "blob":
            continue
        (links if parts[0] == "120000" else blobs)[name] = parts[2]
    found: list[Uncommitted] = []
    for name in inside:
        path = top / name
        if (
            name not in blobs
            and name not in links
            and path not in reported
            and not any(r in path.parents for r in reported)
            and (path.is_file() or path.is_symlink())
        ):
            found.append(Uncommitted(path, NOT_IN_COMMIT))
    present = []
    for name in blobs:
        path = top / name
        if path in reported:
            continue
        if path.is_file() and not path.is_symlink():
            present.append(name)
        else:
            found.append(Uncommitted(path, HIDDEN.replace("changed", "deleted or replaced", 1)))
    filtered, lfs = _filtered(top, present)
    found += [Uncommitted(top / name, FILTERED.format(filter=how)) for name, how in filtered]
    # a file Git LFS stores is compared with the commit's pointer without running the
    # filter: the repository's configuration says what "lfs" runs, and any command can
    # answer with the committed pointer whatever the file holds
    for name in lfs:
        try:
            data = (top / name).read_bytes()
        except OSError:
            data = None
        if data is None or not _same_blob(top, data, blobs[name], lfs=True):
            found.append(Uncommitted(top / name, LFS_HIDDEN))
    present = [name for name in present if name not in dict(filtered) and name not in lfs]
    hashed = _git(top, "hash-object", "--", *present) if present else ""
    hashes = (hashed or "").split()
    if hashed is None or len(hashes) != len(present):
        return found + [Uncommitted(top / name, "not readable by git") for name in present]
    found += [Uncommitted(top / n, HIDDEN) for n, h in zip(present, hashes) if h != blobs[n]]
    for name, sha in links.items():
        path = top / name
        if path in reported:
            continue
        held = _git(top, "cat-file", "blob", sha)
        try:
            same = path.is_symlink() and held is not None and os.readlink(path) == held
        except OSError:
            same = False
        if not same:
            found.append(Uncommitted(path, HIDDEN))
    return found


FILTERED = (
    "passed through the git {filter} (.gitattributes): it decides what is committed, so a "
    "release cannot tell that this text is the commit's; release from files without it"
)
# The attributes that make what is committed other than the file's bytes (line endings
# aside, which `git add` and the comparison treat alike): a filter, $Id$ expansion, another
# encoding on disk.
REWRITING = ("filter", "ident", "working-tree-encoding")


def _filtered(top: Path, names: list[str]) -> tuple[list[tuple[str, str]], set[str]]:
    """The files (named as in the repository) that git rewrites between the disk and the
    commit (REWRITING: a filter other than Git LFS's, ident, working-tree-encoding), each
    with what rewrites it ("filter 'name'", "attribute ident", ...); and those that only
    Git LFS's filter passes through (compared with the commit's pointer by _same_blob)."""
    if not names:
        return [], set()
    out = _git(top, "check-attr", "-z", *REWRITING, "--", *names)
    parts = (out or "").split("\0")
    found: dict[str, str] = {}
    lfs: set[str] = set()
    for i in range(0, len(parts) - 2, 3):
        name, attribute, value = parts[i : i + 3]
        if attribute == "filter" and value == "lfs":
            lfs.add(name)
            continue
        if value in ("unspecified", "unset"):
            continue
        if attribute == "filter":
            how = f"filter '{value}'"
        elif attribute == "ident":
            how = "attribute ident ($Id$ expanded)"
        else:
            how = f"attribute {attribute} '{value}'"
        found.setdefault(name, how)
    return list(found.items()), lfs - set(found)


# A Git LFS pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): what
# the commit holds for a file Git LFS stores.
LFS_VERSION = b"version https://git-lfs.github.com/spec/v1\n"
LFS_POINTER_MAX = 1024


def _lfs_pointer(blob: bytes) -> tuple[str, int] | None:
    """The SHA-256 and size a Git LFS pointer names, or None when the blob is no pointer."""
    import re

    if len(blob) > LFS_POINTER_MAX or not blob.startswith(LFS_VERSION):
        return None
    oid = re.search(rb"^oid sha256:([0-9a-f]{64})$", blob, re.MULTILINE)
    size = re.search(rb"^size ([0-9]{1,20})$", blob, re.MULTILINE)
    if oid is None or size is None:
        return None
    return oid[1].decode("ascii"), int(size[1])


def _same_blob(top: Path, data: bytes, held: str, lfs: bool) -> bool:
    """Whether these bytes are what the commit's blob `held` stands for, asked of no filter
    (a filter runs what the repository's configuration says): the blob of the bytes
    themselves, or (lfs: a file Git LFS stores) the object the blob's pointer names."""
    import hashlib

    algorithm = hashlib.sha1 if len(held) == 40 else hashlib.sha256
    if algorithm(b"blob %d\0" % len(data) + data).hexdigest() == held:
        return True
    if not lfs:
        return False
    pointer = _lfs_pointer(
        (_git(top, "cat-file", "blob", held) or "").encode("utf-8", "surrogateescape")
    )
    if pointer is None:
        return False
    oid, size = pointer
    return len(data) == size and hashlib.sha256(data).hexdigest() == oid


def as_committed(top: Path, files: dict[str, bytes]) -> list[str]:
    """Of these files (named as in the repository, with bytes read of them), those whose
    bytes are not what HEAD holds: each is hashed as `git add` would store it (the blob of
    its bytes; where that differs, `git hash-object --path`, which applies the repository's
    line-ending rules to them; a file Git LFS stores, against the commit's pointer without
    running its filter)."""
    import tempfile

    if not files:
        return []
    listing = _git(top, "ls-tree", "-r", "-z", "HEAD", "--", *files) or ""
    blobs = {}
    for entry in listing.split("\0"):
        meta, _, name = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            blobs[name] = parts[2]
    rewritten, lfs = _filtered(top, [name for name in files if name in blobs])
    unfiltered = lfs | set(dict(rewritten))  # compared without running their filter
    differ = []
    for name, data in files.items():
        held = blobs.get(name)
        if held is None:
            differ.append(name)
            continue
        if _same_blob(top, data, held, lfs=name in lfs):
            continue
        if name in unfiltered:
            differ.append(name)
            continue
        with tempfile.NamedTemporaryFile() as copy:  # the bytes read, as git would add them
            copy.write(data)
            copy.flush()
            added = _git(top, "hash-object", f"--path={name}", copy.name)
        if (added or "").strip() != held:
            differ.append(name)
    return differ


@dataclass(frozen=True)
class FolderState:
    """A folder of a git repository against the repository's last commit (HEAD)."""

    top: Path  # the repository's top folder
    name: str  # the folder, as the repository names it
    commit: Commit | None  # the last commit that changed the folder; None: HEAD holds none of it
    differing: tuple[Uncommitted, ...]  # each file not as HEAD has it (changed, added, gone)


def folder_state(folder: Path) -> FolderState | None:
    """Whether every file of the folder is what the repository's last commit holds for its
    path: None when the folder lies in no git repository. Each file is asked of git as the
    release's files are (files_state: git status, then each file hashed as `git add` would
    store it and compared with HEAD's object, a link by where it leads, a file that a filter
    rewrites named as such), so a file changed, added, deleted or replaced by a link since
    the commit is named, whatever the index says."""
    real = Path(os.path.realpath(folder))
    top = repository_top(real)
    if top is None:
        return None
    try:
        name = real.relative_to(top).as_posix() or "."
    except ValueError:
        return None
    held = _git(top, "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", name)
    if not [entry for entry in (held or "").split("\0") if entry]:
        return FolderState(top, name, None, ())
    state = files_state(top, [real], top)
    return FolderState(top, name, state.commit, state.uncommitted)


@dataclass(frozen=True)
class LineCommit:
    """The commit that last changed a line (git blame), its author and the author's date."""

    sha: str
    author: str  # "Name <email>", as the commit (and the repository's .mailmap) has it
    date: str  # the author's date and time, ISO 8601 with the author's offset


def line_commits(top: Path, name: str, lines: Iterable[int]) -> dict[int, LineCommit | None]:
    """The commit that last changed each of these lines of a file (named as in the
    repository), as `git blame --porcelain -L N,N` says, the file as it is on the disk: None
    for a line not committed (or when git cannot say). One git process for the file."""
    import datetime
    import re

    wanted = sorted(set(lines))
    if not wanted:
        return {}
    ranges = [arg for n in wanted for arg in ("-L", f"{n},{n}")]
    out = _git(top, "blame", "--porcelain", *ranges, "--", name)
    found: dict[int, LineCommit | None] = dict.fromkeys(wanted)
    headers: dict[str, dict[str, str]] = {}
    sha, line = "", 0
    for text in (out or "").split("\n"):
        start = re.fullmatch(r"([0-9a-f]{40,64}) \d+ (\d+)(?: \d+)?", text)
        if start:
            sha, line = start[1], int(start[2])
            headers.setdefault(sha, {})
        elif text.startswith("\t"):
            found[line] = _line_commit(sha, headers.get(sha, {}), datetime)
        elif sha and " " in text:
            key, _, value = text.partition(" ")
            headers[sha].setdefault(key, value)
    return found


def _line_commit(sha: str, header: dict[str, str], datetime) -> LineCommit | None:
    """A blamed line's commit, None when the line is not committed (git's zero commit)."""
    if not sha.strip("0"):
        return None
    try:
        tz = header.get("author-tz", "+0000")
        offset = (1 if tz[0] == "+" else -1) * (int(tz[1:3]) * 60 + int(tz[3:5]))
        zone = datetime.timezone(datetime.timedelta(minutes=offset))
        when = datetime.datetime.fromtimestamp(int(header["author-time"]), zone)
    except (KeyError, ValueError, IndexError, OverflowError, OSError):
        return None
    mail = header.get("author-mail", "")
    author = header.get("author", "") + (f" {mail}" if mail else "")
    return LineCommit(sha, author, when.isoformat())


def last_commit(top: Path, relative: list[str]) -> Commit | None:
    """The last commit that changed any of these files (named as in the repository)."""
    out = _git(top, "log", "-1", "--format=%H %cs", "--", *relative)
    sha, _, date = (out or "").strip().partition(" ")
    return Commit(sha, date) if sha and date else None


def _how(code: str) -> str:
    if code == "??":
        return "never committed"
    if code == "!!":
        return "ignored by git, never committed"
    if "D" in code:
        return "deleted, not committed"
    if code[0] == "A":
        return "added but not committed"
    if "U" in code:
        return "in a merge conflict"
    return "changed since the last commit"


def _present(paths: list[Path]) -> list[Path]:
    """The files that are there (a folder's files)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file())
        elif os.path.lexists(path):
            found.append(path)
    return found


def newest_change(files: Iterable[Path]) -> str | None:
    """The newest modification date of these files (ISO), None when there is none."""
    import datetime

    times = []
    for path in files:
        try:
            times.append(os.stat(path).st_mtime)
        except OSError:
            continue
    return datetime.date.fromtimestamp(max(times)).isoformat() if times else None


def files_date(state: FilesState) -> str | None:
    """The date of the files: their last commit's, or, when some were changed since (or
    were never committed), the newest such file's modification date when it is later."""
    committed = state.commit.date if state.commit else None
    changed = newest_change(u.path for u in state.uncommitted)
    if committed and changed:
        return max(committed, changed)
    return committed or changed


def dates_of(root: Path, groups: dict[str, list[Path]]) -> dict[str, str | None]:
    """files_date of each group of files (a document's), asking git once for what changed
    and once per group for its last commit."""
    top = repository_top(root)
    everything = [p for paths in groups.values() for p in paths]
    if top is None:
        return {key: newest_change(paths) for key, paths in groups.items()}
    state = files_state(root, everything, top)
    changed = {u.path for u in state.uncommitted}
    found: dict[str, str | None] = {}
    for key, paths in groups.items():
        relative = [r for p in paths if (r := repository_name(p, top)) is not None]
        commit = last_commit(top, relative) if relative else None
        mine = [top / r for r in relative if top / r in changed]
        mine += [p for p in paths if repository_name(p, top) is None]
        found[key] = files_date(FilesState(top, commit, tuple(Uncommitted(p, "") for p in mine)))
    return found


# -- the date of the content ----------------------------------------------------------------


def content_date(content_dir: Path, files: Iterable[Path] | None = None) -> str:
    """The date of a document's text, ISO (YYYY-MM-DD): a draft is dated by it. The date of
    the latest commit that changed one of its files (files; by default every file of the
    content folder), or, when one of them was changed since (or git or its history is
    missing), the newest modification date of such a file. Asked in the project's
    repository whatever the current folder; the same content gives the same date wherever
    it is built."""
    import datetime

    from .config import project_root

    state = files_state(project_root(content_dir), [content_dir] if files is None else files)
    return files_date(state) or datetime.date.today().isoformat()
