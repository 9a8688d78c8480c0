"""Shared helpers: run the CLI in-process on a copy of a fixture document."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.locale import load_locale
from diglot.project import DocumentPair, load_project

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


class ContentTree:
    """A content folder in a temporary directory, built from the tiny fixture document."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        shutil.copytree(FIXTURES / "tiny", self.content)

    def path(self, lang: str, name: str = "memo.yaml") -> Path:
        return self.content / lang / name

    def read(self, lang: str) -> str:
        return self.path(lang).read_text(encoding="utf-8")

    def write(self, lang: str, text: str) -> None:
        self.path(lang).write_bytes(text.encode("utf-8"))

    def replace(self, lang: str, old: str, new: str) -> None:
        text = self.read(lang)
        assert old in text, f"fixture has no {old!r}"
        self.write(lang, text.replace(old, new, 1))

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the tree (the cache of derived data lives outside it)."""
        return {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def tree(tmp_path, monkeypatch) -> ContentTree:
    monkeypatch.chdir(tmp_path)
    return ContentTree(tmp_path)


@pytest.fixture
def check(tree, capsys):
    """Run `diglot check` on the tree; return (exit code, stdout lines) and assert nothing
    was written."""

    def run(*args: str) -> tuple[int, list[str]]:
        before = tree.snapshot()
        code = main(["check", *args])
        out, err = capsys.readouterr()
        assert tree.snapshot() == before, "check must not write anything but its cache"
        assert "Traceback" not in out + err
        return code, out.splitlines()

    return run


@pytest.fixture(scope="session")
def pair() -> DocumentPair:
    """The bundled document, both languages, loaded and aligned without a single problem."""
    reporter = Reporter()
    (only,) = load_project(REPO / "content", reporter).documents
    assert reporter.diagnostics == [], reporter.to_text()
    return only


@pytest.fixture(scope="session")
def locales():
    """The edition locales of the bundled project's languages, by tag (en, zh)."""
    reporter = Reporter()
    project = load_project(REPO / "content", reporter)
    found = {p.tag: load_locale(p, REPO / "templates", reporter) for p in project.languages.all}
    assert reporter.diagnostics == [], reporter.to_text()
    return found


# The projects every edition test runs on: the bundled document, a fixture of each other
# document type, and a project from English into Traditional Chinese.
PROJECTS = {
    "consensus-agreement": REPO / "content",
    "joint-statement": FIXTURES / "types" / "joint-statement" / "content",
    "declaration": FIXTURES / "types" / "declaration" / "content",
    "zh-hant": FIXTURES / "zh-hant" / "content",
    # a project's own type; long titles, long words, units, page breaks, a narrow table
    "typography": FIXTURES / "typography" / "content",
}


def layouts(content_dir: Path) -> dict:
    """Every edition's layout of a project, by file stem (doc/doc.en, doc/doc.en-zh)."""
    from diglot.pipeline import check, editions

    reporter = Reporter()
    checked = check(content_dir, reporter, keep=True)
    found = {
        p.tag: load_locale(p, REPO / "templates", reporter) for p in checked.setup.languages.all
    }
    assert not reporter.errors, reporter.to_text()
    return dict(editions(checked.pairs, checked.setup, found))


def git(root: Path, *args: str) -> str:
    """git in root, with a fixed identity and no signing (tests make their own repositories)."""
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@functools.cache
def approved(content: Path) -> Path:
    """A copy of a fixture's content folder with every unit of its translations approved
    (`approve --all`, no backups kept), made once per run: a release requires it."""
    from diglot.approve import approve

    copy = Path(tempfile.mkdtemp(prefix="diglot-approved-")) / "content"
    shutil.copytree(content, copy)
    reporter = Reporter()
    assert approve(copy, None, False, reporter), reporter.to_text()
    for bak in copy.rglob("*.bak"):
        bak.unlink()
    return copy


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_structure(pdf) -> list[tuple[str, str | None, int | None, int]]:
    """The structure elements in reading order: (type, language in force, page, how many
    table cells it stands in)."""
    import pikepdf

    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[tuple[str, str | None, int | None, int]] = []

    def walk(node, lang: str | None, cells: int = 0) -> None:
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                continue
            own = str(kid["/Lang"]) if "/Lang" in kid else lang
            page = pages.get(kid["/Pg"].objgen) if "/Pg" in kid else None
            found.append((str(kid["/S"]), own, page, cells))
            walk(kid, own, cells + (str(kid["/S"]) in ("/TD", "/TH")))

    walk(pdf.Root.StructTreeRoot, str(pdf.Root.Lang))
    return found


