"""`diglot schemas`: the JSON Schemas of the declaration files (types, language profiles,
diglot.toml) and of each document type's content files, written where an editor's setting
names them (README, "Schemas for editors")."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import Reporter, display_path
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

NAME = "schemas"
ORDER = 35
HELP = "write the JSON Schemas of content, types, profiles and settings, for editors"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="DIR", help="where to write them (default: schemas/ in the project)"
    )


def run(args: argparse.Namespace) -> int:
    from ...checks.catalogue import registry
    from ...config import project_root
    from ...project import project_setup
    from ...schema.publish import schema_files, write_files
    from ...typorules import RULES

    content = options.content_dir(args, NAME)
    if content is None:
        return EXIT_USAGE
    reporter = Reporter()
    setup = project_setup(content, reporter)
    found = {name: setup.types.get(name) for name in setup.types.files} if setup else {}
    types = {name: doc_type for name, doc_type in found.items() if doc_type is not None}
    titles = {check.id: check.title for check in registry()}
    files = schema_files(types, titles, {**titles, **{rule.id: rule.title for rule in RULES}})
    out = Path(args.out) if args.out else project_root(content) / "schemas"
    written = write_files(out, files)
    sys.stdout.write(reporter.to_text())
    print(
        f"diglot schemas: {len(files)} schemas in {display_path(str(out))}/, "
        f"{len(written)} written ({len(types)} document types)"
    )
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK
