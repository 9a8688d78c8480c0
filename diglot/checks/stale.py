"""Stale translations: a Chinese unit records a hash of the English it was made from.

`python pipeline.py approve <id>` writes `source-hash: <source_hash(English unit)>` into the
Chinese file; when the English is edited afterwards, the hashes differ and `qa.stale` reports
the unit with a word diff of the English then and now (the earlier English is found in the
git history by its hash).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..diagnostics import Reporter
from ..model import Unit
from ..source import MAX_BYTES
from ..yamltree import Mapping, Node, Scalar, Sequence, parse_tree
from . import Check, Context, Example, Finding

HASH_DIGITS = 10
# Keys of a unit that are not its text.
NOT_TEXT_KEYS = ("id", "kind", "review", "source-hash", "waive")
DIFF_CONTEXT = 10  # unchanged words kept on each side of a change in a long text


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


# -- the check ------------------------------------------------------------------------------

def check_stale(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    """No recorded hash, or a hash of an English text other than the current one."""
    if not en.fields:  # a unit without text (a section without heading): nothing to track
        return
    if zh.source_hash is None:
        # Tracking starts with a document's first approved unit: from then on every unit
        # of that Chinese file must record the English it was made from.
        if ctx.tracked is None or zh.location.path in ctx.tracked:
            yield Finding("qa.stale", "no source hash: record the English this translation "
                          f"was made from with `python pipeline.py approve {en.id}`")
        return
    if zh.source_hash == source_hash(en):
        return
    now = unit_text(en)
    if ctx.source_text is None:
        detail = f"earlier English not looked up; current English:\n  {now}"
    else:
        then = ctx.source_text(en, zh.source_hash)
        if then is None:
            detail = f"earlier English not found in the git history; current English:\n  {now}"
        else:
            detail = f"English then → now:\n  {word_diff(then, now)}"
    yield Finding("qa.stale", "the English text changed after this unit was translated; "
                  f"update the translation, then run `python pipeline.py approve {en.id}`",
                  detail=detail)


def word_diff(old: str, new: str, context: int = DIFF_CONTEXT) -> str:
    """Words deleted as [-old-] and inserted as {+new+}, like `git diff --word-diff`; long
    unchanged stretches are shortened to `context` words around each change."""
    import difflib

    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    parts: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(opcodes) - 1
            if first and not last and len(words) > context:
                words = ["…", *words[-context:]]
            elif last and not first and len(words) > context:
                words = [*words[:context], "…"]
            elif not first and not last and len(words) > 2 * context + 1:
                words = [*words[:context], "…", *words[-context:]]
            parts.extend(words)
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            insertion = "{+" + " ".join(b[j1:j2]) + "+}"
            if i2 > i1:
                parts[-1] += insertion
            else:
                parts.append(insertion)
    if len(opcodes) <= 1 and a == b:
        parts.append("(the words are the same: only spacing or field boundaries differ)")
    return " ".join(parts)


# The failing example's Chinese was translated, and approved, when the English read
# EARLIER_EN ("national security"); the English has been edited since. Examples are plain
# pairs, so a test must build the units and record the hashes itself: tests/test_stale.py
# gives the passing pair's Chinese source_hash(its own English) and the failing pair's Chinese
# source_hash(EARLIER_EN) (== the passing English). A runner that builds units without any
# source-hash sees "no source hash" for both examples.
EARLIER_EN = "Both countries should clarify the definition of national security."

CHECK = Check(
    id="qa.stale",
    severity="error",
    title="Translation made from an older English text",
    passes=Example(en=EARLIER_EN, zh="两国应明确国家安全的定义。"),
    fails=Example(en="Both countries should clarify the definition of economic security.",
                  zh="两国应明确国家安全的定义。"),
    pair=check_stale,
)


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
            elif isinstance(value, Sequence) and value.items and all(
                    isinstance(item, Scalar) for item in value.items):
                fields += [(f"{key.value}.{i}", item.value)  # type: ignore[attr-defined]
                           for i, item in enumerate(value.items, 1)]
        unit_id = entries.get("id")
        if isinstance(unit_id, Scalar) and fields and unit_id.value not in found:
            found[unit_id.value] = (hash_fields(fields),
                                    " / ".join(_normalise(s) for _, s in fields))
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
            done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60,
                                  check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
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
