"""The Word edition: text, styles, numbering, fonts, page furniture, metadata, reproducibility,
other document types, and what LibreOffice makes of it."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx.shared import Length, Pt
from lxml import etree

from diglot.align import language_status
from diglot.diagnostics import Reporter
from diglot.layout import build_layout
from diglot.versions import Version
from diglot.writers import marks
from diglot.writers.docx import render_docx

from conftest import FIXTURES, REPO, loaded, locale_of, pdftotext, word_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
LANGS = ("en", "zh")
TYPES = FIXTURES / "types"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def squash(text: str) -> str:
    return " ".join(text.split())


def project_layouts(content: Path) -> dict:
    """The first document of a project as layouts: each language alone, and all side by
    side ("both"), keyed by language tag."""
    reporter = Reporter()
    project = loaded(content, reporter)
    assert reporter.errors == [], reporter.to_text()
    pair = project.documents[0]
    source, target = project.languages.source, project.languages.get(pair.target.lang)
    locales = [locale_of(p, reporter) for p in (source, target)]
    assert reporter.errors == [], reporter.to_text()
    versions = (
        Version(source, language_status(pair.source, True)),
        Version(target, language_status(pair.target, False)),
    )
    return {
        source.tag: build_layout([pair.source], [source], locales[:1], versions),
        target.tag: build_layout([pair.target], [target], locales[1:], versions),
        "both": build_layout([pair.source, pair.target], [source, target], locales),
    }


@pytest.fixture(scope="module")
def layouts():
    return project_layouts(REPO / "content")


@pytest.fixture(scope="module")
def rendered(layouts):
    return {lang: render_docx(layouts[lang]) for lang in LANGS}


@pytest.fixture(scope="module")
def declaration():
    layouts = project_layouts(TYPES / "declaration" / "content")
    return layouts, {lang: render_docx(layouts[lang]) for lang in LANGS}


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def open_docx(data: bytes):
    return python_docx.Document(io.BytesIO(data))


def document_text(word) -> str:
    cells = [
        word_text(p) for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    return squash(" ".join([word_text(p) for p in word.paragraphs] + cells))


def style_element(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, f"no style {style_id}"
    return found


def blocks(layout, role: str) -> list:
    return [b for b in layout.blocks() if b.role == role]


def text_of(block, slot: str = "text", column: int = 0) -> str:
    return block.cells[column].slots[slot].plain


# -- content ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_unit_text_appears_in_order(lang, layouts, rendered):
    layout = layouts[lang]
    word = open_docx(rendered[lang])
    text = document_text(word)
    for unit in layout.columns[0].document.units():
        for field in unit.fields:
            assert squash(field.plain) in text, f"{unit.id}.{field.name} missing"
    body = " ".join(word_text(p) for p in word.paragraphs)
    position = 0
    for block in layout.blocks():
        field = block.cells[0].slots.get("heading") or block.cells[0].slots.get("text")
        if field is None:
            continue
        found = body.find(field.plain, position)
        assert found >= position, f"{block.id} out of order"
        position = found


@pytest.mark.parametrize("lang", LANGS)
def test_title_block_and_headings_use_named_styles(lang, layouts, rendered):
    word = open_docx(rendered[lang])
    layout = layouts[lang]
    title = layout.title[0]
    first = word.paragraphs[:3]
    assert [p.style.name for p in first] == ["Subtitle", "Title", "Date and Place"]
    assert word_text(first[0]) == title.units["series"].main.plain
    assert word_text(first[1]) == title.units["title"].main.plain
    assert word_text(first[2]) == f"{title.date}\n{title.units['place'].main.plain}"
    if lang == "zh":  # no Chinese line ends with one character alone: a word joiner
        assert first[1].text.endswith("文\u2060件")
    assert title.date == {"en": "October 2024", "zh": "2024年10月"}[lang]
    assert first[3 - 3].paragraph_format.page_break_before is None
    headings = [word_text(p) for p in word.paragraphs if p.style.name == "Heading 1"]
    expected = [
        text_of(b, "heading") for b in blocks(layout, "section") if b.cells[0].slots.get("heading")
    ]
    assert headings == expected and len(headings) == 8
    body = [word_text(p) for p in word.paragraphs if p.style.name == "Body Text"]
    assert body == [text_of(b) for b in blocks(layout, "paragraph")]
    # under the title the language status (the English is the original), then the draft's
    # date (this is a draft: built without a release)
    assert word.paragraphs[3].style.name == "Language Status"
    assert word_text(word.paragraphs[3]) == {"en": "Original: English", "zh": "原文：英文"}[lang]
    assert word.paragraphs[4].style.name == "Edition Status"
    assert word.paragraphs[4].text == marks.status(layout, None).lines[lang]
    # the title block has a page of its own, then the contents; the people start a page
    assert word.paragraphs[5].paragraph_format.page_break_before
    assert word.paragraphs[5].style.name == "TOC Heading"
    breaks = [word_text(p) for p in word.paragraphs if p.paragraph_format.page_break_before]
    assert breaks[2] == text_of(blocks(layout, "section")[-2], "heading")


@pytest.mark.parametrize("lang", LANGS)
def test_items_are_numbered_through_the_document(lang, layouts, rendered):
    word = open_docx(rendered[lang])
    layout = layouts[lang]
    # hung before its text in English; run in after the first-line indent in Chinese, as
    # each level of a Chinese official text is
    style, gap = {"en": ("List Item", "\t"), "zh": ("Run-in Item", "")}[lang]
    items = [p for p in word.paragraphs if p.style.name == style]
    expected = blocks(layout, "item")
    assert len(items) == len(expected) == 24
    assert [b.cells[0].number for b in expected] == [f"{n}." for n in range(1, 25)]
    assert [word_text(p) for p in items] == [
        f"{n}.{gap}{text_of(b)}" for n, b in enumerate(expected, 1)
    ]
    style = style_element(part(rendered[lang], "word/styles.xml"), "ListItem")
    ind = style.find("w:pPr/w:ind", NS)
    hanging = int(ind.get(w("hanging")))
    assert hanging > 0 and int(ind.get(w("left"))) == hanging
    assert int(style.find("w:pPr/w:tabs/w:tab", NS).get(w("pos"))) == hanging
    assert hanging == {"en": 440, "zh": 550}[lang]  # 2 em, 2.5 em of 11 pt
    labels = [word_text(p) for p in word.paragraphs if p.style.name == "List Label"]
    lists = blocks(layout, "list")
    assert labels == [b.cells[0].label for b in lists]
    assert (
        labels[:2]
        == {"en": ["Recommendation:", "Recommendations:"], "zh": ["建议：", "建议："]}[lang]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_people_tables(lang, layouts, rendered):
    word = open_docx(rendered[lang])
    layout = layouts[lang]
    locale = layout.columns[0].locale
    groups = [[c for c in b.children if c.role == "person"] for b in blocks(layout, "section")]
    groups = [g for g in groups if g]
    assert [len(t.rows) for t in word.tables] == [len(g) for g in groups] == [10, 11]
    xml_tables = part(rendered[lang], "word/document.xml").findall(".//w:tbl", NS)
    leaders = 0
    for table, tbl, people in zip(word.tables, xml_tables, groups):
        assert table.style.name == "Person Table"
        assert tbl.find("w:tblPr/w:tblStyle", NS).get(w("val")) == "PersonTable"
        widths = [int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert len(widths) == 2 and 0.25 < widths[0] / sum(widths) < 0.35
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in tbl.findall("w:tr", NS))
        for row, person in zip(table.rows, people):
            name, roles = (c.paragraphs[0] for c in row.cells)
            assert (name.style.name, roles.style.name) == ("Person Name", "Person Roles")
            assert word_text(name) == text_of(person, "name")
            mark = person.cells[0].slots.get("mark")
            expected = text_of(person, "roles")
            if mark:  # full-width "（" carries its own space
                leaders += 1
                expected += {"en": " ", "zh": ""}[lang] + locale.gettext("({leader})").replace(
                    "{leader}", mark.plain
                )
            assert word_text(roles) == expected
    assert leaders == 2


@pytest.mark.parametrize("lang", LANGS)
def test_no_direct_formatting_in_runs(lang, rendered):
    body = part(rendered[lang], "word/document.xml")
    for tag in ("b", "i", "sz", "rFonts", "color", "lang"):
        assert body.find(f".//w:r/w:rPr/w:{tag}", NS) is None, f"direct w:{tag} on a run"
    assert body.find(".//w:p/w:pPr/w:ind", NS) is None
    assert body.find(".//w:p/w:pPr/w:jc", NS) is None
    assert body.find(".//w:p/w:pPr/w:numPr", NS) is None  # numbers are the layout's own
    strong = body.findall(".//w:r/w:rPr/w:rStyle[@w:val='Strong']", NS)
    assert len(strong) == 2  # the two organisers in the first paragraph


def test_links_become_hyperlinks_and_bold_uses_strong(tree):
    tree.replace("en", "convened the dialogue", "convened [the dialogue](https://example.org/d)")
    data = render_docx(project_layouts(tree.content)["en"])
    body = part(data, "word/document.xml")
    # the one link to another document (the contents' entries link inside this one)
    (link,) = [h for h in body.findall(".//w:hyperlink", NS) if h.get(w("anchor")) is None]
    assert "".join(link.itertext()) == "the dialogue"
    assert link.find("w:r/w:rPr/w:rStyle", NS).get(w("val")) == "Hyperlink"
    rels = part(data, "word/_rels/document.xml.rels")
    rid = link.get(f"{{{NS['r']}}}id")
    (rel,) = [r for r in rels if r.get("Id") == rid]
    assert (rel.get("Target"), rel.get("TargetMode")) == ("https://example.org/d", "External")
    (bold,) = body.xpath(".//w:r[w:rPr/w:rStyle/@w:val='Strong']", namespaces=NS)
    assert "".join(bold.itertext()) == "National Committee on U.S.-China Relations"


# -- styles, fonts and language --------------------------------------------------------------

SERIF, SANS = ("Noto Serif", "Noto Serif CJK SC"), ("Noto Sans", "Noto Sans CJK SC")
FONTS = {
    "Normal": SERIF,
    "BodyText": SERIF,
    "ListItem": SERIF,
    "ListLabel": SERIF,
    "NumberedParagraph": SERIF,
    "DateandPlace": SERIF,
    "PersonRoles": SERIF,
    "PersonTable": SERIF,
    "DataTable": SERIF,
    "Closing": SERIF,
    "Title": SANS,
    "Subtitle": SANS,
    "Heading1": SANS,
    "Heading2": SANS,
    "PersonName": SANS,
}


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_and_languages_in_styles(lang, rendered):
    styles = part(rendered[lang], "word/styles.xml")
    rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    # a Chinese edition sets its Latin letters and digits in its Chinese face, as the PDF
    # does (one face per line and heading)
    latin_face = {"en": "Noto Serif", "zh": "Noto Serif CJK SC"}[lang]
    assert (fonts.get(w("ascii")), fonts.get(w("hAnsi")), fonts.get(w("eastAsia"))) == (
        latin_face,
        latin_face,
        "Noto Serif CJK SC",
    )
    language = rpr.find("w:lang", NS)
    # Latin text (and Latin words inside Chinese) en-US; East Asian text zh-CN where there
    # is any
    assert (language.get(w("val")), language.get(w("eastAsia"))) == {
        "en": ("en-US", None),
        "zh": ("en-US", "zh-CN"),
    }[lang]
    for style_id, (latin, east_asian) in FONTS.items():
        fonts = style_element(styles, style_id).find("w:rPr/w:rFonts", NS)
        own = east_asian if lang == "zh" else latin
        assert (fonts.get(w("ascii")), fonts.get(w("hAnsi")), fonts.get(w("eastAsia"))) == (
            own,
            own,
            east_asian,
        ), style_id
        assert (fonts.get(w("hint")) == "eastAsia") == (lang == "zh"), style_id
    xml = etree.tostring(styles).decode()
    assert not re.search(r"(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", xml)
    with zipfile.ZipFile(io.BytesIO(rendered[lang])) as package:
        assert "word/stylesWithEffects.xml" not in package.namelist()
        fonts_table = etree.fromstring(package.read("word/fontTable.xml"))
    charset = {
        f.get(w("name")): f.find("w:charset", NS).get(w("val"))
        for f in fonts_table.findall("w:font", NS)
        if f.find("w:charset", NS) is not None
    }
    # the Office face that stands in for each where Noto is missing (w:altName)
    alternative = {
        f.get(w("name")): f.find("w:altName", NS).get(w("val"))
        for f in fonts_table.findall("w:font", NS)
        if f.find("w:altName", NS) is not None
    }
    if lang == "en":
        assert charset["Noto Serif"] == "00"
        assert alternative == {"Noto Serif": "Times New Roman", "Noto Sans": "Arial"}
    if lang == "zh":
        assert "Noto Serif" not in charset
        assert charset["Noto Serif CJK SC"] == charset["Noto Sans CJK SC"] == "86"  # GB2312
        assert alternative == {"Noto Serif CJK SC": "SimSun", "Noto Sans CJK SC": "SimHei"}
        body = style_element(styles, "BodyText").find("w:rPr/w:lang", NS)
        assert (body.get(w("val")), body.get(w("eastAsia"))) == ("en-US", "zh-CN")
    assert (
        theme_fonts(rendered[lang])
        == {
            "en": {"minor": ("Times New Roman", ""), "major": ("Arial", "")},
            "zh": {"minor": ("SimSun", "SimSun"), "major": ("SimHei", "SimHei")},
        }[lang]
    )
    spacing = style_element(styles, "Normal").find("w:pPr/w:spacing", NS)
    assert spacing.get(w("lineRule")) == "auto"
    assert int(spacing.get(w("line"))) == {"en": 276, "zh": 312}[lang]  # 1.15, 1.3
    heading = style_element(styles, "Heading1")
    assert heading.find("w:pPr/w:keepNext", NS) is not None
    caps = heading.find("w:rPr/w:caps", NS)
    assert (caps is not None) == (lang == "en")  # headings_uppercase
    assert style_element(styles, "Normal").find("w:pPr/w:widowControl", NS) is not None
    jc = style_element(styles, "BodyText").find("w:pPr/w:jc", NS)
    assert jc.get(w("val")) == "both"
    settings = etree.tostring(part(rendered[lang], "word/settings.xml")).decode()
    assert ("autoHyphenation" in settings) == (lang == "en")


@pytest.mark.parametrize("lang", LANGS)
def test_first_line_indent_only_on_chinese_body_text(lang, rendered):
    styles = part(rendered[lang], "word/styles.xml")
    ind = style_element(styles, "BodyText").find("w:pPr/w:ind", NS)
    if lang == "zh":
        assert (ind.get(w("firstLineChars")), ind.get(w("firstLine"))) == ("200", "440")
    else:
        assert ind is None
    for style_id in (
        "Normal",
        "Title",
        "Subtitle",
        "Heading1",
        "ListLabel",
        "ListItem",
        "NumberedParagraph",
        "PersonName",
        "PersonRoles",
        "DateandPlace",
    ):
        found = style_element(styles, style_id).find("w:pPr/w:ind", NS)
        assert found is None or found.get(w("firstLineChars")) is None, style_id
        based = style_element(styles, style_id).find("w:basedOn", NS)
        assert based is None or based.get(w("val")) != "BodyText", style_id


@pytest.mark.parametrize("lang", LANGS)
def test_page_is_a4_with_the_pdf_text_width(lang, rendered):
    section = open_docx(rendered[lang]).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    width_mm = Length(section.page_width - section.left_margin - section.right_margin).mm
    assert 146 < width_mm < 148


# -- page furniture and metadata -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_footer_has_page_fields_and_translated_label(lang, layouts, rendered):
    section = open_docx(rendered[lang]).sections[0]
    footer = section.footer.paragraphs[0]
    with zipfile.ZipFile(io.BytesIO(rendered[lang])) as package:
        footers = [
            etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.startswith("word/footer")
        ]
    (fields,) = [f for f in footers if f.find(".//w:instrText", NS) is not None]
    instructions = [t.strip() for t in fields.xpath(".//w:instrText/text()", namespaces=NS)]
    assert instructions == ["PAGE", "NUMPAGES"]
    xml = etree.tostring(fields).decode()
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 2
    label = layouts[lang].columns[0].locale.gettext("Page {page} of {pages}")
    assert footer.text == label.replace("{page}", "1").replace("{pages}", "1")
    assert footer.text == {"en": "Page 1 of 1", "zh": "第1页，共1页"}[lang]
    assert section.different_first_page_header_footer
    title = layouts[lang].title[0]
    assert section.header.paragraphs[0].text == (
        f"{title.units['series'].main.plain}\t{title.units['title'].main.plain}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_core_properties(lang, layouts, rendered):
    props = open_docx(rendered[lang]).core_properties
    title = layouts[lang].title[0]
    series = title.units["series"].main.plain
    organisers = list(title.organisers)
    assert props.title == f"{title.units['title'].main.plain} · {series}"
    assert props.author == layouts[lang].columns[0].locale.gettext(", ").join(organisers)
    assert props.subject == series
    assert props.language == {"en": "en-US", "zh": "zh-CN"}[lang]
    assert props.last_modified_by == organisers[0]
    assert props.revision == 1
    for stamp in (props.created, props.modified, props.last_printed):
        assert (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute) == (2024, 10, 1, 0, 0)
    if lang == "zh":
        assert props.author == "美中关系全国委员会、中美绿色基金"


@pytest.mark.parametrize("lang", LANGS)
def test_two_renders_are_identical(lang, layouts, rendered):
    assert render_docx(layouts[lang]) == rendered[lang]
    with zipfile.ZipFile(io.BytesIO(rendered[lang])) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2024, 10, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


# -- other document types --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_declaration_numbers_articles_in_its_own_language(lang, declaration):
    layouts, rendered = declaration
    word = open_docx(rendered[lang])
    headings = [
        word_text(p).split("\n")[0].split("\u3000")[0]
        for p in word.paragraphs
        if p.style.name == "Heading 1"
    ]
    assert (
        headings[:3]
        == {"en": ["Article 1", "Article 2", "Article 3"], "zh": ["第一条", "第二条", "第三条"]}[
            lang
        ]
    )
    assert headings[-1] == {"en": "Annex I", "zh": "附件一"}[lang]
    first = next(p for p in word.paragraphs if p.style.name == "Heading 1")
    heading = next(b for b in blocks(layouts[lang], "section")).cells[0].slots["heading"]
    # the heading under a Latin number, on the line of a full-width one (第一条　宗旨)
    joint = {"en": "\n", "zh": "\u3000"}[lang]
    assert first.text.replace("\u2060", "") == f"{headings[0]}{joint}{heading.plain}"
    # numbers hang in English; in Chinese every level runs in after the two-character
    # indent (GB/T 9704: 1., （一）, ①)
    style = {"en": "Numbered Paragraph", "zh": "Run-in Paragraph"}[lang]
    numbered = [word_text(p) for p in word.paragraphs if p.style.name == style]
    assert numbered[0].startswith({"en": "1.\t", "zh": "1.各"}[lang])
    style = {"en": "List Item", "zh": "Run-in Item"}[lang]
    lettered = [word_text(p) for p in word.paragraphs if p.style.name == style]
    assert lettered[0].startswith({"en": "(a)\t", "zh": "（一）禁止"}[lang])
    style = {"en": "List Item 2", "zh": "Run-in Item 2"}[lang]
    roman = [word_text(p) for p in word.paragraphs if p.style.name == style]
    assert roman[0].startswith({"en": "(i)\t", "zh": "①"}[lang])
    assert "\t" not in roman[0] or lang == "en"
    styles = part(rendered[lang], "word/styles.xml")
    ind = {
        s: style_element(styles, s).find("w:pPr/w:ind", NS)
        for s in ("NumberedParagraph", "ListItem", "ListItem2", "RuninItem", "RuninItem2")
        if style_element(styles, s) is not None
    }
    indents = [int(ind[s].get(w("left"))) for s in ("NumberedParagraph", "ListItem", "ListItem2")]
    if lang == "en":
        assert indents == sorted(indents) and len(set(indents)) == 3  # nested deeper
    else:  # （一） runs in after two characters' indent, and so does a level inside it
        for style in ("RuninItem", "RuninItem2"):  # (GB/T 9704: every level at one indent)
            assert (ind[style].get(w("left")), ind[style].get(w("firstLine"))) == ("0", "440")
    # no title page: the text follows the title block after its 2.5 em, as in the PDF
    (status,) = [p for p in word.paragraphs if p.style.name == "Edition Status"]
    assert status.paragraph_format.space_after == Length(Pt(27.5))
    # the running head: the reference and the short title the document gives
    header = word.sections[0].header.paragraphs[0].text
    assert (
        header
        == {
            "en": "CASS/DEC/1948/2\tDeclaration on the Aldane Sea Fisheries",
            "zh": "CASS/DEC/1948/2\t阿尔丹海渔业资源宣言",
        }[lang]
    )
    # the testimonium after the articles, its last two characters joined in Chinese
    (testimonium,) = [p for p in word.paragraphs if p.style.name == "Testimonium"]
    assert (
        word_text(testimonium)
        == {
            "en": "Done at Port Merrow, on June 17, 1948, in the English and Chinese languages, "
            "both texts being equally authentic.",
            "zh": "1948年6月17日订于梅罗港，以中文和英文写成，两种文本同等作准。",
        }[lang]
    )
    assert testimonium.text.endswith({"en": "authentic.", "zh": "作\u2060准。"}[lang])
    # no title page (the title at the head of page 1); the annex starts a page, the
    # articles follow the preamble on the same page
    breaks = [word_text(p) for p in word.paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == 1 and breaks[0].startswith(headings[-1])


@pytest.mark.parametrize("lang", LANGS)
def test_declaration_table_has_a_repeating_header_row(lang, declaration):
    layouts, rendered = declaration
    word = open_docx(rendered[lang])
    (table,) = [t for t in word.tables if t.style.name == "Data Table"]
    (block,) = blocks(layouts[lang], "table")
    rows = [r.cells[0].slots["cells"] for r in block.children]
    assert [[c.text.replace("\u2060", "") for c in row.cells] for row in table.rows] == [
        [f.plain for f in cells] for cells in rows
    ]
    if lang == "zh":  # no cell ends with one character alone on its last line
        assert table.rows[0].cells[0].text == "参加\u2060国"
    assert table.style.name == "Data Table"
    assert [row.cells[0].paragraphs[0].style.name for row in table.rows] == ["Table Heading"] + [
        "Table Text"
    ] * (len(rows) - 1)
    trs = table._tbl.findall("w:tr", NS)
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs] == [True] + [False] * (
        len(rows) - 1
    )
    caption = block.cells[0].slots["caption"].plain
    assert any(word_text(p) == caption and p.style.name == "Caption" for p in word.paragraphs)


@pytest.mark.parametrize("lang", LANGS)
def test_a_document_dated_before_1980_builds(lang, declaration):
    """ZIP entries cannot carry a time before 1980: theirs is 1980-01-01; the document's
    printed date and its properties keep 1948."""
    layouts, rendered = declaration
    word = open_docx(rendered[lang])
    assert layouts[lang].title[0].date_iso == "1948-06-17"
    place = next(p for p in word.paragraphs if p.style.name == "Date and Place")
    assert place.text.split("\n")[0] == {"en": "June 17, 1948", "zh": "1948年6月17日"}[lang]
    with zipfile.ZipFile(io.BytesIO(rendered[lang])) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    created = word.core_properties.created
    assert (created.year, created.month, created.day) == (1948, 6, 17)
    assert render_docx(layouts[lang]) == rendered[lang]


def test_joint_statement_numbers_paragraphs_and_closes_with_place_and_date():
    layouts = project_layouts(TYPES / "joint-statement" / "content")
    for lang in LANGS:
        word = open_docx(render_docx(layouts[lang]))
        # Chinese enumerators run in after the two-character indent, as in the PDF
        style = {"en": "Numbered Paragraph", "zh": "Run-in Paragraph"}[lang]
        numbered = [word_text(p) for p in word.paragraphs if p.style.name == style]
        expected = [
            b.cells[0].number for b in blocks(layouts[lang], "paragraph") if b.cells[0].number
        ]
        assert [t.split("\t")[0][: len(n)] for t, n in zip(numbered, expected)] == expected
        assert expected[:2] == {"en": ["1.", "2."], "zh": ["一、", "二、"]}[lang]
        assert all("\t" not in t for t in numbered) == (lang == "zh")
        # points: a bullet hung in English, a dash lead run in in Chinese
        style = {"en": "List Item", "zh": "Run-in Item"}[lang]
        points = [word_text(p) for p in word.paragraphs if p.style.name == style]
        lead = {"en": "\u2022\t", "zh": "\u2014\u2014"}[lang]
        assert len(points) == 6 and all(t.startswith(lead) for t in points)
        closing = word.paragraphs[-1]
        assert closing.style.name == "Closing"
        assert word_text(closing) == layouts[lang].title[0].closing
        if lang == "zh":  # not 文 alone on the last line
            assert closing.text.endswith("黑\u2060文")
        assert [p.style.name for p in word.paragraphs[:2]] == ["Title", "Document Subtitle"]


def test_traditional_chinese_takes_its_profile():
    layouts = project_layouts(FIXTURES / "zh-hant" / "content")
    data = render_docx(layouts["zh-Hant"])
    styles = part(data, "word/styles.xml")
    fonts = style_element(styles, "BodyText").find("w:rPr/w:rFonts", NS)
    assert (fonts.get(w("ascii")), fonts.get(w("eastAsia"))) == (
        "Noto Serif CJK TC",
        "Noto Serif CJK TC",
    )
    language = style_element(styles, "BodyText").find("w:rPr/w:lang", NS)
    assert (language.get(w("val")), language.get(w("eastAsia"))) == ("en-US", "zh-TW")
    assert open_docx(data).core_properties.language == "zh-TW"
    fonts_table = etree.tostring(part(data, "word/fontTable.xml")).decode()
    assert re.search(
        r'w:name="Noto Serif CJK TC"><w:altName w:val="PMingLiU"/><w:charset w:val="88"/>',
        fonts_table,
    )
    # the theme's fonts: 新細明體 (PMingLiU) for the body, 微軟正黑體 for the headings
    assert theme_fonts(data) == {
        "minor": ("PMingLiU", "PMingLiU"),
        "major": ("Microsoft JhengHei", "Microsoft JhengHei"),
    }


def theme_fonts(data: bytes) -> dict[str, tuple[str, str]]:
    """The theme's body (minor) and heading (major) fonts: Latin, East Asian."""
    theme = part(data, "word/theme/theme1.xml")
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    return {
        kind: tuple(theme.find(f".//{a}{kind}Font/{a}{s}").get("typeface") for s in ("latin", "ea"))
        for kind in ("minor", "major")
    }


