"""Straight quotes and apostrophes set as the language's own marks: the conversion
(diglot/quotes.py, inline.typeset), the profile's setting, and what every edition prints of a
text typed with " and ' (tests/fixtures/quotes), while the exports keep what was typed."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from diglot.diagnostics import Location, Reporter
from diglot.inline import Bold, Link, Text, typeset
from diglot.languages import read_profile
from diglot.model import Field
from diglot.pipeline import build
from diglot.quotes import smarten
from diglot.writers.lint import Finding, diagnostics

from conftest import FIXTURES, REPO, grows_in_proportion, layouts, pdftotext

EN = ("\u201c", "\u201d", "\u2018", "\u2019")  # “ ” ‘ ’
DE = ("\u201e", "\u201c", "\u201a", "\u2018")  # „ “ ‚ ‘
CONTENT = FIXTURES / "quotes" / "content"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The fixture's English texts as typed, and as every edition prints them.
PRINTED = {
    "Harbour Users' Forum": "Harbour Users’ Forum",
    'Notes on the "Open Berths" Scheme': "Notes on the “Open Berths” Scheme",
    "The Board's rule": "The Board’s rule",
    "The harbour master said, \"Every berth is 'open' unless it's marked.\" The pilots' logs "
    "agree.": "The harbour master said, “Every berth is ‘open’ unless it’s marked.” The "
    "pilots’ logs agree.",
    'Boats wait at the "outer mark" until called.': "Boats wait at the “outer mark” until called.",
    "Berths built in the '90s keep their rock 'n' roll names; 'twas ever so.": (
        "Berths built in the ’90s keep their rock ’n’ roll names; ’twas ever so."
    ),
    'Each mooring post stands 5\'10" above the quay and carries a 12" lamp.': (
        "Each mooring post stands 5′10″ above the quay and carries a 12″ lamp."
    ),
    # an escaped quote is printed as typed; an apostrophe in a web address is the address's
    'The painted sign reads "DEAD SLOW" with straight marks, as in the pilots\' handbook.': (
        'The painted sign reads "DEAD SLOW" with straight marks, as in the pilots’ handbook.'
    ),
    "Bookings go to https://example.org/pilots'-notes or through the master's desk.": (
        "Bookings go to https://example.org/pilots'-notes or through the master’s desk."
    ),
}


# -- the conversion ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, printed",
    [
        ('to "countries of concern" such as China', "to “countries of concern” such as China"),
        ('"Quoted" at the start', "“Quoted” at the start"),
        ('("in brackets")', "(“in brackets”)"),
        ('a dash—"then a quote"', "a dash—“then a quote”"),
        ('"Don\'t," he said.', "“Don’t,” he said."),
        ('He said "I was—"', "He said “I was—”"),
        # a quotation running on into the next paragraph opens and is never closed in this one
        ('"It went on', "“It went on"),
        ('ended here." Then', "ended here.” Then"),
        ('a " alone', 'a " alone'),  # between spaces: it opens and closes nothing
    ],
)
def test_a_double_quote_opens_or_closes_by_what_stands_around_it(typed, printed):
    assert smarten(typed, EN) == printed


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("Commerce's Entity List", "Commerce’s Entity List"),
        ("China's, don't, O'Brien", "China’s, don’t, O’Brien"),
        ("the members' views", "the members’ views"),
        ("in the '90s, the class of '98", "in the ’90s, the class of ’98"),
        ("rock 'n' roll, fish 'N' chips", "rock ’n’ roll, fish ’N’ chips"),
        ("'Twas the night; give 'em time", "’Twas the night; give ’em time"),
        ("the 1990's", "the 1990’s"),
    ],
)
def test_an_apostrophe_is_a_right_single_quotation_mark(typed, printed):
    assert smarten(typed, EN) == printed


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("\"Every berth is 'open'.\"", "“Every berth is ‘open’.”"),
        ("\"'Quoted' words\"", "“‘Quoted’ words”"),
        ("'single, then \"double\" inside'", "‘single, then “double” inside’"),
        # a closing mark closes the nearest open one of its kind
        ("'the members' views'", "‘the members’ views’"),
    ],
)
def test_a_single_quote_is_the_inner_pair(typed, printed):
    assert smarten(typed, EN) == printed


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("He is 5'10\" tall.", "He is 5′10″ tall."),
        ("a 12\" lamp, a 3' pole", "a 12″ lamp, a 3′ pole"),
        ('"He is 5\'10" tall," she said.', "“He is 5′10″ tall,” she said."),
        # a quotation that ends with a number is closed, not measured
        ("see \"Article 5\" and 'Annex 2'", "see “Article 5” and ‘Annex 2’"),
    ],
)
def test_after_digits_a_mark_no_quotation_closes_is_a_prime(typed, printed):
    assert smarten(typed, EN) == printed


def test_a_profile_s_own_marks_are_used():
    typed = "Er sagt: \"Ich fass' es nicht, 'so' ist es.\""
    assert smarten(typed, DE) == "Er sagt: „Ich fass’ es nicht, ‚so‘ ist es.“"
    # two marks only: a ' is set where it is an apostrophe, a quotation in 's stays as typed
    assert smarten("\"It's 'so'\"", ("«", "»")) == "«It’s 'so'»"
    assert smarten('"x"', ()) == '"x"'


def test_text_already_typographic_or_without_quotes_is_unchanged():
    for text in ("“Already” curly, it’s ‘done’.", "No marks at all", "全角“引号”不变"):
        assert smarten(text, EN) == text
    # typed marks beside curly ones read them as context
    assert smarten("“He said 'no'”", EN) == "“He said ‘no’”"


def test_web_and_e_mail_addresses_and_kept_offsets_are_left_as_typed():
    typed = "See https://example.org/pilots'-notes, www.example.org/o'neil's and \"this\""
    assert smarten(typed, EN) == (
        "See https://example.org/pilots'-notes, www.example.org/o'neil's and “this”"
    )
    # a mark after an address closes a quotation (no address ends with one)
    assert smarten("'https://example.org/a'", EN) == "‘https://example.org/a’"
    assert smarten('a "kept" one', EN, keep={2}) == 'a "kept” one'
    # an e-mail address may hold an apostrophe, inside its name (not at its ends)
    assert smarten("Write to o'brien@example.com.", EN) == "Write to o'brien@example.com."
    assert smarten("Write to 'info@example.org' now", EN) == "Write to ‘info@example.org’ now"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 .,-—(\"'“’\n", max_size=40))
def test_only_straight_marks_change_and_the_length_stays(text):
    out = smarten(text, EN)
    assert len(out) == len(text)
    for typed, printed in zip(text, out):
        assert typed == printed or (typed in "\"'" and printed in "“”‘’′″")


def test_inline_text_keeps_escaped_marks_code_and_link_targets_as_typed():
    parsed = typeset(
        r'A \"literal\" and &quot;entity&quot;, `code "x"` and **"bold"** [it'
        r"'s](https://example.org/it's) \"end\" \"",
        EN,
    )
    assert parsed.plain == 'A "literal" and "entity", code "x" and “bold” it’s "end" "'
    bold, link = parsed.spans[1], parsed.spans[3]
    assert bold == Bold((Text("“bold”"),))
    assert link == Link("https://example.org/it's", (Text("it’s"),))
    # a mark across markup: the quote before bold closes after it
    assert typeset('"**Open** Berths"', EN).spans == (
        Text("“"),
        Bold((Text("Open"),)),
        Text(" Berths”"),
    )


def test_a_field_keeps_its_source_and_prints_its_marks():
    where = Location("content/en/x.yaml", 1, 1)
    typed = Field("text", 'Commerce\'s "list"', where)
    printed = Field("text", 'Commerce\'s "list"', where, quotes=EN)
    assert typed.plain == 'Commerce\'s "list"'
    assert printed.plain == "Commerce’s “list”" and printed.source == typed.source
    assert printed.spans == (Text("Commerce’s “list”"),)


# -- the profile's setting ----------------------------------------------------------------------


def profile_text(add: str = "", quotes: tuple[str, ...] = EN) -> str:
    """The shipped English profile without its smart-quotes line, with lines added to [text]
    and other quotes."""
    text = (REPO / "languages" / "en.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^smart-quotes = .*\n", "", text)
    text = text.replace("[text]\n", f"[text]\n{add}\n", 1)
    marks = ", ".join(json.dumps(m, ensure_ascii=False) for m in quotes)
    return re.sub(r"(?m)^quotes = .*$", lambda _: f"quotes = [{marks}]", text, count=1)


@pytest.mark.parametrize(
    "add, marks",
    [
        ("", EN),  # by default on where the punctuation is not full-width
        ("smart-quotes = false", ()),
        ("smart-quotes = true", EN),
    ],
)
def test_smart_quotes_is_on_unless_the_profile_turns_it_off(tmp_path, add, marks):
    path = tmp_path / "en.toml"
    path.write_text(profile_text(add), encoding="utf-8")
    reporter = Reporter()
    profile = read_profile(path, "en", reporter)
    assert reporter.diagnostics == [] and profile is not None
    assert profile.set_quotes == marks


def test_a_full_width_profile_prints_ascii_quotes_as_typed_unless_told(tmp_path):
    reporter = Reporter()
    chinese = read_profile(REPO / "languages" / "zh-Hans.toml", "zh", reporter)
    assert chinese is not None and chinese.set_quotes == ()
    text = (REPO / "languages" / "zh-Hans.toml").read_text(encoding="utf-8")
    path = tmp_path / "zh-Hans.toml"
    path.write_text(text.replace("[text]\n", "[text]\nsmart-quotes = true\n"), encoding="utf-8")
    told = read_profile(path, "zh", reporter)
    assert reporter.diagnostics == [] and told is not None
    assert told.set_quotes == ("“", "”", "‘", "’")


def test_the_published_schema_describes_smart_quotes():
    schema = json.loads((REPO / "schemas" / "diglot-language.schema.json").read_text("utf-8"))
    entry = schema["properties"]["text"]["properties"]["smart-quotes"]
    assert entry["type"] == "boolean"
    assert "Default: true, unless [checks] full-width-punctuation" in entry["description"]


# -- the editions -------------------------------------------------------------------------------


def word_paragraphs(path: Path) -> list[str]:
    """Every paragraph of a Word file's body (table cells' too) as a reader reads it: word
    joiners and the zero-width spaces an address may break at as nothing."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [
        re.sub("[\u2060\u200b]", "", "".join(t.text or "" for t in p.iter(f"{W}t")))
        for p in root.iter(f"{W}p")
    ]


