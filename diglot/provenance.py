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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .diagnostics import Reporter
from .model import Unit
from .source import MAX_BYTES
from .yamltree import Mapping, Node, Scalar, Sequence, parse_tree

HASH_DIGITS = 10
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


def source_hash(unit: Unit) -> str:
    """The first 10 hex digits of SHA-256 over the English unit's normalised text fields."""
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
    for mapping in _mappings(root):
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


def _mappings(node: Node | None) -> Iterator[Mapping]:
    if isinstance(node, Mapping):
        yield node
        for _, value in node.items:
            yield from _mappings(value)
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _mappings(item)


# -- the earlier English from git -----------------------------------------------------------


def git_source_text(repo_root: Path) -> Callable[[Unit, str], str | None]:
    """A `Context.source_text` that finds the English a hash was made from in the git history
    of the unit's file (newest commit first). None when git is missing, repo_root is not in a
    repository, the file has no history, or no version of the unit has that hash."""
    repo_root = Path(repo_root)
    state: dict = {}
    answers: dict[tuple[str, str, str], str | None] = {}  # (file, unit id, hash)
    history: dict[str, list[str]] = {}
    versions: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}

    def git(*args: str, cwd: Path) -> bytes | None:
        import subprocess

        try:
            done = subprocess.run(
                ["git", *args],
                cwd=cwd,
                capture_output=True,
                timeout=60,
                check=False,
                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            )
        except (OSError, subprocess.SubprocessError):  # no git, no folder, too slow
            return None
        return done.stdout if done.returncode == 0 else None

    def top() -> Path | None:
        if "top" not in state:
            out = git("rev-parse", "--show-toplevel", cwd=repo_root)
            state["top"] = Path(os.fsdecode(out.rstrip(b"\r\n"))).resolve() if out else None
        return state["top"]

    def version(root: Path, relative: str, sha: str) -> dict[str, tuple[str, str]]:
        if (relative, sha) not in versions:
            data = git("show", f"{sha}:{relative}", cwd=root)
            units: dict[str, tuple[str, str]] = {}
            if data is not None and len(data) <= MAX_BYTES:
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = None
                if text is not None:
                    units = _units_in_text(text, relative)
            versions[relative, sha] = units
        return versions[relative, sha]

    def source_text(unit: Unit, wanted: str) -> str | None:
        assert unit.id is not None  # asked for units with text, and those all have ids
        key = (unit.location.path, unit.id, wanted)
        if key in answers:
            return answers[key]
        answers[key] = None
        root = top()
        if root is None:
            return None
        try:
            relative = Path(unit.location.path).resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            return None
        if relative not in history:
            out = git("log", "--format=%H", "--", relative, cwd=root)
            history[relative] = out.decode("ascii", "replace").split() if out else []
        for sha in history[relative]:
            found = version(root, relative, sha).get(unit.id)
            if found and found[0] == wanted:
                answers[key] = found[1]
                break
        return answers[key]

    return source_text
