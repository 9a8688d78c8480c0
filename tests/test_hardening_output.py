"""The build's output, processes and environment under faults: a whole build switched in at
once (kill -9, a full disk, two builds at once), workers that end with their parent, Ctrl-C
and TERM, and one located line instead of a traceback for a machine's or a folder's fault."""

from __future__ import annotations

import errno
import fcntl
import os
import random
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

import diglot.output as output
from diglot import incremental
from diglot.cli import main

from conftest import REPO, snapshot

FORMATS = "html,md"  # the quick writers: the output's guarantees do not depend on the format
pytestmark = pytest.mark.project(templates=True)
LOCATED = re.compile(r"^\S+:\d+:\d+: error: .* \[[a-z.-]+\]$")


def leftovers(project: Path) -> list[str]:
    """What a build leaves beside the output folder besides the folder and its lock."""
    return sorted(p.name for p in project.glob(".build*") if p.name != ".build.lock")


def build(cli, *args: str) -> tuple[int, list[str]]:
    """A build that writes (--force: these tests are about writing, not about skipping)."""
    return cli("build", "--force", "--format", FORMATS, *args).merged_lines()


def change_the_content(project: Path) -> None:
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(zh.read_text(encoding="utf-8").replace("华盛顿特区", "华盛顿哥伦比亚特区"))


# -- class 3: all or nothing, for the whole build -------------------------------------------


def test_a_build_replaces_its_own_files_and_keeps_every_other(project, cli):
    for path in (project / "content").rglob("*.yaml"):
        path.touch()  # dated today, as the edit below will be: the drafts' date stays
    assert build(cli)[0] == 0
    (project / "build" / "notes.txt").write_text("mine")
    (project / "build" / "memo" / "review.txt").write_text("mine too")
    (project / "build" / "gone").mkdir()
    (project / "build" / "gone" / "gone.en.html").write_text("an edition of a removed document")
    manifest = (project / "build" / output.MANIFEST).read_text()
    (project / "build" / output.MANIFEST).write_text(manifest + "gone/gone.en.html\n")
    unchanged = (project / "build" / "memo" / "memo.en.html").stat()
    change_the_content(project)
    code, lines = build(cli)
    assert code == 0, lines
    assert lines == [
        "wrote memo (6 files in build/memo/): en.html, en.md, zh.html, zh.md, en-zh.html, en-zh.md",
        "diglot build: 6 files in build/",
    ]
    files = snapshot(project / "build", links=True)
    assert sorted(files) == [
        output.MANIFEST,
        incremental.CACHE,
        "memo/memo.en-zh.html",
        "memo/memo.en-zh.md",
        "memo/memo.en.html",
        "memo/memo.en.md",
        "memo/memo.zh.html",
        "memo/memo.zh.md",
        "memo/review.txt",
        "notes.txt",
    ]
    assert files["notes.txt"] == b"mine" and files["memo/review.txt"] == b"mine too"
    assert "华盛顿哥伦比亚特区" in files["memo/memo.zh.md"].decode()
    # an unchanged file is the same file: its timestamp says when its content last changed
    assert (project / "build" / "memo" / "memo.en.html").stat().st_mtime == unchanged.st_mtime
    assert leftovers(project) == []


def test_a_build_of_some_formats_keeps_the_others(project, cli):
    assert build(cli)[0] == 0
    change_the_content(project)
    assert main(["build", "--format", "md"]) == 0
    files = snapshot(project / "build", links=True)
    assert "华盛顿哥伦比亚特区" in files["memo/memo.zh.md"].decode()
    assert (
        '华盛顿<span class="nobr">特区</span>' in files["memo/memo.zh.html"].decode()
    )  # kept, as asked
    assert "memo/memo.zh.html" in files[output.MANIFEST].decode()


