"""The side-by-side Word edition: every language of one document in one table, a column each.

Each row of ``Layout.rows()`` is one table row, one cell per language, so the versions of a
unit always start level: the title block's parts, section headings with their numbers, list
labels, paragraphs and items with their hanging markers, people, tables (a table of their
own inside the cell, header rows repeated), and the closing line. A header row naming the
languages repeats on every page. Column widths are the profiles' column weights.

Each column is set in its language's style set, the styles of the single-language Word
edition: "Body Text" and the rest for the first language, "Body Text (Chinese)" and the
rest (based on them) for another. Raw XML stays in ``diglot.wordml``; styles, runs, labels and
packaging come from ``docx``.
"""

from __future__ import annotations

import functools

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Pt, Twips

from .. import wordml
from ..layout import Layout, Row, heading_line, runs_in, short_row
from ..locale import language_name
from ..tables import bilingual_columns, stacked
from . import marks
from .docx import (
    bookmark_name,
    document_title,
    new_word_document,
    package,
    set_core_properties,
)
from .docx_parts import (
    SIGNATURE_PARTS,
    balanced,
    mark_draft,
    set_page,
    table_columns,
    write_bilingual_table,
    write_data_table,
    write_heading,
    write_marked,
    write_page_label,
    write_roles,
    write_signature_part,
    write_spans,
    write_text,
    write_title_part,
)
from .docx_styles import (
    BODY,
    CAPTION,
    CONTENTS_ENTRY,
    CONTENTS_HEADING,
    EDITION_STATUS,
    FOOTER,
    GREY,
    HEADER,
    HEADINGS,
    LABEL,
    NUMBERED,
    PAGE,
    PERSON_NAME,
    PERSON_ROLES,
    RULE,
    RUN_IN,
    TABLE_TEXT,
    TESTIMONIUM,
    TEXT_STYLES,
    TITLE,
    TITLE_STYLES,
    StyleSet,
    WordLanguages,
    define_defaults,
    define_furniture_styles,
    define_hyperlink_style,
    define_table_styles,
    define_text_styles,
    heading_size,
    item_style,
    never_hyphenate,
    paragraph_style,
)

# A4 with 20 mm side margins: 170 mm of text, shared by the columns in proportion to their
# languages' column weights, with 2.5 mm of white between the columns, taken from the
# column on the left of the gap.
PAGE_SBS = dict(PAGE, side=1134)
TEXT_WIDTH = PAGE_SBS["width"] - 2 * PAGE_SBS["side"]
GUTTER = 142

# Space under a body paragraph or a person, the same in every column so rows are spaced
# evenly whichever column is the longest.
ROW_GAP = Pt(8)
# Space after the title block, and after each signature block (before the next party), as
# in the PDF.
TITLE_GAP = Pt(14)
SIGNATURE_GAP = Pt(14)
COLUMN_HEADING = "Column Heading"  # the repeated "English | 中文" row
TABLE = "Side by Side Table"
FURNITURE_JOIN = "  ·  "
KEEP_TOGETHER = {
    "series",
    "title",
    "subtitle",
    "reference",
    "place",
    "status",
    "heading",
    "label",
    "testimonium",
    "contents-heading",
    "contents",
    "closing",
}


def render_side_by_side_docx(
    layout: Layout, latin_lang: str | None = None, status: marks.Status | None = None
) -> bytes:
    """The .docx bytes of the multilingual edition of one document: a header row, then one
    row per row of the layout; the same layout gives the same bytes. status: a draft's
    mark and date (every page header, and above the table) or a release's version line."""
    status = status or marks.status(layout, None)
    profiles = [c.profile for c in layout.columns]
    langs = WordLanguages.of(profiles, latin_lang)
    sets = style_sets(layout, langs)
    word = new_word_document(langs, any(p.hyphenate for p in profiles))
    define_styles(word, layout, sets)
    wordml.cache_style_ids(word)
    set_page(word, PAGE_SBS)
    write_page_furniture(word, layout, sets)
    # the mark in a face that has every language's letters: the last column's (Chinese)
    mark_draft(word, status, layout.columns[-1].profile.heading_fonts[0], TEXT_WIDTH / 20)
    widths = column_widths(layout)
    table = add_table(word, widths)
    write_header_row(table, layout, sets)
    rows = layout.rows(edition=True)
    spec_of = {c.lang: spec.name(EDITION_STATUS) for c, spec in zip(layout.columns, sets)}
    # the title block's last row (the closing line, a title part too, comes at the end)
    last_title = max(
        (i for i, r in enumerate(rows) if r.part in TITLE_STYLES and r.part != "closing"),
        default=0,
    )
    for index, row in enumerate(rows):
        if row.new_page:  # a new table on a new page, its header row again
            page = word.add_paragraph(style=sets[0].name(TABLE_TEXT))
            page.paragraph_format.page_break_before = True
            page.paragraph_format.line_spacing = Pt(1)
            table = add_table(word, widths)
            write_header_row(table, layout, sets)
        if row.part == "testimonium" and len(table.rows):  # kept with the row before
            for cell in table.rows[-1].cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        added = table.add_row()
        if row.block is not None and row.block.role == "table":  # one bilingual table
            merged = added.cells[0].merge(added.cells[-1])
            paragraph = merged.paragraphs[0]
            paragraph.style = sets[0].name(TABLE_TEXT)
            if stacked(layout, row.block):  # each language's table across the columns
                for i, spec in enumerate(sets):
                    caption = row.block.cells[i].slots.get("caption")
                    if caption:
                        write_spans(merged.add_paragraph(style=spec.name(CAPTION)), caption.spans)
                    inner = merged.add_table(rows=0, cols=table_columns(row.block, i))
                    write_data_table(inner, row.block, i, spec, TEXT_WIDTH)
                    merged.add_paragraph(style=spec.name(TABLE_TEXT))  # after each, a space
                wordml.remove_paragraph(paragraph)
                continue
            inner = merged.add_table(rows=0, cols=bilingual_count(layout, row.block))
            write_bilingual_table(inner, layout, row.block, sets, TEXT_WIDTH, GUTTER)
            wordml.remove_paragraph(paragraph)
            merged.add_paragraph(style=sets[0].name(TABLE_TEXT))  # a cell ends with one
            continue
        if row.block is not None and row.block.role == "signature":
            write_signature_rows(table, added, row.block, sets)
            continue
        write_row(added, row, layout, sets, widths)
        if index == last_title:  # the draft's date or the version line, under the title
            for cell, column in zip(cells(added), layout.columns):
                cell.add_paragraph(status.lines[column.lang], style=spec_of[column.lang])
        if index == last_title:  # the text follows the title block after a space
            for cell in added.cells:
                cell.paragraphs[-1].paragraph_format.space_after = TITLE_GAP
    set_core_properties(
        word,
        layout,
        title=" / ".join(document_title(t) for t in layout.title),
        keywords=status.keywords,
    )
    return package(word, layout, profiles)


def style_sets(layout: Layout, langs: WordLanguages) -> list[StyleSet]:
    """One style set per column: Latin text 10 pt, East Asian 10.5 pt (a Chinese character
    of 10 pt looks smaller than English of 10 pt); display sizes the same in every column so
    headings level. The first column's set is the base of the others ("Body Text (Chinese)")."""
    first = layout.columns[0].profile
    sets = []
    for index, column in enumerate(layout.columns):
        profile = column.profile
        sets.append(
            StyleSet(
                profile,
                langs,
                body=Pt(10.5) if profile.cjk else Pt(10),
                title=Pt(18),
                minor=Pt(10.5),
                heading=Pt(11.5),
                top=Pt(12),
                suffix=f" ({profile.name})" if index else "",
                base=first if index else None,
                tag_language=not index,
            )
        )
    return sets


def column_widths(layout: Layout) -> list[int]:
    """Each column's width (twips): the text width shared by the columns' weights."""
    weights = [c.profile.column_weight for c in layout.columns]
    widths = [round(TEXT_WIDTH * w / sum(weights)) for w in weights]
    widths[-1] = TEXT_WIDTH - sum(widths[:-1])
    return widths


def text_style(profile) -> str:
    """The character style of a language's text in the page header and footer."""
    return f"{profile.name} Text"


# -- styles -----------------------------------------------------------------------------------


