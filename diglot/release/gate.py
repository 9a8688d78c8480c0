"""The gate and the build: the files committed (unless rehearsed), every unit approved
(unless the project does not track its translations), no stale unit, no open note (unless
accepted), no check lowered without a reason, the checks with their warnings counted, then
every edition built as released and linted; only then the bundle (signed, when asked)."""

from __future__ import annotations

import datetime
import os
import shlex
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import ERROR, WARNING, Diagnostic, Location, Reporter, display_path
from ..files import read_bytes
from ..project import Project
from ..writers import Release
from .bundle import write_bundle
from .inputs import changed_meanwhile, document_inputs, snapshot_templates, uncommitted_reasons
from .manifest import EDITION_MAX_BYTES, made_from, make_manifest
from .outcome import GROUPS, Reason, Released, ReleaseError
from .reasons import record, record_lines, settings_reasons, unit_reasons
from .versions import check_date, check_date_near, check_version, same_release

if TYPE_CHECKING:
    from ..pipeline import Progress
    from .signing import Signer


def release(
    doc_id: str,
    version: str,
    *,
    content_dir: Path | Project,
    templates_dir: Path,
    out_dir: Path,
    accept: Iterable[str] = (),
    date: str | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    any_date: bool = False,
    rehearsal: bool = False,
    signer: Signer | None = None,
    announce: Callable[[Released], None] | None = None,
) -> Released:
    """Check the document against the gate, build its editions as released and, when
    nothing stands in the way, write the release folder. Raises ReleaseError for a
    problem of the request or the machine (nothing is written). any_date: a --date far
    from the document's own date is meant; content_dir: the project opened by the command,
    or its content folder; rehearsal: the files need not be committed, and every edition
    and the manifest say that this is no release; signer: signs every PDF and the manifest;
    announce: told what the release puts on record (done.record) just before it writes.
    Nothing is taken from the cache of derived data (diglot/cache.py): what a release
    publishes is computed by the release."""
    from .. import cache

    with cache.unread():
        return _release(
            doc_id,
            version,
            content_dir=content_dir,
            templates_dir=templates_dir,
            out_dir=out_dir,
            accept=accept,
            date=date,
            jobs=jobs,
            progress=progress,
            any_date=any_date,
            rehearsal=rehearsal,
            signer=signer,
            announce=announce,
        )


def _release(
    doc_id: str,
    version: str,
    *,
    content_dir: Path | Project,
    templates_dir: Path,
    out_dir: Path,
    accept: Iterable[str],
    date: str | None,
    jobs: int | None,
    progress: Progress | None,
    any_date: bool,
    rehearsal: bool,
    signer: Signer | None,
    announce: Callable[[Released], None] | None,
) -> Released:
    from ..output import OutputError, check_target, project_folders

    project = content_dir
    content_dir = project.content_dir if isinstance(project, Project) else project

    check_version(version)
    if date is not None:
        check_date(date)
    target = out_dir / doc_id / version
    again = (
        f"; remove it to rehearse again (rm -r {display_path(str(target))})" if rehearsal else ""
    )
    if target.exists() or target.is_symlink():
        raise ReleaseError(
            f"{display_path(str(target))} already exists: a release is never replaced; "
            f"give the new one another --version{again}"
        )
    same = same_release(out_dir / doc_id, version)
    if same is not None:
        raise ReleaseError(
            f"{display_path(str(same))} is the same version as {version} (versions compare "
            "by their numbers: 1, 1.0 and 1.0.0 are one version); a release is never "
            "replaced: give the new one another --version"
        )
    real = Path(os.path.realpath(out_dir))
    for inner in (content_dir, templates_dir):  # the release folder may not lie inside them
        if real.is_relative_to(os.path.realpath(inner)):
            raise ReleaseError(
                f"--out {display_path(str(out_dir))} lies inside {display_path(str(inner))}; "
                "give the releases a folder of their own (such as release/)"
            )
    try:  # nor be, hold or lie inside the project's other folders (a release adds to it)
        check_target(out_dir, project_folders(content_dir, templates_dir), own=False)
    except OutputError as error:
        raise ReleaseError(f"{display_path(error.path)}: {error.message}") from None
    from .. import executor, writers

    done = Released(doc_id, version, date or "", rehearsal=rehearsal)
    request = _Request(
        date is not None, any_date, rehearsal, list(dict.fromkeys(accept)), signer, announce
    )
    # the PDF workers start now and import WeasyPrint while the gate checks the document
    heavy = [w.name for w in writers.registered() if w.heavy]
    pool = executor.start(jobs or executor.default_workers(), writers.load, (heavy,))
    try:
        return _gate_and_bundle(done, project, templates_dir, request, jobs, progress, target, pool)
    finally:
        if pool is not None:
            pool.close(kill=True)


@dataclass(frozen=True)
class _Request:
    """What was asked of the release besides the document and version."""

    given_date: bool  # --date: checked against the document's own date ...
    any_date: bool  # ... unless --any-date
    rehearsal: bool
    accept: list[str]
    signer: Signer | None
    announce: Callable[[Released], None] | None


