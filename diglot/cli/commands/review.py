"""`diglot review`: the review notes of every unit, open ones by default."""

from __future__ import annotations

import argparse
import sys

from ...diagnostics import Reporter
from ...inline import readable
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS

NAME = "review"
ORDER = 50
HELP = "list the open review notes of every unit"


def arguments(parser: argparse.ArgumentParser) -> None:
    options.author(parser, "only the notes of this author (as written)")
    parser.add_argument(
        "--status",
        choices=("open", "resolved", "all"),
        default="open",
        help="which notes: open (default), resolved or all",
    )


def run(args: argparse.Namespace) -> int:
    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    pairs = []
    if project is not None:
        reporter.diagnostics.extend(project.found)
        for doc_id, _ in project.files:
            pairs += project.load(doc_id, reporter)
        reporter.diagnostics.extend(project.glossary_problems)
    sys.stdout.write(reporter.to_text())
    seen = set()
    for pair in pairs:
        for document in (pair.source, pair.target):
            if document.path in seen:
                continue
            seen.add(document.path)
            for unit in document.units():
                for note in unit.notes:
                    if args.status != "all" and note.status != args.status:
                        continue
                    if args.author is not None and note.author != args.author:
                        continue
                    who = ", ".join(x for x in (note.author, note.date) if x)
                    status = "" if note.open else " (resolved)"
                    print(
                        f"{note.location}: review: {unit.id}{status}: {readable(note.text)}"
                        + (f" ({who})" if who else "")
                    )
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK
