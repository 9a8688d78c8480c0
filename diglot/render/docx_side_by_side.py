"""The side-by-side Word edition: English and Chinese of one document in one two-column table.

Each row of ``rows.side_by_side_rows`` is one table row, English left and Chinese right, so
the two versions of a unit always start level. Each column is set in its language's style
set, the styles of the single-language Word edition: "Body Text" and the rest for English,
"Body Text (Chinese)" and the rest (based on them) for Chinese. Raw XML stays in
``_wordxml``; styles, runs, labels and packaging come from ``docx``.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips

from ..locale import EditionLocale, language_name
from ..model import Document, Unit
from ..rows import COLUMN_SHARE, Row, side_by_side_rows
from . import _wordxml
from .docx import (BODY, DATE_PLACE, EAST_ASIAN_LANG, FOOTER, GREY, HEADER, HEADING, LABEL,
                   LATIN_IN_CHINESE, MEMBER_NAME, MEMBER_ROLES, PAGE, RECOMMENDATION, SERIF,
                   SERIF_CJK, SUBTITLE, TITLE, WORD_LANG, StyleSet, define_defaults,
                   define_furniture_styles, define_hyperlink_style, define_table_style,
                   define_text_styles, new_word_document, organisers, package,
                   paragraph_style, recommendation_label, set_core_properties, set_page,
                   write_date_place, write_page_label, write_roles, write_spans)

LANGS = ("en", "zh")
# A4 with 20 mm side margins: 170 mm of text, shared 57 % / 43 % (rows.COLUMN_SHARE), with
# 2.5 mm of white between the columns, taken from the English one.
PAGE_SBS = dict(PAGE, side=1134)
TEXT_WIDTH = PAGE_SBS["width"] - 2 * PAGE_SBS["side"]
COLUMN = {"en": round(TEXT_WIDTH * COLUMN_SHARE["en"])}
COLUMN["zh"] = TEXT_WIDTH - COLUMN["en"]
GUTTER = 142

# The two style sets: English 10 pt, Chinese 10.5 pt (a Chinese character of 10 pt looks
# smaller than English of 10 pt); display sizes the same on both sides so headings level.
STYLE_SETS = {
    "en": StyleSet("en", body=Pt(10), title=Pt(18), minor=Pt(10.5), heading=Pt(11.5),
                   subtitle_before=Pt(12), tag_language=True),
    "zh": StyleSet("zh", body=Pt(10.5), title=Pt(18), minor=Pt(10.5), heading=Pt(11.5),
                   subtitle_before=Pt(12), suffix=" (Chinese)"),
}
# Space under a body paragraph or a delegate, the same in both columns so rows are spaced
# evenly whichever column is the longer.
ROW_GAP = Pt(8)
COLUMN_HEADING = "Column Heading"  # the repeated "English | 中文" row
TABLE = "Side by Side Table"
CHINESE = "Chinese Text"  # character style for Chinese in the page header and footer
FURNITURE_JOIN = "  ·  "
KEEP_TOGETHER = {"series", "title", "place", "heading", "label", "delegation", "member"}


def render_side_by_side_docx(en: Document, zh: Document,
                             locales: dict[str, EditionLocale]) -> bytes:
    """The .docx bytes of the bilingual edition of one document: a header row, then one row
    per unit (rows.side_by_side_rows); the same documents give the same bytes."""
    documents = {"en": en, "zh": zh}
    word = new_word_document(WORD_LANG["en"], hyphenate=True)
    num_ids = define_styles(word)
    set_page(word, PAGE_SBS)
    write_page_furniture(word, documents, locales)
    table = add_table(word)
    write_header_row(table)
    for row in side_by_side_rows(en, zh):
        write_row(table.add_row(), row, documents, locales, num_ids)
    set_properties(word, documents, locales)
    return package(word, en)


# -- styles -----------------------------------------------------------------------------------

def define_styles(word) -> dict[str, int]:
    """Both languages' style sets; returns each one's recommendation numbering id.

    Each language's Recommendation style gets a list of its own (its own abstract
    numbering), and every recommendation paragraph of that column joins it: the two lists
    count the same rows, so row n shows "n." on both sides."""
    define_defaults(word, hint_east_asia=False)
    num_ids = {lang: define_text_styles(word, STYLE_SETS[lang]) for lang in LANGS}
    styles = word.styles
    for lang, spec in STYLE_SETS.items():
        title = styles[spec.name(TITLE)]
        title.paragraph_format.space_after = Pt(12)
        styles[spec.name(BODY)].paragraph_format.space_after = ROW_GAP
        styles[spec.name(MEMBER_ROLES)].paragraph_format.space_after = ROW_GAP
        if lang == "zh":  # Latin words in Chinese are not hyphenated, as in the zh edition
            for base in (TITLE, SUBTITLE, DATE_PLACE, HEADING, BODY, LABEL, RECOMMENDATION,
                         MEMBER_NAME, MEMBER_ROLES):
                _wordxml.set_style_switch(styles[spec.name(base)], "suppressAutoHyphens",
                                          True)
        heading = paragraph_style(word, spec, COLUMN_HEADING, sans=True)
        heading.font.size, heading.font.bold, heading.font.color.rgb = Pt(9), True, GREY
        fmt = heading.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _wordxml.set_style_border(heading, "bottom", 4, "888888", 3)
    define_table_style(word, TABLE, {"top": 0, "bottom": 0, "left": 0, "right": 0},
                       hint_east_asia=False)
    define_furniture_styles(word, STYLE_SETS["en"], TEXT_WIDTH)
    define_hyperlink_style(word)
    chinese = styles.add_style(CHINESE, WD_STYLE_TYPE.CHARACTER)
    chinese.base_style = styles["Default Paragraph Font"]
    _wordxml.set_style_fonts(chinese, SERIF, SERIF_CJK, hint_east_asia=True)
    _wordxml.set_style_language(chinese, LATIN_IN_CHINESE, EAST_ASIAN_LANG)
    return num_ids


def style(lang: str, base: str) -> str:
    return STYLE_SETS[lang].name(base)


# -- page -------------------------------------------------------------------------------------

def write_page_furniture(word, documents: dict[str, Document],
                         locales: dict[str, EditionLocale]) -> None:
    """Header: the series in English (left) and Chinese (right). Footer, on every page:
    "Page 2 of 9  ·  第 2 页，共 9 页"."""
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.style = HEADER
    write_spans(header, documents["en"].title_block.series.main.spans, strong=None)
    header.add_run().add_tab()
    write_spans(header, documents["zh"].title_block.series.main.spans, CHINESE, strong=None)
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = FOOTER
        write_page_label(paragraph, locales["en"])
        paragraph.add_run(FURNITURE_JOIN)
        write_page_label(paragraph, locales["zh"], CHINESE)


# -- the table --------------------------------------------------------------------------------

def add_table(word):
    table = word.add_table(rows=0, cols=2)
    table.style = TABLE
    table.autofit = False
    _wordxml.set_table_width(table, TEXT_WIDTH)
    for column, lang in zip(table.columns, LANGS):
        column.width = Twips(COLUMN[lang])
    return table


def cells(row) -> dict:
    """The row's English and Chinese cells, the English one with the gutter on its right."""
    found = dict(zip(LANGS, row.cells))
    _wordxml.set_cell_margins(found["en"], right=GUTTER)
    return found


