"""Provenance: which source text each translation was made from.

A target unit records `source-hash:`, a short hash of the source unit's text fields
(written by `approve`); `qa.stale` compares it with the current source. When they differ,
the earlier source text is looked up in the git history of the source file by that hash,
so the stale finding can show what changed. The build, `approve` and the checks use this
module; it knows nothing of any check.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Kept, Reporter
from .files import read_bytes
from .model import Unit
from .source import MAX_BYTES
from .yamltree import Mapping, Scalar, Sequence, mappings, parse_tree

HASH_DIGITS = 32  # 128 bits: no one can make a second text with the same hash
SHORT_DIGITS = 10  # an older form (40 bits): a second text with its hash takes seconds to make
# Keys of a unit that are not its text.
NOT_TEXT_KEYS = ("id", "kind", "review", "source-hash", "waive")


# -- the hash -------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.split())  # str.split() and re's \s agree on what is whitespace


def hash_fields(fields: Iterable[tuple[str, str]]) -> str:
    """The source hash of (field name, source text) pairs, in the unit's field order.

    Each field is `name US source` with its whitespace runs collapsed to one space and
    stripped; fields are joined by RS. (The separators are themselves whitespace to Python's
    regular expressions, so each field is normalised before joining.) Markup is part of the
    source, so a markup change changes the hash; a whitespace-only reflow does not.
    """
    joined = "\x1e".join(f"{name}\x1f{_normalise(source)}" for name, source in fields)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def same_hash(recorded: str | None, current: str) -> bool:
    """Whether a recorded hash is the hash of the current text: equal, or, recorded in the
    older short form, its first SHORT_DIGITS digits."""
    if not recorded or len(recorded) not in (SHORT_DIGITS, HASH_DIGITS):
        return False
    return current[: len(recorded)] == recorded


def short_hash(recorded: str | None) -> bool:
    """Whether a recorded hash has the older short form (40 bits)."""
    return recorded is not None and len(recorded) == SHORT_DIGITS


def text_hash(unit: Unit | None) -> str:
    """A hash of a unit's text fields as written (its translation, for a target unit): what
    an export records, so that an import can tell that the text changed meanwhile."""
    return "" if unit is None else hash_fields((f.name, f.source) for f in unit.fields)


def source_hash(unit: Unit) -> str:
    """The first HASH_DIGITS hex digits of SHA-256 over the English unit's normalised text
    fields."""
    return hash_fields((f.name, f.source) for f in unit.fields)


def unit_text(unit: Unit) -> str:
    """A unit's text as written (markup included), whitespace collapsed, fields joined by
    ' / ': what the word diff compares."""
    return " / ".join(_normalise(f.source) for f in unit.fields)


# -- a document from text (a git version, or an edit before it is written) -------------------


def _units_in_text(text: str, path: str) -> dict[str, tuple[str, str]]:
    """Each unit's (source hash, text) by id in one version of a source file, read from its
    YAML tree without the loader, so that versions written under other rules or types are
    read too: a unit is a mapping with an id; its fields are its other text values (a list of
    texts gives fields name.1, name.2, ...), in the file's order."""
    root = parse_tree(path, text.removeprefix("\ufeff"), Reporter())
    found: dict[str, tuple[str, str]] = {}
    for mapping in mappings(root):
        entries = {key.value: value for key, value in mapping.items}
        fields = []
        for key, value in mapping.items:
            if key.value in NOT_TEXT_KEYS:
                continue
            if isinstance(value, Scalar):
                fields.append((key.value, value.value))
            elif isinstance(value, Sequence) and value.items:
                texts = [item.value for item in value.items if isinstance(item, Scalar)]
                if len(texts) == len(value.items):  # a list of texts only
                    fields += [(f"{key.value}.{i}", text) for i, text in enumerate(texts, 1)]
        unit_id = entries.get("id")
        if isinstance(unit_id, Scalar) and fields and unit_id.value not in found:
            found[unit_id.value] = (
                hash_fields(fields),
                " / ".join(_normalise(s) for _, s in fields),
            )
    return found


# -- tracking data: what a version of a file records besides its text ---------------------


@dataclass(frozen=True)
class Tracking:
    """What one unit of one version of a file records for the translation work: its source
    hash, the texts of its review notes, the checks it waives."""

    source_hash: str | None = None
    notes: tuple[str, ...] = ()
    waivers: tuple[str, ...] = ()


def _tracking_in_text(text: str, path: str) -> dict[str, Tracking]:
    """Each unit's Tracking by id in one version of a file, read from its YAML tree without
    the loader (an older version may follow older rules)."""
    root = parse_tree(path, text.removeprefix("\ufeff"), Reporter())
    found: dict[str, Tracking] = {}
    for mapping in mappings(root):
        entries = {key.value: value for key, value in mapping.items}
        unit_id = entries.get("id")
        if not isinstance(unit_id, Scalar) or unit_id.value in found:
            continue
        hash_node = entries.get("source-hash")
        review = entries.get("review")
        notes: list[str] = []
        for item in review.items if isinstance(review, Sequence) else [review]:
            if isinstance(item, Mapping):
                item = next((v for k, v in item.items if k.value == "note"), None)
            if isinstance(item, Scalar) and item.value.strip():
                notes.append(_normalise(item.value))
        waive = entries.get("waive")
        found[unit_id.value] = Tracking(
            hash_node.value if isinstance(hash_node, Scalar) and hash_node.value else None,
            tuple(notes),
            tuple(k.value for k, _ in waive.items) if isinstance(waive, Mapping) else (),
        )
    return found


