"""Official releases (diglot/release/): the gate refuses a document with every reason,
located and grouped, and writes nothing; a release folder holds every edition, a
manifest and SHA256SUMS, is never overwritten, is byte-identical from two clones, and
`verify` finds a file changed, added or removed."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from diglot.gitstate import FILTERED, HIDDEN
from diglot.release import MANIFEST, SUMS

from conftest import FIXTURES, approved, commit_all, copy_project, edit, git, line_of

DOC = "aldane-sea-fisheries-1948"
EN = f"content/en/{DOC}.yaml"
ZH = f"content/zh/{DOC}.yaml"
EDITIONS = sorted(
    f"{DOC}.{edition}.{suffix}"
    for edition in ("en", "zh", "en-zh")
    for suffix in ("html", "pdf", "docx", "md")
)
# a word no column of a Chinese table can hold: the PDF's lint reports the overflow
TOKEN = "Varnholmfisheriesregistryidentificationnumberforthecatchxyzz"


DECLARATION = FIXTURES / "types" / "declaration" / "content"


@pytest.fixture
def project(make_project) -> Path:
    """The declaration fixture's content, every unit of its translation approved, and the
    templates, committed to git: the current directory."""
    return make_project(approved(DECLARATION), templates=True, repo=True, at="project")


def approve(root: Path, cli, *ids: str) -> None:
    """Approve these units (their translations were reviewed), keeping no backup."""
    assert cli("--content", str(root / "content"), "approve", *ids).code == 0
    for bak in (root / "content").rglob("*.bak"):
        bak.unlink()


def header(title: str, count: int) -> str:
    start = f"── {title} ({count}) "
    return start + "─" * (60 - len(start))


def release(cli, *args: str) -> tuple[int, list[str], str]:
    ran = cli("release", DOC, *args)
    return ran.code, ran.lines, ran.err


def verify(cli, *args: str) -> tuple[int, list[str], str]:
    ran = cli("verify", *args)
    return ran.code, ran.lines, ran.err


def assert_nothing_written(root: Path) -> None:
    assert not (root / "release").exists()
    assert git(root, "status", "--porcelain", "--untracked-files=all", "--", "templates") == ""


# -- refused: every reason, located, nothing written -------------------------------------------


def test_a_stale_unit_is_refused_naming_the_unit_and_its_place(project, cli, weasyprint):
    edit(project, EN, "shall close the herring fishery", "shall close the herring fisheries")
    commit_all(project, "the English changed")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1
    assert out[0] == f"refused: {DOC} 1.0 — 1 reason", out
    assert out[1] == header("stale translations", 1)
    line = line_of(project, ZH, "id: measures.closed-season") + 1  # its source-hash
    assert out[2] == (
        f"{ZH}:{line}:22: stale: unit 'measures.closed-season': the English changed since "
        "the translation was approved"
    )
    assert out[-1] == "nothing was written"
    assert_nothing_written(project)


def test_an_open_review_note_is_refused_naming_the_unit(project, cli, weasyprint):
    edit(
        project,
        ZH,
        "      - id: measures.closed-season\n",
        "      - id: measures.closed-season\n        review: 日期待核实\n",
    )
    commit_all(project, "a note")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1
    line = line_of(project, ZH, "review: 日期待核实")
    assert out[:3] == [
        f"refused: {DOC} 1.0 — 1 reason",
        header("open review notes", 1),
        f"{ZH}:{line}:17: open review note: unit 'measures.closed-season': 日期待核实",
    ]
    assert out[3] == "resolve each note, or release with it: --accept measures.closed-season"
    assert_nothing_written(project)


def test_a_warning_is_refused_though_a_build_would_pass(project, cli, weasyprint):
    edit(project, ZH, "关闭鲱鱼渔场。", "关闭鲱鱼渔场。。")
    approve(project, cli, "measures.closed-season")  # a changed translation, approved again
    commit_all(project, "a doubled full stop")
    assert cli("check").code == 0  # a warning: check passes
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1
    assert out[:2] == [f"refused: {DOC} 1.0 — 1 reason", header("check findings", 1)]
    line = line_of(project, ZH, "关闭鲱鱼渔场。。")
    assert out[2].startswith(f"{ZH}:{line}:")
    assert "warning: 'measures.closed-season'" in out[2]
    assert out[2].endswith("[qa.punct-doubled]")
    assert_nothing_written(project)


def test_a_rendered_output_lint_failure_is_refused_naming_the_units(project, cli, weasyprint):
    edit(project, EN, "cells: [Republic of Varnholm,", f"cells: [Republic of {TOKEN},")
    edit(project, ZH, "cells: [瓦恩霍尔姆共和国,", f"cells: [{TOKEN}共和国,")
    approve(project, cli, "allocation.table.varnholm")
    commit_all(project, "a word no column holds")
    assert cli("check").code == 0  # the content passes every check
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1
    assert out[0].startswith(f"refused: {DOC} 1.0 — ")
    assert out[1].startswith("── editions and rendered-output lint (")
    # (side by side the bilingual table squeezes its Chinese header: a line starts with ）;
    # where the token does break, it breaks inside a word)
    ends = ("[pdf.overflow]", "[pdf.punctuation-start]", "[typo.word-split]")
    lint = [line for line in out if line.endswith(ends)]
    assert lint and len(lint) == len(out) - 3
    line = line_of(project, ZH, TOKEN)
    assert any(
        item.startswith(f"{ZH}:{line}:")
        and f"{DOC}.zh.pdf, page " in item
        and "'allocation.table.varnholm'" in item
        for item in lint
    ), lint
    assert_nothing_written(project)


def test_every_reason_is_listed_grouped(project, cli, weasyprint):
    edit(
        project,
        ZH,
        "      - id: measures.closed-season\n",
        "      - id: measures.closed-season\n        review: 日期待核实\n",
    )
    edit(
        project,
        ZH,
        "要求对长度超过15米的所有渔船进行登记；",
        "要求对长度超过15米的所有渔船进行登记；；",
    )
    approve(project, cli, "measures.jurisdiction.registration")  # the changed translation
    commit_all(project, "a note and a doubled semicolon")
    code, out, _ = release(cli, "--version", "2.0")
    assert code == 1
    assert out[0] == f"refused: {DOC} 2.0 — 2 reasons"
    assert header("open review notes", 1) in out and header("check findings", 1) in out
    assert out.index(header("open review notes", 1)) < out.index(header("check findings", 1))
    assert any("'measures.jurisdiction.registration'" in line for line in out)
    assert_nothing_written(project)


def test_check_errors_are_reasons_and_the_lint_is_said_not_to_have_run(project, cli):
    edit(project, ZH, "于每年3月1日至4月30日", "于每年3月1日至5月30日")
    approve(project, cli, "measures.closed-season")  # approved, wrong all the same
    commit_all(project, "a wrong date")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1
    assert out[:2] == [f"refused: {DOC} 1.0 — 2 reasons", header("check findings", 2)]
    line = line_of(project, ZH, "至5月30日")
    assert out[2] == (
        f"{ZH}:{line}:15: error: 'measures.closed-season': the Chinese lacks 4 from the "
        f"English (English: {EN}:{line_of(project, EN, '30 April')}:15) [qa.numbers]"
    )
    assert out[-2].startswith("note: the editions were not built while the checks find errors")
    assert_nothing_written(project)


# -- usage: refused before anything is built ---------------------------------------------------


@pytest.mark.parametrize("version", ["", "v1", "1/2", "../1", "1.0 ", "1..0", "1.0.0.0", "1.0-RC"])
def test_a_version_that_is_not_one_is_a_usage_error(project, cli, version):
    code, out, err = release(cli, "--version", version)
    assert code == 2
    assert err.startswith(f"diglot release: error: --version '{version}' is not a version")
    assert_nothing_written(project)


@pytest.mark.parametrize(
    "date, message",
    [
        ("2024-02-30", "is no date: February 2024 has no 30th day (it has 29)"),
        ("2024-2-3", "is not a date of the form YYYY-MM-DD"),
    ],
)
def test_a_date_that_is_not_one_is_a_usage_error(project, cli, date, message):
    code, _, err = release(cli, "--version", "1.0", "--date", date)
    assert code == 2
    assert f"--date '{date}' {message}" in err
    assert_nothing_written(project)


def test_an_existing_release_is_never_overwritten(project, cli):
    folder = project / "release" / DOC / "1.0"
    folder.mkdir(parents=True)
    (folder / "kept.txt").write_text("earlier\n", encoding="utf-8")
    code, _, err = release(cli, "--version", "1.0")
    assert code == 2
    assert err == (
        f"diglot release: error: release/{DOC}/1.0 already exists: a release is never "
        "replaced; give the new one another --version\n"
    )
    assert [p.name for p in (project / "release" / DOC).iterdir()] == ["1.0"]
    assert [p.name for p in folder.iterdir()] == ["kept.txt"]


def test_a_releases_folder_inside_the_content_is_a_usage_error(project, cli):
    code, _, err = release(cli, "--version", "1.0", "--out", "content/releases")
    assert code == 2
    assert "--out content/releases lies inside content; give the releases a folder" in err
    assert not (project / "content" / "releases").exists()


def test_accepting_a_unit_without_an_open_note_is_a_usage_error(project, cli):
    code, _, err = release(cli, "--version", "1.0", "--accept", "purpose.text")
    assert code == 2
    assert "--accept purpose.text: no open review note on this unit" in err
    assert_nothing_written(project)


def test_an_unknown_document_is_a_usage_error_naming_the_documents(project, cli):
    code, _, err = cli("release", "aldane", "--version", "1.0")
    assert code == 2
    assert f"no document 'aldane'; the documents are {DOC}" in err


def test_content_never_committed_is_refused_naming_its_files_even_with_a_date(
    make_project, cli, weasyprint
):
    root = make_project(approved(DECLARATION), templates=True)
    git(root, "init", "-q")
    for date in ((), ("--date", "1949-03-01")):
        code, out, _ = release(cli, "--version", "1.0", *date)
        assert code == 1
        assert out[1].startswith("── files not committed (")
        assert f"{EN}:1:1: not committed: never committed" in out
        assert f"{ZH}:1:1: not committed: never committed" in out
        assert "templates/edition.html.j2:1:1: not committed: never committed" in out
        assert not any("review.html.j2" in line for line in out)  # the server's alone
        assert out[-2].startswith("a release is made from committed files only: commit them")
    assert not (root / "release").exists()


# -- the bundle ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def released(tmp_path_factory, diglot_process) -> Path:
    """One release of the declaration, with an accepted review note (copied by each test
    that changes it)."""
    root = copy_project(
        tmp_path_factory.mktemp("released") / "project",
        approved(DECLARATION),
        templates=True,
        repo=True,
    )
    edit(
        root,
        ZH,
        "      - id: measures.closed-season\n",
        "      - id: measures.closed-season\n"
        "        review:\n"
        "          - note: 日期待核实\n"
        "            author: Li Wen\n"
        "            date: 2026-11-20\n",
    )
    commit_all(root, "a note")
    leftover = root / "release" / DOC / ".0.9.staging-999999999-x1y2"  # of a stopped release
    leftover.mkdir(parents=True)
    (leftover / f"{DOC}.en.pdf").write_bytes(b"%PDF- half")
    done = diglot_process.run(
        "release", DOC, "--version", "1.0", "--accept", "measures.closed-season", cwd=root
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith(f"released {DOC} 1.0 (")
    return root / "release" / DOC / "1.0"


def test_the_release_holds_every_edition_the_manifest_and_the_sums(released):
    assert sorted(p.name for p in released.iterdir()) == sorted([*EDITIONS, MANIFEST, SUMS])
    assert [p.name for p in released.parent.iterdir()] == ["1.0"]  # a stopped one's gone
    manifest = json.loads((released / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["document"] == DOC and manifest["version"] == "1.0"
    project = released.parents[2]
    assert manifest["date"] == git(project, "log", "-1", "--format=%cs").strip()
    assert manifest["content"]["commit"] == git(project, "rev-parse", "HEAD").strip()
    assert manifest["content"]["dirty"] is False
    assert [f["name"] for f in manifest["files"]] == EDITIONS
    for entry in manifest["files"]:
        data = (released / entry["name"]).read_bytes()
        assert entry["size"] == len(data)
    assert [f["name"] for f in manifest["content"]["files"]] == [EN, ZH]
    # every other file the editions were made from, with its hash: templates, catalogs
    made = {f["name"]: f["sha256"] for f in manifest["content"]["made-from"]}
    for name in ("templates/edition.html.j2", "templates/locale/zh/LC_MESSAGES/messages.po"):
        assert made[name] == hashlib.sha256((project / name).read_bytes()).hexdigest(), name
    assert "templates/review.html.j2" not in made and EN not in made
    assert manifest["content"]["units"]["purpose.text"]["source-hash"]
    assert {f["family"] for f in manifest["fonts"]} >= {"Noto Serif", "Noto Serif CJK SC"}
    assert all(f["file"].startswith("/") and f["version"] for f in manifest["fonts"])
    assert manifest["accepted-review-notes"] == [
        {
            "unit": "measures.closed-season",
            "text": "日期待核实",
            "author": "Li Wen",
            "date": "2026-11-20",
            "file": ZH,
            "line": line_of(project, ZH, "note: 日期待核实"),
            "column": 13,
        }
    ]
    assert manifest["checks"]["errors"] == manifest["checks"]["warnings"] == 0
    assert manifest["checks"]["marked-for-review"] == 1
    assert manifest["diglot"]["version"]
    # built as released: the version line, no draft mark
    english = (released / f"{DOC}.en.md").read_text(encoding="utf-8")
    chinese = (released / f"{DOC}.zh.md").read_text(encoding="utf-8")
    assert english.startswith("Version 1.0, released ") and "Draft" not in english
    assert chinese.startswith("1.0版，") and "草案" not in chinese


def test_sha256sum_accepts_the_sums(released):
    done = subprocess.run(
        ["sha256sum", "--strict", "-c", SUMS], cwd=released, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK\n") == len(EDITIONS) + 1


def test_content_not_committed_is_refused_and_rehearsed_with_rehearsal(project, cli, weasyprint):
    edit(project, EN, "type: declaration", "# a comment not committed\ntype: declaration")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1
    assert out[:3] == [
        f"refused: {DOC} 1.0 — 1 reason",
        header("files not committed", 1),
        f"{EN}:1:1: not committed: changed since the last commit",
    ]
    assert_nothing_written(project)
    code, out, _ = release(cli, "--version", "1.0", "--rehearsal")
    assert code == 0
    assert out[0] == f"note: 1 file not committed taken as it is: {EN} (manifest.json lists them)"
    assert out[-1].startswith(f"rehearsed {DOC} 1.0 (")
    assert out[-1].endswith("REHEARSAL — not a release: every edition and the manifest say so")
    assert not (project / "release").exists()
    folder = project / "rehearsal" / DOC / "1.0"
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    assert manifest["rehearsal"] is True and manifest["content"]["dirty"] is True
    assert manifest["content"]["uncommitted"] == [
        {"name": EN, "how": "changed since the last commit"}
    ]


# -- verify -----------------------------------------------------------------------------------


@pytest.fixture
def copy(released, tmp_path) -> Path:
    folder = tmp_path / DOC / "1.0"
    shutil.copytree(released, folder)
    return folder


def test_verify_fails_a_release_under_another_name(copy, cli, monkeypatch):
    """An old release put where a newer one belongs (a rollback) fails: its files are as
    released, but the folder says it is another release."""
    monkeypatch.chdir(copy.parent.parent)
    moved = copy.parent.parent / "other-doc" / "2.0"
    moved.parent.mkdir()
    copy.rename(moved)
    code, out, _ = verify(cli, str(moved))
    assert code == 1
    assert out[0] == (
        f"other-doc/2.0/manifest.json:1:1: error: the manifest says this is {DOC} 1.0, but "
        "the folder is other-doc/2.0 [verify.misnamed]"
    ), out


def test_verify_fails_what_sha256sum_or_the_folder_would_not_pass(copy, cli, monkeypatch):
    """A name listed twice in SHA256SUMS (sha256sum -c checks both lines), the manifest as a
    link to a copy outside the folder, a pipe or a folder among the files: each fails."""
    import hashlib

    monkeypatch.chdir(copy.parent)
    sums = copy / "SHA256SUMS"
    first = sums.read_text().splitlines()[0]
    name = first.split("  ", 1)[1]
    sums.write_text(f"{hashlib.sha256(b'x').hexdigest()}  {name}\n" + sums.read_text())
    code, out, _ = verify(cli, "1.0")
    assert code == 1 and any(f"{name} is listed twice [verify.sums]" in line for line in out), out
    sums.write_text(sums.read_text().split("\n", 1)[1])
    assert verify(cli, "1.0")[0] == 0
    outside = copy.parent / "manifest-copy.json"
    shutil.copy(copy / "manifest.json", outside)
    (copy / "manifest.json").unlink()
    (copy / "manifest.json").symlink_to(outside)
    code, out, _ = verify(cli, "1.0")
    assert code == 1 and any("manifest.json:1:1: error: a link" in line for line in out), out
    (copy / "manifest.json").unlink()
    shutil.copy(outside, copy / "manifest.json")
    os.mkfifo(copy / "pipe")
    (copy / ".hidden").mkdir()
    code, out, _ = verify(cli, "1.0")
    assert code == 1, out
    assert any("pipe:1:1: error: not a regular file" in line for line in out), out
    assert any(".hidden:1:1: error: a folder" in line for line in out), out


UNSIGNED = (
    "every file matches its manifest.json and SHA256SUMS; the release is not signed, so this "
    "does not show that they are the files that were released"
)


def test_verify_passes_on_a_fresh_release(copy, cli, monkeypatch):
    monkeypatch.chdir(copy.parent)
    code, out, _ = verify(cli, "1.0")
    assert (code, out) == (0, [f"diglot verify: 1.0: {UNSIGNED}"])


def _rewrite_consistently(folder: Path) -> None:
    """An edition changed, its manifest.json and SHA256SUMS rewritten to match (as anyone
    can: an unsigned release says nothing of who wrote them)."""
    import hashlib

    md = folder / f"{DOC}.en.md"
    md.write_bytes(md.read_bytes().replace(b"Aldane", b"Aldanne", 1))
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (folder / entry["name"]).read_bytes()
        entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    names = sorted([entry["name"] for entry in manifest["files"]] + [MANIFEST])
    (folder / SUMS).write_text(
        "".join(f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    )


def test_verify_compares_a_release_in_git_with_its_commit(released, cli, monkeypatch, tmp_path):
    """A release rewritten whole (an edition, its manifest and SHA256SUMS agreeing) passes
    the manifest and the sums: inside a git repository each file is compared with the last
    commit's, and each that differs is named. A release not committed is said to be, and
    --strict fails it; the verdict never says more than was checked."""
    project = tmp_path / "project"
    shutil.copytree(released.parents[2], project, symlinks=True)
    monkeypatch.chdir(project)
    folder = f"release/{DOC}/1.0"
    code, out, _ = verify(cli, folder)
    assert code == 0, out
    assert out == [
        f"{folder}:1:1: warning: the release is not committed: the last commit of the git "
        "repository it lies in holds none of its files, so they cannot be compared with a "
        f"committed copy (commit it: git add {folder}) [verify.uncommitted]",
        f"diglot verify: {folder}: {UNSIGNED} (1 warning)",
    ]
    assert verify(cli, "--strict", folder)[0] == 1
    commit_all(project, "release 1.0")
    head = git(project, "rev-parse", "HEAD").strip()
    code, out, _ = verify(cli, "--strict", folder)
    assert (code, out) == (
        0,
        [
            f"diglot verify: {folder}: every file matches its manifest.json and SHA256SUMS, "
            f"and the commit {head[:12]} holds each as it is; the release is not signed, so "
            "this does not show that they are the files that were released"
        ],
    )
    _rewrite_consistently(project / folder)
    (project / folder / f"{DOC}.zh.md").unlink()  # gone, and the manifest says nothing of it
    manifest = json.loads((project / folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = [f for f in manifest["files"] if f["name"] != f"{DOC}.zh.md"]
    (project / folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    _rewrite_consistently(project / folder)
    for strict in ((), ("--strict",)):
        code, out, _ = verify(cli, *strict, folder)
        assert code == 1, out
        said = f"error: not as the last commit of the release's folder ({head[:12]}) holds it"
        assert sorted(line.split(":1:1: ")[0] for line in out if said in line) == [
            f"{folder}/{name}" for name in sorted([f"{DOC}.en.md", f"{DOC}.zh.md", MANIFEST, SUMS])
        ], out
        assert f"{folder}/{DOC}.zh.md:1:1: {said}: deleted, not committed" in [
            line.removesuffix(" [verify.not-as-committed]") for line in out
        ], out
        assert out[-1] == f"diglot verify: {folder}: 4 errors", out


def test_verify_fails_on_a_changed_file(copy, cli, monkeypatch):
    monkeypatch.chdir(copy.parent)
    pdf = copy / f"{DOC}.zh.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1
    pdf.write_bytes(bytes(data))
    code, out, _ = verify(cli, "1.0")
    assert code == 1
    assert out[0] == (
        f"1.0/{DOC}.zh.pdf:1:1: error: its SHA-256 is not the one in manifest.json [verify.changed]"
    )
    assert out[-1] == "diglot verify: 1.0: 1 error"


def test_verify_fails_on_an_extra_and_a_missing_file(copy, cli, monkeypatch):
    monkeypatch.chdir(copy.parent)
    (copy / "notes.txt").write_text("added\n", encoding="utf-8")
    (copy / f"{DOC}.en.md").unlink()
    code, out, _ = verify(cli, "1.0")
    assert code == 1
    assert (
        f"1.0/{DOC}.en.md:1:1: error: listed in manifest.json but missing [verify.missing]" in out
    )
    assert (
        "1.0/notes.txt:1:1: error: this file is not part of the release (not in "
        "manifest.json) [verify.extra]"
    ) in out


def test_verify_fails_on_a_file_replaced_by_a_link(copy, cli, monkeypatch):
    monkeypatch.chdir(copy.parent)
    md = copy / f"{DOC}.en.md"
    outside = copy.parent / "elsewhere.md"
    md.rename(outside)
    md.symlink_to(outside)
    code, out, _ = verify(cli, "1.0")
    assert code == 1
    assert out[0] == (
        f"1.0/{md.name}:1:1: error: a link, not the file that was released [verify.changed]"
    )


def test_verify_fails_on_a_manifest_changed_with_its_file(copy, cli, monkeypatch):
    """Changing a file and its manifest entry together still disagrees with SHA256SUMS."""
    monkeypatch.chdir(copy.parent)
    md = copy / f"{DOC}.en.md"
    md.write_bytes(md.read_bytes() + b"\nadded\n")
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    import hashlib

    for entry in manifest["files"]:
        if entry["name"] == md.name:
            entry["size"] = md.stat().st_size
            entry["sha256"] = hashlib.sha256(md.read_bytes()).hexdigest()
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    code, out, _ = verify(cli, "1.0")
    assert code == 1
    assert any(line.endswith("[verify.sums]") and md.name in line for line in out), out
    assert any(line.startswith("1.0/manifest.json:1:1: error:") for line in out), out


@pytest.mark.parametrize(
    "where, change, message",
    [
        (
            "files",
            lambda files: files.append(dict(files[0])),
            "files[{n}] lists {name} again (as files[0] does); a release lists each file once",
        ),
        ("files", lambda files: files.append({**files[0], "name": "../x.pdf"}), "files[{n}] is"),
        ("files", lambda files: files.append({**files[0], "name": "/tmp/x.pdf"}), "files[{n}] is"),
        ("files", lambda files: files.append({**files[0], "name": ""}), "files[{n}] is"),
        ("files", lambda files: files.append({**files[0], "name": "x\n.pdf"}), "files[{n}] is"),
        (
            "content",
            lambda files: files.append(dict(files[0])),
            "content.files[{n}] lists {name} again (as content.files[0] does)",
        ),
        (
            "content",
            lambda files: files.append({**files[0], "name": "../outside.yaml"}),
            "content.files[{n}] is not a content file entry (a path inside the project",
        ),
        (
            "content",
            lambda files: files.append({**files[0], "name": "/etc/passwd"}),
            "content.files[{n}] is not",
        ),
        ("content", lambda files: files.append({**files[0], "name": ""}), "content.files[{n}] is"),
    ],
    ids=[
        "twice",
        "up",
        "absolute",
        "empty",
        "control",
        *(f"content-{x}" for x in ("twice", "up", "absolute", "empty")),
    ],
)
def test_verify_fails_on_a_manifest_of_the_wrong_shape_with_sums_to_match(
    copy, cli, monkeypatch, where, change, message
):
    """A manifest rewritten with its line of SHA256SUMS: a file listed twice (the second
    entry would pass unchecked), or a name that is no file of the folder (of the project,
    for the content), is refused, located."""
    import hashlib

    monkeypatch.chdir(copy.parent)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    files = manifest["files"] if where == "files" else manifest["content"]["files"]
    change(files)
    data = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False).encode()
    (copy / MANIFEST).write_bytes(data)
    sums = [line for line in (copy / SUMS).read_text().splitlines() if line[66:] != MANIFEST]
    sums.append(f"{hashlib.sha256(data).hexdigest()}  {MANIFEST}")
    (copy / SUMS).write_text("\n".join(sorted(sums, key=lambda line: line[66:])) + "\n")
    code, out, _ = verify(cli, "1.0")
    said = message.format(n=len(files) - 1, name=files[0]["name"])
    assert code == 1, out
    assert f"1.0/manifest.json:1:1: error: manifest.json: {said}" in out[0], out
    assert out[0].endswith("[verify.manifest]"), out


def test_verify_reports_a_manifest_that_does_not_parse(copy, cli, monkeypatch):
    monkeypatch.chdir(copy.parent)
    (copy / MANIFEST).write_text('{\n  "files": [\n', encoding="utf-8")
    code, out, _ = verify(cli, "1.0")
    assert code == 1
    assert out[0].startswith("1.0/manifest.json:3:1: error: manifest.json is not valid JSON")


def test_verify_inside_the_project_warns_of_content_changed_since(released, cli, monkeypatch):
    project = released.parents[2]
    monkeypatch.chdir(project)
    assert cli("verify", f"release/{DOC}/1.0").code == 0
    zh = project / ZH
    before = zh.read_bytes()
    try:
        zh.write_bytes(before + b"\n")
        code, out, _ = verify(cli, f"release/{DOC}/1.0")
        assert code == 0
        assert out[0] == (
            f"{ZH}:1:1: warning: changed since release 1.0 (its SHA-256 is not the manifest's) "
            "[verify.content-changed]"
        )
        assert cli("verify", "--strict", f"release/{DOC}/1.0").code == 1
    finally:
        zh.write_bytes(before)


def test_verify_locates_a_line_of_the_sums_that_is_not_one(copy, cli, monkeypatch):
    monkeypatch.chdir(copy.parent)
    sums = copy / SUMS
    lines = sums.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("  ", " ? ", 1)
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = verify(cli, "1.0")
    assert code == 1
    assert (
        "1.0/SHA256SUMS:3:1: error: not a line of SHA256SUMS ('<SHA-256>  <file name>') "
        "[verify.sums]" in out
    ), out


def test_verify_in_another_project_compares_no_content(copy, cli, monkeypatch):
    shutil.copytree(FIXTURES / "tiny", copy.parent / "content")
    monkeypatch.chdir(copy.parent)
    assert verify(cli, "1.0")[:2] == (0, [f"diglot verify: 1.0: {UNSIGNED}"])


def test_verify_of_no_folder_is_a_usage_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("verify", "nowhere")
    assert code == 2
    assert err == "diglot verify: error: no release folder at 'nowhere'\n"


def test_verify_of_a_folder_that_is_no_release_says_so_once(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "papers").mkdir()
    for name in ("a.pdf", "b.html"):
        (tmp_path / "papers" / name).write_bytes(b"x")
    code, out, _ = verify(cli, "papers")
    assert code == 1
    assert out == [
        "papers:1:1: error: this folder holds neither manifest.json nor SHA256SUMS: it is not "
        "a release folder (release/<doc>/<version>/) [verify.not-a-release]",
        "diglot verify: papers: 1 error",
    ]


# -- reproducible: two clones, two processes, the same bytes ------------------------------------


def test_two_clones_give_byte_identical_releases(tmp_path, diglot_process):
    origin = copy_project(tmp_path / "origin", approved(DECLARATION), templates=True, repo=True)
    bundles = []
    for name in ("first", "second clone"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(origin), str(clone))
        done = diglot_process.run("release", DOC, "--version", "1.0", cwd=clone)
        assert done.returncode == 0, done.stdout + done.stderr
        bundles.append(clone / "release" / DOC / "1.0")
    first, second = ({p.name: p.read_bytes() for p in b.iterdir()} for b in bundles)
    assert sorted(first) == sorted([*EDITIONS, MANIFEST, SUMS])
    assert sorted(first) == sorted(second)
    assert [name for name in sorted(first) if first[name] != second[name]] == []


def test_a_change_git_status_is_told_to_ignore_is_still_not_committed(project, cli, weasyprint):
    """assume-unchanged and skip-worktree make `git status` skip a file: the gate hashes the
    file itself, so the change is refused and never released as the commit's."""
    edit(project, ZH, "阿尔丹海", "阿尔丹海域")
    for flag in ("--assume-unchanged", "--skip-worktree"):
        git(project, "update-index", flag, ZH)
        assert git(project, "status", "--porcelain") == ""  # git itself sees nothing
        code, out, _ = release(cli, "--version", "1.0")
        assert code == 1, out
        assert out[1] == header("files not committed", 1)
        assert out[2] == f"{ZH}:1:1: not committed: {HIDDEN}"
        assert_nothing_written(project)
        git(project, "update-index", flag.replace("--", "--no-"), ZH)


