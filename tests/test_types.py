"""Document types as declarations: every shipped type builds all its editions, numbers are
generated per language, type files with mistakes are located, and a new type needs no code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx as python_docx
import pytest

from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.types import read_type

from conftest import FIXTURES, PROJECTS, REPO, layouts, pdftotext, word_text

EXTENSIONS = ("html", "pdf", "docx", "md")


@pytest.fixture(scope="module")
def built(built_project):
    """(content folder, build folder, layouts, files written) of one project, built once."""
    content = PROJECTS[built_project.name]
    return content, built_project.out, layouts(content), built_project.written


def squash(text: str) -> str:
    return re.sub(r"[\s\u2010\u00ad-]+", "", text).casefold()


def docx_text(path: Path) -> str:
    document = python_docx.Document(str(path))
    parts = [word_text(p) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [word_text(p) for p in cell.paragraphs]
                for inner in cell.tables:
                    parts += [
                        word_text(p) for r in inner.rows for c in r.cells for p in c.paragraphs
                    ]
    return "\n".join(parts)


def test_every_project_builds_its_nine_files(built):
    _, out, found, written = built
    stems = sorted(found)
    assert len(stems) == 3
    assert sorted(str(p.relative_to(out)) for p in written) == sorted(
        f"{stem}.{ext}" for stem in stems for ext in EXTENSIONS
    )


def pdf_columns(path: Path, layout) -> list[str]:
    """Each column's body text in reading order (running header and footer left out: they
    are set smaller than any body text)."""
    import pdfplumber

    weights = [c.profile.column_weight for c in layout.columns]
    split = (20 + weights[0] / sum(weights) * 170) / 25.4 * 72 if len(weights) > 1 else 1e9
    columns: list[list[str]] = [[] for _ in weights]
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["size"] >= 9.5]  # body text and up
            for i in range(len(weights)):
                mine = [c for c in chars if (c["x0"] < split) == (i == 0)]
                mine.sort(key=lambda c: (round(c["top"]), c["x0"]))
                columns[i].append("".join(c["text"] for c in mine))
    return [squash("".join(pages)) for pages in columns]


def test_every_unit_text_is_in_each_pdf_and_word_file(built):
    _, out, found, _ = built
    for stem, layout in found.items():
        word = squash(docx_text(out / f"{stem}.docx"))
        for column, pdf in zip(layout.columns, pdf_columns(out / f"{stem}.pdf", layout)):
            for unit in column.document.units():
                if unit.kind == "organiser" or unit.id == "short-title":
                    continue  # metadata: the author property; the running head's title
                for field in unit.fields:
                    text = squash(field.plain)
                    assert text in word, (stem, unit.id, field.name)
                    # a table cell's lines interleave with its neighbours': look for its words
                    # (a word hyphenated at a line end keeps its first three letters together)
                    # (Chinese has no spaces: its characters one by one)
                    words = [field.plain]
                    if field.name.startswith("cells."):
                        words = (
                            field.plain.split()
                            if column.profile.script != "cjk"
                            else list(squash(field.plain))
                        )
                    assert all(
                        squash(w) in pdf or len(w) >= 7 and squash(w)[:3] in pdf for w in words
                    ), (stem, unit.id, field.name)


def test_generated_numbers_appear_in_each_language_s_own_style(built):
    _, out, found, _ = built
    for stem, layout in found.items():
        pdf, word = squash(pdftotext(out / f"{stem}.pdf")), squash(docx_text(out / f"{stem}.docx"))
        numbers = [
            cell.number
            for block in layout.blocks()
            for cell in block.cells
            if cell.number and cell.number != "\u2022"
        ]
        for number in numbers:
            assert squash(number) in pdf and squash(number) in word, (stem, number)


def test_the_declaration_numbers_articles_paragraphs_and_items_per_language():
    found = layouts(PROJECTS["declaration"])
    (stem,) = [s for s in found if s.endswith(".en-zh")]
    article = next(b for b in found[stem].body if b.kind == "article" and b.cells[0].slots)
    second = [b for b in found[stem].body if b.kind == "article"][1]
    assert [c.number for c in article.cells] == ["Article 1", "第一条"]
    assert [c.number for c in second.cells] == ["Article 2", "第二条"]
    items = [b for b in found[stem].blocks() if b.kind == "lettered-item"]
    assert [c.number for c in items[0].cells] == ["(a)", "（一）"]
    assert [c.number for c in items[2].cells] == ["(c)", "（三）"]
    subs = [b for b in found[stem].blocks() if b.kind == "sub-item"]
    assert [c.number for c in subs[1].cells] == ["(ii)", "②"]
    annex = next(b for b in found[stem].body if b.kind == "annex")
    assert [c.number for c in annex.cells] == ["Annex I", "附件一"]
    # numbered paragraphs restart in each article; the unnumbered one has no number
    paragraphs = [
        (b.id, b.cells[0].number)
        for b in found[stem].blocks()
        if b.role == "paragraph" and b.kind != "preamble-paragraph"
    ]
    assert paragraphs[0][1] is None
    assert [n for _, n in paragraphs[1:4]] == ["1.", "2.", "3."]
    assert paragraphs[4][1] == "1."


def test_the_joint_statement_numbers_paragraphs_through_its_parts():
    found = layouts(PROJECTS["joint-statement"])
    (stem,) = [s for s in found if s.endswith(".en-zh")]
    numbered = [b for b in found[stem].blocks() if b.kind == "numbered-paragraph"]
    assert [b.cells[0].number for b in numbered] == [f"{n}." for n in range(1, len(numbered) + 1)]
    assert [b.cells[1].number for b in numbered][:3] == ["一、", "二、", "三、"]
    assert len({b.id for b in numbered}) == len(numbered) >= 8
    # the languages' release dates differ, and each closing line has its own
    title = found[stem].title
    assert (title[0].date_iso, title[1].date_iso) == ("2025-03-14", "2025-03-15")
    assert title[1].closing == "2025年3月15日于韦斯特黑文"
    assert title[0].closing == "Westhaven, March 14, 2025"


@pytest.mark.parametrize("built_project", ["zh-hant"], indirect=True)
def test_traditional_chinese_project_uses_its_profile(built_project):
    (folder,) = built_project.out.glob(
        "[!.]*"
    )  # the document's folder (.diglot-files lists the files)
    page = (folder / f"{folder.name}.zh-Hant.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in page
    assert "Noto Serif CJK TC" in page and "CJK SC" not in page.split("</style>")[0]
    fonts = (
        __import__("subprocess")
        .run(
            ["pdffonts", str(folder / f"{folder.name}.zh-Hant.pdf")],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout
    )
    assert "CJK-TC" in fonts and "CJK-SC" not in fonts and "JP" not in fonts
    word = python_docx.Document(str(folder / f"{folder.name}.zh-Hant.docx"))
    xml = word.styles.element.xml
    assert 'w:eastAsia="zh-TW"' in xml and "Noto Serif CJK TC" in xml


# -- the types command and type files with mistakes -----------------------------------------


def test_types_lists_every_type_with_its_blocks(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["types"]) == 0
    out = capsys.readouterr().out
    for name in ("consensus-agreement", "joint-statement", "declaration"):
        assert re.search(rf"^{name}: ", out, flags=re.M)
    assert "article [section] numbered article (document)" in out
    assert "lettered-item [item] numbered lettered (parent)" in out


BASE_TYPE = """\
name: memo-type
title-block:
  title: required
  date: required
