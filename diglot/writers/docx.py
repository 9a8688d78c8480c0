"""The Word edition: one language of a document as a styled, reproducible .docx file.

The edition is written from a one-column layout (``diglot.layout``), block by block and by
role: section headings with their generated numbers, list labels, body and numbered
paragraphs, list items with hanging markers, people in a name | roles table, tables with a
repeating header row, and the closing line. Everything that differs between languages
(fonts, Word language tags, line spacing, hyphenation, capitals, the first-line indent)
comes from the column's language profile, and every label from its locale.

Everything a reader sees is carried by named styles (restyle one in Word and every
occurrence follows, defined in ``docx_styles``); the parts of a page (furniture, titles,
headings, runs) are written by ``docx_parts``, shared with the side-by-side Word edition
(``docx_side_by_side``); raw XML that python-docx has no API for lives in ``diglot.wordml``.
"""

from __future__ import annotations

import datetime
import functools
import io
import re

import docx as python_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Pt, Twips

from .. import wordml
from ..layout import Block, Cell, Layout, TitleCell, heading_line, runs_in
from . import marks
from .docx_fonts import font_table, theme_fonts
from .docx_parts import (
    SIGNATURE_PARTS,
    balanced,
    field_spans,
    mark_draft,
    set_page,
    table_columns,
    write_data_table,
    write_heading,
    write_marked,
    write_page_furniture,
    write_roles,
    write_signature_part,
    write_spans,
    write_text,
    write_title_part,
)
from .docx_styles import (
    BODY,
    CAPTION,
    CLOSING,
    CONTENTS_ENTRY,
    CONTENTS_HEADING,
    EDITION_STATUS,
    HEADINGS,
    LABEL,
    NAME_COLUMN,
    NUMBERED,
    PERSON_NAME,
    PERSON_ROLES,
    PERSON_TABLE,
    RUN_IN,
    TABLE_TEXT,
    TESTIMONIUM,
    TEXT_WIDTH,
    TITLE_STYLES,
    ZIP_EPOCH,
    StyleSet,
    WordLanguages,
    define_styles,
    heading_size,
    item_style,
    title_parts,
)


def render_docx(
    layout: Layout, latin_lang: str | None = None, status: marks.Status | None = None
) -> bytes:
    """The .docx bytes of a one-language edition (a layout with one column); the same layout
    gives the same bytes. latin_lang: the Word language of Latin-script words in an East
    Asian edition (by default the default source language's); status: a draft's mark and
    date (in every page header and under the title) or a release's version line."""
    status = status or marks.status(layout, None)
    (column,) = layout.columns
    langs = WordLanguages.of([column.profile], latin_lang)
    spec = StyleSet(column.profile, langs)
    word = new_word_document(langs, column.profile.hyphenate)
    define_styles(word, spec, layout)
    wordml.cache_style_ids(word)
    set_page(word)
    write_page_furniture(word, layout)
    mark_draft(word, status, column.profile.heading_fonts[0], TEXT_WIDTH / 20)
    Writer(word, layout, spec, status=status.lines[layout.columns[0].lang]).write()
    set_properties(word, layout, status.keywords)
    return package(word, layout, [column.profile])


def new_word_document(langs: WordLanguages, hyphenate: bool):
    """An empty python-docx document without the template's leftovers."""
    word = python_docx.Document()
    wordml.drop_template_leftovers(word)
    wordml.set_settings(word, langs.latin, langs.east_asian, hyphenate)
    return word


def package(word, layout: Layout, profiles) -> bytes:
    """The saved file, rewritten so that the same layout always gives the same bytes: every
    entry carries the document's date (not before 1980, the first a ZIP entry can hold)."""
    wordml.drop_spaces_before_page_breaks(word)
    out = io.BytesIO()
    word.save(out)
    stamp = max(document_date(layout).replace(tzinfo=None), ZIP_EPOCH)
    return wordml.reproducible_zip(
        out.getvalue(), stamp.timetuple()[:6], font_table(profiles), theme_fonts(profiles)
    )


def document_date(layout: Layout) -> datetime.datetime:
    """The document's own date in its first language (its first day when only year and
    month are given), in UTC; 1980-01-01 for a document without one."""
    iso = layout.title[0].date_iso
    if not iso:
        return ZIP_EPOCH.replace(tzinfo=datetime.UTC)
    parts = [int(p) for p in iso.split("-")]
    return datetime.datetime(
        parts[0],
        parts[1] if len(parts) > 1 else 1,
        parts[2] if len(parts) > 2 else 1,
        tzinfo=datetime.UTC,
    )