def test_hidden_changes_are_found_by_content_and_line_endings_are_no_change(tmp_path):
    """What the gate asks of git, file by file: a file marked so that `git status` skips it is
    hashed as `git add` would store it. Changed, deleted, a link pointed elsewhere: each is
    found; a file checked out with CRLF line endings by git's own rules is not a change."""
    from diglot.gitstate import files_state

    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / ".gitattributes").write_text("*.txt text eol=crlf\n")
    for name in ("kept.yaml", "edited.yaml", "deleted.yaml", "target.yaml"):
        (root / "content" / name).write_text(f"{name}: 1\n")
    (root / "content" / "crlf.txt").write_bytes(b"one\r\ntwo\r\n")
    (root / "content" / "link.yaml").symlink_to("target.yaml")
    git(root, "init", "-q")
    commit_all(root, "content")
    assert files_state(root, [root / "content"]).uncommitted == ()

    (root / "content" / "edited.yaml").write_text("edited.yaml: 2\n")
    (root / "content" / "deleted.yaml").unlink()
    (root / "content" / "link.yaml").unlink()
    (root / "content" / "link.yaml").symlink_to("kept.yaml")
    for name in ("kept.yaml", "edited.yaml", "crlf.txt", "link.yaml"):
        git(root, "update-index", "--assume-unchanged", f"content/{name}")
    git(root, "update-index", "--skip-worktree", "content/deleted.yaml")
    assert git(root, "status", "--porcelain") == ""

    state = files_state(root, [root / "content"])
    assert {u.path.name: u.how for u in state.uncommitted} == {
        "edited.yaml": HIDDEN,
        "deleted.yaml": HIDDEN.replace("changed", "deleted or replaced", 1),
        "link.yaml": HIDDEN,
    }


def _repository(tmp_path: Path) -> Path:
    """A repository with content/a.yaml committed."""
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.yaml").write_text("a: 1\n")
    git(root, "init", "-q")
    commit_all(root, "content")
    return root


def _hows(root: Path, *paths: Path) -> dict[str, str]:
    from diglot.gitstate import files_state

    state = files_state(root, list(paths))
    return {u.path.relative_to(root).as_posix(): u.how for u in state.uncommitted}


def test_a_file_read_through_a_committed_link_must_be_committed_too(tmp_path):
    root = _repository(tmp_path)
    (root / "private").mkdir()
    (root / "private" / "b.yaml").write_text("b: private\n")
    (root / ".git" / "info" / "exclude").write_text("/private/\n")
    (root / "content" / "b.yaml").symlink_to("../private/b.yaml")
    commit_all(root, "a link")
    assert git(root, "status", "--porcelain") == ""
    found = _hows(root, root / "content" / "a.yaml", root / "content" / "b.yaml")
    assert found == {"private/b.yaml": "ignored by git, never committed"}


def test_a_file_in_a_repository_of_its_own_is_not_in_the_last_commit(tmp_path):
    from diglot.gitstate import NOT_IN_COMMIT

    root = _repository(tmp_path)
    inner = root / "content" / "zh"
    inner.mkdir()
    (inner / "a.yaml").write_text("a: 1\n")
    git(inner, "init", "-q")
    commit_all(inner, "inner")
    found = _hows(root, root / "content" / "a.yaml", inner / "a.yaml")
    assert found["content/zh/a.yaml"] == NOT_IN_COMMIT


@pytest.mark.parametrize(
    "line, how",
    [
        ("content/** ident", "attribute ident ($Id$ expanded)"),
        ("content/** working-tree-encoding=UTF-16", "attribute working-tree-encoding 'UTF-16'"),
    ],
)
def test_an_attribute_that_rewrites_the_text_hides_no_change(tmp_path, line, how):
    """Like a filter, $Id$ expansion (ident) and another encoding on disk make what is
    committed other than the file's bytes: `git status` and `hash-object` agree with HEAD
    whatever the $Id$ line says. A local attribute, never committed, is enough."""
    root = _repository(tmp_path)
    path = root / "content" / "a.yaml"
    (root / ".git" / "info" / "attributes").write_text(line + "\n")
    assert git(root, "status", "--porcelain") == ""
    assert _hows(root, path) == {"content/a.yaml": FILTERED.format(filter=how)}


def test_a_clean_filter_replacement_objects_or_git_variables_hide_no_change(tmp_path, monkeypatch):
    """git status trusts a clean filter (which may say any text is the committed one), a
    `git replace` changes what git reads as a commit, GIT_DIR asks another repository:
    the file itself is compared with what a checkout of the project's HEAD writes."""
    root = _repository(tmp_path)
    path = root / "content" / "a.yaml"
    (root / ".git" / "info" / "attributes").write_text("content/** filter=hide\n")
    git(root, "config", "filter.hide.clean", "git cat-file blob HEAD:%f")
    path.write_text("a: 2\n")
    assert git(root, "status", "--porcelain") == ""
    assert _hows(root, path) == {"content/a.yaml": FILTERED.format(filter="filter 'hide'")}
    git(root, "config", "filter.hide.smudge", "cat")  # a smudge filter does not change that
    assert _hows(root, path) == {"content/a.yaml": FILTERED.format(filter="filter 'hide'")}

    (root / ".git" / "info" / "attributes").write_text("")
    git(root, "add", "-A")
    tree = git(root, "write-tree").strip()
    fake = git(root, "commit-tree", tree, "-p", "HEAD", "-m", "fake").strip()
    head = git(root, "rev-parse", "HEAD").strip()
    path.write_text("a: 1\n")
    git(root, "add", "-A")
    git(root, "replace", head, fake)  # HEAD now reads as a commit holding a: 2
    path.write_text("a: 2\n")
    git(root, "add", "-A")
    assert git(root, "status", "--porcelain") == ""
    assert _hows(root, path) == {"content/a.yaml": "changed since the last commit"}

    other = _repository(tmp_path / "other")
    (other / "content" / "a.yaml").write_text("a: 2\n")
    commit_all(other, "a: 2")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(root))
    assert _hows(root, path) == {"content/a.yaml": "changed since the last commit"}


