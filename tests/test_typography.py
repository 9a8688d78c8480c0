"""Typography rules, each read back from a rendered PDF (pdfplumber) or Word file: no
hyphenated titles, headings or names; Chinese titles broken only where marked and never with
one character alone; a one-line running header; no contents page without headings; heading
rows kept with the next row side by side; justified Chinese never spreads digits or Latin
letters and never leaves one character on a last line; over-long words kept in their column
or reported.
"""

from __future__ import annotations

import re
import shutil
import sys
from io import BytesIO
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from diglot.diagnostics import Reporter
from diglot.pipeline import build
from diglot.writers import WriteContext, WriteError

from conftest import FIXTURES, REPO, layouts, pdftotext

sys.path.insert(0, str(REPO / "scripts"))
import measure_zh_flush  # noqa: E402

BUNDLED = "digital-economy-2024"
DECLARATION = "aldane-sea-fisheries-1948"
ZWSP = "\u200b"
# Punctuation that does not count as a character of its own on a line.
PUNCT = re.compile(
    r"[\s\u200b\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
    r"\uff5b-\uff65.,;:!?()\"”“’‘]"
)
LONG_WORDS = (
    "Internationalisation",
    "Counterrevolutionary",
    "Telecommunications",
    "Interoperability",
)
TOKEN = "Aldaneseafisheriesconservationcommissionregistrationnumberxy"
CELL_TOKEN = "Varnholmfisheriesregistryidentificationnumberforthecatchxyzz"  # another: the
assert len(TOKEN) == len(CELL_TOKEN) == 60  # lint names the unit whose text holds a line
ZH_TITLE = ZWSP.join(
    [
        "关于养护",
        "阿尔丹海",
        "渔业资源",
        "和海洋生态系统",
        "可持续利用",
        "以及加强",
        "区域合作机制",
        "的宣言",
    ]
)


def build_into(content: Path, out: Path) -> Path:
    reporter = Reporter()
    written = build(content, REPO / "templates", out, reporter)
    assert not reporter.errors, reporter.to_text()
    assert written
    return out


