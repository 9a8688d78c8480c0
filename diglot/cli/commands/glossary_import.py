"""`diglot glossary-import`: terms from a TBX, CSV or OmegaT glossary file shown as changes
to content/glossary.yaml, and with --apply written into it as text (comments kept)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import Location, Reporter, display_path, echoed
from .. import options
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count, say

NAME = "glossary-import"
ORDER = 86
HELP = (
    "show the terms a TBX, CSV or OmegaT glossary file adds or changes in the glossary, and "
    "with --apply write them"
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="a TBX file, a CSV file with a header row, or OmegaT's tab-separated glossary "
        "(glossary/glossary.txt of an OmegaT project)",
    )
    parser.add_argument("--apply", action="store_true", help="write the changes")
    parser.add_argument(
        "--target",
        metavar="TAG",
        help="the target language of a file that does not say (OmegaT's glossary), when the "
        "project has several",
    )


def run(args: argparse.Namespace) -> int:
    from ...files import NotReadable, read_bytes
    from ...fileset import check_writable, replace_together
    from ...project import GLOSSARY_FILE
    from ...source import MAX_BYTES
    from ...tm import Unreadable, read_file
    from ...tm.glossaryedit import merge

    reporter = Reporter()
    project, failed = options.open_project(args, NAME, reporter)
    if failed is not None:
        return failed
    if project is None:
        sys.stdout.write(reporter.to_text())
        return EXIT_PROBLEMS
    languages = project.languages
    targets = languages.targets
    if args.target is not None:
        profile = languages.matching(args.target)
        if profile is None or profile not in targets:
            say(
                f"diglot {NAME}: error: --target {echoed(args.target)} is not one of the project's "
                f"target languages ({', '.join(p.tag for p in targets)})",
            )
            return EXIT_USAGE
        targets = (profile,)
    path = Path(args.file)
    shown = display_path(args.file)
    entries = None
    for target in targets:  # the target language the file has terms in
        try:
            found = read_file(
                path,
                lambda tag: languages.matching(tag) is languages.source,
                lambda tag, t=target: languages.matching(tag) is t,
            )
        except Unreadable as exc:
            print(f"{shown}:{exc.line}:1: error: {exc} [glossary-import.file]")
            return EXIT_USAGE if exc.usage else EXIT_PROBLEMS
        if found.entries or target is targets[-1]:
            entries, profile = found, target
            break
    assert entries is not None
    if len(targets) > 1 and path.suffix.lower() not in (".tbx", ".csv", ".xml"):
        say(
            f"diglot {NAME}: error: the file does not say its languages; name the target "
            f"language with --target ({', '.join(p.tag for p in targets)})",
        )
        return EXIT_USAGE
    for line, message in entries.problems:
        reporter.error("glossary-import.entry", message, Location(str(path), line, 1))
    glossary = project.content_dir / GLOSSARY_FILE
    if project.glossary_problems:
        reporter.diagnostics.extend(project.glossary_problems)
        sys.stdout.write(reporter.to_text())
        print(
            f"diglot {NAME}: the glossary has errors (above); fix them first; nothing was written"
        )
        return EXIT_PROBLEMS
    original: bytes | None = None
    held = project.texts.get(str(glossary))  # the bytes the project read and checked
    if held is not None and held.raw is not None:
        original = held.raw
    elif glossary.exists():
        try:
            original = read_bytes(glossary, MAX_BYTES, within=project.root)
        except NotReadable as exc:
            print(f"{display_path(str(glossary))}:1:1: error: the file {exc.reason} [io.error]")
            return EXIT_USAGE
    text = original.decode("utf-8-sig") if original is not None else None
    bom = b"\xef\xbb\xbf" if original is not None and original.startswith(b"\xef\xbb\xbf") else b""
    try:
        merged = merge(
            str(glossary),
            text,
            entries.entries,
            languages.source.tag,
            profile.tag,
            tuple(p.tag for p in languages.targets),
            any(p.bidi_controls for p in languages.all),
        )
    except ValueError as exc:
        reporter.error(
            "glossary-import.internal",
            f"internal error: the import would damage the glossary ({exc}); nothing was "
            "written. Please report this.",
            Location(str(glossary)),
        )
        sys.stdout.write(reporter.to_text())
        return EXIT_PROBLEMS
    for entry, why in merged.refused:
        reporter.error(
            "glossary-import.entry",
            f"'{entry.source}': {why}",
            Location(str(path), entry.line, 1),
        )
    if merged.shown:
        reporter.diagnostics.extend(_impact(project, str(glossary), merged.text))
    sys.stdout.write(reporter.to_text())
    where = display_path(str(glossary))
    for change in merged.shown:
        print(f"{where}: {change}")
    total = len(entries.entries)
    read = f"{total} {'entry' if total == 1 else 'entries'}"
    changes = count(len(merged.shown), "change")
    code = EXIT_PROBLEMS if reporter.errors else EXIT_OK
    if not merged.shown:
        print(f"diglot {NAME}: {shown}: {read} read, nothing to change")
        return code
    if not args.apply:
        print(
            f"diglot {NAME}: {shown}: {read} read, {changes}; nothing was written (--apply writes them)"
        )
        return code
    written = Reporter()
    if original is not None:
        check_writable(glossary, written, NAME, "to import terms into it")
    done = not written.errors and replace_together(
        [(str(glossary), original, bom + merged.text.encode("utf-8"))], written, NAME
    )
    sys.stdout.write(written.to_text())
    if not done:
        print(f"diglot {NAME}: {shown}: nothing was written")
        return (
            EXIT_USAGE if any(d.code.endswith(".write") for d in written.errors) else EXIT_PROBLEMS
        )
    kept = " (its previous version kept as glossary.yaml.bak)" if original is not None else ""
    print(f"diglot {NAME}: {shown}: {read} read, {changes}; wrote {where}{kept}")
    return code


TERM_CHECKS = ("qa.term", "qa.term-forbidden", "qa.protected")


def _impact(project, path: str, text: str) -> list:
    """What the changed glossary makes the term checks find that they do not find now: each
    unit whose translation uses a rendering the import replaces, said at the unit as a
    warning (glossary-import.impact), so the import names what it would put in question."""
    import dataclasses

    from ...diagnostics import Diagnostic
    from ...glossary import load_glossary
    from ...pipeline import check
    from ...source import source_from_text

    languages = project.languages
    new = load_glossary(
        path,
        Reporter(),
        languages.source.tag,
        tuple(p.tag for p in languages.targets),
        any(p.bidi_controls for p in languages.all),
        source_from_text(path, text),
    )
    if new is None:
        return []

    def term_findings(glossary) -> list[Diagnostic]:
        opened = dataclasses.replace(project, glossary=glossary, pairs=None)
        found = check(opened, Reporter()).diagnostics
        return [d for d in found if d.code in TERM_CHECKS]

    def key(d: Diagnostic) -> tuple:
        return (d.code, d.location, d.message)

    now = {key(d) for d in term_findings(project.glossary)}
    return [
        Diagnostic(
            "glossary-import.impact",
            "warning",
            f"with the imported glossary: {d.message}",
            d.location,
            d.related,
            d.unit,
        )
        for d in term_findings(new)
        if key(d) not in now
    ]
