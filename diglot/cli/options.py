"""What the commands share: exit codes, the options several commands take (the content
folder, the documents, the templates, an author), their value checks, opening the project
once, and the words of the summaries."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path
from typing import NoReturn

from ..diagnostics import ECHOED_MAX, MESSAGE_MAX, Reporter, cut, display_path, echoed, printable

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM
# problems of the machine or the output folder, not of the content: exit 2
ENVIRONMENT_CODES = ("output.", "pdf.font-missing")


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors say what every line of diglot's says (say):
    an argument it repeats is cut (echoed), and one that is not UTF-8 (bytes of another
    encoding, which Python keeps as escapes) is called that."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        note = ""
        if _UNDECODED.search(message):
            note = f"; {NOT_UTF8}"
        shown = re.sub(f"[^\\s'\"]{{{ECHOED_MAX + 1},}}", lambda m: echoed(m[0]), message)
        say(f"{self.prog}: error: {cut(printable(shown), MESSAGE_MAX - len(note))}{note}")
        self.exit(EXIT_USAGE)


# what Python makes of the bytes of an argument that are not UTF-8 (surrogateescape)
_UNDECODED = re.compile(r"[\udc80-\udcff]|\\udc[89a-f][0-9a-f]")  # as itself, or as repr shows it
NOT_UTF8 = (
    "an argument is not valid UTF-8 text (bytes of another encoding?); type it again in a "
    "UTF-8 terminal"
)


class Help(argparse.HelpFormatter):
    """argparse's help, sized to the terminal without importing shutil (argparse would
    import it for every command, to check each option: a fiftieth of `check`'s time)."""

    def __init__(self, prog: str):
        try:
            width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


def common_options(parser: argparse.ArgumentParser) -> Parser:
    """The options every command takes, before or after its name: the copy each command
    gets has no default, so that it leaves a value given before the command as it is."""
    common = Parser(add_help=False)
    for options, default in ((parser, "content"), (common, argparse.SUPPRESS)):
        options.add_argument(
            "--content",
            default=default,
            metavar="DIR",
            help="the content folder holding a folder per language (en/, zh/) "
            "and glossary.yaml (default: ./content)",
        )
    return common


def say(text: str) -> None:
    """A line of diglot's own on the standard error (a usage error, a note, why a command
    stopped): each of its lines printable and cut as a message is (diagnostics.cut), however
    long the argument or the name it repeats."""
    print("\n".join(cut(printable(line)) for line in text.split("\n")), file=sys.stderr)


# -- the options of several commands ---------------------------------------------------------


def documents(parser: argparse.ArgumentParser, what: str = "only these documents") -> None:
    parser.add_argument(
        "documents", nargs="*", type=text, metavar="DOC", help=f"{what} (their ids)"
    )


def templates(parser: argparse.ArgumentParser, what: str = "the templates folder") -> None:
    parser.add_argument(
        "--templates", default="templates", metavar="DIR", help=f"{what} (default: ./templates)"
    )


def out(parser: argparse.ArgumentParser, default: str, what: str) -> None:
    parser.add_argument(
        "--out", default=default, metavar="DIR", help=f"{what} (default: ./{default})"
    )