body:
  clauses: [clause]
kinds:
  clause:
    role: paragraph
    fields:
      text: required
    numbering:
      style: decimal
"""


def type_errors(tmp_path: Path, text: str, styles=frozenset({"decimal", "article"})) -> list[str]:
    path = tmp_path / "memo-type.yaml"
    path.write_text(text, encoding="utf-8")
    reporter = Reporter()
    assert read_type(path, set(styles), reporter) is None
    return [
        f"{d.location.line}:{d.location.column}: {d.message} [{d.code}]" for d in reporter.errors
    ]


def test_a_sound_type_file_reads(tmp_path):
    path = tmp_path / "memo-type.yaml"
    path.write_text(BASE_TYPE, encoding="utf-8")
    reporter = Reporter()
    doc_type = read_type(path, {"decimal"}, reporter)
    assert reporter.diagnostics == [] and doc_type is not None
    numbering = doc_type.kinds["clause"].numbering
    assert numbering is not None and numbering.style == "decimal"


def test_an_unknown_kind_is_located(tmp_path):
    assert type_errors(tmp_path, BASE_TYPE.replace("clauses: [clause]", "clauses: [clouse]")) == [
        "6:13: unknown kind 'clouse'; did you mean 'clause'? (kinds: clause) [type.unknown-kind]"
    ]


def test_a_cycle_is_located(tmp_path):
    text = BASE_TYPE.replace("  clauses: [clause]\n", "  clauses: [clause]\n  parts: [part]\n") + (
        "  part:\n"
        "    role: section\n"
        "    fields:\n"
        "      heading: optional\n"
        "    children:\n"
        "      parts: [part, clause]\n"
    )
    assert type_errors(tmp_path, text) == [
        "15:3: kinds contain each other in a cycle: part > part; nest each level as its own "
        "kind [type.cycle]"
    ]


def test_an_unknown_numbering_style_is_located(tmp_path):
    assert type_errors(tmp_path, BASE_TYPE.replace("style: decimal", "style: decimals")) == [
        "13:7: kinds.clause.numbering: no numbering style 'decimals' in the language profiles; "
        "did you mean 'decimal'? (styles: article, decimal) [type.unknown-numbering]"
    ]


def test_an_unknown_role_and_a_missing_key_are_located(tmp_path):
    text = BASE_TYPE.replace("role: paragraph", "role: paragraf").replace("  date: required\n", "")
    text = text.replace("body:\n  clauses: [clause]\n", "")
    assert type_errors(tmp_path, text) == ["1:1: the type needs the key 'body' [type.missing-key]"]
    assert type_errors(tmp_path, BASE_TYPE.replace("role: paragraph", "role: paragraf")) == [
        "9:11: kinds.clause.role: unknown role 'paragraf'; did you mean 'paragraph'? (roles: "
        "section, paragraph, list, item, person, table, row, header-row, signature) "
        "[type.unknown-role]"
    ]


def test_a_document_of_a_broken_type_names_the_type_file(tmp_path, capsys, monkeypatch):
    project = new_project(tmp_path)
    (project / "types" / "minutes.yaml").write_text(
        (project / "types" / "minutes.yaml").read_text().replace("[item]", "[itme]")
    )
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("types/minutes.yaml:") and out[0].endswith("[type.unknown-kind]")
    assert any("content.bad-type" in line for line in out)


def test_a_document_of_a_broken_type_names_its_file_not_a_place_in_the_report(
    tmp_path, capsys, monkeypatch
):
    """The report is in file order, and with --content a project's content/ comes before
    its types/: the documents' lines come first, and name the type file rather than errors
    "above"."""
    project = new_project(tmp_path)
    (project / "types" / "minutes.yaml").write_text(
        (project / "types" / "minutes.yaml").read_text().replace("role: paragraph", "role: para")
    )
    monkeypatch.chdir(project)
    assert main(["--content", str(project / "content"), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        f"content/{lang}/steering-2019.yaml:1:7: error: type 'minutes' has errors in "
        "types/minutes.yaml: fix its declaration first [content.bad-type]"
        for lang in ("en", "zh")
    ]
    assert out[2].startswith("types/minutes.yaml:") and out[2].endswith("[type.unknown-role]")


# -- a fourth type, added as a declaration only -----------------------------------------------

MINUTES_TYPE = """\
# Minutes of a meeting: attendees, then decisions with numbered action items.
name: minutes
description: Attendees, then decisions, each with numbered action items.
title-block:
  title: required
  date:
    required: true
    per-language: true
  place: optional
