"""The side-by-side Word edition: one table, one row per layout row, every language typeset
by its own styles, the same numbers on both sides, other document types, and what
LibreOffice makes of it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx as python_docx
import pdfplumber
import pytest
from docx.shared import Length
from lxml import etree
from test_docx import TYPES, asian_families, loose, pdffonts, project_layouts, squash

from diglot.locale import language_name
from diglot.writers import marks
from diglot.writers.docx_side_by_side import render_side_by_side_docx

from conftest import FIXTURES, REPO, word_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
LANGS = ("en", "zh")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# The style of each kind of row, in the English column; the Chinese column uses the same
# name with " (Chinese)", a style based on the English one.
PART_STYLE = {
    "series": "Subtitle",
    "title": "Title",
    "place": "Date and Place",
    "status": "Language Status",
    "heading": "Heading 1",
    "label": "List Label",
}
ROLE_STYLE = {"paragraph": "Body Text", "item": "List Item", "person": "Person Name"}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def styled(lang: str, name: str) -> str:
    return name if lang == "en" else f"{name} (Chinese)"


def row_style(row) -> str:
    return PART_STYLE.get(row.part) or ROLE_STYLE[row.block.role]


@pytest.fixture(scope="module")
def layout():
    return project_layouts(REPO / "content")["both"]


@pytest.fixture(scope="module")
def rows(layout):
    found = layout.rows()
    assert len(found) == 74
    return found


def is_contents(style_id: str | None) -> bool:
    return (style_id or "").lower().startswith("toc")


def unit_rows(word) -> list:
    """The rows of the document's tables that hold the layout's rows, in order: each table
    (the title block with the contents, the text, a part that starts a page) has a header
    row of the languages' names, the contents' rows are the entries, not layout rows, and a
    signature block's name and title rows belong to its party's row."""
    return [
        row
        for table in word.tables
        for row in table.rows[1:]
        if not is_contents(row.cells[0].paragraphs[0].style.style_id)
        and row.cells[0].paragraphs[0].style.name != "Signatory"
    ]


@pytest.fixture(scope="module")
def rendered(layout) -> bytes:
    return render_side_by_side_docx(layout)


@pytest.fixture(scope="module")
def word(rendered):
    return python_docx.Document(io.BytesIO(rendered))


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


@pytest.fixture(scope="module")
def table_rows(rendered):
    """The w:tr elements of the document's tables that hold the layout's rows (unit_rows)."""
    body = part(rendered, "word/document.xml")
    return [
        tr
        for table in body.findall("w:body/w:tbl", NS)
        for tr in table.findall("w:tr", NS)[1:]
        if not is_contents(tr.find("w:tc/w:p/w:pPr/w:pStyle", NS).get(w("val")))
    ]


def cell_text(cell) -> str:
    return squash(" ".join(word_text(p) for p in cell.paragraphs))


class Styles:
    """Effective properties of a paragraph style, following w:basedOn up to docDefaults."""

    def __init__(self, data: bytes):
        self.root = part(data, "word/styles.xml")
        self.by_id = {s.get(w("styleId")): s for s in self.root.findall("w:style", NS)}

    def chain(self, style_id: str | None) -> list[etree._Element]:
        found = []
        while style_id:
            style = self.by_id[style_id]
            found.append(style)
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        return found

    def get(self, style_id: str, path: str, attribute: str) -> str | None:
        """The first value of path/@attribute along the style's chain, then docDefaults."""
        defaults = self.root.find("w:docDefaults/w:rPrDefault", NS)
        for element in [*self.chain(style_id), defaults]:
            found = element.find(path, NS)
            if found is not None and found.get(w(attribute)) is not None:
                return found.get(w(attribute))
        return None


# -- the table -------------------------------------------------------------------------------


