"""The command line: diglot check | checks | types | approve | review | status |
review-export | review-import | build | serve | release | verify; main(argv) returns the
exit code."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from . import interrupts, report
from .diagnostics import Reporter, display_path, printable
from .project import load_project

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM
# problems of the machine or the output folder, not of the content: exit 2
ENVIRONMENT_CODES = ("output.", "pdf.font-missing")


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not '{value}'")
    return int(value)


def _text(value: str) -> str:
    """An argument that is text diglot writes or compares (an author, a version, an id):
    valid UTF-8, no control character."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            "not valid UTF-8 text (bytes of another encoding?); type it again in a UTF-8 terminal"
        ) from None
    from .source import IN_VALUE

    found = IN_VALUE.search(value)
    if found:
        from .source import char_name

        raise argparse.ArgumentTypeError(
            f"holds {char_name(found[0])}, which no text diglot writes may hold"
        )
    return value


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(
            f"expected a port number from 1 to 65535 (0: any free port), not '{value}'"
        )
    return int(value)


def _only(value: str) -> str:
    from .reviewfile import ONLY_CHOICES

    names = [name.strip() for name in value.split(",") if name.strip()]
    wrong = [name for name in names if name not in ONLY_CHOICES]
    if not names or wrong:
        raise argparse.ArgumentTypeError(
            f"expected {', '.join(ONLY_CHOICES)} or a comma list of them, not '{value}'"
        )
    return ",".join(names)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 1e6:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not '{value}'")
    return seconds


