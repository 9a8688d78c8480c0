"""Ctrl-C and SIGTERM from the first lines of every command (one line, exit 130 or 143, never
a traceback of diglot's), arguments that are not UTF-8 as usage errors, and a signal that
comes once a command has begun to switch in what it wrote: it finishes and says what it
did."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

import diglot.fileset as fileset
from diglot import interrupts
from diglot.cli import main

from conftest import REPO, TINY, approved

pytestmark = pytest.mark.project(templates=True)


def _ours(stderr: str) -> list[str]:
    """The frames of a traceback that are diglot's own (pipeline.py's first line aside: a
    signal there came while Python compiled it, before any of its lines ran)."""
    frames = re.findall(r'File "([^"]+)", line (\d+)', stderr)
    return [
        f"{path}:{line}"
        for path, line in frames
        if (path.startswith(str(REPO / "diglot")) or path == str(REPO / "pipeline.py"))
        and line != "0"
    ]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_in_the_first_tenth_of_a_second_is_one_line(project, diglot_process, signum):
    """Every command, stopped at a moment of its start-up (its imports): one line and the
    exit code. Python's own start (its site module, the first hundredth of a second or so)
    comes before any line of diglot runs: a signal there is Python's, and is told apart by
    the frames of its traceback."""
    word, code = {signal.SIGINT: ("interrupted", 130), signal.SIGTERM: ("terminated", 143)}[signum]
    outcomes = []
    commands = (["check"], ["status"], ["build", "--format", "md"], ["review"], ["types"])
    for i, argv in enumerate(commands * 5):
        delay = 0.03 + (i % 7) * 0.02  # 0.03 to 0.15 s
        process = diglot_process.popen(
            *argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        process.send_signal(signum)
        out, err = process.communicate(timeout=60)
        assert _ours(err) == [], (argv, delay, err)
        if process.returncode == code:
            assert err == f"diglot: {word}\n", (argv, delay, err)
        outcomes.append(process.returncode)
    # most signals land in diglot's own start-up or run (the rest finished first, or came
    # during Python's start)
    assert outcomes.count(code) >= len(outcomes) * 0.6, outcomes


class _SignalsInItsFinaliser:
    """An object whose finaliser is where the signal's handler runs (as a weakref callback of
    the import system's can be, during an import)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum

    def __del__(self) -> None:
        signal.raise_signal(self.signum)
        sum(range(100))  # ordinary code: the handler runs here, inside the finaliser


@pytest.mark.parametrize(
    "signum, stop", [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, interrupts.Terminated)]
)
def test_a_signal_that_lands_in_a_finaliser_still_stops_the_command(signum, stop, capsys):
    """Python can only print an exception raised in a finaliser and go on: the command's
    handler would be lost, with a traceback. It is raised again at the next ordinary line."""
    before = {n: signal.getsignal(n) for n in interrupts.EXIT}
    hook = sys.unraisablehook
    try:
        interrupts.install()
        started = time.monotonic()
        with pytest.raises(stop):
            _SignalsInItsFinaliser(signum)  # made and dropped at once: its finaliser runs
            while time.monotonic() < started + 5:
                sum(range(100))  # the command's own work goes on
        assert time.monotonic() - started < 1
    finally:
        interrupts.finish()
        for n, handler in before.items():
            signal.signal(n, handler)
    assert "Exception ignored" not in capsys.readouterr().err
    assert sys.unraisablehook is hook, "the caller's hook is not given back"


class _StopsWhenNamed:
    """A class attribute whose __set_name__ is where Ctrl-C lands (as it may while a
    module's classes are made, during an import): Python 3.11 wraps what it raises in a
    RuntimeError."""

    def __set_name__(self, owner, name):
        raise KeyboardInterrupt


def _interrupted_while_a_class_is_made() -> None:
    class Settings:  # noqa: F841 - made for its attribute's __set_name__
        field = _StopsWhenNamed()


def _terminated_then_failed_to_clean_up() -> None:
    try:
        raise interrupts.Terminated()
    finally:
        raise OSError(5, "Input/output error")  # the clean-up of the interrupted work


def _terminated_as_the_cause() -> None:
    raise RuntimeError("a library's own wrapper") from interrupts.Terminated()


@pytest.mark.parametrize(
    "stop, code, word",
    [
        (_interrupted_while_a_class_is_made, 130, "interrupted"),
        (_terminated_then_failed_to_clean_up, 143, "terminated"),
        (_terminated_as_the_cause, 143, "terminated"),
    ],
)
def test_a_signal_wrapped_in_another_exception_is_still_the_signal(
    project, monkeypatch, capsys, stop, code, word
):
    """Not an internal error asking for a report, nor an unreadable file: one line, and the
    signal's exit code."""
    import diglot.cli.commands.status as status_command

    def run(args):
        stop()
        return 0

    monkeypatch.setattr(status_command, "run", run)
    assert main(["status"]) == code
    assert capsys.readouterr().err == f"diglot: {word}\n"