def _gate_and_bundle(
    done: Released,
    project: Path | Project,
    templates_dir: Path,
    request: _Request,
    jobs: int | None,
    progress: Progress | None,
    target: Path,
    pool,
) -> Released:
    """The gate, then (nothing standing in the way) the editions and the release folder.
    The document is checked once: the build of its editions takes that run."""
    from ..checks.catalogue import registry
    from ..settings import Settings, changes
    from ..status import project_status

    doc_id, version = done.doc_id, done.version
    checks = Reporter()
    status = project_status(project, checks, only=[doc_id], templates_dir=templates_dir)
    checked = status.checked
    opened = checked.project
    content_dir = opened.content_dir if opened else Path(str(project))
    if checked.unknown:
        done.unknown, done.known = checked.unknown, checked.known
        return done
    settings = opened.settings if opened else Settings()
    pairs = [pair for pair in checked.pairs if pair.doc_id == doc_id]
    inputs = (
        document_inputs(
            opened,
            doc_id,
            templates_dir,
            getattr(pairs[0].source.type, "path", None) if pairs else None,
        )
        if opened
        else None
    )
    if not done.date:  # the date of the files the release is made from
        done.date = (inputs.date() if inputs else None) or datetime.date.today().isoformat()
    elif request.given_date and not request.any_date:
        for document in status.documents:
            dates = [d for d in (document.source.date, document.target.date) if d]
            check_date_near(done.date, min(dates) if dates else None, doc_id)
    open_notes = {u.id for d in status.documents for u in d.units if u.notes}
    stray = [unit_id for unit_id in request.accept if unit_id not in open_notes]
    if stray and status.documents:
        raise ReleaseError(
            f"--accept {', '.join(stray)}: no open review note on "
            + ("this unit" if len(stray) == 1 else "these units")
            + f" of {doc_id} (`diglot review` lists the open ones)"
        )
    reasons: list[Reason] = []
    if inputs is not None and request.rehearsal:
        done.uncommitted = [display_path(str(u.path)) for u in inputs.state.uncommitted]
    elif inputs is not None and not inputs.committed:
        reasons += uncommitted_reasons(inputs)
        if inputs.state.top is None and not inputs.state.uncommitted:
            where = Location(str(content_dir))
            line = f"{where}: not committed: the project is not in a git repository"
            reasons.append(Reason("committed", where, line, None, "release.uncommitted"))
        done.hints["committed"] = (
            "a release is made from committed files only: commit them, or rehearse the "
            "release with --rehearsal (every edition is then marked as no release)"
        )
        outside = [
            u
            for u in inputs.state.uncommitted
            if u.how.startswith("outside the project's git repository")
            and os.path.abspath(u.path).startswith(os.path.abspath(templates_dir) + os.sep)
        ]
        if outside:
            shown = display_path(str(templates_dir))
            done.hints["committed"] += (
                f"; the templates at {shown} are outside the project's repository: copy them "
                f"into it (cp -r {shlex.quote(shown)} templates, where the project has no "
                "templates/ yet) and commit them"
            )
    found, stale_units = unit_reasons(done, status, request.accept, content_dir, settings.tracked)
    reasons += found
    changed = changes(settings, registry())
    reasons += settings_reasons(changed, settings)
    seen = set()
    checked_diagnostics = list(checks.diagnostics)
    for diagnostic in checks.sorted():
        seen.add(diagnostic)
        if diagnostic.code == "qa.stale" and diagnostic.unit in stale_units:
            continue  # said as a stale translation, or one never approved
        reasons.append(
            Reason(
                "check",
                diagnostic.location,
                diagnostic.format(),
                diagnostic.unit,
                diagnostic.code,
            )
        )

    from ..checks.semantic import NOT_INSTALLED

    # checks that could not run for want of their model have not passed: install it
    for why, ids in checked.run.skipped.items():
        if why == NOT_INSTALLED:
            where = Location(str(content_dir))
            line = f"{where}: error: {' and '.join(ids)} did not run: {why} [release.not-run]"
            reasons.append(Reason("check", where, line, None, "release.not-run"))
    if not status.documents and not reasons:  # no translation to release
        where = Location(str(content_dir))
        line = f"{where}: error: {doc_id} has no translation to release [release.no-translation]"
        reasons.append(Reason("check", where, line, None, "release.no-translation"))

    checks_fail = any(d.severity == ERROR for d in checks.diagnostics)
    copy_of: tuple[Path, Path] | None = None
    marks = Release(version, done.date, request.rehearsal, settings.tracked)
    with tempfile.TemporaryDirectory(prefix="diglot-release-") as tmp:
        if inputs is not None and not checks_fail:  # the editions are made from a copy
            # the copy under the folder's own name, alone in its folder: a relative link
            # leading out of the templates leads nowhere in it, as in a build it is refused,
            # and never to a file of the copy the original does not lead to
            copy = Path(tmp) / "copy" / (templates_dir.resolve().name or "templates")
            copy.parent.mkdir()
            copied = snapshot_templates(inputs, templates_dir, copy)
            reasons += [] if request.rehearsal else copied
            copy_of = (copy, templates_dir)  # (the copy, the original)
            templates_dir = copy
        # a build refuses a document whose checks find an error: then it is not started
        built, found_in_build = (
            (None, [])
            if checks_fail
            else _build(
                doc_id,
                marks,
                checked,
                templates_dir,
                Path(tmp),
                jobs,
                progress,
                pool,
                checked_diagnostics,
                copy_of,
            )
        )
        left_out = _left_out(inputs, copy_of[1], found_in_build) if copy_of else []
        if left_out:
            done.hints["lint"] = (
                f"{', '.join(left_out)}: not among the files a release of {doc_id} is made "
                "from (in templates/types/ only the type's own stylesheet is; another "
                "language's catalog and the review server's templates are not either): keep "
                "what the editions read elsewhere in the templates folder, such as "
                "templates/images/, and commit it"
            )
        for diagnostic in found_in_build:
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
        # hashed before the last look at the commit, and only for a release still to be made
        made = made_from(inputs, content_dir, copy_of) if built and not reasons else []
        if inputs is not None and opened is not None and not request.rehearsal and not reasons:
            reasons += changed_meanwhile(inputs, opened)
        if reasons or built is None:
            done.reasons = sorted(_once_each(reasons), key=lambda r: _GROUP_ORDER.index(r.group))
            return done
        done.record = record_lines(changed, status, settings)
        if request.announce is not None:
            request.announce(done)
        signature = None
        if request.signer is not None:
            built, signature = request.signer.sign_editions(built)
            done.signed = sorted(signature["files"])
        manifest = make_manifest(
            done,
            status,
            built,
            content_dir,
            inputs,
            record(changed, status, settings, content_dir),
            settings.tracked,
            signature,
            made,
        )
        for approval in manifest["content"]["approvals"]:
            author = approval["author"] or ""
            done.approvals[author] = done.approvals.get(author, 0) + 1
        done.folder = write_bundle(target, built, manifest, request.signer)
        done.files = sorted(built)
    return done


