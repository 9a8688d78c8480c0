"""Time the test suite against an earlier revision's: the fast set and the whole suite, the old
and the new run alternately (the machine's other load falls on both), wall-clock medians and
their ratio.

    python scripts/bench_tests.py --before REV [--fast-pairs 5] [--whole-pairs 1]

The old revision is checked out in a temporary git worktree and run as its README said then:
`python -m pytest` (serial; -m fast for the fast set). The new is `./dev test` (-m fast) of this
working tree. Both use this working tree's .venv and may write bytecode, as an ordinary
installation does. Each run's wall-clock time and pytest's closing line are printed as they
come, then the medians and ratios."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"


def closing_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1].strip("= ") if lines else "(no output)"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str, int]:
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.monotonic() - started, closing_line(done.stdout + done.stderr), done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the old revision (e.g. a merge-base)")
    parser.add_argument("--fast-pairs", type=int, default=5, help="pairs of fast-set runs")
    parser.add_argument("--whole-pairs", type=int, default=1, help="pairs of whole-suite runs")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    rev = subprocess.run(
        ["git", "rev-parse", "--short", args.before],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    old = Path(tempfile.mkdtemp(prefix="bench-tests-")) / "old"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-q", str(old), args.before], cwd=REPO, check=True
    )
    runners = {
        "old": (old, [str(PYTHON), "-m", "pytest", "-q", "-p", "no:cacheprovider"]),
        "new": (REPO, [str(REPO / "dev"), "test", "-q", "-p", "no:cacheprovider"]),
    }
    print(f"old: {rev} as `python -m pytest` (serial); new: {head} as `./dev test`", flush=True)
    try:
        for cwd, _ in runners.values():  # bytecode written, not timed
            subprocess.run(
                [str(PYTHON), "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider"],
                cwd=cwd,
                env=env,
                capture_output=True,
            )
        times: dict[tuple[str, str], list[float]] = {}
        for suite, pairs, extra in (
            ("fast", args.fast_pairs, ["-m", "fast"]),
            ("whole", args.whole_pairs, []),
        ):
            for i in range(pairs):
                order = ("old", "new") if i % 2 == 0 else ("new", "old")
                for name in order:
                    cwd, command = runners[name]
                    seconds, line, code = timed(command + extra, cwd, env)
                    times.setdefault((suite, name), []).append(seconds)
                    print(f"{suite:5} {name}: {seconds:7.1f} s  exit {code}  {line}", flush=True)
        print()
        for suite in ("fast", "whole"):
            if (suite, "old") not in times:
                continue
            before = statistics.median(times[(suite, "old")])
            after = statistics.median(times[(suite, "new")])
            print(
                f"{suite:5}: old median {before:7.1f} s, new median {after:7.1f} s "
                f"({len(times[(suite, 'old')])} runs each): new/old {after / before:.2f}, "
                f"{before / after:.2f}x as fast"
            )
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=REPO)
        shutil.rmtree(old.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
