"""`diglot xliff-import`: check an XLIFF file from a CAT tool, show its changes, and with
--apply write them; the project is opened once, each content file read once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import report
from ...diagnostics import Reporter
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count

NAME = "xliff-import"
ORDER = 80
HELP = (
    "check an XLIFF file from a translation tool and show (or, with --apply, write) its "
    "changed translations"
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the XLIFF file")
    parser.add_argument(
        "--apply", action="store_true", help="write the changes into the content files"
    )
    options.author(
        parser,
        "the author of the notes the file adds (default: a 1.2 note's from, else git's user.name)",
    )


def run(args: argparse.Namespace) -> int:
    """Validate an XLIFF file against the content; show its changes; --apply writes them."""
    from ... import edits
    from ...pipeline import Checked, check
    from ...status import status_of
    from ...xliff import read_import

    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    runs: dict[str, Checked] = {}

    def status_for(doc_id: str):  # the document the file names only (an unknown id: none)
        if project is None:
            return status_of(Checked())
        runs[doc_id] = check(project, Reporter(), keep=True, only=[doc_id])
        return status_of(runs[doc_id])

    default_author = None
    if not args.author and project is not None:
        default_author = project.history().user_name()
    imported = read_import(Path(args.file), status_for, reporter, args.author, default_author)
    if imported is None or project is None:
        sys.stdout.write(reporter.to_text())
        print(f"diglot xliff-import: {count(len(reporter.errors), 'error')}; nothing was written")
        unreadable = any(d.code == "xliff.unreadable" for d in reporter.errors)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    if not imported.text_edits and not imported.note_edits:
        print(f"diglot xliff-import: {count(imported.units, 'unit')} read, nothing to change")
        return EXIT_OK
    pairs = [pair for checked in runs.values() for pair in checked.pairs]
    plan = edits.plan(
        project, imported.text_edits, imported.note_edits, reporter, NAME, pairs=pairs
    )
    sys.stdout.write(reporter.to_text())
    if plan is None:
        print(f"diglot xliff-import: {count(len(reporter.errors), 'error')}; nothing was written")
        return EXIT_PROBLEMS
    sys.stdout.write(plan.preview())
    read = count(imported.units, "unit")
    notes = f", {count(len(imported.note_edits), 'new note')}" if imported.note_edits else ""
    changed = (
        f"{count(len(imported.text_edits), 'changed translation')}{notes}"
        if plan.edits
        else "nothing to change"
    )
    if not args.apply or plan.empty:
        print(
            f"diglot xliff-import: {read} read, {changed}"
            + ("; nothing was written (--apply writes the changes)" if plan.edits else "")
        )
        return EXIT_OK
    reporter = Reporter()
    done = plan.apply(reporter, NAME)
    if done and plan.doc_ids:  # the documents written, checked as they are now
        check(project, reporter, only=plan.doc_ids)
    sys.stdout.write(report.to_text(reporter.diagnostics))
    if not done:
        print(f"diglot xliff-import: {read} read; the changes could not all be written")
        return EXIT_USAGE
    errors = len(reporter.errors)
    imported_ids = {e.unit_id for e in imported.text_edits}
    stale = sorted(
        {d.unit for d in reporter.errors if d.code == "qa.stale" and d.unit in imported_ids},
        key=str,
    )
    print(
        f"diglot xliff-import: {read} read, wrote {count(len(plan.edits), 'file')} (each "
        "previous version kept as .bak)"
        + (f"; the checks now find {count(errors, 'error')}" if errors else "")
        + (
            f"; once the new translations are reviewed, `approve {' '.join(map(str, stale))}` "
            "records the English they were made from"
            if stale
            else ""
        )
    )
    return EXIT_PROBLEMS if errors else EXIT_OK