body:
  attendees: [attendee]
  decisions: [decision]
kinds:
  attendee:
    role: person
    fields:
      name: required
      roles: optional
  decision:
    role: section
    fields:
      heading: required
    numbering:
      style: chapter
      scope: document
    children:
      notes: [note, actions]
  note:
    role: paragraph
    fields:
      text: required
  actions:
    role: list
    id: false
    label: ["Action:", "Actions:"]
    children:
      actions: [item]
  item:
    role: item
    fields:
      text: required
    numbering:
      style: lettered
"""

MINUTES = {
    "en": """\
type: minutes
title-block:
  title:
    id: title
    text: Minutes of the Steering Group
  date: 2019
  place:
    id: place
    text: Lisbon
attendees:
  - id: chair
    name: Ana Costa
    roles: Chair
decisions:
  - id: budget
    heading: Budget
    notes:
      - id: budget.note
        text: The group reviewed the budget for 2020.
      - actions:
          - id: budget.action.publish
            text: Publish the budget by 1 March.
          - id: budget.action.review
            text: Review the figures in June.
""",
    "zh": """\
type: minutes
title-block:
  title:
    id: title
    text: 指导小组会议纪要
  date: 2019
  place:
    id: place
    text: 里斯本
attendees:
  - id: chair
    name: 安娜·科斯塔
    roles: 主席