def define_styles(word, layout: Layout, sets: list[StyleSet]) -> None:
    """Every column's style set, the column headings, the table styles and the character
    style of each further language in the page furniture."""
    define_defaults(word, sets[0])
    for index, spec in enumerate(sets):
        define_text_styles(word, spec, layout, index)
        never_hyphenate(word, spec)
    hyphenated = any(spec.profile.hyphenate for spec in sets)
    for spec in sets:
        title = wordml.style(word, spec.name(TITLE))
        title.paragraph_format.space_after = Pt(12)
        for base in (BODY, NUMBERED, PERSON_ROLES):
            wordml.style(word, spec.name(base)).paragraph_format.space_after = ROW_GAP
        if hyphenated and not spec.profile.hyphenate:  # e.g. Latin words in Chinese
            for base in TEXT_STYLES:
                wordml.set_style_switch(
                    wordml.style(word, spec.name(base)), "suppressAutoHyphens", True
                )
        if spec.profile.justify == "inter-word":
            # a narrow column of a script with spaces is set ragged-right and unhyphenated,
            # as in the PDF: justified, Word opens rivers in it
            for base in TEXT_STYLES:
                style = wordml.style(word, spec.name(base))
                if style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY:
                    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
                wordml.set_style_switch(style, "suppressAutoHyphens", True)
        heading = paragraph_style(word, spec, COLUMN_HEADING, sans=True)
        heading.font.size, heading.font.bold, heading.font.color.rgb = Pt(9), True, GREY
        fmt = heading.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        wordml.set_style_border(heading, "bottom", 4, RULE, 3)
    define_table_styles(
        word, sets[0], person_margins={"top": 0, "bottom": 0, "left": 0, "right": 0}
    )
    table = wordml.add_style(word, TABLE, WD_STYLE_TYPE.TABLE)
    table.base_style = wordml.style(word, "Normal Table")
    table.quick_style = True
    wordml.set_style_fonts(table, *sets[0].fonts(), hint_east_asia=sets[0].east_asian)
    wordml.set_table_style_layout(table, {"top": 0, "bottom": 0, "left": 0, "right": 0})
    define_furniture_styles(word, sets[0], TEXT_WIDTH)
    define_hyperlink_style(word)
    for spec in sets[1:]:
        found = wordml.add_style(word, text_style(spec.profile), WD_STYLE_TYPE.CHARACTER)
        found.base_style = wordml.style(word, "Default Paragraph Font")
        wordml.set_style_fonts(found, *spec.fonts(), hint_east_asia=spec.east_asian)
        wordml.set_style_language(
            found,
            spec.langs.latin if spec.east_asian else spec.profile.word_lang,
            spec.langs.east_asian,
        )


# -- page -------------------------------------------------------------------------------------


def write_page_furniture(word, layout: Layout, sets: list[StyleSet]) -> None:
    """Header: each language's series (or title), first on the left, the others on the
    right. Footer, on every page: "Page 2 of 9  ·  第 2 页，共 9 页"."""
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.style = HEADER
    for index, (title, spec) in enumerate(zip(layout.title, sets)):
        style = text_style(spec.profile) if index else None
        if index == 1:
            header.add_run().add_tab()
        elif index:
            header.add_run(FURNITURE_JOIN)
        # the short title, the series or the title, shortened by the layout to fit
        header.add_run(title.running.get("column", ""), style=style)
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = FOOTER
        for index, (column, spec) in enumerate(zip(layout.columns, sets)):
            if index:
                paragraph.add_run(FURNITURE_JOIN)
            write_page_label(paragraph, column.locale, text_style(spec.profile) if index else None)


# -- the table --------------------------------------------------------------------------------


def add_table(word, widths: list[int]):
    table = word.add_table(rows=0, cols=len(widths))
    table.style = TABLE
    table.autofit = False
    wordml.set_table_width(table, TEXT_WIDTH)
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    return table


def cells(row) -> list:
    """The row's cells, each but the last with the gutter on its right."""
    found = list(row.cells)
    for cell in found[:-1]:
        wordml.set_cell_margins(cell, right=GUTTER)
    return found


def write_header_row(table, layout: Layout, sets: list[StyleSet]) -> None:
    row = table.add_row()
    wordml.repeat_as_header(row)
    wordml.keep_row_together(row)
    for cell, column, spec in zip(cells(row), layout.columns, sets):
        paragraph = cell.paragraphs[0]
        paragraph.style = spec.name(COLUMN_HEADING)
        paragraph.add_run(language_name(column.profile))