def test_the_leftovers_of_a_stopped_build_are_removed(project, cli):
    assert build(cli)[0] == 0
    before = snapshot(project / "build", links=True)
    (project / ".build.staging-k2j4x8_q" / "memo").mkdir(parents=True)
    (project / ".build.staging-k2j4x8_q" / "memo" / "memo.en.html").write_text("half")
    (project / "build" / "memo" / ".memo.en.pdf.k2j4x8_q").write_text("an earlier temp file")
    assert build(cli)[0] == 0
    assert snapshot(project / "build", links=True) == before
    assert leftovers(project) == []


def test_the_switch_starts_no_process_and_exchanges_the_folders_atomically(
    project, cli, monkeypatch
):
    """The switch holds SIGINT and SIGTERM back: nothing in it may start a process (looking
    renameat2 up with ctypes.util.find_library ran ldconfig, then a C compiler, each time)."""
    assert build(cli)[0] == 0
    change_the_content(project)
    monkeypatch.setattr(output, "_RENAMEAT2", None, raising=False)  # looked up afresh
    steps: list[str] = []
    monkeypatch.setattr(output, "_step", steps.append)
    real_switch = output._switch

    def switch(staging, real):
        def no_process(*args, **kwargs):
            raise AssertionError(
                f"the switch started a process: {args[1] if len(args) > 1 else args}"
            )

        with monkeypatch.context() as inside:
            inside.setattr(subprocess.Popen, "__init__", no_process)
            return real_switch(staging, real)

    monkeypatch.setattr(output, "_switch", switch)
    assert build(cli)[0] == 0
    assert "switched" in steps and "renamed away" not in steps  # exchanged, in one step
    assert "华盛顿哥伦比亚特区" in (project / "build" / "memo" / "memo.zh.md").read_text()
    assert leftovers(project) == []


# A build in a subprocess that SIGKILLs itself at its n-th step of the write phase (after each
# staged file, after carrying the other files over, before and after the switch).
KILLED_BUILD = """
import os, signal, sys
from diglot import output
stop, mode = int(sys.argv[1]), sys.argv[2]
steps = []
def step(what):
    steps.append(what)
    print(what, file=sys.stderr, flush=True)
    if len(steps) == stop:
        os.kill(os.getpid(), signal.SIGKILL)
output._step = step
if mode == "renames":  # the two renames of a system without an atomic exchange
    output._exchange = lambda a, b: False
from diglot.cli import main
raise SystemExit(main(["build", "--force", "--format", "html,md"]))
"""


def killed_build(diglot_process, project: Path, stop: int, mode: str):
    return diglot_process.python("-c", KILLED_BUILD, str(stop), mode, cwd=project)


@pytest.mark.parametrize("mode", ["exchange", "renames"])
def test_kill_9_during_the_writes_leaves_the_previous_or_the_new_set(
    project, cli, diglot_process, mode
):
    assert build(cli)[0] == 0
    (project / "build" / "notes.txt").write_text("mine")
    previous = project / "previous"
    shutil.copytree(project / "build", previous, symlinks=True)
    old = snapshot(previous, links=True)
    change_the_content(project)
    counted = killed_build(
        diglot_process, project, 0, mode
    )  # never stops: counts the steps, builds the new set
    assert counted.returncode == 0, counted.stderr
    steps = counted.stderr.splitlines()
    assert steps[-1] == "removed" and ("renamed away" in steps) == (mode == "renames")
    new = snapshot(project / "build", links=True)
    assert new != old and new["notes.txt"] == b"mine"
    seed = random.randrange(1 << 30)
    chosen = random.Random(seed).sample(range(1, len(steps) + 1), 3)
    chosen += [steps.index("staged") + 1, steps.index("switched")]  # the edges of the switch
    if mode == "renames":
        chosen.append(steps.index("renamed away") + 1)  # between the two renames
    for stop in sorted(set(chosen)):
        where = f"killed after {steps[stop - 1]!r} (step {stop}, seed {seed})"
        shutil.rmtree(project / "build")
        shutil.copytree(previous, project / "build", symlinks=True)
        result = killed_build(diglot_process, project, stop, mode)
        assert result.returncode == -signal.SIGKILL, where
        if (project / "build").exists():
            assert snapshot(project / "build", links=True) in (old, new), where
        else:  # stopped between the two renames: the previous set waits beside it
            assert steps[stop - 1] == "renamed away", where
        # the next build's start puts the previous set back and removes what is left
        output.recover(project / "build")
        assert snapshot(project / "build", links=True) in (old, new), where
        assert leftovers(project) == [], where
    assert build(cli)[0] == 0
    assert snapshot(project / "build", links=True) == new and leftovers(project) == []


