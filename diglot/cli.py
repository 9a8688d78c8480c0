"""The command line: diglot check | checks | approve | review | build; main(argv) returns the
exit code."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from . import report
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
    check = commands.add_parser("check", help="check that both languages load and align, and "
                                "run the translation checks")
    check.add_argument("--format", choices=("text", "json", "sarif", "junit"), default="text",
                       help="text for people (default), json for machines, sarif for "
                            "code-review tools, junit for CI")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the text report (auto: on a terminal, unless NO_COLOR)")
    commands.add_parser("checks", help="list the translation checks: id, severity, title")
    approve_cmd = commands.add_parser(
        "approve", help="record that the Chinese of these units matches the current English")
    approve_cmd.add_argument("ids", nargs="*", metavar="ID", help="unit ids")
    approve_cmd.add_argument("--all", action="store_true", help="every unit of every document")
    approve_cmd.add_argument("--dry-run", action="store_true",
                             help="show what would change; write nothing")
    commands.add_parser("review", help="list the units marked 'review:' with their notes")
    build_cmd = commands.add_parser("build", help="check, then build every edition into build/")
    build_cmd.add_argument("--templates", default="templates", metavar="DIR",
                           help="the templates folder (default: ./templates)")
    build_cmd.add_argument("--out", default="build", metavar="DIR",
                           help="where the editions go (default: ./build)")
    return parser


def main(argv: list[str] | None = None) -> int:
    # A run allocates many small, long-lived, acyclic objects (the loaded content); the
    # default collector would rescan them all again and again as they accumulate (a quarter
    # of the time of `check` on 100 documents). Collect far less often, as mypy does.
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 50, 50)
    try:
        return _run(argv)
    finally:
        gc.set_threshold(*thresholds)


def _run(argv: list[str] | None) -> int:
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
        command = {"check": check, "checks": list_checks, "approve": approve,
                   "review": review, "build": build}[args.command]
        return command(args, content_dir)
    except BrokenPipeError:  # the reader went away (| head); say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


def check(args: argparse.Namespace, content_dir: Path) -> int:
    from .checks import registry
    from .checks.stale import git_source_text
    from .qa import CONFIG_FILE, load_settings, run_checks

    reporter = Reporter()
    project = load_project(content_dir, reporter)
    checks = registry()
    settings = load_settings(content_dir.resolve().parent / CONFIG_FILE, checks, reporter)
    run_checks(project, settings, reporter, source_text=git_source_text(Path.cwd()))
    errors = len(reporter.errors)
    warnings = len(reporter.diagnostics) - errors
    units = sum(len(pair.units) for pair in project.documents)
    flagged = sum(1 for pair in project.documents for lang in ("en", "zh")
                  for unit in getattr(pair, lang).units() if unit.review)
    failed = errors or (args.strict and warnings)
    diagnostics = reporter.diagnostics
    if args.format == "json":
        sys.stdout.write(report.to_json(diagnostics, {
            "documents": len(project.documents), "unit_pairs": units, "errors": errors,
            "warnings": warnings, "marked_for_review": flagged, "passed": not failed}))
    elif args.format == "sarif":
        from . import __version__
        sys.stdout.write(report.to_sarif(diagnostics, checks, __version__))
    elif args.format == "junit":
        unit_ids = [u.en.id for pair in project.documents for u in pair.units]
        sys.stdout.write(report.to_junit(diagnostics, unit_ids, args.strict))
    else:
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                            and not os.environ.get("NO_COLOR"))
        sys.stdout.write(report.to_text(diagnostics, colour))
        print(summary(len(project.documents), units, errors, warnings, flagged))
    return EXIT_PROBLEMS if failed else EXIT_OK


def list_checks(args: argparse.Namespace, content_dir: Path) -> int:
    from .checks import registry

    for item in registry():
        print(f"{item.id:<24} {item.severity:<8} {item.title}")
    return EXIT_OK


def approve(args: argparse.Namespace, content_dir: Path) -> int:
    from .approve import approve as approve_units, format_changes

    if bool(args.ids) == args.all:
        print("diglot approve: name the unit ids to approve, or --all", file=sys.stderr)
        return EXIT_USAGE
    reporter = Reporter()
    changes = approve_units(content_dir, None if args.all else args.ids, args.dry_run, reporter)
    sys.stdout.write(reporter.to_text())
    if reporter.errors:
        return EXIT_PROBLEMS
    sys.stdout.write(format_changes(changes, args.dry_run))
    return EXIT_OK


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
