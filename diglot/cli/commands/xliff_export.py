"""`diglot xliff-export`: an XLIFF file per document and target language, for a CAT tool; or,
with --for omegat, an OmegaT project per target language, ready to open."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import report
from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count, say

NAME = "xliff-export"
ORDER = 70
HELP = "write an XLIFF file per document and target language for a translation tool"


def arguments(parser: argparse.ArgumentParser) -> None:
    options.documents(parser)
    parser.add_argument(
        "--only",
        default="all",
        metavar="LIST",
        help="which units: new (no translation yet), stale (the source text changed since "
        "approval), review (marked for review), or all (default); e.g. new,stale",
    )
    parser.add_argument(
        "--version",
        choices=("2.1", "1.2"),
        default="2.1",
        help="XLIFF 2.1 (default) or 1.2, for tools that read only 1.2",
    )
    parser.add_argument(
        "--for",
        dest="tool",
        choices=("omegat",),
        help="omegat: an OmegaT project folder per target language (omegat.project, source/, "
        "tm/ with the current and previous translations, glossary/), ready to open",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="where the files go (default: ./xliff, or ./omegat with --for omegat)",
    )


def run(args: argparse.Namespace) -> int:
    """One XLIFF file per document and target language that has a unit to export."""
    from ...pipeline import Checked, check
    from ...status import status_of
    from ...xliff import ONLY, export

    content = options.content_dir(args, NAME)
    if content is None:
        return EXIT_USAGE
    if args.out is None:
        args.out = "omegat" if args.tool == "omegat" else "xliff"
    if options.export_folder_problem(NAME, Path(args.out), content):
        return EXIT_USAGE
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = [x for x in only if x not in ONLY]
    if unknown or not only:
        say(
            f"diglot xliff-export: error: --only takes a comma-separated list of "
            f"{', '.join(ONLY)}; not {', '.join(unknown) or 'nothing'}",
        )
        return EXIT_USAGE
    reporter = Reporter()
    project, failed_to_open = options.open_project(args, NAME, reporter)
    if failed_to_open is not None:
        return failed_to_open
    checked = (
        check(project, reporter, keep=True, only=args.documents or None)
        if project is not None
        else Checked(diagnostics=reporter.diagnostics)
    )
    if checked.unknown:
        return options.unknown_documents(NAME, checked.unknown, checked.known)
    found = status_of(checked)
    loaded = {d.doc_id for d in found.documents}
    failed = [
        d
        for d in reporter.errors
        if d.unit is None
        and not any(d.location.path in (x.source.path, x.target.path) for x in found.documents)
    ]
    if args.tool == "omegat":
        from ... import __version__
        from ...tm import export_projects

        projects = export_projects(found, Path(args.out), only, __version__, reporter)
        written = [(p.folder, p.units) for p in projects]
    else:
        written = export(found, Path(args.out), only, args.version, reporter)
    failed += [d for d in reporter.errors if d.code.startswith("xliff.")]
    sys.stdout.write(report.to_text(failed))
    for path, units in written:
        what = "an OmegaT project in " if args.tool == "omegat" else ""
        print(f"wrote {what}{display_path(str(path))} ({count(units, 'unit')})")
    if not written:
        print(
            "diglot xliff-export: no unit to export"
            + (f" (--only {args.only})" if args.only != "all" else "")
            + ("" if loaded else "; no document could be loaded")
        )
    return EXIT_PROBLEMS if failed or not loaded else EXIT_OK
