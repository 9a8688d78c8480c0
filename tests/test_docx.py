"""The Word edition: text, styles, numbering, fonts, page furniture, metadata, reproducibility,
and what LibreOffice makes of it."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx.shared import Length
from lxml import etree

from diglot.diagnostics import Reporter
from diglot.model import RecommendationList
from diglot.project import load_project
from diglot.render.docx import render_docx

from conftest import pdftotext

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
LANGS = ("en", "zh")
SOFFICE_TIMEOUT = 120


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def documents(pair):
    return {lang: getattr(pair, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def rendered(documents, locales):
    return {lang: render_docx(documents[lang], locales[lang]) for lang in LANGS}


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def open_docx(data: bytes):
    return python_docx.Document(io.BytesIO(data))


def document_text(word) -> str:
    cells = [p.text for t in word.tables for row in t.rows for c in row.cells
             for p in c.paragraphs]
    return squash(" ".join([p.text for p in word.paragraphs] + cells))


def style_element(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, f"no style {style_id}"
    return found


def recommendations(document):
    return [u for s in document.sections for b in s.blocks if isinstance(b, RecommendationList)
            for u in b.items]


# -- content ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_unit_text_appears_in_order(lang, documents, rendered):
    text = document_text(open_docx(rendered[lang]))
    for unit in documents[lang].units():
        for field in unit.fields:
            assert squash(field.plain) in text, f"{unit.id}.{field.name} missing"
    body = " ".join(p.text for p in open_docx(rendered[lang]).paragraphs)
    position = 0
    for section in documents[lang].sections:
        for unit in ([section.heading] if section.heading else []) + [
                u for b in section.blocks
                for u in (b.items if isinstance(b, RecommendationList) else (b,))]:
            found = body.find(unit.main.plain, position)
            assert found >= position, f"{unit.id} out of order"
            position = found


@pytest.mark.parametrize("lang", LANGS)
def test_title_block_and_headings_use_named_styles(lang, documents, locales, rendered):
    word = open_docx(rendered[lang])
    tb = documents[lang].title_block
    first = word.paragraphs[:3]
    assert [p.style.name for p in first] == ["Subtitle", "Title", "Date and Place"]
    assert first[0].text == tb.series.main.plain
    assert first[1].text == tb.title.main.plain
    assert first[2].text == f"{locales[lang].format_date(tb.date)}\n{tb.place.main.plain}"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    expected = [s.heading.main.plain for s in documents[lang].sections if s.heading] + [
        d.heading.main.plain for d in documents[lang].delegations]
    assert headings == expected
    body = [p.text for p in word.paragraphs if p.style.name == "Body Text"]
    paragraphs = [b.main.plain for s in documents[lang].sections for b in s.blocks
                  if not isinstance(b, RecommendationList)]
    assert body == paragraphs


@pytest.mark.parametrize("lang", LANGS)
def test_recommendations_are_numbered_through_the_document(lang, documents, locales, rendered):
    word = open_docx(rendered[lang])
    items = [p for p in word.paragraphs if p.style.name == "Recommendation"]
    expected = recommendations(documents[lang])
    assert len(items) == len(expected) == 24
    assert [p.text for p in items] == [u.main.plain for u in expected]
    num_ids = set()
    body = part(rendered[lang], "word/document.xml")
    numbered = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='Recommendation']", namespaces=NS)
    assert len(numbered) == 24
    for p in numbered:
        numpr = p.find("w:pPr/w:numPr", NS)
        assert numpr is not None
        assert numpr.find("w:ilvl", NS).get(w("val")) == "0"
        num_ids.add(numpr.find("w:numId", NS).get(w("val")))
    assert len(num_ids) == 1, "one list: numbers continue 1..24 like the HTML edition"
    (num_id,) = num_ids
    style = style_element(part(rendered[lang], "word/styles.xml"), "Recommendation")
    assert style.find("w:pPr/w:numPr/w:numId", NS).get(w("val")) == num_id
    numbering = part(rendered[lang], "word/numbering.xml")
    num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
    assert num.find("w:lvlOverride", NS) is None
    abstract_id = num.find("w:abstractNumId", NS).get(w("val"))
    level = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl", NS)
    assert level.find("w:numFmt", NS).get(w("val")) == "decimal"
    assert level.find("w:lvlText", NS).get(w("val")) == "%1."
    assert level.find("w:start", NS).get(w("val")) == "1"
    assert int(level.find("w:pPr/w:ind", NS).get(w("hanging"))) > 0
    labels = [p.text for p in word.paragraphs if p.style.name == "Recommendation Label"]
    lists = [b for s in documents[lang].sections for b in s.blocks
             if isinstance(b, RecommendationList)]
    assert labels == [locales[lang].ngettext("Recommendation:", "Recommendations:",
                                             len(b.items)) for b in lists]


@pytest.mark.parametrize("lang", LANGS)
def test_delegation_tables(lang, documents, locales, rendered):
    word = open_docx(rendered[lang])
    assert [len(t.rows) for t in word.tables] == [len(d.members)
                                                  for d in documents[lang].delegations]
    assert [len(t.rows) for t in word.tables] == [10, 11]
    xml_tables = part(rendered[lang], "word/document.xml").findall(".//w:tbl", NS)
    for table, tbl, delegation in zip(word.tables, xml_tables, documents[lang].delegations):
        assert table.style.name == "Delegation Table"
        assert tbl.find("w:tblPr/w:tblStyle", NS).get(w("val")) == "DelegationTable"
        widths = [int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert len(widths) == 2 and 0.25 < widths[0] / sum(widths) < 0.35
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None
                   for tr in tbl.findall("w:tr", NS))
        for row, member in zip(table.rows, delegation.members):
            name, roles = (c.paragraphs[0] for c in row.cells)
            assert (name.style.name, roles.style.name) == ("Delegate Name", "Delegate Roles")
            assert name.text == member.field("name").plain
            leader = member.field("leader")
            expected = member.field("roles").plain
            if leader:  # full-width "（" carries its own space
                expected += {"en": " ", "zh": ""}[lang] + locales[lang].gettext(
                    "({leader})").replace("{leader}", leader.plain)
            assert roles.text == expected


@pytest.mark.parametrize("lang", LANGS)
def test_no_direct_formatting_in_runs(lang, rendered):
    body = part(rendered[lang], "word/document.xml")
    for tag in ("b", "i", "sz", "rFonts", "color", "lang"):
        assert body.find(f".//w:r/w:rPr/w:{tag}", NS) is None, f"direct w:{tag} on a run"
    assert body.find(".//w:p/w:pPr/w:ind", NS) is None
    assert body.find(".//w:p/w:pPr/w:jc", NS) is None
    strong = body.findall(".//w:r/w:rPr/w:rStyle[@w:val='Strong']", NS)
    assert len(strong) == 2  # the two organisers in the first paragraph


def test_links_become_hyperlinks_and_bold_uses_strong(tree, locales):
    tree.replace("en", "convened the dialogue", "convened [the dialogue](https://example.org/d)")
    reporter = Reporter()
    (pair,) = load_project(tree.content, reporter).documents
    assert reporter.errors == []
    data = render_docx(pair.en, locales["en"])
    body = part(data, "word/document.xml")
    (link,) = body.findall(".//w:hyperlink", NS)
    assert "".join(link.itertext()) == "the dialogue"
    assert link.find("w:r/w:rPr/w:rStyle", NS).get(w("val")) == "Hyperlink"
    rels = part(data, "word/_rels/document.xml.rels")
    rid = link.get(f"{{{NS['r']}}}id")
    (rel,) = [r for r in rels if r.get("Id") == rid]
    assert (rel.get("Target"), rel.get("TargetMode")) == ("https://example.org/d", "External")
    (bold,) = body.xpath(".//w:r[w:rPr/w:rStyle/@w:val='Strong']", namespaces=NS)
    assert "".join(bold.itertext()) == "National Committee on U.S.-China Relations"


# -- styles, fonts and language --------------------------------------------------------------

FONTS = {"Normal": ("Noto Serif", "Noto Serif CJK SC"),
         "BodyText": ("Noto Serif", "Noto Serif CJK SC"),
         "Recommendation": ("Noto Serif", "Noto Serif CJK SC"),
         "RecommendationLabel": ("Noto Serif", "Noto Serif CJK SC"),
         "DateandPlace": ("Noto Serif", "Noto Serif CJK SC"),
         "DelegateRoles": ("Noto Serif", "Noto Serif CJK SC"),
         "DelegationTable": ("Noto Serif", "Noto Serif CJK SC"),
         "Title": ("Noto Sans", "Noto Sans CJK SC"),
         "Subtitle": ("Noto Sans", "Noto Sans CJK SC"),
         "Heading1": ("Noto Sans", "Noto Sans CJK SC"),
         "DelegateName": ("Noto Sans", "Noto Sans CJK SC")}


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_and_languages_in_styles(lang, rendered):
    styles = part(rendered[lang], "word/styles.xml")
    rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    assert (fonts.get(w("ascii")), fonts.get(w("hAnsi")), fonts.get(w("eastAsia"))) == (
        "Noto Serif", "Noto Serif", "Noto Serif CJK SC")
    language = rpr.find("w:lang", NS)
    assert (language.get(w("val")), language.get(w("eastAsia"))) == ("en-US", "zh-CN")
    for style_id, (latin, east_asian) in FONTS.items():
        fonts = style_element(styles, style_id).find("w:rPr/w:rFonts", NS)
        assert (fonts.get(w("ascii")), fonts.get(w("hAnsi")), fonts.get(w("eastAsia"))) == (
            latin, latin, east_asian), style_id
    xml = etree.tostring(styles).decode()
    assert not re.search(r"(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", xml)
    with zipfile.ZipFile(io.BytesIO(rendered[lang])) as package:
        assert "word/stylesWithEffects.xml" not in package.namelist()
        fonts_table = package.read("word/fontTable.xml").decode()
    assert 'w:name="Noto Serif CJK SC"' in fonts_table
    body = style_element(styles, "BodyText").find("w:rPr/w:lang", NS)
    if lang == "zh":
        assert body.get(w("eastAsia")) == "zh-CN"
    spacing = style_element(styles, "Normal").find("w:pPr/w:spacing", NS)
    assert spacing.get(w("lineRule")) == "auto" and int(spacing.get(w("line"))) > 240
    heading = style_element(styles, "Heading1").find("w:pPr", NS)
    assert heading.find("w:keepNext", NS) is not None
    assert style_element(styles, "Normal").find("w:pPr/w:widowControl", NS) is not None
    jc = style_element(styles, "BodyText").find("w:pPr/w:jc", NS)
    assert jc.get(w("val")) == "both"


@pytest.mark.parametrize("lang", LANGS)
def test_first_line_indent_only_on_chinese_body_text(lang, rendered):
    styles = part(rendered[lang], "word/styles.xml")
    ind = style_element(styles, "BodyText").find("w:pPr/w:ind", NS)
    if lang == "zh":
        assert (ind.get(w("firstLineChars")), ind.get(w("firstLine"))) == ("200", "440")
    else:
        assert ind is None
    for style_id in ("Normal", "Title", "Subtitle", "Heading1", "RecommendationLabel",
                     "Recommendation", "DelegateName", "DelegateRoles", "DateandPlace"):
        found = style_element(styles, style_id).find("w:pPr/w:ind", NS)
        assert found is None or found.get(w("firstLineChars")) is None, style_id
    numbering = etree.tostring(part(rendered[lang], "word/numbering.xml")).decode()
    assert "firstLineChars" not in numbering


@pytest.mark.parametrize("lang", LANGS)
def test_page_is_a4_with_the_pdf_text_width(lang, rendered):
    section = open_docx(rendered[lang]).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    width_mm = Length(section.page_width - section.left_margin - section.right_margin).mm
    assert 146 < width_mm < 148


# -- page furniture and metadata -------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_footer_has_page_fields_and_translated_label(lang, locales, documents, rendered):
    section = open_docx(rendered[lang]).sections[0]
    footer = section.footer.paragraphs[0]
    with zipfile.ZipFile(io.BytesIO(rendered[lang])) as package:
        footers = [etree.fromstring(package.read(name)) for name in package.namelist()
                   if name.startswith("word/footer")]
    (fields,) = [f for f in footers if f.find(".//w:instrText", NS) is not None]
    instructions = [t.strip() for t in fields.xpath(".//w:instrText/text()", namespaces=NS)]
    assert instructions == ["PAGE", "NUMPAGES"]
    xml = etree.tostring(fields).decode()
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 2
    label = locales[lang].gettext("Page {page} of {pages}")
    assert footer.text == label.replace("{page}", "1").replace("{pages}", "1")
    if lang == "zh":
        assert footer.text == "第 1 页，共 1 页"
    assert section.different_first_page_header_footer
    tb = documents[lang].title_block
    assert section.header.paragraphs[0].text == f"{tb.series.main.plain}\t{tb.title.main.plain}"


@pytest.mark.parametrize("lang", LANGS)
def test_core_properties(lang, documents, locales, rendered):
    props = open_docx(rendered[lang]).core_properties
    tb = documents[lang].title_block
    organisers = [o.main.plain for o in tb.organisers]
    assert props.title == f"{tb.title.main.plain} · {tb.series.main.plain}"
    assert props.author == locales[lang].gettext(", ").join(organisers)
    assert props.subject == tb.series.main.plain
    assert props.language == {"en": "en-US", "zh": "zh-CN"}[lang]
    assert props.last_modified_by == organisers[0]
    assert props.revision == 1
    for stamp in (props.created, props.modified, props.last_printed):
        assert (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute) == (
            2024, 10, 1, 0, 0)
    if lang == "zh":
        assert props.author == "美中关系全国委员会、中美绿色基金"


@pytest.mark.parametrize("lang", LANGS)
def test_two_renders_are_identical(lang, documents, locales, rendered):
    assert render_docx(documents[lang], locales[lang]) == rendered[lang]
    with zipfile.ZipFile(io.BytesIO(rendered[lang])) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2024, 10, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


# -- LibreOffice -----------------------------------------------------------------------------

def soffice(profile: Path, fmt: str, outdir: Path, *files: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)


@pytest.fixture(scope="module")
def converted(rendered, tmp_path_factory) -> Path:
    """Both editions converted by LibreOffice to PDF (and the Chinese to flat ODT, to see
    which fonts it resolved), with a fresh profile so that parallel runs do not clash."""
    root = tmp_path_factory.mktemp("docx-lo")
    files = []
    for lang in LANGS:
        files.append(root / f"edition.{lang}.docx")
        files[-1].write_bytes(rendered[lang])
    soffice(root / "profile", "pdf", root, *files)
    soffice(root / "profile", "fodt", root, files[1])
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
def test_libreoffice_pdf_has_every_recommendation(lang, documents, converted):
    text = pdftotext(converted / f"edition.{lang}.pdf")
    for unit in recommendations(documents[lang]):
        if lang == "zh":
            assert re.sub(r"\s", "", unit.main.plain) in re.sub(r"\s", "", text), unit.id
        else:
            assert loose(squash(unit.main.plain)).search(text), unit.id


def pdffonts(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines]


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
    asian = set(re.findall(r'style:font-name-asian="([^"]*)"', flat))
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC"} <= asian
    assert not {name for name in asian if "CJK" in name and not name.endswith(" SC")}
