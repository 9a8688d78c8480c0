"""Benchmark of `python pipeline.py serve`: how long an edit of a content file takes to reach
an open review page. The bundled project is copied to a temporary folder and served; a client
holds the page's event stream (/events, as the page's script does); each run edits one
translation (alternately two wordings) and measures the time until the stream announces a new
version and until the review page, fetched then, holds the edit. The baseline, measured in
the same run, is a whole `python pipeline.py check` of the same project (interpreter start
included), which is the work a page's update repeats in the server, minus the start.

    .venv/bin/python scripts/benchmark_serve.py [--runs 7]

The README promises an open page shows an edit within two seconds; the figures here are what
that promise is measured by (the tests assert only that the edit comes)."""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = "digital-economy-2024"
REVIEW = f"/{DOC}/{DOC}.en-zh.review.html"
# two wordings of the end of one recommendation (developments.rec.common-good)
WORDINGS = ("达成一致。", "取得一致。")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def next_version(stream, since: int) -> int:
    """Read the event stream until it announces a version other than since."""
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("the event stream ended")
        found = re.fullmatch(rb"data: (\d+)\n", line)
        if found and int(found[1]) != since:
            return int(found[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="diglot-bench-serve-"))
    try:
        for folder in ("content", "templates"):
            shutil.copytree(ROOT / folder, work / folder)
        zh = work / "content" / "zh" / f"{DOC}.yaml"
        original = zh.read_text(encoding="utf-8")
        if WORDINGS[0] not in original:
            raise SystemExit(f"{zh.name} no longer holds {WORDINGS[0]!r}: choose another text")

        checks = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, str(ROOT / "pipeline.py"), "check"],
                cwd=work,
                env=ENV,
                capture_output=True,
            )
            checks.append(time.perf_counter() - started)

        server = subprocess.Popen(
            [sys.executable, str(ROOT / "pipeline.py"), "serve", "--port", "0"],
            cwd=work,
            env={**ENV, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            found = re.search(r"http://([\d.]+):(\d+)/", line)
            if not found:
                raise SystemExit(f"serve did not start: {line!r}")
            host, port = found[1], int(found[2])
            events = http.client.HTTPConnection(host, port, timeout=60)
            events.request("GET", "/events?since=-1")
            stream = events.getresponse()
            version = next_version(stream, -1)
            announced, shown = [], []
            for run in range(args.runs):
                old, new = WORDINGS[run % 2], WORDINGS[(run + 1) % 2]
                text = zh.read_text(encoding="utf-8")
                started = time.perf_counter()
                zh.write_text(text.replace(old, new, 1), encoding="utf-8")
                version = next_version(stream, version)
                announced.append(time.perf_counter() - started)
                page = http.client.HTTPConnection(host, port, timeout=60)
                page.request("GET", REVIEW)
                body = page.getresponse().read().decode("utf-8")
                page.close()
                shown.append(time.perf_counter() - started)
                # the text as shown: the page may wrap its last characters in a no-break span
                if new not in re.sub(r"<[^>]*>", "", body):
                    raise SystemExit(f"run {run}: the page does not hold the edit")
            events.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    check = statistics.median(checks)
    for name, figures in (("version announced", announced), ("page holds the edit", shown)):
        median = statistics.median(figures)
        print(
            f"{name:20}: median {median:.3f} s (min {min(figures):.3f}, max "
            f"{max(figures):.3f}, {len(figures)} edits); {median / check:.2f}x a whole check"
        )
    print(f"{'baseline':20}: python pipeline.py check, median {check:.3f} s of {len(checks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
