"""The build's progress display: on a terminal only, once a build has taken a second."""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
import threading

from diglot import executor
from diglot.cli import main

from conftest import FIXTURES, REPO


def run_build(diglot_process, out, terminal: bool) -> tuple[int, str, str]:
    """python pipeline.py build, its stderr on a pseudo-terminal or a pipe."""
    command = diglot_process.command("build", "--force", "--out", str(out))
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    if not terminal:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the build ended: the terminal is closed
            break
        if not chunk:
            break
        seen += chunk
    stdout = process.stdout.read().decode() if process.stdout else ""
    os.close(leader)
    return process.wait(), stdout, seen.decode("utf-8", "replace")


def test_a_terminal_shows_which_editions_are_being_written(tmp_path, diglot_process):
    code, out, terminal = run_build(diglot_process, tmp_path / "out", terminal=True)
    assert code == 0, out
    assert "diglot build: writing" in terminal
    assert ".pdf" in terminal and "/12" in terminal  # an edition's name, and n of the 12
    assert "diglot build: 12 files" in out  # the report itself is on stdout, as always


def test_a_pipe_gets_no_display(tmp_path, diglot_process):
    code, out, err = run_build(diglot_process, tmp_path / "out", terminal=False)
    assert code == 0, out
    assert err == ""


_forks: list[list[str]] | None = None  # the threads alive at each fork, while recorded


def _before_fork() -> None:
    if _forks is not None:
        _forks.append(
            [t.name for t in threading.enumerate() if t is not threading.current_thread()]
        )


os.register_at_fork(before=_before_fork)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_workers_are_forked_before_the_display_starts_a_thread(
    tmp_path, monkeypatch, weasyprint
):
    global _forks
    shutil.copytree(FIXTURES / "tiny", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setattr(executor, "default_workers", lambda: 2)
    already = {t.name for t in threading.enumerate()}
    _forks = []
    try:
        code = main(["build", "--templates", str(REPO / "templates"), "--format", "html,pdf"])
    finally:
        forks, _forks = _forks, None
    assert code == 0
    assert forks, "the PDFs are rendered in worker processes"
    assert all(set(alive) <= already for alive in forks), forks