def html_text(path: Path) -> str:
    """A page's text: tags, <wbr>s and no-break spans read as nothing."""
    page = path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page[page.index("<body") :]))


@pytest.fixture(scope="module")
def berths(tmp_path_factory) -> Path:
    """The fixture built as HTML, Word and Markdown (no PDF)."""
    out = tmp_path_factory.mktemp("quotes")
    reporter = Reporter()
    build(CONTENT, REPO / "templates", out, reporter, formats=["html", "docx", "md"])
    assert not reporter.errors, reporter.to_text()
    return out / "berths"


@pytest.mark.parametrize("edition", ["en", "en-zh"])
def test_html_word_and_markdown_print_the_same_typographic_marks(berths, edition):
    page = html_text(berths / f"berths.{edition}.html")
    word = "\n".join(word_paragraphs(berths / f"berths.{edition}.docx"))
    markdown = (berths / f"berths.{edition}.md").read_text(encoding="utf-8")
    # as it reads: its escapes (1\\. …), bold and links' targets aside
    markdown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown.replace("**", ""))
    markdown = markdown.replace("\\", "")
    for typed, printed in PRINTED.items():
        for shown, name in ((page, "html"), (word, "docx"), (markdown, "md")):
            assert printed in shown, (name, printed)
            assert typed == printed or typed not in shown, (name, typed)