def note_text(text: str) -> str:
    """A note's text as tracking compares it: whitespace runs collapsed."""
    return _normalise(text)


# -- the git history ------------------------------------------------------------------------


def may_be_in_repository(folder: Path) -> bool:
    """False when git could find no repository from folder: neither it nor any folder above
    it (its links followed, as git's own search does) has a `.git`, and GIT_DIR is not set.
    A check outside a repository then starts no git at all (two git processes cost more than
    a warm check of a small document)."""
    if os.environ.get("GIT_DIR"):
        return True
    try:
        here = os.path.realpath(folder)
    except (OSError, ValueError):
        return True
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent


# What points git at another repository, index, object store or history than the project's
# own (set by a hook, a script, or someone who wants a release to name another commit).
_GIT_ELSEWHERE = (
    "GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES "
    "GIT_COMMON_DIR GIT_NAMESPACE GIT_REPLACE_REF_BASE GIT_GRAFT_FILE GIT_SHALLOW_FILE"
).split()


def git_environment() -> dict[str, str]:
    """The environment git runs in: the caller's, without the variables that point git at
    another repository, index, object store or history (GIT_DIR, GIT_WORK_TREE,
    GIT_INDEX_FILE ...), so that git answers for the project's own repository whoever runs
    diglot (a hook, a script); settings given in the environment (GIT_CONFIG_COUNT ...:
    safe.directory in a container) stay. With replacement objects ignored (`git replace`
    does not change what a commit holds) and no optional locks (a check or a build never
    blocks a user's git)."""
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ELSEWHERE}
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["GIT_NO_REPLACE_OBJECTS"] = "1"
    return env


def run_git(cwd: Path, *args: str, repository: bool = True) -> bytes | None:
    """git's output in cwd, or None outside a repository, without git, or when it fails
    (in git_environment()). repository
    False: the command needs no repository (git config), so git runs wherever cwd is."""
    import subprocess

    if repository and not may_be_in_repository(cwd):
        return None
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=60,
            check=False,
            env=git_environment(),
        )
    except (OSError, subprocess.SubprocessError):  # no git, no folder, too slow
        return None
    return done.stdout if done.returncode == 0 else None


def git_source_text(repo_root: Path) -> GitHistory:
    """A `Context.source_text` that finds the English a hash was made from in the git history
    of the unit's file (newest commit first). None when git is missing, repo_root is not in a
    repository, the file has no history, or no version of the unit has that hash. The object
    also answers what the last committed version of a file recorded (`committed`) and what a
    translation read when its English changed (`target_when_source_changed`)."""
    return GitHistory(Path(repo_root))


@dataclass(frozen=True)
class Then:
    """A target unit's text when its source changed, and which version that is."""

    text: str
    where: str


# what git said of a commit, by (repository, commit, file): a file's text then, or the
# commits that changed it up to a commit (a 1-tuple: a file absent then is kept as (None,))
_GIT_KEPT: Kept[tuple[str, str, str], tuple[str | None]] = Kept(size=512)


