"""Ctrl-C and SIGTERM at random moments of diglot's commands, many times over: what the
hardening test of signals (tests/test_hardening_signals.py) does 25 times a run, done as
often as asked, for the rare moment a test run would seldom meet (a signal inside an
import's callback, a class being made, a finaliser).

Each run starts `python pipeline.py COMMAND` on a copy of the bundled project, waits a
random 0.03 to 0.4 s, sends SIGINT or SIGTERM and reads what the command said. A run is
bad when it printed a Python traceback, "Exception ignored", or an internal error, or
ended with another code than 0 (done first), 1 (the checks' findings), 130 or 143 (one
line: interrupted, terminated). A death by the signal itself (-2, -15) is Python's own:
the signal came before the first line of pipeline.py ran. Prints the count of each exit
code and each bad run; exits 1 when there was one.

    .venv/bin/python scripts/stress_signals.py [--runs 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMANDS = (["check"], ["status"], ["types"], ["review"], ["build", "--format", "md"])
GOOD = {0, 1, 130, 143, -signal.SIGINT, -signal.SIGTERM}
BAD_WORDS = ("Traceback", "Exception ignored", "internal error")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    codes: collections.Counter[int] = collections.Counter()
    bad = []
    with tempfile.TemporaryDirectory(prefix="diglot-signals-") as tmp:
        project = Path(tmp)
        for folder in ("content", "templates"):
            shutil.copytree(REPO / folder, project / folder)
        for _ in range(args.runs):
            argv = chance.choice(COMMANDS)
            signum = chance.choice((signal.SIGINT, signal.SIGTERM))
            delay = chance.uniform(0.03, 0.4)
            process = subprocess.Popen(
                [sys.executable, str(REPO / "pipeline.py"), *argv],
                cwd=project,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(delay)
            process.send_signal(signum)
            _, err = process.communicate(timeout=120)
            codes[process.returncode] += 1
            if process.returncode not in GOOD or any(word in err for word in BAD_WORDS):
                bad.append((argv, signal.Signals(signum).name, round(delay, 3), err[-400:]))
    print("exit codes:", ", ".join(f"{code}: {n}" for code, n in sorted(codes.items())))
    print(f"bad runs: {len(bad)} of {args.runs}")
    for argv, name, delay, err in bad:
        print(f"  {' '.join(argv)} {name} after {delay} s:\n    " + err.replace("\n", "\n    "))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
