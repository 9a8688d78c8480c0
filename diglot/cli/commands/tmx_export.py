"""`diglot tmx-export`: the approved translations as a TMX translation memory per target
language, for CAT tools and translation platforms (OmegaT, Weblate, memoQ, Trados)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count

NAME = "tmx-export"
ORDER = 82
HELP = "write the approved translations as a TMX translation memory per target language"


def arguments(parser: argparse.ArgumentParser) -> None:
    options.documents(parser)
    options.out(parser, "tmx", "where the files go")


def run(args: argparse.Namespace) -> int:
    """approved.<source>-<target>.tmx per target language: every field of every approved unit."""
    from ... import __version__
    from ...output import write_atomic
    from ...pipeline import check
    from ...status import status_of
    from ...tm import memories, write_tmx

    content = options.content_dir(args, NAME)
    if content is None:
        return EXIT_USAGE
    if options.export_folder_problem(NAME, Path(args.out), content):
        return EXIT_USAGE
    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None or project is None:
        sys.stdout.write(reporter.to_text())
        return failed if failed is not None else EXIT_PROBLEMS
    checked = check(project, Reporter(), keep=True, only=args.documents or None)
    if checked.unknown:
        return options.unknown_documents(NAME, checked.unknown, checked.known)
    found = status_of(checked)
    source = project.languages.source
    umask = os.umask(0)
    os.umask(umask)
    written = 0
    for tag, (canonical, pairs) in memories(found).items():
        if not pairs:
            print(f"{source.tag}-{tag}: no approved translation; no file written")
            continue
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"approved.{source.tag}-{tag}.tmx"
        write_atomic(
            path, write_tmx(pairs, source.canonical, canonical, __version__), 0o666 & ~umask
        )
        units = len({(p.doc_id, p.unit_id) for p in pairs})
        print(
            f"wrote {display_path(str(path))} ({count(len(pairs), 'pair')} of {count(units, 'unit')})"
        )
        written += 1
    unloaded = [d for d in checked.diagnostics if d.severity == "error" and d.unit is None]
    if unloaded:
        print(
            f"diglot {NAME}: {count(len(unloaded), 'problem')} of the project's files left "
            "their documents out (`check` shows them)"
        )
    return EXIT_PROBLEMS if unloaded and not written else EXIT_OK