def test_the_chinese_edition_is_untouched(berths):
    page = html_text(berths / "berths.zh.html")
    assert "关于“开放泊位”计划的说明" in page and "每个泊位都是‘开放’的" in page


def test_the_exports_keep_the_text_as_typed(make_project, cli):
    make_project(CONTENT, templates=True)
    code, out, err = cli("xliff-export", "--out", "xliff")
    assert code == 0, out + err
    (exported,) = Path("xliff").glob("*.xlf")
    sources = "\n".join(
        "".join(source.itertext()) for source in etree.parse(str(exported)).iter("{*}source")
    )
    code, out, err = cli("review-export", "--out", "review")
    assert code == 0, out + err
    (review,) = Path("review").glob("*.docx")
    cells = "\n".join(word_paragraphs(review))
    for typed, printed in PRINTED.items():
        for exported_text, name in ((sources, "xliff"), (cells, "review file")):
            assert typed in exported_text, (name, typed)
            assert typed == printed or printed not in exported_text, (name, printed)
    # while the editions print the marks
    code, out, err = cli("build", "--format", "html")
    assert code == 0, out + err
    assert "Notes on the “Open Berths” Scheme" in html_text(Path("build/berths/berths.en.html"))


@pytest.mark.parametrize(
    "add, quotes, title",
    [
        ("", DE, "Notes on the „Open Berths“ Scheme"),
        ("smart-quotes = false", EN, 'Notes on the "Open Berths" Scheme'),
    ],
)
def test_a_project_s_profile_chooses_the_marks_or_none(make_project, cli, add, quotes, title):
    root = make_project(CONTENT, templates=True)
    (root / "languages").mkdir()
    (root / "languages" / "en.toml").write_text(profile_text(add, quotes), encoding="utf-8")
    code, out, err = cli("build", "--format", "html,docx")
    assert code == 0, out + err
    assert title in html_text(root / "build/berths/berths.en.html")
    assert title in word_paragraphs(root / "build/berths/berths.en.docx")


