"""The parts of a page both Word writers write: the running head and foot, the draft mark,
title parts with balanced Chinese breaks, headings, marked paragraphs, roles, data tables
and the inline runs of a text (bold, links, joins that keep words together)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Twips

from .. import inline, wordml
from ..inline import Bold, Link, Span, Text
from ..layout import (
    Block,
    Cell,
    Layout,
    TitleCell,
    lead_space,
    lead_text,
    number_joins_heading,
    runs_in,
)
from ..linebreak import address_lines, balance, joins, last_pair, opened, urls
from ..locale import EditionLocale, space_before
from ..script import HAN, OPENING, is_wide, text_ems
from ..tables import bilingual_columns, column_shares, figure_columns
from . import marks
from .docx_fonts import text_points
from .docx_styles import (
    CAPTION,
    DATA_TABLE,
    FOOTER,
    HEADER,
    HYPERLINK,
    PAGE,
    PARTY,
    SIGNATORY,
    STRONG,
    TABLE_HEADING,
    TABLE_TEXT,
    StyleSet,
)

# -- page -------------------------------------------------------------------------------------


def set_page(word, page: dict[str, int] | None = None) -> None:
    """A4 (the PDF's text width unless `page` says otherwise); no running header or footer
    on page 1, which has the title."""
    section = word.sections[0]
    set_a4(section, page or PAGE)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False


def set_a4(section, page: dict[str, int]) -> None:
    """Page size, margins and header/footer distances (twips) of one section."""
    section.page_width, section.page_height = Twips(page["width"]), Twips(page["height"])
    section.left_margin = section.right_margin = Twips(page["side"])
    section.top_margin, section.bottom_margin = Twips(page["top"]), Twips(page["bottom"])
    section.header_distance = Twips(page["header"])
    section.footer_distance = Twips(page["footer"])


def running_head(title: TitleCell) -> tuple[str, str]:
    """The page header's left and right text: the reference (or the series) and the short
    title (or the title), shortened by the layout to fit on one line."""
    running = title.running
    return running.get("left", ""), running.get("right", "")


def write_page_furniture(word, layout: Layout) -> None:
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.style = HEADER
    left, right = running_head(layout.title[0])
    if left:
        header.add_run(left)
    header.add_run().add_tab()
    header.add_run(right)
    footer = section.footer.paragraphs[0]
    footer.style = FOOTER
    write_page_label(footer, layout.columns[0].locale)


def mark_draft(word, status: marks.Status, font: str, width_pt: float) -> None:
    """A draft's mark as a Word watermark (light grey, diagonal, behind the text) on every
    page of every section, first pages too: each language's mark ("DRAFT · 草案") in the
    font given (one that has every language's letters)."""
    if not status.draft:
        return
    number = 0
    for section in word.sections:
        for header in (section.header, section.first_page_header):
            number += 1
            wordml.add_watermark(header.paragraphs[0], status.mark, font, number, width_pt)


def write_page_label(paragraph, locale: EditionLocale, style: str | None = None) -> None:
    """The edition's "Page {page} of {pages}" label with live PAGE and NUMPAGES fields."""
    parts = re.split(r"\{(page|pages)\}", locale.gettext("Page {page} of {pages}"))
    for i, part in enumerate(parts):
        if i % 2:
            wordml.add_field(paragraph, "PAGE" if part == "page" else "NUMPAGES", "1", style)
        elif part:
            paragraph.add_run(part, style=style)


# -- content ----------------------------------------------------------------------------------


def write_title_part(paragraph, part: str, title: TitleCell, breaks_of=None) -> None:
    """One part of the title block (series, title, subtitle, reference, place) or the
    closing line, in one language; the paragraph already has its style. breaks_of: where
    a text of a title part breaks (text -> offsets; balanced)."""
    if part == "place":
        place = title.units.get("place")
        if title.date:
            run = paragraph.add_run(title.date)
            if place:
                run.add_break()
        if place:
            write_spans(paragraph, place.main.spans)
    elif part == "reference" and "reference" not in title.units:  # a code, not a text
        paragraph.add_run(title.codes.get("reference", ""))
    elif part == "status":
        write_text(paragraph, title.status or "")
    elif part == "closing":
        write_text(paragraph, title.closing or "")
    elif title.units.get(part):
        main = title.units[part].main
        write_spans(
            paragraph,
            main.spans,
            strong=None if part in ("series", "title") else STRONG,
            breaks=breaks_of(main.plain) if breaks_of else (),
        )


def write_heading(paragraph, cell: Cell, breaks_of=None) -> None:
    """A section's number and heading: the heading on a line of its own under a Latin
    number, after an ideographic space on the line of a full-width one (第一章　总则:
    layout.number_joins_heading). breaks_of: where the heading's text breaks (text ->
    offsets; balanced)."""
    heading = cell.slots.get("heading")
    if cell.number:
        if heading and number_joins_heading(cell.number):
            paragraph.add_run(cell.number + "\u3000")
        else:
            run = paragraph.add_run(cell.number)
            if heading:
                run.add_break()
    if heading:
        breaks = breaks_of(heading.plain) if breaks_of else ()
        write_spans(paragraph, heading.spans, strong=None, breaks=breaks)


def write_marked(paragraph, marker: str | None, spans, lead: str | None = None) -> None:
    """Text after a hanging marker ("1.", "(a)", "•") and a tab, or after a marker that runs
    in (一、, （一）, ——: layout.runs_in) with nothing between; lead: a section's number run
    into the text, bold (第一条　为了……: Cell.lead)."""
    if marker:
        paragraph.add_run(marker)
        if not runs_in(marker):
            paragraph.add_run().add_tab()
    if lead:
        paragraph.add_run(lead_text(lead)).bold = True
        paragraph.add_run(lead_space(lead))
    write_spans(paragraph, spans)


SIGNATURE_PARTS = ("party", "name", "title")


def write_signature_part(paragraph, block_cell: Cell, part: str, spec: StyleSet) -> None:
    """One part of a signature block (SIGNATURE_PARTS), each in a table row of its own so
    that the parts of blocks side by side stand level: for whom ("For the Republic of
    Varnholm:", the space to sign in after it), the signatory's name, their title."""
    if part == "party":
        paragraph.style = spec.name(PARTY)
        write_text(paragraph, block_cell.label or "")
        return
    paragraph.style = spec.name(SIGNATORY)
    field = block_cell.slots.get(part)
    if field is not None:
        write_spans(paragraph, field.spans)


def write_roles(paragraph, cell: Cell, locale: EditionLocale) -> None:
    """A person's roles, then the mark's label ("(American delegation leader)") if any."""
    roles, mark = cell.slots.get("roles"), cell.slots.get("mark")
    if roles:
        write_spans(paragraph, roles.spans)
    if mark:
        label = locale.gettext("({leader})")
        space = space_before(label) if roles else ""
        if space:
            paragraph.add_run(space)
        for i, part in enumerate(re.split(r"\{(leader)\}", label)):
            if i % 2:
                write_spans(paragraph, mark.spans)
            elif part:
                paragraph.add_run(part)


def table_rows(block: Block) -> list[tuple[bool, Block]]:
    """A table's rows as (is a header row, row), header rows first as written."""
    return [
        (row.role == "header-row", row)
        for row in block.children
        if row.role in ("row", "header-row")
    ]


def write_data_table(table, block: Block, column: int, spec: StyleSet, width: int) -> None:
    """A table block's rows into an empty python-docx table of enough columns, sized by
    their content (layout.column_shares), figures right-aligned, header rows repeated at the
    top of every page it runs onto."""
    count = len(table.columns)
    table.style = DATA_TABLE
    table.autofit = False
    wordml.set_table_width(table, width)
    shares = column_shares(block, column)
    shares += [0.0] * (count - len(shares))
    widths = [round(width * share) for share in shares[:count]]
    widths[-1] += width - sum(widths)
    widths = fitted(widths, least_widths(block, column, spec, count))
    for col, w in zip(table.columns, widths):
        col.width = Twips(w)
    figures = figure_columns(block, column)
    for header, row in table_rows(block):
        cells = row.cells[column].slots.get("cells") or []
        added = table.add_row()
        if header:
            wordml.repeat_as_header(added)
        wordml.keep_row_together(added)
        for j, (cell, w, field) in enumerate(zip(added.cells, widths, [*cells, *[None] * count])):
            cell.width = Twips(w)
            write_table_cell(cell.paragraphs[0], field, header, j in figures, spec)


def write_table_cell(paragraph, field, header: bool, figure: bool, spec: StyleSet) -> None:
    """One cell's text of a data table: a heading or a body cell, right-aligned in a column
    of figures."""
    paragraph.style = spec.name(TABLE_HEADING if header else TABLE_TEXT)
    if figure:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if field is not None:
        write_spans(paragraph, field.spans, strong=None if header else STRONG)


def write_bilingual_table(table, layout: Layout, block: Block, specs, width: int, gutter: int):
    """A data table of the side-by-side edition as one table across the languages' columns
    (layout.bilingual_columns), each language's cells under its column and an empty gutter
    column without rules between them, so that the languages' rows stay level: the
    captions first, then the header rows (repeated on every page) and the rows."""
    columns = bilingual_columns(layout, block, gutter / width)
    table.style = DATA_TABLE
    table.autofit = False
    wordml.set_table_width(table, width)
    widths = [round(width * share) for _, share in columns]
    widths[-1] += width - sum(widths)
    for i in range(len(layout.columns)):  # each language's columns within its share
        mine = [j for j, (lang, _) in enumerate(columns) if lang == i]
        least = least_widths(block, i, specs[i], len(mine))
        for j, fit in zip(mine, fitted([widths[j] for j in mine], least)):
            widths[j] = fit
    for col, w in zip(table.columns, widths):
        col.width = Twips(w)
    langs = range(len(layout.columns))
    figures = [figure_columns(block, i) for i in langs]
    captions = [block.cells[i].slots.get("caption") for i in langs]
    rows: list[tuple[str, Block | None]] = [("caption", None)] if any(captions) else []
    rows += [("header" if header else "row", row) for header, row in table_rows(block)]
    for kind, row in rows:
        added = table.add_row()
        wordml.keep_row_together(added)
        if kind != "row":
            wordml.repeat_as_header(added)
        cells = list(added.cells)
        for cell, w in zip(cells, widths):
            cell.width = Twips(w)
        at = 0
        for i in langs:
            span = sum(1 for lang, _ in columns if lang == i)
            own = cells[at : at + span]
            if kind == "caption":
                merged = own[0].merge(own[-1]) if span > 1 else own[0]
                wordml.clear_cell_borders(merged)
                paragraph = merged.paragraphs[0]
                paragraph.style = specs[i].name(CAPTION)
                write_spans(paragraph, field_spans(captions[i]))
            else:
                fields = (row.cells[i].slots.get("cells") if row else None) or []
                for j, cell in enumerate(own):
                    field = fields[j] if j < len(fields) else None
                    write_table_cell(
                        cell.paragraphs[0], field, kind == "header", j in figures[i], specs[i]
                    )
            at += span
            if i < len(layout.columns) - 1:
                wordml.clear_cell_borders(cells[at])
                at += 1


CELL_MARGINS = 2 * 85  # a data table cell's left and right margins (DATA_TABLE), twips
CELL_SLACK = 1.04  # measured widths a little wider: Word and LibreOffice lay out with hinting


def unbreakable(text: str) -> list[str]:
    """The pieces of a cell's text no line breaks inside, as Word and LibreOffice break it:
    between words (not inside a join of linebreak.joins: a number with its unit), around a
    Chinese character, after a hyphen before a letter, and where an address may break."""
    kept = joins(text)
    places = {0, len(text)}
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if (
            before.isspace()
            or after.isspace()
            or is_wide(before)
            or is_wide(after)
            or (before == "-" and after.isalpha())
        ):
            places.add(i)
    places |= _address_breaks(text, [])
    places = {p for p in places if not any(a < p < b for a, b in kept)}
    cuts = sorted(places)
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def least_widths(block: Block, column: int, spec: StyleSet, count: int) -> list[int]:
    """The least width of each column of a data table (twips, with the cell's margins): its
    widest unbreakable piece (unbreakable) as its cells' fonts set it (a header row's in the
    bold sans face), so that no figure or word is broken inside."""
    size = spec.body.pt - 1  # TABLE_TEXT and TABLE_HEADING
    least = [0] * count
    for header, row in table_rows(block):
        fonts = spec.fonts(sans=header)
        for j, field in enumerate((row.cells[column].slots.get("cells") or [])[:count]):
            for piece in unbreakable(field.plain):
                points = text_points(piece, fonts, header, size) * CELL_SLACK
                least[j] = max(least[j], math.ceil(points * 20) + CELL_MARGINS)
    return least


def fitted(widths: list[int], least: list[int]) -> list[int]:
    """Column widths (twips) made at least their least widths, what a narrow column gains
    taken from the others in proportion to what they have beyond their own least; the total
    unchanged. When the least widths do not fit the total, each gets its share of it in
    proportion to its least width."""
    total = sum(widths)
    if sum(least) >= total:
        found = [total * low // max(sum(least), 1) for low in least]
    else:
        short = sum(max(low - w, 0) for w, low in zip(widths, least))
        spare = [max(w - low, 0) for w, low in zip(widths, least)]
        found = [
            max(w, low) - (short * extra // sum(spare) if sum(spare) else 0)
            for w, low, extra in zip(widths, least, spare)
        ]
    found[-1] += total - sum(found)
    return found


def table_columns(block: Block, column: int) -> int:
    return max(
        [1, *(len(row.cells[column].slots.get("cells") or []) for _, row in table_rows(block))]
    )


def field_spans(field) -> tuple:
    return field.spans if field is not None else ()


def write_spans(
    paragraph,
    spans: tuple[Span, ...],
    style: str | None = None,
    strong: str | None = STRONG,
    breaks: Collection[int] = (),
) -> list:
    """Runs for inline markup: bold as the Strong character style, links as hyperlinks;
    what no line may break inside (linebreak.joins) joined (a no-break space, or a word
    joiner U+2060 between a number and the Chinese measure word after it), and a line break
    before each plain-text offset in breaks (a balanced title's lines). A web or e-mail
    address breaks only where a typesetter breaks one (linebreak.address_lines: after a
    slash, before a dot, the @ or a hyphen), each such place marked by a zero-width space,
    and never after a hyphen of its own, each held to what follows by a word joiner (both marks
    wordml.add_line_mark, which a reader drops). Word's non-breaking hyphen would do for
    Word, but LibreOffice then breaks the address inside a word.

    In a paragraph whose style is bold already, pass strong=None: Word treats bold as a
    toggle across styles, so Strong on bold text would make it regular."""
    plain = inline.plain_text(spans)
    kept = joins(plain)
    pair = last_pair(plain)
    if pair is not None:  # no Chinese text ends with one character alone on a line
        kept.append(pair)
    hyphens, openings = _address_hyphens(plain), _address_breaks(plain, kept)
    runs: list = []

    def visit(children: tuple[Span, ...], style: str | None, offset: int) -> int:
        for span in children:
            if isinstance(span, Text):
                runs.extend(
                    _text_runs(paragraph, span.text, offset, style, kept, breaks, hyphens, openings)
                )
                offset += len(span.text)
            elif isinstance(span, Bold):
                offset = visit(span.children, strong or style, offset)
            elif isinstance(span, Link):
                first = len(runs)
                offset = visit(span.children, style or HYPERLINK, offset)
                wordml.wrap_in_hyperlink(paragraph, runs[first:], span.href)
        return offset

    visit(spans, style, 0)
    return runs


def write_text(paragraph, text: str) -> list:
    """Runs for a plain text (a label, the status line, the testimonium, the closing line)
    with its joins, as write_spans: no Chinese text ends with one character alone."""
    return write_spans(paragraph, (Text(text),)) if text else []


WORD_JOINER = "\u2060"
# The marks of a range of numbers (2026—2035年, 5～7年): Word and LibreOffice break before
# and after a dash, so a word joiner holds each to the numbers of its join.
RANGE_MARKS = "\u2013\u2014\u301c\uff5e~"


def _joined(text: str, offset: int, kept: list[tuple[int, int]]) -> str:
    """A text run with its joins: spaces inside them no-break spaces, a word joiner
    between a digit, a Chinese character or an opening bracket and a Chinese character or
    an opening bracket after it, and on each side of the dash of a range (2026—2035年)."""
    chars = list(text)
    for start, end in kept:
        for i in range(max(start, offset), min(end, offset + len(text))):
            at = i - offset
            if chars[at] == " ":
                chars[at] = "\u00a0"
            elif (
                at > 0
                and i > start
                and (chars[at] in RANGE_MARKS or chars[at - 1][-1:] in RANGE_MARKS)
                and (chars[at - 1][-1:] + chars[at])[0] not in " \u00a0"
            ):
                chars[at] = WORD_JOINER + chars[at]
            elif (
                at > 0
                and i > start
                and (
                    chars[at - 1][-1:].isdigit()
                    or HAN.match(chars[at - 1][-1:])
                    or chars[at - 1][-1:] in OPENING
                )
                and (HAN.match(chars[at]) or chars[at] in OPENING)
            ):
                chars[at] = WORD_JOINER + chars[at]
    return "".join(chars)


def _address_hyphens(plain: str) -> set[int]:
    """The offsets of the hyphens of the web and e-mail addresses in a text: no line ends
    at one (a hyphenated word, or part of the address?)."""
    found: set[int] = set()
    for start, end in urls(plain):
        address = plain[start:end]
        found.update(start + i for i, char in enumerate(address) if char == "-")
    return found


def _address_breaks(plain: str, kept: list[tuple[int, int]]) -> set[int]:
    """The offsets in a text before which a line may break inside a web or e-mail address
    (linebreak.address_lines), but for those inside what no line may break in (kept)."""
    found: set[int] = set()
    for start, end in urls(plain):
        _, breaks = address_lines(plain[start:end])
        found.update(start + b for b in breaks)
    return {b for b in found if not any(a < b < e for a, e in kept)}


def _text_runs(
    paragraph, text, offset, style, kept, breaks, hyphens=frozenset(), openings=frozenset()
) -> list:
    end = offset + len(text)
    lines = {b - offset for b in breaks if offset < b < end}
    own = {h - offset for h in hyphens if offset <= h < end}
    gaps = {o - offset for o in openings if offset <= o < end}
    cuts = sorted({0, len(text), *lines, *own, *(h + 1 for h in own), *gaps})
    runs = []
    for a, b in zip(cuts, cuts[1:]):
        if a in gaps:  # a line may break here, inside an address: a zero-width space
            runs.append(wordml.add_line_mark(paragraph, wordml.ZERO_WIDTH_SPACE, style))
        if a in own:  # an address's own hyphen, held to what follows by a word joiner
            run = paragraph.add_run("-", style=style)
            runs.append(run)
            run = wordml.add_line_mark(paragraph, wordml.WORD_JOINER, style)
        else:
            run = paragraph.add_run(_joined(text[a:b], offset + a, kept), style=style)
        runs.append(run)
        if b in lines:  # a balanced title's line ends here
            run.add_break()
    return runs


def balanced(layout: Layout, text: str, width_twips: int, size: Length) -> tuple[int, ...]:
    """Where a Chinese title or heading breaks in Word: of the places it may break
    (layout.breaks), those of balanced lines, the lines measured by estimate (CJK
    characters one em, Latin letters about half) in a width a little short of the
    paragraph's, since Word measures the fonts itself."""
    offsets = layout.breaks.get(text)
    if offsets is None:
        return ()
    ems = width_twips / 20 / size.pt * 0.96
    # a term or name kept whole that no line holds breaks between its words (Word would
    # break it anywhere: 贸易投 / 资)
    offsets = opened(text, offsets, lambda piece: text_ems(piece) <= ems)
    if not offsets:
        return ()
    chosen = balance([text_ems(text[:o]) for o in offsets], text_ems(text), ems)
    return tuple(offsets[i] for i in chosen)
