"""`diglot check`: every problem of the content, then a one-line summary (or JSON, SARIF,
JUnit for machines)."""

from __future__ import annotations

import argparse
import os
import sys

from ... import report
from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, count, say, some

NAME = "check"
ORDER = 10
HELP = "check that both languages load and align, and run the translation checks"


def arguments(parser: argparse.ArgumentParser) -> None:
    options.documents(parser, "check only these documents")
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif", "junit"),
        default="text",
        help="text for people (default), json for machines, sarif for "
        "code-review tools, junit for CI",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (auto: on a terminal, unless NO_COLOR)",
    )
    parser.add_argument(
        "--jobs",
        type=options.jobs,
        default=0,
        metavar="N",
        help="processes to check with when there are several documents "
        "(default: one per processor; 1: this process only)",
    )


def run(args: argparse.Namespace) -> int:
    from ... import pipeline
    from ...checks.catalogue import registry
    from ...executor import default_workers

    reporter = Reporter()
    project, failed_to_open = options.open_project(args, NAME, reporter)
    if failed_to_open is not None:
        return failed_to_open
    checked = (
        pipeline.check(
            project, reporter, jobs=args.jobs or default_workers(), only=args.documents or None
        )
        if project is not None
        else pipeline.Checked()
    )
    if checked.unknown:
        return options.unknown_documents(NAME, checked.unknown, checked.known)
    found = checked.run
    errors = len(reporter.errors)
    warnings = len(reporter.diagnostics) - errors
    units = len(found.unit_ids)
    failed = errors or (args.strict and warnings)
    diagnostics = reporter.diagnostics
    if args.format == "json":
        sys.stdout.write(
            report.to_json(
                diagnostics,
                {
                    "documents": found.documents,
                    "unit_pairs": units,
                    "errors": errors,
                    "warnings": warnings,
                    "marked_for_review": found.flagged,
                    "files_not_loaded": [display_path(path) for path in found.unloaded],
                    "passed": not failed,
                },
            )
        )
    elif args.format == "sarif":
        from ... import __version__

        sys.stdout.write(report.to_sarif(diagnostics, registry(), __version__))
    elif args.format == "junit":
        sys.stdout.write(report.to_junit(diagnostics, found.unit_ids, args.strict))
    else:
        colour = args.color == "always" or (
            args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        )
        sys.stdout.write(report.to_text(diagnostics, colour))
        print(summary(found.documents, units, errors, warnings, found.flagged, found.unloaded))
    for why, ids in found.skipped.items():  # once per reason, whatever the format
        names = " and ".join(", ".join(ids).rsplit(", ", 1))
        say(f"diglot check: note: {names} did not run: {why}")
    return EXIT_PROBLEMS if failed else EXIT_OK


def summary(
    documents: int,
    units: int,
    errors: int,
    warnings: int,
    flagged: int,
    unloaded: list[str] | tuple[str, ...] = (),
) -> str:
    found = (
        "no problems"
        if not errors + warnings
        else ", ".join(
            count(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n
        )
    )
    review_note = (
        f"; {count(flagged, 'unit')} marked for review (diglot review lists them)"
        if flagged
        else ""
    )
    if unloaded:
        checked = f"{count(documents, 'document')} checked" + (
            f", {units} aligned units" if documents else ""
        )
        files = some([display_path(path) for path in unloaded])
        return (
            f"diglot check: {checked}, {count(len(unloaded), 'file')} could not be loaded "
            f"({files}): {found}{review_note}"
        )
    return (
        f"diglot check: {count(documents, 'document')}, {units} aligned units: {found}{review_note}"
    )