def test_the_review_page_shows_the_text_as_the_editions_print_it():
    from diglot.serve.pages import render_pages

    pages, problems, _ = render_pages(CONTENT, REPO / "templates")
    assert problems == []
    review = pages["/berths/berths.en-zh.review.html"].decode("utf-8")
    assert "Every berth is ‘open’ unless it’s marked." in re.sub(r"<[^>]+>", "", review)


def test_the_index_names_each_document_by_its_title_as_printed():
    from diglot.serve.pages import render_pages

    pages, problems, _ = render_pages(CONTENT, REPO / "templates")
    assert problems == []
    index = pages["/"].decode("utf-8")
    assert "Notes on the “Open Berths” Scheme" in index
    assert 'Notes on the "Open Berths" Scheme' not in html.unescape(index)


def test_the_pdf_lint_finds_a_printed_line_in_its_unit():
    layout = layouts(CONTENT)["berths/berths.en"]
    finding = Finding("pdf.overflow", 1, 0, "Notes on the “Open Berths” Scheme", "too wide")
    (found,) = diagnostics([finding], layout, "berths.en.pdf", Location("template", 1, 1))
    assert found.location.path.endswith("en/berths.yaml") and found.unit == "title"


def test_the_pdf_text_shows_the_typographic_marks(weasyprint, tmp_path):
    reporter = Reporter()
    build(CONTENT, REPO / "templates", tmp_path, reporter, formats=["pdf"])
    assert not reporter.errors, reporter.to_text()
    # the English edition's lines in order, across line ends and hyphens (the title block and
    # headings set in capitals); side by side, the words that hold a mark (the columns'
    # lines interleave)
    for edition in ("en", "en-zh"):
        text = pdftotext(tmp_path / "berths" / f"berths.{edition}.pdf")
        text = "".join(text.replace("\u00ad", "").replace("\u2010", "").split()).casefold()
        for typed, printed in PRINTED.items():
            for words in [printed] if edition == "en" else marked_words(printed):
                assert "".join(words.split()).casefold() in text, (edition, words)
            if edition == "en" and typed != printed:
                assert "".join(typed.split()).casefold() not in text, typed


def marked_words(text: str) -> list[str]:
    """The words of a text that hold a quotation mark, an apostrophe or a prime."""
    return [word for word in text.split() if set(word) & set("\"'“”‘’′″")]


@pytest.mark.parametrize(
    "make",
    [
        lambda f: (
            '"a ' * int(20_000 * f) + "b' " * int(20_000 * f)
        ),  # closing marks none of whose kind is open
        lambda f: "'a " * int(20_000 * f) + 'b" ' * int(20_000 * f),
        lambda f: '"' * int(40_000 * f) + "'" * int(40_000 * f),
    ],
    ids=["doubles open, singles close", "singles open, doubles close", "runs of marks"],
)
def test_a_long_text_is_set_in_time_proportional_to_its_length(make):
    """Each closing mark looked for its opening one through every mark still open: 120,000
    characters took 15 s."""

    def smartened(size: float) -> None:
        text = make(size)
        assert len(smarten(text, EN)) == len(text)

    grows_in_proportion(smartened, within=0.5)