def test_a_full_disk_leaves_the_previous_set(project, cli, monkeypatch):
    assert build(cli)[0] == 0
    before = snapshot(project / "build", links=True)
    change_the_content(project)
    real_write = output._write_new
    written: list[Path] = []

    def full(path, data, mode):
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        real_write(path, data, mode)

    monkeypatch.setattr(output, "_write_new", full)
    code, lines = build(cli)
    assert code == 2
    assert lines == [
        "build:1:1: error: cannot write the editions: the disk is full: free some space and "
        "run the command again; the previous files are unchanged [output.write]",
        "diglot build: 1 error; nothing was written",
    ]
    assert snapshot(project / "build", links=True) == before and leftovers(project) == []


def test_a_second_build_waits_for_the_first_then_stops(project, cli):
    assert build(cli)[0] == 0
    lock = os.open(project / ".build.lock", os.O_RDWR | os.O_CREAT)  # as a build takes it
    fcntl.flock(lock, fcntl.LOCK_EX)
    os.pwrite(lock, b"4242\n", 0)
    try:
        code, lines = build(cli, "--wait", "0.2")
    finally:
        os.close(lock)
    assert code == 2
    assert lines == [
        "build:1:1: error: another build (process 4242) is writing this folder; waited 0.2 s. "
        "Run again when it has finished (build --wait SECONDS waits longer) [output.locked]",
        "diglot build: 1 error; nothing was written",
    ]
    lock = os.open(project / ".build.lock", os.O_RDWR | os.O_CREAT)  # as a build takes it
    fcntl.flock(lock, fcntl.LOCK_EX)
    threading.Timer(0.3, os.close, (lock,)).start()  # the other build finishes meanwhile
    change_the_content(project)
    assert build(cli, "--wait", "10")[0] == 0
    assert "华盛顿哥伦比亚特区" in (project / "build" / "memo" / "memo.zh.md").read_text()