def edited_copy(tmp: Path, source: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of a fixture project with texts replaced: {lang: [(old, new)]}."""
    content = tmp / "content"
    shutil.copytree(source, content)
    for lang, pairs in edits.items():
        (path,) = (content / lang).glob("*.yaml")
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"fixture has no {old!r}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def bundled(built_bundled) -> Path:
    return built_bundled.out / BUNDLED


@pytest.fixture(scope="module")
def stress(tmp_path_factory, weasyprint) -> Path:
    """The declaration with a long title of long words (a Chinese one with marked break
    points) and long words in a heading: every edition builds."""
    tmp = tmp_path_factory.mktemp("stress")
    declaration = FIXTURES / "types" / "declaration" / "content"
    content = edited_copy(
        tmp,
        declaration,
        {
            "en": [
                (
                    "text: Declaration on the Conservation of the Fisheries of the Aldane Sea",
                    "text: Declaration on the " + " ".join(LONG_WORDS) + " of the Fisheries "
                    "Conservation Arrangements of the Aldane Sea and its Adjacent Waters",
                ),
                ("heading: Conservation Measures", "heading: " + " ".join(LONG_WORDS[::-1])),
            ],
            "zh": [("text: 关于养护阿尔丹海渔业资源的宣言", f"text: {ZH_TITLE}")],
        },
    )
    for lang in ("en", "zh"):  # no short title: the running head shortens the long one
        path = content / lang / f"{DECLARATION}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"  short-title:\n(    .*\n)+", "", text), encoding="utf-8")
    return build_into(content, tmp / "out") / DECLARATION


@pytest.fixture(scope="module")
def token(tmp_path_factory, weasyprint) -> dict:
    """The layouts (by edition: en, zh, en-zh) of the declaration with a 60-character
    token in a paragraph and another in a data table's first column, in both languages,
    for the tests that render them."""
    tmp = tmp_path_factory.mktemp("token")
    content = edited_copy(
        tmp,
        FIXTURES / "types" / "declaration" / "content",
        {
            "en": [
                (
                    "text: The purpose of this Declaration is to",
                    f"text: The purpose of this Declaration ({TOKEN}) is to",
                ),
                ("cells: [Republic of Varnholm,", f"cells: [{CELL_TOKEN},"),
            ],
            "zh": [
                ("text: 本宣言的宗旨是", f"text: 本宣言（{TOKEN}）的宗旨是"),
                ("cells: [瓦恩霍尔姆共和国,", f"cells: [{CELL_TOKEN}共和国,"),
            ],
        },
    )
    return {stem.rsplit(".", 1)[1]: layout for stem, layout in layouts(content).items()}


def lines(
    page, *, min_size=0.0, max_size=99.0, x0=0.0, x1=9999.0, spaces=False
) -> list[list[dict]]:
    """The page's lines of characters in a size and x range, top to bottom."""
    found: dict[int, list[dict]] = {}
    for char in page.chars:
        if (
            min_size <= char["size"] <= max_size
            and x0 <= char["x0"] < x1
            and (spaces or char["text"].strip())
        ):
            found.setdefault(round(char["top"]), []).append(char)
    return [sorted(found[top], key=lambda c: c["x0"]) for top in sorted(found)]


def text(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


def squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


# -- 1. titles, headings and names are never hyphenated --------------------------------------


@pytest.mark.parametrize("edition", ["en", "en-zh"])
def test_titles_and_headings_are_not_hyphenated(stress, edition):
    with pdfplumber.open(stress / f"{DECLARATION}.{edition}.pdf") as pdf:
        flat = squash("".join(page.extract_text() for page in pdf.pages)).lower()
        # the words did wrap: the title and the heading are on more than one line
        title_lines = lines(pdf.pages[0], min_size=15)
        assert len(title_lines) >= 3
    for word in LONG_WORDS:
        assert word.lower() in flat, f"{word} hyphenated or missing in the {edition} PDF"
    assert not re.search(r"[A-Za-z][\u2010-]\n", "\n".join(text(line) for line in title_lines))


@pytest.mark.parametrize("edition", ["en", "zh", "en-zh"])
def test_word_title_heading_and_name_styles_are_not_hyphenated(stress, edition):
    word = docx.Document(str(stress / f"{DECLARATION}.{edition}.docx"))
    used = {p.style.name for p in word.paragraphs if p.style is not None}
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                used |= {p.style.name for p in cell.paragraphs}
    checked = [
        name
        for name in used
        if re.match(
            r"(Title|Subtitle|Heading \d|Person Name"
            r"|List Label)",
            name,
        )
    ]
    assert any(name.startswith("Heading") for name in checked)
    for name in checked:
        ppr = word.styles[name].element.find(qn("w:pPr"))
        switch = ppr.find(qn("w:suppressAutoHyphens")) if ppr is not None else None
        assert switch is not None and switch.get(qn("w:val")) in ("1", "true"), name


# -- 2. Chinese titles break only where marked, never with one character alone ---------------


def title_line_texts(path: Path, min_size: float, x0: float = 0, x1: float = 9999) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [
            text(line).replace(ZWSP, "")
            for line in lines(pdf.pages[0], min_size=min_size, x0=x0, x1=x1)
        ]


@pytest.mark.parametrize("edition,min_size,x0", [("zh", 15, 0), ("en-zh", 15, 331)])
def test_chinese_title_breaks_only_at_marked_points(stress, edition, min_size, x0):
    found = title_line_texts(stress / f"{DECLARATION}.{edition}.pdf", min_size, x0)
    assert "".join(found) == ZH_TITLE.replace(ZWSP, "")
    assert len(found) >= 2
    segments = ZH_TITLE.split(ZWSP)
    breaks = {sum(len(s) for s in segments[:i]) for i in range(1, len(segments))}
    position = 0
    for line in found[:-1]:
        position += len(line)
        assert position in breaks, f"the title breaks inside a word: {found}"
    assert len(PUNCT.sub("", found[-1])) >= 2


def test_chinese_lines_never_end_a_text_with_one_character(bundled):
    """Headings and paragraphs of the bundled Chinese editions: no last line of one
    character (punctuation aside)."""
    for edition in ("zh", "en-zh"):
        with pdfplumber.open(bundled / f"{BUNDLED}.{edition}.pdf") as pdf:
            for page in pdf.pages:
                for line in lines(page, min_size=9.5, x0=331 if edition == "en-zh" else 0):
                    content = PUNCT.sub("", text(line))
                    if re.search(r"[\u4e00-\u9fff]", content):
                        assert len(content) > 1, (edition, page.page_number, text(line))


# -- 3. the running header never wraps ------------------------------------------------------


@pytest.mark.parametrize("edition", ["en", "zh", "en-zh"])
def test_running_header_is_one_line(stress, bundled, edition):
    for path in (stress / f"{DECLARATION}.{edition}.pdf", bundled / f"{BUNDLED}.{edition}.pdf"):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[1:]:
                header = lines(page, max_size=8.6, x1=page.width)
                header = [line for line in header if line[0]["top"] < 60]
                assert len(header) == 1, (path.name, page.page_number, [text(x) for x in header])
                chars = header[0]
                assert chars[0]["x0"] >= 50 and chars[-1]["x1"] <= page.width - 50
                assert all(b["x0"] >= a["x1"] - 0.5 for a, b in zip(chars, chars[1:]))
    word = docx.Document(str(stress / f"{DECLARATION}.{edition}.docx"))
    header = word.sections[0].header.paragraphs[0].text
    assert "…" in header  # the long title is shortened


# -- 4. no contents page without headings ---------------------------------------------------


def test_no_contents_page_without_headings(tmp_path, weasyprint):
    joint = FIXTURES / "types" / "joint-statement" / "content"
    content = edited_copy(
        tmp_path,
        joint,
        {
            "en": [
                ("    heading: Green and Smart Ports\n", ""),
                ("    heading: Implementation\n", ""),
            ],
            "zh": [("    heading: 绿色智慧港口\n", ""), ("    heading: 落实机制\n", "")],
        },
    )
    out = build_into(content, tmp_path / "out") / "harbour-cooperation-2025"
    for lang, label in (("en", "Contents"), ("zh", "目录")):
        with pdfplumber.open(out / f"harbour-cooperation-2025.{lang}.pdf") as pdf:
            assert not any(
                label.lower() in (page.extract_text() or "").lower() for page in pdf.pages
            )
            # page 2 starts the text itself
            assert pdf.pages[1].extract_text().strip()


def test_contents_from_the_headings_and_pages_the_type_gives(stress, long_declaration):
    """A declaration has contents from six headings and six pages: under the title on page
    1 (it has no title page) for a long one, none for the six articles of four pages."""
    with pdfplumber.open(stress / f"{DECLARATION}.en.pdf") as pdf:
        assert not any("contents" in (p.extract_text() or "").lower() for p in pdf.pages)
    with pdfplumber.open(long_declaration / f"{DECLARATION}.en.pdf") as pdf:
        first = pdf.pages[0].extract_text().lower()
        assert "contents" in first and first.index("declaration") < first.index("contents")
        assert squash("article 1 purpose") in squash(first)


# -- 5. side by side: a heading row stays on the page of the row that follows -----------------

ARTICLES = 36


@pytest.fixture(scope="module")
def long_declaration(tmp_path_factory, weasyprint) -> Path:
    """The declaration with 36 more articles, each a two-line heading and paragraphs of
    varying lengths, so that headings fall near page ends."""
    tmp = tmp_path_factory.mktemp("long")
    en, zh = [], []
    for i in range(1, ARTICLES + 1):
        n = f"{i:02d}"
        en.append(
            f"  - id: extra-{n}\n    heading: Provisions {n} on the Coordination of "
            f"Regional Fisheries Management and Conservation, Zone {n}\n"
            "    paragraphs:\n"
        )
        zh.append(
            f"  - id: extra-{n}\n    heading: 关于区域{n}渔业管理与养护协调工作的"
            f"规定之{n}\n    paragraphs:\n"
        )
        for k in range(1 + i % 3):
            sentences = 1 + (i * 7 + k * 3) % 6
            en.append(
                f"      - id: extra-{n}.p{k}\n        text: Clause {n} provides that "
                + "the participating States shall cooperate in good faith on the "
                "conservation of the fish stocks of the region. " * sentences + "\n"
            )
            zh.append(
                f"      - id: extra-{n}.p{k}\n        text: 第{n}条规定，"
                + "各参加国应本着诚意就本区域鱼类种群的养护开展合作。" * sentences
                + "\n"
            )
    declaration = FIXTURES / "types" / "declaration" / "content"
    content = edited_copy(
        tmp,
        declaration,
        {
            "en": [("\nsignatures:\n", "\n" + "".join(en) + "\nsignatures:\n")],
            "zh": [("\nsignatures:\n", "\n" + "".join(zh) + "\nsignatures:\n")],
        },
    )
    return build_into(content, tmp / "out") / DECLARATION


def test_side_by_side_pdf_heading_rows_stay_with_the_next_row(long_declaration):
    pages: dict[str, list[int]] = {}
    with pdfplumber.open(long_declaration / f"{DECLARATION}.en-zh.pdf") as pdf:
        for page in pdf.pages:
            left = squash(page.crop((0, 0, 331, page.height)).extract_text() or "").lower()
            right = squash(page.crop((331, 0, page.width, page.height)).extract_text() or "")
            if "....." in left:  # the contents' entries, with their leaders
                continue
            for i in range(1, ARTICLES + 1):
                n = f"{i:02d}"
                marks = {
                    "en-start": (left, f"provisions{n}"),
                    "en-end": (left, f"zone{n}"),
                    "zh-start": (right, f"关于区域{n}"),
                    "zh-end": (right, f"规定之{n}"),
                    "en-next": (left, f"clause{n}"),
                    "zh-next": (right, f"第{n}条"),
                }
                for name, (where, mark) in marks.items():
                    if mark in where:
                        pages.setdefault(f"{n} {name}", []).append(page.page_number)
        assert len(pdf.pages) >= 6
    for i in range(1, ARTICLES + 1):
        n = f"{i:02d}"
        found = {
            name: pages.get(f"{n} {name}", [])
            for name in ("en-start", "en-end", "zh-start", "zh-end", "en-next", "zh-next")
        }
        assert all(found.values()), (n, found)
        # the heading's first and last words in both columns, and the first lines of the row
        # that follows, on one page
        assert len({v[0] for v in found.values()}) == 1, f"article {n} heading split: {found}"


def test_side_by_side_word_heading_rows_stay_with_the_next_row(long_declaration):
    word = docx.Document(str(long_declaration / f"{DECLARATION}.en-zh.docx"))
    rows = [
        row
        for table in word.tables
        for row in table.rows
        if re.search(r"Provisions \d\d on", row.cells[0].text)
        and not row.cells[0].paragraphs[0].style.style_id.lower().startswith("toc")
    ]
    assert len(rows) == ARTICLES
    for row in rows:
        trpr = row._tr.find(qn("w:trPr"))
        assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                fmt = paragraph.paragraph_format
                style = paragraph.style
                keep = fmt.keep_with_next
                while keep is None and style is not None:
                    keep, style = style.paragraph_format.keep_with_next, style.base_style
                assert keep, paragraph.text


# -- 5b. side by side: the testimonium and the signatures on one page ------------------------

FILLERS = (0, 8, 16, 24)  # sentences added before the testimonium: its page end moves


def test_side_by_side_signatures_stay_together_with_the_testimonium(tmp_path, weasyprint):
    """Wherever the page ends near the close of the text, the testimonium and every signature
    block (three here) are on one page of the side-by-side PDF, in both columns, and a short
    row before the testimonium goes with it: never a signature alone on a page."""
    content = tmp_path / "content"
    source = FIXTURES / "types" / "declaration" / "content"
    shutil.copytree(source, content)
    fill = {
        "en": ("both texts being equally authentic.", " The Commission shall report every year."),
        "zh": ("两种文本同等作准。", "委员会应每年提出报告。"),
    }
    for lang, (end, sentence) in fill.items():
        text = (content / lang / f"{DECLARATION}.yaml").read_text(encoding="utf-8")
        (content / lang / f"{DECLARATION}.yaml").unlink()
        for n in FILLERS:
            at = text.index(end) + len(end)
            filled = text[:at] + sentence * n + text[at:]
            (content / lang / f"filler-{n:02d}.yaml").write_text(filled, encoding="utf-8")
    reporter = Reporter()
    build(content, REPO / "templates", tmp_path / "out", reporter, formats=["pdf"])
    assert not reporter.errors, reporter.to_text()
    together = (
        "Done at Port Merrow",
        "1948年6月17日订于梅罗港",
        "Anders Holm",
        "Marguerite Valle",
        "Tomas Brandt",
        "安德斯·霍尔姆",
        "玛格丽特·瓦莱",
        "托马斯·布兰特",
    )
    for n in FILLERS:
        pdf = tmp_path / "out" / f"filler-{n:02d}" / f"filler-{n:02d}.en-zh.pdf"
        with pdfplumber.open(pdf) as opened:
            pages = [squash(page.extract_text() or "") for page in opened.pages]
        found = {
            text: [i for i, page in enumerate(pages) if squash(text) in page] for text in together
        }
        assert len({tuple(where) for where in found.values()}) == 1, (n, found)
        if n == 0:  # the last article's short paragraph goes with them
            assert "本宣言以英文" in pages[found["Anders Holm"][0]]


# -- 6. justified Chinese never spreads digits or Latin letters ---------------------------------


def test_justified_chinese_does_not_spread_digits_or_latin(bundled):
    spread_cjk = solid = 0
    with pdfplumber.open(bundled / f"{BUNDLED}.zh.pdf") as pdf:
        for page in pdf.pages:
            for line in lines(page, min_size=10.5, max_size=11.5, spaces=True):
                for a, b in zip(line, line[1:]):
                    gap = b["x0"] - a["x1"]
                    if re.match(r"[A-Za-z0-9]", a["text"]) and re.match(r"[A-Za-z0-9]", b["text"]):
                        assert gap < 0.15, (page.page_number, text(line))  # kerning aside
                        solid += 1
                    elif re.match(r"[\u4e00-\u9fff]", a["text"] + b["text"]) and gap > 0.05:
                        spread_cjk += 1
    assert solid > 20 and spread_cjk > 100  # digits were met, and lines were justified


def test_chinese_body_lines_end_flush(bundled):
    full, flush, ragged, bad_starts = measure_zh_flush.measure(str(bundled / f"{BUNDLED}.zh.pdf"))
    assert full > 100 and flush == full and not bad_starts


# -- 7. no last line of one character in a Chinese paragraph ----------------------------------


def test_no_single_character_last_line(bundled):
    path = str(bundled / f"{BUNDLED}.zh.pdf")
    found, left, _ = measure_zh_flush.lines_of(path)
    kinds: list[str] = []
    for line in found:
        kinds.append(measure_zh_flush.classify(line, left, kinds[-1] if kinds else "other"))
    last_lines = [
        line
        for i, line in enumerate(found)
        if kinds[i].endswith("continuation")
        and not (i + 1 < len(kinds) and kinds[i + 1].endswith("continuation"))
    ]
    assert len(last_lines) > 20
    assert [line.text for line in last_lines if len(PUNCT.sub("", line.text)) < 2] == []


# -- 8. a word longer than its column wraps inside it or is reported ------------------------


def test_long_token_wraps_in_its_column_in_english(token):
    """The English edition, rendered and linted by the PDF writer, breaks both tokens inside
    the text area: the paragraph's and the data table's (whose column stays in the table)."""
    from diglot.writers.pdf import WRITER as PDF

    with pytest.raises(WriteError) as written:  # written, with the lint's warnings
        PDF.write(token["en"], WriteContext(REPO / "templates"))
    # a token longer than its line is broken inside (the paragraph's with hyphens, the
    # ragged cell's without): the lint says where
    found = {(d.code, d.unit) for d in written.value.diagnostics}
    assert found == {("typo.word-split", "allocation.table.varnholm")}, found
    pdf = written.value.data
    assert pdf
    seen = set()
    with pdfplumber.open(BytesIO(pdf)) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            shown = squash(page.extract_text() or "")
            seen |= {t for t in (TOKEN, CELL_TOKEN) if t[:12] in shown}
            right = page.width - 88.63  # the text area's right edge
            letters = [c for c in chars if c["text"].isascii() and c["text"].isalpha()]
            assert [text([c]) for c in letters if c["x1"] > right + 0.5] == [], page.page_number
            for line in lines(page):
                for a, b in zip(line, line[1:]):
                    # kerning ("To") aside, no character starts on another
                    assert b["x0"] >= a["x1"] - 1.0, (page.page_number, text(line))
    assert seen == {TOKEN, CELL_TOKEN}


@pytest.mark.parametrize("edition", ["zh", "en-zh"])
def test_long_token_in_a_chinese_table_is_reported_not_written(token, edition):
    """Chinese cells keep the CJK line breaking (no overflow-wrap: anywhere, which broke
    before closing punctuation), so a Latin token longer than a Chinese table's column
    widens the table past its column: the PDF writer refuses the edition and names the
    table's rows; the paragraph's token wraps (no finding in purpose.text). Side by side the
    table is too wide for its column and is set across both, where the token fits."""
    from diglot.tables import stacked
    from diglot.writers.pdf import WRITER as PDF

    if edition == "en-zh":  # too wide for its column: set across both, where the token fits
        (table,) = [b for b in token[edition].blocks() if b.role == "table"]
        assert stacked(token[edition], table)
        with pytest.raises(WriteError) as written:  # written, with the lint's warnings
            PDF.write(token[edition], WriteContext(REPO / "templates"))
        assert written.value.data
        codes = {d.code for d in written.value.diagnostics}
        assert "typo.word-split" in codes and not any(c.startswith("pdf.") for c in codes)
        return
    with pytest.raises(WriteError) as refused:
        PDF.write(token[edition], WriteContext(REPO / "templates"))
    found = {(d.code, d.unit) for d in refused.value.diagnostics}
    assert found >= {
        ("pdf.overflow", "allocation.table.head"),
        ("pdf.overflow", "allocation.table.varnholm"),
        ("pdf.overflow", "allocation.table.estrel"),
        ("pdf.overflow", "allocation.table.lessa"),
    }
    # (a line of a few characters, such as a cell's "40%", may be named by a unit whose
    # text holds the same characters; the paragraph's token itself wraps)
    assert {code for code, _ in found} == {"pdf.overflow"}
    assert ("pdf.overflow", "purpose.text") not in found
    for diagnostic in refused.value.diagnostics:  # each names the edition and the page
        assert diagnostic.message.startswith(f"{DECLARATION}.{edition}.pdf, page "), diagnostic


# -- seams: the justification runs inside a checked context ------------------------------------


def test_justification_applies_only_inside_its_context(weasyprint):
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    from diglot.writers import _cjk_justify

    before = (inline.count_expandable_spaces, line_break.Layout.set_text)
    with _cjk_justify.justified({"zh-hans"}):
        assert inline.count_expandable_spaces is not before[0]
        assert line_break.Layout.set_text is not before[1]
    assert (inline.count_expandable_spaces, line_break.Layout.set_text) == before


def test_justification_refuses_an_unexpected_weasyprint(monkeypatch, weasyprint):
    from diglot.writers import _cjk_justify

    monkeypatch.setitem(
        _cjk_justify.EXPECTED, "weasyprint.text.line_break.Layout.set_text", "0" * 64
    )
    with pytest.raises(_cjk_justify.UnexpectedWeasyPrint, match="Layout.set_text has changed"):
        with _cjk_justify.justified({"zh-hans"}):
            pass


ADDRESSES = [
    "https://opendata.cda.example.gov/coverage/2025",
    "https://statistics.example.org/broadband/regional-tables",
    "https://www.information-society.example.int/observatory/annual",
    "https://hydrology.example.net/amber/stations/discharge",
    "statistics.office@information-society.example.int",
    # longer than a line, with a hyphen every few letters: it must break, never at one
    "https://up-river.example.org/hydro-met/daily-flows/up-stream-gauge/read-outs/"
    "quality-controlled-series/2025-q1-to-q4",
]


def test_web_and_e_mail_addresses_are_never_hyphenated(tmp_path, weasyprint):
    """An address at a line's end breaks without a hyphen added (one would change it), in
    the English and the side-by-side PDF, however the lines fall."""
    joint = FIXTURES / "types" / "joint-statement" / "content"
    opening = "in Westhaven on March 13-14, 2025."
    sentence = " The sources are " + ", ".join(f"{a} (accessed daily)" for a in ADDRESSES) + "."
    zh_opening = "举行港口互联互通联合工作组（JWG）第三次会议。"
    zh_sentence = "资料来源为" + "、".join(f"{a}（每日访问）" for a in ADDRESSES) + "。"
    content = edited_copy(
        tmp_path,
        joint,
        {"en": [(opening, opening + sentence)], "zh": [(zh_opening, zh_opening + zh_sentence)]},
    )
    out = build_into(content, tmp_path / "out") / "harbour-cooperation-2025"
    for edition in ("en", "en-zh"):
        shown = pdftotext(out / f"harbour-cooperation-2025.{edition}.pdf")
        assert "\u2010" not in "".join(shown.split("accessed")[1:-1]), edition
        if edition == "en":  # nor at an address's own hyphen: is it part of the address?
            among = shown.split("The sources are")[1].split("(accessed daily).")[0]
            ends = [line for line in among.splitlines() if line.rstrip().endswith("-")]
            assert not ends, ends
        if edition == "en":  # (side by side, the text of the two columns interleaves)
            joined = re.sub(r"\s+", "", shown)
            for address in ADDRESSES:
                assert address in joined, address


def test_a_justified_paragraph_breaks_a_long_link_at_its_break_points(tmp_path, weasyprint):
    """A justified English paragraph planned as a whole knows an address's break points
    (its <wbr>s): a long linked address is broken at one, the line before it is filled, and
    no space is lost. The plan knew only the spaces: it set the address whole and a word
    alone on the line before, and WeasyPrint, led to breaks it could not make, printed
    `athttps://…` in a numbered item."""
    joint = FIXTURES / "types" / "joint-statement" / "content"
    url = "https://eval.marine-data-exchange.example/reports/2025/evaluation-round-1.pdf"
    opening = "in Westhaven on March 13-14, 2025."
    sentences = [
        f"Model names are given as published{more}; the evaluation report is available at "
        f"[{url}]({url})."
        for more in ("", " by their developers", " by the developers of each model")
    ]
    zh_opening = "举行港口互联互通联合工作组（JWG）第三次会议。"
    zh = "".join(f"模型名称按发布名称列出；评估报告见[{url}]({url})。" for _ in sentences)
    content = edited_copy(
        tmp_path,
        joint,
        {"en": [(opening, " ".join([opening, *sentences]))], "zh": [(zh_opening, zh_opening + zh)]},
    )
    out = build_into(content, tmp_path / "out") / "harbour-cooperation-2025"
    shown = pdftotext(out / "harbour-cooperation-2025.en.pdf")
    lines = shown.split("in Westhaven")[1].split("Recalling")[0].strip().splitlines()
    words = [line.split() for line in lines if line.strip()]
    assert all(len(line) > 1 for line in words[:-1]), lines  # no word alone on a line
    joined = re.sub(r"(?<=[/.-])\n|\n(?=[.-])", "", "\n".join(lines)).replace("\n", " ")
    for sentence in sentences:
        assert sentence.split(" [")[0].replace(f"[{url}]({url})", url) in joined, joined
    assert joined.count(f"available at {url}.") == 3, joined


def test_chinese_lines_around_addresses_and_links_have_no_holes(tmp_path, weasyprint):
    """A justified Chinese line followed by an address or a link that cannot break is
    spread by at most the largest spacing, and what follows moves by as much: no hole opens
    between the Chinese text and the address. An opening bracket never ends a line, and the
    characters before it may end one (they are not a text's last two)."""
    joint = FIXTURES / "types" / "joint-statement" / "content"
    zh_opening = "举行港口互联互通联合工作组（JWG）第三次会议。"
    linked = [
        f"双方将于近期开通共享门户网站（[{a}](https://{a}/zh/)），咨询请发送电子邮件至{b}。"
        for a, b in (
            ("flood-share.example.org", "secretariat@flood-share.example.org"),
            ("harbour-window.example.cn", "desk@harbour-window.example.cn"),
            ("port-data.example.int", "office@port-data.example.int"),
        )
    ]
    spaced = [f"资料来源为 {a} 所载数据，每日更新，供双方核对。" for a in ADDRESSES]
    hosts = ("flood-share.example.org", "harbour-window.example.cn", "port-data.example.int")
    english = (
        " ".join(f"A portal is at [{a}](https://{a}/zh/)." for a in hosts)
        + " "
        + " ".join(f"The data of {a} are checked daily by both sides." for a in ADDRESSES)
    )
    opening = "in Westhaven on March 13-14, 2025."
    content = edited_copy(
        tmp_path,
        joint,
        {
            "en": [(opening, f"{opening} {english}")],
            "zh": [(zh_opening, zh_opening + "".join(linked + spaced))],
        },
    )
    out = build_into(content, tmp_path / "out") / "harbour-cooperation-2025"
    with pdfplumber.open(out / "harbour-cooperation-2025.zh.pdf") as pdf:
        checked = 0
        for page in pdf.pages:
            for line in lines(page, min_size=10.5, max_size=11.5):
                assert text(line)[-1] not in "（(", (page.page_number, text(line))
                for a, b in zip(line, line[1:]):
                    gap = b["x0"] - a["x1"]
                    assert gap < 0.75 * a["size"], (page.page_number, text(line), a["text"])
                    checked += 1
    assert checked > 500


def test_an_address_in_chinese_text_breaks_only_at_its_break_points(tmp_path, weasyprint):
    """A line that starts inside an address (or a link) breaks at the address's next break
    point when the rest does not fit: never inside one of its words (`…org/catalog` /
    `ue维护`), nor at its own hyphens, in the Chinese and the side-by-side PDF. The sentences
    put the addresses at many places of their lines."""
    joint = FIXTURES / "types" / "joint-statement" / "content"
    zh_opening = "举行港口互联互通联合工作组（JWG）第三次会议。"
    hosts = [
        "https://data.kestrel-bay-institute.org/catalogue",
        "https://open-data.donghai-coastal.example.cn/datasets/tide-gauges",
        "secretariat@kestrel-bay-institute.example.org",
        "https://www.up-river.example.org/hydro-met/daily-flows",
    ]
    sentences = [
        "联合目录" + "甲" * (n % 9) + f"由{hosts[n % len(hosts)]}维护，并镜像至中心的开放数据门户。"
        for n in range(24)
    ]
    content = edited_copy(tmp_path, joint, {"zh": [(zh_opening, zh_opening + "".join(sentences))]})
    out = build_into(content, tmp_path / "out") / "harbour-cooperation-2025"
    broken = 0
    for edition in ("zh", "en-zh"):
        with pdfplumber.open(out / f"harbour-cooperation-2025.{edition}.pdf") as pdf:
            shown = []
            for page in pdf.pages:
                left = page.width / 2 if edition == "en-zh" else 0.0
                shown += [text(line) for line in lines(page, min_size=9, x0=left)]
        joined = "\n".join(shown)
        for host in hosts:
            pattern = "\n?".join(re.escape(c) for c in host)
            for found in re.finditer(pattern, joined):
                for at in (m.start() for m in re.finditer("\n", found.group())):
                    before, after = found.group()[at - 1], found.group()[at + 1]
                    assert not (before.isalnum() and after.isalnum()), (edition, found.group())
                    assert before != "-", (edition, found.group())
                    broken += 1
    assert broken > 20  # the addresses did break across lines, in both editions


def test_table_cells_break_between_words_and_are_never_hyphenated(tmp_path, weasyprint):
    """A data table's cells are set ragged: a Chinese cell (an institution's name) breaks
    only between its words, as titles do (北方滨海海洋与大气 / 研究院, never …大气研 / 究院),
    and an English one is never hyphenated (Insti-tute)."""
    from diglot.linebreak import Segmenter

    zh_name = "北方滨海海洋与大气研究院东港都市区水务与防洪管理局联合秘书处"
    en_name = "Northern Littoral Institute of Oceanographic and Atmospheric Research"
    content = edited_copy(
        tmp_path,
        FIXTURES / "types" / "declaration" / "content",
        {
            "en": [("cells: [Republic of Varnholm,", f"cells: [{en_name},")],
            "zh": [("cells: [瓦恩霍尔姆共和国,", f"cells: [{zh_name},")],
        },
    )
    out = build_into(content, tmp_path / "out") / DECLARATION
    allowed = set(Segmenter().breaks(zh_name))
    wrapped = 0
    for edition in ("zh", "en-zh"):
        shown = "\n".join(
            squash(line) for line in pdftotext(out / f"{DECLARATION}.{edition}.pdf").splitlines()
        )
        found = re.search("\n?".join(zh_name), shown)
        assert found, edition
        at = 0
        for part in found.group().split("\n")[:-1]:
            at += len(part)
            assert at in allowed, (edition, found.group())
            wrapped += 1
    assert wrapped >= 2  # the name did wrap, in both editions
    for edition in ("en", "en-zh"):
        shown = pdftotext(out / f"{DECLARATION}.{edition}.pdf")
        cell = shown[shown.index("Northern") : shown.index("Research") + 8]
        assert "\u2010" not in cell and not re.search(r"[a-z]-\n", cell), (edition, cell)


def test_signature_blocks_side_by_side_keep_their_names_level(tmp_path, weasyprint):
    """Two signature blocks side by side: a party that takes three lines beside one that
    takes one leaves the two signatories' names (and titles) on one level, and a double
    name breaks at a space, not at its hyphen. Side by side, a block's English and Chinese
    names stand level too, though the English party takes three lines and the Chinese one."""
    long_party = "the Republic of Varnholm and its Overseas Territories and Dependent Islands"
    content = edited_copy(
        tmp_path,
        FIXTURES / "types" / "declaration" / "content",
        {
            "en": [
                ("party: the Republic of Varnholm", f"party: {long_party}"),
                ("name: Marguerite Valle", "name: Professor Marguerite Montgomery-Valle"),
            ]
        },
    )
    out = build_into(content, tmp_path / "out") / DECLARATION
    with pdfplumber.open(out / f"{DECLARATION}.en.pdf") as pdf:
        page = next(p for p in pdf.pages if "Anders Holm" in (p.extract_text() or ""))
        words = page.extract_words()
        shown = page.extract_text()

    def top(text: str) -> float:
        return next(w["top"] for w in words if w["text"] == text)

    assert abs(top("Anders") - top("Professor")) < 1.0, shown
    assert abs(top("Minister") - top("Secretary")) < 1.0, shown
    assert "Montgomery-Valle" in shown and "Montgomery-\n" not in shown, shown
    with pdfplumber.open(out / f"{DECLARATION}.en-zh.pdf") as pdf:
        page = next(p for p in pdf.pages if "Anders Holm" in (p.extract_text() or ""))
        words = page.extract_words()
        english = top("Anders")
        chinese = next(w["top"] for w in words if w["text"].startswith("安德斯"))
        assert abs(english - chinese) < 2.0, (english, chinese)
        assert abs(top("Minister") - next(w["top"] for w in words if "渔业大臣" in w["text"])) < 2.0


def test_every_item_s_text_starts_where_its_lines_do_however_wide_its_number(tmp_path, weasyprint):
    """Sub-items numbered (i), (ii), (iii): the widest number, wider than the default hanging
    indent, widens the list's indent, so every item's first line starts where the others'
    and its own next lines do (not (iii)'s a little to the right)."""
    long = (
        "the number of days spent at sea by each vessel, by month and by fishing area, "
        "with the ports of landing and the gear used"
    )
    content = edited_copy(
        tmp_path,
        FIXTURES / "types" / "declaration" / "content",
        {"en": [("text: the number of days spent at sea.", f"text: {long}.")]},
    )
    out = build_into(content, tmp_path / "out") / DECLARATION
    with pdfplumber.open(out / f"{DECLARATION}.en.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    starts = [
        words[i + 1]["x0"] for i, w in enumerate(words) if w["text"] in ("(i)", "(ii)", "(iii)")
    ]
    assert len(starts) == 3 and max(starts) - min(starts) < 0.5, starts
    # the (iii) item's second line starts where its first line's text does
    at = next(i for i, w in enumerate(words) if w["text"] == "(iii)")
    second = next(w for w in words[at + 1 :] if w["top"] > words[at]["top"] + 3)
    assert abs(second["x0"] - starts[2]) < 0.5, (second, starts)


def test_a_title_s_lines_are_evenly_spaced_whatever_they_hold(tmp_path, weasyprint):
    """A title line that holds a compound (ASIA-/PACIFIC), a no-break span or a link stands
    no taller than the others: an inline element keeps its title's line height (the body's,
    set by the language's rule, made those lines taller in the side-by-side PDF)."""
    title = (
        "Declaration of the Asia-Pacific Fisheries Commission and the Aldane Sea Fisheries "
        "Council on the Conservation of Cross-Border Herring Stocks"
    )
    zh_title = "亚洲—太平洋渔业委员会和阿尔丹海渔业理事会关于养护跨界鲱鱼种群的宣言"
    content = edited_copy(
        tmp_path,
        FIXTURES / "types" / "declaration" / "content",
        {
            "en": [
                (
                    "text: Declaration on the Conservation of the Fisheries of the Aldane Sea",
                    f"text: {title}",
                )
            ],
            "zh": [("text: 关于养护阿尔丹海渔业资源的宣言", f"text: {zh_title}")],
        },
    )
    out = build_into(content, tmp_path / "out") / DECLARATION
    for edition in ("en", "en-zh"):
        with pdfplumber.open(out / f"{DECLARATION}.{edition}.pdf") as pdf:
            page = pdf.pages[0]
            right = page.width / 2 if edition == "en-zh" else page.width
            tops = [line[0]["top"] for line in lines(page, min_size=15, x1=right)]
        assert len(tops) >= 4, (edition, tops)
        pitches = [b - a for a, b in zip(tops, tops[1:])]
        assert max(pitches) - min(pitches) < 0.6, (edition, pitches)


def test_a_word_written_with_hyphens_breaks_only_at_them(bundled):
    """intermediate-range breaks after its hyphen or not at all: never as interme‐diate-range
    (a compound hyphenated a second time reads as a word broken twice)."""
    shown = pdftotext(bundled / f"{BUNDLED}.en.pdf").splitlines()
    hyphenated = 0
    for line, after in zip(shown, shown[1:]):
        if line.endswith("\u2010") and after.split():
            hyphenated += 1
            word = line.split()[-1] + after.split()[0]
            assert "-" not in word, word
    assert hyphenated > 3  # the text is hyphenated, elsewhere


def test_compounds_are_found_and_marked_never_hyphenated():
    from diglot.linebreak import compounds
    from diglot.writers._html_text import marked

    text = "A state-of-the-art, non-commercial U.S.-China 5-year plan: well-being."
    assert [text[a:b] for a, b in compounds(text)] == [
        "state-of-the-art",
        "non-commercial",
        "well-being",
    ]
    assert marked([], (), [], compounds("a non-commercial use"))("a non-commercial use", 0) == (
        'a <span class="compound">non-commercial</span> use'
    )


def test_page_one_is_numbered_unless_it_is_a_cover(bundled, tmp_path, weasyprint):
    """Without a cover the text starts on page 1, which is numbered as every other page is
    (as the side-by-side edition's page 1 is); a cover page is not numbered."""
    out = build_into(FIXTURES / "types" / "joint-statement" / "content", tmp_path / "out")
    name = "harbour-cooperation-2025"
    for lang, label in (("en", "Page 1 of"), ("zh", "第1页")):
        first = pdftotext(out / name / f"{name}.{lang}.pdf").split("\f")[0]
        assert label in first, (lang, first[-200:])
    pages = pdftotext(bundled / f"{BUNDLED}.en.pdf").split("\f")
    assert "Page 1 of" not in pages[0]
    assert "Page 2 of" in pages[1]


def test_a_chinese_signature_block_breaks_only_between_words(tmp_path, weasyprint):
    """A long party and signatory's title in a Chinese signature block break only between
    words, as titles do (…与海岸 / 工程局, never …与海 / 岸工程局), in the PDFs and on screen
    (a <wbr> at each word, keep-all), and the lint's word-break rule watches them."""
    from diglot.linebreak import Segmenter

    party = "北方滨海海洋与大气研究院东港都市区水务与防洪管理局联合秘书处"
    title = "北方滨海海洋与大气研究院水文气象海洋监测与海岸工程局常务副局长"
    content = edited_copy(
        tmp_path,
        FIXTURES / "types" / "declaration" / "content",
        {
            "zh": [
                ("party: 瓦恩霍尔姆共和国", f"party: {party}"),
                ("title: 渔业大臣", f"title: {title}"),
            ]
        },
    )
    out = build_into(content, tmp_path / "out") / DECLARATION
    wrapped = 0
    for wanted in (party + "代表", title):
        allowed = set(Segmenter().breaks(wanted))
        for edition in ("zh", "en-zh"):
            # the block's column: the left of the two blocks of a row, the Chinese column
            with pdfplumber.open(out / f"{DECLARATION}.{edition}.pdf") as pdf:
                shown = "\n".join(
                    squash(text(line))
                    for page in pdf.pages
                    for line in lines(
                        page,
                        min_size=8,
                        x0=page.width / 2 if edition == "en-zh" else 0,
                        x1=page.width / 2 if edition == "zh" else 9999,
                    )
                )
            found = re.search("\n?".join(wanted), shown)
            assert found, (edition, wanted)
            at = 0
            for part in found.group().split("\n")[:-1]:
                at += len(part)
                assert at in allowed, (edition, found.group())
                wrapped += 1
    assert wrapped >= 4  # both texts did wrap, in both editions
    page = (out / f"{DECLARATION}.zh.html").read_text(encoding="utf-8")
    shown_party = re.search(r'<p class="party">([^<]*(?:<wbr>[^<]*)+)</p>', page)
    assert shown_party and shown_party.group(1).replace("<wbr>", "") == party + "代表"