decisions:
  - id: budget
    heading: 预算
    notes:
      - id: budget.note
        text: 小组审议了2020年预算。
      - actions:
          - id: budget.action.publish
            text: 于3月1日前公布预算。
          - id: budget.action.review
            text: 于6月复核各项数字。
""",
}


def new_project(tmp_path: Path) -> Path:
    """A project of its own with a fourth type: types/, templates/ and content/ only."""
    project = tmp_path / "project"
    (project / "types").mkdir(parents=True)
    (project / "types" / "minutes.yaml").write_text(MINUTES_TYPE, encoding="utf-8")
    shutil.copytree(REPO / "templates", project / "templates")
    # its own look, as a template partial: no code
    (project / "templates" / "types" / "minutes.css").write_text(
        ".kind-decision h2 { color: #224; }\n", encoding="utf-8"
    )
    for lang, text in MINUTES.items():
        (project / "content" / lang).mkdir(parents=True)
        (project / "content" / lang / "steering-2019.yaml").write_text(text, encoding="utf-8")
    po = project / "templates" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "Action:"\nmsgid_plural '
        '"Actions:"\nmsgstr[0] "行动："\n',
        encoding="utf-8",
    )
    return project


def test_a_new_type_builds_every_edition_without_code(tmp_path, capsys, monkeypatch, run_build):
    project = new_project(tmp_path)
    monkeypatch.chdir(project)
    assert main(["types"]) == 0
    assert "minutes: Attendees, then decisions" in capsys.readouterr().out
    assert main(["check", "--strict"]) == 0, capsys.readouterr().out
    code, out = run_build()
    assert code == 0, out
    folder = project / "build" / "steering-2019"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"steering-2019.{e}.{x}" for e in ("en", "zh", "en-zh") for x in EXTENSIONS
    )
    en = pdftotext(folder / "steering-2019.en.pdf")
    zh = pdftotext(folder / "steering-2019.zh.pdf")
    assert "Chapter I" in en and "(a)" in en and "(b)" in en and "Actions:" in en
    assert "第一章" in zh and "（一）" in zh and "（二）" in zh and "行动：" in zh
    assert "2019" in en and "2019年" in zh  # a year alone, in each language's form
    assert "color: #224" in (folder / "steering-2019.en.html").read_text(encoding="utf-8")


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date, ok",
    [
        ("2019", True),
        ("1948-06", True),
        ("1000-01-01", True),
        ("0999", False),
        ("2025-02-30", False),
        ("2025-3-14", False),
    ],
)
def test_dates_from_the_year_1000_on(tmp_path, capsys, monkeypatch, date, ok):
    project = new_project(tmp_path)
    for lang in ("en", "zh"):
        path = project / "content" / lang / "steering-2019.yaml"
        path.write_text(path.read_text().replace("date: 2019", f'date: "{date}"'))
    monkeypatch.chdir(project)
    code = main(["check"])
    out = capsys.readouterr().out
    assert (code == 0) == ok, out
    if date == "2025-3-14":  # a date in another form is told its form
        assert "title-block.date: write the date as 2025-03-14 (ISO 8601" in out
    elif date == "2025-02-30":  # the right form, but no such day
        assert "title-block.date: '2025-02-30' is no date: February 2025 has no 30th day" in out
    elif not ok:
        assert f"title-block.date: '{date}' is not a date from the year 1000 on" in out


def test_fixtures_are_team_written_and_typed():
    for project in PROJECTS.values():
        for path in project.rglob("*.yaml"):
            if path.name != "glossary.yaml":
                assert re.search(r"^type: [a-z-]+$", path.read_text(encoding="utf-8"), re.M), path
    assert (FIXTURES / "types" / "declaration").is_dir()


def test_a_types_stylesheet_is_set_as_written_and_cannot_end_its_style_element(
    tmp_path, capsys, monkeypatch
):
    """templates/types/<type>.css is CSS, not text to escape: a child combinator, a quoted
    font name and a quoted generated content reach the page as written; a `</style>` in it
    does not end the page's stylesheet."""
    from lxml import html as lxml_html

    project = new_project(tmp_path)
    css = (
        '.kind-decision > h2 { font-family: "Noto Serif"; }\n'
        'h1::after { content: "\\2014"; }\n'
        'p::before { content: "</style><script>alert(1)</script>"; }\n'
    )
    (project / "templates" / "types" / "minutes.css").write_text(css, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["build", "--format", "html"]) == 0, capsys.readouterr().out
    for edition in ("en", "zh", "en-zh"):
        page = (project / "build" / "steering-2019" / f"steering-2019.{edition}.html").read_text()
        assert '.kind-decision > h2 { font-family: "Noto Serif"; }' in page
        assert 'h1::after { content: "\\2014"; }' in page
        tree = lxml_html.fromstring(page)
        assert tree.xpath("//script[contains(., 'alert')]") == []
        styles = "".join(s.text_content() for s in tree.xpath("//style"))
        assert "<\\/style><script>alert(1)<\\/script>" in styles


