"""Benchmark of `build` against a bare WeasyPrint render of the same two HTML files.

Prints, measured in this one run on this machine:
  - baseline: a bare, in-process WeasyPrint render (HTML -> PDF bytes) of the English
    and the Chinese print HTML of the bundled document, one after the other;
  - build: diglot's whole in-process build (check, six files, atomic write) and its
    ratio to the baseline (target <= 1.1);
  - command: `python pipeline.py build` as a user runs it (interpreter start and imports
    included), and the peak memory of its processes (target <= 300 MB);
  - the Chinese PDF alone (target < 1 s).
Each figure is the median of --runs runs after one warm-up run.

    .venv/bin/python scripts/benchmark_build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diglot.diagnostics import Reporter  # noqa: E402
from diglot.locale import load_locale  # noqa: E402
from diglot.project import load_project  # noqa: E402
from diglot.render import html  # noqa: E402

CONTENT, TEMPLATES = ROOT / "content", ROOT / "templates"


def median_time(action, runs: int) -> float:
    action()  # warm-up: font configuration, hyphenation dictionaries, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def print_html() -> dict[str, str]:
    reporter = Reporter()
    pair = load_project(CONTENT, reporter).documents[0]
    env = html.environment(TEMPLATES)
    return {lang: html.render_html(env, TEMPLATES, getattr(pair, lang),
                                   load_locale(lang, TEMPLATES, reporter), "pdf", reporter)
            for lang in ("en", "zh")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    documents = print_html()

    import weasyprint  # the bare baseline: WeasyPrint as it comes, before diglot's build
    base_url = TEMPLATES.resolve().as_uri() + "/"

    def bare() -> None:
        for lang in ("en", "zh"):
            weasyprint.HTML(string=documents[lang], base_url=base_url).write_pdf()

    baseline = median_time(bare, runs)

    from diglot.build import build  # imports render/pdf.py (and its CJK justification)
    from diglot.render import pdf

    with tempfile.TemporaryDirectory() as out:
        def whole_build() -> None:
            reporter = Reporter()
            build(CONTENT, TEMPLATES, Path(out), reporter)
            assert not reporter.errors, reporter.to_text()

        in_process = median_time(whole_build, runs)

        def command() -> None:
            subprocess.run([sys.executable, str(ROOT / "pipeline.py"), "build", "--out", out],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

        wall = median_time(command, runs)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    zh_job = pdf.PdfJob("zh.pdf", documents["zh"], TEMPLATES)
    zh_alone = median_time(lambda: pdf.render_pdf(zh_job), runs)

    print(f"bare WeasyPrint render of the en + zh print HTML (baseline): {baseline:.3f} s")
    print(f"diglot build, in process, 6 files:  {in_process:.3f} s  = {in_process / baseline:.2f} "
          f"x baseline (target <= 1.10)")
    print(f"python pipeline.py build, whole command:  {wall:.3f} s  = {wall / baseline:.2f} "
          "x baseline (includes interpreter start and imports)")
    print(f"Chinese PDF alone: {zh_alone:.3f} s (target < 1 s)")
    print(f"peak memory of one build process: {peak_mb:.0f} MB (target <= 300 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
