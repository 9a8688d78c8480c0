"""Drafts and released editions: the draft mark and date in every format of a draft, the
version line and no mark in a released edition; released PDFs are PDF/A-3a and PDF/UA-1
(metadata, output intent, a structure tree in reading order, languages, embedded fonts);
Word files carry their title, language, heading styles and repeating table headers."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from diglot.diagnostics import Reporter
from diglot.gitstate import content_date
from diglot.pipeline import build_documents
from diglot.writers import Release

from conftest import PROJECTS, REPO, assert_archival_pdf, copy_project, git, layouts, pdftotext

RELEASE = Release("1.0", "2026-12-01")
BUILT = ("consensus-agreement", "declaration")
DRAFT_EN = re.compile(r"Draft of [A-Z][a-z]+ \d{1,2}, \d{4}")
DRAFT_ZH = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日草案")


def build(content: Path, out: Path, release: Release | None) -> dict[str, Path]:
    reporter = Reporter()
    built = build_documents(content, REPO / "templates", out, reporter, release=release)
    assert not reporter.errors, reporter.to_text()
    return {path.name.split(".", 1)[1]: path for path in built.files}


@pytest.fixture(scope="module")
def editions(built_project, tmp_path_factory):
    """(draft files, released files) of a project by edition and suffix (en.pdf, en-zh.md):
    the drafts are the project's shared build."""
    drafts = {path.name.split(".", 1)[1]: path for path in built_project.written}
    content = PROJECTS[built_project.name]
    released = build(content, tmp_path_factory.mktemp("released"), RELEASE)
    return drafts, released


# the tests that read the editions: those of each project of BUILT
ON_BUILT = pytest.mark.parametrize("built_project", BUILT, indirect=True)


def page_texts(path: Path) -> list[str]:
    """The text of each page as pdftotext reads it."""
    return pdftotext(path).split("\f")[:-1]


def docx_part(path: Path, pattern: str) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(name).decode("utf-8")
            for name in sorted(package.namelist())
            if re.fullmatch(pattern, name)
        )


def marks_of(edition: str) -> list[str]:
    return {"en": ["DRAFT"], "zh": ["草案"]}.get(edition, ["DRAFT", "草案"])


def lines_of(edition: str) -> list[re.Pattern]:
    return {"en": [DRAFT_EN], "zh": [DRAFT_ZH]}.get(edition, [DRAFT_EN, DRAFT_ZH])


@ON_BUILT
def test_every_draft_format_carries_the_mark_and_the_date(editions):
    drafts, _ = editions
    for edition in ("en", "zh", "en-zh"):
        page = drafts[f"{edition}.html"].read_text(encoding="utf-8")
        assert 'class="draft-banner"' in page
        lines = drafts[f"{edition}.md"].read_text(encoding="utf-8").splitlines()
        first = lines[2] if edition == "en-zh" else lines[0]  # side by side: the first row
        headers = docx_part(drafts[f"{edition}.docx"], r"word/header\d*\.xml")
        document = docx_part(drafts[f"{edition}.docx"], r"word/document\.xml")
        pages = page_texts(drafts[f"{edition}.pdf"])
        assert len(pages) > 1
        for mark in marks_of(edition):
            assert mark in page and mark in first, (edition, mark)
            # a watermark in the header of the first page and in that of the others
            assert headers.count(f'string="{mark}') + headers.count(f" · {mark}") >= 2, mark
            assert headers.count("<v:textpath style=") == 2, edition
            for number, text in enumerate(pages, 1):
                assert mark in text, f"{edition}.pdf page {number} has no {mark}"
        title_page = pdftotext(drafts[f"{edition}.pdf"]).split("\f")[0]
        for line in lines_of(edition):
            for text in (page, first, document, title_page):
                assert line.search(text), (edition, line.pattern)