# -- LibreOffice -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(rendered, soffice, tmp_path_factory) -> Path:
    """Both editions converted by LibreOffice to PDF (and the Chinese to flat ODT, to see
    which fonts it resolved), with a fresh profile so that parallel runs do not clash."""
    root = tmp_path_factory.mktemp("docx-lo")
    files = []
    for lang in LANGS:
        files.append(root / f"edition.{lang}.docx")
        files[-1].write_bytes(rendered[lang])
    profile = soffice.profile()
    soffice.convert("pdf", root, *files, profile=profile)
    soffice.convert("fodt", root, files[1], profile=profile)
    return root


def loose(text: str) -> re.Pattern:
    """The text as LibreOffice may have broken it into lines: at a space, before or after
    punctuation (a dash, a hyphen), or inside a word with a hyphen added."""
    out = []
    for here, after in zip(text, text[1:] + " "):
        if here == " ":
            out.append(r"\s+")
        elif here.isalnum():
            out.append(re.escape(here))
            if here.isalpha() and after.isalpha():
                out.append("(?:[-\u00ad]\\s+)?")
        else:
            out.append(r"\s*" + re.escape(here) + r"\s*")
    return re.compile("".join(out))


@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_pdf_has_every_item_with_its_number(lang, layouts, converted):
    text = pdftotext(converted / f"edition.{lang}.pdf")
    items = blocks(layouts[lang], "item")
    if lang == "zh":  # the number runs into its text, after the first-line indent
        numbers = re.findall(r"(?m)^\s*(\d+\.)(?=[^\W\d_])", text)
        assert numbers == [b.cells[0].number for b in items]
    for block in items:
        number = block.cells[0].number
        if lang == "zh":
            whole = number + re.sub(r"\s", "", text_of(block))
            assert whole in re.sub(r"\s", "", text), block.id
        else:
            pattern = rf"(?<![\d.]){re.escape(number)}\s+" + loose(squash(text_of(block))).pattern
            assert re.search(pattern, text), block.id


