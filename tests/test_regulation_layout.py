"""Laws and regulations as they are set: a type's `run-in` numbering runs an article's number
into its first paragraph (第一条　为了……, "Article 1 These Measures…"), and `centred` centres
its chapters' headings (第一章　总则), in every edition. Before, each article number stood
on a line of its own above its text and chapters were flush left, which no Chinese law or
regulation does. The fixture (tests/fixtures/regulation) is a project with its own type."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

DOC = "measures"
SPACE = {"en": "\u2002", "zh": "\u3000"}  # an en space, an ideographic space
# the number as printed: "Article 1" with a no-break space (it neither breaks nor stretches)
FIRST = {"en": ("Article\u00a01", "These Measures"), "zh": ("第一条", "为了保持")}
BOOKMARK = {"en": "Article 1", "zh": "第一条"}


@pytest.fixture
def regulation(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "regulation", root)
    monkeypatch.chdir(root)
    return root


def build(cli, *formats: str) -> Path:
    ran = cli("build", "--templates", str(REPO / "templates"), "--format", ",".join(formats))
    assert ran.code == 0, ran.out + ran.err
    return Path("build") / DOC


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_article_s_number_runs_into_its_first_paragraph(regulation, cli, lang):
    built = build(cli, "html", "md")
    number, words = FIRST[lang]
    html = (built / f"{DOC}.{lang}.html").read_text(encoding="utf-8")
    lead = f'<strong class="lead level-2" data-bookmark="{BOOKMARK[lang]}">{number}</strong>'
    assert f'id="art-purpose.p1">{lead}{SPACE[lang]}{words}' in html
    assert '<h3 id="art-purpose"' not in html  # no heading of its own
    # an article with a heading keeps it, and its paragraph runs nothing in
    assert '<h3 id="art-titled"' in html and 'id="art-titled.p1"><strong' not in html
    # only the first paragraph of an article: the second is a paragraph as before
    assert 'id="art-duties.p2"><strong' not in html
    md = (built / f"{DOC}.{lang}.md").read_text(encoding="utf-8")
    assert f'<a id="art-purpose.p1"></a>**{number}**{SPACE[lang]}{words}' in md


def test_side_by_side_the_run_in_number_stands_in_the_first_paragraph_s_row(regulation, cli):
    built = build(cli, "html")
    html = (built / f"{DOC}.en-zh.html").read_text(encoding="utf-8")
    heading_rows = [line for line in html.splitlines() if "row-heading" in line and "<tr" in line]
    assert [r.split('id="')[1].split('"')[0] for r in heading_rows] == ["ch-general", "art-titled"]
    assert (
        f'<strong class="lead level-2" data-bookmark="第二条">第二条</strong>{SPACE["zh"]}' in html
    )


@pytest.mark.parametrize("edition", ["en", "zh", "en-zh"])
def test_word_runs_the_number_in_bold_and_centres_the_chapter(regulation, cli, edition):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    built = build(cli, "docx")
    document = docx.Document(str(built / f"{DOC}.{edition}.docx"))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        paragraphs += [p for row in table.rows for c in row.cells for p in c.paragraphs]
    for lang in ("en", "zh") if edition == "en-zh" else (edition,):
        number, words = FIRST[lang]
        (led,) = [p for p in paragraphs if p.text.startswith(number + SPACE[lang] + words)]
        assert led.runs[0].text == number and led.runs[0].bold
        chapter = "Chapter I" if lang == "en" else "第一章"
        (heading,) = [p for p in paragraphs if p.text.startswith(chapter)]
        assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_chapter_heading_is_centred_in_html(regulation, cli):
    built = build(cli, "html")
    for edition in ("en", "zh", "en-zh"):
        html = (built / f"{DOC}.{edition}.html").read_text(encoding="utf-8")
        assert '<h2 id="ch-general" class="centred"' in html or '<h2 class="centred">' in html
    css = (REPO / "templates" / "css" / "edition.css").read_text(encoding="utf-8")
    assert "h2.centred, h3.centred, h4.centred { text-align: center; }" in css


def test_the_pdf_outline_keeps_the_run_in_articles(regulation, cli, weasyprint):
    import pdfplumber

    built = build(cli, "pdf")
    with pdfplumber.open(built / f"{DOC}.zh.pdf") as pdf:
        outline = [title for _, title, *_ in pdf.doc.get_outlines()]
        words = "".join(page.extract_text() for page in pdf.pages)
    assert {"第一章　总则", "第一条", "第二条", "第三条　施行日期"} <= set(outline), outline
    # side by side the outline nests too, each article under its chapter (before: every
    # titled section at one level, the run-in articles left out)
    with pdfplumber.open(built / f"{DOC}.en-zh.pdf") as pdf:
        nested = [(level, title) for level, title, *_ in pdf.doc.get_outlines()][1:]
    assert nested == [
        (1, "Chapter I General Provisions · 第一章 总则"),
        (2, "Article 1 · 第一条"),
        (2, "Article 2 · 第二条"),
        (2, "Article 3 Entry into Force · 第三条 施行日期"),
    ]
    # the ideographic space is extracted as a space
    assert "第一条 为了保持本市港口灯标完好" in words.replace("\n", "").replace("\u3000", " ")


@pytest.mark.parametrize(
    ("kind", "option", "message"),
    [
        (
            "item",
            "numbering:\n      style: lettered\n      run-in: true",
            "kinds.item.numbering: run-in is for a section's number (it runs into the section's "
            "first paragraph); an item's number is part of its text",
        ),
        ("clause", "centred: true", "kinds.clause.centred: only a section's heading is centred"),
    ],
)
def test_run_in_and_centred_are_for_sections(regulation, cli, kind, option, message):
    path = regulation / "types" / "regulation.yaml"
    text = path.read_text(encoding="utf-8")
    if kind == "item":
        text = text.replace(
            "    numbering:\n      style: lettered\n      scope: parent",
            "    " + option + "\n      scope: parent",
        )
    else:
        text = text.replace(
            "  clause:\n    role: paragraph\n", f"  clause:\n    role: paragraph\n    {option}\n"
        )
    path.write_text(text, encoding="utf-8")
    ran = cli("check")
    assert ran.code != 0
    found = [line for line in (ran.out + ran.err).splitlines() if message in line]
    assert found and found[0].startswith("types/regulation.yaml:"), ran.out + ran.err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_article_title_in_one_language_only_is_a_parity_error(regulation, cli, lang):
    """An optional field (an article's title) given in one language only was shown in one
    column only, and `check` found nothing."""
    path = regulation / "content" / lang / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    title = {"en": "Purpose", "zh": "目的"}[lang]
    path.write_text(
        text.replace(
            "      - id: art-purpose\n", f"      - id: art-purpose\n        heading: {title}\n"
        ),
        encoding="utf-8",
    )
    ran = cli("check")
    assert ran.code != 0
    (line,) = [x for x in ran.lines if "[parity.field]" in x]
    if lang == "zh":
        assert line.startswith(f"content/zh/{DOC}.yaml:")
        assert "'art-purpose' has a heading here but none in English" in line
    else:
        assert line.startswith(f"content/zh/{DOC}.yaml:")
        assert "'art-purpose' has no heading here but has one in English" in line
