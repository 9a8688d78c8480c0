"""Benchmark of `build` against a bare WeasyPrint render of the same two HTML files.

Prints, measured in this one run on this machine:
  - baseline: a bare, in-process WeasyPrint render (HTML -> PDF bytes) of every print
    HTML the build renders (English, Chinese, side-by-side), one after the other;
  - build: diglot's whole in-process build (check, all nine files, atomic write) and its
    ratio to the baseline (target <= 1.1);
  - command: `python pipeline.py build --force` as a user runs it (interpreter start and
    imports included), against the same three renders as one bare WeasyPrint command (an
    interpreter that imports WeasyPrint and renders the three print HTML files: what a
    WeasyPrint user runs) (target <= 1.0), and against the in-process baseline above;
    the peak memory of its processes (target <= 300 MB);
  - no-op rebuild: `python pipeline.py build` with nothing changed (target <= 0.3 s);
  - the Chinese PDF alone (target < 1 s);
  - the side-by-side PDF as diglot renders it, against a bare WeasyPrint render of its
    own HTML (target <= 1.5);
  - what the typographic lint and the word segmentation of titles cost: the in-process
    build against the same build with both switched off (target <= 1.10), and what the
    line breaking of whole paragraphs with its hyphenation limits costs, against the build
    with WeasyPrint's own first-fit line breaking.
Each figure is the median of --runs runs after one warm-up run.

    .venv/bin/python scripts/benchmark_build.py [--runs 5]
"""

from __future__ import annotations

import argparse
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
from diglot.writers import html  # noqa: E402

CONTENT, TEMPLATES = ROOT / "content", ROOT / "templates"


def median_time(action, runs: int) -> float:
    action()  # warm-up: font configuration, hyphenation dictionaries, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_medians(actions, runs: int) -> list[float]:
    """The median time of each action, the actions run in turn, runs rounds after a
    warm-up round."""
    for action in actions:
        action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, found in zip(actions, times):
            started = time.perf_counter()
            action()
            found.append(time.perf_counter() - started)
    return [statistics.median(found) for found in times]


def print_html() -> dict[str, str]:
    """The print HTML of every edition of the bundled document (en, zh, en-zh)."""
    from diglot.pipeline import check, editions

    reporter = Reporter()
    checked = check(CONTENT, reporter, keep=True)
    locales = {p.tag: load_locale(p, TEMPLATES, reporter) for p in checked.setup.languages.all}
    return {
        stem.rsplit(".", 1)[1]: html.render_edition(TEMPLATES, layout, "pdf", reporter)
        for stem, layout in editions(checked.pairs, checked.setup, locales)
    }