class _Help(argparse.HelpFormatter):
    """argparse's help, sized to the terminal without importing shutil (argparse would
    import it for every command, to check each option: a fiftieth of `check`'s time)."""

    def __init__(self, prog: str):
        try:
            width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diglot",
        description="Aligned editions in several languages from structured "
        "content, with translation checks.",
        formatter_class=_Help,
    )
    # the global options, before the command or after it: the command's copy has no
    # default, so that it leaves a value given before the command as it is
    common = argparse.ArgumentParser(add_help=False)
    for options, default in ((parser, "content"), (common, argparse.SUPPRESS)):
        options.add_argument(
            "--content",
            default=default,
            metavar="DIR",
            help="the content folder holding a folder per language (en/, zh/) "
            "and glossary.yaml (default: ./content)",
        )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, formatter_class=_Help, parents=[common])

    check = command(
        "check", "check that both languages load and align, and run the translation checks"
    )
    check.add_argument(
        "documents", nargs="*", metavar="DOC", help="check only these documents (their ids)"
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "sarif", "junit"),
        default="text",
        help="text for people (default), json for machines, sarif for "
        "code-review tools, junit for CI",
    )
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (auto: on a terminal, unless NO_COLOR)",
    )
    check.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to check with when there are several documents "
        "(default: one per processor; 1: this process only)",
    )
    command("checks", "list the translation checks: id, severity, title")
    command("types", "list the document types with their title fields and units")
    approve_cmd = command(
        "approve", "record that the translation of these units matches the current source text"
    )
    approve_cmd.add_argument("ids", nargs="*", metavar="ID", help="unit ids")
    approve_cmd.add_argument("--all", action="store_true", help="every unit of every document")
    approve_cmd.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    approve_cmd.add_argument(
        "--unchanged",
        action="store_true",
        help="the source changed but the translation needs no change: approve it anyway, "
        "recording that in a resolved review note",
    )
    review_cmd = command("review", "list the open review notes of every unit")
    review_cmd.add_argument(
        "--author",
        type=_text,
        metavar="NAME",
        help="only the notes of this author (as written)",
    )
    review_cmd.add_argument(
        "--status",
        choices=("open", "resolved", "all"),
        default="open",
        help="which notes: open (default), resolved or all",
    )
    status_cmd = command(
        "status",
        "how far each document is: units translated, missing, stale, marked for review, "
        "waived and approved, per target language",
    )
    status_cmd.add_argument(
        "documents", nargs="*", metavar="DOC", help="only these documents (their ids)"
    )
    status_cmd.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    xliff_export = command(
        "xliff-export",
        "write an XLIFF file per document and target language for a translation tool",
    )
    xliff_export.add_argument(
        "documents", nargs="*", metavar="DOC", help="only these documents (their ids)"
    )
    xliff_export.add_argument(
        "--only",
        default="all",
        metavar="LIST",
        help="which units: new (no translation yet), stale (the English changed since "
        "approval), review (marked for review), or all (default); e.g. new,stale",
    )
    xliff_export.add_argument(
        "--version",
        choices=("2.1", "1.2"),
        default="2.1",
        help="XLIFF 2.1 (default) or 1.2, for tools that read only 1.2",
    )
    xliff_export.add_argument(
        "--out", default="xliff", metavar="DIR", help="where the files go (default: ./xliff)"
    )
    xliff_import = command(
        "xliff-import",
        "check an XLIFF file from a translation tool and show (or, with --apply, write) its "
        "changed translations",
    )
    xliff_import.add_argument("file", metavar="FILE", help="the XLIFF file")
    xliff_import.add_argument(
        "--apply", action="store_true", help="write the changes into the content files"
    )
    xliff_import.add_argument(
        "--author",
        type=_text,
        metavar="NAME",
        help="the author of the notes the file adds (default: a 1.2 note's from, else git's "
        "user.name)",
    )
    export_cmd = command(
        "review-export",
        "write a bilingual review file (.docx) per document and target language, for a "
        "reviewer to edit the translation and comment in Word or LibreOffice",
    )
    export_cmd.add_argument(
        "documents", nargs="*", metavar="DOC", help="only these documents (their ids)"
    )
    export_cmd.add_argument(
        "--only",
        type=_only,
        default="all",
        metavar="LIST",
        help="which units: all (default), findings, stale, review, or a comma list "
        "(findings,review)",
    )
    export_cmd.add_argument(
        "--out", default="review", metavar="DIR", help="where the files go (default: ./review)"
    )
    export_cmd.add_argument(
        "--templates",
        default="templates",
        metavar="DIR",
        help="the templates folder with the label catalogs (default: ./templates)",
    )
    import_cmd = command(
        "review-import",
        "read a review file back: show the changed translations and new comments, and with "
        "--apply write them into the content",
    )
    import_cmd.add_argument("file", metavar="FILE", help="the edited review file (.docx)")
    import_cmd.add_argument(
        "--apply", action="store_true", help="write the changes (default: only show them)"
    )
    import_cmd.add_argument(
        "--author",
        type=_text,
        metavar="NAME",
        help="the author of the review notes (default: the file's last author, else git's "
        "user.name)",
    )
    build_cmd = command(
        "build", "check, then build every edition of each document whose checks pass"
    )
    build_cmd.add_argument(
        "documents", nargs="*", metavar="DOC", help="build only these documents (their ids)"
    )
    build_cmd.add_argument(
        "--templates",
        default="templates",
        metavar="DIR",
        help="the templates folder (default: ./templates)",
    )
    build_cmd.add_argument(
        "--out", default="build", metavar="DIR", help="where the editions go (default: ./build)"
    )
    build_cmd.add_argument(
        "--wait",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait while another build writes the same folder (default: 60)",
    )
    build_cmd.add_argument(
        "--force",
        action="store_true",
        help="build every edition again, even those whose inputs are unchanged",
    )
    build_cmd.add_argument(
        "--format",
        metavar="LIST",
        help="build only these formats, e.g. pdf,docx (default: every "
        "registered writer: html, pdf, docx, md)",
    )
    build_cmd.add_argument(
        "--report",
        choices=("text", "json"),
        default="text",
        help="how the problems and the summary are printed: text (default) or json",
    )
    serve_cmd = command(
        "serve",
        "serve the HTML editions and a review page per document on 127.0.0.1, rebuilt "
        "whenever the content changes (read-only)",
    )
    serve_cmd.add_argument(
        "--port",
        type=_port,
        default=8000,
        metavar="N",
        help="the port on 127.0.0.1 (default: 8000; 0: any free port)",
    )
    serve_cmd.add_argument(
        "--templates",
        default="templates",
        metavar="DIR",
        help="the templates folder (default: ./templates)",
    )
    release_cmd = command(
        "release",
        "publish a document: check it against the release gate, build every edition as "
        "released and write release/<doc>/<version>/ with a manifest and SHA256SUMS",
    )
    release_cmd.add_argument(
        "document", type=_text, metavar="DOC", help="the document to release (its id)"
    )
    release_cmd.add_argument(
        "--version",
        type=_text,
        required=True,
        metavar="V",
        help="the version: 1, 1.0, 1.0.2, 1.0-rc.1",
    )
    release_cmd.add_argument(
        "--accept",
        type=_text,
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="release these units with their open review notes (recorded in the manifest)",
    )
    release_cmd.add_argument(
        "--date",
        type=_text,
        metavar="YYYY-MM-DD",
        help="the release date (default: the date of the content's last commit)",
    )
    release_cmd.add_argument(
        "--any-date",
        action="store_true",
        help="accept a --date more than a year before or ten years after the document's own",
    )
    release_cmd.add_argument(
        "--out", default="release", metavar="DIR", help="the releases folder (default: ./release)"
    )
    release_cmd.add_argument(
        "--templates",
        default="templates",
        metavar="DIR",
        help="the templates folder (default: ./templates)",
    )
    verify_cmd = command(
        "verify", "check a release folder against its manifest.json and SHA256SUMS"
    )
    verify_cmd.add_argument("folder", metavar="DIR", help="the release folder")
    verify_cmd.add_argument(
        "--strict",
        action="store_true",
        help="fail too when a content file of the release changed since (inside the project)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command. Whatever happens, the result is an exit code and located lines,
    never a traceback: Ctrl-C and SIGTERM end it with one line (exit 130, 143), a file
    that cannot be read or written is named (exit 2). Once a command has started to switch
    in what it wrote, a signal waits until it has said what it did."""
    previous = _handlers()
    try:
        interrupts.install()
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse has printed the usage message
            return EXIT_USAGE if exc.code else EXIT_OK
        code = _run(args)
        signum = interrupts.held()
        if signum is not None:
            sys.stdout.flush()
            print(interrupts.said_after(signum), file=sys.stderr)
        return code
    except (KeyboardInterrupt, interrupts.Terminated) as stop:
        terminated = isinstance(stop, interrupts.Terminated)
        word = "terminated" if terminated else "interrupted"
        if interrupts.committed():
            print(f"diglot: {word}; what was already written is complete", file=sys.stderr)
        else:
            print(f"diglot: {word}", file=sys.stderr)
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head); say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
    except OSError as exc:
        print(_os_error_line(exc), file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a fault of diglot's own: one line, the traceback on request
        if os.environ.get("DIGLOT_DEBUG"):
            raise
        print(
            f"diglot: internal error: {type(exc).__name__}: {exc} (please report this; "
            "DIGLOT_DEBUG=1 shows where it happened)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    finally:
        interrupts.finish()
        _restore(previous)


def _handlers() -> dict:
    """The handlers of SIGINT and SIGTERM before the command (restored after it: a test or
    a program that calls main() keeps its own)."""
    return {signum: signal.getsignal(signum) for signum in interrupts.EXIT}


def _restore(previous: dict) -> None:
    try:
        for signum, handler in previous.items():
            if handler is not None:
                signal.signal(signum, handler)
    except ValueError:  # not the main thread: nothing was changed
        pass


def _os_error_line(exc: OSError) -> str:
    """An error of the operating system as a located line: the file, what went wrong and
    what to do about it (a full disk, a read-only file system)."""
    from .files import NotReadable, os_reason

    if isinstance(exc, NotReadable) and exc.kind not in ("denied", "io"):
        why = f"it {exc.reason}"
    else:
        why = os_reason(exc)
    if exc.filename is None:
        return f"diglot: error: {why} [io.error]"
    path = display_path(os.fsdecode(exc.filename))
    return f"{path}:1:1: error: cannot use this file or folder: {why} [io.error]"


def _run(args: argparse.Namespace) -> int:
    content_dir = Path(args.content)
    if args.command == "verify":  # a release folder is checked wherever it is
        return verify(args, content_dir)
    if args.command != "types":
        problem = content_folder_problem(content_dir)
        if problem:
            print(f"diglot: error: {problem}", file=sys.stderr)
            return EXIT_USAGE
        if args.command in ("build", "serve", "release") and not Path(args.templates).is_dir():
            print(
                f"diglot {args.command}: error: no templates folder at "
                f"'{display_path(str(args.templates))}'; run from the project folder or pass "
                "--templates DIR",
                file=sys.stderr,
            )
            return EXIT_USAGE
    command = {
        "check": check,
        "checks": list_checks,
        "types": list_types,
        "approve": approve,
        "review": review,
        "status": status,
        "xliff-export": xliff_export,
        "xliff-import": xliff_import,
        "review-export": review_export,
        "review-import": review_import,
        "build": build,
        "serve": serve,
        "release": release,
    }[args.command]
    return command(args, content_dir)


def content_folder_problem(content_dir: Path) -> str | None:
    """Why the content folder cannot be used, if it cannot: missing, a broken link, no
    language folder, or (through a link) outside the project folder whose settings, types
    and languages the run would use."""
    from .config import project_root

    shown = display_path(str(content_dir))
    # a folder that cannot be read raises OSError: main() reports it as one located line
    children = list(content_dir.iterdir()) if content_dir.is_dir() else None
    if children is None and content_dir.is_symlink():
        return (
            f"the content folder '{shown}' is a link to '{os.readlink(content_dir)}', which "
            "does not exist (or loops back on itself)"
        )
    if not children or not any(c.is_dir() and not c.name.startswith(".") for c in children):
        return (
            f"'{shown}' has no language folder (such as en/ and zh/); run from the project "
            "folder or pass --content DIR"
        )
    root = project_root(content_dir)
    real = content_dir.resolve()
    if not real.is_relative_to(root.resolve()):
        return (
            f"the content folder '{shown}' leads to {real}, outside the project folder "
            f"{root} whose diglot.toml, types/ and languages/ would be used; put the content "
            "folder inside its project (or run from the project that holds it)"
        )
    return None


def check(args: argparse.Namespace, content_dir: Path) -> int:
    from . import pipeline
    from .checks import registry
    from .executor import default_workers
    from .provenance import git_source_text

    reporter = Reporter()
    checks = registry()
    checked = pipeline.check(
        content_dir,
        reporter,
        source_text=git_source_text(Path.cwd()),
        jobs=args.jobs or default_workers(),
        only=args.documents or None,
    )
    if checked.unknown:
        return _unknown_documents("check", checked.unknown, checked.known)
    run = checked.run
    errors = len(reporter.errors)
    warnings = len(reporter.diagnostics) - errors
    units = len(run.unit_ids)
    failed = errors or (args.strict and warnings)
    diagnostics = reporter.diagnostics
    if args.format == "json":
        sys.stdout.write(
            report.to_json(
                diagnostics,
                {
                    "documents": run.documents,
                    "unit_pairs": units,
                    "errors": errors,
                    "warnings": warnings,
                    "marked_for_review": run.flagged,
                    "files_not_loaded": [display_path(path) for path in run.unloaded],
                    "passed": not failed,
                },
            )
        )
    elif args.format == "sarif":
        from . import __version__

        sys.stdout.write(report.to_sarif(diagnostics, checks, __version__))
    elif args.format == "junit":
        sys.stdout.write(report.to_junit(diagnostics, run.unit_ids, args.strict))
    else:
        colour = args.color == "always" or (
            args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        )
        sys.stdout.write(report.to_text(diagnostics, colour))
        print(summary(run.documents, units, errors, warnings, run.flagged, run.unloaded))
    for why, ids in run.skipped.items():  # once per reason, whatever the format
        names = " and ".join(", ".join(ids).rsplit(", ", 1))
        print(f"diglot check: note: {names} did not run: {why}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def list_checks(args: argparse.Namespace, content_dir: Path) -> int:
    from .checks import registry

    for item in registry():
        print(f"{item.id:<24} {item.severity:<8} {item.title}")
    return EXIT_OK


def approve(args: argparse.Namespace, content_dir: Path) -> int:
    from .approve import approve as approve_units
    from .approve import format_changes

    if bool(args.ids) == args.all:
        print("diglot approve: name the unit ids to approve, or --all", file=sys.stderr)
        return EXIT_USAGE
    reporter = Reporter()
    changes = approve_units(
        content_dir, None if args.all else args.ids, args.dry_run, reporter, args.unchanged
    )
    sys.stdout.write(reporter.to_text())
    refused = [d for d in reporter.errors if d.code == "approve.unchanged"]
    if len(refused) < len(reporter.errors):
        return EXIT_PROBLEMS
    sys.stdout.write(format_changes(changes, args.dry_run, len(refused)))
    return EXIT_PROBLEMS if refused else EXIT_OK


def _unknown_documents(command: str, unknown: list[str], known: list[str]) -> int:
    """A document id that names no document: a usage error with the nearest id."""
    from .suggest import did_you_mean

    for doc_id in unknown:
        hint = did_you_mean(doc_id, known)
        print(
            f"diglot {command}: error: no document '{printable(doc_id)}'"
            + (
                hint
                if hint
                else f"; the documents are {', '.join(known)}"
                if known
                else "; the project has no documents"
            ),
            file=sys.stderr,
        )
    return EXIT_USAGE


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _some(items: list[str], shown: int = 3) -> str:
    """The first few of a list, then how many more."""
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")


def summary(
    documents: int,
    units: int,
    errors: int,
    warnings: int,
    flagged: int,
    unloaded: list[str] | tuple[str, ...] = (),
) -> str:
    found = (
        "no problems"
        if not errors + warnings
        else ", ".join(
            _count(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n
        )
    )
    review_note = (
        f"; {_count(flagged, 'unit')} marked for review (diglot review lists them)"
        if flagged
        else ""
    )
    if unloaded:
        checked = f"{_count(documents, 'document')} checked" + (
            f", {units} aligned units" if documents else ""
        )
        files = _some([display_path(path) for path in unloaded])
        return (
            f"diglot check: {checked}, {_count(len(unloaded), 'file')} could not be loaded "
            f"({files}): {found}{review_note}"
        )
    return (
        f"diglot check: {_count(documents, 'document')}, "
        f"{units} aligned units: {found}{review_note}"
    )


def review(args: argparse.Namespace, content_dir: Path) -> int:
    reporter = Reporter()
    project = load_project(content_dir, reporter)
    sys.stdout.write(reporter.to_text())
    seen = set()
    for pair in project.documents if project else ():
        for document in (pair.source, pair.target):
            if document.path in seen:
                continue
            seen.add(document.path)
            for unit in document.units():
                for note in unit.notes:
                    if args.status != "all" and note.status != args.status:
                        continue
                    if args.author is not None and note.author != args.author:
                        continue
                    who = ", ".join(x for x in (note.author, note.date) if x)
                    status = "" if note.open else " (resolved)"
                    print(
                        f"{note.location}: review: {unit.id}{status}: {note.text}"
                        + (f" ({who})" if who else "")
                    )
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK


def status(args: argparse.Namespace, content_dir: Path) -> int:
    """The status table; the run's errors (not its warnings) above it."""
    import json

    from .status import project_status, to_rows, to_table

    reporter = Reporter()
    found = project_status(content_dir, reporter, only=args.documents or None)
    checked = found.checked
    if checked.unknown:
        return _unknown_documents("status", checked.unknown, checked.known)
    rows = to_rows(found)
    errors = reporter.errors
    if args.format == "json":
        sys.stdout.write(json.dumps({"documents": rows, "errors": len(errors)}, indent=2) + "\n")
    else:
        sys.stdout.write(report.to_text(errors))
        sys.stdout.write(to_table(rows) if rows else "no document could be loaded\n")
    return EXIT_PROBLEMS if errors else EXIT_OK


def _export_folder_problem(command: str, out: Path, content_dir: Path) -> bool:
    """Say so (and return True) when an export's folder lies in the content folder: the
    files sent to translators and reviewers are not content."""
    real, content = os.path.realpath(out), os.path.realpath(content_dir)
    if real == content or real.startswith(content + os.sep):
        print(
            f"diglot {command}: error: --out {display_path(str(out))} lies inside the content "
            f"folder {display_path(str(content_dir))}; give the exported files a folder of "
            "their own",
            file=sys.stderr,
        )
        return True
    return False


def xliff_export(args: argparse.Namespace, content_dir: Path) -> int:
    """One XLIFF file per document and target language that has a unit to export."""
    from .status import project_status
    from .xliff import ONLY, export

    if _export_folder_problem("xliff-export", Path(args.out), content_dir):
        return EXIT_USAGE

    only = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = [x for x in only if x not in ONLY]
    if unknown or not only:
        print(
            f"diglot xliff-export: error: --only takes a comma-separated list of "
            f"{', '.join(ONLY)}; not {', '.join(unknown) or 'nothing'}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    reporter = Reporter()
    found = project_status(content_dir, reporter, only=args.documents or None)
    checked = found.checked
    if checked.unknown:
        return _unknown_documents("xliff-export", checked.unknown, checked.known)
    loaded = {d.doc_id for d in found.documents}
    failed = [
        d
        for d in reporter.errors
        if d.unit is None
        and not any(d.location.path in (x.source.path, x.target.path) for x in found.documents)
    ]
    written = export(found, Path(args.out), only, args.version, reporter)
    failed += [d for d in reporter.errors if d.code.startswith("xliff.")]
    sys.stdout.write(report.to_text(failed))
    for path, units in written:
        print(f"wrote {display_path(str(path))} ({_count(units, 'unit')})")
    if not written:
        print(
            "diglot xliff-export: no unit to export"
            + (f" (--only {args.only})" if args.only != "all" else "")
            + ("" if loaded else "; no document could be loaded")
        )
    return EXIT_PROBLEMS if failed or not loaded else EXIT_OK


def xliff_import(args: argparse.Namespace, content_dir: Path) -> int:
    """Validate an XLIFF file against the content; show its changes; --apply writes them."""
    from .status import project_status
    from .xliff import read_import

    path = Path(args.file)

    def status_of(doc_id: str):  # the document the file names only (an unknown id: none)
        return project_status(content_dir, Reporter(), only=[doc_id])

    reporter = Reporter()
    from .provenance import git_source_text

    default_author = None if args.author else git_source_text(Path.cwd()).user_name()
    imported = read_import(path, status_of, reporter, args.author, default_author)
    if imported is None:
        sys.stdout.write(reporter.to_text())
        print(f"diglot xliff-import: {_count(len(reporter.errors), 'error')}; nothing was written")
        unreadable = any(d.code == "xliff.unreadable" for d in reporter.errors)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    if not imported.text_edits and not imported.note_edits:
        print(f"diglot xliff-import: {_count(imported.units, 'unit')} read, nothing to change")
        return EXIT_OK
    from . import edits

    plan = edits.plan(
        content_dir, imported.text_edits, imported.note_edits, reporter, "xliff-import"
    )
    sys.stdout.write(reporter.to_text())
    if plan is None:
        print(f"diglot xliff-import: {_count(len(reporter.errors), 'error')}; nothing was written")
        return EXIT_PROBLEMS
    sys.stdout.write(plan.preview())
    read = _count(imported.units, "unit")
    notes = f", {_count(len(imported.note_edits), 'new note')}" if imported.note_edits else ""
    changed = (
        f"{_count(len(imported.text_edits), 'changed translation')}{notes}"
        if plan.edits
        else "nothing to change"
    )
    if not args.apply or plan.empty:
        print(
            f"diglot xliff-import: {read} read, {changed}"
            + ("; nothing was written (--apply writes the changes)" if plan.edits else "")
        )
        return EXIT_OK
    reporter = Reporter()
    done = plan.apply(reporter, "xliff-import")
    sys.stdout.write(report.to_text(reporter.diagnostics))
    if not done:
        print(f"diglot xliff-import: {read} read; the changes could not all be written")
        return EXIT_USAGE
    errors = len(reporter.errors)
    imported_ids = {e.unit_id for e in imported.text_edits}
    stale = sorted(
        {d.unit for d in reporter.errors if d.code == "qa.stale" and d.unit in imported_ids},
        key=str,
    )
    print(
        f"diglot xliff-import: {read} read, wrote {_count(len(plan.edits), 'file')} (each "
        "previous version kept as .bak)"
        + (f"; the checks now find {_count(errors, 'error')}" if errors else "")
        + (
            f"; once the new translations are reviewed, `approve {' '.join(map(str, stale))}` "
            "records the English they were made from"
            if stale
            else ""
        )
    )
    return EXIT_PROBLEMS if errors else EXIT_OK


def review_export(args: argparse.Namespace, content_dir: Path) -> int:
    from .reviewfile import export

    if _export_folder_problem("review-export", Path(args.out), content_dir):
        return EXIT_USAGE
    if not Path(args.templates).is_dir():
        print(
            f"diglot review-export: error: no templates folder at "
            f"'{display_path(str(args.templates))}' (it holds the label catalogs); run from "
            "the project folder or pass --templates DIR",
            file=sys.stderr,
        )
        return EXIT_USAGE
    reporter = Reporter()
    written, skipped, found = export(
        content_dir,
        args.documents or None,
        set(args.only.split(",")),
        Path(args.out),
        Path(args.templates),
        reporter,
    )
    checked = found.checked
    if checked.unknown:
        return _unknown_documents("review-export", checked.unknown, checked.known)
    sys.stdout.write(reporter.to_text())
    for path in written:
        print(f"wrote {display_path(str(path))}")
    for name in skipped:
        print(f"{name}: no unit to review (--only {args.only}); no file written")
    if not written and not skipped and not reporter.errors:
        print("diglot review-export: no document to export")
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK


def review_import(args: argparse.Namespace, content_dir: Path) -> int:
    from .reviewfile import import_review

    reporter = Reporter()
    found = import_review(content_dir, Path(args.file), args.author, reporter)
    if found is None:
        sys.stdout.write(reporter.to_text())
        unreadable = any(d.code == "io.error" for d in reporter.errors)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    sys.stdout.write(report.to_text(reporter.diagnostics))  # warnings (the English changed)
    shown = display_path(args.file)
    preview = found.preview()
    sys.stdout.write(preview)
    if found.empty:
        print(f"{shown}: no change to import")
        return EXIT_OK
    if not args.apply:
        print(f"{shown}: {len(found.shown)} changes shown; nothing written (--apply writes them)")
        return EXIT_OK
    checks = Reporter()
    written = found.apply(checks, "review-import")
    sys.stdout.write(checks.to_text())
    if not written:
        return EXIT_USAGE
    files = ", ".join(display_path(e.path) for e in found.edits)
    print(
        f"{shown}: applied {len(found.shown)} changes to {files}; each file's previous version "
        "is kept beside it as <file>.bak"
    )
    return EXIT_PROBLEMS if checks.errors else EXIT_OK


def list_types(args: argparse.Namespace, content_dir: Path) -> int:
    """Each type: its description, title-block fields, body lists and kinds of unit."""
    from .project import project_setup

    reporter = Reporter()
    setup = project_setup(content_dir, reporter)
    types = setup.types if setup else None
    lines = []
    for name, doc_type in ((n, types.get(n)) for n in types.files) if types else ():
        if doc_type is None:
            continue
        lines.append(f"{name}: {doc_type.description}")
        title = ", ".join(
            f"{f.name}{'' if f.required else '?'}{' (per language)' if f.per_language else ''}"
            for f in doc_type.title
        )
        lines.append(f"  title-block: {title}")
        for child in doc_type.body:
            lines.append(f"  {child.key}{'' if child.required else '?'}: {' | '.join(child.kinds)}")
        for kind in doc_type.kinds.values():
            fields = ", ".join(f.name + ("" if f.required else "?") for f in kind.fields)
            inner = "; ".join(f"{c.key}: {' | '.join(c.kinds)}" for c in kind.children)
            number = (
                f" numbered {kind.numbering.style} ({kind.numbering.scope})"
                if kind.numbering
                else ""
            )
            lines.append(
                f"    {kind.name} [{kind.role}]{number}"
                f"{f' fields {fields}' if fields else ''}"
                f"{f' holds {inner}' if inner else ''}"
            )
        if doc_type.closing:
            lines.append(f"  closing: {doc_type.closing}")
    sys.stdout.write(reporter.to_text() + "".join(line + "\n" for line in lines))
    return EXIT_PROBLEMS if reporter.errors else EXIT_OK


def build(args: argparse.Namespace, content_dir: Path) -> int:
    from . import pipeline

    reporter = Reporter()
    formats = None
    if args.format:
        from . import writers  # imported by build only: check never needs the writers

        formats = [name.strip() for name in args.format.split(",") if name.strip()]
        unknown = [name for name in formats if name not in writers.names()]
        if unknown or not formats:
            print(
                f"diglot build: error: --format takes a comma-separated list of "
                f"{', '.join(writers.names())}; not {', '.join(unknown) or 'nothing'}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    from .output import OutputError, check_target

    built = pipeline.Built(stopped=True)
    try:  # before the editions are rendered: a folder that cannot take them fails now
        check_target(Path(args.out), (content_dir, Path(args.templates)))
    except OutputError as error:
        reporter.diagnostics.append(error.diagnostic())
    else:
        progress = _Progress() if sys.stderr.isatty() else None
        try:
            built = pipeline.build_documents(
                content_dir,
                Path(args.templates),
                Path(args.out),
                reporter,
                formats,
                wait=args.wait,
                only=args.documents or None,
                progress=progress,
                incremental="record" if args.force else "reuse",
            )
        finally:
            if progress is not None:
                progress.close()
    if built.unknown:
        return _unknown_documents("build", built.unknown, built.known)
    errors = len(reporter.errors)
    failed = (
        EXIT_USAGE
        if all(d.code.startswith(ENVIRONMENT_CODES) for d in reporter.errors)
        else EXIT_PROBLEMS
    )
    code = failed if built.stopped or errors else EXIT_OK
    pdfs = formats is None or "pdf" in formats
    typography = None
    if pdfs:
        typography = typography_counts(reporter.diagnostics, args_settings(content_dir))
    if args.report == "json":
        sys.stdout.write(
            report.to_json(
                reporter.diagnostics,
                {
                    "errors": errors,
                    "warnings": len(reporter.diagnostics) - errors,
                    "written": {
                        doc_id: [str(path) for path in paths]
                        for doc_id, paths in built.written.items()
                    },
                    "up_to_date": {
                        doc_id: [str(path) for path in paths]
                        for doc_id, paths in built.current.items()
                    },
                    "refused": {
                        doc_id: sorted({d.code for d in found})
                        for doc_id, found in built.refused.items()
                    },
                    "nothing_written": bool(built.stopped or (errors and not built.refused)),
                    "typography": typography,
                    "passed": code == EXIT_OK,
                },
            )
        )
        return code
    sys.stdout.write(report.to_text(reporter.diagnostics))
    out = display_path(args.out)
    for doc_id, paths in built.current.items():
        print(
            f"up to date {doc_id} ({_count(len(paths), 'file')} in {out}/{doc_id}/): "
            "nothing it is made from changed since it was built"
        )
    for doc_id, paths in built.written.items():  # memo.en.html is shown as en.html
        names = ", ".join(path.name[len(doc_id) + 1 :] for path in paths)
        print(f"wrote {doc_id} ({_count(len(paths), 'file')} in {out}/{doc_id}/): {names}")
    if typography is not None and (built.written or built.current):
        print(typography_line(typography))
    if built.stopped or (errors and not built.refused):
        print(f"diglot build: {_count(errors, 'error')}; nothing was written")
        return failed
    files = len(built.files)
    wrote = (
        f"{_count(files, 'file')} in {out}/"
        + (f" for {_count(len(built.written), 'document')}" if built.refused else "")
        if files
        else "nothing was written"
    )
    if built.current:
        current = sum(len(paths) for paths in built.current.values())
        wrote += (
            f"; {_count(current, 'file')} up to date"
            if files
            else (f": {_count(current, 'file')} up to date")
        )
    if not built.refused:
        print(f"diglot build: {wrote}")
        return EXIT_OK
    refused = "; ".join(
        f"{doc_id} ({_count(len(found), 'error')}: "
        f"{_some(list(dict.fromkeys(d.code for d in found)))})"
        for doc_id, found in built.refused.items()
    )
    print(
        f"diglot build: {_count(errors, 'error')}; {wrote}; refused "
        f"{_count(len(built.refused), 'document')} whose checks failed: {refused}"
    )
    return failed


def args_settings(content_dir: Path) -> dict[str, str]:
    """The severities the project's diglot.toml sets (read again; reported by the build)."""
    from .checks import registry
    from .config import project_root
    from .qa import CONFIG_FILE, load_settings

    return load_settings(project_root(content_dir) / CONFIG_FILE, registry(), Reporter()).severity


def typography_counts(diagnostics, severity: dict[str, str]) -> dict[str, int | str]:
    """The typographic lint's findings per rule (diglot/typorules.py), "off" for a rule the
    project turned off."""
    from .typorules import RULES

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
    return f"typography: {_count(total, 'finding')} in the PDFs ({shown})"


class _Progress:
    """On a terminal, once a build has taken a second: which editions are being written, and
    how many of them are done (rich, on stderr; gone when the build ends)."""

    DELAY = 1.0  # seconds before anything is shown

    def __init__(self) -> None:
        import threading
        import time

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.display = Progress(
            TextColumn("diglot build: writing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.display.add_task("", total=0)
        self.running: list[str] = []
        self.lock = threading.Lock()
        self.created = time.monotonic()
        self.timer: threading.Timer | None = None

    def planned(self, names: list[str]) -> None:
        """The display's threads start now, once the build has started its worker
        processes: a process forked while another thread runs may deadlock."""
        import threading
        import time

        self.display.update(self.task, total=len(names))
        if self.timer is None:
            wait = max(0.0, self.DELAY - (time.monotonic() - self.created))
            self.timer = threading.Timer(wait, self.display.start)
            self.timer.daemon = True
            self.timer.start()

    def started(self, name: str) -> None:
        with self.lock:
            self.running.append(name.rsplit("/", 1)[-1])
            self._show()

    def finished(self, name: str) -> None:
        with self.lock:
            short = name.rsplit("/", 1)[-1]
            if short in self.running:
                self.running.remove(short)
            self.display.advance(self.task)
            self._show()

    def _show(self) -> None:
        self.display.update(self.task, description=", ".join(self.running))

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.display.stop()


def serve(args: argparse.Namespace, content_dir: Path) -> int:
    """Serve until Ctrl-C (exit 130, through main) or SIGTERM (143)."""
    from .serve import PortInUse
    from .serve import serve as run

    try:
        run(content_dir, Path(args.templates), args.port)
    except PortInUse:
        print(
            f"diglot serve: error: port {args.port} on 127.0.0.1 is in use (another server?); "
            "choose another with --port N, or --port 0 for any free port",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return EXIT_OK


def release(args: argparse.Namespace, content_dir: Path) -> int:
    """The gate, then the release folder; every reason it is refused, grouped."""
    from .release import ReleaseError, format_refusal
    from .release import release as publish

    progress = _Progress() if sys.stderr.isatty() else None
    try:
        done = publish(
            args.document,
            args.version,
            content_dir=content_dir,
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
    finally:
        if progress is not None:
            progress.close()
    if done.unknown:
        return _unknown_documents("release", done.unknown, done.known)
    if done.folder is None:
        sys.stdout.write(format_refusal(done))
        machine = all(r.code.startswith(ENVIRONMENT_CODES) for r in done.reasons)
        return EXIT_USAGE if machine and done.reasons else EXIT_PROBLEMS
    for note in done.accepted:
        who = ", ".join(x for x in (note["author"], note["date"]) if x)
        print(
            f"{note['file']}:{note['line']}:{note['column']}: accepted review note: unit '{note['unit']}': "
            f"{note['text']}" + (f" ({who})" if who else "")
        )
    if done.dirty:
        print(
            "note: the content or the templates have changes not committed to git: the "
            'release is not the content\'s last commit (manifest.json says "dirty": true)'
        )
    folder = display_path(str(done.folder))
    print(
        f"released {done.doc_id} {done.version} ({done.date}) in {folder}/: "
        f"{_count(len(done.files), 'edition')}, manifest.json, SHA256SUMS"
    )
    return EXIT_OK


def verify(args: argparse.Namespace, content_dir: Path) -> int:
    """A release folder against its manifest and sums; the content, inside the project."""
    from .release import verify as check_folder

    folder = Path(args.folder)
    if not folder.is_dir():
        print(
            f"diglot verify: error: no release folder at '{display_path(str(folder))}'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    project = content_dir if content_folder_problem(content_dir) is None else None
    found = check_folder(folder, project)
    sys.stdout.write("".join(d.format() + "\n" for d in found))
    errors = sum(1 for d in found if d.severity == "error")
    warnings = len(found) - errors
    shown = display_path(str(folder))
    if errors or (args.strict and warnings):
        print(
            f"diglot verify: {shown}: {_count(errors, 'error')}"
            + (f", {_count(warnings, 'warning')}" if warnings else "")
        )
        unreadable = any(d.code == "verify.unreadable" for d in found)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    print(
        f"diglot verify: {shown}: every file is as released"
        + (f" ({_count(warnings, 'warning')})" if warnings else "")
    )
    return EXIT_OK