def pdffonts(pdf: Path) -> list[str]:
    lines = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines]


def asian_families(flat: str) -> set[str]:
    """The families of the East Asian fonts a LibreOffice flat ODT sets (a face used both as
    a Western and an Asian font is declared twice, "Noto Serif CJK SC" and "… SC1")."""
    family = {
        name: face.replace("&apos;", "")
        for name, face in re.findall(
            r'<style:font-face style:name="([^"]*)" svg:font-family="([^"]*)"', flat
        )
    }
    return {family.get(n, n) for n in re.findall(r'style:font-name-asian="([^"]*)"', flat)}


def test_libreoffice_embeds_the_fonts_the_styles_name(converted):
    english, chinese = (pdffonts(converted / f"edition.{lang}.pdf") for lang in LANGS)
    assert any(name.startswith("NotoSerif-") for name in english)
    assert any(name.startswith("NotoSans-") for name in english)
    assert not any("CJK" in name for name in english)
    # LibreOffice names an embedded face from the CFF table that every face of the Noto CJK
    # collection shares ("NotoSerifCJKjp-Regular-VKana"), whichever face it used ...
    assert any(name.startswith("NotoSerifCJK") for name in chinese)
    assert any(name.startswith("NotoSansCJK") for name in chinese)
    # ... so which face it used is read from its own conversion of the Chinese edition.
    flat = (converted / "edition.zh.fodt").read_text(encoding="utf-8")
    asian = asian_families(flat)
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC"} <= asian
    assert not {name for name in asian if "CJK" in name and not name.endswith(" SC")}