@ON_BUILT
def test_a_released_edition_has_its_version_and_no_draft_mark(editions):
    _, released = editions
    for edition in ("en", "zh", "en-zh"):
        texts = {
            "html": released[f"{edition}.html"].read_text(encoding="utf-8"),
            "md": released[f"{edition}.md"].read_text(encoding="utf-8"),
            "docx": docx_part(released[f"{edition}.docx"], r"word/(document|header\d*)\.xml"),
            "pdf": pdftotext(released[f"{edition}.pdf"]),
        }
        for kind, text in texts.items():
            assert "DRAFT" not in text and "草案" not in text, (edition, kind)
            assert 'class="draft-' not in text, (edition, kind)
            if edition != "zh":
                assert "Version 1.0, released December 1, 2026" in text, (edition, kind)
            if edition != "en":
                assert "1.0版，2026年12月1日发布" in text, (edition, kind)


# -- PDF/A and PDF/UA -------------------------------------------------------------------------


@ON_BUILT
def test_released_pdfs_are_archival_tagged_and_say_their_languages(editions):
    _, released = editions
    for edition in ("en", "zh", "en-zh"):
        assert_archival_pdf(released[f"{edition}.pdf"], edition)


@ON_BUILT
def test_a_draft_pdf_is_plain_and_its_mark_a_picture_on_every_page(editions):
    import pikepdf

    drafts, released = editions
    for edition in ("en", "zh", "en-zh"):
        with pikepdf.open(drafts[f"{edition}.pdf"]) as draft:
            with pikepdf.open(released[f"{edition}.pdf"]) as final:
                # the diagonal mark is a picture on every page of the draft, none in the other
                assert all(len(list(page.get_images())) == 1 for page in draft.pages), edition
                assert not any(list(page.get_images()) for page in final.pages), edition
                # a draft is not tagged nor archival: that is for the release
                assert "/StructTreeRoot" not in draft.Root and "/OutputIntents" not in draft.Root
                assert "/StructTreeRoot" in final.Root and "/OutputIntents" in final.Root


# -- Word ----------------------------------------------------------------------------------------


@ON_BUILT
def test_word_files_have_title_language_headings_and_repeating_table_headers(editions):
    import docx as python_docx

    _, released = editions
    for edition in ("en", "zh", "en-zh"):
        word = python_docx.Document(str(released[f"{edition}.docx"]))
        props = word.core_properties
        assert props.title and props.language == ("zh-CN" if edition == "zh" else "en-US")
        if edition != "en-zh":
            styles = {p.style.name for p in word.paragraphs if p.style is not None}
            assert "Heading 1" in styles or "Heading 2" in styles, styles
        body = docx_part(released[f"{edition}.docx"], r"word/document\.xml")
        tables = re.findall(r"<w:tbl>.*?</w:tbl>", body, re.S)
        if edition == "en-zh":
            assert tables and "<w:tblHeader/>" in tables[0].split("</w:tr>")[0]
        for table in tables:
            if "<w:tblHeader" in table:
                first = table.split("</w:tr>")[0]
                assert "<w:tblHeader/>" in first  # the header row is the first


# -- the words ---------------------------------------------------------------------------------


def test_each_language_says_draft_and_version_in_its_own_words():
    from diglot.writers import WriteContext
    from diglot.writers.marks import status

    found = layouts(PROJECTS["consensus-agreement"])
    both = next(layout for stem, layout in found.items() if stem.endswith(".en-zh"))
    draft = status(both, WriteContext(REPO / "templates", draft_date="2026-11-30"))
    assert draft.draft and draft.mark == "DRAFT · 草案"
    assert list(draft.lines.values()) == ["Draft of November 30, 2026", "2026年11月30日草案"]
    released = status(both, WriteContext(REPO / "templates", release=RELEASE))
    assert not released.draft and released.marks == {}
    assert list(released.lines.values()) == [
        "Version 1.0, released December 1, 2026",
        "1.0版，2026年12月1日发布",  # 第…版 takes an integer
    ]
    # a rehearsal: marked, in words no reader takes for a release line
    rehearsal = status(
        both,
        WriteContext(REPO / "templates", release=Release("1.0", "2026-12-01", rehearsal=True)),
    )
    assert rehearsal.draft and rehearsal.mark == "REHEARSAL — not a release · 发布演练——非正式发布"
    assert rehearsal.margin == "REHEARSAL · 发布演练"  # the page's foot has room for less
    assert list(rehearsal.lines.values()) == [
        "Rehearsal of version 1.0, December 1, 2026 — not a release",
        "1.0版发布演练，2026年12月1日——非正式发布",
    ]
    # the metadata of a release of a project that does not track its translations
    untracked = status(
        both, WriteContext(REPO / "templates", release=Release("1.0", "2026-12-01", tracked=False))
    )
    assert untracked.keywords == (
        "Version 1.0, released December 1, 2026",
        "translations not approved unit by unit",
        "1.0版，2026年12月1日发布",
        "译文未逐单元核准",
    )
    assert released.keywords == tuple(released.lines.values()) and draft.keywords == ()
    # a source edition whose translation is pending says so in its own language
    chinese = next(layout for stem, layout in found.items() if stem.endswith(".zh"))
    pending = status(
        chinese,
        WriteContext(REPO / "templates", draft_date="2026-11-30", pending=("en_US",)),
    )
    assert pending.lines == {"zh": "2026年11月30日草案——英文译本待完成"}
    hant = layouts(PROJECTS["zh-hant"])
    traditional = next(layout for stem, layout in hant.items() if stem.endswith(".zh-Hant"))
    line = status(traditional, WriteContext(REPO / "templates", release=RELEASE)).line
    assert line == "1.0版，2026年12月1日發布"


