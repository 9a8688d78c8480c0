"""Official releases: the gate, the bundle and its verification.

`release DOC --version V` publishes a document only when it is ready: every check passes
with its warnings counted (waived findings are not findings), no unit is stale, no review
note is open (unless its unit is accepted with --accept, which records the note in the
manifest), and every edition builds and passes the rendered-output lint. Otherwise every
reason is listed, grouped, each at its file and line, and nothing is written.

A release is the folder `<out>/<doc>/<version>/`: every edition, built as released (with
the version and the release date), `manifest.json` (what was released, from what content,
by which diglot and with which fonts) and `SHA256SUMS`. It is written into a staging
folder beside it and renamed into place, never over an existing release. Its bytes depend
on the content only: the release date defaults to the date of the content's last commit,
so two clones of the same commit give byte-identical releases.

`verify DIR` re-checks a release folder against its manifest and SHA256SUMS.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import interrupts, jsonlimits
from .config import project_root
from .diagnostics import ERROR, WARNING, Diagnostic, Location, Reporter, display_path
from .files import NotReadable, read_bytes, sha256_of
from .source import MAX_BYTES
from .writers import Release

if TYPE_CHECKING:
    from .pipeline import Progress

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MANIFEST_FORMAT = 1
MANIFEST_MAX_BYTES = 16 * 1024 * 1024
SUMS_MAX_BYTES = 1024 * 1024
EDITION_MAX_BYTES = 2 * 1024 * 1024 * 1024  # a released edition larger than this is no edition
# 1, 1.0, 1.0.2, 1.0-rc.1, 2.1b2: digits first; lower-case letters, digits, '.', '-' after
VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,2}(-?[a-z0-9]+([.-][a-z0-9]+)*)?")
VERSION_MAX = 40
_NUMBERS = re.compile(r"[0-9]+(?:\.[0-9]+)*")
FIRST_YEAR = 1000  # as for the dates of the content
DATE_BEFORE, DATE_AFTER = 1, 10  # years a --date may lie before and after the document's
# what shapes the editions besides the content: a change there makes the worktree dirty
SHAPING = ("templates", "types", "languages", "diglot.toml")
GROUPS = (
    ("stale", "stale translations"),
    ("review", "open review notes"),
    ("check", "check findings"),
    ("lint", "editions and rendered-output lint"),
)


class ReleaseError(Exception):
    """A usage or environment problem (a bad version, an existing release, no date): the
    release does not start (exit 2)."""


@dataclass(frozen=True)
class Reason:
    """One reason the release is refused: its group (GROUPS) and the line that says it."""

    group: str
    location: Location
    line: str
    unit: str | None = None
    code: str = ""  # a diagnostic's code (the gate's own reasons: release.stale, release.review)


@dataclass
class Released:
    """What a release did: its folder (None when refused), the reasons it was refused, the
    notes it accepted, the files it wrote; unknown: the document id names no document."""

    doc_id: str
    version: str
    date: str
    folder: Path | None = None
    reasons: list[Reason] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    remark: str = ""  # said below the reasons (the lint could not run)
    dirty: bool | None = None  # the content or templates had changes not committed


def check_version(version: str) -> None:
    if len(version) > VERSION_MAX or not VERSION.fullmatch(version):
        raise ReleaseError(
            f"--version '{version}' is not a version: digits and dots first (1, 1.0, 1.0.2), "
            "then optionally lower-case letters, digits, '.' and '-' (1.0-rc.1), at most "
            f"{VERSION_MAX} characters"
        )
    canonical = canonical_version(version)
    if canonical != version:
        raise ReleaseError(
            f"--version '{version}' is not written the canonical way: its numbers have no "
            f"leading zeros; write --version {canonical}"
        )


def canonical_version(version: str) -> str:
    """The version with the leading zeros of its numbers dropped (01.00 -> 1.0)."""
    numbers = _NUMBERS.match(version)
    if numbers is None:
        return version
    return ".".join(str(int(n)) for n in numbers[0].split(".")) + version[numbers.end() :]


def version_key(version: str) -> tuple:
    """What makes two versions the same release: their numbers (trailing zeros aside: 1,
    1.0 and 1.0.0 are one version; 01.0 and 1.00 are 1.0) and what follows them."""
    numbers = _NUMBERS.match(version)
    if numbers is None:
        return (version,)
    parts = [int(n) for n in numbers[0].split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return (tuple(parts), version[numbers.end() :])


def same_release(folder: Path, version: str) -> Path | None:
    """A release folder already there for this version, however it is written."""
    if not folder.is_dir():
        return None
    wanted = version_key(version)
    for path in sorted(folder.iterdir()):
        if VERSION.fullmatch(path.name) and version_key(path.name) == wanted:
            return path
    return None


def check_date(date: str) -> None:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
            raise ValueError
        day = datetime.date.fromisoformat(date)
    except ValueError:
        raise ReleaseError(f"--date '{date}' is not a date of the form YYYY-MM-DD") from None
    if day.year < FIRST_YEAR:
        raise ReleaseError(f"--date '{date}' is before the year {FIRST_YEAR}")


def check_date_near(date: str, document_date: str | None, doc_id: str) -> None:
    """A release date within DATE_WINDOW years of the document's own date (its first day);
    far from it, a mistyped year is more likely than a release (--any-date allows it)."""
    if not document_date:
        return
    parts = [int(p) for p in document_date.split("-")]
    own = datetime.date(
        parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    )
    day = datetime.date.fromisoformat(date)
    years = (day - own).days / 365.25
    if not -DATE_BEFORE <= years <= DATE_AFTER:
        when = "before" if years < 0 else "after"
        raise ReleaseError(
            f"--date {date} is {abs(years):.0f} years {when} the date of {doc_id} "
            f"({document_date}); a release is dated at most {DATE_BEFORE} year before its "
            f"document and {DATE_AFTER} years after it: check the year, or pass --any-date "
            "if this is the date"
        )


def _git(root: Path, *args: str) -> str | None:
    """git's output in root, or None outside a repository or without git."""
    from .provenance import run_git

    out = run_git(root, *args)
    return None if out is None else out.decode("utf-8", "replace").strip()


