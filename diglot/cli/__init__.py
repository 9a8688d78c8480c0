"""The command line: `main(argv)` runs one command and returns its exit code.

Each command is one module of `diglot/cli/commands/` (check, build, status, release, …),
found there by name: it says its NAME, HELP and ORDER (its place in the help), adds its
arguments (`arguments(parser)`, with the shared options of `cli/options.py`) and runs
(`run(args) -> int`). A new command is one file in that folder. main() builds the parser
from them, runs the one asked for, and turns whatever happens into an exit code and
located lines, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import pkgutil
import signal
import sys
from types import ModuleType

from .. import interrupts
from ..diagnostics import display_path
from . import commands as commands_package
from .options import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_TERMINATED,
    EXIT_USAGE,
    Help,
    Parser,
    common_options,
    say,
)


def command_modules() -> list[ModuleType]:
    """Every command module, in the order of the help."""
    found = [
        importlib.import_module(f"{commands_package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands_package.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda module: (module.ORDER, module.NAME))


@functools.cache
def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The parser of every command, and the command modules by name: made once per process
    (a parser keeps nothing of what it parsed; no default is computed when it is made)."""
    parser = Parser(
        prog="diglot",
        description="Aligned editions in several languages from structured "
        "content, with translation checks.",
        formatter_class=Help,
    )
    common = common_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    by_name = {}
    for module in command_modules():
        command = subparsers.add_parser(
            module.NAME, help=module.HELP, formatter_class=Help, parents=[common]
        )
        module.arguments(command)
        by_name[module.NAME] = module
    return parser, by_name


def main(argv: list[str] | None = None) -> int:
    """Run one command. Whatever happens, the result is an exit code and located lines,
    never a traceback: Ctrl-C and SIGTERM end it with one line (exit 130, 143), a file
    that cannot be read or written is named (exit 2). Once a command has started to switch
    in what it wrote, a signal waits until it has said what it did."""
    previous = _handlers()
    try:
        interrupts.install()
        parser, by_name = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse has printed the usage message
            return EXIT_USAGE if exc.code else EXIT_OK
        code = by_name[args.command].run(args)
        signum = interrupts.held()
        if signum is not None:
            sys.stdout.flush()
            say(interrupts.said_after(signum))
        return code
    except (KeyboardInterrupt, interrupts.Terminated) as stop:
        return _stopped(stop)
    except BrokenPipeError:  # the reader went away (| head); say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
    except Exception as exc:
        behind = interrupts.wrapped(exc)  # a signal Python wrapped in another exception
        if behind is not None:
            return _stopped(behind)
        if isinstance(exc, OSError):
            say(_os_error_line(exc))
            return EXIT_USAGE
        # a fault of diglot's own: one line, the traceback on request
        if os.environ.get("DIGLOT_DEBUG"):
            raise
        say(
            f"diglot: internal error: {type(exc).__name__}: {exc} (please report this; "
            "DIGLOT_DEBUG=1 shows where it happened)",
        )
        return EXIT_USAGE
    finally:
        # a signal now waits for the handlers the command found (given back here), which
        # take it when the block ends: it is not raised halfway through giving them back.
        # (A process of several threads may still take it in another thread, whose mask
        # is its own: the handlers are given back all the same.)
        with interrupts.blocked():
            try:
                interrupts.finish()
            finally:
                _restore(previous)


def _stopped(stop: BaseException) -> int:
    """The line and the exit code of a command ended by Ctrl-C or SIGTERM."""
    terminated = isinstance(stop, interrupts.Terminated)
    word = "terminated" if terminated else "interrupted"
    if interrupts.committed():
        say(f"diglot: {word}; what was already written is complete")
    else:
        say(f"diglot: {word}")
    return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED


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
    from ..files import NotReadable, os_reason

    if isinstance(exc, NotReadable) and exc.kind not in ("denied", "io"):
        why = f"it {exc.reason}"
    else:
        why = os_reason(exc)
    if exc.filename is None:
        return f"diglot: error: {why} [io.error]"
    path = display_path(os.fsdecode(exc.filename))
    return f"{path}:1:1: error: cannot use this file or folder: {why} [io.error]"
