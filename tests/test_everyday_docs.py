"""Everyday editing with several documents: one broken document never blocks another,
`build DOC…` and `check DOC…`, global options after the command, summaries that say what
failed to load, and a build that says what it renders and what it wrote."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import diglot.output as output
from diglot import incremental

from conftest import FIXTURES, snapshot

pytestmark = pytest.mark.project(templates=True)
FORMATS = "html,md"  # the quick writers: which documents are built does not depend on them
MEMO_FILES = ["en.html", "en.md", "zh.html", "zh.md", "en-zh.html", "en-zh.md"]


@pytest.fixture
def project(project: Path) -> Path:
    """Two documents: memo (the tiny fixture) and note (a copy of it)."""
    for lang in ("en", "zh"):
        shutil.copy(
            project / "content" / lang / "memo.yaml", project / "content" / lang / "note.yaml"
        )
    return project


def edit(project: Path, lang: str, doc: str, old: str, new: str) -> None:
    path = project / "content" / lang / f"{doc}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_memo(project: Path) -> None:
    """Two errors in one unit of memo: the Chinese says 8 where the English says 7."""
    edit(project, "zh", "memo", "未来5至7年", "未来5至8年")


# -- the report of several documents ------------------------------------------------------------


def test_each_document_s_lines_stand_under_its_own_headers():
    """Sorted by place, the English files of all documents come before the Chinese ones,
    and a unit with one finding had no header: a lint line of one document stood under the
    last header of another. Each document's lines now come together under its own header,
    and once a document shows unit headers every unit of it has one."""
    from diglot.diagnostics import Diagnostic, Location
    from diglot.report import to_text

    def found(lang: str, doc: str, line: int, unit: str | None, code: str) -> Diagnostic:
        where = Location(f"content/{lang}/{doc}.yaml", line, 15)
        return Diagnostic(code, "warning", f"{unit or 'the file'}: {code}", where, unit=unit)

    report = [
        found("en", "memo", 9, "title", "typo.loose-line"),
        found("en", "memo", 9, "title", "typo.loose-line"),
        found("en", "note", 26, "chips.outlook", "typo.loose-line"),
        found("zh", "memo", 26, "chips.outlook", "typo.loose-cjk"),
        found("zh", "memo", 50, None, "typo.widow"),
        found("zh", "note", 13, "place", "qa.consistency-source"),
    ]
    assert to_text(report).splitlines() == [
        "══ memo " + "═" * 56,
        "content/zh/memo.yaml:50:15: warning: the file: typo.widow [typo.widow]",
        "── title " + "─" * 55,
        "content/en/memo.yaml:9:15: warning: title: typo.loose-line [typo.loose-line]",
        "content/en/memo.yaml:9:15: warning: title: typo.loose-line [typo.loose-line]",
        "── chips.outlook " + "─" * 47,
        "content/zh/memo.yaml:26:15: warning: chips.outlook: typo.loose-cjk [typo.loose-cjk]",
        "══ note " + "═" * 56,
        "── chips.outlook " + "─" * 47,
        "content/en/note.yaml:26:15: warning: chips.outlook: typo.loose-line [typo.loose-line]",
        "── place " + "─" * 55,
        "content/zh/note.yaml:13:15: warning: place: qa.consistency-source [qa.consistency-source]",
    ]
    alone = [found("en", "memo", 9, "title", "typo.loose-line"), report[4]]
    assert to_text(alone).splitlines() == [d.format() for d in alone]  # no header needed


# -- documents are independent ---------------------------------------------------------------


def test_a_document_builds_while_another_is_broken(project, cli):
    assert cli("build", "--format", FORMATS).code == 0
    before = snapshot(project / "build")
    break_memo(project)
    edit(project, "zh", "note", "华盛顿特区", "华盛顿哥伦比亚特区")
    code, out, err = cli("build", "--format", FORMATS).split()
    assert code == 1
    assert out == [
        "══ memo " + "═" * 56,
        "── chips.outlook ───────────────────────────────────────────────",
        "content/zh/memo.yaml:26:15: error: 'chips.outlook': the Chinese lacks 7 from the "
        "English (English: content/en/memo.yaml:26:15) [qa.numbers]",
        "content/zh/memo.yaml:26:15: error: 'chips.outlook': the Chinese has 8 that the English "
        "does not (English: content/en/memo.yaml:26:15) [qa.numbers]",
        "══ note " + "═" * 56,
        "── place ───────────────────────────────────────────────────────",
        "content/zh/note.yaml:13:11: warning: 'place': the same English is translated "
        "differently in 'place' (content/zh/memo.yaml:13:11): “华盛顿特区” (English: "
        "content/en/note.yaml:13:11) [qa.consistency-source]",
        "── chips.outlook ───────────────────────────────────────────────",
        "content/zh/note.yaml:26:15: warning: 'chips.outlook': the same English is translated "
        "differently in 'chips.outlook' (content/zh/memo.yaml:26:15): “未来5至8年，中国将成为成熟"
        "制程芯片的重要制造国。” (English: content/en/note.yaml:26:15) [qa.consistency-source]",
        "wrote note (6 files in build/note/): " + ", ".join(MEMO_FILES),
        "diglot build: 2 errors; 6 files in build/ for 1 document; refused 1 document whose "
        "checks failed: memo (2 errors: qa.numbers)",
    ]
    assert err == []
    after = snapshot(project / "build")
    # the refused document's previous editions stay as they were, and stay diglot's
    assert {k: v for k, v in after.items() if k.startswith("memo/")} == {
        k: v for k, v in before.items() if k.startswith("memo/")
    }
    assert "华盛顿哥伦比亚特区" in after["note/note.zh.md"].decode()
    assert "memo/memo.zh.md" in after[output.MANIFEST].decode()
    # fixed, memo is built again; a document no longer in the project goes
    edit(project, "zh", "memo", "未来5至8年", "未来5至7年")
    for lang in ("en", "zh"):
        (project / "content" / lang / "note.yaml").unlink()
    code, out, _ = cli("build", "--format", FORMATS).split()
    assert code == 0, out
    assert out[-1] == "diglot build: 6 files in build/"
    assert sorted(snapshot(project / "build")) == [
        output.MANIFEST,
        incremental.CACHE,
        *sorted(f"memo/memo.{name}" for name in MEMO_FILES),
    ]


def test_a_document_that_does_not_load_is_refused_alone_one_not_translated_is_drafted(project, cli):
    (project / "content" / "en" / "memo.yaml").write_text("title-block: [\n", encoding="utf-8")
    (project / "content" / "en" / "extra.yaml").write_text(
        (project / "content" / "en" / "note.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, _ = cli("build", "--format", FORMATS).split()
    assert code == 1  # the missing translation is still an error
    assert any(line.endswith("[parity.no-translation]") for line in out), out
    assert out[-1] == (
        "diglot build: 2 errors; 8 files in build/ for 2 documents; drafts of extra in English "
        "only: its translation does not exist yet; refused 1 document whose checks failed: "
        "memo (1 error: yaml.syntax)"
    )
    assert sorted(snapshot(project / "build")) == [
        output.MANIFEST,
        incremental.CACHE,
        "extra/extra.en.html",
        "extra/extra.en.md",
        *sorted(f"note/note.{name}" for name in MEMO_FILES),
    ]


def test_when_every_document_is_refused_nothing_is_written(project, cli):
    assert cli("build", "--format", FORMATS).code == 0
    before = snapshot(project / "build")
    break_memo(project)
    edit(project, "zh", "note", "未来5至7年", "未来5至9年")
    code, out, _ = cli("build", "--format", FORMATS).split()
    assert code == 1
    assert out[-1] == (
        "diglot build: 4 errors; nothing was written; refused 2 documents whose checks "
        "failed: memo (2 errors: qa.numbers); note (2 errors: qa.numbers)"
    )
    assert snapshot(project / "build") == before


def test_a_problem_of_the_project_stops_every_document(project, cli):
    assert cli("build", "--format", FORMATS).code == 0
    before = snapshot(project / "build")
    break_memo(project)
    (project / "content" / "glossary.yaml").write_text("terms: [\n", encoding="utf-8")
    code, out, _ = cli("build", "--format", FORMATS).split()
    assert code == 1
    assert out[-1] == "diglot build: 3 errors; nothing was written"
    assert any(line.startswith("content/glossary.yaml:") for line in out)
    assert snapshot(project / "build") == before


# -- document ids ----------------------------------------------------------------------------


def test_build_takes_document_ids_and_keeps_the_others(project, cli):
    assert cli("build", "--format", FORMATS).code == 0
    before = snapshot(project / "build")
    break_memo(project)  # not asked for: neither checked nor built
    edit(project, "zh", "note", "华盛顿特区", "华盛顿哥伦比亚特区")
    code, out, _ = cli("build", "note", "--format", FORMATS).split()
    assert (code, out) == (
        0,
        [
            "wrote note (6 files in build/note/): " + ", ".join(MEMO_FILES),
            "diglot build: 6 files in build/",
        ],
    )
    after = snapshot(project / "build")
    assert {k: v for k, v in after.items() if k.startswith("memo/")} == {
        k: v for k, v in before.items() if k.startswith("memo/")
    }
    assert "华盛顿哥伦比亚特区" in after["note/note.zh.md"].decode()


def test_check_takes_document_ids(project, cli):
    break_memo(project)
    code, out, _ = cli("check", "note").split()
    assert (code, out) == (
        0,
        [
            "diglot check: 1 document, 14 aligned units: no problems; 1 unit marked for review "
            "(diglot review lists them)"
        ],
    )
    code, out, _ = cli("check", "memo").split()
    assert code == 1
    assert out[-1] == (
        "diglot check: 1 document, 14 aligned units: 2 errors; 1 unit marked for review "
        "(diglot review lists them)"
    )


@pytest.mark.parametrize(
    "args, line",
    [
        (["check", "memoo"], "diglot check: error: no document 'memoo'; did you mean 'memo'?"),
        (["build", "nte"], "diglot build: error: no document 'nte'; did you mean 'note'?"),
        (
            ["check", "note", "press-2025"],
            "diglot check: error: no document 'press-2025'; the documents are memo, note",
        ),
    ],
)
def test_an_unknown_document_id_is_a_usage_error_with_the_nearest(project, cli, args, line):
    code, out, err = cli(*args).split()
    assert (code, out, err) == (2, [], [line])
    assert not (project / "build").exists()


# -- global options after the command --------------------------------------------------------


@pytest.mark.parametrize("before", [True, False])
def test_content_works_before_and_after_the_command(tmp_path, monkeypatch, cli, before):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "project" / "texts")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    content = ["--content", "../project/texts"]
    code, out, err = cli(*(content + ["check"] if before else ["check"] + content)).split()
    assert (code, err) == (0, [])
    assert out == [
        "diglot check: 1 document, 14 aligned units: no problems; 1 unit marked for review "
        "(diglot review lists them)"
    ]


def test_content_after_the_command_wins_over_the_one_before(tmp_path, monkeypatch, cli):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "texts")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("--content", "nowhere", "review", "--content", "texts").split()
    assert code == 0 and err == []
    code, _, err = cli("--content", "texts", "types", "--content", "texts").split()
    assert code == 0 and err == []


# -- summaries -------------------------------------------------------------------------------


def test_the_summary_says_which_files_could_not_be_loaded(tmp_path, monkeypatch, cli):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "en" / "memo.yaml").write_text("title-block: [\n", encoding="utf-8")
    (tmp_path / "content" / "zh" / "memo.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    code, out, _ = cli("check").split()
    assert code == 1
    assert [line.split(": error:")[0] for line in out[:-1]] == [
        "content/en/memo.yaml:2:1",
        "content/zh/memo.yaml:1:1",
        "content/zh/memo.yaml:2:1",
    ]
    assert out[-1] == (
        "diglot check: 0 documents checked, 2 files could not be loaded (content/en/memo.yaml, "
        "content/zh/memo.yaml): 3 errors"
    )


def test_the_summary_counts_the_files_beyond_three(project, cli):
    for doc in ("memo", "note", "a", "b"):
        for lang in ("en", "zh"):
            path = project / "content" / lang / f"{doc}.yaml"
            path.write_text("title-block: [\n", encoding="utf-8")
    code, out, _ = cli("check").split()
    assert code == 1
    assert out[-1] == (
        "diglot check: 0 documents checked, 8 files could not be loaded (content/en/a.yaml, "
        "content/zh/a.yaml, content/en/b.yaml and 5 more): 8 errors"
    )


def test_a_partly_loaded_project_names_its_documents_and_units(project, cli):
    (project / "content" / "zh" / "note.yaml").write_text("title-block: [\n", encoding="utf-8")
    code, out, _ = cli("check").split()
    assert code == 1
    assert out[-1] == (
        "diglot check: 1 document checked, 14 aligned units, 1 file could not be loaded "
        "(content/zh/note.yaml): 1 error; 1 unit marked for review (diglot review lists them)"
    )


# -- what the build says while it renders ----------------------------------------------------


def test_a_short_build_on_a_terminal_shows_no_display_and_says_what_it_wrote(
    project, cli, monkeypatch
):
    """The display of what is being written (tests/test_progress.py, on a real terminal)
    waits a second: a build quicker than that shows nothing on stderr."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr("diglot.cli.progress.Progress.DELAY", 60.0)
    code, out, err = cli("build", "--format", FORMATS).split()
    assert code == 0
    assert err == []
    assert out == [
        "wrote memo (6 files in build/memo/): " + ", ".join(MEMO_FILES),
        "wrote note (6 files in build/note/): " + ", ".join(MEMO_FILES),
        "diglot build: 12 files in build/",
    ]


def test_the_build_renders_quietly_when_stderr_is_no_terminal(project, cli):
    code, out, err = cli("build", "--format", FORMATS).split()
    assert (code, err) == (0, [])
    assert out[-1] == "diglot build: 12 files in build/"
