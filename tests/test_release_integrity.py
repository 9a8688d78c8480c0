"""Releases that cannot mislead: a release is made from committed files only and dated by
its own document's files (a rehearsal of uncommitted content is marked as no release in
every edition and the manifest); every unit approved unless the project says it does not
track its translations (and then its manifest and editions say so); every check lowered
has its reason, and the manifest records the settings and waivers; history and dates come
from the project's repository whatever the current folder; a document not translated yet
is drafted in its source language, and still counts as not translated."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from diglot.cli import main

from conftest import FIXTURES, REPO, approved, commit_all, edit, git, line_of, pdftotext

DECLARATION = FIXTURES / "types" / "declaration" / "content"
TINY = FIXTURES / "tiny"
DOC = "aldane-sea-fisheries-1948"
EN = f"content/en/{DOC}.yaml"
ZH = f"content/zh/{DOC}.yaml"
NEVER = "no source-hash: records the English its translation was approved against"


def commit_on(root: Path, day: str, message: str) -> None:
    """Commit everything with this author and committer date (YYYY-MM-DD)."""
    git(root, "add", "-A")
    stamp = f"{day}T12:00:00+00:00"
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
        + ["-c", "commit.gpgsign=false", "commit", "-q", "-m", message],
        cwd=root,
        check=True,
        env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
    )


def make_project(root: Path, content: Path, day: str = "2026-01-10") -> Path:
    """A git repository with this content and the templates, committed on day."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    git(root, "init", "-q")
    commit_on(root, day, "the content")
    return root


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.splitlines(), err


def header(title: str, count: int) -> str:
    start = f"── {title} ({count}) "
    return start + "─" * (60 - len(start))


def no_backups(root: Path) -> None:
    for bak in (root / "content").rglob("*.bak"):
        bak.unlink()


def docx_text(path: Path, pattern: str) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(name).decode("utf-8")
            for name in sorted(package.namelist())
            if re.fullmatch(pattern, name)
        )


