"""`diglot serve`: the HTML editions and a review page per document on 127.0.0.1, rebuilt
whenever the content changes; until Ctrl-C (exit 130, through main) or SIGTERM (143)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import options
from ..options import EXIT_OK, EXIT_USAGE, say

NAME = "serve"
ORDER = 120
HELP = (
    "serve the HTML editions and a review page per document on 127.0.0.1, rebuilt "
    "whenever the content changes (read-only)"
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=options.port,
        default=8000,
        metavar="N",
        help="the port on 127.0.0.1 (default: 8000; 0: any free port)",
    )
    options.templates(parser)


def run(args: argparse.Namespace) -> int:
    from ...serve import PortInUse, serve

    content = options.content_dir(args, NAME)
    if content is None:
        return EXIT_USAGE
    try:
        serve(content, Path(args.templates), args.port)
    except PortInUse:
        say(
            f"diglot serve: error: port {args.port} on 127.0.0.1 is in use (another server?); "
            "choose another with --port N, or --port 0 for any free port",
        )
        return EXIT_USAGE
    return EXIT_OK
