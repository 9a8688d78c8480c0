"""Fast rebuilds: a build skips the documents whose inputs are unchanged, and says so."""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib

import pytest

from diglot import incremental
from diglot.incremental import CACHE

from conftest import REPO


@pytest.fixture
def project(tree):
    shutil.copytree(REPO / "templates", tree.root / "templates")
    for lang in ("en", "zh"):  # a second document
        shutil.copy(tree.path(lang), tree.path(lang, "other.yaml"))
    return tree


def build(cli, *args: str) -> tuple[int, str]:
    """A build of the quick formats: (code, stdout)."""
    ran = cli("build", "--format", "html,md", *args)
    return ran.code, ran.out


def state(root) -> dict[str, tuple[int, int]]:
    """Each file of build/ with its inode and modification time: what a write changes."""
    return {
        str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted((root / "build").rglob("*"))
        if p.is_file()
    }


def test_a_build_with_nothing_changed_writes_nothing_and_says_so(project, cli):
    project.replace("zh", "两国应明确国家安全的定义。", "两国应明确国家安全的定义。。")  # a warning
    code, first = build(cli)
    assert code == 0 and "wrote memo" in first and "wrote other" in first
    before = state(project.root)
    code, again = build(cli)
    assert code == 0
    assert state(project.root) == before
    assert "up to date memo (6 files in build/memo/)" in again
    assert again.splitlines()[-1] == "diglot build: nothing was written: 12 files up to date"
    # the problems the checks reported are reported again, word for word
    problems = [line for line in first.splitlines() if line.startswith(("content/", "  "))]
    assert problems and problems == [
        line for line in again.splitlines() if line.startswith(("content/", "  "))
    ]


def test_an_edited_content_file_rebuilds_only_its_document(project, cli):
    for path in (project.root / "content").rglob("*.yaml"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # drafts of 2023-11-14, edited today:
    build(cli)  # the edited document's draft date moves, and no other document's
    before = state(project.root)
    project.replace("en", "Consensus Agreement", "Consensus Agreement of 2024")
    project.replace("zh", "共识文件", "2024年共识文件")
    code, out = build(cli)
    assert code == 0
    assert "wrote memo (6 files" in out and "up to date other (6 files" in out
    after = state(project.root)
    assert all(after[name] == before[name] for name in before if name.startswith("build/other/"))
    assert all(after[name] != before[name] for name in before if name.startswith("build/memo/"))
    assert "2024年共识文件" in (project.root / "build/memo/memo.zh.html").read_text("utf-8")


def test_a_changed_template_or_catalog_rebuilds_every_document(project, cli):
    build(cli)
    css = project.root / "templates/css/screen.css"
    css.write_text(css.read_text("utf-8") + "\n/* a change */\n", "utf-8")
    code, out = build(cli)
    assert code == 0 and "wrote memo" in out and "wrote other" in out and "up to date" not in out
    # a stylesheet in a folder whose name starts with a dot, which a template includes
    shared = project.root / "templates" / ".shared"
    shared.mkdir()
    (shared / "foot.css").write_text("p { color: #111; }\n", "utf-8")
    build(cli)
    (shared / "foot.css").write_text("p { color: #222; }\n", "utf-8")
    code, out = build(cli)
    assert code == 0 and "wrote memo" in out and "up to date" not in out


@pytest.mark.parametrize("library", ["Pyphen", "lxml"])
def test_an_upgraded_library_under_the_writers_rebuilds_every_document(
    project, cli, tmp_path, monkeypatch, library
):
    """Pyphen (WeasyPrint's hyphenation patterns) and lxml (python-docx's XML) are no
    requirements of diglot's own: they are found through the writers' metadata."""
    build(cli)
    upgraded = tmp_path / "site" / f"{library.lower()}-99.0.dist-info"
    upgraded.mkdir(parents=True)
    (upgraded / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {library}\nVersion: 99.0\n\n")
    monkeypatch.syspath_prepend(str(upgraded.parent))
    code, out = build(cli)
    assert code == 0 and "wrote memo" in out and "wrote other" in out and "up to date" not in out


def test_the_key_holds_the_libraries_below_the_writers():
    keyed = {line.split("-", 1)[0] for line in incremental._versions().splitlines()[1:]}
    below = {"pyphen", "pydyf", "tinycss2", "cssselect2", "fonttools", "tinyhtml5", "lxml"}
    own = {"weasyprint", "python_docx", "jinja2", "markupsafe", "babel", "pypdfium2", "pikepdf"}
    assert below | own | {"rjieba", "opencc", "ruamel_yaml", "markdown_it_py"} <= keyed
    assert not keyed & {"rich", "watchfiles", "pytest"}


def test_every_requirement_of_diglot_is_keyed_or_said_to_change_no_edition():
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["semantic"]
    names = {re.split(r"[^A-Za-z0-9._-]", requirement, maxsplit=1)[0] for requirement in wanted}
    said = {incremental._normal(n) for n in incremental.KEYED + incremental.UNKEYED}
    assert {incremental._normal(n) for n in names} <= said


def test_force_a_changed_format_list_or_a_touched_output_builds_again(project, cli):
    build(cli)
    assert "wrote memo" in build(cli, "--force")[1]
    # --force records too: the Markdown alone is up to date
    assert "up to date memo (3 files" in cli("build", "--format", "md").out
    page = project.root / "build/other/other.en.html"
    page.write_text("edited by hand", "utf-8")
    code, out = build(cli)
    assert "wrote other" in out and "up to date memo" in out
    assert "edited by hand" not in page.read_text("utf-8")


def test_a_damaged_record_means_a_full_build(project, cli):
    build(cli)
    (project.root / "build" / CACHE).write_text('{"format": 1, "documents": {"memo": 3}}')
    code, out = build(cli)
    assert code == 0 and "wrote memo" in out
    recorded = json.loads((project.root / "build" / CACHE).read_text("utf-8"))
    assert set(recorded["documents"]) == {"memo", "other"}


def test_a_removed_document_is_forgotten(project, cli):
    build(cli)
    for lang in ("en", "zh"):
        project.path(lang, "other.yaml").unlink()
    code, out = build(cli)  # a whole build, which takes the other's files away
    assert code == 0 and "wrote memo" in out
    recorded = json.loads((project.root / "build" / CACHE).read_text("utf-8"))
    assert set(recorded["documents"]) == {"memo"}
    assert not (project.root / "build/other").exists()


def test_a_record_or_an_edition_that_is_no_regular_file_is_not_read(project, cli):
    build(cli)
    record = project.root / "build" / CACHE
    record.unlink()
    record.symlink_to("/dev/zero")  # reading it would never end
    code, out = build(cli)
    assert code == 0 and "wrote memo" in out
    page = project.root / "build/memo/memo.en.html"
    page.unlink()
    page.symlink_to("/dev/zero")
    code, out = build(cli)
    assert code == 0 and "wrote memo" in out and "up to date other" in out
    assert page.is_file() and not page.is_symlink()


def test_a_build_reads_each_content_file_once_to_key_it_and_once_to_load_it(project, cli, reads):
    """However many formats are built, the fast-rebuild key reads a content file once (not
    once per writer), and the check loads it once: two reads in all."""
    import os

    opened = reads
    code, out = build(cli)  # two writers
    assert code == 0, out
    content = {os.path.realpath(p) for p in (project.root / "content").rglob("*.yaml")}
    assert len(content) == 4
    assert {name: opened[name] for name in content} == dict.fromkeys(content, 2)
    opened.clear()
    code, out = build(cli, "--force")
    assert {name: opened[name] for name in content} == dict.fromkeys(content, 2), out
