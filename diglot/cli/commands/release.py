"""`diglot release`: publish a document. The release gate, then the release folder
(release/<doc>/<version>/ with manifest.json and SHA256SUMS); every reason a release is
refused, grouped."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import Reporter, display_path
from .. import options
from ..options import ENVIRONMENT_CODES, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count

NAME = "release"
ORDER = 130
HELP = (
    "publish a document: check it against the release gate, build every edition as "
    "released and write release/<doc>/<version>/ with a manifest and SHA256SUMS"
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "document", type=options.text, metavar="DOC", help="the document to release (its id)"
    )
    parser.add_argument(
        "--version",
        type=options.text,
        required=True,
        metavar="V",
        help="the version: 1, 1.0, 1.0.2, 1.0-rc.1",
    )
    parser.add_argument(
        "--accept",
        type=options.text,
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="release these units with their open review notes (recorded in the manifest)",
    )
    parser.add_argument(
        "--date",
        type=options.text,
        metavar="YYYY-MM-DD",
        help="the release date (default: the date of the content's last commit)",
    )
    parser.add_argument(
        "--any-date",
        action="store_true",
        help="accept a --date more than a year before or ten years after the document's own",
    )
    options.out(parser, "release", "the releases folder")
    options.templates(parser)


def run(args: argparse.Namespace) -> int:
    from ...release import ReleaseError, format_refusal, release
    from ..progress import on_terminal

    project, failed = options.open_project(args, NAME, Reporter())
    if failed is not None:
        return failed
    try:
        with on_terminal(NAME) as progress:
            done = release(
                args.document,
                args.version,
                content_dir=project,
                templates_dir=Path(args.templates),
                out_dir=Path(args.out),
                accept=args.accept,
                date=args.date,
                progress=progress,
                any_date=args.any_date,
            )
    except ReleaseError as error:
        print(f"diglot release: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if done.unknown:
        return options.unknown_documents(NAME, done.unknown, done.known)
    if done.folder is None:
        sys.stdout.write(format_refusal(done))
        machine = all(r.code.startswith(ENVIRONMENT_CODES) for r in done.reasons)
        return EXIT_USAGE if machine and done.reasons else EXIT_PROBLEMS
    for note in done.accepted:
        who = ", ".join(x for x in (note["author"], note["date"]) if x)
        print(
            f"{note['file']}:{note['line']}:{note['column']}: accepted review note: "
            f"unit '{note['unit']}': {note['text']}" + (f" ({who})" if who else "")
        )
    if done.dirty:
        print(
            "note: the content or the templates have changes not committed to git: the "
            'release is not the content\'s last commit (manifest.json says "dirty": true)'
        )
    folder = display_path(str(done.folder))
    print(
        f"released {done.doc_id} {done.version} ({done.date}) in {folder}/: "
        f"{count(len(done.files), 'edition')}, manifest.json, SHA256SUMS"
    )
    return EXIT_OK