def test_a_signal_wrapped_inside_a_library_is_not_taken_for_its_error(tmp_path, monkeypatch):
    """Where a broad handler turns a library's failure into a located refusal (a damaged
    Word file, a key that cannot sign), a Ctrl-C behind the failure goes on up."""
    from diglot.wordml import read as wordml_read

    path = tmp_path / "review.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    def interrupted(*args, **kwargs):
        raise RuntimeError("wrapped") from KeyboardInterrupt()

    monkeypatch.setattr(zipfile.ZipFile, "open", interrupted)
    with pytest.raises(RuntimeError) as raised:
        wordml_read.read_zip(path)
    assert isinstance(raised.value.__cause__, KeyboardInterrupt)

    def damaged(*args, **kwargs):
        raise RuntimeError("bad")

    monkeypatch.setattr(zipfile.ZipFile, "open", damaged)
    with pytest.raises(wordml_read.Refused):  # a library's own failure is still refused
        wordml_read.read_zip(path)


# A signal that comes as a command ends, while it gives back the handlers it found: sent
# by the command's own clean-up (interrupts.finish), or (the moment a signal is raised
# there) raised by the clean-up itself.
AT_THE_END = {
    "sent": """
import os, signal
import diglot.interrupts as interrupts
finish = interrupts.finish
def sent_now():
    os.kill(os.getpid(), signal.SIGTERM)
    finish()
interrupts.finish = sent_now
""",
    "raised": """
import diglot.cli as cli
import diglot.interrupts as interrupts
restore = cli._restore
def raised_now(previous):
    restore(previous)
    raise interrupts.Terminated()
cli._restore = raised_now
""",
}


@pytest.mark.parametrize("moment", sorted(AT_THE_END))
def test_a_signal_as_the_command_gives_back_the_handlers_is_one_line(
    project, diglot_process, moment
):
    """The command's own handlers are going, the caller's coming back: the signal is one
    line and its exit code still, never a traceback."""
    code = (
        "import sys\n"
        "import diglot.entry as entry\n"
        + AT_THE_END[moment]
        + "sys.argv = ['diglot', 'types']\n"
        + "raise SystemExit(entry.run())\n"
    )
    done = diglot_process.python("-c", code, cwd=project)
    assert (done.returncode, done.stderr) == (143, "diglot: terminated\n"), done.stderr


def test_a_signal_as_the_command_ends_goes_to_the_callers_handler(project, monkeypatch):
    """A program that calls main() gets its own handlers back, whole, and the signal that
    came meanwhile goes to them (not to the command's, halfway through giving them back)."""
    caught: list[int] = []
    before = {n: signal.getsignal(n) for n in interrupts.EXIT}
    finish = interrupts.finish

    def sent_now() -> None:
        # to this thread, as the kernel sends a signal to a process of one thread (a test
        # worker has others, which block nothing)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        finish()

    monkeypatch.setattr(interrupts, "finish", sent_now)
    try:
        signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
        try:
            code = main(["types"])
        except KeyboardInterrupt:  # not left to pytest, which would end the run
            pytest.fail("the command's handler took a signal meant for the caller's")
        assert code == 0
        assert caught == [signal.SIGINT]
        assert signal.getsignal(signal.SIGTERM) is before[signal.SIGTERM]
    finally:
        for n, handler in before.items():
            signal.signal(n, handler)


@pytest.mark.parametrize(
    "argv",
    [
        ["review-import", "file.docx", "--author", "Li\udcffWen"],
        ["xliff-import", "file.xlf", "--author", "\udce9"],
        ["review", "--author", "\udcff"],
        ["release", "memo", "--version", "1.0\udcff"],
        ["release", "memo", "--version", "1.0", "--accept", "\udcff"],
        ["review-import", "file.docx", "--author", "Eve\x1b[31m"],
        ["xliff-import", "file.xlf", "--author", "Eve\u202e"],
    ],
)
def test_an_argument_that_is_not_utf8_is_a_usage_error(project, capsys, argv):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "internal error" not in out + err and "Traceback" not in out + err
    assert (
        "not valid UTF-8 text (bytes of another encoding?)" in err
        or "which no text diglot writes may hold" in err
    )


LONG = "a" * 100_000