def test_a_table_with_a_header_row_per_page_run_and_a_row_per_layout_row(word, rows, table_rows):
    """The title block (with the contents, on a page of its own as the cover), the text,
    and the delegations (which start a page) are three tables, each with its header row."""
    assert len(word.tables) == 3
    assert all(not word_text(p) for p in word.paragraphs)
    assert len(unit_rows(word)) == len(table_rows) == len(rows) == 74
    for table in word.tables:
        header = table.rows[0]
        assert [cell_text(c) for c in header.cells] == ["English", "中文"]
        trs = table._tbl.findall("w:tr", NS)
        assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
        assert all(len(tr.findall("w:tc", NS)) == 2 for tr in trs)
    # the contents in both languages, an entry a row
    contents = [
        [cell_text(c) for c in r.cells]
        for r in word.tables[0].rows
        if r.cells[0].paragraphs[0].style.style_id == "toc1"
    ]
    assert len(contents) == 8
    assert contents[0] == ["Developments Since December 2023", "2023年12月以来的形势变化"]
    assert cell_text(word.tables[2].rows[1].cells[0]) == "Chinese Delegation"


def test_each_row_holds_its_unit_in_both_languages(word, rows, layout):
    for row, table_row in zip(rows, unit_rows(word), strict=True):
        texts = [cell_text(c) for c in table_row.cells]
        for i, lang in enumerate(LANGS):
            title = layout.title[i]
            if row.block is None:
                if row.part == "place":
                    place = title.units["place"].main.plain
                    assert texts[i] == squash(f"{title.date} {place}")
                elif row.part == "status":  # the language status, the draft line under it
                    status = {"en": "Original: English", "zh": "原文：英文"}[lang]
                    draft = marks.status(layout, None).lines[lang]
                    assert texts[i] == squash(f"{status} {draft}")
                else:
                    assert texts[i] == title.units[row.part].main.plain
                continue
            cell = row.block.cells[i]
            if row.part == "label":
                assert texts[i] == cell.label
                continue
            for slot, field in cell.slots.items():
                assert squash(field.plain) in texts[i], f"{row.block.id}.{slot} ({lang})"
            if cell.number:
                assert texts[i].startswith(cell.number)
            if cell.slots.get("mark"):
                label = layout.columns[i].locale.gettext("({leader})")
                assert label.replace("{leader}", cell.slots["mark"].plain) in texts[i]
        assert not CJK.search(texts[0]), f"Chinese in the English column: {row.id}"
    labels = [
        [cell_text(c) for c in r.cells]
        for r, row in zip(unit_rows(word), rows)
        if row.part == "label"
    ]
    assert labels[:2] == [["Recommendation:", "建议："], ["Recommendations:", "建议："]]


def test_leader_label_follows_the_roles(word, rows, layout):
    leaders = [
        (row, tr)
        for row, tr in zip(rows, unit_rows(word))
        if row.block is not None and row.block.cells[0].slots.get("mark")
    ]
    assert len(leaders) == 2
    for row, table_row in leaders:
        for i, (lang, cell) in enumerate(zip(LANGS, table_row.cells)):
            found = row.block.cells[i]
            name, roles = cell.paragraphs
            assert (name.style.name, roles.style.name) == (
                styled(lang, "Person Name"),
                styled(lang, "Person Roles"),
            )
            label = (
                layout.columns[i]
                .locale.gettext("({leader})")
                .replace("{leader}", found.slots["mark"].plain)
            )
            assert (
                word_text(roles) == found.slots["roles"].plain + {"en": " ", "zh": ""}[lang] + label
            )


def test_rows_use_the_named_styles_of_each_language(word, rows, rendered):
    styles = Styles(rendered)
    for row, table_row in zip(rows, unit_rows(word), strict=True):
        for lang, cell in zip(LANGS, table_row.cells):
            assert cell.paragraphs[0].style.name == styled(lang, row_style(row)), row
    for name in {*PART_STYLE.values(), *ROLE_STYLE.values()}:
        chinese = styles.by_id[word.styles[styled("zh", name)].style_id]
        assert chinese.find("w:basedOn", NS).get(w("val")) == word.styles[name].style_id
    body = part(rendered, "word/document.xml")
    for tag in ("b", "i", "sz", "rFonts", "color", "lang"):
        assert body.find(f".//w:r/w:rPr/w:{tag}", NS) is None, f"direct w:{tag} on a run"
    assert body.find(".//w:p/w:pPr/w:ind", NS) is None
    assert body.find(".//w:p/w:pPr/w:jc", NS) is None