def release_date(content_dir: Path) -> str | None:
    """The date of the content's last commit (the committer's date, as the committer's
    clock showed it): the same in every clone; None outside git or before a commit."""
    root = project_root(content_dir)
    return _git(root, "log", "-1", "--format=%cs", "--", os.path.abspath(content_dir)) or None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the gate ---------------------------------------------------------------------------------


def release(
    doc_id: str,
    version: str,
    *,
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    accept: Iterable[str] = (),
    date: str | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    any_date: bool = False,
) -> Released:
    """Check the document against the gate, build its editions as released and, when
    nothing stands in the way, write the release folder. Raises ReleaseError for a
    problem of the request or the machine (nothing is written). any_date: a --date far
    from the document's own date is meant."""
    from .output import OutputError, check_target

    check_version(version)
    if date is not None:
        check_date(date)
    target = out_dir / doc_id / version
    if target.exists() or target.is_symlink():
        raise ReleaseError(
            f"{display_path(str(target))} already exists: a release is never replaced; "
            "give the new one another --version"
        )
    same = same_release(out_dir / doc_id, version)
    if same is not None:
        raise ReleaseError(
            f"{display_path(str(same))} is the same version as {version} (versions compare "
            "by their numbers: 1, 1.0 and 1.0.0 are one version); a release is never "
            "replaced: give the new one another --version"
        )
    try:  # the release folder may not hold the project, the content or the templates
        check_target(out_dir, (content_dir, templates_dir))
    except OutputError as error:
        raise ReleaseError(f"{display_path(error.path)}: {error.message}") from None
    real = Path(os.path.realpath(out_dir))
    for inner in (content_dir, templates_dir):  # nor lie inside them
        if real.is_relative_to(os.path.realpath(inner)):
            raise ReleaseError(
                f"--out {display_path(str(out_dir))} lies inside {display_path(str(inner))}; "
                "give the releases a folder of their own (such as release/)"
            )
    given_date = date is not None and not any_date  # to be checked against the document's
    if date is None:
        date = release_date(content_dir)
        if date is None:
            raise ReleaseError(
                "the content has no git commit to date the release by; commit it, or pass "
                "--date YYYY-MM-DD"
            )
    from . import executor, writers

    done = Released(doc_id, version, date)
    # the PDF workers start now and import WeasyPrint while the gate checks the document
    heavy = [w.name for w in writers.registered() if w.heavy]
    pool = executor.start(jobs or executor.default_workers(), writers.load, (heavy,))
    try:
        return _gate_and_bundle(
            done, content_dir, templates_dir, accept, jobs, progress, target, pool, given_date
        )
    finally:
        if pool is not None:
            pool.close(kill=True)