def pdf_keywords(path: Path) -> tuple[str, str]:
    """The PDF's /Keywords in its document information and in its XMP metadata."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as meta:
            return str(pdf.docinfo.get("/Keywords", "")), str(meta.get("pdf:Keywords", ""))


# -- from committed content only, dated by the document's own files ------------------------------


@pytest.mark.slow
def test_a_document_never_committed_is_refused_and_each_is_dated_by_its_own_files(
    tmp_path, monkeypatch, capsys
):
    root = make_project(tmp_path / "project", approved(DECLARATION), "2026-01-10")
    monkeypatch.chdir(root)
    for lang in ("en", "zh"):
        shutil.copy(approved(TINY) / lang / "memo.yaml", root / "content" / lang / "memo.yaml")
    code, out, _ = run(
        capsys, "release", "memo", "--version", "1.0", "--accept", "us.stephen-orlins"
    )
    assert code == 1
    assert out[:4] == [
        "refused: memo 1.0 — 2 reasons",
        header("files not committed", 2),
        "content/en/memo.yaml:1:1: not committed: never committed",
        "content/zh/memo.yaml:1:1: not committed: never committed",
    ]
    assert out[4].startswith("a release is made from committed files only: commit them, or ")
    assert out[-1] == "nothing was written" and not (root / "release").exists()

    commit_on(root, "2026-11-30", "a new document")  # the newest commit is the memo's
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 0, out
    assert out[-1] == (
        f"released {DOC} 1.0 (2026-01-10) in release/{DOC}/1.0/: 12 editions, manifest.json, "
        "SHA256SUMS"
    )
    folder = root / "release" / DOC / "1.0"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["date"] == "2026-01-10"
    assert manifest["content"]["commit"] == git(root, "rev-parse", "HEAD~1").strip()
    assert manifest["rehearsal"] is False and manifest["content"]["uncommitted"] == []
    assert (
        (folder / f"{DOC}.en.md")
        .read_text("utf-8")
        .startswith("Version 1.0, released January 10, 2026")
    )
    assert "Version 1.0, released January 10, 2026" in pdftotext(folder / f"{DOC}.en.pdf")
    # drafts too: each by its own files
    assert run(capsys, "build", "--format", "md")[0] == 0
    first = {
        doc: (root / "build" / doc / f"{doc}.en.md").read_text("utf-8").splitlines()[0]
        for doc in (DOC, "memo")
    }
    assert first == {
        DOC: "**DRAFT** · Draft of January 10, 2026",
        "memo": "**DRAFT** · Draft of November 30, 2026",
    }


@pytest.fixture(scope="module")
def rehearsed(tmp_path_factory, diglot_process) -> Path:
    """A rehearsal of the declaration with a change not committed (made once: its tests are
    grouped on one worker, as the fixture says it runs diglot in a process of its own)."""
    root = make_project(tmp_path_factory.mktemp("rehearsed") / "project", approved(DECLARATION))
    edit(root, EN, "type: declaration", "# not committed yet\ntype: declaration")
    changed = 1771070400  # 2026-02-14: a rehearsal is dated by its newest change
    os.utime(root / EN, (changed, changed))
    done = diglot_process.run("release", DOC, "--version", "1.0", "--rehearsal", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == (
        f"rehearsed {DOC} 1.0 (2026-02-14) in rehearsal/{DOC}/1.0/: 12 editions, "
        "manifest.json, SHA256SUMS; REHEARSAL — not a release: every edition and the manifest "
        "say so"
    )
    return root / "rehearsal" / DOC / "1.0"


MARK = {"en": "REHEARSAL — not a release", "zh": "发布演练——非正式发布"}
LINE = {
    "en": "Rehearsal of version 1.0, February 14, 2026 — not a release",
    "zh": "1.0版发布演练，2026年2月14日——非正式发布",
}

STARTS = {
    "en": "Rehearsal of version 1.0, February 14, 2026",
    "zh": "1.0版发布演练，2026年2月14日",
}


@pytest.mark.slow
def test_a_rehearsal_says_so_in_every_edition_and_the_manifest(rehearsed):
    manifest = json.loads((rehearsed / "manifest.json").read_text("utf-8"))
    assert manifest["rehearsal"] is True
    assert manifest["content"]["uncommitted"] == [
        {"name": EN, "how": "changed since the last commit"}
    ]
    for edition, langs in (("en", ["en"]), ("zh", ["zh"]), ("en-zh", ["en", "zh"])):
        md = (rehearsed / f"{DOC}.{edition}.md").read_text("utf-8")
        page = (rehearsed / f"{DOC}.{edition}.html").read_text("utf-8")
        word = docx_text(rehearsed / f"{DOC}.{edition}.docx", r"word/(document|header\d*)\.xml")
        pdf = pdftotext(rehearsed / f"{DOC}.{edition}.pdf")
        for lang in langs:
            assert f"**{MARK[lang]}** · {LINE[lang]}" in md, edition
            assert 'class="draft-banner"' in page and MARK[lang] in page and LINE[lang] in page
            assert MARK[lang] in word and LINE[lang] in word, edition
            # (side by side, the columns' lines interleave in the text: the line's start)
            assert (LINE[lang] if edition != "en-zh" else STARTS[lang]) in pdf, edition
            keywords = pdf_keywords(rehearsed / f"{DOC}.{edition}.pdf")
            assert MARK[lang] in keywords[0] and MARK[lang] in keywords[1], keywords
        pages = pdf.split("\f")[:-1]
        margin = "REHEARSAL" if edition != "zh" else "发布演练"
        assert all(margin in text for text in pages), edition  # every page, in its margin
        for text in (md, page, word, pdf):
            assert "released January" not in text and "日发布" not in text, edition


@pytest.mark.slow
def test_a_rehearsal_verifies_and_says_it_is_no_release(rehearsed, capsys, monkeypatch):
    monkeypatch.chdir(rehearsed.parent)
    code, out, _ = run(capsys, "verify", "1.0")
    assert (code, out) == (
        0,
        [
            "diglot verify: 1.0: every file matches its manifest.json and SHA256SUMS — a "
            "REHEARSAL, not a release"
        ],
    )


# -- approved units only ---------------------------------------------------------------------------


@pytest.mark.slow
def test_units_never_approved_are_refused_with_the_command_that_approves_them(
    tmp_path, monkeypatch, capsys
):
    root = make_project(tmp_path / "project", DECLARATION)  # as written: nothing approved
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 1
    assert out[:2] == [
        f"refused: {DOC} 1.0 — 37 reasons",  # 33 units, the short title and 3 signatures
        header("translations never approved", 37),
    ]
    line = line_of(root, ZH, "- id: purpose.text")
    assert f"{ZH}:{line}:9: never approved: unit 'purpose.text': {NEVER}" in out
    command = f"python pipeline.py approve {DOC}"
    assert out[-2] == f"approve them once each is reviewed: {command}"
    assert not (root / "release").exists()
    # the command does it
    assert run(capsys, *shlex.split(command)[2:])[0] == 0
    no_backups(root)
    commit_all(root, "approved")
    # two approvals taken back: the command names them
    for unit in ("purpose.text", "measures.closed-season"):
        text = (root / ZH).read_text("utf-8")
        text = re.sub(rf"(- id: {re.escape(unit)}\n)\s+source-hash: \"[0-9a-f/]+\"\n", r"\1", text)
        (root / ZH).write_text(text, encoding="utf-8")
    commit_all(root, "two approvals taken back")
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 1
    assert out[:2] == [f"refused: {DOC} 1.0 — 2 reasons", header("translations never approved", 2)]
    command = "python pipeline.py approve purpose.text measures.closed-season"
    assert out[4] == f"approve them once each is reviewed: {command}"
    assert run(capsys, *shlex.split(command)[2:])[0] == 0
    code, out, _ = run(capsys, "status", "--format", "json")
    (row,) = json.loads("\n".join(out))["documents"]
    assert row["approved"] == row["total"] == 37


@pytest.mark.slow
def test_a_project_that_tracks_no_translations_says_so_and_its_releases_record_it(
    tmp_path, monkeypatch, capsys
):
    root = make_project(tmp_path / "project", DECLARATION)
    (root / "diglot.toml").write_text("[translations]\ntracked = false\n", encoding="utf-8")
    commit_all(root, "no tracking")
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 0, out
    assert out[0] == (
        "diglot.toml:2:1: on record: [translations] tracked = false: the translations are not "
        "approved unit by unit; the manifest and the editions' metadata say so"
    )
    folder = root / "release" / DOC / "1.0"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["translations"] == {"tracked": False}
    assert manifest["checks"]["approved"] == 0
    words = {"en": "translations not approved unit by unit", "zh": "译文未逐单元核准"}
    for edition, langs in (("en", ["en"]), ("zh", ["zh"]), ("en-zh", ["en", "zh"])):
        import docx as python_docx

        keywords = pdf_keywords(folder / f"{DOC}.{edition}.pdf")
        word = python_docx.Document(str(folder / f"{DOC}.{edition}.docx")).core_properties
        page = (folder / f"{DOC}.{edition}.html").read_text("utf-8")
        meta = re.search(r'<meta name="keywords" content="([^"]*)">', page)
        assert meta is not None
        for lang in langs:
            assert words[lang] in keywords[0] and words[lang] in keywords[1], keywords
            assert words[lang] in word.keywords and words[lang] in meta[1]


# -- settings on record --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_check_turned_off_needs_a_reason_and_the_manifest_records_it(
    tmp_path, monkeypatch, capsys
):
    root = make_project(tmp_path / "project", approved(DECLARATION))
    monkeypatch.chdir(root)
    edit(root, ZH, "关闭鲱鱼渔场。", "关闭鲱鱼渔场。。")  # a genuine punctuation error
    assert run(capsys, "approve", "measures.closed-season")[0] == 0  # the text as it is
    no_backups(root)
    (root / "diglot.toml").write_text(
        '[checks.severity]\n"qa.punct-doubled" = "off"\n', encoding="utf-8"
    )
    commit_all(root, "the check turned off")
    assert run(capsys, "check")[0] == 0  # nothing found: the check is off
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 1
    assert out == [
        f"refused: {DOC} 1.0 — 1 reason",
        header("checks lowered without a reason", 1),
        "diglot.toml:2:1: error: [checks.severity] lowers 'qa.punct-doubled' from warning to "
        'off without a reason; give it one under [checks.reasons] ("qa.punct-doubled" = "why '
        'it is lowered"), or remove the setting [release.no-reason]',
        "nothing was written",
    ]
    reason = "The 1948 text doubles its stops; kept as printed (office decision of 2026-11-02)."
    with (root / "diglot.toml").open("a", encoding="utf-8") as settings:
        settings.write(f'\n[checks.reasons]\n"qa.punct-doubled" = "{reason}"\n')
    # and a finding waived in the content
    edit(root, ZH, "于每年3月1日至4月30日", "于每年3月1日至5月30日")
    edit(
        root,
        ZH,
        "      - id: measures.closed-season\n",
        "      - id: measures.closed-season\n"
        "        waive:\n"
        "          qa.numbers: The 1948 Chinese text gives May; confirmed by the office.\n",
    )
    assert run(capsys, "approve", "measures.closed-season")[0] == 0
    no_backups(root)
    commit_on(root, "2026-11-20", "the reason, and a waiver")
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 0, out
    waiver_line = line_of(root, ZH, "qa.numbers: The 1948")
    relied = (root / ZH).read_text(encoding="utf-8").count("source-hash: ")
    assert out == [
        f"diglot.toml:2:1: on record: 'qa.punct-doubled' is off (by default warning): {reason}",
        f"{ZH}:{waiver_line}:11: on record: unit 'measures.closed-season' waives qa.numbers: "
        "The 1948 Chinese text gives May; confirmed by the office.",
        f"approvals relied on: {relied} units, recorded in commits by Test <test@example.org> "
        f"({relied}) (manifest.json names each unit's commit)",
        f"released {DOC} 1.0 (2026-11-20) in release/{DOC}/1.0/: 12 editions, manifest.json, "
        "SHA256SUMS",
    ]
    manifest = json.loads((root / "release" / DOC / "1.0" / "manifest.json").read_text("utf-8"))
    assert manifest["checks"]["settings"] == {
        "severities": [
            {
                "check": "qa.punct-doubled",
                "default": "warning",
                "severity": "off",
                "reason": reason,
                "file": "diglot.toml",
                "line": 2,
            }
        ],
        "values": {},
        "waivers": [
            {
                "unit": "measures.closed-season",
                "check": "qa.numbers",
                "reason": "The 1948 Chinese text gives May; confirmed by the office.",
                "file": ZH,
                "line": waiver_line,
                "column": 11,
            }
        ],
    }


def test_reasons_in_the_settings_are_checked_at_their_place(tree, check):
    (tree.root / "diglot.toml").write_text(
        "[checks.severity]\n"
        '"qa.length" = "off"\n'
        '"qa.numbers" = "warning"\n'
        "\n"
        "[checks.reasons]\n"
        '"qa.length" = ""\n'
        '"qa.lenght" = "a typo"\n'
        '"qa.term" = "not lowered"\n'
        '"qa.numbers" = 3\n'
        "\n"
        "[translations]\n"
        'tracked = "no"\n',
        encoding="utf-8",
    )
    code, out = check()
    assert code == 1
    found = [line for line in out if line.startswith("diglot.toml:")]
    assert found == [
        "diglot.toml:6:15: error: the reason for 'qa.length' is empty: say why the check's "
        "severity is lowered [config.bad-value]",
        "diglot.toml:7:1: error: [checks.reasons] names no check, semantic threshold or length limit 'qa.lenght'; did you mean "
        "'qa.length'? [config.unknown-check]",
        "diglot.toml:8:1: warning: [checks.reasons] gives a reason for 'qa.term', whose "
        "severity [checks.severity] does not lower (its default is error); remove the reason, "
        "or lower the severity it explains [config.unused-reason]",
        "diglot.toml:9:16: error: the reason for 'qa.numbers' is a text, e.g. \"qa.length\" = "
        '"Summaries are shorter by design"; not the number 3 [config.bad-value]',
        "diglot.toml:12:11: error: [translations] tracked must be true or false; not the text "
        "'no' [config.bad-value]",
    ]


# -- history and dates from the project, whatever the current folder ----------------------------


@pytest.mark.slow
def test_every_command_answers_alike_from_another_folder(tmp_path, capsys, monkeypatch):
    origin = make_project(tmp_path / "origin", approved(DECLARATION), "2026-01-10")
    edit(origin, EN, "shall close the herring fishery", "shall close the herring fisheries")
    commit_on(origin, "2026-02-02", "the English changed")  # a stale unit, found in history
    # the other folder is a repository of its own, with another history and another editor
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("not a project\n", encoding="utf-8")
    git(elsewhere, "init", "-q")
    git(elsewhere, "config", "user.name", "Somebody Else")
    commit_on(elsewhere, "2020-05-05", "another repository")
    roots = {}
    for name in ("here", "there"):
        roots[name] = tmp_path / name
        git(tmp_path, "clone", "-q", str(origin), str(roots[name]))
        git(roots[name], "config", "user.name", "Project Editor")
        git(roots[name], "config", "user.email", "editor@example.org")

    def both(*args: str, out: str | None = None) -> tuple[int, list[str]]:
        """The command from the project folder and from elsewhere (--content): the same exit
        code and the same output once the project's folder is taken out of its paths."""
        results = []
        for name, cwd in (("here", roots["here"]), ("there", elsewhere)):
            root = roots[name]
            monkeypatch.chdir(cwd)
            given = ["--content", str(root / "content")] if name == "there" else []
            given += (
                ["--templates", str(root / "templates")]
                if args[0] in ("build", "release", "review-export")
                else []
            )
            given += ["--out", str(root / out)] if out else []
            rest = [arg.replace("{root}", str(root)) for arg in args[1:]]
            code = main([args[0], *given, *rest])
            printed, err = capsys.readouterr()
            assert "Traceback" not in printed + err
            results.append((code, (printed + err).replace(f"{root}/", "")))
        assert results[0] == results[1], (args, results)
        return results[0][0], results[0][1].splitlines()

    def same_files(folder: str, parts: bool = False) -> None:
        """The files the command wrote in either project are the same (parts: the parts of
        each Word file, with the project's folder taken out of the paths they show)."""

        def read(path: Path, root: Path):
            if not parts:
                return path.read_bytes()
            with zipfile.ZipFile(path) as package:
                shown = f"{root}/".encode()
                return {n: package.read(n).replace(shown, b"") for n in package.namelist()}

        files = [
            {
                p.relative_to(roots[n] / folder).as_posix(): read(p, roots[n])
                for p in sorted((roots[n] / folder).rglob("*"))
                if p.is_file()
            }
            for n in ("here", "there")
        ]
        assert files[0] and files[0] == files[1], folder

    code, out = both("check")
    assert code == 1 and "herring [-fishery-]{+fisheries+}" in "\n".join(out)
    assert both("status")[0] == 1
    assert both("xliff-export", out="xliff")[0] == 0
    same_files("xliff")
    (exported,) = (roots["here"] / "xliff").iterdir()
    assert both("xliff-import", f"{{root}}/xliff/{exported.name}")[0] == 0
    assert both("review")[0] == 0
    assert both("review-export", out="review")[0] == 0
    same_files("review", parts=True)  # a finding's place is shown as from the current folder
    for name in ("here", "there"):  # not committed with the rest below
        shutil.rmtree(roots[name] / "review")
    assert both("build", "--format", "md,html", out="build")[0] == 1  # the stale unit
    code, out = both("approve", "measures.closed-season")
    assert code == 1 and "[approve.unchanged]" in out[0]  # its Chinese reads as before the change
    assert both("approve", "--unchanged", "measures.closed-season")[0] == 0
    same_files("content")  # the note's author is the project's editor, not the other folder's
    assert 'author: "Project Editor"' in (roots["here"] / ZH).read_text("utf-8")
    for name in ("here", "there"):
        no_backups(roots[name])
        commit_on(roots[name], "2026-03-03", "approved unchanged")
    assert both("build", "--format", "md,html", out="build")[0] == 0
    same_files("build")
    assert (
        (roots["here"] / "build" / DOC / f"{DOC}.en.md")
        .read_text("utf-8")
        .startswith("**DRAFT** · Draft of March 3, 2026")
    )
    code, out = both("release", DOC, "--version", "1.0", out="release")
    assert code == 0 and out[-1].startswith(f"released {DOC} 1.0 (2026-03-03) in release/")
    same_files("release")
    code, out = both("verify", f"{{root}}/release/{DOC}/1.0")
    assert code == 0 and "[verify.uncommitted]" in out[0]  # release/ is not committed
    assert out[-1].endswith(
        "this does not show that they are the files that were released (1 warning)"
    )
    # the review server's pages (serve), rendered from either folder
    from diglot.serve import render_pages

    pages = []
    for name, cwd in (("here", roots["here"]), ("there", elsewhere)):
        monkeypatch.chdir(cwd)
        root = roots[name]
        found, banner, _ = render_pages(root / "content", root / "templates")
        assert not banner
        pages.append({path: page.replace(str(root).encode(), b"") for path, page in found.items()})
    assert pages[0] == pages[1]


# -- drafts before the translation ---------------------------------------------------------------


@pytest.fixture
def untranslated(tmp_path, monkeypatch) -> Path:
    """The tiny project committed, its Chinese file not written yet."""
    root = make_project(tmp_path / "project", approved(TINY), "2026-11-30")
    (root / "content" / "zh" / "memo.yaml").unlink()
    commit_all(root, "the translation is not there yet")
    monkeypatch.chdir(root)
    return root


PENDING = "Draft of November 30, 2026 — translation into Simplified Chinese pending"


@pytest.mark.slow
def test_the_english_of_a_document_not_translated_yet_is_drafted_and_says_so(untranslated, capsys):
    code, out, _ = run(capsys, "build")
    assert code == 1  # the missing translation is an error still
    assert out[0].endswith("[parity.no-translation]")
    assert out[-3] == "wrote memo (4 files in build/memo/): en.html, en.docx, en.md, en.pdf"
    assert out[-1] == (
        "diglot build: 1 error; 4 files in build/; drafts of memo in English only: its "
        "translation does not exist yet"
    )
    folder = untranslated / "build" / "memo"
    assert (folder / "memo.en.md").read_text("utf-8").splitlines()[0] == f"**DRAFT** · {PENDING}"
    assert PENDING in (folder / "memo.en.html").read_text("utf-8")
    assert PENDING in docx_text(folder / "memo.en.docx", r"word/document\.xml")
    assert PENDING in pdftotext(folder / "memo.en.pdf").split("\f")[0].replace("\n", " ")
    # it is not translated: status counts every unit missing, the release refuses it
    code, out, _ = run(capsys, "status")
    assert code == 1
    assert out[-1].split() == ["memo", "zh", "14", "0", "14", "0", "0", "0", "0", "0.0%"]
    code, out, _ = run(capsys, "release", "memo", "--version", "1.0")
    assert code == 1
    assert any(line.endswith("[parity.no-translation]") for line in out)
    assert out[-1] == "nothing was written" and not (untranslated / "release").exists()


def test_serve_shows_the_draft_of_a_document_not_translated_yet(untranslated):
    from diglot.serve import render_pages

    pages, banner, _ = render_pages(Path("content"), Path("templates"))
    page = pages["/memo/memo.en.html"].decode("utf-8")
    assert "Draft — translation into Simplified Chinese pending" in page
    index = pages["/"].decode("utf-8")
    assert 'href="/memo/memo.en.html"' in index
    assert "Could not be loaded" not in index
    assert [d.code for d in banner] == ["parity.no-translation"]


def test_a_release_takes_nothing_from_the_cache_of_derived_data(
    tmp_path, monkeypatch, capsys, weasyprint
):
    """The cache (segmentations of titles, embeddings) is shared and writable by whoever
    shares it: a release computes what it publishes, reading no entry, in its own process
    or the workers it starts; the commands before it read the entries they wrote."""
    from diglot import cache

    root = make_project(tmp_path / "project", approved(DECLARATION))
    monkeypatch.chdir(root)
    monkeypatch.setenv("DIGLOT_CACHE_DIR", str(tmp_path / "cache"))
    found: list[bool] = []
    real = cache.read

    def spied(namespace: str, name: str):
        data = real(namespace, name)
        found.append(data is not None)
        return data

    monkeypatch.setattr(cache, "read", spied)
    code, out, _ = run(capsys, "build", "--format", "html")
    assert code == 0, out
    code, out, _ = run(capsys, "check")
    assert code == 0 and any(found), out  # the cache is there, and read
    found.clear()
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 0, out
    assert found and not any(found)
    assert cache.NO_READS not in os.environ  # as it was before the release


def test_a_semantic_threshold_raised_needs_a_reason_and_is_on_record(
    tmp_path, monkeypatch, capsys, weasyprint
):
    """A semantic threshold raised above its default makes its check find less (a margin
    of 1.5: hardly any exchange is reported): like a lowered severity, it needs its reason in
    [checks.reasons], and the release prints it on record."""
    root = make_project(tmp_path / "project", approved(DECLARATION))
    monkeypatch.chdir(root)
    (root / "diglot.toml").write_text("[checks.semantic]\nexchange-margin = 1.5\n", "utf-8")
    commit_all(root, "a margin few exchanges reach")
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 1
    assert out[:3] == [
        f"refused: {DOC} 1.0 — 1 reason",
        header("checks lowered without a reason", 1),
        "diglot.toml:2:1: error: [checks.semantic] raises 'exchange-margin' from 0.2 to 1.5, so "
        "that its check finds less, without a reason; give it one under [checks.reasons] "
        '("semantic.exchange-margin" = "why it is raised"), or remove the setting '
        "[release.no-reason]",
    ], out
    reason = "The 1948 articles repeat each other by design (office decision of 2026-11-02)."
    with (root / "diglot.toml").open("a", encoding="utf-8") as settings:
        settings.write(f'\n[checks.reasons]\n"semantic.exchange-margin" = "{reason}"\n')
    commit_all(root, "the reason")
    code, out, _ = run(capsys, "release", DOC, "--version", "1.0")
    assert code == 0, out
    assert out[0] == (
        "diglot.toml:2:1: on record: [checks.semantic] exchange-margin is 1.5 (by default 0.2): "
        + reason
    ), out


LOOSENED = {
    "widened-low": (
        "length-ratio = [0.05, 0.9]",
        "widens 'length-ratio' from [0.12, 0.9] to [0.05, 0.9]",
    ),
    "widened-high": (
        "length-ratio = [0.12, 3]",
        "widens 'length-ratio' from [0.12, 0.9] to [0.12, 3]",
    ),
    "min-chars": ("length-min-chars = 400", "raises 'length-min-chars' from 40 to 400"),
}


@pytest.mark.parametrize("setting, says", LOOSENED.values(), ids=LOOSENED.keys())
def test_a_length_limit_loosened_needs_a_reason_and_is_on_record(tmp_path, setting, says):
    """A length-ratio wider than its default, or a length-min-chars above it, lets the
    length check pass what it reports by default: like a lowered severity, the release gate
    wants its reason, and prints it on record."""
    from diglot.checks.catalogue import registry
    from diglot.diagnostics import Reporter
    from diglot.release.reasons import record_lines, settings_reasons
    from diglot.settings import load_settings

    def loaded(text: str):
        (tmp_path / "diglot.toml").write_text(text, encoding="utf-8")
        reporter = Reporter()
        settings = load_settings(tmp_path / "diglot.toml", registry(), reporter)
        assert not reporter.diagnostics, reporter.to_text()
        return settings

    settings = loaded(f"[checks]\n{setting}\n")
    (reason,) = settings_reasons([], settings)
    key = setting.split(" ")[0]
    assert reason.line == (
        f"{tmp_path / 'diglot.toml'}:2:1: error: [checks] {says}, so that its check finds less, "
        f'without a reason; give it one under [checks.reasons] ("{key}" = "why it is '
        f'{says.split(" ")[0][:-1]}d"), or remove the setting [release.no-reason]'
    )
    why = "Our summaries are shorter by design (office decision of 2026-11-02)."
    settings = loaded(f'[checks]\n{setting}\n\n[checks.reasons]\n"{key}" = "{why}"\n')
    assert settings_reasons([], settings) == []
    (line,) = record_lines([], _NoUnits(), settings)
    assert line.endswith(f": {why}") and f"on record: [checks] {key} is " in line, line


