"""`diglot verify`: a release folder against its manifest.json and SHA256SUMS, wherever it
is; with the project at hand, its content files too."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import display_path
from ..options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, content_folder_problem, count, say

NAME = "verify"
ORDER = 140
HELP = "check a release folder against its manifest.json and SHA256SUMS"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the release folder")
    parser.add_argument(
        "--trust",
        metavar="CA",
        action="append",
        default=[],
        help="check the signatures' certificate chain against this CA certificate (PEM or "
        "DER; may be given again)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail too when a content file of the release changed since (inside the project), "
        "or when the release is not committed in the git repository it lies in",
    )


def run(args: argparse.Namespace) -> int:
    from ...diagnostics import Reporter
    from ...release import manifest_of, verify
    from ...release.signatures import check_signatures, summary, trust_anchors
    from ...release.verify import verify_committed

    folder = Path(args.folder)
    if not folder.is_dir():
        say(
            f"diglot verify: error: no release folder at '{display_path(str(folder))}'",
        )
        return EXIT_USAGE
    content = Path(args.content)
    found = verify(folder, content if content_folder_problem(content) is None else None)
    manifest = manifest_of(folder) or {}
    signed = None
    problems = Reporter()
    anchors = trust_anchors([Path(p) for p in args.trust], problems) if args.trust else None
    if problems.diagnostics:
        sys.stdout.write("".join(d.format() + "\n" for d in problems.diagnostics))
        return EXIT_USAGE
    signed = check_signatures(folder, manifest, anchors, problems)
    rehearsal = manifest.get("rehearsal") is True
    # a rehearsal is a working folder, not committed; a release is compared with its commit
    held = None if rehearsal else verify_committed(folder, problems)
    found = sorted(
        [*found, *problems.diagnostics], key=lambda d: (d.location.path, d.location.line)
    )
    sys.stdout.write("".join(d.format() + "\n" for d in found))
    if signed is not None and signed.signer:
        print(summary(signed, [Path(p) for p in args.trust]))
    errors = sum(1 for d in found if d.severity == "error")
    warnings = len(found) - errors
    shown = display_path(str(folder))
    if errors or (args.strict and warnings):
        print(
            f"diglot verify: {shown}: {count(errors, 'error')}"
            + (f", {count(warnings, 'warning')}" if warnings else "")
        )
        unreadable = any(d.code == "verify.unreadable" for d in found)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    print(f"diglot verify: {shown}: {_verdict(signed, held, rehearsal, warnings)}")
    return EXIT_OK


def _verdict(signed, held, rehearsal: bool, warnings: int) -> str:
    """What a release that passed was shown to be, and no more: files that match their
    manifest and SHA256SUMS show only that the three agree (anyone can rewrite them
    together); a signature shows who made the manifest (and, with --trust, that the
    certificate leads to an authority given); a commit, that the repository records these
    files."""
    said = "every file matches its manifest.json and SHA256SUMS"
    if signed is not None and signed.signer:
        said = "every file is as released" if signed.trusted else "every file is as signed"
    if held is not None and held.commit is not None:
        said += f", and the commit {held.commit.sha[:12]} holds each as it is"
    if rehearsal:
        said += " — a REHEARSAL, not a release"
    elif signed is None or not signed.signer:
        said += (
            "; the release is not signed, so this does not show that they are the files "
            "that were released"
        )
    return said + (f" ({count(warnings, 'warning')})" if warnings else "")