def test_a_reference_that_is_each_languages_own_text_is_in_every_edition(
    tmp_path, capsys, monkeypatch
):
    """An order number in words (第12号 / No. 12): a reference of kind text is each
    language's own unit, shown where a code reference is (the title block, the side-by-side
    row, the running head), in every format; never "None"."""
    project = new_project(tmp_path)
    kind = project / "types" / "minutes.yaml"
    kind.write_text(
        kind.read_text().replace(
            "title-block:\n", "title-block:\n  reference:\n    kind: text\n    required: true\n"
        )
    )
    for lang, number in (("en", "Order No. 12"), ("zh", "第12号令")):
        path = project / "content" / lang / "steering-2019.yaml"
        path.write_text(
            path.read_text().replace(
                "title-block:\n", f"title-block:\n  reference:\n    id: order\n    text: {number}\n"
            )
        )
    monkeypatch.chdir(project)
    assert main(["check"]) == 0, capsys.readouterr().out
    assert main(["build", "--format", "html,md,docx"]) == 0, capsys.readouterr().out
    folder = project / "build" / "steering-2019"
    for edition, wanted in (
        ("en", ["Order No. 12"]),
        ("zh", ["第12号令"]),
        ("en-zh", ["Order No. 12", "第12号令"]),
    ):
        page = (folder / f"steering-2019.{edition}.html").read_text()
        markdown = (folder / f"steering-2019.{edition}.md").read_text()
        word = "\n".join(
            [
                word_text(p)
                for p in python_docx.Document(
                    str(folder / f"steering-2019.{edition}.docx")
                ).paragraphs
            ]
            + [
                cell.text
                for table in python_docx.Document(
                    str(folder / f"steering-2019.{edition}.docx")
                ).tables
                for row in table.rows
                for cell in row.cells
            ]
        )
        shown = [chunk[:200] for chunk in page.split('class="reference"')[1:]]
        for text in wanted:
            assert any(text in chunk for chunk in shown), edition
            assert text in markdown and text in word.replace("\u2060", ""), edition
        assert ">None<" not in page and "None" not in markdown and "None" not in word
    english = (folder / "steering-2019.en.html").read_text()
    assert 'data-running-left="Order No. 12"' in english


