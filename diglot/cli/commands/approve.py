"""`diglot approve`: record the source text each translation was made from."""

from __future__ import annotations

import argparse
import sys

from ...diagnostics import Reporter
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count, say

NAME = "approve"
ORDER = 40
HELP = "record that the translation of these units matches the current source text"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids",
        nargs="*",
        type=options.text,
        metavar="ID",
        help="unit ids, or document ids (all their units)",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="every unit of every document (a document whose files have errors is left out)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    parser.add_argument(
        "--unchanged",
        action="store_true",
        help="the source changed but the translation needs no change: approve it anyway, "
        "recording that in a resolved review note",
    )


def run(args: argparse.Namespace) -> int:
    from ...approve import approve as approve_units
    from ...approve import format_changes

    if bool(args.ids) == args.all:
        say("diglot approve: name the unit ids to approve, or --all")
        return EXIT_USAGE
    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    changes = (
        approve_units(
            project, None if args.all else args.ids, args.dry_run, reporter, args.unchanged
        )
        if project is not None
        else []
    )
    sys.stdout.write(reporter.to_text())
    refused = [d for d in reporter.errors if d.code == "approve.unchanged"]
    blocked = [d for d in reporter.errors if d.code == "approve.document"]
    others = len(reporter.errors) - len(refused) - len(blocked)
    if others and not changes:  # an unknown id, a file that cannot be written: nothing done
        print(f"nothing approved: {count(others, 'error')} (above)")
        return EXIT_PROBLEMS
    sys.stdout.write(format_changes(changes, args.dry_run, len(refused)))
    if blocked:
        print(f"not approved: {count(len(blocked), 'document')} whose files have errors (above)")
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK
