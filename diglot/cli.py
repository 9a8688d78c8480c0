"""The command line: diglot check | review; main(argv) returns the exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .diagnostics import Reporter, display_path
from .project import load_project

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diglot", description="Aligned English and Chinese editions from bilingual content.")
    parser.add_argument("--content", default="content", metavar="DIR",
                        help="the content folder holding en/, zh/ and glossary.yaml "
                             "(default: ./content)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = commands.add_parser("check", help="check that both languages load and align")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default), json for machines")
    commands.add_parser("review", help="list the units marked 'review:' with their notes")
    build_cmd = commands.add_parser("build", help="check, then build every edition into build/")
    build_cmd.add_argument("--templates", default="templates", metavar="DIR",
                           help="the templates folder (default: ./templates)")
    build_cmd.add_argument("--out", default="build", metavar="DIR",
                           help="where the editions go (default: ./build)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return EXIT_USAGE if exc.code else EXIT_OK
    content_dir = Path(args.content)
    if not any((content_dir / lang).is_dir() for lang in ("en", "zh")):
        print(f"diglot: error: '{display_path(str(content_dir))}' has no en/ or zh/ folder; "
              "run from the project folder or pass --content DIR", file=sys.stderr)
        return EXIT_USAGE
    try:
        return {"check": check, "review": review, "build": build}[args.command](args,
                                                                                 content_dir)
    except BrokenPipeError:  # the reader went away (| head); say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


def check(args: argparse.Namespace, content_dir: Path) -> int:
    reporter = Reporter()
    project = load_project(content_dir, reporter)
    errors = len(reporter.errors)
    warnings = len(reporter.diagnostics) - errors
    units = sum(len(pair.units) for pair in project.documents)
    flagged = sum(1 for pair in project.documents for lang in ("en", "zh")
                  for unit in getattr(pair, lang).units() if unit.review)
    if args.format == "json":
        json.dump({"diagnostics": [d.as_dict() for d in reporter.sorted()],
                   "summary": {"documents": len(project.documents), "unit_pairs": units,
                               "errors": errors, "warnings": warnings,
                               "marked_for_review": flagged}},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(reporter.to_text())
        print(summary(len(project.documents), units, errors, warnings, flagged))
    return EXIT_PROBLEMS if errors else EXIT_OK


def summary(documents: int, units: int, errors: int, warnings: int, flagged: int) -> str:
    found = "no problems" if not errors + warnings else ", ".join(
        f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"),
                                                            (warnings, "warning")) if n)
    review_note = f"; {flagged} unit{'s' if flagged != 1 else ''} marked for review " \
                  "(diglot review lists them)" if flagged else ""
    return (f"diglot check: {documents} document{'s' if documents != 1 else ''}, "
            f"{units} aligned units: {found}{review_note}")


def review(args: argparse.Namespace, content_dir: Path) -> int:
    reporter = Reporter()
    project = load_project(content_dir, reporter)
    sys.stdout.write(reporter.to_text())
    for pair in project.documents:
        for lang in ("en", "zh"):
            for unit in getattr(pair, lang).units():
                if unit.review:
                    print(f"{unit.location}: review: {unit.id}: {unit.review}")
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK


def build(args: argparse.Namespace, content_dir: Path) -> int:
    from .build import build as build_editions  # imports the renderers, which check never needs

    reporter = Reporter()
    written = build_editions(content_dir, Path(args.templates), Path(args.out), reporter)
    sys.stdout.write(reporter.to_text())
    if reporter.errors:
        print(f"diglot build: {len(reporter.errors)} error"
              f"{'s' if len(reporter.errors) != 1 else ''}; nothing was written")
        return EXIT_PROBLEMS
    print(f"diglot build: {len(written)} files in {display_path(args.out)}/")
    return EXIT_OK
