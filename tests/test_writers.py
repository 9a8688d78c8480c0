"""The writer interface and registry, the build's --format, and the executor."""

from __future__ import annotations

import json
import shutil

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


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "types" / "declaration" / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


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


def test_a_writer_error_fails_the_build_and_writes_nothing(project, capsys):
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