def assert_archival_pdf(path: Path, edition: str) -> None:
    """A released PDF is PDF/A-3a and declares PDF/UA-1: qpdf finds nothing wrong, it is
    tagged, its metadata, output intent and fonts are archival, its structure tree is in
    reading order and says the languages (edition: en, zh or en-zh)."""
    import pikepdf

    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        with pdf.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "3" and meta.get("pdfaid:conformance") == "A"
            assert meta.get("pdfuaid:part") == "1"
            assert meta.get("dc:title")
        (intent,) = root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and len(intent.DestOutputProfile.read_bytes()) > 1000
        assert bool(root.MarkInfo.Marked) and bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(root.Lang) == ("zh-Hans" if edition == "zh" else "en-US")
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        elements = pdf_structure(pdf)
        kinds = [kind for kind, _, _, _ in elements]
        for wanted in ("/H1", "/P", "/Table", "/TR", "/TD"):
            assert wanted in kinds, (edition, wanted)
        if edition != "en-zh":
            assert "/L" in kinds and "/LI" in kinds, edition
            assert "/H2" in kinds, edition
        # reading order: the title first, the pages in order
        assert kinds.index("/H1") < min(
            (kinds.index(h) for h in ("/H2", "/H3") if h in kinds), default=len(kinds)
        )
        pages = [page for _, _, page, _ in elements if page is not None]
        assert pages == sorted(pages), edition
        if edition == "en-zh":  # every cell of the Chinese column says its language
            cells = [
                (kind, lang)
                for kind, lang, _, depth in elements
                if kind in ("/TD", "/TH") and not depth  # the aligned table's own
            ]
            assert cells[1::2] and {lang for _, lang in cells[1::2]} == {"zh-Hans"}
            assert {lang for _, lang in cells[0::2]} == {"en-US"}
            spans = [lang for kind, lang, _, _ in elements if kind == "/Span"]
            assert spans.count("zh-Hans") > 100 and spans.count("en-US") > 100


def lines_with(lines: list[str], code: str) -> list[str]:
    return [line for line in lines if line.endswith(f"[{code}]")]


os.environ.setdefault("NO_COLOR", "1")
# diglot's cache of derived data (diglot/cache.py): the suite's own, not the user's
os.environ["DIGLOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="diglot-test-cache-")


# -- the fast tests ---------------------------------------------------------------------------
# `pytest -m fast` runs the tests that neither render an edition, start Chromium or
# LibreOffice, run a whole round trip nor fuzz (seconds); the rest are marked slow. The
# whole suite is the default.
SLOW_MODULES = {
    "test_editions",
    "test_side_by_side",
    "test_docx",
    "test_docx_side_by_side",
    "test_types",
    "test_typography",
    "test_markdown",
    "test_writers",
    "test_hardening_output",  # kills builds at random points, runs builds at once
    "test_xliff",  # translators' round trips: export, fill, import, check, on whole documents
    "test_review_roundtrip",  # reviewers' round trips, and the hostile review files
}
# Tests elsewhere that time big inputs (seconds each).
SLOW_TESTS = {
    "test_fuzz_loader_with_random_unit_trees",  # hypothesis: many examples
    "test_fuzz_loader_with_random_escapes",
    "test_a_file_of_many_tiny_units_is_checked_quickly",
    "test_a_file_full_of_escaped_control_characters_is_checked_quickly",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        slow = (
            module in SLOW_MODULES
            or item.originalname in SLOW_TESTS
            or item.get_closest_marker("slow") is not None
        )
        item.add_marker(pytest.mark.slow if slow else pytest.mark.fast)


def word_text(paragraph) -> str:
    """A Word paragraph's text as a reader reads it: the joins the Word writers put where no
    line may break (a word joiner U+2060, a no-break space) read as nothing and a space."""
    return paragraph.text.replace("\u2060", "").replace("\u00a0", " ")