# what Git LFS's clean filter stores for a file: a pointer to its object
LFS_CLEAN = (
    "f=$(mktemp); cat >$f; printf 'version https://git-lfs.github.com/spec/v1\\n"
    "oid sha256:%s\\nsize %s\\n' $(sha256sum <$f | cut -d' ' -f1) $(wc -c <$f); rm $f"
)


def test_a_filter_named_lfs_is_not_trusted_to_say_a_file_is_committed(tmp_path):
    """Git LFS's filter is what the repository's configuration says "lfs" runs: one that
    answers with the committed text hid a changed file from git status and hash-object
    alike (and a release was made from it). A file LFS stores is compared with the object
    its committed pointer names, the filter never run; one as committed passes."""
    import hashlib

    from diglot.gitstate import LFS_HIDDEN, as_committed

    root = _repository(tmp_path)
    path = root / "content" / "a.yaml"
    (root / ".git" / "info" / "attributes").write_text("content/** filter=lfs\n")
    git(root, "config", "filter.lfs.clean", "git cat-file blob HEAD:%f")
    git(root, "config", "filter.lfs.smudge", "cat")
    assert _hows(root, path) == {}  # as committed (the blob of its own bytes)
    path.write_text("a: 2\n")
    assert git(root, "status", "--porcelain") == ""
    assert _hows(root, path) == {"content/a.yaml": LFS_HIDDEN}
    assert as_committed(root, {"content/a.yaml": b"a: 2\n"}) == ["content/a.yaml"]
    assert as_committed(root, {"content/a.yaml": b"a: 1\n"}) == []

    # with a filter that stores pointers as Git LFS does: the object a committed pointer
    # names, on the disk, is committed
    git(root, "config", "filter.lfs.clean", LFS_CLEAN)
    data = b"a: 3\n"
    path.write_bytes(data)
    commit_all(root, "a pointer")
    pointer = git(root, "cat-file", "blob", "HEAD:content/a.yaml")
    assert f"oid sha256:{hashlib.sha256(data).hexdigest()}\nsize {len(data)}\n" in pointer
    assert _hows(root, path) == {}
    assert as_committed(root, {"content/a.yaml": data}) == []
    path.write_bytes(b"a: 4\n")
    assert _hows(root, path) == {"content/a.yaml": "changed since the last commit"}
    assert as_committed(root, {"content/a.yaml": b"a: 4\n"}) == ["content/a.yaml"]