def test_a_length_limit_tightened_needs_no_reason_and_a_reason_for_it_is_unused(tmp_path):
    from diglot.checks.catalogue import registry
    from diglot.diagnostics import Reporter
    from diglot.release.reasons import settings_reasons
    from diglot.settings import load_settings

    (tmp_path / "diglot.toml").write_text(
        "[checks]\nlength-ratio = [0.2, 0.8]\nlength-min-chars = 20\n\n[checks.reasons]\n"
        '"length-ratio" = "Tighter."\n',
        encoding="utf-8",
    )
    reporter = Reporter()
    settings = load_settings(tmp_path / "diglot.toml", registry(), reporter)
    assert settings_reasons([], settings) == []
    assert [(d.code, d.location.line) for d in reporter.diagnostics] == [
        ("config.unused-reason", 6)
    ], reporter.to_text()


class _NoUnits:
    documents: list = []


def test_a_project_in_diglots_own_repository_releases_its_code_and_profiles_as_committed():
    """The bundled project lives in diglot's repository: the built-in type, the language
    profiles and diglot's own source are its files there, so a release asks git of them
    too (an edit not committed to languages/en.toml changed every edition's numbering)."""
    from diglot.diagnostics import Reporter
    from diglot.project import open_project
    from diglot.release.inputs import document_inputs

    project = open_project(REPO / "content", Reporter())
    assert project is not None
    doc_id = project.files[0][0]
    type_path = REPO / "types" / "consensus-agreement.yaml"
    found = {
        p.relative_to(REPO).as_posix()
        for p in document_inputs(project, doc_id, REPO / "templates", type_path).files
    }
    assert {
        "types/consensus-agreement.yaml",
        "languages/en.toml",
        "diglot/cli/__init__.py",
    } <= found