class Writer:
    """Writes one column of a layout into a Word document, block by block."""

    def __init__(
        self, word, layout: Layout, spec: StyleSet, column: int = 0, status: str | None = None
    ):
        self.word, self.layout, self.spec, self.column = word, layout, spec, column
        self.status = status  # the line under the title: a draft's date, a release's version
        self.locale = layout.columns[column].locale
        self.page_break = False
        self.bookmarks = 0

    def write(self) -> None:
        title = self.layout.title[self.column]
        for part in title_parts(self.layout):
            size = self.spec.title if part == "title" else self.spec.minor
            write_title_part(
                self.word.add_paragraph(style=TITLE_STYLES[part]),
                part,
                title,
                functools.partial(balanced, self.layout, width_twips=TEXT_WIDTH, size=size),
            )
        if self.status:  # the draft's date or the version line, under the title
            self.word.add_paragraph(self.status, style=self.spec.name(EDITION_STATUS))
        if self.layout.cover:  # the title block has a page of its own, as in the PDF
            self.page_break = True
        else:  # the text follows the title block, after its 2.5 em (as in the PDF)
            self.word.paragraphs[-1].paragraph_format.space_after = Pt(27.5)
        self.contents()
        self.blocks(self.layout.body)
        if title.closing:
            write_title_part(self.paragraph(CLOSING), "closing", title)

    def contents(self) -> None:
        """The contents, as in the PDF: entries that link to the headings and give their
        pages (PAGEREF fields, which Word and LibreOffice compute), on a page of their own
        after a cover."""
        entries = self.layout.contents()
        if not entries:
            return
        self.paragraph(CONTENTS_HEADING, self.locale.gettext("Contents"))
        for block in entries:
            paragraph = self.paragraph(CONTENTS_ENTRY)
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            wordml.add_contents_entry(
                paragraph, heading_line(block.cells[self.column]), bookmark_name(block), ""
            )
        if self.layout.cover:
            self.page_break = True

    def paragraph(self, style: str, text: str | None = None):
        paragraph = self.word.add_paragraph(text, style=self.spec.name(style))
        if self.page_break:
            paragraph.paragraph_format.page_break_before = True
            self.page_break = False
        return paragraph

    def blocks(self, blocks) -> None:
        """Blocks in order; consecutive people share one name | roles table, consecutive
        signature blocks another."""
        group: list[Block] = []
        for block in (*blocks, None):
            if group and (block is None or block.role != group[0].role):
                (self.people if group[0].role == "person" else self.signatures)(group)
                group = []
            if block is None:
                break
            if block.new_page:
                self.page_break = True
            if block.role in ("person", "signature"):
                group.append(block)
            else:
                self.block(block)

    def block(self, block: Block) -> None:
        cell = block.cells[self.column]
        role = block.role
        if role == "section" and (cell.slots.get("heading") or cell.number):
            level = min(max(block.level, 1), 3)
            heading = self.paragraph(HEADINGS[level - 1])
            if level == 1:  # where a contents entry points
                self.bookmarks += 1
                wordml.add_bookmark(heading, bookmark_name(block), self.bookmarks)
            write_heading(
                heading,
                cell,
                functools.partial(
                    balanced,
                    self.layout,
                    width_twips=TEXT_WIDTH,
                    size=heading_size(self.spec, level),
                ),
            )
            if self.layout.centred(block):
                heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if role in ("section", "list") and cell.label:
            self.paragraph(LABEL, cell.label)
        if role == "paragraph":
            style = (RUN_IN if runs_in(cell.number) else NUMBERED) if cell.number else BODY
            paragraph = self.paragraph(style)
            write_marked(paragraph, cell.number, field_spans(cell.slots.get("text")), cell.lead)
        elif role == "item":
            write_marked(
                self.paragraph(item_style(block, runs_in(cell.number))),
                cell.number,
                field_spans(cell.slots.get("text")),
            )
        elif role == "testimonium":  # kept with the paragraph before and the signatures
            if self.word.paragraphs:
                self.word.paragraphs[-1].paragraph_format.keep_with_next = True
            write_text(self.paragraph(TESTIMONIUM), cell.label or "")
        elif role == "table":
            self.table(block, cell)
            return
        self.blocks(block.children)

    def table(self, block: Block, cell: Cell) -> None:
        caption = cell.slots.get("caption")
        if caption:
            write_spans(self.paragraph(CAPTION), caption.spans)
        self.page_break = False
        table = self.word.add_table(rows=0, cols=table_columns(block, self.column))
        write_data_table(table, block, self.column, self.spec, TEXT_WIDTH)
        self.word.add_paragraph(style=self.spec.name(TABLE_TEXT))  # space after the table

    def signatures(self, blocks: list[Block]) -> None:
        """Signature blocks two to a line (a table without rules), kept with what precedes
        them: a row never splits, and every paragraph keeps with the next. Each pair is
        three rows, the parties', the names' and the titles', so that the names and titles
        stand level however many lines a party takes."""
        self.page_break = False
        table = self.word.add_table(rows=0, cols=2)
        table.style = PERSON_TABLE
        table.autofit = False
        width = Twips(TEXT_WIDTH // 2)
        for column in table.columns:
            column.width = width
        for start in range(0, len(blocks), 2):
            rows = [table.add_row() for _ in range(3)]
            for row in rows:
                wordml.keep_row_together(row)
                for found in row.cells:
                    found.width = width
            for index, block in enumerate(blocks[start : start + 2]):
                for row, part in zip(rows, SIGNATURE_PARTS):
                    paragraph = row.cells[index].paragraphs[0]
                    write_signature_part(paragraph, block.cells[self.column], part, self.spec)
            for found in rows[2].cells:  # a space before the next pair's parties
                found.paragraphs[-1].paragraph_format.space_after = Pt(14)
        self.word.add_paragraph(style=self.spec.name(TABLE_TEXT))

    def people(self, people: list[Block]) -> None:
        """People as a name | roles table; a row never splits across pages."""
        self.page_break = False
        table = self.word.add_table(rows=0, cols=2)
        table.style = PERSON_TABLE
        table.autofit = False
        widths = (Twips(NAME_COLUMN), Twips(TEXT_WIDTH - NAME_COLUMN))
        for column, width in zip(table.columns, widths):
            column.width = width
        for person in people:
            cell = person.cells[self.column]
            row = table.add_row()
            wordml.keep_row_together(row)
            for found, width in zip(row.cells, widths):
                found.width = width
            name_cell, roles_cell = row.cells
            name = name_cell.paragraphs[0]
            name.style = self.spec.name(PERSON_NAME)
            write_spans(name, field_spans(cell.slots.get("name")), strong=None)
            roles = roles_cell.paragraphs[0]
            roles.style = self.spec.name(PERSON_ROLES)
            write_roles(roles, cell, self.locale)


def bookmark_name(block: Block) -> str:
    """The Word bookmark of a section's heading (letters, digits and _ only, at most 40
    characters, starting with a letter)."""
    return ("_Toc_" + re.sub(r"\W", "_", block.id or "section"))[:40]


# -- metadata ---------------------------------------------------------------------------------


def document_title(title: TitleCell) -> str:
    """ "Title · Series" (or the title alone)."""
    return " · ".join(
        title.units[part].main.plain for part in ("title", "series") if title.units.get(part)
    )


def set_properties(word, layout: Layout, keywords: tuple[str, ...] = ()) -> None:
    """Core properties from the content and the document's date, never from the clock."""
    set_core_properties(word, layout, title=document_title(layout.title[0]), keywords=keywords)


def set_core_properties(word, layout: Layout, title: str, keywords: tuple[str, ...] = ()) -> None:
    """Properties in the first column's language: author (the organisers), subject, date;
    keywords: a release's (its version line, a rehearsal's mark), after the series."""
    first, column = layout.title[0], layout.columns[0]
    names = list(first.organisers)
    series = first.units.get("series") or first.units.get("title")
    props = word.core_properties
    subject = series.main.plain if series else ""
    wordml.set_core_texts(
        props,
        title=title,
        subject=subject,
        keywords="; ".join([subject, *keywords] if subject else keywords),
        author=column.locale.gettext(", ").join(names),
        last_modified_by=names[0] if names else "",
        comments="",
    )
    props.language = column.profile.word_lang
    props.created = props.modified = props.last_printed = document_date(layout).replace(tzinfo=None)
    props.revision = 1
