"""Benchmark of `release` against `build` of the same document (target: release <= 1.2 x
build).

Copies the bundled project (content/, templates/) into a temporary git repository, then
runs, as a user does, `python pipeline.py build --force` (every edition, none skipped) and `python pipeline.py release
digital-economy-2024 --version N --accept <every unit with an open note>` alternately
(each release into a new version folder), and prints the median of --runs runs of each
after one warm-up run of each, and their ratio, in wall-clock time and in processor time
(user and system, of every process of the command). The release does all the build does
(check, render, lint) and also the release gate (unit status), the manifest (hashes, git,
fontconfig) and SHA256SUMS.

    .venv/bin/python scripts/benchmark_release.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = "digital-economy-2024"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """The wall-clock time of a command and the processor time (user and system) of its
    processes: on a shared machine the second is the steadier figure."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copytree(ROOT / "templates", project / "templates")
        git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "content")
        program = [sys.executable, str(ROOT / "pipeline.py")]
        notes = subprocess.run(
            [*program, "review"],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
        ).stdout
        accept = sorted({line.split(": review: ")[1].split(":")[0] for line in notes.splitlines()})
        builds, releases = [], []
        for run in range(runs + 1):  # the first of each is the warm-up
            build = timed([*program, "build", "--force", "--out", "build"], project)
            release = timed(
                [*program, "release", DOC, "--version", f"{run}.0", "--accept", *accept], project
            )
            if run:
                builds.append(build)
                releases.append(release)
    for i, what in enumerate(("wall-clock", "processor")):
        build = statistics.median(t[i] for t in builds)
        release = statistics.median(t[i] for t in releases)
        print(
            f"{what:<10}  build {build:6.2f} s  release {release:6.2f} s  "
            f"ratio {release / build:4.2f} (target <= 1.2; medians of {runs})"
        )


if __name__ == "__main__":
    main()
