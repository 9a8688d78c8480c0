"""`diglot status`: per document and target language, how far the translation is."""

from __future__ import annotations

import argparse
import json
import sys

from ... import report
from ...diagnostics import Reporter
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS

NAME = "status"
ORDER = 60
HELP = (
    "how far each document is: units translated, missing, stale, marked for review, "
    "waived and approved, per target language"
)


def arguments(parser: argparse.ArgumentParser) -> None:
    options.documents(parser)
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )


def run(args: argparse.Namespace) -> int:
    """The status table; the run's errors (not its warnings) above it."""
    from ...pipeline import Checked, check
    from ...status import status_of, to_rows, to_table

    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    checked = (
        check(project, reporter, keep=True, only=args.documents or None)
        if project is not None
        else Checked(diagnostics=reporter.diagnostics)
    )
    if checked.unknown:
        return options.unknown_documents(NAME, checked.unknown, checked.known)
    rows = to_rows(status_of(checked))
    errors = reporter.errors
    if args.format == "json":
        sys.stdout.write(json.dumps({"documents": rows, "errors": len(errors)}, indent=2) + "\n")
    else:
        sys.stdout.write(report.to_text(errors))
        sys.stdout.write(to_table(rows) if rows else "no document could be loaded\n")
    return EXIT_PROBLEMS if errors else EXIT_OK