def test_a_shallow_clone_cannot_tell_a_release_s_commit(tmp_path):
    from diglot.gitstate import files_state, is_shallow, shallow_boundary

    root = _repository(tmp_path)
    (root / "NOTES.md").write_text("x\n")
    commit_all(root, "notes")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", root.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    assert is_shallow(clone) and not is_shallow(root)
    # the content's last commit, as the clone knows it, is where its history is cut: an
    # earlier commit may have changed the content last
    state = files_state(clone, [clone / "content" / "a.yaml"])
    assert state.commit is not None and state.commit.sha in shallow_boundary(clone)
    assert shallow_boundary(root) == set()


GLOSSARY = "content/glossary.yaml"


@pytest.mark.parametrize("changed", [ZH, GLOSSARY])
def test_a_file_changed_and_committed_while_the_release_is_made_is_refused(
    project, cli, weasyprint, monkeypatch, changed
):
    """The editions are made from the files as read: a file changed (and committed) while they
    are rendered would otherwise be what the manifest hashes and names the commit of. The
    glossary too: the checks read it once, and the manifest hashes what they read."""
    from diglot.release import gate

    (project / GLOSSARY).write_text("terms:\n  - en: Aldane Sea\n    zh: 阿尔丹海\n")
    commit_all(project, "a glossary")
    original = gate._build

    def build(*args, **kwargs):
        built = original(*args, **kwargs)
        edit(project, changed, "阿尔丹海", "阿尔丹海域")
        commit_all(project, "meanwhile")
        return built

    monkeypatch.setattr(gate, "_build", build)
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1, out
    assert out[1] == header("files not committed", 2)
    meanwhile = "not committed: changed while the release was being made"
    assert sorted(line.split(":1:1: ")[0] for line in out[2:4]) == [".", changed]
    assert all(meanwhile in line for line in out[2:4]), out
    assert not (project / "release").exists()


def test_the_manifest_hashes_the_glossary_and_settings_as_the_checks_read_them(
    make_project, monkeypatch
):
    """What a release records of the glossary and diglot.toml is the hash of the bytes the
    project read (once), not of what is on the disk when the manifest is written."""
    import hashlib

    from diglot.diagnostics import Reporter
    from diglot.project import open_project
    from diglot.release.manifest import _read_hash

    root = make_project(DECLARATION, at="project")
    glossary, settings = root / GLOSSARY, root / "diglot.toml"
    glossary.write_text("terms:\n  - en: Aldane Sea\n    zh: 阿尔丹海\n")
    settings.write_text('[checks]\nseverity = {"qa.length" = "off"}\n')
    read = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (glossary, settings)}
    project = open_project(root / "content", Reporter())
    assert project is not None and project.glossary is not None
    glossary.write_text("terms:\n  - en: Aldane Sea\n    zh: 阿尔丹海域\n")
    settings.write_text('[checks]\nseverity = {"qa.length" = "error"}\n')
    checked = type("Checked", (), {"project": project})()
    for path, digest in read.items():
        assert _read_hash(checked, str(path)) == digest, path


def test_a_template_changed_while_the_release_is_made_changes_nothing_or_is_refused(
    project, cli, weasyprint, monkeypatch
):
    """The editions are made from a copy of the templates checked against the commit: a
    template changed while they render, and put back after, is not in them; one changed
    after git was asked, before the copy, is refused."""
    from diglot.release import gate

    css = project / "templates" / "css" / "edition.css"
    committed = css.read_text(encoding="utf-8")
    original_build = gate._build

    def build(*args, **kwargs):
        css.write_text(committed + "\nbody { color: #f00000; }\n", encoding="utf-8")
        try:
            return original_build(*args, **kwargs)
        finally:
            css.write_text(committed, encoding="utf-8")

    monkeypatch.setattr(gate, "_build", build)
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 0, out
    html = (project / "release" / DOC / "1.0" / f"{DOC}.en.html").read_text(encoding="utf-8")
    assert "#f00000" not in html
    monkeypatch.setattr(gate, "_build", original_build)
    original_inputs = gate.document_inputs

    def inputs(*args, **kwargs):
        found = original_inputs(*args, **kwargs)
        css.write_text(committed + "\nbody { color: #f00000; }\n", encoding="utf-8")
        return found

    monkeypatch.setattr(gate, "document_inputs", inputs)
    code, out, _ = release(cli, "--version", "2.0")
    assert code == 1, out
    meanwhile = [line for line in out if "changed while the release was being made" in line]
    assert meanwhile and meanwhile[0].startswith("templates/css/edition.css:"), out
    assert not (project / "release" / DOC / "2.0").exists()


def test_a_translation_changed_since_its_approval_is_refused(project, cli, weasyprint):
    """Changing a translation does not approve it: a unit approved, then changed (and
    committed) is refused until it is approved again."""
    edit(project, ZH, "阿尔丹海", "阿尔丹海域")
    commit_all(project, "a changed translation")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1, out
    changed = [line for line in out if "its translation changed since it was approved" in line]
    assert len(changed) == 1 and changed[0].startswith(f"{ZH}:"), out
    assert_nothing_written(project)


def test_an_approval_that_records_the_english_alone_is_refused(project, cli, weasyprint):
    """An approval without the translation's hash (an older form, or one cut short by hand)
    cannot tell whether the translation changed since: the unit is not approved."""
    text = (project / ZH).read_text(encoding="utf-8")
    cut = re.sub(r'(source-hash: "[0-9a-f]{32})/[0-9a-f]{32}"', r'\1"', text, count=1)
    assert cut != text
    (project / ZH).write_text(cut, encoding="utf-8")
    commit_all(project, "an approval cut short")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1, out
    refused = [line for line in out if "its approval records the English alone" in line]
    assert len(refused) == 1 and refused[0].startswith(f"{ZH}:"), out
    assert_nothing_written(project)


def test_an_approval_recorded_by_a_short_hash_is_refused_until_approved_again(
    project, cli, weasyprint
):
    """An approval in the older short form (10 hexadecimal digits a side, 40 bits) names its
    translation by a hash a second text can be made to match in seconds: it is no approval
    until approved again, which records the full hash (and tells stale units as before)."""
    from diglot.provenance import SHORT_DIGITS

    text = (project / ZH).read_text(encoding="utf-8")
    pattern = r'source-hash: "([0-9a-f]{32})/([0-9a-f]{32})"'
    (first,) = re.findall(pattern, text)[:1]
    short = re.sub(
        pattern,
        lambda m: f'source-hash: "{m[1][:SHORT_DIGITS]}/{m[2][:SHORT_DIGITS]}"',
        text,
        count=1,
    )
    (project / ZH).write_text(short, encoding="utf-8")
    commit_all(project, "an approval in the short form")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1, out
    refused = [line for line in out if "by a short hash (40 bits" in line]
    assert len(refused) == 1 and refused[0].startswith(f"{ZH}:"), out
    assert_nothing_written(project)
    # qa.stale reads the short form: the English has not changed
    assert cli("check")[0] == 0
    # approving it again records the full hashes
    unit_line = next(n for n, line in enumerate(short.splitlines()) if first[0][:10] in line)
    unit_id = next(
        line.split("id:")[1].strip()
        for line in reversed(short.splitlines()[:unit_line])
        if line.strip().startswith("id:") or line.strip().startswith("- id:")
    )
    assert cli("approve", unit_id)[0] == 0
    assert f'source-hash: "{first[0]}/{first[1]}"' in (project / ZH).read_text(encoding="utf-8")


def test_a_folder_link_pointed_elsewhere_is_not_committed(tmp_path):
    """A committed link to a folder, pointed at another folder: what is read through it is
    not the commit's."""
    root = _repository(tmp_path)
    for name in ("v1", "v2"):
        (root / "content" / name).mkdir()
        (root / "content" / name / "d.yaml").write_text(f"d: {name}\n")
    (root / "content" / "zh").symlink_to("v1")
    commit_all(root, "two versions, and a link")
    read = root / "content" / "zh" / "d.yaml"
    assert _hows(root, read) == {}
    (root / "content" / "zh").unlink()
    (root / "content" / "zh").symlink_to("v2")
    assert _hows(root, read) == {"content/zh": "changed since the last commit"}


def test_each_template_not_committed_is_named_once_with_its_reason(
    project, cli, weasyprint, tmp_path
):
    """A template that git already calls not committed (outside the repository, or changed
    since the commit) is named once, with that reason: the copy the editions are made from
    is compared with the commit only for the files git calls committed (each was also said
    to have changed while the release was being made, which is false)."""
    outside = tmp_path / "elsewhere" / "templates"
    shutil.copytree(project / "templates", outside)
    code, out, _ = release(cli, "--version", "1.0", "--templates", str(outside))
    assert code == 1, out
    named = [line for line in out if ": not committed: " in line]
    assert named and all("outside the project's git repository" in line for line in named), out
    places = [line.split(":1:1: ")[0] for line in named]
    assert len(places) == len(set(places)), out
    assert out[1] == header("files not committed", len(named))
    assert (
        f"are outside the project's repository: copy them into it (cp -r {outside} templates, "
        "where the project has no templates/ yet)" in "\n".join(out)
    ), out
    # a folder whose name a shell would read otherwise is quoted in the command given
    odd = tmp_path / "odd $(touch HACKED) name"
    shutil.copytree(project / "templates", odd)
    code, out, _ = release(cli, "--version", "1.0", "--templates", str(odd))
    assert code == 1 and f"cp -r '{odd}' templates" in "\n".join(out), out
    css = project / "templates" / "css" / "edition.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nbody { color: #f00000; }\n")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1, out
    assert out[1:3] == [
        header("files not committed", 1),
        "templates/css/edition.css:1:1: not committed: changed since the last commit",
    ], out