def test_items_show_the_same_number_on_both_sides(rows, table_rows):
    """The numbers are the layout's, counted 1..24 through the document, the same in both
    cells of a row, each hanging before its text (side by side a Chinese 1. hangs as the
    English one does: the numbers of a row stand level)."""
    numbered = [
        (row, tr)
        for row, tr in zip(rows, table_rows)
        if row.block is not None and row.block.role == "item"
    ]
    assert [row.block.cells[0].number for row, _ in numbered] == [f"{n}." for n in range(1, 25)]
    for n, (_row, tr) in enumerate(numbered, 1):
        for lang, tc in zip(LANGS, tr.findall("w:tc", NS)):
            (p,) = tc.findall("w:p", NS)
            runs = p.findall("w:r", NS)
            assert runs[0].findtext("w:t", namespaces=NS) == f"{n}."
            assert runs[1].find("w:tab", NS) is not None, lang
            assert p.find("w:pPr/w:numPr", NS) is None


# -- languages, fonts, indents, breaking -----------------------------------------------------


def test_languages_and_fonts_per_column(rendered, table_rows):
    styles = Styles(rendered)
    for tr in table_rows:
        for lang, tc in zip(LANGS, tr.findall("w:tc", NS)):
            for p in tc.findall("w:p", NS):
                style_id = p.find("w:pPr/w:pStyle", NS).get(w("val"))
                latin = styles.get(style_id, "w:rPr/w:rFonts", "ascii")
                east_asian = styles.get(style_id, "w:rPr/w:rFonts", "eastAsia")
                language = styles.get(style_id, "w:rPr/w:lang", "val")
                east_asian_language = styles.get(style_id, "w:rPr/w:lang", "eastAsia")
                hint = styles.get(style_id, "w:rPr/w:rFonts", "hint")
                assert language == "en-US", style_id  # Latin inside Chinese stays en-US
                if lang == "zh":  # Latin letters in the Chinese face, as in the PDF
                    assert east_asian in ("Noto Serif CJK SC", "Noto Sans CJK SC"), style_id
                    assert latin == east_asian, style_id
                    assert east_asian_language == "zh-CN", style_id
                    assert hint == "eastAsia", style_id
                else:
                    assert latin in ("Noto Serif", "Noto Sans"), style_id
                    assert hint is None, style_id
                    assert (
                        styles.by_id[style_id].find("w:rPr/w:lang", NS).get(w("val")) == "en-US"
                    ), style_id
    defaults = styles.root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (defaults.get(w("val")), defaults.get(w("eastAsia"))) == ("en-US", "zh-CN")
    sizes = {
        lang: styles.get(style_id, "w:rPr/w:sz", "val")
        for lang, style_id in (("en", "BodyText"), ("zh", "BodyTextChinese"))
    }
    assert sizes == {"en": "20", "zh": "21"}  # half-points: 10 pt and 10.5 pt
    xml = etree.tostring(styles.root).decode()
    assert not re.search(r"(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", xml)
    assert styles.get("BodyTextChinese", "w:pPr/w:suppressAutoHyphens", "val") == "1"
    # the narrow English column is ragged-right and unhyphenated, as in the PDF
    assert styles.get("BodyText", "w:pPr/w:suppressAutoHyphens", "val") == "1"
    assert styles.get("BodyText", "w:pPr/w:jc", "val") in (None, "left", "start")