def test_the_style_index_answers_as_python_docx_does():
    from docx.enum.style import WD_STYLE_TYPE

    from diglot import wordml

    ours, theirs = python_docx.Document(), python_docx.Document()
    for name, kind in (("Body zh", WD_STYLE_TYPE.PARAGRAPH), ("Latin", WD_STYLE_TYPE.CHARACTER)):
        made = wordml.add_style(ours, name, kind)
        assert made.name == name and made.type == kind
        theirs.styles.add_style(name, kind)
    with pytest.raises(ValueError):
        wordml.add_style(ours, "Heading 1", WD_STYLE_TYPE.PARAGRAPH)  # taken, as python-docx says
    names = ["Normal", "Heading 1", "Title", "Body zh", "Latin", "Default Paragraph Font"]
    for name in [*names, "No Such Style"]:
        assert wordml.has_style(ours, name) == (name in theirs.styles), name
    for name in names:
        assert wordml.style(ours, name).style_id == theirs.styles[name].style_id
    with pytest.raises(KeyError):
        wordml.style(ours, "No Such Style")
    wordml.cache_style_ids(ours)
    for name in names:  # the default style of a type is given as none, as python-docx does
        for kind in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            try:
                expected = theirs.part.get_style_id(name, kind)
            except ValueError:  # a style of the other type
                with pytest.raises(ValueError):
                    ours.part.get_style_id(name, kind)
                continue
            assert ours.part.get_style_id(name, kind) == expected, (name, kind)
    assert ours.part.get_style_id("Normal", WD_STYLE_TYPE.PARAGRAPH) is None
    assert ours.part.get_style_id("Heading 1", WD_STYLE_TYPE.PARAGRAPH) == "Heading1"


