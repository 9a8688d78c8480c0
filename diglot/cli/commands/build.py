"""`diglot build`: check, then build every edition of each document whose checks pass;
the summary says what was written, what was up to date, what was refused, and what the
typographic lint found in the PDFs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import report
from ...diagnostics import Reporter, display_path, echoed
from .. import options
from ..options import ENVIRONMENT_CODES, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count, say, some

NAME = "build"
ORDER = 110
HELP = "check, then build every edition of each document whose checks pass"


def arguments(parser: argparse.ArgumentParser) -> None:
    options.documents(parser, "build only these documents")
    options.templates(parser)
    options.out(parser, "build", "where the editions go")
    parser.add_argument(
        "--wait",
        type=options.seconds,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait while another build writes the same folder (default: 60)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="build every edition again, even those whose inputs are unchanged",
    )
    parser.add_argument(
        "--format",
        metavar="LIST",
        help="build only these formats, e.g. pdf,docx (default: every "
        "registered writer: html, pdf, docx, md)",
    )
    parser.add_argument(
        "--report",
        choices=("text", "json"),
        default="text",
        help="how the problems and the summary are printed: text (default) or json",
    )


def formats_asked(value: str | None) -> tuple[list[str] | None, str | None]:
    """--format as a list of writers (None: all of them), or why it cannot be."""
    if not value:
        return None, None
    from ... import writers  # imported by build only: check never needs the writers

    formats = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in formats if name not in writers.names()]
    if unknown or not formats:
        return None, (
            f"--format takes a comma-separated list of {', '.join(writers.names())}; "
            f"not {echoed(', '.join(unknown)) or 'nothing'}"
        )
    return formats, None


def run(args: argparse.Namespace) -> int:
    from ... import pipeline
    from ...output import OutputError, check_target, project_folders
    from ..progress import on_terminal

    formats, wrong = formats_asked(args.format)
    if wrong:
        say(f"diglot build: error: {wrong}")
        return EXIT_USAGE
    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter, required=True)
    if failed is not None:
        return failed
    built = pipeline.Built(stopped=True)
    try:  # before the editions are rendered: a folder that cannot take them fails now
        check_target(Path(args.out), project_folders(project.content_dir, Path(args.templates)))
    except OutputError as error:
        reporter.diagnostics.append(error.diagnostic())
    else:
        with on_terminal(NAME) as progress:
            built = pipeline.build_documents(
                project,
                Path(args.templates),
                Path(args.out),
                reporter,
                formats,
                wait=args.wait,
                only=args.documents or None,
                progress=progress,
                incremental="record" if args.force else "reuse",
            )
    if built.unknown:
        return options.unknown_documents(NAME, built.unknown, built.known)
    errors = len(reporter.errors)
    failed_code = (
        EXIT_USAGE
        if all(d.code.startswith(ENVIRONMENT_CODES) for d in reporter.errors)
        else EXIT_PROBLEMS
    )
    code = failed_code if built.stopped or errors else EXIT_OK
    typography = None
    if formats is None or "pdf" in formats:
        typography = typography_counts(reporter.diagnostics, project.settings.severity)
    if args.report == "json":
        sys.stdout.write(
            report.to_json(reporter.diagnostics, summary(built, errors, reporter, typography, code))
        )
        return code
    sys.stdout.write(report.to_text(reporter.diagnostics))
    out = display_path(args.out)
    for doc_id, paths in built.current.items():
        print(
            f"up to date {doc_id} ({count(len(paths), 'file')} in {out}/{doc_id}/): "
            "nothing it is made from changed since it was built"
        )
    for doc_id, paths in built.written.items():  # memo.en.html is shown as en.html
        names = ", ".join(path.name[len(doc_id) + 1 :] for path in paths)
        print(f"wrote {doc_id} ({count(len(paths), 'file')} in {out}/{doc_id}/): {names}")
    if typography is not None and (built.written or built.current):
        print(typography_line(typography))
    if built.stopped or (errors and not built.refused and not built.pending):
        print(f"diglot build: {count(errors, 'error')}; nothing was written")
        return failed_code
    files = len(built.files)
    wrote = (
        f"{count(files, 'file')} in {out}/"
        + (f" for {count(len(built.written), 'document')}" if built.refused else "")
        if files
        else "nothing was written"
    )
    if built.current:
        current = sum(len(paths) for paths in built.current.values())
        wrote += (
            f"; {count(current, 'file')} up to date"
            if files
            else (f": {count(current, 'file')} up to date")
        )
    if built.pending:
        wrote += (
            f"; drafts of {options.some(built.pending, 10)} in "
            f"{project.languages.source.name} only: "
            f"{'its translation does' if len(built.pending) == 1 else 'their translations do'}"
            " not exist yet"
        )
    if not built.refused:
        print(f"diglot build: {count(errors, 'error') + '; ' if errors else ''}{wrote}")
        return failed_code if errors else EXIT_OK
    refused = "; ".join(
        f"{doc_id} ({count(len(found), 'error')}: "
        f"{some(list(dict.fromkeys(d.code for d in found)))})"
        for doc_id, found in built.refused.items()
    )
    print(
        f"diglot build: {count(errors, 'error')}; {wrote}; refused "
        f"{count(len(built.refused), 'document')} whose checks failed: {refused}"
    )
    return failed_code


def summary(built, errors: int, reporter: Reporter, typography, code: int) -> dict:
    """The summary of `--report json`."""
    return {
        "errors": errors,
        "warnings": len(reporter.diagnostics) - errors,
        "written": {
            doc_id: [str(path) for path in paths] for doc_id, paths in built.written.items()
        },
        "up_to_date": {
            doc_id: [str(path) for path in paths] for doc_id, paths in built.current.items()
        },
        "refused": {
            doc_id: sorted({d.code for d in found}) for doc_id, found in built.refused.items()
        },
        "nothing_written": bool(
            built.stopped or (errors and not built.refused and not built.files)
        ),
        "pending": built.pending,
        "typography": typography,
        "passed": code == EXIT_OK,
    }


def typography_counts(diagnostics, severity: dict[str, str]) -> dict[str, int | str]:
    """The typographic lint's findings per rule (diglot/typorules.py), "off" for a rule the
    project turned off."""
    from ...typorules import RULES

    found: dict[str, int | str] = {}
    for rule in RULES:
        if severity.get(rule.id, rule.severity) == "off":
            found[rule.id] = "off"
        else:
            found[rule.id] = sum(1 for d in diagnostics if d.code == rule.id)
    return found


def typography_line(counts: dict[str, int | str]) -> str:
    """The build summary's line of the typographic lint: every rule and its count."""
    total = sum(n for n in counts.values() if isinstance(n, int))
    shown = ", ".join(f"{code.removeprefix('typo.')} {n}" for code, n in counts.items())
    return f"typography: {count(total, 'finding')} in the PDFs ({shown})"