def test_only_chinese_body_paragraphs_are_indented(rendered, rows, table_rows):
    styles = Styles(rendered)
    for row, tr in zip(rows, table_rows, strict=True):
        body = row.block is not None and row.block.role == "paragraph" and row.part == "body"
        for lang, tc in zip(LANGS, tr.findall("w:tc", NS)):
            style_id = tc.find("w:p/w:pPr/w:pStyle", NS).get(w("val"))
            chars = styles.get(style_id, "w:pPr/w:ind", "firstLineChars")
            if lang == "zh" and body:
                assert chars == "200"
                assert styles.get(style_id, "w:pPr/w:ind", "firstLine") == "420"
            else:
                assert chars is None, (row.part, lang)
                assert styles.get(style_id, "w:pPr/w:ind", "firstLine") is None


def test_rows_break_like_the_text(rendered, rows, table_rows):
    """Long rows may split (all columns together), a row of a few lines never does (split, it
    leaves a line alone at a page's foot or head, as the PDF never does); headings and labels
    keep with the next row; a person's row never splits."""
    styles = Styles(rendered)
    short = long = 0
    for row, tr in zip(rows, table_rows, strict=True):
        cant_split = tr.find("w:trPr/w:cantSplit", NS) is not None
        role = row.block.role if row.block is not None and row.part == "body" else None
        if role in ("paragraph", "item"):
            # the longest column, in ems: a Chinese character is one, a Latin one about half
            ems = max(
                sum(1 if ord(c) > 0x2E80 else 0.5 for c in "".join(tc.itertext()))
                for tc in tr.findall("w:tc", NS)
            )
            if ems <= 60:  # under three lines in either column (some 22 ems a line)
                assert cant_split, row.id
                short += 1
            if ems >= 150:  # seven lines or more
                assert not cant_split, row.id
                long += 1
        if role == "person":
            assert cant_split, row.id
        if row.part in ("heading", "label"):
            for tc in tr.findall("w:tc", NS):
                style_id = tc.find("w:p/w:pPr/w:pStyle", NS).get(w("val"))
                assert styles.get(style_id, "w:pPr/w:keepNext", "val") != "0"
                assert any(
                    s.find("w:pPr/w:keepNext", NS) is not None for s in styles.chain(style_id)
                ), style_id
        if role == "paragraph":
            for tc in tr.findall("w:tc", NS):
                style_id = tc.find("w:p/w:pPr/w:pStyle", NS).get(w("val"))
                assert not any(
                    s.find("w:pPr/w:keepNext", NS) is not None for s in styles.chain(style_id)
                ), style_id
    assert short and long, (short, long)  # the bundled document has both


def test_page_and_table_geometry(word, rendered, layout):
    section = word.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert round(Length(section.left_margin).mm) == round(Length(section.right_margin).mm) == 20
    text_width = Length(section.page_width - section.left_margin - section.right_margin)
    assert round(Length(text_width).mm) == 170
    for table in part(rendered, "word/document.xml").findall("w:body/w:tbl", NS):
        table_geometry(table, text_width, layout)


def table_geometry(table, text_width, layout) -> None:
    width = table.find("w:tblPr/w:tblW", NS)
    assert (width.get(w("type")), int(width.get(w("w")))) == ("dxa", text_width.twips)
    assert table.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    columns = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(columns) == text_width.twips
    weights = [c.profile.column_weight for c in layout.columns]
    assert weights == [57, 43]
    for found, weight in zip(columns, weights):
        assert abs(found / sum(columns) - weight / sum(weights)) < 0.001
    for tr in table.findall("w:tr", NS):
        english, chinese = tr.findall("w:tc", NS)
        gutter = int(english.find("w:tcPr/w:tcMar/w:right", NS).get(w("w")))
        assert 2.2 < Length(gutter * 635).mm < 2.8  # about 2.5 mm between the columns
        assert chinese.find("w:tcPr/w:tcMar", NS) is None


# -- page furniture, metadata, reproducibility -----------------------------------------------


