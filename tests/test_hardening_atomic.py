"""Edits of several content files at once (an import that resolves notes in both languages,
approve over several documents) switch in together or not at all: a fault on the second
file (a full disk, a read-only file system, a rename that fails) leaves the first as it
was; on success each file's previous version is kept as <file>.bak."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

import diglot.fileset as fileset
from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.edits import NoteEdit, plan

from conftest import snapshot

UNIT = "us.stephen-orlins"


@pytest.fixture
def project(project: Path) -> Path:
    """The tiny document with an open note on one unit in both languages."""
    en = project / "content" / "en" / "memo.yaml"
    text = en.read_text(encoding="utf-8")
    old = "      - id: us.stephen-orlins\n"
    en.write_text(text.replace(old, old + "        review: Check the title.\n"), encoding="utf-8")
    return project


def resolve_both(root: Path):
    """The plan of an import that resolves the unit's notes in both languages."""
    reporter = Reporter()
    edits = [
        NoteEdit(
            "memo",
            lang,
            UNIT,
            "Confirmed." if lang == "zh" else "",
            "R",
            "2026-01-05",
            True,
            "memo.en-zh.review.docx row 9",
        )
        for lang in ("en", "zh")
    ]
    found = plan(root / "content", [], edits, reporter, "review-import")
    assert found is not None and len(found.edits) == 2, reporter.to_text()
    return found


def test_both_files_are_written_with_their_backups(project):
    before = snapshot(project, "content")
    reporter = Reporter()
    assert resolve_both(project).apply(reporter, "review-import")
    after = snapshot(project, "content")
    for lang in ("en", "zh"):
        assert after[f"content/{lang}/memo.yaml.bak"] == before[f"content/{lang}/memo.yaml"]
        assert "status: resolved" in after[f"content/{lang}/memo.yaml"].decode()
    assert not [p for p in (project / "content").rglob(".*diglot-*")]


@pytest.mark.parametrize(
    "code, words",
    [
        (errno.ENOSPC, "the disk is full: free some space and run the command again"),
        (
            errno.EROFS,
            "the file system is read-only: work on a copy on a writable disk, or mount it writable",
        ),
        (errno.EDQUOT, "the disk quota is used up: free some space and run the command again"),
    ],
)
def test_a_fault_staging_the_second_file_leaves_the_first_untouched(
    project, monkeypatch, code, words
):
    found = resolve_both(project)
    before = snapshot(project, "content")
    real_stage = fileset._stage

    def stage(real: Path, data: bytes) -> Path:
        if real.parent.name == "zh":  # the second file: the disk is full, say
            raise OSError(code, os.strerror(code), str(real))
        return real_stage(real, data)

    monkeypatch.setattr(fileset, "_stage", stage)
    reporter = Reporter()
    assert not found.apply(reporter, "review-import")
    assert snapshot(project, "content") == before  # the English file too: nothing was switched in
    assert [d.format() for d in reporter.diagnostics] == [
        f"content/zh/memo.yaml:1:1: error: cannot write the file: {words}; nothing was "
        "written [review-import.write]"
    ]
    assert not [p for p in (project / "content").rglob(".*diglot-*")]


def test_a_rename_failing_on_the_second_file_puts_the_first_back(project, monkeypatch):
    found = resolve_both(project)
    (project / "content" / "en" / "memo.yaml.bak").write_text("an earlier backup\n")
    before = snapshot(project, "content")
    real_replace = os.replace
    calls: list[str] = []

    def replace(source, target):
        calls.append(str(target))
        if Path(target).parent.name == "zh" and Path(target).name == "memo.yaml":
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        return real_replace(source, target)

    monkeypatch.setattr(fileset.os, "replace", replace)
    reporter = Reporter()
    assert not found.apply(reporter, "review-import")
    assert snapshot(project, "content") == before  # the English file was switched in, then put back
    assert any(c.endswith("en/memo.yaml") for c in calls)
    assert [d.format() for d in reporter.diagnostics] == [
        "content/zh/memo.yaml:1:1: error: cannot replace the file: an input/output error (a "
        "failing disk?); nothing was written (the files replaced before it have their "
        "previous version back) [review-import.write]"
    ]
    assert not [p for p in (project / "content").rglob(".*diglot-*")]


def test_a_backup_that_cannot_be_made_stops_every_file(project, monkeypatch):
    """A folder that appears at a .bak between the check and the write (check_writable
    refuses one there before): no file is replaced without its backup, and the backup
    already made of the other file is taken away again."""
    found = resolve_both(project)
    (project / "content" / "en" / "memo.yaml.bak").write_text("an earlier backup\n")
    (project / "content" / "zh" / "memo.yaml.bak").mkdir()
    (project / "content" / "zh" / "memo.yaml.bak" / "mine.txt").write_text("mine\n")
    monkeypatch.setattr(fileset, "check_writable", lambda *args, **kwargs: None)
    before = snapshot(project, "content")
    reporter = Reporter()
    assert not found.apply(reporter, "review-import")
    assert snapshot(project, "content") == before
    assert [d.format() for d in reporter.diagnostics] == [
        "content/zh/memo.yaml:1:1: error: cannot keep the previous version of the file as "
        "content/zh/memo.yaml.bak: it is not a regular file; nothing was written "
        "[review-import.write]"
    ]
    assert not [p for p in (project / "content").rglob(".*diglot-*")]


def test_a_file_changed_meanwhile_stops_every_file(project):
    found = resolve_both(project)
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(zh.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    before = snapshot(project, "content")
    reporter = Reporter()
    assert not found.apply(reporter, "review-import")
    assert snapshot(project, "content") == before


def test_approve_over_two_documents_is_all_or_nothing(project, monkeypatch, capsys):
    for lang in ("en", "zh"):
        shutil.copy(
            project / "content" / lang / "memo.yaml", project / "content" / lang / "note.yaml"
        )
    before = snapshot(project, "content")
    real_stage = fileset._stage

    def stage(real: Path, data: bytes) -> Path:
        if real.name == "note.yaml":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(real))
        return real_stage(real, data)

    monkeypatch.setattr(fileset, "_stage", stage)
    assert main(["approve", "--all"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "content/zh/note.yaml:1:1: error: cannot write the file: the disk is full: free some "
        "space and run the command again; nothing was written [approve.write]"
    )
    assert snapshot(project, "content") == before
    monkeypatch.setattr(fileset, "_stage", real_stage)
    assert main(["approve", "--all"]) == 0
    after = snapshot(project, "content")
    assert after["content/zh/memo.yaml.bak"] == before["content/zh/memo.yaml"]
    assert after["content/zh/note.yaml.bak"] == before["content/zh/note.yaml"]
