"""The gate and the build: the checks with their warnings counted, stale units, open notes
(unless accepted), then every edition built as released and linted; only then the bundle."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import ERROR, WARNING, Location, Reporter, display_path
from ..files import read_bytes
from ..project import Project
from ..writers import Release
from .bundle import write_bundle
from .manifest import EDITION_MAX_BYTES, language_name, make_manifest, project_relative
from .outcome import GROUPS, Reason, Released, ReleaseError
from .versions import check_date, check_date_near, check_version, release_date, same_release

if TYPE_CHECKING:
    from ..pipeline import Progress


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
) -> Released:
    """Check the document against the gate, build its editions as released and, when
    nothing stands in the way, write the release folder. Raises ReleaseError for a
    problem of the request or the machine (nothing is written). any_date: a --date far
    from the document's own date is meant; content_dir: the project opened by the command,
    or its content folder."""
    from ..output import OutputError, check_target

    project = content_dir
    content_dir = project.content_dir if isinstance(project, Project) else project

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
    from .. import executor, writers

    done = Released(doc_id, version, date)
    # the PDF workers start now and import WeasyPrint while the gate checks the document
    heavy = [w.name for w in writers.registered() if w.heavy]
    pool = executor.start(jobs or executor.default_workers(), writers.load, (heavy,))
    try:
        return _gate_and_bundle(
            done, project, templates_dir, accept, jobs, progress, target, pool, given_date
        )
    finally:
        if pool is not None:
            pool.close(kill=True)


def _gate_and_bundle(
    done: Released,
    project: Path | Project,
    templates_dir: Path,
    accept: Iterable[str],
    jobs: int | None,
    progress: Progress | None,
    target: Path,
    pool,
    given_date: bool = False,
) -> Released:
    """The gate, then (nothing standing in the way) the editions and the release folder.
    given_date: the date was given (--date) and must lie near the document's own. The
    document is checked once: the build of its editions takes that run."""
    from ..status import project_status

    doc_id, version, date = done.doc_id, done.version, done.date
    checks = Reporter()
    status = project_status(project, checks, only=[doc_id], templates_dir=templates_dir)
    checked = status.checked
    content_dir = checked.project.content_dir if checked.project else Path(str(project))
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
                    f"the {language_name(document.source.lang)} changed since the translation "
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
                    "file": project_relative(note.location.path, content_dir),
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
    checked_diagnostics = list(checks.diagnostics)
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

    from ..checks.semantic import NOT_INSTALLED

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
                checked,
                templates_dir,
                Path(tmp),
                jobs,
                progress,
                pool,
                checked_diagnostics,
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
        manifest = make_manifest(done, status, built, content_dir, templates_dir)
        done.dirty = manifest["content"]["dirty"]
        done.folder = write_bundle(target, built, manifest)
        done.files = sorted(built)
    return done


def _build(doc_id, marks, checked, templates_dir, tmp: Path, jobs, progress, pool, found):
    """Every edition of the document, built as released into tmp from the gate's check run
    (checked; found: what it reported): ({file name: bytes} or None when it could not be
    built, what the build reported)."""
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
    if built.stopped or doc_id not in built.written or built.refused:
        return None, found
    return {path.name: read_bytes(path, EDITION_MAX_BYTES) for path in built.written[doc_id]}, found