def test_footer_has_both_page_labels_with_fields(word, layout):
    section = word.sections[0]
    expected = "  ·  ".join(
        c.locale.gettext("Page {page} of {pages}").format(page=1, pages=1) for c in layout.columns
    )
    assert expected == "Page 1 of 1  ·  第1页，共1页"
    for footer in (section.footer, section.first_page_footer):
        assert footer.paragraphs[0].text == expected
        assert footer.paragraphs[0].style.name == "Footer"
        instructions = [t.strip() for t in footer._element.xpath(".//w:instrText/text()")]
        assert instructions == ["PAGE", "NUMPAGES", "PAGE", "NUMPAGES"]
    header = section.header.paragraphs[0]
    assert header.text == "\t".join(t.units["series"].main.plain for t in layout.title)
    chinese_runs = [r for r in header.runs if CJK.search(r.text)]
    assert chinese_runs and all(r.style.name == "Chinese Text" for r in chinese_runs)


def test_core_properties(word, layout):
    props = word.core_properties
    en, zh = layout.title
    assert props.title == (
        f"{en.units['title'].main.plain} · {en.units['series'].main.plain}"
        f" / {zh.units['title'].main.plain} · "
        f"{zh.units['series'].main.plain}"
    )
    assert props.author == ", ".join(en.organisers)
    assert props.language == "en-US"
    assert props.revision == 1
    for stamp in (props.created, props.modified, props.last_printed):
        assert (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute) == (2024, 10, 1, 0, 0)


def test_two_renders_are_identical(layout, rendered):
    assert render_side_by_side_docx(layout) == rendered
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        infos = package.infolist()
        fonts_table = package.read("word/fontTable.xml").decode()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2024, 10, 1, 0, 0, 0)}
    assert 'w:name="Noto Serif CJK SC"' in fonts_table


# -- other document types --------------------------------------------------------------------


@pytest.fixture(scope="module")
def declaration():
    layout = project_layouts(TYPES / "declaration" / "content")["both"]
    data = render_side_by_side_docx(layout)
    return layout, data, python_docx.Document(io.BytesIO(data))


def test_declaration_numbers_articles_in_each_language(declaration):
    layout, _, word = declaration
    headings = [
        [c.paragraphs[0].text.split("\n")[0] for c in row.cells]
        for row, found in zip(unit_rows(word), layout.rows())
        if found.part == "heading"
    ]
    # the heading under a Latin number, on the line of a full-width one
    assert headings[0][0] == "Article 1" and headings[0][1].startswith("第一条\u3000")
    headings = [[text.split("\u3000")[0] for text in row] for row in headings]
    assert headings[:2] == [["Article 1", "第一条"], ["Article 2", "第二条"]]
    assert headings[-1] == ["Annex I", "附件一"]
    items = [
        [c.paragraphs[0].text.split("\t")[0][:3] for c in row.cells]
        for row, found in zip(unit_rows(word), layout.rows())
        if found.block is not None and found.block.role == "item"
    ]
    assert items[:2] == [["(a)", "（一）"], ["(b)", "（二）"]]  # （一） runs in


def test_declaration_table_is_one_bilingual_table_whose_rows_stay_level(declaration):
    """Side by side a data table is one table across both columns (its row one cell that
    spans them): each language's cells under its column, a gutter between, so that the
    rows of the two languages stay level; its caption and header rows repeat."""
    layout, data, word = declaration
    (block,) = [b for b in layout.blocks() if b.role == "table"]
    (row,) = [r for r, found in zip(unit_rows(word), layout.rows()) if found.block is block]
    (tc,) = row._tr.findall("w:tc", NS)
    assert tc.find("w:tcPr/w:gridSpan", NS).get(w("val")) == "2"
    (inner,) = row.cells[0].tables
    width = len(block.children[0].cells[0].slots["cells"])
    for found, r in zip(inner.rows[1:], block.children, strict=True):
        texts = [c.text.replace("\u2060", "") for c in found.cells]
        assert texts[:width] == [f.plain for f in r.cells[0].slots["cells"]]
        assert texts[width] == ""  # the gutter
        assert texts[width + 1 :] == [f.plain for f in r.cells[1].slots["cells"]]
    captions = [c.text.replace("\u2060", "") for c in inner.rows[0].cells]
    assert captions[0] == block.cells[0].slots["caption"].plain
    assert captions[-1] == block.cells[1].slots["caption"].plain
    header = inner.rows[1].cells
    assert header[0].paragraphs[0].style.name == "Table Heading"
    assert header[-1].paragraphs[0].style.name.startswith("Table Heading (Chinese")
    trs = inner._tbl.findall("w:tr", NS)
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs] == [True, True] + [
        False
    ] * (len(trs) - 2)
    with zipfile.ZipFile(io.BytesIO(data)) as package:  # dated 1948: ZIP entries 1980
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert word.core_properties.created.year == 1948