@pytest.mark.project(templates=True)
def test_a_title_longer_than_a_word_property_is_cut_short_not_a_failed_build(project, cli):
    """Word's core properties hold at most 255 characters (python-docx refuses more): a long
    title, and the side-by-side edition's two titles joined, are cut with an ellipsis."""
    long_en = "Memorandum of Understanding " + "on Cooperation in Water Resources " * 6
    long_zh = "关于水资源合作的谅解备忘录" * 20
    for lang, long in (("en", long_en.strip()), ("zh", long_zh)):
        path = project / "content" / lang / "memo.yaml"
        text = path.read_text(encoding="utf-8")
        old = {"en": "text: Consensus Agreement\n", "zh": "text: 共识文件\n"}[lang]
        assert old in text
        path.write_text(text.replace(old, f"text: {long}\n", 1), encoding="utf-8")
    ran = cli("build", "--format", "docx")
    assert ran.code == 0, ran.out + ran.err
    for edition, start in (("en", "MEMORANDUM OF UNDERSTANDING"), ("zh", "关于"), ("en-zh", "")):
        title = open_docx((project / "build" / "memo" / f"memo.{edition}.docx").read_bytes())
        title = title.core_properties.title
        assert len(title) == 255 and title.endswith("\u2026"), title
        assert title.upper().startswith(start) or not start