class GitHistory:
    """The git history of the content files, read on demand and remembered."""

    def __init__(self, repo_root: Path):
        self.repo_root = repo_root
        self._top: list[Path | None] = []
        self._head: str | None = None
        self._answers: dict[tuple[str, str, str], str | None] = {}  # (file, unit id, hash)
        self._history: dict[str, list[str]] = {}
        self._paths: dict[str, str | None] = {}
        self._texts: dict[tuple[str, str], str | None] = {}
        self._versions: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
        self._tracking: dict[tuple[str, str], dict[str, Tracking]] = {}

    def _git(self, *args: str, cwd: Path) -> bytes | None:
        return run_git(cwd, *args)

    def top(self) -> Path | None:
        """The repository's top folder (None outside one); its HEAD commit is read with it,
        in the same git call (self._head: None when there is no commit yet)."""
        if not self._top:
            out = self._git("rev-parse", "--show-toplevel", "HEAD^{commit}", cwd=self.repo_root)
            if out:  # the top folder, then the commit
                top_line, _, head = out.rstrip(b"\r\n").rpartition(b"\n")
                self._head = head.decode("ascii", "replace").strip() or None
            else:  # not a repository, or one without a commit yet
                top_line = self._git("rev-parse", "--show-toplevel", cwd=self.repo_root) or b""
            top_line = top_line.rstrip(b"\r\n")
            self._top.append(Path(os.fsdecode(top_line)).resolve() if top_line else None)
        return self._top[0]

    def _commit(self, rev: str) -> str:
        """rev with HEAD as the commit it names now: a name that can mean another commit
        later is never a key of what is kept for the process."""
        return self._head if rev == "HEAD" and self._head else rev

    def _relative(self, path: str) -> str | None:
        if path not in self._paths:
            root = self.top()
            try:
                relative = Path(path).resolve().relative_to(root).as_posix() if root else None
            except (ValueError, OSError):
                relative = None
            self._paths[path] = relative
        return self._paths[path]

    def _text(self, relative: str, sha: str) -> str | None:
        """The file as it was at a commit (None: absent, unreadable, too large). A file at a
        commit never changes: what git gave is kept for the process (`serve` and the
        imports check again and again)."""
        if (relative, sha) not in self._texts:
            root = self.top()
            key = (str(root), self._commit(sha), relative)
            kept = _GIT_KEPT.get(key) if self._head else None
            if kept is not None:
                self._texts[relative, sha] = kept[0]
                return kept[0]
            data = self._git("show", f"{sha}:{relative}", cwd=root) if root else None
            text = None
            if data is not None and len(data) <= MAX_BYTES:
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = None
            self._texts[relative, sha] = text
            if root is not None and self._head and data is not None:
                _GIT_KEPT.put(key, (text,))
        return self._texts[relative, sha]

    def _log(self, relative: str) -> list[str]:
        """The commits that changed the file, newest first (kept for the process by the
        HEAD commit they are read from)."""
        if relative not in self._history:
            root = self.top()
            key = (str(root), f"log {self._head}", relative)
            kept = _GIT_KEPT.get(key) if self._head else None
            if kept is not None:
                self._history[relative] = (kept[0] or "").split()
                return self._history[relative]
            out = self._git("log", "--format=%H", "--", relative, cwd=root) if root else None
            self._history[relative] = out.decode("ascii", "replace").split() if out else []
            if root is not None and self._head and out is not None:
                _GIT_KEPT.put(key, (" ".join(self._history[relative]),))
        return self._history[relative]

    def _units(self, relative: str, sha: str) -> dict[str, tuple[str, str]]:
        if (relative, sha) not in self._versions:
            text = self._text(relative, sha)
            self._versions[relative, sha] = (
                _units_in_text(text, relative) if text is not None else {}
            )
        return self._versions[relative, sha]

    def __call__(self, unit: Unit, wanted: str) -> str | None:
        """The text of the source unit whose hash is `wanted`, from its file's history."""
        assert unit.id is not None  # asked for units with text, and those all have ids
        key = (unit.location.path, unit.id, wanted)
        if key not in self._answers:
            self._answers[key] = None
            relative = self._relative(unit.location.path) or ""
            for sha in self._log(relative) if relative else ():
                found = self._units(relative, sha).get(unit.id)
                if found and same_hash(wanted, found[0]):
                    self._answers[key] = found[1]
                    break
        return self._answers[key]

    def committed(self, path: str) -> dict[str, Tracking]:
        """What each unit of the file's last committed version (HEAD) records; empty when
        the file is not committed or there is no repository."""
        relative = self._relative(path)
        if relative is None:
            return {}
        if (relative, "HEAD") not in self._tracking:
            text = self._text(relative, "HEAD")
            self._tracking[relative, "HEAD"] = (
                _tracking_in_text(text, relative) if text is not None else {}
            )
        return self._tracking[relative, "HEAD"]

    def user_name(self) -> str | None:
        """git's user.name, if it is set."""
        out = run_git(self.repo_root, "config", "user.name", repository=False)
        name = out.decode("utf-8", "replace").strip() if out else ""
        return name or None

    def target_when_source_changed(
        self, source: Unit, old_hash: str, target_path: str
    ) -> Then | None:
        """The text of the target unit (same id) as it was when its source unit stopped
        having the hash old_hash: just before the commit that changed the source, or, if
        that change is not committed yet, at HEAD. None when it cannot be told (no repository, no
        version of the source with that hash, no target file then)."""
        assert source.id is not None
        relative = self._relative(source.location.path)
        target = self._relative(target_path)
        if relative is None or target is None:
            return None
        history = self._log(relative)
        for i, sha in enumerate(history):
            found = self._units(relative, sha).get(source.id)
            if found and same_hash(old_hash, found[0]):
                # just before the commit that changed the source (a translation updated
                # in that same commit counts as updated), or HEAD if it is not committed
                then = f"{history[i - 1]}^" if i > 0 else "HEAD"
                unit = self._units(target, then).get(source.id)
                if unit is None:
                    return None
                where = (
                    f"it reads as before commit {history[i - 1][:7]} changed the source text"
                    if i > 0
                    else "it reads as in the last commit, and the source text's change is not "
                    "committed yet"
                )
                return Then(unit[1], where)
        return None

    def target_now(self, target_path: str, unit_id: str) -> str | None:
        """The target unit's text in the file on disk, read as target_when_source_changed
        reads a version (so that the two compare)."""
        try:
            text = read_bytes(target_path, MAX_BYTES).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        unit = _units_in_text(text, target_path).get(unit_id)
        return unit[1] if unit else None
