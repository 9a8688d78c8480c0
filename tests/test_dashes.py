"""Ranges of numbers set with an en dash in English print (diglot/dashes.py): the hyphens that
make a range, and only those, in every edition; the content files keep what was typed."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from test_datestyle import unit

from diglot.checks import Context, punctuation
from diglot.dashes import range_dashes
from diglot.diagnostics import Reporter
from diglot.inline import typeset
from diglot.languages import read_profile

from conftest import REPO, grows_in_proportion, pair_of, pdftotext

RANGES = [
    ("on October 7-8, 2024, in Washington", "on October 7–8, 2024, in Washington"),
    ("over the next 5-7 years", "over the next 5–7 years"),
    ("the plan for 2026-2035", "the plan for 2026–2035"),
    (
        "the 2024-25 budget; FY2023-24; fell in 2005-06",
        "the 2024–25 budget; FY2023–24; fell in 2005–06",
    ),
    ("pages 12-15.", "pages 12–15."),
    ("pp. 112-18 and pp.321-8", "pp. 112–18 and pp.321–8"),
    ("(Articles 3-5, Chapters 2-3, Nos. 3-7)", "(Articles 3–5, Chapters 2–3, Nos. 3–7)"),
    ("a rise of 20-30% a year, or 20%-30%", "a rise of 20–30% a year, or 20%–30%"),
    ("5-10 people, 95-100 points", "5–10 people, 95–100 points"),
    (
        "fines of 1,000-5,000 yuan or 5000-10000 yuan",
        "fines of 1,000–5,000 yuan or 5000–10000 yuan",
    ),
    ("growth of 4.5-5 percent, 1.5-2 degrees", "growth of 4.5–5 percent, 1.5–2 degrees"),
    ("children aged 0-14", "children aged 0–14"),
    ("20-30km, 100-200MW, 9-11am", "20–30km, 100–200MW, 9–11am"),
    ("from 14:00-17:30 and 09:00-09:30", "from 14:00–17:30 and 09:00–09:30"),
    ("Developments in 2026-2030: An Overview", "Developments in 2026–2030: An Overview"),
    ("the period—2021-2025—was", "the period—2021–2025—was"),
    ("RMB 2-3 billion; AD 25-220", "RMB 2–3 billion; AD 25–220"),
    ("schedule 2-3 meetings; form 3-5 groups", "schedule 2–3 meetings; form 3–5 groups"),
]

NOT_RANGES = [
    "the meeting on 2024-10-07",  # an ISO date
    "published 2024-10",  # a year and month
    "during COVID-19",  # a name
    "the A320-200 fleet",  # a designation
    "Tel: 010-6512-3456; Tel.: +852 2345-6789; Fax: (02) 2345-6789; Hotline 1234-5678",
    "Telephone: +86-755 8888 8888",  # a country code
    "see Figure 3-4, Table 1-2, Box 1-2 and Appendix 1-2",  # items of a numbered series
    "Article 2-3 was inserted; paragraph 2-3 applies",  # singular provisions
    "won 3-2; the motion was rejected 3-12; adopted by 12-3 with one abstention",  # votes
    "ISO 9001-2015, GB/T 9704-2012, GB 1589-2016 and JGJ 3-2010",  # standards
    "GB/T 1.1-2020",  # a standard, alone as in a list of references
    "Public Law 117-169, P.L. 111-148, Pub. L. 93-148",  # laws
    "resolution 1325-2000, Case 19-1392, ISSN 1671-4229",  # identifiers with a year
    "the code 03-04",  # leading zeros
    "the years 2024-06",  # a year and a month, not the next year
    "3-4/5 of the members",  # joined to more
    "at https://data.example.org/series/1-2 and plan-2021-2025.pdf",  # an address, a file
    "the file 2024-2025.pdf",  # a file name
    "a 2-year term, the 10-member board",  # numbers joined to words
    "from 2025-2024",  # backwards
    "the pair 7-7",  # equal
]


@pytest.mark.parametrize("typed, printed", RANGES)
def test_a_range_is_set_with_an_en_dash(typed, printed):
    assert range_dashes(typed) == printed


@pytest.mark.parametrize("typed", NOT_RANGES)
def test_a_hyphen_that_makes_no_range_is_left_as_typed(typed):
    assert range_dashes(typed) == typed


def test_the_text_keeps_its_length_and_the_kept_offsets():
    text = "years 2024-2025 and 2026-2027"
    kept = text.index("-")
    set_ = range_dashes(text, keep={kept})
    assert len(set_) == len(text)
    assert set_ == "years 2024-2025 and 2026–2027"


@pytest.mark.parametrize(
    "make",
    [
        lambda f: "1-2 " * int(12_000 * f),  # a range at every fourth character
        lambda f: "Tel: 1-2, " * int(6_000 * f),  # each with a name to look for before it
        lambda f: "1-" * int(30_000 * f) + "2",  # a chain of hyphens
    ],
    ids=["ranges", "named", "chain"],
)
def test_a_long_text_is_set_in_time_proportional_to_its_length(make):
    def set_(size: float) -> None:
        text = make(size)
        assert len(range_dashes(text)) == len(text)

    grows_in_proportion(set_, within=0.5)


def test_a_hyphen_escaped_in_the_markup_is_kept():
    """An author who means a hyphen between numbers writes it escaped (\\-), as the inline
    markup reads any punctuation."""
    marks = ("“", "”", "‘", "’")
    assert typeset(r"Resolution 1325\-2000 and 2026-2035", marks, True).plain == (
        "Resolution 1325-2000 and 2026–2035"
    )
    assert typeset("the **2026-2035** plan", marks, True).plain == "the 2026–2035 plan"
    assert typeset("the 2026-2035 plan", marks, False).plain == "the 2026-2035 plan"


# -- the profile's setting ----------------------------------------------------------------------


def english_profile(tmp_path: Path, line: str = "") -> Path:
    """The shipped English profile without its range-dashes line, with line added to [text]."""
    text = (REPO / "languages" / "en.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^range-dashes = .*\n", "", text)
    path = tmp_path / "en.toml"
    path.write_text(text.replace("[text]\n", f"[text]\n{line}\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "line, on", [("", True), ("range-dashes = false", False), ("range-dashes = true", True)]
)
def test_range_dashes_is_on_for_english_unless_the_profile_turns_it_off(tmp_path, line, on):
    reporter = Reporter()
    profile = read_profile(english_profile(tmp_path, line), "en", reporter)
    assert reporter.diagnostics == [] and profile is not None
    assert profile.set_dashes is on


def test_chinese_keeps_its_hyphens_unless_told():
    reporter = Reporter()
    chinese = read_profile(REPO / "languages" / "zh-Hans.toml", "zh", reporter)
    assert chinese is not None and chinese.set_dashes is False


def test_a_wrong_value_is_located(tmp_path):
    path = english_profile(tmp_path, 'range-dashes = "yes"')
    reporter = Reporter()
    assert read_profile(path, "en", reporter) is None
    (found,) = reporter.diagnostics
    assert found.location.path.endswith("en.toml") and found.location.line > 1
    assert "range-dashes" in found.message


def test_the_published_schema_describes_range_dashes():
    schema = json.loads((REPO / "schemas" / "diglot-language.schema.json").read_text("utf-8"))
    entry = schema["properties"]["text"]["properties"]["range-dashes"]
    assert entry["type"] == "boolean"
    assert "Default: true, unless [checks] full-width-punctuation" in entry["description"]


def test_a_project_may_keep_its_hyphens(make_project, cli):
    root = make_project(REPO / "content", templates=True)
    (root / "languages").mkdir()
    english_profile(root / "languages", "range-dashes = false")
    code, out, err = cli("build", "--format", "md")
    assert code == 0, out + err
    markdown = (root / "build" / DOC / f"{DOC}.en.md").read_text(encoding="utf-8")
    assert "October 7-8, 2024" in markdown and "5-7 years" in markdown


# -- the editions -------------------------------------------------------------------------------

DOC = "digital-economy-2024"
# the bundled agreement's ranges, typed with a hyphen, and its hyphens that are no range's
# (as much as a line of the narrow column of the side-by-side PDF holds)
PRINTED = {"October 7-8": "October 7–8", "next 5-7": "next 5–7"}
KEPT = ("U.S.-China", "off-the-record")


def readable(text: str) -> str:
    """Text as a reader reads it: joiners, soft hyphens and line ends as nothing or a space."""
    text = re.sub("[\u2060\u200b\u00ad]", "", text)
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text))


def test_every_english_edition_sets_the_ranges_with_an_en_dash(built_bundled):
    built = built_bundled.out / DOC
    typed = (REPO / "content" / "en" / f"{DOC}.yaml").read_text(encoding="utf-8")
    chinese = (REPO / "content" / "zh" / f"{DOC}.yaml").read_text(encoding="utf-8")
    for edition in ("en", "en-zh"):
        shown = {
            "html": html.unescape(
                re.sub(r"<[^>]+>", "", (built / f"{DOC}.{edition}.html").read_text("utf-8"))
            ),
            "md": (built / f"{DOC}.{edition}.md").read_text("utf-8").replace("**", ""),
            "docx": word_text(built / f"{DOC}.{edition}.docx"),
            "pdf": pdftotext(built / f"{DOC}.{edition}.pdf"),
        }
        for name, text in shown.items():
            text = readable(text)
            for was, printed in PRINTED.items():
                assert printed in text and was not in text, (edition, name, printed)
            for kept in KEPT:
                assert kept.replace("-", "–") not in text, (edition, name, kept)
                assert kept in text or edition == "en-zh", (edition, name, kept)
    for was in PRINTED:
        assert was in typed  # the content keeps what was typed
    # the Chinese edition prints its own ranges as typed (5至7年)
    assert "5至7" in readable(pdftotext(built / f"{DOC}.zh.pdf")) and "5至7" in chinese


def word_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p"))


def test_the_review_index_names_a_document_by_its_title_as_printed(make_project):
    from diglot.serve.pages import render_pages

    root = make_project(REPO / "content", templates=True)
    path = root / "content" / "en" / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("text: Consensus Agreement", "text: Agenda 2026-2030"))
    pages, _, _ = render_pages(root / "content", root / "templates")
    index = html.unescape(pages["/"].decode("utf-8"))
    assert "Agenda 2026–2030" in index and "Agenda 2026-2030" not in index


# -- qa.punct-range: a Chinese range written with a hyphen ----------------------------------------


def chinese_ranges(text: str, ctx: Context | None = None) -> list[str]:
    found = pair_of(punctuation.RANGE)(unit("x"), unit(text), ctx or Context())
    return [f.message for f in found]


@pytest.mark.parametrize(
    "text, typed",
    [
        ("未来5-7年，中国将成为重要制造国。", "5-7"),
        ("《规划（2026-2035年）》", "2026-2035"),
        ("第3-5条不适用。", "3-5"),
        ("增长10-20%。", "10-20"),
        ("会议于14:00-17:30举行。", "14:00-17:30"),
    ],
)
def test_a_chinese_range_written_with_a_hyphen_is_reported(text, typed):
    first, second = re.split(r"-", typed, maxsplit=1)
    assert chinese_ranges(text) == [
        f"the range '{typed}' is written with a hyphen; Chinese writes {first}至{second} or "
        f"{first}～{second}"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "未来5至7年。",
        "未来5～7年。",
        "《规划（2026—2035年）》",
        "依照GB/T 9704-2012执行。",  # a standard
        "如图3-4所示，表1-2列出了数据。",  # a figure and a table of a chapter
        "电话：2345-6789，传真：010-6512-3456。",  # telephone numbers
        "于2024-10-07签署。",  # an ISO date (qa.date-style's)
    ],
)
def test_a_chinese_text_without_a_hyphen_range_passes(text):
    assert chinese_ranges(text) == []


def test_an_english_translation_is_not_asked_for_chinese_ranges():
    """English editions set the range's dash themselves; a Chinese original's English
    translation is not reported for its hyphens."""
    from test_chinese_original import INTO_ENGLISH

    assert chinese_ranges("over the next 5-7 years", INTO_ENGLISH) == []