@pytest.mark.parametrize(
    "argv, said",
    [
        (["check", LONG], "diglot check: error: no document 'aaaa"),
        (["check", "memo", LONG], "diglot check: error: no document 'aaaa"),
        ([LONG], "diglot: error: argument COMMAND: invalid choice: 'aaaa"),
        (["check", "--" + LONG], "diglot: error: unrecognized arguments: --aaaa"),
        (["check", "--jobs", LONG], "argument --jobs: expected a whole number of at least 1, not"),
        (["build", "--format", LONG], "diglot build: error:"),
        (["approve", LONG], "error: no unit 'aaaa"),
        (["glossary-import", "g.csv", "--target", LONG], "--target aaaa"),
    ],
    ids=["document", "second-document", "command", "option", "jobs", "format", "unit", "target"],
)
def test_a_usage_error_cuts_the_argument_it_repeats(project, capsys, argv, said):
    """An argument of any length is repeated in at most a message's length, its start and how
    long it was (it was printed whole: a line of 100,075 characters)."""
    Path("g.csv").write_text("en,zh\nterm,术语\n", encoding="utf-8")
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (1, 2), out + err
    assert "internal error" not in out + err and "Traceback" not in out + err
    assert said in out + err, err
    assert re.search(r"a… \(100,00[02] characters\)", out + err), out + err
    assert max(len(line) for line in (out + err).splitlines()) <= 2000


@pytest.mark.parametrize(
    "argv",
    [["check", "memo\udcff"], ["status", "\udcff"], ["check", "--bogus\udcff"], ["chec\udcff"]],
)
def test_an_argument_that_is_not_utf8_is_called_so(project, capsys, argv):
    """A document id or an option in another encoding: the error says the argument is not
    UTF-8 (it said "no document 'memo\\udcff'")."""
    assert main(argv) == 2
    _, err = capsys.readouterr()
    assert "not valid UTF-8 text (bytes of another encoding?)" in err, err


def test_an_author_in_another_encoding_from_the_shell_is_a_usage_error(project, diglot_process):
    done = diglot_process.run(
        "review-import", "x.docx", "--author", os.fsdecode(b"Li \xc0\xef"), timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "diglot review-import: error: argument --author: not valid UTF-8 text (bytes of "
        "another encoding?); type it again in a UTF-8 terminal"
    )


# -- a signal once the command has begun to write ---------------------------------------------


def _signal_after_the_last(monkeypatch, module, name: str, last) -> None:
    """module.os.<name> does its work, then a Ctrl-C comes (when last(target) says so)."""
    real = getattr(os, name)

    def then_interrupted(source, target, *args):
        real(source, target, *args)
        if last(Path(target)):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(module.os, name, then_interrupted)


def test_an_edit_interrupted_once_written_says_what_it_wrote(project, monkeypatch, capsys):
    """approve (the imports write through the same switch): Ctrl-C after the files are
    switched in and their backups kept."""
    zh = project / "content" / "zh" / "memo.yaml"
    before = zh.read_bytes()
    _signal_after_the_last(monkeypatch, fileset, "replace", lambda t: t.name == "memo.yaml.bak")
    assert main(["approve", "--all"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1].startswith("approved 14 units in 1 file")
    assert err == (
        "diglot: interrupted once it had begun to write its files; it was not stopped midway: "
        "the lines above say what it did\n"
    )
    assert zh.read_bytes() != before and (zh.parent / "memo.yaml.bak").read_bytes() == before


def test_a_build_interrupted_once_switched_reports_what_it_wrote(project, monkeypatch, capsys):
    import diglot.output as output

    real = output._switch

    def switch_then_interrupted(staging, target):
        found = real(staging, target)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C just after the switch
        return found

    monkeypatch.setattr(output, "_switch", switch_then_interrupted)
    assert main(["build", "--format", "md"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "diglot build: 3 files in build/"
    assert err == (
        "diglot: interrupted once it had begun to write its files; it was not stopped midway: "
        "the lines above say what it did\n"
    )
    assert (project / "build" / "memo" / "memo.zh.md").is_file()


def test_a_release_interrupted_once_written_reports_the_release(
    make_project, weasyprint, monkeypatch, capsys
):
    import diglot.release.bundle as release

    make_project(approved(TINY), templates=True, repo=True)  # a release needs approved units

    real = os.rename

    def rename_then_interrupted(source, target):
        real(source, target)
        if Path(target).name == "1.0":
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(release.os, "rename", rename_then_interrupted)
    code = main(["release", "memo", "--version", "1.0", "--accept", "us.stephen-orlins"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("released memo 1.0 (")
    assert err.endswith("the lines above say what it did\n") and "interrupted" in err
    monkeypatch.setattr(release.os, "rename", real)
    assert main(["verify", "release/memo/1.0"]) == 0