def command_peak_mb() -> float:
    """The largest resident set of any process of one `python pipeline.py build`, measured
    from a fresh helper process: this process's own children (the in-process builds' forked
    workers) inherit everything the baseline renders left here, which a user's build does
    not have."""
    with tempfile.TemporaryDirectory() as out:
        helper = (
            "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                helper,
                sys.executable,
                str(ROOT / "pipeline.py"),
                "build",
                "--out",
                out,
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
    return int(done.stdout.split()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    documents = print_html()

    import weasyprint  # the bare baseline: WeasyPrint as it comes, before diglot's build

    base_url = TEMPLATES.resolve().as_uri() + "/"

    def bare() -> None:
        for edition in ("en", "zh", "en-zh"):
            weasyprint.HTML(string=documents[edition], base_url=base_url).write_pdf()

    baseline = median_time(bare, runs)
    bare_side_by_side = median_time(
        lambda: weasyprint.HTML(string=documents["en-zh"], base_url=base_url).write_pdf(), runs
    )

    from diglot.pipeline import build
    from diglot.writers import pdf

    with tempfile.TemporaryDirectory() as out:

        def whole_build() -> None:
            reporter = Reporter()
            build(CONTENT, TEMPLATES, Path(out), reporter)
            assert not reporter.errors, reporter.to_text()

        # interleaved, so that what else the machine does weighs on each alike
        in_process, without_lint, first_fit = paired_medians(
            [whole_build, switched_off(whole_build, "lint"), switched_off(whole_build, "lines")],
            runs,
        )

        def command(*extra: str) -> None:
            subprocess.run(
                [sys.executable, str(ROOT / "pipeline.py"), "build", "--out", out, *extra],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )

        wall = median_time(lambda: command("--force"), runs)
        noop = median_time(command, runs)
        with tempfile.TemporaryDirectory() as pages:
            for edition, text in documents.items():
                Path(pages, f"{edition}.html").write_text(text, encoding="utf-8")
            bare_script = (
                "import sys, weasyprint\n"
                "for name in ('en', 'zh', 'en-zh'):\n"
                "    weasyprint.HTML(filename=f'{sys.argv[1]}/{name}.html', "
                "base_url=sys.argv[2]).write_pdf(f'{sys.argv[1]}/{name}.pdf')\n"
            )
            bare_command = median_time(
                lambda: subprocess.run(
                    [sys.executable, "-c", bare_script, pages, base_url], check=True
                ),
                runs,
            )
    peak_mb = command_peak_mb()
    zh_job = pdf.PdfJob("zh.pdf", documents["zh"], TEMPLATES)
    zh_alone = median_time(lambda: pdf.render_pdf(zh_job), runs)
    side_job = pdf.PdfJob("en-zh.pdf", documents["en-zh"], TEMPLATES)
    side_by_side = median_time(lambda: pdf.render_pdf(side_job), runs)

    print(f"bare WeasyPrint render of the en, zh and en-zh print HTML (baseline): {baseline:.3f} s")
    print(
        f"diglot build, in process, every edition:  {in_process:.3f} s  = {in_process / baseline:.2f} "
        f"x baseline (target <= 1.10)"
    )
    print(f"bare WeasyPrint command rendering the same three HTML files: {bare_command:.3f} s")
    print(
        f"python pipeline.py build --force, whole command:  {wall:.3f} s  = "
        f"{wall / bare_command:.2f} x the bare command (target <= 1.0), "
        f"{wall / baseline:.2f} x the in-process baseline"
    )
    print(f"python pipeline.py build, nothing changed:  {noop:.3f} s (target <= 0.3 s)")
    print(f"Chinese PDF alone: {zh_alone:.3f} s (target < 1 s)")
    print(
        f"side-by-side PDF: {side_by_side:.3f} s against a bare render of its HTML "
        f"{bare_side_by_side:.3f} s = {side_by_side / bare_side_by_side:.2f} x "
        "(target <= 1.50)"
    )
    print(
        f"peak memory of `python pipeline.py build` (its largest process, a PDF worker): "
        f"{peak_mb:.0f} MB (target <= 300 MB)"
    )
    print(
        f"typographic lint and title segmentation: the build {in_process:.3f} s against "
        f"{without_lint:.3f} s without them = {in_process / without_lint:.2f} x (target <= 1.10)"
    )
    print(
        f"whole-paragraph line breaking and hyphenation limits: the build {in_process:.3f} s "
        f"against {first_fit:.3f} s with WeasyPrint's first fit = "
        f"{in_process / first_fit:.2f} x"
    )
    return 0


def switched_off(action, what: str):
    """The action with the typographic lint and the title segmentation (what: lint), or
    diglot's line breaking of whole paragraphs and its hyphenation limits (what: lines),
    switched off in this process and the build's forked workers."""
    import contextlib

    from diglot import linebreak
    from diglot.writers import _boxes, _lines, pdf, typolint

    def run() -> None:
        saved = (typolint.lint, _boxes.lines, linebreak.Segmenter.breaks, _lines.limited)
        try:
            if what == "lint":
                typolint.lint = lambda lines, breaks=None: []  # type: ignore[assignment]
                _boxes.lines = lambda rendered, langs: []  # type: ignore[assignment]
                linebreak.Segmenter.breaks = lambda self, text: ()  # type: ignore[method-assign]
            else:
                pdf._lines.limited = contextlib.nullcontext  # type: ignore[assignment]
            action()
        finally:
            typolint.lint, _boxes.lines, linebreak.Segmenter.breaks, _lines.limited = saved

    return run


if __name__ == "__main__":
    raise SystemExit(main())