def test_two_builds_at_once_give_one_complete_set(project, cli, diglot_process):
    assert build(cli)[0] == 0
    change_the_content(project)
    runs = [
        diglot_process.popen(
            "build",
            "--force",
            "--format",
            FORMATS,
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(3)
    ]
    for run in runs:
        out, _ = run.communicate(timeout=120)
        assert run.returncode == 0, out
    files = snapshot(project / "build", links=True)
    # six editions, the list of diglot's files and the record of their inputs
    assert len(files) == 8 and "华盛顿哥伦比亚特区" in files["memo/memo.zh.md"].decode()
    assert leftovers(project) == [] and not (project / ".build.lock").exists()


def test_the_lock_goes_with_the_build(project, cli):
    """The lock beside the output folder is removed as the build ends: nothing is left in
    the folder around it."""
    (project / "site").mkdir()
    assert build(cli, "--out", "site/out")[0] == 0
    assert build(cli, "--out", "site/out")[0] == 0
    assert sorted(os.listdir(project / "site")) == ["out"]
    assert build(cli)[0] == 0
    assert not (project / ".build.lock").exists()


def test_a_build_that_waited_locks_the_file_that_is_there_now(project, cli, monkeypatch):
    """The build that held the lock removes its file as it ends; one that was waiting for
    that file (locked now, but no longer the one at its name) takes the new one, so that a
    third build that made the new one meanwhile cannot run at once."""
    path = project / ".build.lock"
    first = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(first, fcntl.LOCK_EX)
    real_flock = fcntl.flock
    moments: list[str] = []

    def flock(fd, operation):
        if fd != first and operation & fcntl.LOCK_NB and not moments:
            moments.append("waited")
            path.unlink()  # the first build ends: its file goes, then its lock
            os.close(first)
            third = os.open(path, os.O_RDWR | os.O_CREAT)  # a third build starts
            real_flock(third, fcntl.LOCK_EX)
            os.pwrite(third, b"4343\n", 0)
            moments.append(str(third))
        return real_flock(fd, operation)

    monkeypatch.setattr(output.fcntl, "flock", flock)
    code, lines = build(cli, "--wait", "0.3")
    os.close(int(moments[1]))
    assert code == 2, lines
    assert lines[0] == (
        "build:1:1: error: another build (process 4343) is writing this folder; waited 0.3 s. "
        "Run again when it has finished (build --wait SECONDS waits longer) [output.locked]"
    )


# -- class 4: workers end with their parent; Ctrl-C and TERM end cleanly --------------------


def children(pid: int) -> set[int]:
    """The forked worker processes of pid (its children running diglot: not fc-match)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"pipeline.py" in command:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def start_pdf_build(diglot_process, project: Path) -> tuple[subprocess.Popen, set[int]]:
    """A build of the PDFs in its own process group, once its workers are running."""
    process = diglot_process.popen(
        "build",
        "--format",
        "pdf",
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while not workers and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        seen = children(process.pid)
        time.sleep(0.2)  # a fork about to run fc-match or git looks like a worker a moment
        workers = seen & children(process.pid)
    assert workers, "the build started no worker"
    return process, workers


def all_gone(pids: set[int], within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(alive(pid) for pid in pids)


@pytest.mark.skipif(os.cpu_count() == 1, reason="one processor: no worker processes")
def test_kill_9_of_the_build_ends_its_workers(project, diglot_process):
    process, workers = start_pdf_build(diglot_process, project)
    process.kill()
    process.wait()
    assert all_gone(workers), [pid for pid in workers if alive(pid)]
    assert not (project / "build").exists() and leftovers(project) == []


@pytest.mark.skipif(os.cpu_count() == 1, reason="one processor: no worker processes")
@pytest.mark.parametrize(
    "signum, to_group, code, line",
    [
        (signal.SIGINT, True, 130, "diglot: interrupted"),  # Ctrl-C: the whole process group
        (signal.SIGTERM, False, 143, "diglot: terminated"),
    ],
)
def test_ctrl_c_and_term_end_the_build_and_its_workers(
    project, diglot_process, signum, to_group, code, line
):
    process, workers = start_pdf_build(diglot_process, project)
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert process.returncode == code
    assert (out, err) == ("", line + "\n")
    assert all_gone(workers)
    assert not (project / "build").exists() and leftovers(project) == []


@pytest.mark.parametrize("command", ["check", "build", "approve", "review"])
def test_ctrl_c_in_any_command_is_one_line_and_exit_130(project, capsys, monkeypatch, command):
    import diglot.source

    def interrupted(*args, **kwargs):  # Ctrl-C while a content file is read
        raise KeyboardInterrupt

    monkeypatch.setattr(diglot.source, "read_stamped", interrupted)
    argv = [command, "--all"] if command == "approve" else [command]
    assert main(argv) == 130
    assert capsys.readouterr() == ("", "diglot: interrupted\n")


# -- class 6: a fault of the machine or a folder is one located line, never a traceback ------


def _deny(monkeypatch, method: str, target: str) -> None:
    """Path.<method> raises PermissionError for one path, as chmod 000 would for a user
    (the tests run as root, which no permission stops)."""
    real = getattr(Path, method)

    def denied(self, *args, **kwargs):
        if os.path.abspath(self) == os.path.abspath(target):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, denied)


def _deny_open(monkeypatch, target: str):
    """os.open raises PermissionError for one path (diglot reads every file through it)."""
    real = os.open

    def denied(path, *args, **kwargs):
        if os.path.abspath(path) == os.path.abspath(target):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)


def _no_fc_match(monkeypatch, stdout: str | None) -> None:
    from diglot.writers import fonts

    real = subprocess.run

    def run(command, *args, **kwargs):
        if command[0] != "fc-match":
            return real(command, *args, **kwargs)
        if stdout is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", "fc-match")
        family = command[-1]
        found = stdout if "CJK" in family else real(command, *args, **kwargs).stdout
        return subprocess.CompletedProcess(command, 0, found, "")

    monkeypatch.setattr(fonts.subprocess, "run", run)
    fonts.coverage.cache_clear()
    fonts.edition_coverage.cache_clear()


def _misspell_placeholder(project: Path) -> None:
    catalog = project / "templates" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("共{pages}页", "共{pags}页"))


# the catalog line of the translation _misspell_placeholder changes (labels come and go above)
PAGE_LINE = next(
    number
    for number, line in enumerate(
        (REPO / "templates" / "locale" / "zh" / "LC_MESSAGES" / "messages.po")
        .read_text(encoding="utf-8")
        .splitlines(),
        1,
    )
    if "共{pages}页" in line
)
EN_PROFILE = REPO / "languages" / "en.toml"  # the first to name a font, CJK fallbacks too

FAULTS = {
    "content folder unreadable": (
        lambda p, m: _deny(m, "iterdir", "content"),
        ["check"],
        2,
        "content:1:1: error: cannot use this file or folder: permission denied [io.error]",
    ),
    "language folder unreadable": (
        lambda p, m: _deny(m, "iterdir", "content/zh"),
        ["build"],
        2,
        "content/zh:1:1: error: cannot use this file or folder: permission denied [io.error]",
    ),
    "settings unreadable": (
        lambda p, m: (
            (p / "diglot.toml").write_text("[checks]\n"),
            _deny_open(m, "diglot.toml"),
        ),
        ["check"],
        2,
        "diglot.toml:1:1: error: cannot use this file or folder: permission denied [io.error]",
    ),
    "build folder is a file": (
        lambda p, m: (p / "build").write_text("a file"),
        ["build"],
        2,
        "build:1:1: error: the output folder is a file, not a folder; pass --out DIR for "
        "another place [output.not-a-folder]",
    ),
    "--out is a file": (
        lambda p, m: (p / "notes.txt").write_text("a file"),
        ["build", "--out", "notes.txt"],
        2,
        "notes.txt:1:1: error: the output folder is a file, not a folder; pass --out DIR for "
        "another place [output.not-a-folder]",
    ),
    "--out is a link to nothing": (
        lambda p, m: (p / "build").symlink_to(p / "nowhere"),
        ["build"],
        2,
        "build:1:1: error: the output folder is a link to nothing; remove it [output.not-a-folder]",
    ),
    "build folder read-only": (
        lambda p, m: ((p / "build").mkdir(), (p / "build").chmod(0o555)),
        ["build"],
        2,
        "build:1:1: error: the output folder is read-only; make it writable (chmod u+w) or "
        "pass --out DIR [output.read-only]",
    ),
    "folder around the output read-only": (
        lambda p, m: ((p / "site").mkdir(), (p / "site").chmod(0o555)),
        ["build", "--out", "site/build"],
        2,
        "site/build:1:1: error: cannot create files in site, where a build prepares the new "
        "output folder beside the old one; make it writable or pass --out DIR "
        "[output.read-only]",
    ),
    "--out is the project": (
        lambda p, m: None,
        ["build", "--out", "."],
        2,
        ".:1:1: error: the output folder is the current folder; a build replaces the whole "
        "output folder, so give it a folder of its own, outside the project's content, "
        "templates, types, languages and .git folders (such as build/) [output.holds-project]",
    ),
    "misspelled placeholder in a catalog": (
        lambda p, m: _misspell_placeholder(p),
        ["build"],
        1,
        f"templates/locale/zh/LC_MESSAGES/messages.po:{PAGE_LINE}:19: error: label 'Page {{page}} of "
        "{pages}': the translation has {pags}, which the label does not have (it has {page}, "
        "{pages}; the translation lacks {pages}); it would be printed as it is "
        "[locale.placeholder]",
    ),
    "fc-match missing": (
        lambda p, m: _no_fc_match(m, None),
        ["build"],
        2,
        f"{EN_PROFILE}:1:1: error: fontconfig's fc-match is not installed, so no font can be "
        "looked up; run ./dev setup [pdf.font-missing]",
    ),
    "fontconfig offers another family": (
        lambda p, m: _no_fc_match(m, "DejaVu Sans\t20-7e"),
        ["build"],
        2,
        f"{EN_PROFILE}:1:1: error: the font 'Noto Serif CJK SC' is not installed (fontconfig "
        "offers 'DejaVu Sans' instead); run ./dev setup [pdf.font-missing]",
    ),
}


@pytest.fixture
def fonts_cache():
    from diglot.writers import fonts

    yield
    fonts.coverage.cache_clear()
    fonts.edition_coverage.cache_clear()


@pytest.mark.parametrize("fault", FAULTS)
def test_faults_are_one_located_line(project, capsys, monkeypatch, fonts_cache, fault):
    setup, argv, code, line = FAULTS[fault]
    setup(project, monkeypatch)
    if argv[0] == "build":
        argv = [*argv, "--format", FORMATS]
    assert main(argv) == code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    located = [row for row in (out + err).splitlines() if LOCATED.match(row)]
    assert located == [line]
    assert not (project / "build").is_dir() or not any((project / "build").iterdir())
    assert leftovers(project) == []


# -- class 9: approve through links, never over a read-only file ----------------------------


@pytest.fixture
def unapproved(project):
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(re.sub(r"(?m)^ *source-hash: .*\n", "", zh.read_text(encoding="utf-8")))
    return zh


def test_approve_writes_through_a_link_to_the_real_file(project, unapproved, capsys):
    real = project / "translations" / "memo.yaml"
    real.parent.mkdir()
    unapproved.rename(real)
    unapproved.symlink_to(Path("..", "..", "translations", "memo.yaml"))
    original = real.read_bytes()
    assert main(["approve", "--all"]) == 0
    assert capsys.readouterr().out.endswith(
        "approved 14 units in 1 file; each file's previous version is kept beside it as "
        "<file>.bak\n"
    )
    assert unapproved.is_symlink() and unapproved.resolve() == real
    assert real.read_text(encoding="utf-8").count("source-hash:") == 14
    assert (project / "translations" / "memo.yaml.bak").read_bytes() == original
    assert not (project / "content" / "zh" / "memo.yaml.bak").exists()
    assert main(["check"]) == 0


def test_approve_refuses_a_read_only_file(project, unapproved, capsys):
    unapproved.chmod(0o444)
    before = unapproved.read_bytes()
    assert main(["approve", "--all"]) == 1
    assert capsys.readouterr().out == (
        "content/zh/memo.yaml:1:1: error: the file is read-only; make it writable (chmod u+w) "
        "to approve its units [approve.read-only]\n"
        "nothing approved: 1 error (above)\n"  # a summary line in every case
    )
    assert unapproved.read_bytes() == before
    assert not (project / "content" / "zh" / "memo.yaml.bak").exists()


def test_approve_refuses_a_link_to_a_read_only_file(project, unapproved, capsys):
    real = project / "memo.yaml"
    unapproved.rename(real)
    unapproved.symlink_to(real)
    real.chmod(0o444)
    assert main(["approve", "--all", "--dry-run"]) == 1
    assert capsys.readouterr().out == (
        "content/zh/memo.yaml:1:1: error: the file (a link to memo.yaml) is read-only; make "
        "it writable (chmod u+w) to approve its units [approve.read-only]\n"
        "nothing approved: 1 error (above)\n"
    )


def test_approve_refuses_a_file_with_two_names(project, unapproved, capsys):
    os.link(unapproved, project / "memo-copy.yaml")
    before = unapproved.read_bytes()
    assert main(["approve", "--all"]) == 1
    assert capsys.readouterr().out == (
        "content/zh/memo.yaml:1:1: error: the file has 2 hard links; approve replaces the "
        "file, which would leave the other names with the old text: make it a single file "
        "(or a symbolic link) first [approve.hard-link]\n"
        "nothing approved: 1 error (above)\n"
    )
    assert unapproved.read_bytes() == before == (project / "memo-copy.yaml").read_bytes()


# -- class 10: the output folder is diglot's: never one of the project's, never another's ----


@pytest.mark.parametrize(
    "out, relation",
    [
        ("content", "is the project's content folder (content)"),
        ("content/en", "lies inside the project's content folder (content)"),
        ("content/zh/new", "lies inside the project's content folder (content)"),
        ("types", "is the project's types folder (types)"),
        ("languages/new", "lies inside the project's languages folder (languages)"),
        ("templates/css", "lies inside the project's templates folder (templates)"),
        (".git", "is the project's .git folder (.git)"),
        (".git/objects", "lies inside the project's .git folder (.git)"),
    ],
)
def test_the_output_is_none_of_the_projects_folders(project, cli, out, relation):
    (project / ".git" / "objects").mkdir(parents=True)
    before = snapshot(project, links=True)
    code, lines = build(cli, "--out", out)
    assert code == 2
    assert lines == [
        f"{out}:1:1: error: the output folder {relation}; a build replaces the whole output "
        "folder, so give it a folder of its own, outside the project's content, templates, "
        "types, languages and .git folders (such as build/) [output.holds-project]",
        "diglot build: 1 error; nothing was written",
    ]
    assert snapshot(project, links=True) == before  # no edition, no lock, no list of files
    assert sorted(p.name for p in project.rglob(".*lock")) == []


def test_a_folder_of_other_files_is_not_taken_for_the_output(project, cli, tmp_path_factory):
    """A folder that is there with files in it, and no earlier build's list of files (/etc,
    a home folder), is not made the output folder: a build would replace it whole."""
    theirs = tmp_path_factory.mktemp("theirs")
    (theirs / "hosts").write_text("127.0.0.1 localhost\n")
    (theirs / "conf.d").mkdir()
    before = snapshot(theirs, links=True)
    inode = theirs.stat().st_ino
    code, lines = build(cli, "--out", str(theirs))
    assert code == 2
    assert lines == [
        f"{theirs}:1:1: error: the output folder holds conf.d/, hosts, and no earlier build "
        "(it has no .diglot-files); a build replaces the whole folder, so give it a new or "
        "empty folder (such as build/), or, to build into this one and keep what it holds, "
        f"mark it as diglot's first: touch {theirs}/.diglot-files [output.not-empty]",
        "diglot build: 1 error; nothing was written",
    ]
    assert snapshot(theirs, links=True) == before and theirs.stat().st_ino == inode
    assert not [p for p in theirs.parent.iterdir() if p.name.startswith(f".{theirs.name}.")]
    (theirs / output.MANIFEST).touch()  # marked as diglot's: built into, its files kept
    assert build(cli, "--out", str(theirs))[0] == 0
    assert (theirs / "hosts").read_text() == "127.0.0.1 localhost\n"
    assert (theirs / "memo" / "memo.en.html").is_file()
    (project / "empty").mkdir()  # an empty folder is taken as it is
    assert build(cli, "--out", "empty")[0] == 0