def test_no_empty_space_after_a_table_before_a_new_page():
    """The empty paragraph that spaces a table from what follows is dropped when what
    follows starts a new page (at a page's foot it made a page of its own, blank); it stays
    before anything else."""
    import docx as python_docx

    from diglot import wordml

    word = python_docx.Document()
    for breaks in (True, False):
        word.add_table(rows=1, cols=1)
        word.add_paragraph()  # the space after the table
        word.add_paragraph("Annex").paragraph_format.page_break_before = breaks
    wordml.drop_spaces_before_page_breaks(word)
    body = [child.tag.rsplit("}", 1)[1] for child in word.element.body]
    texts = [p.text for p in word.paragraphs]
    assert body[:5] == ["tbl", "p", "tbl", "p", "p"], body
    assert texts == ["Annex", "", "Annex"], texts


ADDRESS_TEXT = {
    "en": (
        " The exchange programmes are listed at https://ports.westhaven-lingbei.example.org/"
        "joint-working-group/exchange-programmes/professional-staff-exchanges.html and"
        " enquiries go to exchanges-desk@port-authority.westhaven-lingbei.example.int or"
        " to the secretariat of the JWG."
    ),
    "zh": (
        "交流项目安排公布于https://ports.westhaven-lingbei.example.org/joint-working-group/"
        "exchange-programmes/professional-staff-exchanges.html，咨询请发送电子邮件至"
        "exchanges-desk@port-authority.westhaven-lingbei.example.int或联合工作组秘书处。"
    ),
}


