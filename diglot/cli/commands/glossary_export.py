"""`diglot glossary-export`: the glossary (content/glossary.yaml) as TBX, CSV or OmegaT's
tab-separated glossary, per target language, for CAT tools, termbases and spreadsheets."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count

NAME = "glossary-export"
ORDER = 84
HELP = "write the glossary as TBX, CSV or OmegaT's tab-separated glossary, per target language"
FORMATS = {"tbx": ".tbx", "csv": ".csv", "tsv": ".utf8"}


def formats(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    wrong = [n for n in names if n not in FORMATS]
    if not names or wrong:
        raise argparse.ArgumentTypeError(
            f"expected {', '.join(FORMATS)} or a comma list of them, not '{value}'"
        )
    return names


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        type=formats,
        default=["tbx", "csv"],
        metavar="LIST",
        help="tbx (TBX-Basic), csv (a header row: the languages, note, variants, forbidden, "
        "protected), tsv (OmegaT's glossary); default: tbx,csv",
    )
    options.out(parser, "termbase", "where the files go")


def run(args: argparse.Namespace) -> int:
    """glossary.<source>-<target>.<tbx|csv|utf8> per target language."""
    from ... import __version__
    from ...output import write_atomic
    from ...tm import write_csv, write_tbx, write_tsv

    content = options.content_dir(args, NAME)
    if content is None:
        return EXIT_USAGE
    if options.export_folder_problem(NAME, Path(args.out), content):
        return EXIT_USAGE
    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    if project is not None:
        reporter.diagnostics.extend(d for d in project.glossary_problems)
    sys.stdout.write(reporter.to_text())
    if project is None or project.glossary is None:
        why = "cannot be read (above)" if reporter.errors else "does not exist"
        print(f"diglot {NAME}: the glossary {why}; nothing was written")
        return EXIT_PROBLEMS
    source = project.languages.source
    umask = os.umask(0)
    os.umask(umask)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for profile in project.languages.targets:
        glossary = project.glossary.for_target(profile.tag)
        for name in args.format:
            if name == "tbx":
                data = write_tbx(glossary, source.canonical, profile.canonical, __version__)
            elif name == "csv":
                data = write_csv(glossary, source.tag, profile.tag)
            else:
                data = write_tsv(glossary)
            path = out / f"glossary.{source.tag}-{profile.tag}{FORMATS[name]}"
            write_atomic(path, data, 0o666 & ~umask)
            print(
                f"wrote {display_path(str(path))} ({count(len(glossary.terms), 'term')}, "
                f"{count(len(glossary.protected), 'protected token')})"
            )
    return EXIT_OK