def _gate_and_bundle(
    done: Released,
    content_dir: Path,
    templates_dir: Path,
    accept: Iterable[str],
    jobs: int | None,
    progress: Progress | None,
    target: Path,
    pool,
    given_date: bool = False,
) -> Released:
    """The gate, then (nothing standing in the way) the editions and the release folder.
    given_date: the date was given (--date) and must lie near the document's own."""
    from .status import project_status

    doc_id, version, date = done.doc_id, done.version, done.date
    checks = Reporter()
    status = project_status(content_dir, checks, only=[doc_id], templates_dir=templates_dir)
    checked = status.checked
    if checked.unknown:
        done.unknown, done.known = checked.unknown, checked.known
        return done
    for document in status.documents if given_date else ():
        dates = [d for d in (document.source.date, document.target.date) if d]
        check_date_near(date, min(dates) if dates else None, doc_id)
    accept = list(dict.fromkeys(accept))
    open_notes = {u.id for d in status.documents for u in d.units if u.notes}
    stray = [unit_id for unit_id in accept if unit_id not in open_notes]
    if stray and status.documents:
        raise ReleaseError(
            f"--accept {', '.join(stray)}: no open review note on "
            + ("this unit" if len(stray) == 1 else "these units")
            + f" of {doc_id} (`diglot review` lists the open ones)"
        )
    reasons: list[Reason] = []
    stale_units: set[str] = set()
    for document in status.documents:
        for unit in document.units:
            if unit.state == "stale" and unit.target is not None:
                stale_units.add(unit.id)
                target_unit = unit.target
                where = target_unit.source_hash_location or target_unit.location
                why = (
                    f"the {_language(document.source.lang)} changed since the translation "
                    "was approved"
                    if target_unit.source_hash is not None
                    else "no source hash while the file tracks them (approve it once it is checked)"
                )
                line = f"{where}: stale: unit '{unit.id}': {why}"
                reasons.append(Reason("stale", where, line, unit.id, "release.stale"))
            for note in unit.notes:
                said = ", ".join(x for x in (note.author, note.date) if x)
                entry = {
                    "unit": unit.id,
                    "text": note.text,
                    "author": note.author,
                    "date": note.date,
                    "file": _relative(note.location.path, content_dir),
                    "line": note.location.line,
                    "column": note.location.column,
                }
                if unit.id in accept:
                    done.accepted.append(entry)
                    continue
                reasons.append(
                    Reason(
                        "review",
                        note.location,
                        f"{note.location}: open review note: unit '{unit.id}'"
                        + (f" ({said})" if said else "")
                        + f": {note.text}",
                        unit.id,
                        "release.review",
                    )
                )
    seen = set()
    for diagnostic in checks.sorted():
        seen.add(diagnostic)
        if diagnostic.code == "qa.stale" and diagnostic.unit in stale_units:
            continue  # said as a stale translation
        reasons.append(
            Reason(
                "check",
                diagnostic.location,
                diagnostic.format(),
                diagnostic.unit,
                diagnostic.code,
            )
        )

    from .checks.semantic import NOT_INSTALLED

    # checks that could not run for want of their model have not passed: install it
    for why, ids in checked.run.skipped.items():
        if why == NOT_INSTALLED:
            where = Location(str(content_dir))
            line = f"{where}: error: {' and '.join(ids)} did not run: {why} [release.not-run]"
            reasons.append(Reason("check", where, line, None, "release.not-run"))

    checks_fail = any(d.severity == ERROR for d in checks.diagnostics)
    with tempfile.TemporaryDirectory(prefix="diglot-release-") as tmp:
        # a build refuses a document whose checks find an error: then it is not started
        built, found = (
            (None, [])
            if checks_fail
            else _build(
                doc_id,
                Release(version, date),
                content_dir,
                templates_dir,
                Path(tmp),
                jobs,
                progress,
                pool,
            )
        )
        for diagnostic in found:
            if diagnostic not in seen:
                reasons.append(
                    Reason(
                        "lint",
                        diagnostic.location,
                        diagnostic.format(),
                        diagnostic.unit,
                        diagnostic.code,
                    )
                )
        if built is None:
            if checks_fail:
                done.remark = (
                    "the editions were not built while the checks find errors, so the "
                    "rendered-output lint has not run yet"
                )
            elif not any(r.group == "lint" for r in reasons):
                where = Location(str(content_dir))
                reasons.append(
                    Reason(
                        "lint", where, f"{where}: the editions could not be built", None, "build"
                    )
                )
        if reasons or built is None:
            done.reasons = sorted(reasons, key=lambda r: ([g for g, _ in GROUPS].index(r.group),))
            return done
        manifest = _manifest(done, status, built, content_dir, templates_dir)
        done.dirty = manifest["content"]["dirty"]
        done.folder = _write_bundle(target, built, manifest)
        done.files = sorted(built)
    return done