EDITIONS = ("en", "zh", "en-zh")


def address_word(paragraph_text: str):
    """A Word paragraph written by the Word writers' runs from a text (a link around its
    first address), and the document, with the character styles the runs name."""
    from docx.enum.style import WD_STYLE_TYPE

    from diglot import inline
    from diglot.writers.docx_parts import write_spans

    word = python_docx.Document()
    word.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    paragraph = word.add_paragraph()
    write_spans(paragraph, inline.parse(paragraph_text).spans)
    return word, paragraph


def test_an_address_breaks_only_where_a_typesetter_breaks_one_and_reads_back_as_written():
    """Word and LibreOffice break a line only where an address may break
    (linebreak.address_lines: after a slash, before a dot, the @ or a hyphen): a zero-width space
    marks each such place, and a word joiner holds each hyphen of its own to what follows
    (Word's non-breaking hyphen made LibreOffice break inside a word); a hyphen elsewhere
    stays as it is. Reading the file back gives the text as written: the marks are runs of
    their own that the reader drops, while a zero-width space an author typed stays; a
    link keeps its target."""
    from diglot.linebreak import address_lines
    from diglot.wordml.read import _runs, hyperlink_targets

    url = "https://ports.westhaven-lingbei.example.org/joint-working-group/index.html"
    mail = "exchanges-desk@port-authority.example.int"
    typed = "双方\u200b同意。"  # an author's break hint
    text = f"{typed}See [the list]({url}) at {url} or write to {mail}, a well-known desk."
    word, paragraph = address_word(text)
    shown = paragraph.text
    for address in (url, mail):
        _, breaks = address_lines(address)
        assert breaks, address
        marked = "".join(
            ("\u200b" if i in breaks else "") + char + ("\u2060" if char == "-" else "")
            for i, char in enumerate(address)
        )
        assert marked in shown, (address, shown)
    assert shown.startswith(typed) and shown.endswith(" a well-known desk.")
    out = io.BytesIO()
    word.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        entries = {name: package.read(name) for name in package.namelist()}
    links = hyperlink_targets(entries)
    assert list(links.values()) == [url]
    found: list = []
    (body,) = etree.fromstring(entries["word/document.xml"]).iter(w("p"))
    _runs(body, links, None, found, "accepted")
    assert "".join(t for t, _, _ in found) == text.replace(f"[the list]({url})", "the list")
    assert [(t, href) for t, _, href in found if href] == [("the list", url)]


@pytest.fixture(scope="module")
def addressed(soffice, tmp_path_factory) -> Path:
    """The joint statement with addresses in a paragraph (ADDRESS_TEXT), its Word editions
    (each language and side by side) converted by LibreOffice to PDF."""
    import shutil

    from diglot.writers.docx_side_by_side import render_side_by_side_docx

    root = tmp_path_factory.mktemp("docx-addresses")
    content = root / "content"
    shutil.copytree(TYPES / "joint-statement" / "content", content)
    for lang, added in ADDRESS_TEXT.items():
        (path,) = (content / lang).glob("*.yaml")
        text = path.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if "id: implementation.exchanges" in x)
        after = text.split(line, 1)[1].split("\n", 2)[1]
        assert "text: " in after, after
        text = text.replace(after, f"{after}{added}", 1)
        path.write_text(text, encoding="utf-8")
    layouts = project_layouts(content)
    files = []
    for lang in LANGS:
        files.append(root / f"edition.{lang}.docx")
        files[-1].write_bytes(render_docx(layouts[lang]))
    files.append(root / "edition.en-zh.docx")
    files[-1].write_bytes(render_side_by_side_docx(layouts["both"]))
    soffice.convert("pdf", root, *files)
    return root


def column_lines(pdf: Path, word, boundary: float | None = None) -> dict[str, str]:
    """A converted edition's lines inside its page margins (pdfplumber), page after page,
    one text per column: all of the page, or left and right of boundary (points from the
    left edge); the side-by-side edition's header row of the languages' names left out."""
    import pdfplumber

    section = word.sections[0]
    top = Length(section.top_margin).pt
    bottom = Length(section.page_height).pt - Length(section.bottom_margin).pt
    found: dict[str, list[str]] = {}
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            areas: dict[str, tuple[float, float]] = {"all": (0, page.width)}
            if boundary is not None:
                areas = {"en": (0, boundary), "zh": (boundary, page.width)}
            for name, (x0, x1) in areas.items():
                text = page.crop((x0, top, x1, bottom)).extract_text() or ""
                lines = text.splitlines()
                if boundary is not None and lines and lines[0] in ("English", "中文"):
                    lines = lines[1:]
                found.setdefault(name, []).extend(lines)
    return {name: "\n".join(lines) for name, lines in found.items()}