def test_the_manifest_names_the_commit_and_author_of_each_approval(
    project, cli, weasyprint, monkeypatch
):
    """An approval is a hash in the content file: anyone who can commit can rewrite an
    approved translation and its hash by hand, and the release takes it as approved. The
    manifest names, for each approval it relies on, the commit that last changed its
    `source-hash:` line (git blame), with its author and date, and the release counts them
    by author."""
    from diglot.provenance import hash_fields

    text = (project / ZH).read_text(encoding="utf-8")
    old = "    text: 梅罗港\n"
    new = "    text: 梅罗市\n"
    recorded = re.search(r'source-hash: "([0-9a-f]+)/([0-9a-f]+)"\n' + old, text)
    assert recorded is not None
    forged = f'source-hash: "{recorded[1]}/{hash_fields([("text", "梅罗市")])}"\n{new}'
    (project / ZH).write_text(text.replace(recorded[0], forged), encoding="utf-8")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Mallory")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "mallory@example.org")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-05-04T10:00:00+02:00")
    commit_all(project, "the place, approved by hand")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE"):
        monkeypatch.delenv(name)
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 0, out
    manifest = json.loads((project / "release" / DOC / "1.0" / MANIFEST).read_text("utf-8"))
    approvals = manifest["content"]["approvals"]
    head = git(project, "rev-parse", "HEAD").strip()
    first = git(project, "rev-list", "--max-parents=0", "HEAD").strip()
    place = [a for a in approvals if a["unit"] == "place"]
    assert place == [
        {
            "unit": "place",
            "language": "zh",
            "file": ZH,
            "line": line_of(project, ZH, "text: 梅罗市") - 1,
            "commit": head,
            "author": "Mallory <mallory@example.org>",
            "date": "2026-05-04T10:00:00+02:00",
        }
    ]
    others = [a for a in approvals if a["unit"] != "place"]
    assert len(approvals) == manifest["checks"]["approved"] and len(others) > 10
    assert {(a["commit"], a["author"]) for a in others} == {(first, "Test <test@example.org>")}
    assert out[-2] == (
        f"approvals relied on: {len(approvals)} units, recorded in commits by Test "
        f"<test@example.org> ({len(others)}), Mallory <mallory@example.org> (1) (manifest.json "
        "names each unit's commit)"
    )


def test_a_template_file_the_release_does_not_check_is_not_read_by_its_editions(
    project, cli, weasyprint
):
    """The gate asks git about the document's own templates: another type's stylesheet,
    another language's catalog and the review server's templates are not among them. An
    edition that reads one after all (here: a picture named like another type's file,
    changed and not committed) is refused, not made from a file no one checked; the problem
    is located in the project's templates, not in the copy the release renders from."""
    types = project / "templates" / "types"
    types.mkdir(exist_ok=True)
    (types / "declaration.css").write_text('h1 { background-image: url("types/seal.svg"); }\n')
    seal = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect fill="%s" width="4" height="4"/></svg>\n'
    (types / "seal.svg").write_text(seal % "navy")
    commit_all(project, "a seal behind the declaration's title")
    (types / "seal.svg").write_text(seal % "red")  # not committed
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 1, out
    assert any("seal.svg" in line for line in out), out
    assert not any("diglot-release-" in line for line in out), out
    assert "templates/types/seal.svg: not among the files a release of" in "\n".join(out), out
    assert not (project / "release").exists()
    code, out, _ = release(cli, "--version", "1.0", "--rehearsal")
    assert code == 1, out


def test_a_template_file_whose_name_is_no_utf8_is_released_and_named_in_the_manifest(
    project, cli, weasyprint
):
    """A file name is bytes: one that is no UTF-8 (made on another system) is committed and
    released like any other, and the manifest, which is UTF-8 text, names it with an escape
    (before, the release ended in an internal error once every edition was built)."""
    name = os.fsencode(project / "templates" / "css") + b"/\xff\xfe.css"
    with open(name, "wb") as file:
        file.write(b"/* a stylesheet no edition reads */\n")
    commit_all(project, "a stylesheet named on another system")
    code, out, _ = release(cli, "--version", "1.0")
    assert code == 0, out
    manifest = json.loads((project / "release" / DOC / "1.0" / MANIFEST).read_text("utf-8"))
    names = [entry["name"] for entry in manifest["content"]["made-from"]]
    assert "templates/css/\\xff\\xfe.css" in names


def test_a_link_out_of_a_templates_folder_of_another_name_is_refused_as_in_a_build(
    project, cli, weasyprint
):
    """The release renders from a copy of the templates: a relative link that leads out of
    the folder (tpl/css/marks.css -> ../../templates/css/marks-alt.css) leads nowhere in
    it, as in a build. Before, the copy was always named templates/, and the link led to
    the copy's own tpl/css/marks-alt.css: the release was made from a file no link named."""
    git(project, "mv", "templates", "tpl")
    css = project / "tpl" / "css"
    (css / "marks-alt.css").write_text((css / "marks.css").read_text() + "/* B */\n")
    (project / "templates" / "css").mkdir(parents=True)
    (project / "templates" / "css" / "marks-alt.css").write_text(
        (css / "marks.css").read_text() + "/* A */\n"
    )
    (css / "marks.css").unlink()
    (css / "marks.css").symlink_to("../../templates/css/marks-alt.css")
    commit_all(project, "the marks' stylesheet by a link")
    built = cli("build", "--templates", "tpl", "--format", "html")
    assert built.code == 1 and "marks.css" in built.out, built.out
    code, out, _ = release(cli, "--version", "1.0", "--templates", "tpl")
    assert code == 1, out
    assert any("marks.css" in line for line in out), out
    assert not (project / "release").exists()


def test_the_manifest_lists_no_file_outside_the_templates_copy(tmp_path):
    """A link in the templates that leads out of them (to /etc/hostname) is no file an
    edition can read (the loader refuses it): made-from does not hash what it leads to."""
    from types import SimpleNamespace

    from diglot.release.manifest import made_from

    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "diglot.toml").write_text("")
    templates, copy = root / "templates", tmp_path / "copy" / "templates"
    for folder in (templates, copy):
        (folder / "css").mkdir(parents=True)
        (folder / "css" / "edition.css").write_text("body {}\n")
        (folder / "css" / "abs.css").symlink_to("/etc/hostname")
    inputs = SimpleNamespace(
        files=[templates / "css" / "edition.css", templates / "css" / "abs.css"]
    )
    made = made_from(inputs, root / "content", (copy, templates))
    assert [entry["name"] for entry in made] == ["templates/css/edition.css"]
