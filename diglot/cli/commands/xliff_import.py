"""`diglot xliff-import`: check XLIFF files from a CAT tool (or the translated files of an
OmegaT project made by `xliff-export --for omegat`), show their changes, and with --apply
write them; the project is opened once, each content file read once. Each unit is taken or
refused on its own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import report
from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count, say

NAME = "xliff-import"
ORDER = 80
HELP = (
    "check XLIFF files from a translation tool (or an OmegaT project's translated files) and "
    "show (or, with --apply, write) their changed translations"
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="XLIFF files, or the folder of an OmegaT project made by `xliff-export --for "
        "omegat` (its target/ files are read)",
    )
    parser.add_argument(
        "--apply", action="store_true", help="write the changes into the content files"
    )
    options.author(
        parser,
        "the author of the notes the file adds (default: a 1.2 note's from, else git's user.name)",
    )


def run(args: argparse.Namespace) -> int:
    """Validate XLIFF files against the content; show their changes; --apply writes them."""
    files = _files(args.files)
    if isinstance(files, str):
        say(f"diglot {NAME}: error: {files}")
        return EXIT_USAGE
    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    sys.stdout.write(reporter.to_text())
    worst = EXIT_PROBLEMS if reporter.errors else EXIT_OK
    for path, omegat in files:
        worst = max(worst, _one(project, path, args, omegat))
    return worst


def _files(given: list[str]) -> list[tuple[Path, Path | None]] | str:
    """The files named, an OmegaT project folder as the XLIFF files of its target/ folder,
    each with its OmegaT project (None: a file named; a message when a folder is not one)."""
    found: list[tuple[Path, Path | None]] = []
    for name in given:
        path = Path(name)
        if path.is_dir():
            if path.name == "target" and (path.parent / "omegat.project").is_file():
                path = path.parent  # the project's target/ folder: the project
            if not (path / "omegat.project").is_file():
                return (
                    f"{display_path(name)} is a folder but not an OmegaT project (it has no "
                    "omegat.project); name the XLIFF files"
                )
            translated = sorted((path / "target").glob("*.xlf"))
            if not translated:
                return (
                    f"the OmegaT project {display_path(name)} has no translated file in "
                    "target/: in OmegaT, Project > Create Translated Documents (Ctrl+D) "
                    "writes them"
                )
            found += [(t, path) for t in translated]
            for line in _older_targets(path, translated):
                print(line)
        else:
            found.append((path, None))
    return found


MTIME_SLACK = 2.0  # seconds: files written by one action of OmegaT's are this close


def _older_targets(project: Path, translated: list[Path]) -> list[str]:
    """A warning for each translated file of an OmegaT project that is older than its
    source file (exported again since) or than the project's saved translations (made
    since, and not written out yet): the import reads target/ only, so what came after
    it would seem imported."""
    lines = []
    saved = project / "omegat" / "project_save.tmx"
    for target in translated:
        try:
            made = target.stat().st_mtime
        except OSError:
            continue
        for newer, why in (
            (project / "source" / target.name, "its source file was exported again since"),
            (saved, "translations were saved in the project since"),
        ):
            try:
                if newer.stat().st_mtime > made + MTIME_SLACK:
                    lines.append(
                        f"{display_path(str(target))}:1:1: warning: {why} (in OmegaT, Project "
                        "> Create Translated Documents (Ctrl+D) writes them into target/; "
                        "only target/ is imported) [xliff.stale-target]"
                    )
                    break
            except OSError:
                continue
    return lines


def _one(project, path: Path, args: argparse.Namespace, omegat: Path | None = None) -> int:
    """One file (omegat: the OmegaT project it is the translation of, whose memory keeps
    the translator's notes): checked, shown, and with --apply written; its exit code."""
    from ... import edits
    from ...pipeline import Checked, check
    from ...status import status_of
    from ...tm.omegat import saved_notes
    from ...xliff import read_import

    reporter = Reporter()
    runs: dict[str, Checked] = {}

    def status_for(doc_id: str):  # the document the file names only (an unknown id: none)
        if project is None:
            return status_of(Checked())
        runs[doc_id] = check(project, Reporter(), keep=True, only=[doc_id])
        return status_of(runs[doc_id])

    default_author = None
    if not args.author and project is not None:
        default_author = project.history().user_name()
    saved = dict(saved_notes(omegat, reporter)) if omegat is not None else None
    imported = read_import(path, status_for, reporter, args.author, default_author, saved)
    if imported is None or project is None:
        sys.stdout.write(reporter.to_text())
        print(
            f"diglot {NAME}: {display_path(str(path))}: {count(len(reporter.errors), 'error')}; "
            "nothing was written"
        )
        unreadable = any(d.code == "xliff.unreadable" for d in reporter.errors)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    for unit_id, why, where in imported.untranslated:
        reporter.warning(
            "xliff.untranslated",
            f"'{unit_id}' is not translated in the file ({why}); left as it is",
            where,
            unit=unit_id,
        )
    for unit_id, state, where in imported.unfinished:
        reporter.warning(
            "xliff.state",
            f"'{unit_id}': the translation tool marks its translation '{state}' (a draft); it "
            "is taken as it is: review it before approving",
            where,
            unit=unit_id,
        )
    for unit_id, state, wrote, where in imported.set_back:
        reporter.warning(
            "xliff.set-back",
            f"'{unit_id}': the translation tool marks it {state} (exported as '{wrote}') "
            "without changing its text; nothing was changed for it (diglot takes no state "
            "from a file: a note on the unit in the tool becomes a review note)",
            where,
            unit=unit_id,
        )
    refused = list(imported.refused)
    unplaced = [d for d in reporter.errors if d.unit is None]  # a trans-unit of no unit
    pairs = [pair for checked in runs.values() for pair in checked.pairs]
    plan = None
    if imported.text_edits or imported.note_edits:
        plan = edits.plan(
            project,
            imported.text_edits,
            imported.note_edits,
            reporter,
            NAME,
            pairs=pairs,
            partial=True,
        )
        if plan is not None:
            refused += plan.refused
    refused = list(dict.fromkeys(refused))
    sys.stdout.write(reporter.to_text())
    shown = display_path(str(path))
    read = count(imported.units, "unit")
    if plan is not None:
        sys.stdout.write(plan.preview())
    what = _counts(imported) + _set_back(imported)
    refusals = f"; refused {count(len(refused), 'unit')} (above)" if refused else ""
    if unplaced:
        refusals += f"; {count(len(unplaced), 'element')} of no unit left out (above)"
    code = EXIT_PROBLEMS if refused or unplaced else EXIT_OK
    if plan is None or plan.empty:
        print(f"diglot {NAME}: {shown}: {read} read, nothing to change{what}{refusals}")
        return code
    states = _states(imported)
    if plan.blocked:  # a file that must not be replaced: nothing is written, --apply or not
        blocked = count(len(plan.blocked), "content file")
        print(
            f"diglot {NAME}: {shown}: {read} read, {_changes(plan)}{what}{refusals}{states}; "
            f"nothing was written: {blocked} cannot be replaced (above)"
        )
        return EXIT_PROBLEMS
    if not args.apply:
        print(
            f"diglot {NAME}: {shown}: {read} read, {_changes(plan)}{what}{refusals}{states}; "
            "nothing was written (--apply writes the changes)"
        )
        return code
    written = Reporter()
    done = plan.apply(written, NAME)
    if done and plan.doc_ids:  # the documents written, checked as they are now
        check(project, written, only=plan.doc_ids)
    sys.stdout.write(report.to_text(written.diagnostics))
    if not done:
        print(f"diglot {NAME}: {shown}: {read} read; the changes could not be written")
        return EXIT_USAGE
    errors = len(written.errors)
    changed = {e.unit_id for e in imported.text_edits} - set(refused)
    # approved before, changed now: approved no longer (the approval recorded the text)
    was_approved = {
        u.id
        for e in plan.edits
        if e.before is not None
        for u in e.before.units()
        if u.source_hash is not None
    }
    approve = sorted(
        {d.unit for d in written.errors if d.code == "qa.stale" and d.unit in changed}
        | (changed & was_approved)
        | (set(plan.added) if not plan.created else set()),
        key=str,
    )
    if len(approve) > 10:  # as many as that: the documents are shorter to name
        approve = list(plan.doc_ids)
    replaced = [e for e in plan.edits if e.original is not None]
    files = []
    if replaced:
        files.append(f"wrote {count(len(replaced), 'file')} (each previous version kept as .bak)")
    if plan.created:
        files.append(f"made {', '.join(display_path(p) for p in plan.created)}")
    new = sorted({e.after.doc_id for e in plan.edits if e.original is None})
    print(
        f"diglot {NAME}: {shown}: {read} read, {_changes(plan)}{what}{refusals}{states}; "
        + " and ".join(files)
        + (f"; the checks now find {count(errors, 'error')}" if errors else "")
        + (
            f"; once the new translations are reviewed, `approve {' '.join(approve)}` "
            "records the source text they were made from, approving them"
            if approve
            else ""
        )
        + (
            f"; once reviewed, `approve {' '.join(new)}` approves the new "
            + ("documents" if len(new) > 1 else "document")
            if new
            else ""
        )
    )
    return EXIT_PROBLEMS if errors or refused else code


def _changes(plan) -> str:
    """What a plan changes, in words."""
    notes = ("new note", "resolved note", "resolve note")
    texts = {(s.path, s.unit_id) for s in plan.shown if not s.line.startswith(("add: ", *notes))}
    parts = []
    if texts:
        parts.append(count(len(texts), "changed translation"))
    if plan.added:
        parts.append(count(len(plan.added), "unit") + " added")
    new_notes = sum(1 for s in plan.shown if s.line.startswith("new note"))
    if new_notes:
        parts.append(count(new_notes, "new note"))
    return ", ".join(parts) or "nothing to change"


def _counts(imported) -> str:
    untranslated = len(imported.untranslated)
    return f", {untranslated} untranslated (listed above)" if untranslated else ""


def _set_back(imported) -> str:
    """The units the tool set back without a change of text, which the import leaves."""
    if not imported.set_back:
        return ""
    units = count(len(imported.set_back), "unit")
    return f", {units} set back by the tool with no change of text (listed above; nothing was changed for them)"


def _states(imported) -> str:
    """The states the tool gave the translations taken, and what it marks approved."""
    if not imported.states:
        return ""
    states = ", ".join(f"{state} ×{len(units)}" for state, units in sorted(imported.states.items()))
    approved = (
        f"; the tool marks {count(len(imported.tool_approved), 'unit')} approved "
        "(approval in diglot is `approve`)"
        if imported.tool_approved
        else ""
    )
    return f" (the tool's states: {states}{approved})"