def _build(doc_id, marks, content_dir, templates_dir, tmp: Path, jobs, progress, pool):
    """Every edition of the document, built as released into tmp: ({file name: bytes} or
    None when it could not be built, what the build reported)."""
    from .pipeline import build_documents

    reporter = Reporter()
    built = build_documents(
        content_dir,
        templates_dir,
        tmp / "build",
        reporter,
        jobs=jobs,
        only=[doc_id],
        progress=progress,
        release=marks,
        workers=pool,
    )
    found = [d for d in reporter.sorted() if d.severity in (ERROR, WARNING)]
    if built.stopped or doc_id not in built.written or built.refused:
        return None, found
    return {path.name: read_bytes(path, EDITION_MAX_BYTES) for path in built.written[doc_id]}, found


def _language(tag: str) -> str:
    return {"en": "English"}.get(tag.split("-")[0], tag)


def _relative(path: str, content_dir: Path) -> str:
    """A content path relative to the project folder, with / (the same in every clone)."""
    root = project_root(content_dir)
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def format_refusal(done: Released) -> str:
    """Every reason, grouped, under one headline."""
    count = len(done.reasons)
    lines = [f"refused: {done.doc_id} {done.version} — {count} reason{'s' if count != 1 else ''}"]
    for group, title in GROUPS:
        items = [r.line for r in done.reasons if r.group == group]
        if items:
            header = f"── {title} ({len(items)}) "
            lines.append(header + "─" * max(3, 60 - len(header)))
            lines.extend(items)  # located lines at the start, as check prints them
            if group == "review":
                units = " ".join(
                    dict.fromkeys(r.unit or "" for r in done.reasons if r.group == group)
                )
                lines.append(f"resolve each note, or release with it: --accept {units}")
    if done.remark:
        lines.append(f"note: {done.remark}")
    lines.append("nothing was written")
    return "".join(line + "\n" for line in lines)