def test_traditional_chinese_column():
    layout = project_layouts(FIXTURES / "zh-hant" / "content")["both"]
    data = render_side_by_side_docx(layout)
    word = python_docx.Document(io.BytesIO(data))
    table = word.tables[0]
    assert table.rows[0].cells[1].text == language_name(layout.columns[1].profile)
    styles = Styles(data)
    suffix = word.styles["Body Text (Chinese (Traditional))"].style_id
    assert styles.get(suffix, "w:rPr/w:rFonts", "eastAsia") == "Noto Serif CJK TC"
    assert styles.get(suffix, "w:rPr/w:lang", "eastAsia") == "zh-TW"
    assert styles.get(suffix, "w:rPr/w:lang", "val") == "en-GB"  # the fixture's English


# -- LibreOffice -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(rendered, soffice, tmp_path_factory) -> Path:
    """The edition converted by LibreOffice to PDF and to flat ODT (to see which fonts it
    resolved), with a fresh profile."""
    root = tmp_path_factory.mktemp("docx-sbs-lo")
    source = root / "edition.en-zh.docx"
    source.write_bytes(rendered)
    profile = soffice.profile()
    soffice.convert("pdf", root, source, profile=profile)
    soffice.convert("fodt", root, source, profile=profile)
    return root


@pytest.fixture(scope="module")
def columns(converted, word) -> dict[str, list[str]]:
    """Each column's text, page by page, read by pdftotext from the column's area only, in
    the order LibreOffice drew it (-raw: its column heuristics reorder the words of widely
    justified lines)."""
    pdf = converted / "edition.en-zh.pdf"
    section = word.sections[0]
    left = Length(section.left_margin).pt
    boundary = left + Length(word.tables[0].columns[0].width).pt
    top, bottom = Length(section.top_margin).pt, Length(section.bottom_margin).pt
    height = Length(section.page_height).pt - top - bottom
    areas = {"en": (0, boundary), "zh": (boundary, Length(section.page_width).pt - boundary)}
    with pdfplumber.open(pdf) as document:
        pages = len(document.pages)
    found = {}
    for lang, (x, width) in areas.items():
        found[lang] = [
            subprocess.run(
                [
                    "pdftotext",
                    "-raw",
                    "-enc",
                    "UTF-8",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    "-x",
                    str(int(x)),
                    "-y",
                    str(int(top)),
                    "-W",
                    str(int(width)),
                    "-H",
                    str(int(height)),
                    str(pdf),
                    "-",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for n in range(1, pages + 1)
        ]
    return found


def test_libreoffice_repeats_the_header_row_on_every_page(converted, columns, word):
    pages = len(columns["en"])
    assert pages > 1
    for lang, name in zip(LANGS, ("English", "中文")):
        for number, text in enumerate(columns[lang], 1):
            first = text.strip().splitlines()[0].strip()
            assert first == name, f"page {number}, {lang}: {first!r}"
    # and the row sits where the table's columns start
    with pdfplumber.open(converted / "edition.en-zh.pdf") as document:
        section = word.sections[0]
        left = Length(section.left_margin).pt
        boundary = left + Length(word.tables[0].columns[0].width).pt
        for page in document.pages:
            english, chinese = (
                min((w for w in page.extract_words() if w["text"] == name), key=lambda w: w["top"])
                for name in ("English", "中文")
            )
            assert abs(english["x0"] - left) < 2
            assert abs(chinese["x0"] - boundary) < 2
            assert abs(english["top"] - chinese["top"]) < 2


def column_text(columns, lang: str) -> str:
    """A column's text through the document, without the repeated header row."""
    return "\n".join(text.strip().split("\n", 1)[1] for text in columns[lang])


def test_libreoffice_pdf_has_every_item_with_its_number(rows, columns):
    english = column_text(columns, "en")
    chinese = re.sub(r"\s", "", column_text(columns, "zh"))
    assert not CJK.search(english)
    for row in rows:
        if row.block is None or row.block.role != "item":
            continue
        en, zh = (c.slots["text"].plain for c in row.block.cells)
        number = row.block.cells[0].number
        pattern = rf"(?<![\d.]){re.escape(number)}\s+" + loose(squash(en)).pattern
        assert re.search(pattern, english), f"{number} {row.id} (en)"
        assert row.block.cells[1].number + re.sub(r"\s", "", zh) in chinese, (
            f"{number} {row.id} (zh)"
        )


def test_libreoffice_sets_chinese_in_the_cjk_faces(converted):
    names = pdffonts(converted / "edition.en-zh.pdf")
    assert any(name.startswith("NotoSerifCJK") for name in names)
    assert any(name.startswith("NotoSansCJK") for name in names)
    assert any(name.startswith("NotoSerif-") for name in names)
    flat = (converted / "edition.en-zh.fodt").read_text(encoding="utf-8")
    asian = asian_families(flat)
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC"} <= asian
    assert not {name for name in asian if "CJK" in name and not name.endswith(" SC")}


@pytest.fixture(scope="module")
def other_types(declaration, soffice, tmp_path_factory) -> dict[str, tuple]:
    """The joint statement and the declaration side by side: layout, the python-docx
    document, and its pages as LibreOffice converts them (pdfplumber words, page by page)."""
    root = tmp_path_factory.mktemp("docx-sbs-types")
    layout = project_layouts(TYPES / "joint-statement" / "content")["both"]
    made = {
        "joint-statement": (layout, render_side_by_side_docx(layout)),
        "declaration": declaration[:2],
    }
    for name, (_, data) in made.items():
        (root / f"{name}.docx").write_bytes(data)
    soffice.convert("pdf", root, *(root / f"{name}.docx" for name in made))
    found = {}
    for name, (layout, data) in made.items():
        with pdfplumber.open(root / f"{name}.pdf") as document:
            pages = [page.extract_words(keep_blank_chars=False) for page in document.pages]
        found[name] = (layout, python_docx.Document(io.BytesIO(data)), pages)
    return found


def test_a_signature_block_s_names_stand_level_in_both_languages(soffice, tmp_path):
    """A signature block whose English party takes three lines and whose Chinese party takes
    one: the signatories' names, and their titles, stand level (the block is three rows, its
    party's, its name's and its title's), on LibreOffice's pages; in the English edition,
    so do those of the block beside it (two to a line)."""
    from diglot.writers.docx import render_docx

    content = tmp_path / "content"
    shutil.copytree(TYPES / "declaration" / "content", content)
    english = content / "en" / "aldane-sea-fisheries-1948.yaml"
    long_party = "the Republic of Varnholm and its Overseas Territories and Dependent Islands"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("party: the Republic of Varnholm", f"party: {long_party}"))
    layouts = project_layouts(content)
    (tmp_path / "d.docx").write_bytes(render_side_by_side_docx(layouts["both"]))
    (tmp_path / "e.docx").write_bytes(render_docx(layouts["en"]))
    soffice.convert("pdf", tmp_path, tmp_path / "d.docx", tmp_path / "e.docx")
    with pdfplumber.open(tmp_path / "e.pdf") as document:
        pages = [page.extract_words() for page in document.pages]
    name = first_word(pages, "Anders")
    beside = first_word(pages, "Marguerite", page=name["page"])
    assert abs(name["top"] - beside["top"]) < 1.0, (name, beside)
    title = first_word(pages, "Minister", page=name["page"])
    assert abs(title["top"] - first_word(pages, "Secretary", page=name["page"])["top"]) < 1.0
    with pdfplumber.open(tmp_path / "d.pdf") as document:
        pages = [page.extract_words() for page in document.pages]
    name = first_word(pages, "Anders")
    chinese = first_word(pages, "安德斯", page=name["page"])
    assert abs(name["top"] - chinese["top"]) < 2.0, (name, chinese)
    title = first_word(pages, "Minister", after=name["top"], page=name["page"])
    chinese_title = first_word(pages, "渔业", after=name["top"] - 3, page=name["page"])
    assert abs(title["top"] - chinese_title["top"]) < 2.0, (title, chinese_title)


def space_after(paragraph) -> float:
    """The space after a paragraph set on the paragraph itself, in points."""
    found = paragraph.paragraph_format.space_after
    return found.pt if found is not None else 0.0


def first_word(pages, text: str, after: float = -1.0, page: int | None = None) -> dict:
    """The first word of the converted pages (on one page, if given) whose text starts
    with text, below the height after, with its page number."""
    for number, words in enumerate(pages):
        if page is not None and number != page:
            continue
        for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
            if word["text"].startswith(text) and word["top"] > after:
                return {**word, "page": number}
    raise AssertionError(f"{text!r} not on the pages")


def test_the_draft_line_stands_under_the_title_and_the_text_follows_after_a_space(other_types):
    """The draft's date stands under the title block in every type, as in the PDF, not at the
    end after the closing place and date (a title part too); the text follows it after a
    space (LibreOffice's pages)."""
    for name, (layout, word, pages) in other_types.items():
        rows = unit_rows(word)
        laid = layout.rows()
        status = marks.status(layout, None)
        dated = [
            i
            for i, row in enumerate(rows)
            if any(
                p.style.name.startswith("Edition Status") for c in row.cells for p in c.paragraphs
            )
        ]
        title_block = max(i for i, r in enumerate(laid) if r.block is None and r.part != "closing")
        assert dated == [title_block], name
        cells = rows[title_block].cells
        assert [c.paragraphs[-1].text for c in cells] == [status.lines[lang] for lang in LANGS]
        for cell in cells:
            assert space_after(cell.paragraphs[-1]) >= 10, name
        # on the page: the draft line under the language status, the text a line below it
        draft = first_word(pages, status.lines["en"].split()[0])
        first = laid[title_block + 1]
        text = first.block.cells[0].slots["text"].plain.split()[0]
        following = first_word(pages, text, after=draft["top"], page=draft["page"])
        assert following["top"] - draft["bottom"] >= 12, (name, draft, following)
        if any(t.closing for t in layout.title):
            closing = first_word(
                pages, layout.title[0].closing.split()[0], after=0, page=len(pages) - 1
            )
            assert (draft["page"], draft["top"]) < (closing["page"], closing["top"])


def test_signature_blocks_are_spaced_apart_as_in_the_pdf(other_types):
    """Consecutive signature blocks side by side have a space between them: a signatory's
    title does not run into the next party's "For …" line (LibreOffice's pages)."""
    layout, word, pages = other_types["declaration"]
    signatures = [r for r in layout.rows() if r.block is not None and r.block.role == "signature"]
    assert len(signatures) >= 3
    for table in word.tables:
        for i, row in enumerate(table.rows):
            if row.cells[0].paragraphs[0].style.name == "Signature Party":
                # the block's three rows: party, name, title; a space after the title
                for cell in table.rows[i + 2].cells:
                    assert space_after(cell.paragraphs[-1]) >= 10
    for before, after in zip(signatures, signatures[1:]):
        cell, next_cell = before.block.cells[0], after.block.cells[0]
        name = first_word(pages, cell.slots["name"].plain.split()[0])
        title = first_word(pages, cell.slots["title"].plain.split()[0], after=name["top"])
        party = first_word(pages, "For", after=title["top"], page=title["page"])
        pitch = title["top"] - name["top"]  # one line of the block
        gap = party["top"] - title["top"]
        assert gap >= pitch + 10, (cell.slots["title"].plain, next_cell.label, pitch, gap)
