"""`diglot types`: the document types with their title fields, body lists and kinds."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...diagnostics import Reporter
from ..options import EXIT_OK, EXIT_PROBLEMS

NAME = "types"
ORDER = 30
HELP = "list the document types with their title fields and units"


def arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    """Each type: its description, title-block fields, body lists and kinds of unit."""
    from ...project import project_setup

    reporter = Reporter()
    setup = project_setup(Path(args.content), reporter)
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