def address_line_breaks(text: str, address: str) -> list[int]:
    """Where the lines of a text break inside an address (offsets into the address, as
    linebreak.address_lines gives them); the address must be there."""
    pattern = "".join(
        re.escape(c) + (r"(\s*)" if i < len(address) - 1 else "") for i, c in enumerate(address)
    )
    found = re.search(pattern, text)
    assert found, f"{address} not found in {text!r}"
    return [i + 1 for i, gap in enumerate(found.groups()) if "\n" in gap]


def test_libreoffice_breaks_an_address_only_where_it_may_break(addressed):
    """In every Word edition, converted by LibreOffice, a line ends inside a web or e-mail
    address only where linebreak.address_lines lets it (after a slash, before a dot or the
    @): never inside a word (qing-e|stuary, exa|mple.gov.cn) nor at its own hyphens."""
    from diglot.linebreak import address_lines, urls

    words = {e: open_docx((addressed / f"edition.{e}.docx").read_bytes()) for e in EDITIONS}
    left = Length(words["en-zh"].sections[0].left_margin).pt
    boundary = left + Length(words["en-zh"].tables[0].columns[0].width).pt
    side_by_side = column_lines(addressed / "edition.en-zh.pdf", words["en-zh"], boundary)
    texts = {
        "en": column_lines(addressed / "edition.en.pdf", words["en"])["all"],
        "zh": column_lines(addressed / "edition.zh.pdf", words["zh"])["all"],
        "en-zh, en": side_by_side["en"],
        "en-zh, zh": side_by_side["zh"],
    }
    broken = 0
    for name, text in texts.items():
        written = ADDRESS_TEXT[name[-2:]]
        for start, end in urls(written):
            address = written[start:end]
            found = address_line_breaks(text, address)
            assert set(found) <= set(address_lines(address)[1]), (name, address, found)
            broken += len(found)
    assert broken >= 4  # the addresses did run across lines


NARROW_TABLE = {  # a table of six columns, four of them figures a few characters wide
    "allocation.table.head": '["Participating State", "Delegation", "1949", "1950", "1951", '
    '"Total"]',
    "allocation.table.varnholm": '["Republic of Varnholm and its northern fishing banks", '
    '"Varnholm Directorate of Fisheries and Coastal Affairs", "14.20", "18.65", "21.40", '
    '"54.25"]',
    "allocation.table.estrel": '["Kingdom of Estrel and its western continental shelf", '
    '"Royal Estrel Office for Marine Resources and Fleet Licensing", "17.50", "18.10", '
    '"19.40", "55.00"]',
    "allocation.table.lessa": '["Free City of Lessa and the waters of its inner sound", '
    '"Lessa Harbour Board and Municipal Fishing Cooperative", "12.50", "11.20", "10.75", '
    '"34.45"]',
}


def test_a_table_column_is_never_narrower_than_its_widest_figure_or_word(soffice, tmp_path):
    """A data table's column is at least as wide as its widest unbreakable piece (a figure,
    a word) set in its cell's font, the others sharing the rest: LibreOffice sets every
    figure of narrow year columns whole (it broke 14.2|0 inside the number)."""
    import shutil

    import pdfplumber

    content = tmp_path / "content"
    shutil.copytree(TYPES / "declaration" / "content", content)
    for lang in LANGS:
        (path,) = (content / lang).glob("*.yaml")
        text = path.read_text(encoding="utf-8")
        for unit, cells in NARROW_TABLE.items():
            text, count = re.subn(rf"(id: {re.escape(unit)}\n\s+cells: ).*", r"\g<1>" + cells, text)
            assert count == 1, (lang, unit)
        path.write_text(text, encoding="utf-8")
    layouts = project_layouts(content)
    data = render_docx(layouts["en"])
    (tbl,) = [
        t for t in part(data, "word/document.xml").iter(w("tbl")) if len(t.find(w("tblGrid"))) == 6
    ]
    widths = [int(c.get(w("w"))) for c in tbl.find(w("tr")).iter(w("tcW"))]
    assert sum(widths) > 0 and min(widths[2:]) > 0
    (tmp_path / "edition.en.docx").write_bytes(data)
    soffice.convert("pdf", tmp_path, tmp_path / "edition.en.docx")
    with pdfplumber.open(tmp_path / "edition.en.pdf") as document:
        words = {x["text"] for page in document.pages for x in page.extract_words()}
    figures = {f for cells in NARROW_TABLE.values() for f in re.findall(r"\d+(?:\.\d+)?", cells)}
    assert figures <= words, sorted(figures - words)
    for word in ("Participating", "Delegation", "Varnholm", "Cooperative"):
        assert word in words, word


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("有效期为2026—2035年。", "2026\u2060—\u20602035\u2060年"),
        ("为期5～7年", "5\u2060～\u20607\u2060年"),
        ("on 3–4 November 2026", "3\u2060–\u20604\u00a0November"),
    ],
)
def test_a_range_of_numbers_is_held_together_at_its_dash(text, shown):
    """Word and LibreOffice break before and after a dash: a range (linebreak.joins) gets a
    word joiner on each side of its dash, so that no line ends at '2026—'."""
    _, paragraph = address_word(text)
    assert shown in paragraph.text
