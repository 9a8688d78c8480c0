"""`diglot review-import`: read an edited review file back, show its changed translations
and new comments, and with --apply write them into the content (then check it again)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import report
from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count

NAME = "review-import"
ORDER = 100
HELP = (
    "read a review file back: show the changed translations and new comments, and with "
    "--apply write them into the content"
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the edited review file (.docx)")
    parser.add_argument(
        "--apply", action="store_true", help="write the changes (default: only show them)"
    )
    parser.add_argument(
        "--accept-changes",
        action="store_true",
        help="apply the changes tracked in the translation's column (default: each becomes a review "
        "note proposing the text, signed by the change's author)",
    )
    options.author(
        parser,
        "the author of the review notes (default: the file's last author, else git's "
        "user.name; a Word comment or tracked change keeps its own author)",
    )


def run(args: argparse.Namespace) -> int:
    from ...pipeline import check
    from ...reviewfile import import_review

    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    proposals: list[str] = []
    found = import_review(
        project,
        Path(args.file),
        args.author,
        reporter,
        accept_changes=args.accept_changes,
        proposals=proposals,
    )
    if found is None:
        sys.stdout.write(reporter.to_text())
        unreadable = any(d.code == "io.error" for d in reporter.errors)
        if reporter.errors and not unreadable:  # (an unreadable file is one line)
            print(
                f"{display_path(args.file)}: {count(len(reporter.errors), 'error')} (above); "
                "nothing was written"
            )
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    sys.stdout.write(report.to_text(reporter.diagnostics))  # warnings (the English changed)
    shown = display_path(args.file)
    sys.stdout.write(found.preview())
    if proposals:
        print(
            f"{shown}: tracked changes in the translation's column of {len(proposals)} "
            f"row{'s' if len(proposals) != 1 else ''} ({', '.join(proposals)}) are proposals, "
            "imported as review notes; --accept-changes applies them instead"
        )
    if found.empty:
        print(f"{shown}: no change to import")
        return EXIT_OK
    if not args.apply:
        print(f"{shown}: {len(found.shown)} changes shown; nothing written (--apply writes them)")
        return EXIT_OK
    checks = Reporter()
    written = found.apply(checks, NAME)
    if written and found.doc_ids:  # the documents written, checked as they are now
        check(project, checks, only=found.doc_ids)
    sys.stdout.write(checks.to_text())
    if not written:
        return EXIT_USAGE
    files = ", ".join(display_path(e.path) for e in found.edits)
    print(
        f"{shown}: applied {len(found.shown)} changes to {files}; each file's previous version "
        "is kept beside it as <file>.bak"
    )
    return EXIT_PROBLEMS if checks.errors else EXIT_OK