_GROUP_ORDER = [group for group, _ in GROUPS]


def _once_each(reasons: list[Reason]) -> list[Reason]:
    """The reasons, a file not committed named once (with the first reason found: git's),
    however many of the gate's questions found it."""
    seen: set[str] = set()
    kept = []
    for reason in reasons:
        if reason.group == "committed":
            if reason.location.path in seen:
                continue
            seen.add(reason.location.path)
        kept.append(reason)
    return kept


def _build(
    doc_id, marks, checked, templates_dir, tmp: Path, jobs, progress, pool, found, copy_of=None
):
    """Every edition of the document, built as released into tmp from the gate's check run
    (checked; found: what it reported): ({file name: bytes} or None when it could not be
    built, what the build reported, located in the project's templates rather than in the
    copy the editions were made from: copy_of is (the copy, the templates folder))."""
    from ..pipeline import build_documents

    reporter = Reporter(list(found))
    built = build_documents(
        checked.project,
        templates_dir,
        tmp / "build",
        reporter,
        jobs=jobs,
        only=[doc_id],
        progress=progress,
        release=marks,
        workers=pool,
        checked=checked,
    )
    found = [d for d in reporter.sorted() if d.severity in (ERROR, WARNING)]
    if copy_of is not None:
        found = [_relocated(d, *copy_of) for d in found]
    if built.stopped or doc_id not in built.written or built.refused:
        return None, found
    return {path.name: read_bytes(path, EDITION_MAX_BYTES) for path in built.written[doc_id]}, found


def _relocated(diagnostic: Diagnostic, copy: Path, templates_dir: Path) -> Diagnostic:
    """A problem the build found in the release's copy of the templates, said of the
    templates folder it was copied from (its places, and the paths and file: URLs its
    message quotes)."""
    import dataclasses
    from urllib.parse import quote

    def moved(path: str) -> str:
        try:
            inside = Path(path).relative_to(copy)
        except ValueError:
            return path
        return str(templates_dir / inside)

    message = diagnostic.message
    for old, new in (
        (copy.resolve().as_uri(), templates_dir.resolve().as_uri()),
        (quote(str(copy.resolve())), quote(str(templates_dir.resolve()))),
        (str(copy.resolve()), display_path(str(templates_dir))),
        (str(copy), display_path(str(templates_dir))),
    ):
        message = message.replace(old, new)
    return dataclasses.replace(
        diagnostic,
        message=message,
        location=diagnostic.location._replace(path=moved(diagnostic.location.path)),
        related=tuple(r._replace(path=moved(r.path)) for r in diagnostic.related),
    )


def _left_out(inputs, templates_dir: Path, found: list[Diagnostic]) -> list[str]:
    """The files of the templates folder left out of the release's copy (not its inputs)
    that a problem of the build names: an edition read one."""
    if inputs is None or not templates_dir.is_dir():
        return []
    taken = {os.path.abspath(p) for p in inputs.files}
    named = []
    for path in sorted(p for p in templates_dir.rglob("*") if p.is_file()):
        if os.path.abspath(path) in taken or "__pycache__" in path.parts:
            continue
        name = path.relative_to(templates_dir).as_posix()
        if any(name in d.message for d in found):
            named.append(display_path(str(path)))
    return named