def write_signature_rows(table, first, block, sets: list[StyleSet]) -> None:
    """A signature block as three rows of the table, its party's (with the space to sign
    in), its signatory's name's and title's: each level with the other language's however
    many lines either party takes. The rows keep together, and with the next row (the
    Signatory style keeps with the next), so a block's signatures stay together as in the
    PDF."""
    rows = [first, table.add_row(), table.add_row()]
    for table_row in rows:
        wordml.keep_row_together(table_row)
    for index, spec in enumerate(sets):
        column = [cells(table_row)[index] for table_row in rows]
        for cell, part in zip(column, SIGNATURE_PARTS):
            write_signature_part(cell.paragraphs[0], block.cells[index], part, spec)
        column[2].paragraphs[-1].paragraph_format.space_after = SIGNATURE_GAP


def write_row(table_row, row: Row, layout: Layout, sets: list[StyleSet], widths: list[int]) -> None:
    """One row of the layout, each language in its own column."""
    block = row.block
    # a row of a few lines is never split between pages, as in the PDF (layout.short_row):
    # split, it leaves a line alone at a page's foot or head
    person = block is not None and block.role == "person"
    if row.part in KEEP_TOGETHER or person or short_row(layout, row):
        wordml.keep_row_together(table_row)
    for index, (cell, spec) in enumerate(zip(cells(table_row), sets)):
        paragraph = cell.paragraphs[0]
        locale = layout.columns[index].locale
        width = widths[index] - (GUTTER if index < len(widths) - 1 else 0)
        if row.part == "contents-heading":
            paragraph.style = spec.name(CONTENTS_HEADING)
            paragraph.add_run(locale.gettext("Contents"))
            continue
        if row.part == "contents" and block is not None:
            paragraph.style = spec.name(CONTENTS_ENTRY)
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Twips(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            wordml.add_contents_entry(
                paragraph, heading_line(block.cells[index]), bookmark_name(block), ""
            )
            continue
        if block is None:  # the title block and the closing line
            paragraph.style = spec.name(TITLE_STYLES[row.part])
            size = spec.title if row.part == "title" else spec.minor
            breaks_of = functools.partial(balanced, layout, width_twips=width, size=size)
            write_title_part(paragraph, row.part, layout.title[index], breaks_of)
            continue
        found = block.cells[index]
        if row.part == "heading":
            level = min(max(block.level, 1), 3)
            paragraph.style = spec.name(HEADINGS[level - 1])
            if index == 0 and level == 1:  # where a contents entry points
                wordml.add_bookmark(paragraph, bookmark_name(block), layout.body.index(block) + 1)
            size = heading_size(spec, level)
            breaks_of = functools.partial(balanced, layout, width_twips=width, size=size)
            write_heading(paragraph, found, breaks_of)
            if layout.centred(block):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif row.part == "label":
            paragraph.style = spec.name(LABEL)
            write_text(paragraph, found.label or "")
        elif row.part == "testimonium":
            paragraph.style = spec.name(TESTIMONIUM)
            write_text(paragraph, found.label or "")
        elif block.role == "person":
            paragraph.style = spec.name(PERSON_NAME)
            name = found.slots.get("name")
            write_spans(paragraph, name.spans if name else (), strong=None)
            write_roles(cell.add_paragraph(style=spec.name(PERSON_ROLES)), found, locale)
        elif block.role == "table":
            write_table(
                cell,
                paragraph,
                block,
                index,
                spec,
                widths[index] - (GUTTER if index < len(widths) - 1 else 0),
            )
        elif block.role == "item":
            paragraph.style = spec.name(item_style(block, runs_in(found.number)))
            text = found.slots.get("text")
            write_marked(paragraph, found.number, text.spans if text else ())
        else:  # a paragraph, numbered or not
            numbered = RUN_IN if runs_in(found.number) else NUMBERED
            paragraph.style = spec.name(numbered if found.number else BODY)
            text = found.slots.get("text")
            write_marked(paragraph, found.number, text.spans if text else (), found.lead)


def bilingual_count(layout: Layout, block) -> int:
    """The columns of a bilingual table: each language's, and a gutter between each two."""
    return len(bilingual_columns(layout, block, 0.0))


def write_table(cell, paragraph, block, column: int, spec: StyleSet, width: int) -> None:
    """A table block in one language: its caption, then a table of its own in the cell."""
    caption = block.cells[column].slots.get("caption")
    if caption:
        paragraph.style = spec.name(CAPTION)
        write_spans(paragraph, caption.spans)
    table = cell.add_table(rows=0, cols=table_columns(block, column))
    write_data_table(table, block, column, spec, width)
    if not caption:
        wordml.remove_paragraph(paragraph)
    cell.paragraphs[-1].style = spec.name(TABLE_TEXT)  # the paragraph a cell ends with
