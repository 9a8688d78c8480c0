"""`diglot release`: publish a document. The release gate, then the release folder
(release/<doc>/<version>/ with manifest.json and SHA256SUMS); every reason a release is
refused, grouped."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import Reporter, display_path
from .. import options
from ..options import ENVIRONMENT_CODES, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, count, say

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
    parser.add_argument(
        "--rehearsal",
        action="store_true",
        help="rehearse the release: files not committed are taken as they are, and every "
        "edition and the manifest say 'REHEARSAL — not a release' (default folder: "
        "./rehearsal)",
    )
    parser.add_argument(
        "--sign",
        metavar="KEY",
        help="sign every PDF (PAdES) and the manifest (manifest.json.p7s) with this key: a "
        "PKCS#12 file (.p12, .pfx) or a PEM file with the private key (and the certificate)",
    )
    parser.add_argument(
        "--cert",
        metavar="CERT",
        help="the signing certificate, its chain after it (PEM), when --sign's file lacks it",
    )
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        default="DIGLOT_SIGN_PASSPHRASE",
        help="the environment variable holding the key's passphrase (default: "
        "DIGLOT_SIGN_PASSPHRASE; on a terminal without it, it is asked for)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="the releases folder (default: ./release; with --rehearsal: ./rehearsal)",
    )
    options.templates(parser)


def run(args: argparse.Namespace) -> int:
    from ...release import ReleaseError, format_refusal, release
    from ..progress import on_terminal

    project, failed = options.open_project(args, NAME, Reporter(), required=True)
    if failed is not None:
        return failed
    out = args.out or ("rehearsal" if args.rehearsal else "release")
    try:
        signer = None
        if args.cert and not args.sign:
            raise ReleaseError("--cert is the certificate of the key given with --sign KEY")
        if args.sign:
            from ...release.signing import load_signer

            cert = Path(args.cert) if args.cert else None
            signer = load_signer(Path(args.sign), cert, args.passphrase_env)
        with on_terminal(NAME) as progress:
            done = release(
                args.document,
                args.version,
                content_dir=project,
                templates_dir=Path(args.templates),
                out_dir=Path(out),
                accept=args.accept,
                date=args.date,
                progress=progress,
                any_date=args.any_date,
                rehearsal=args.rehearsal,
                signer=signer,
                announce=_announce,
            )
    except ReleaseError as error:
        say(f"diglot release: error: {error}")
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
    folder = display_path(str(done.folder))
    listing = f"{count(len(done.files), 'edition')}, manifest.json"
    if signer is not None:
        listing += (
            f" and its signature ({count(len(done.signed), 'PDF')} signed by {signer.subject})"
        )
    if done.rehearsal:
        if done.uncommitted:
            print(
                f"note: {count(len(done.uncommitted), 'file')} not committed taken as "
                f"{'it is' if len(done.uncommitted) == 1 else 'they are'}: "
                f"{options.some(done.uncommitted, 10)} (manifest.json lists them)"
            )
        if done.approvals:
            print(_approvals(done.approvals))
        print(
            f"rehearsed {done.doc_id} {done.version} ({done.date}) in {folder}/: {listing}, "
            "SHA256SUMS; REHEARSAL — not a release: every edition and the manifest say so"
        )
        return EXIT_OK
    if done.approvals:
        print(_approvals(done.approvals))
    print(
        f"released {done.doc_id} {done.version} ({done.date}) in {folder}/: {listing}, SHA256SUMS"
    )
    return EXIT_OK


def _approvals(by: dict[str, int]) -> str:
    """The approvals the release relies on, counted by the author of the commit that
    recorded each (manifest.json names every commit)."""
    total = sum(by.values())
    authors = sorted(by.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{author or 'no commit: not committed yet'} ({n})" for author, n in authors)
    return (
        f"approvals relied on: {count(total, 'unit')}, recorded in commits by {shown} "
        "(manifest.json names each unit's commit)"
    )


def _announce(done) -> None:
    """What the release puts on record, printed before it writes."""
    for line in done.record:
        print(line)
    sys.stdout.flush()
