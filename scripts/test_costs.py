"""Measure what each test of the fast set costs and write tests/costs.txt: the tests that take
no heavy fixture but cost more than the budget for one test, which the suite then counts as
slow (tests/conftest.py), so that `./dev test -m fast` stays a short loop as the suite grows.

    python scripts/test_costs.py [--budget 0.1] [--check]

It runs the tests that take no heavy fixture in one process (`pytest -m fast -n 0`, bytecode
written and read as in `./dev test`), adds up each test's setup, call and teardown, and lists
every test at or over the budget (a test listed already stays while it costs four fifths of
the budget or more, so that the list does not change with the few hundredths a test near the
budget measures either side of it from one run to the next). A shared fixture (module or session scope) is not counted
to the test that happened to make it first: it is made once for many, and listing that test
would only pass its cost on to the next. The costliest shared fixtures are printed apart. With
--check nothing is written: the fast set that tests/costs.txt leaves is measured, and the exit
code is 1 when one of its tests costs half as much again as the budget (a test near the budget
measures a few hundredths either side of it from one run to the next).

What a test costs depends on the machine; the list is measured on the two-core machine the
suite's figures in CONTRIBUTING.md come from. Measure again when tests are added or made
cheaper: a test that has gone from the suite is dropped from the list."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
sys.path.insert(0, str(REPO / "tests"))

from conftest import COSTS, COSTS_LIST, MEASURE_COSTS, costly_tests  # noqa: E402

TOLERANCE = 1.5  # --check fails on a test that costs this many times the budget
STAYS = 0.8  # a listed test is dropped when it costs less than this share of the budget

HEADER = """\
# The tests that take no heavy fixture but cost more than {budget} s each (setup, call and
# teardown, in one process), measured by scripts/test_costs.py: tests/conftest.py counts them
# as slow, so that `./dev test -m fast` stays a short loop. Written by the script; measure
# again when tests are added or made cheaper (python scripts/test_costs.py).
"""


def listed() -> set[str]:
    return costly_tests(COSTS)


def measure(slow: set[str]) -> dict[str, float]:
    """What each test of the fast set costs, the tests in slow counted as slow."""
    shm = Path("/dev/shm")  # where ./dev test puts the suite's files, when it can
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="diglot-costs-", dir=where) as folder:
        out = Path(folder) / "costs.json"
        given = Path(folder) / "costs.txt"
        given.write_text("".join(f"{node}\n" for node in sorted(slow)), "utf-8")
        env = dict(os.environ, **{MEASURE_COSTS: str(out), COSTS_LIST: str(given)})
        env["TMPDIR"] = folder
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [str(PYTHON), "-m", "pytest", "-m", "fast", "-n", "0", "-q"]
        started = time.monotonic()
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        print(f"  {lines[-1] if lines else '(no output)'} ({time.monotonic() - started:.1f} s)")
        if done.returncode != 0:
            sys.exit(f"test_costs: the fast set failed; fix it first:\n{done.stdout[-3000:]}")
        measured = json.loads(out.read_text("utf-8"))
        shared = measured["shared fixtures"]
        print(f"  shared fixtures: {sum(shared.values()):.1f} s in all; the costliest:")
        for name, cost in sorted(shared.items(), key=lambda kv: -kv[1])[:5]:
            print(f"    {cost:.2f} s  {name}")
        return measured["tests"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=0.1, help="seconds a fast test may cost")
    parser.add_argument("--check", action="store_true", help="measure only; write nothing")
    args = parser.parse_args()

    if args.check:
        print("the fast set tests/costs.txt leaves:")
        costs = measure(listed())
    else:
        print("every test that takes no heavy fixture:")
        costs = measure(set())
    # a listed test stays listed until it costs clearly less (a test near the budget measures
    # a few hundredths either side of it from one run to the next)
    before = set() if args.check else listed()
    over = {
        node: cost
        for node, cost in costs.items()
        if cost >= args.budget or (node in before and cost >= args.budget * STAYS)
    }
    left = sum(cost for node, cost in costs.items() if node not in over)
    print(f"{len(costs)} tests, {sum(costs.values()):.1f} s; {len(over)} over the budget")
    if args.check:
        # what one run measures of a test near the budget varies by a few hundredths
        far = {node: cost for node, cost in over.items() if cost >= args.budget * TOLERANCE}
        for node, cost in sorted(far.items(), key=lambda kv: -kv[1]):
            print(f"  far over the budget: {node} ({cost:.2f} s)")
        print(f"{len(far)} at or over {args.budget * TOLERANCE:.2f} s")
        return 1 if far else 0
    COSTS.write_text(
        HEADER.format(budget=args.budget) + "".join(f"{node}\n" for node in sorted(over)),
        "utf-8",
    )
    print(
        f"wrote {COSTS.relative_to(REPO)}: {len(over)} tests over {args.budget} s; "
        f"the {len(costs) - len(over)} left cost {left:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
