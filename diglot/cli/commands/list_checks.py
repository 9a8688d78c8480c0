"""`diglot checks`: the translation checks and the typographic rules, a line each."""

from __future__ import annotations

import argparse

from ..options import EXIT_OK

NAME = "checks"
ORDER = 20
HELP = "list the translation checks: id, severity, title"


def arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from ...checks.catalogue import registry

    for item in registry():
        print(f"{item.id:<24} {item.severity:<8} {item.title}")
    return EXIT_OK
