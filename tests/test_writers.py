"""The writer interface and registry, the build's --format, and the executor."""

from __future__ import annotations

import importlib
import json
import os
import sys

import pytest

from diglot import executor, writers
from diglot.cli import main
from diglot.diagnostics import Diagnostic, Location
from diglot.writers import WriteError

from conftest import FIXTURES, REPO


class OutlineWriter:
    """A toy format: each edition's unit ids and numbers, as JSON."""

    name, suffix, heavy = "outline", ".outline.json", False

    def write(self, layout, context) -> bytes:
        return json.dumps(
            [[block.id, [cell.number for cell in block.cells]] for block in layout.blocks()],
            ensure_ascii=False,
        ).encode()


# the declaration fixture with the templates
pytestmark = pytest.mark.project(
    content=FIXTURES / "types" / "declaration" / "content", templates=True
)


def test_a_registered_writer_writes_every_edition_without_a_change_to_build(project, capsys):
    writers.register(OutlineWriter())
    try:
        assert main(["build", "--format", "outline"]) == 0, capsys.readouterr().out
    finally:
        writers.unregister("outline")
    (folder,) = (project / "build").glob("[!.]*")  # not .diglot-files
    files = sorted(p.name for p in folder.iterdir())
    assert files == sorted(f"{folder.name}.{e}.outline.json" for e in ("en", "en-zh", "zh"))
    outline = json.loads((folder / f"{folder.name}.en-zh.outline.json").read_text())
    assert ["purpose", ["Article 1", "第一条"]] in outline


def test_format_builds_a_subset(project, capsys):
    assert main(["build", "--format", "docx,html"]) == 0
    (folder,) = (project / "build").glob("[!.]*")  # not .diglot-files
    assert sorted({p.suffix for p in folder.iterdir()}) == [".docx", ".html"]


def test_an_unknown_format_is_a_usage_error(project, capsys):
    assert main(["build", "--format", "pdf,odt"]) == 2
    err = capsys.readouterr().err
    assert "--format takes a comma-separated list of html, pdf, docx" in err and "not odt" in err
    assert not (project / "build").exists()


def test_a_writer_error_fails_the_build_and_writes_nothing(project, capsys, weasyprint):
    class Broken(OutlineWriter):
        name = "broken"

        def write(self, layout, context):
            raise WriteError(
                [
                    Diagnostic(
                        "template.syntax", "error", "cannot write", Location("templates/x.j2", 3)
                    )
                ]
            )

    writers.register(Broken())
    try:
        assert main(["build"]) == 1
    finally:
        writers.unregister("broken")
    out = capsys.readouterr().out
    assert out.count("templates/x.j2:3:1: error: cannot write [template.syntax]") == 1
    assert not (project / "build").exists()


def test_a_write_error_survives_the_trip_from_a_worker():
    import pickle

    error = WriteError([Diagnostic("pdf.warning", "error", "WeasyPrint: x", Location("t"))])
    assert pickle.loads(pickle.dumps(error)).diagnostics == error.diagnostics


def _square(shared, item):
    return shared * item * item


@pytest.mark.parametrize("workers", [1, 2])
def test_the_executor_keeps_the_order_serial_or_parallel(workers):
    with executor.run(_square, 3, range(10), workers) as pending:
        assert pending.results() == [3 * n * n for n in range(10)]


def test_the_built_in_writers_are_declared_as_their_modules_define_them(weasyprint):
    """Their modules imported, the PDF writer's WeasyPrint with it."""
    for module, name, suffix, heavy in writers.BUILTIN:
        found = importlib.import_module(f"diglot.writers.{module}").WRITER
        assert (found.name, found.suffix, found.heavy) == (name, suffix, heavy)


def _pid(item):
    return os.getpid(), item, "json" in sys.modules


def test_workers_start_at_once_warm_up_and_take_pickled_work():
    with executor.Workers(2, importlib.import_module, ("json",)) as pool:
        results = [pool.submit(_pid, n).result() for n in range(4)]
    assert [item for _, item, _ in results] == [0, 1, 2, 3]
    assert all(pid != os.getpid() for pid, _, _ in results)
    assert all(warm for _, _, warm in results)


def test_a_build_renders_its_pdfs_in_workers_that_import_weasyprint_themselves(
    tmp_path, diglot_process
):
    """The build's own process never imports WeasyPrint: its workers do, while it checks."""
    script = (
        "import sys; from pathlib import Path; from diglot.diagnostics import Reporter\n"
        "from diglot.pipeline import build\n"
        "reporter = Reporter()\n"
        f"files = build(Path({str(REPO / 'content')!r}), Path({str(REPO / 'templates')!r}),"
        f" Path({str(tmp_path / 'out')!r}), reporter, ['pdf'], jobs=2)\n"
        "assert not reporter.errors, reporter.to_text()\n"
        "print(len(files), 'weasyprint' in sys.modules)\n"
    )
    done = diglot_process.python("-c", script, cwd=REPO, env=os.environ)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "False"]
    assert all(path.read_bytes().startswith(b"%PDF") for path in tmp_path.glob("out/*/*.pdf"))