def author(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--author", type=text, metavar="NAME", help=help)


# -- values ---------------------------------------------------------------------------------


def jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not '{value}'")
    return int(value)


def text(value: str) -> str:
    """An argument that is text diglot writes or compares (an author, a version, an id):
    valid UTF-8, no control character."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(NOT_UTF8.replace("an argument is ", "")) from None
    from ..source import IN_VALUE

    found = IN_VALUE.search(value)
    if found:
        from ..source import char_name

        raise argparse.ArgumentTypeError(
            f"holds {char_name(found[0])}, which no text diglot writes may hold"
        )
    return value


def port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(
            f"expected a port number from 1 to 65535 (0: any free port), not '{value}'"
        )
    return int(value)


def seconds(value: str) -> float:
    try:
        found = float(value)
    except ValueError:
        found = -1.0
    if not 0 <= found < 1e6:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not '{value}'")
    return found


# -- the project ----------------------------------------------------------------------------


def content_folder_problem(content_dir: Path) -> str | None:
    """Why the content folder cannot be used, if it cannot: missing, a broken link, no
    language folder, or (through a link) outside the project folder whose settings, types
    and languages the run would use."""
    from ..config import project_root

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


def own_templates_hint() -> str:
    """Where diglot's own templates are, for a project that has none: a project's editions
    (and a release, which is made from committed files) take a copy of its own."""
    shipped = Path(__file__).resolve().parent.parent.parent / "templates"
    if not (shipped / "edition.html.j2").is_file():
        return ""
    return (
        f" (diglot's own are in {shipped}: copy them into the project, `cp -r "
        f"{shlex.quote(str(shipped))} templates`, and commit them with the content; a release "
        "is made from committed files only)"
    )


def content_dir(args: argparse.Namespace, command: str) -> Path | None:
    """The content folder the command works on, or None after saying why it cannot be
    used (exit 2)."""
    found = Path(args.content)
    problem = content_folder_problem(found)
    if problem:
        say(f"diglot: error: {problem}")
        return None
    if hasattr(args, "templates") and command in ("build", "serve", "release"):
        if not Path(args.templates).is_dir():
            say(
                f"diglot {command}: error: no templates folder at "
                f"'{display_path(str(args.templates))}'; run from the project folder or pass "
                "--templates DIR" + own_templates_hint(),
            )
            return None
    return found


def open_project(
    args: argparse.Namespace, command: str, reporter: Reporter, required: bool = False
):
    """The project the command works on, opened once (its settings, languages and types
    read, its documents found): (project or None, exit code when it cannot be used).
    required: a command that cannot go on without it says why it could not be opened
    (the reporter's problems: a language profile that cannot be read) and stops, exit 1."""
    from ..project import open_project as open_it

    found = content_dir(args, command)
    if found is None:
        return None, EXIT_USAGE
    project = open_it(found, reporter)
    if project is None and required:
        sys.stdout.write(reporter.to_text())
        print(f"diglot {command}: the project cannot be opened (above); nothing was written")
        return None, EXIT_PROBLEMS
    return project, None


def unknown_documents(command: str, unknown: list[str], known: list[str]) -> int:
    """A document id that names no document: a usage error with the nearest id."""
    from ..suggest import did_you_mean

    for doc_id in unknown:
        hint = did_you_mean(doc_id, known)
        say(
            f"diglot {command}: error: no document '{echoed(doc_id)}'"
            + (
                hint
                if hint
                else f"; the documents are {', '.join(known)}"
                if known
                else "; the project has no documents"
            ),
        )
    return EXIT_USAGE


def export_folder_problem(command: str, out_dir: Path, content: Path) -> bool:
    """Say so (and return True) when an export's folder is or lies in one of the project's
    folders (its content, templates, types, languages or .git folder): the files sent to
    translators and reviewers are no part of the project, and a file among its templates or
    types would be read as one."""
    from ..output import project_folders

    real = os.path.realpath(out_dir)
    root = Path(os.path.abspath(content)).parent
    released = _release_holding(Path(real))
    if released is not None:  # a release is never changed: verify would find the file
        say(
            f"diglot {command}: error: --out {display_path(str(out_dir))} lies inside the "
            f"release {display_path(str(released))}; a release is never added to: give the "
            "exported files a folder of their own",
        )
        return True
    for folder in project_folders(content, root / "templates"):
        inside = os.path.realpath(folder)
        if real == inside or real.startswith(inside + os.sep):
            what = "content folder" if folder == content else "project's folder"
            say(
                f"diglot {command}: error: --out {display_path(str(out_dir))} lies inside the "
                f"{what} {display_path(str(folder))}; give the exported files a folder of "
                "their own",
            )
            return True
    return False


def _release_holding(folder: Path) -> Path | None:
    """The release folder (one holding its manifest and checksums) that is folder or holds
    it, if any."""
    from ..release.manifest import MANIFEST, SUMS

    for candidate in (folder, *folder.parents):
        if (candidate / MANIFEST).is_file() and (candidate / SUMS).is_file():
            return candidate
    return None


# -- words ----------------------------------------------------------------------------------


def count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def some(items: list[str], shown: int = 3) -> str:
    """The first few of a list, then how many more."""
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")