# -- the bundle -------------------------------------------------------------------------------


def _manifest(done: Released, status, built: dict[str, bytes], content_dir, templates_dir) -> dict:
    from . import __version__
    from .qa import CONFIG_FILE
    from .status import text_hash

    root = project_root(content_dir)
    documents = status.documents
    checked = status.checked
    sources: dict[str, str] = {}
    units: dict[str, dict] = {}
    langs: list[str] = []
    for document in documents:
        for side in (document.source, document.target):
            sources[_relative(side.path, content_dir)] = sha256_of(side.path, MAX_BYTES)[0]
            langs.append(side.lang)
        for unit in document.units:
            units.setdefault(unit.id, {})["source-hash"] = _source_hash(unit.source)
            units[unit.id][f"text-hash.{document.target_lang}"] = text_hash(unit.target)
    # the glossary and the settings decide what the checks find
    for path in (content_dir / "glossary.yaml", root / CONFIG_FILE):
        if path.is_file():
            sources[_relative(str(path), content_dir)] = sha256_of(path, MAX_BYTES)[0]
    counts: dict[str, int] = {}
    for document in documents:
        for key, value in document.counts().items():
            counts[key] = counts.get(key, 0) + value
    diagnostics = status.diagnostics
    setup = checked.setup
    profiles = [setup.languages.get(tag) for tag in dict.fromkeys(langs)]
    commit = _git(root, "log", "-1", "--format=%H", "--", os.path.abspath(content_dir))
    dirty = None
    if commit:
        paths = [os.path.abspath(content_dir), os.path.abspath(templates_dir)]
        paths += [str(root / name) for name in SHAPING if (root / name).exists()]
        changed = _git(root, "status", "--porcelain", "--", *dict.fromkeys(paths))
        dirty = None if changed is None else bool(changed)
    return {
        "format": MANIFEST_FORMAT,
        "document": done.doc_id,
        "version": done.version,
        "date": done.date,
        "languages": list(dict.fromkeys(langs)),
        "files": [
            {"name": name, "size": len(data), "sha256": sha256(data)}
            for name, data in sorted(built.items())
        ],
        "content": {
            "commit": commit or None,
            "dirty": dirty,
            "files": [{"name": n, "sha256": h} for n, h in sorted(sources.items())],
            "units": units,
        },
        "diglot": {"version": __version__},
        "fonts": fonts([family for p in profiles for family in p.fonts]),
        "accepted-review-notes": done.accepted,
        "checks": {
            "errors": sum(1 for d in diagnostics if d.severity == ERROR),
            "warnings": sum(1 for d in diagnostics if d.severity == WARNING),
            **{key.replace("review", "marked-for-review"): n for key, n in counts.items()},
        },
    }


def _source_hash(unit) -> str:
    from .provenance import source_hash

    return source_hash(unit)


def fonts(families: Iterable[str]) -> list[dict]:
    """The face fontconfig uses for each family: its family, style, file and version."""
    found = []
    for family in dict.fromkeys(families):
        answer = _fc_match(family)
        name, style, path, version = (answer.split("\t") + ["", "", "", ""])[:4]
        try:
            shown = f"{int(version) / 65536:.3f}"  # fontconfig's 16.16 fixed-point version
        except ValueError:
            shown = version
        found.append(
            {"family": family, "face": name, "style": style, "file": path, "version": shown}
        )
    return found


