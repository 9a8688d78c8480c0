"""`diglot review-export`: a bilingual review file (.docx) per document and target language,
for a reviewer to correct the translation and comment in Word or LibreOffice."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, say

NAME = "review-export"
ORDER = 90
HELP = (
    "write a bilingual review file (.docx) per document and target language, for a "
    "reviewer to edit the translation and comment in Word or LibreOffice"
)


def only(value: str) -> str:
    """--only: a comma list of the units' kinds the review file holds."""
    from ...reviewfile import ONLY_CHOICES

    names = [name.strip() for name in value.split(",") if name.strip()]
    wrong = [name for name in names if name not in ONLY_CHOICES]
    if not names or wrong:
        raise argparse.ArgumentTypeError(
            f"expected {', '.join(ONLY_CHOICES)} or a comma list of them, not '{value}'"
        )
    return ",".join(names)


def arguments(parser: argparse.ArgumentParser) -> None:
    options.documents(parser)
    parser.add_argument(
        "--only",
        type=only,
        default="all",
        metavar="LIST",
        help="which units: all (default), findings, stale, review, or a comma list "
        "(findings,review)",
    )
    options.out(parser, "review", "where the files go")
    options.templates(parser, "the templates folder with the label catalogs")


def run(args: argparse.Namespace) -> int:
    from ...reviewfile import export

    content = options.content_dir(args, NAME)
    if content is None:
        return EXIT_USAGE
    if options.export_folder_problem(NAME, Path(args.out), content):
        return EXIT_USAGE
    if not Path(args.templates).is_dir():
        say(
            f"diglot review-export: error: no templates folder at "
            f"'{display_path(str(args.templates))}' (it holds the label catalogs); run from "
            "the project folder or pass --templates DIR",
        )
        return EXIT_USAGE
    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter, required=True)
    if failed is not None:
        return failed
    written, skipped, found = export(
        project,
        args.documents or None,
        set(args.only.split(",")),
        Path(args.out),
        Path(args.templates),
        reporter,
    )
    checked = found.checked
    if checked.unknown:
        return options.unknown_documents(NAME, checked.unknown, checked.known)
    sys.stdout.write(reporter.to_text())
    for path in written:
        print(f"wrote {display_path(str(path))}")
    for name in skipped:
        print(f"{name}: no unit to review (--only {args.only}); no file written")
    if not written and not skipped and not reporter.errors:
        print("diglot review-export: no document to export")
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK
