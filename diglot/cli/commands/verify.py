"""`diglot verify`: a release folder against its manifest.json and SHA256SUMS, wherever it
is; with the project at hand, its content files too."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import display_path
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, content_folder_problem, count

NAME = "verify"
ORDER = 140
HELP = "check a release folder against its manifest.json and SHA256SUMS"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the release folder")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail too when a content file of the release changed since (inside the project)",
    )


def run(args: argparse.Namespace) -> int:
    from ...release import verify

    folder = Path(args.folder)
    if not folder.is_dir():
        print(
            f"diglot verify: error: no release folder at '{display_path(str(folder))}'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    content = Path(args.content)
    found = verify(folder, content if content_folder_problem(content) is None else None)
    sys.stdout.write("".join(d.format() + "\n" for d in found))
    errors = sum(1 for d in found if d.severity == "error")
    warnings = len(found) - errors
    shown = display_path(str(folder))
    if errors or (args.strict and warnings):
        print(
            f"diglot verify: {shown}: {count(errors, 'error')}"
            + (f", {count(warnings, 'warning')}" if warnings else "")
        )
        unreadable = any(d.code == "verify.unreadable" for d in found)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    print(
        f"diglot verify: {shown}: every file is as released"
        + (f" ({count(warnings, 'warning')})" if warnings else "")
    )
    return EXIT_OK