def _fc_match(family: str) -> str:
    try:
        return subprocess.run(
            ["fc-match", "--format=%{family[0]}\t%{style[0]}\t%{file}\t%{fontversion}", family],
            capture_output=True,
            text=True,
            errors="replace",
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReleaseError(f"fontconfig cannot look up the font '{family}': {exc}") from None


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def sums_bytes(files: dict[str, bytes]) -> bytes:
    return "".join(f"{sha256(data)}  {name}\n" for name, data in sorted(files.items())).encode()


def _write_bundle(target: Path, built: dict[str, bytes], manifest: dict) -> Path:
    """The release folder, written beside its place and renamed into it."""
    files = dict(built)
    files[MANIFEST] = manifest_bytes(manifest)
    files[SUMS] = sums_bytes(files)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target.parent)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent)
    )
    try:
        for name, data in files.items():
            with open(staging / name, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        os.chmod(staging, 0o755)
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, "exists", str(target))
        interrupts.commit()  # from here the release finishes, and says what it wrote
        with interrupts.blocked():
            os.rename(staging, target)  # fails if another release took the place meanwhile
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise ReleaseError(
                f"{display_path(str(target))} was written meanwhile by another release; "
                "it is kept as it is and this one is not written"
            ) from None
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _remove_leftovers(folder: Path) -> None:
    """The staging folders of releases that were stopped (their process is gone)."""
    for path in folder.glob(".*.staging-*"):
        found = re.fullmatch(r"\..+\.staging-([0-9]+)-[^/]+", path.name)
        if not found or not path.is_dir() or path.is_symlink():
            continue
        try:
            os.kill(int(found[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (PermissionError, OverflowError):
            pass


# -- verify -----------------------------------------------------------------------------------


def verify(folder: Path, content_dir: Path | None = None) -> list[Diagnostic]:
    """Everything wrong with a release folder: a listed file missing or changed (its size
    or SHA-256 not the manifest's or SHA256SUMS'), a file not listed, a manifest or sums
    file that cannot be read. With content_dir (inside the project): a warning for each
    content file that changed since the release."""
    problems = Reporter()

    def error(code: str, message: str, where: Path | Location) -> None:
        location = where if isinstance(where, Location) else Location(str(where))
        problems.error(f"verify.{code}", message, location)

    manifest_path = folder / MANIFEST
    if not manifest_path.exists() and not (folder / SUMS).exists():
        error(
            "not-a-release",
            f"this folder holds neither {MANIFEST} nor {SUMS}: it is not a release folder "
            "(release/<doc>/<version>/)",
            folder,
        )
        return problems.sorted()
    manifest = None
    data = _read_listing(manifest_path, MANIFEST_MAX_BYTES, error)
    if data is not None:
        try:
            manifest = jsonlimits.loads(data)
        except jsonlimits.JsonProblem as exc:
            error(
                "manifest",
                f"manifest.json {exc.message}",
                Location(str(manifest_path), exc.line, exc.column),
            )
    listed: dict[str, tuple[int, str]] = {}
    if manifest is not None:
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, list):
            error("manifest", "manifest.json has no list of files ('files')", manifest_path)
            files = []
        for index, entry in enumerate(files):
            ok = (
                isinstance(entry, dict)
                and isinstance(entry.get("name"), str)
                and _plain_name(entry["name"])
                and jsonlimits.is_count(entry.get("size"), EDITION_MAX_BYTES)
                and isinstance(entry.get("sha256"), str)
                and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) is not None
            )
            if not ok:
                error(
                    "manifest",
                    f"manifest.json: files[{index}] is not a file entry (a plain name, its "
                    "size and SHA-256)",
                    manifest_path,
                )
                continue
            listed[entry["name"]] = (entry["size"], entry["sha256"])
    trusted = manifest is not None and not problems.diagnostics  # else it lists nothing
    sums_path = folder / SUMS
    summed: dict[str, str] = {}
    sums_data = _read_listing(sums_path, SUMS_MAX_BYTES, error)
    try:
        sums_text = (sums_data or b"").decode("utf-8")
    except UnicodeDecodeError:
        error("sums", "SHA256SUMS is not UTF-8 text", sums_path)
        sums_text = ""
    for number, line in enumerate(sums_text.splitlines(), 1):
        found = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line)
        if not found or not _plain_name(found[2]):
            error(
                "sums",
                "not a line of SHA256SUMS ('<SHA-256>  <file name>')",
                Location(str(sums_path), number),
            )
            continue
        summed[found[2]] = found[1]
    present = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()
    )
    # a manifest that cannot be read lists nothing: the files are checked against the sums
    reference = listed if trusted else {name: (-1, digest) for name, digest in summed.items()}
    said = "manifest.json" if trusted else "SHA256SUMS"
    expected = set(reference) | {MANIFEST, SUMS}
    for name in present:
        if name not in expected:
            error("extra", f"this file is not part of the release (not in {said})", folder / name)
    for name, (size, digest) in sorted(reference.items()):
        path = folder / name
        if name == MANIFEST and not trusted:
            continue  # reported already
        if path.is_symlink():
            error("changed", "a link, not the file that was released", path)
            continue
        if not os.path.lexists(path):
            error("missing", f"listed in {said} but missing", path)
            continue
        try:
            actual, length = sha256_of(path, EDITION_MAX_BYTES)
        except NotReadable as exc:
            error("changed", f"listed in {said}, but it {exc.reason}", path)
            continue
        if size >= 0 and length != size:
            error("changed", f"{length} bytes, not the {size} of {said}", path)
        elif actual != digest:
            error("changed", f"its SHA-256 is not the one in {said}", path)
        if not trusted:
            continue
        if name not in summed:
            error("sums", f"{name} is not listed in SHA256SUMS", sums_path)
        elif summed[name] != digest:
            error("sums", f"the SHA-256 of {name} in SHA256SUMS is not manifest.json's", sums_path)
    for name, digest in sorted(summed.items()) if trusted else ():
        if name not in expected:
            error("sums", f"SHA256SUMS lists {name}, which is not in manifest.json", sums_path)
        elif name not in listed and (folder / name).is_file():
            if _sha256_or_none(folder / name) != digest:
                error("changed", "its SHA-256 is not the one in SHA256SUMS", folder / name)
    if trusted and MANIFEST not in summed and sums_text:
        error("sums", "SHA256SUMS does not list manifest.json", sums_path)
    if content_dir is not None and isinstance(manifest, dict):
        _verify_content(manifest, content_dir, problems)
    return problems.sorted()


def _read_listing(path: Path, limit: int, error) -> bytes | None:
    """manifest.json or SHA256SUMS, read as a regular file of a sane size; None after
    reporting why not (verify.unreadable, an error of the folder, makes the exit code 2)."""
    try:
        return read_bytes(path, limit)
    except NotReadable as exc:
        if exc.kind == "missing":
            error("missing", f"the release has no {path.name}", path)
        elif exc.kind == "too-large":
            code = "manifest" if path.name == MANIFEST else "sums"
            error(code, f"{path.name} {exc.reason}", path)
        else:
            error("unreadable", f"{path.name} {exc.reason}", path)
        return None


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path, EDITION_MAX_BYTES)[0]
    except NotReadable:
        return None


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def _verify_content(manifest: dict, content_dir: Path, problems: Reporter) -> None:
    """A warning for each content file of the release that changed or went since."""
    content = manifest.get("content")
    entries = content.get("files") if isinstance(content, dict) else None
    root = project_root(content_dir)
    named = [
        (name, entry.get("sha256"))
        for entry in (entries if isinstance(entries, list) else ())
        if isinstance(entry, dict)
        and isinstance(name := entry.get("name"), str)
        and not name.startswith("/")
        and ".." not in Path(name).parts
    ]
    if not any((root / name).is_file() for name, _ in named):
        return  # another project's release: nothing to compare
    for name, digest in named:
        path = root / name
        if not path.is_file():
            problems.warning(
                "verify.content-changed",
                "a content file of the release is no longer in the project",
                Location(str(path)),
            )
        elif _sha256_or_none(path) != digest:
            problems.warning(
                "verify.content-changed",
                f"changed since release {manifest.get('version')} (its SHA-256 is not the "
                "manifest's)",
                Location(str(path)),
            )