def test_a_title_field_of_a_kind_the_editions_cannot_show_is_a_located_error(tmp_path, capsys):
    project = new_project(tmp_path)
    kind = project / "types" / "minutes.yaml"
    kind.write_text(kind.read_text().replace("  place: optional\n", "  place:\n    kind: code\n"))
    assert main(["--content", str(project / "content"), "check"]) == 1
    out = capsys.readouterr().out
    assert "types/minutes.yaml:" in out
    assert "title-block.place: kind code is not one the editions show as (text)" in out


def test_a_numbering_style_one_language_writes_no_number_for_is_unnumbered_in_it(
    tmp_path, capsys, monkeypatch
):
    """A Chinese regulation's 款 are unnumbered where the English numbers its paragraphs
    (1), (2): a profile may write a style as "" (no number in that language)."""
    project = new_project(tmp_path)
    kind = project / "types" / "minutes.yaml"
    kind.write_text(
        kind.read_text().replace(
            "  note:\n    role: paragraph\n    fields:\n      text: required\n",
            "  note:\n    role: paragraph\n    fields:\n      text: required\n"
            "    numbering:\n      style: clause\n      scope: parent\n",
        )
    )
    (project / "languages").mkdir()
    for name, clause in (("en", "({n})"), ("zh-Hans", "")):
        text = (REPO / "languages" / f"{name}.toml").read_text()
        text = text.replace("[numbering]", f'[numbering]\nclause = "{clause}"', 1)
        (project / "languages" / f"{name}.toml").write_text(text)
    monkeypatch.chdir(project)
    assert main(["check"]) == 0, capsys.readouterr().out
    assert main(["build", "--format", "html,md,docx"]) == 0, capsys.readouterr().out
    folder = project / "build" / "steering-2019"
    english = (folder / "steering-2019.en.html").read_text()
    chinese = (folder / "steering-2019.zh.html").read_text()
    assert '<span class="marker">(1)</span>The group reviewed the budget' in english
    assert 'id="budget.note">小组审议了' in chinese
    assert "(1) The group reviewed" in (folder / "steering-2019.en.md").read_text()
    word = python_docx.Document(str(folder / "steering-2019.zh.docx"))
    assert any(p.text.startswith("小组审议了") for p in word.paragraphs)


def test_a_full_width_number_and_its_heading_are_one_line_a_latin_one_stands_above_it(
    tmp_path, capsys, monkeypatch
):
    """第一章　预算, as Chinese documents set a heading after its number (GB/T 9704), in
    the HTML and PDF editions and Word; Chapter I above Budget in English."""
    project = new_project(tmp_path)
    monkeypatch.chdir(project)
    assert main(["build", "--format", "html,docx"]) == 0, capsys.readouterr().out
    folder = project / "build" / "steering-2019"
    chinese = (folder / "steering-2019.zh.html").read_text()
    english = (folder / "steering-2019.en.html").read_text()
    assert '<span class="number">第一章</span>\u3000预算</h2>' in chinese
    assert '<span class="number">Chapter I</span><br>Budget</h2>' in english
    side = (folder / "steering-2019.en-zh.html").read_text()
    assert '<span class="number">第一章</span>\u3000预算' in side
    word = python_docx.Document(str(folder / "steering-2019.zh.docx"))
    assert any(p.text == "第一章\u3000预算" for p in word.paragraphs)
