"""The four commands that write content files (xliff-import, review-import, approve and
glossary-import) share one rule for a file that must not be replaced (fileset.check_writable,
asked again by fileset.replace_together): read-only, with several hard links, or with a
<file>.bak that is not a regular file (its previous version could not be kept). Such a file
stops the whole command before anything is written, whatever else the command would take on
its own: nothing is written, the exit code says so, and the summary says that nothing was
written (never that a previous version was kept)."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, snapshot

# a command ready to write one file: (the file it writes, the command line)
Writer = Callable[[Path, Callable], tuple[Path, list[str]]]


def _xliff_import(project: Path, cli) -> tuple[Path, list[str]]:
    assert cli("xliff-export").code == 0
    xlf = project / "xliff" / "memo.en-zh.xlf"
    text = xlf.read_text(encoding="utf-8")
    assert "<target>华盛顿特区</target>" in text
    xlf.write_text(
        text.replace("<target>华盛顿特区</target>", "<target>华盛顿哥伦比亚特区</target>")
    )
    return project / "content" / "zh" / "memo.yaml", ["xliff-import", str(xlf), "--apply"]


def _review_import(project: Path, cli) -> tuple[Path, list[str]]:
    assert cli("review-export", "--templates", str(REPO / "templates")).code == 0
    path = project / "review" / "memo.en-zh.review.docx"
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "word/document.xml":
                assert data.count(">华盛顿特区<".encode()) == 1
                data = data.replace(">华盛顿特区<".encode(), ">华盛顿哥伦比亚特区<".encode())
            archive.writestr(info, data)
    return project / "content" / "zh" / "memo.yaml", ["review-import", str(path), "--apply"]


def _approve(project: Path, cli) -> tuple[Path, list[str]]:
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(re.sub(r"(?m)^ *source-hash: .*\n", "", zh.read_text(encoding="utf-8")))
    return zh, ["approve", "--all"]


def _glossary_import(project: Path, cli) -> tuple[Path, list[str]]:
    glossary = project / "content" / "glossary.yaml"
    glossary.write_text("terms:\n  - en: digital economy\n    zh: 数字经济\n", encoding="utf-8")
    csv = project / "terms.csv"
    csv.write_text("en,zh\ndata security,数据安全\n", encoding="utf-8")
    return glossary, ["glossary-import", str(csv), "--apply"]


WRITERS: dict[str, Writer] = {
    "xliff-import": _xliff_import,
    "review-import": _review_import,
    "approve": _approve,
    "glossary-import": _glossary_import,
}


def _hard_link(path: Path) -> str:
    os.link(path, path.parent.parent.parent / "another-name.yaml")
    return "hard-link"


def _read_only(path: Path) -> str:
    path.chmod(0o444)
    return "read-only"


def _bak_folder(path: Path) -> str:
    (path.parent / f"{path.name}.bak").mkdir()
    return "backup"


def _bak_link(path: Path) -> str:
    elsewhere = path.parent.parent.parent / "elsewhere.yaml"
    elsewhere.write_text("mine\n")
    (path.parent / f"{path.name}.bak").symlink_to(elsewhere)
    return "backup"


FAULTS: dict[str, Callable[[Path], str]] = {
    "hard link": _hard_link,
    "read-only": _read_only,
    "a folder at .bak": _bak_folder,
    "a link at .bak": _bak_link,
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("command", WRITERS)
def test_a_file_that_must_not_be_replaced_stops_every_writer(project, cli, command, fault):
    target, argv = WRITERS[command](project, cli)
    assert cli(*argv[:-1] if argv[-1] == "--apply" else [*argv, "--dry-run"]).code == 0
    code = FAULTS[fault](target)
    before = snapshot(project, links=True)
    inode = target.stat().st_ino
    ran = cli(*argv)
    out = ran.out + ran.err
    assert ran.code == 1, out
    assert snapshot(project, links=True) == before, out  # nothing written, no .bak made
    assert target.stat().st_ino == inode
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 1, out
    shown = target.relative_to(project)
    assert errors[0].startswith(f"{shown}:1:1: error: "), out
    assert errors[0].endswith(f"[{command}.{code}]"), out
    if code == "backup":
        assert f"{shown}.bak is a " in errors[0]
    summary = out.splitlines()[-1]
    assert re.search(r"nothing (was )?(written|approved)", summary), out
    assert "wrote" not in summary and "kept" not in summary and "applied" not in summary, out