def test_every_label_catalog_compiles_each_label_once():
    """The template of the catalogs and each language's catalog: every label once (a label
    defined twice is a fatal error of msgfmt, and Babel silently keeps one of them), each
    compiles, and each catalog translates every label of the template."""
    import io
    import shutil
    import subprocess

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    locale = REPO / "templates" / "locale"
    template = read_po(io.BytesIO((locale / "messages.pot").read_bytes()))
    for path in [locale / "messages.pot", *sorted(locale.glob("*/LC_MESSAGES/messages.po"))]:
        text = path.read_text(encoding="utf-8")
        ids = re.findall(
            r'^(?:msgctxt "((?:[^"\\]|\\.)*)"\n)?msgid "((?:[^"\\]|\\.)+)"$', text, re.M
        )
        twice = sorted({i for i in ids if ids.count(i) > 1})
        assert not twice, (path, twice)
        catalog = read_po(io.BytesIO(text.encode("utf-8")))
        write_mo(io.BytesIO(), catalog)
        if path.suffix == ".po":
            missing = [m.id for m in template if m.id and not _translated(catalog, m.id)]
            assert not missing, (path, missing)
        if shutil.which("msgfmt"):
            done = subprocess.run(
                ["msgfmt", "--check-format", "-o", os.devnull, str(path)],
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr


def _translated(catalog, message_id) -> bool:
    found = catalog.get(message_id)
    return bool(found and found.string)


# -- the date of the content -------------------------------------------------------------------


def test_a_draft_is_dated_by_its_last_commit_or_its_newer_changes(tmp_path):
    repo = copy_project(tmp_path / "repo", PROJECTS["declaration"], repo=True)
    assert content_date(repo / "content") == git(repo, "log", "-1", "--format=%cs").strip()
    changed = next((repo / "content" / "zh").glob("*.yaml"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = 4102444800  # 2100-01-01: newer than any commit
    os.utime(changed, (later, later))
    assert content_date(repo / "content") == "2100-01-01"
    bare = tmp_path / "bare"
    shutil.copytree(PROJECTS["declaration"], bare)  # no repository at all
    os.utime(next((bare / "en").glob("*.yaml")), (later, later))
    assert content_date(bare) == "2100-01-01"


def test_the_tagging_refuses_an_unexpected_weasyprint(monkeypatch, weasyprint):
    from weasyprint.pdf import tags

    from diglot.writers import _cjk_justify, pdf

    pdf.check_tagging()  # the installed WeasyPrint is the one the tagging was written for
    monkeypatch.setitem(pdf.TAGGING_EXPECTED, "weasyprint.pdf.tags._build_box_tree", "0" * 64)
    before = tags._build_box_tree
    with pytest.raises(_cjk_justify.UnexpectedWeasyPrint, match="_build_box_tree changed"):
        with pdf._languages(None):
            pass
    assert tags._build_box_tree is before


@ON_BUILT
def test_a_released_row_split_by_a_page_break_is_one_row_read_in_order(editions):
    """WeasyPrint tags each page on its own; the release makes the tree whole: a row of the
    side-by-side edition that a page break splits is one row of two cells, its English read
    across both pages before its Chinese, and no element is told twice."""
    import pikepdf

    from conftest import structure_elements

    _, released = editions
    with pikepdf.open(released["en-zh.pdf"]) as pdf:
        numbers: dict = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def pages(cell) -> set[int]:
            found = {numbers[cell.Pg.objgen]} if "/Pg" in cell else set()
            for _, element in structure_elements(pdf, cell):
                if "/Pg" in element:
                    found.add(numbers[element.Pg.objgen])
            kids = cell.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else []:
                if isinstance(kid, pikepdf.Dictionary) and "/Pg" in kid:  # a /MCR
                    found.add(numbers[kid.Pg.objgen])
            return found

        rows = [e for kind, e in structure_elements(pdf) if kind == "/TR"]
        split = [row for row in rows if any(len(pages(cell)) > 1 for cell in row.K)]
        if "digital-economy-2024" in released["en-zh.pdf"].name:
            assert split, "no row runs over a page break"  # (the bundled document has some)
        for row in split:
            assert [str(cell.S) for cell in row.K] == ["/TD", "/TD"]
            assert [str(cell.Lang) for cell in row.K] == ["en-US", "zh-Hans"]
        seen = [e.objgen for _, e in structure_elements(pdf)]
        assert len(seen) == len(set(seen))


@ON_BUILT
def test_released_page_furniture_is_an_artifact_and_the_text_is_not(editions):
    """The running heads and page numbers of a released PDF are marked as artifacts (a
    screen reader skips them); the text of the page is marked content of the structure."""
    _, released = editions
    for edition in ("en", "zh", "en-zh"):
        with pdfplumber.open(released[f"{edition}.pdf"]) as pdf:
            for page in pdf.pages[1:]:
                furniture = [c for c in page.chars if c["top"] < 60 or c["top"] > page.height - 60]
                text = [c for c in page.chars if 90 < c["top"] < page.height - 90]
                assert furniture and {c["tag"] for c in furniture} == {"Artifact"}, edition
                assert text, edition
                # (but for the contents' leaders and page numbers)
                tagged = [
                    c for c in text if c["tag"] != "Artifact" or c["text"] not in ".0123456789"
                ]
                assert tagged and all(c["tag"] != "Artifact" for c in tagged), edition
                assert all(c["mcid"] is not None for c in tagged), edition


@ON_BUILT
def test_a_contents_entry_is_one_link_and_its_leader_an_artifact(editions):
    """Each entry of the contents is one link (the leader and page number stand after it,
    not inside, where WeasyPrint made a link of each pseudo-element: three nested links an
    entry), and a tagged PDF marks the leader dots and page numbers as artifacts."""
    import pikepdf

    _, released = editions
    for edition in ("en", "zh", "en-zh"):
        with pikepdf.open(released[f"{edition}.pdf"]) as pdf:
            for page in pdf.pages:
                rects = [
                    [float(x) for x in annotation.Rect]
                    for annotation in page.get("/Annots", [])
                    if annotation.get("/Subtype") == "/Link"
                ]
                for i, a in enumerate(rects):  # no link lies over another (one inside it)
                    for b in rects[i + 1 :]:
                        overlap = (
                            min(a[2], b[2]) - max(a[0], b[0]),
                            min(a[3], b[3]) - max(a[1], b[1]),
                        )
                        assert min(overlap) <= 0.5, (edition, a, b)
        with pdfplumber.open(released[f"{edition}.pdf"]) as pdf:
            leaders = 0
            for sheet in pdf.pages:
                chars = sheet.chars
                for i in range(len(chars) - 2):  # a run of three dots or more: a leader
                    if all(c["text"] == "." for c in chars[i : i + 3]):
                        assert {c["tag"] for c in chars[i : i + 3]} == {"Artifact"}, edition
                        leaders += 1
            assert leaders > 100 or "aldane" in released[f"{edition}.pdf"].name, edition