def write_header_row(table) -> None:
    row = table.add_row()
    _wordxml.repeat_as_header(row)
    _wordxml.keep_row_together(row)
    for lang, cell in cells(row).items():
        paragraph = cell.paragraphs[0]
        paragraph.style = style(lang, COLUMN_HEADING)
        paragraph.add_run(language_name(lang))


def write_row(table_row, row: Row, documents: dict[str, Document],
              locales: dict[str, EditionLocale], num_ids: dict[str, int]) -> None:
    """One unit (or one label) in both languages, each in its own column."""
    if row.kind in KEEP_TOGETHER:
        _wordxml.keep_row_together(table_row)
    for lang, cell in cells(table_row).items():
        unit: Unit | None = getattr(row, lang)
        paragraph = cell.paragraphs[0]
        if row.kind == "label":
            paragraph.style = style(lang, LABEL)
            paragraph.add_run(recommendation_label(locales[lang], row.count))
        elif row.kind == "place":
            paragraph.style = style(lang, DATE_PLACE)
            write_date_place(paragraph, documents[lang], locales[lang])
        elif row.kind == "member":
            paragraph.style = style(lang, MEMBER_NAME)
            write_spans(paragraph, unit.field("name").spans, strong=None)
            write_roles(cell.add_paragraph(style=style(lang, MEMBER_ROLES)), unit,
                        locales[lang])
        elif row.kind == "recommendation":
            paragraph.style = style(lang, RECOMMENDATION)
            _wordxml.set_paragraph_numbering(paragraph, num_ids[lang])
            write_spans(paragraph, unit.main.spans)
        elif row.kind == "paragraph":
            paragraph.style = style(lang, BODY)
            write_spans(paragraph, unit.main.spans)
        else:  # series, title, heading, delegation: bold styles, so no Strong inside
            base = {"series": SUBTITLE, "title": TITLE}.get(row.kind, HEADING)
            paragraph.style = style(lang, base)
            write_spans(paragraph, unit.main.spans, strong=None)


# -- metadata ---------------------------------------------------------------------------------

def set_properties(word, documents: dict[str, Document],
                   locales: dict[str, EditionLocale]) -> None:
    """Core properties in both languages where they are text, English where they are not."""
    titles = [f"{d.title_block.title.main.plain} · {d.title_block.series.main.plain}"
              for d in documents.values()]
    set_core_properties(word, documents["en"], title=" / ".join(titles),
                        author=locales["en"].gettext(", ").join(organisers(documents["en"])),
                        language=WORD_LANG["en"])

