"""The Word edition: one language of a document as a styled, reproducible .docx file.

The edition is written from a one-column layout (``diglot.layout``), block by block and by
role: section headings with their generated numbers, list labels, body and numbered
paragraphs, list items with hanging markers, people in a name | roles table, tables with a
repeating header row, and the closing line. Everything that differs between languages
(fonts, Word language tags, line spacing, hyphenation, capitals, the first-line indent)
comes from the column's language profile, and every label from its locale.

Everything a reader sees is carried by named styles (restyle one in Word and every
occurrence follows); raw XML that python-docx has no API for lives in ``_wordxml``. The
style sets, inline runs, labels and packaging here are shared with the side-by-side Word
edition (``docx_side_by_side``).
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from collections.abc import Collection
from dataclasses import dataclass

import docx as python_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Length, Pt, RGBColor, Twips

from .. import inline
from ..diagnostics import Location, Reporter
from ..inline import Bold, Link, Span, Text
from ..languages import BUILTIN_DIR, DEFAULT_SOURCE, Profile, find_profile
from ..layout import Block, Cell, Layout, TitleCell
from ..linebreak import balance, joins
from ..locale import EditionLocale, space_before
from ..script import HAN, is_wide, text_ems
from . import _wordxml, marks

# Extra space between East Asian and Latin letters or digits: none, like the PDF edition and
# official PRC documents (TYPOGRAPHY.md: one policy per edition, as a setting).
CJK_LATIN_SPACE = False

# A4; the text block is 38 characters of 11 pt (418 pt, about 147 mm) like the PDF, so lines
# of pure Chinese end flush with the margin.
BODY_SIZE = Pt(11)
PAGE = {
    "width": 11906,
    "height": 16838,
    "side": 1773,
    "top": 1417,
    "bottom": 1247,
    "header": 709,
    "footer": 624,
}
TEXT_WIDTH = PAGE["width"] - 2 * PAGE["side"]
NAME_COLUMN = round(TEXT_WIDTH * 0.3)
BLACK, GREY, RULE = RGBColor(0x11, 0x11, 0x11), RGBColor(0x55, 0x55, 0x55), "888888"
# The hanging marker of a numbered paragraph or item is at least this many ems wide (the
# widest marker of the document decides when it is wider).
MARKER_EMS = 2.0
MARKER_EMS_EAST_ASIAN = 2.5

# Paragraph and character styles (built-in names where Word has one).
TITLE, SERIES, SUBTITLE, REFERENCE = "Title", "Subtitle", "Document Subtitle", "Reference"
DATE_PLACE, CLOSING = "Date and Place", "Closing"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
HEADING = HEADINGS[0]
BODY, NUMBERED, LABEL = "Body Text", "Numbered Paragraph", "List Label"
ITEMS = ("List Item", "List Item 2", "List Item 3")
PERSON_NAME, PERSON_ROLES = "Person Name", "Person Roles"
CAPTION, TABLE_HEADING, TABLE_TEXT = "Caption", "Table Heading", "Table Text"
PERSON_TABLE, DATA_TABLE = "Person Table", "Data Table"
STRONG, HYPERLINK = "Strong", "Hyperlink"
HEADER, FOOTER = "Header", "Footer"
# The title block's parts (Layout.rows) and the style of each.
TITLE_STYLES = {
    "series": SERIES,
    "title": TITLE,
    "subtitle": SUBTITLE,
    "reference": REFERENCE,
    "place": DATE_PLACE,
    "closing": CLOSING,
}
# Paragraph styles set in the column's language (fonts, language, sizes of their own).
TEXT_STYLES = (
    TITLE,
    SERIES,
    SUBTITLE,
    REFERENCE,
    DATE_PLACE,
    CLOSING,
    *HEADINGS,
    BODY,
    NUMBERED,
    LABEL,
    *ITEMS,
    PERSON_NAME,
    PERSON_ROLES,
    CAPTION,
    TABLE_HEADING,
    TABLE_TEXT,
)
ZIP_EPOCH = datetime.datetime(1980, 1, 1)  # the earliest time a ZIP entry can carry


# -- languages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordLanguages:
    """The Word language tags of an edition: `latin` for Latin-script text everywhere (Latin
    words inside Chinese stay tagged with it, as Word does: tagged zh-CN, LibreOffice breaks
    lines inside them, "A|I"), and `east_asian` for East Asian text, if a column has any."""

    latin: str
    east_asian: str | None

    @classmethod
    def of(cls, profiles, latin: str | None = None) -> WordLanguages:
        own = [p.word_lang for p in profiles if not p.word_east_asian]
        east = [p.word_lang for p in profiles if p.word_east_asian]
        return cls(latin or (own[0] if own else default_latin_lang()), east[0] if east else None)


@functools.cache
def default_latin_lang() -> str:
    """The Word language of the default source language's profile: Latin words in an East
    Asian edition whose layout names no Latin-script language are tagged with it."""
    profile = find_profile(DEFAULT_SOURCE, None, Reporter(), Location(str(BUILTIN_DIR)))
    if profile is None or profile.word_east_asian:
        raise ValueError("the default source language has no usable profile")
    return profile.word_lang


def style_fonts(profile: Profile, sans: bool) -> tuple[str, str]:
    """(Latin, East Asian) font of a profile's body (serif) or heading (sans) text: its own
    family where its script is, a fallback family for the other script."""
    own = (profile.heading_fonts or profile.body_fonts)[0] if sans else profile.body_fonts[0]
    fallbacks = profile.fallback_fonts or (own,)
    other = fallbacks[min(1, len(fallbacks) - 1)] if sans else fallbacks[0]
    return (other, own) if profile.word_east_asian else (own, other)


def font_table(profiles) -> list[tuple[str, str | None, str]]:
    """Every family the edition's styles name as (name, Windows character set of an East
    Asian face or None, family kind), for word/fontTable.xml."""
    found: dict[str, tuple[str, str | None, str]] = {}
    for profile in profiles:
        east = next((p.word_charset for p in profiles if p.word_east_asian), None)
        for sans in (False, True):
            latin, east_asian = style_fonts(profile, sans)
            kind = "swiss" if sans else "roman"
            found.setdefault(latin, (latin, None, kind))
            found.setdefault(east_asian, (east_asian, east if east_asian != latin else None, kind))
    return list(found.values())


def indent_ems(profile: Profile) -> float:
    """The profile's first-line indent of body paragraphs in ems ("2em" -> 2.0)."""
    found = re.fullmatch(r"\s*([\d.]+)\s*em\s*", profile.first_line_indent or "")
    return float(found[1]) if found else 0.0


def marker_ems(text: str) -> float:
    """Roughly how wide a marker ("24.", "(iii)", "（十二）") is set, in ems."""
    width = 0.0
    for char in text:
        if is_wide(char):
            width += 1.0
        elif char in ".,:;()[]iIlj'|" or char.isspace():
            width += 0.3
        else:
            width += 0.6
    return width


# -- the edition -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StyleSet:
    """One language's paragraph styles in an edition: its profile, the sizes they are set
    in, and the suffix that tells them apart from another language's set in the same file
    ("Body Text (Chinese)" beside "Body Text"). A set with a suffix is based on the set
    without one (`base`, the profile of that set)."""

    profile: Profile
    langs: WordLanguages
    body: Length = BODY_SIZE
    title: Length = Pt(21)
    minor: Length = Pt(11.5)  # the series above the title, the date and place
    heading: Length = Pt(12.5)
    top: Length = Twips(2268)  # the title block starts 40 mm from the top of the page
    suffix: str = ""
    base: Profile | None = None
    tag_language: bool = False  # name the language in every style, not only in docDefaults

    @property
    def east_asian(self) -> bool:
        return self.profile.word_east_asian

    def name(self, base: str) -> str:
        return base + self.suffix

    def style_id(self, base: str) -> str:
        return re.sub(r"\W", "", self.name(base))

    def fonts(self, sans: bool = False) -> tuple[str, str]:
        return style_fonts(self.profile, sans)

    def marker_width(self, markers: list[str]) -> int:
        """The hanging indent (twips) that fits every marker of one style."""
        least = MARKER_EMS_EAST_ASIAN if self.profile.cjk else MARKER_EMS
        ems = max([least, *(marker_ems(m) + 0.5 for m in markers)])
        return round(ems * self.body.twips)


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
    _wordxml.cache_style_ids(word)
    set_page(word)
    write_page_furniture(word, layout)
    mark_draft(word, status, column.profile.heading_fonts[0], TEXT_WIDTH / 20)
    Writer(word, layout, spec, status=status.lines[layout.columns[0].lang]).write()
    set_properties(word, layout)
    return package(word, layout, [column.profile])


def new_word_document(langs: WordLanguages, hyphenate: bool):
    """An empty python-docx document without the template's leftovers."""
    word = python_docx.Document()
    _wordxml.drop_template_leftovers(word)
    _wordxml.set_settings(word, langs.latin, langs.east_asian, hyphenate)
    return word


def package(word, layout: Layout, profiles) -> bytes:
    """The saved file, rewritten so that the same layout always gives the same bytes: every
    entry carries the document's date (not before 1980, the first a ZIP entry can hold)."""
    out = io.BytesIO()
    word.save(out)
    stamp = max(document_date(layout).replace(tzinfo=None), ZIP_EPOCH)
    return _wordxml.reproducible_zip(out.getvalue(), stamp.timetuple()[:6], font_table(profiles))


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


def title_parts(layout: Layout) -> list[str]:
    """The title block's parts in order: series, title, subtitle, reference, place."""
    return [row.part for row in layout.rows() if row.block is None and row.part != "closing"]


# -- styles -----------------------------------------------------------------------------------


def define_styles(word, spec: StyleSet, layout: Layout) -> None:
    """Set up every style the edition uses."""
    define_defaults(word, spec)
    define_text_styles(word, spec, layout, 0)
    never_hyphenate(word, spec)
    define_table_styles(
        word, spec, person_margins={"top": 77, "bottom": 77, "left": 0, "right": 220}
    )
    define_furniture_styles(word, spec, TEXT_WIDTH)
    define_hyperlink_style(word)


# Titles, headings and names are never hyphenated (w:suppressAutoHyphens in their styles).
UNHYPHENATED = (TITLE, SERIES, SUBTITLE, *HEADINGS, LABEL, PERSON_NAME)


def never_hyphenate(word, spec: StyleSet) -> None:
    for base in UNHYPHENATED:
        if spec.name(base) in word.styles:
            _wordxml.set_style_switch(word.styles[spec.name(base)], "suppressAutoHyphens", True)


def define_defaults(word, spec: StyleSet) -> None:
    """Document defaults: the first set's Latin and East Asian serif fonts and the edition's
    Word languages, no theme fonts anywhere."""
    _wordxml.strip_theme_fonts(word)
    latin, east_asian = spec.fonts()
    _wordxml.set_document_defaults(
        word,
        latin,
        east_asian,
        spec.langs.latin,
        spec.langs.east_asian,
        hint_east_asia=spec.east_asian,
    )


def _style_names(word) -> set[str]:
    """The names of the document's styles, kept as they are added (python-docx answers
    `name in styles` by scanning every style)."""
    names = getattr(word, "_style_names", None)
    if names is None:
        names = {style.name for style in word.styles}
        word._style_names = names
    return names


def paragraph_style(word, spec: StyleSet, base_name: str, sans: bool = False, base: str = "Normal"):
    """The paragraph style base_name of spec's set, with its fonts, language and colour.

    In a set with a suffix the style is based on its namesake without one, sets its own
    size and line spacing, and takes the East Asian hint and language of its language."""
    styles = word.styles
    name = spec.name(base_name)
    names = _style_names(word)
    if name in names:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id(base_name)
        names.add(name)
    if spec.suffix:
        style.base_style = styles[base_name]
    else:
        style.base_style = styles[base] if name != "Normal" else None
    style.quick_style = True
    _wordxml.set_style_fonts(style, *spec.fonts(sans), hint_east_asia=spec.east_asian)
    if spec.east_asian:
        _wordxml.set_style_language(style, spec.langs.latin, spec.profile.word_lang)
    elif spec.tag_language:
        _wordxml.set_style_language(style, spec.profile.word_lang, spec.langs.east_asian)
    style.font.color.rgb = BLACK
    return style


def define_text_styles(word, spec: StyleSet, layout: Layout, column: int) -> None:
    """The styles of the text itself, from the title to the closing line, in spec's set
    (column: the layout column it sets, whose markers size the hanging indents). A set
    based on another language's gives each body style its own size and line spacing."""
    profile = spec.profile
    # capitals where the language wants them; a set based on another language's says so
    # either way (it would inherit the other's)
    caps = True if profile.headings_uppercase else False if spec.suffix else None
    own_sizes = bool(spec.suffix)
    indent = indent_ems(profile)
    base_indent = indent_ems(spec.base) if spec.base else 0.0

    def body_style(base_name: str, sans: bool = False):
        style = paragraph_style(word, spec, base_name, sans)
        if own_sizes:
            style.font.size = spec.body
            style.paragraph_format.line_spacing = profile.word_line_spacing
        return style

    if not spec.suffix:  # a language's own file: its body size and line spacing on Normal
        normal = paragraph_style(word, spec, "Normal")
        normal.font.size = spec.body
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing = profile.word_line_spacing
        fmt.widow_control = True
    if spec.east_asian:  # paragraph switches that only act next to East Asian text
        for switch in ("autoSpaceDE", "autoSpaceDN"):
            _wordxml.set_style_switch(word.styles["Normal"], switch, CJK_LATIN_SPACE)

    first = (title_parts(layout) or ["title"])[0]
    title = paragraph_style(word, spec, TITLE, sans=True)
    _wordxml.clear_style_paragraph(title, "pBdr", "contextualSpacing")
    title.font.size, title.font.bold, title.font.all_caps = spec.title, True, caps
    _centred(title, before=0, after=Pt(24), keep=True)

    series = paragraph_style(word, spec, SERIES, sans=True)
    _wordxml.clear_style_paragraph(series, "numPr")
    series.font.size, series.font.bold, series.font.italic = spec.minor, True, False
    series.font.all_caps = caps
    _centred(series, before=0, after=Pt(14), keep=True)

    subtitle = paragraph_style(word, spec, SUBTITLE, sans=True)
    subtitle.font.size, subtitle.font.bold = spec.minor, False
    _centred(subtitle, before=0, after=Pt(14), keep=True)

    reference = paragraph_style(word, spec, REFERENCE)
    reference.font.size = spec.minor
    _centred(reference, before=0, after=Pt(14), keep=True)

    top = word.styles[spec.name(TITLE_STYLES.get(first, TITLE))]
    top.paragraph_format.space_before = spec.top

    date_place = paragraph_style(word, spec, DATE_PLACE)
    date_place.font.size, date_place.font.all_caps = spec.minor, caps
    _centred(date_place, before=0, after=0, keep=False)
    date_place.paragraph_format.line_spacing = 1.6

    closing = body_style(CLOSING)
    fmt = closing.paragraph_format
    fmt.alignment, fmt.space_before, fmt.keep_together = WD_ALIGN_PARAGRAPH.RIGHT, Pt(24), True

    for level, name in enumerate(HEADINGS, 1):
        heading = paragraph_style(word, spec, name, sans=True)
        size = heading_size(spec, level)
        heading.font.size, heading.font.bold = size, True
        heading.font.all_caps = caps if level == 1 else None
        heading.font.italic = False
        fmt = heading.paragraph_format
        fmt.space_before = Pt(20) if level == 1 else Pt(14)
        fmt.space_after, fmt.line_spacing = Pt(8) if level == 1 else Pt(6), 1.15
        fmt.keep_with_next = fmt.keep_together = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT

    body = body_style(BODY)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_after = Pt(0) if indent else Pt(8)  # indented paragraphs need no gap
    if indent:  # in characters, first line only, body paragraphs only
        _wordxml.set_style_first_line_chars(
            body, round(indent * 100), round(indent * spec.body.twips)
        )
    elif base_indent:  # the set it is based on indents; this language does not
        _wordxml.set_style_first_line_chars(body, 0, 0)

    markers = style_markers(layout, column)
    numbered = body_style(NUMBERED)
    fmt = numbered.paragraph_format
    fmt.alignment, fmt.space_after = WD_ALIGN_PARAGRAPH.JUSTIFY, body.paragraph_format.space_after
    if indent:
        fmt.space_after = Pt(4)
    hanging = spec.marker_width(markers.get(NUMBERED, []))
    _hang(numbered, 0, hanging)

    label = body_style(LABEL)
    label.font.bold = True
    fmt = label.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(11), Pt(4), True

    left = hanging if markers.get("nested") else 0
    for name in ITEMS:
        item = body_style(name)
        fmt = item.paragraph_format
        fmt.alignment, fmt.space_after = WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(5.5)
        width = spec.marker_width(markers.get(name, []))
        _hang(item, left, width)
        left += width

    person_name = body_style(PERSON_NAME, sans=True)
    person_name.font.bold = True
    body_style(PERSON_ROLES)

    caption = body_style(CAPTION)
    caption.font.bold, caption.font.italic = False, not profile.cjk  # no slanted Chinese
    fmt = caption.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(8), Pt(4), True
    for name, bold in ((TABLE_HEADING, True), (TABLE_TEXT, False)):
        cell = body_style(name, sans=bold)
        cell.font.bold = bold
        cell.font.size = Pt(spec.body.pt - 1)
        cell.paragraph_format.line_spacing = 1.0 if not profile.cjk else 1.15
        cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def style_markers(layout: Layout, column: int) -> dict:
    """The markers each numbered style shows in one column (to size its hanging indent),
    and whether items sit inside numbered paragraphs ("nested")."""
    found: dict = {}

    def visit(block: Block, inside_numbered: bool) -> None:
        cell = block.cells[column]
        numbered = block.role == "paragraph" and bool(cell.number)
        if block.role == "item":
            found.setdefault(item_style(block), []).append(cell.number or "")
            if inside_numbered:
                found["nested"] = True
        elif numbered:
            found.setdefault(NUMBERED, []).append(cell.number)
        for child in block.children:
            visit(child, numbered or (inside_numbered and block.role == "item"))

    for block in layout.body:
        visit(block, False)
    return found


def item_style(block: Block) -> str:
    return ITEMS[min(max(block.level, 1), len(ITEMS)) - 1]


def _hang(style, left: int, hanging: int) -> None:
    """A hanging marker: the text starts `left + hanging` in, the marker `left` in, a tab
    between them."""
    fmt = style.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Twips(left + hanging), Twips(-hanging)
    fmt.tab_stops.clear_all()
    fmt.tab_stops.add_tab_stop(Twips(left + hanging))


def define_table_styles(word, spec: StyleSet, person_margins: dict[str, int]) -> None:
    """The people's table (no borders) and the data tables (thin rules)."""
    define_table_style(word, PERSON_TABLE, person_margins, spec)
    define_table_style(
        word, DATA_TABLE, {"top": 40, "bottom": 40, "left": 85, "right": 85}, spec, rule=(4, RULE)
    )


def define_table_style(
    word,
    name: str,
    cell_margins: dict[str, int],
    spec: StyleSet,
    rule: tuple[int, str] | None = None,
):
    """A table style with the given cell margins (twips), without borders or with rules of
    `rule` (eighths of a point, colour)."""
    styles = word.styles
    table = styles.add_style(name, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Normal Table"]
    table.quick_style = True
    _wordxml.set_style_fonts(table, *spec.fonts(), hint_east_asia=spec.east_asian)
    _wordxml.set_table_style_layout(table, cell_margins, rule)
    return table


def define_furniture_styles(word, spec: StyleSet, text_width: int) -> None:
    """Header (a right tab stop at the text's edge) and centred Footer, small and grey."""
    styles = word.styles
    for name in (HEADER, FOOTER):
        furniture = paragraph_style(word, spec, name)
        furniture.font.size, furniture.font.color.rgb = Pt(8.5), GREY
        furniture.paragraph_format.line_spacing = 1.0
        furniture.paragraph_format.tab_stops.clear_all()
    styles[HEADER].paragraph_format.tab_stops.add_tab_stop(
        Twips(text_width), WD_TAB_ALIGNMENT.RIGHT
    )
    styles[FOOTER].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def define_hyperlink_style(word) -> None:
    styles = word.styles
    link = styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)  # like the HTML: no decoration
    link.base_style = styles["Default Paragraph Font"]
    link.unhide_when_used = True
    _wordxml.mark_builtin(link)  # Word's own "Hyperlink" style, not a custom namesake


def _centred(style, before, after, keep: bool) -> None:
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before, fmt.space_after, fmt.keep_with_next = before, after, keep


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
    """The page header's left and right text: the series (or the reference) and the title."""
    running = title.running  # shortened by the layout to fit on one line
    left = running.get("series") or title.codes.get("reference", "")
    return left, running.get("title", "")


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
            _wordxml.add_watermark(header.paragraphs[0], status.mark, font, number, width_pt)


def write_page_label(paragraph, locale: EditionLocale, style: str | None = None) -> None:
    """The edition's "Page {page} of {pages}" label with live PAGE and NUMPAGES fields."""
    parts = re.split(r"\{(page|pages)\}", locale.gettext("Page {page} of {pages}"))
    for i, part in enumerate(parts):
        if i % 2:
            _wordxml.add_field(paragraph, "PAGE" if part == "page" else "NUMPAGES", "1", style)
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
    elif part == "reference":
        paragraph.add_run(title.codes.get("reference", ""))
    elif part == "closing":
        paragraph.add_run(title.closing or "")
    elif title.units.get(part):
        main = title.units[part].main
        write_spans(
            paragraph,
            main.spans,
            strong=None if part in ("series", "title") else STRONG,
            breaks=breaks_of(main.plain) if breaks_of else (),
        )


def write_heading(paragraph, cell: Cell, breaks_of=None) -> None:
    """A section's number and heading, the heading on a line of its own under the number.
    breaks_of: where the heading's text breaks (text -> offsets; balanced)."""
    heading = cell.slots.get("heading")
    if cell.number:
        run = paragraph.add_run(cell.number)
        if heading:
            run.add_break()
    if heading:
        breaks = breaks_of(heading.plain) if breaks_of else ()
        write_spans(paragraph, heading.spans, strong=None, breaks=breaks)


def heading_size(spec: StyleSet, level: int) -> Length:
    """The type size of a heading level (as define_text_styles sets it)."""
    return spec.heading if level == 1 else Pt(spec.heading.pt - 1) if level == 2 else spec.body


def write_marked(paragraph, marker: str | None, spans) -> None:
    """Text after a hanging marker ("1.", "一、", "(a)", "•") and a tab."""
    if marker:
        paragraph.add_run(marker)
        paragraph.add_run().add_tab()
    write_spans(paragraph, spans)


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
    """A table block's rows into an empty python-docx table of enough columns, header rows
    repeated at the top of every page it runs onto."""
    count = len(table.columns)
    table.style = DATA_TABLE
    table.autofit = False
    _wordxml.set_table_width(table, width)
    widths = [width // count] * count
    widths[-1] += width - sum(widths)
    for col, w in zip(table.columns, widths):
        col.width = Twips(w)
    for header, row in table_rows(block):
        cells = row.cells[column].slots.get("cells") or []
        added = table.add_row()
        if header:
            _wordxml.repeat_as_header(added)
        _wordxml.keep_row_together(added)
        for cell, w, field in zip(added.cells, widths, [*cells, *[None] * count]):
            cell.width = Twips(w)
            paragraph = cell.paragraphs[0]
            paragraph.style = spec.name(TABLE_HEADING if header else TABLE_TEXT)
            if field is not None:
                write_spans(paragraph, field.spans, strong=None if header else STRONG)


def table_columns(block: Block, column: int) -> int:
    return max(
        [1, *(len(row.cells[column].slots.get("cells") or []) for _, row in table_rows(block))]
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
            self.word.add_paragraph(self.status, style=TITLE_STYLES["place"])
        self.page_break = True  # the title block has a page of its own, as in the PDF
        starts = page_starts(self.layout)
        top: list[Block] = []
        for index, block in enumerate(self.layout.body):
            if index in starts:
                self.blocks(top)
                top = []
                self.page_break = True
            top.append(block)
        self.blocks(top)
        if title.closing:
            write_title_part(self.paragraph(CLOSING), "closing", title)

    def paragraph(self, style: str, text: str | None = None):
        paragraph = self.word.add_paragraph(text, style=self.spec.name(style))
        if self.page_break:
            paragraph.paragraph_format.page_break_before = True
            self.page_break = False
        return paragraph

    def blocks(self, blocks) -> None:
        """Blocks in order; consecutive people share one name | roles table."""
        people: list[Block] = []
        for block in blocks:
            if block.role == "person":
                people.append(block)
                continue
            if people:
                self.people(people)
                people = []
            self.block(block)
        if people:
            self.people(people)

    def block(self, block: Block) -> None:
        cell = block.cells[self.column]
        role = block.role
        if role == "section" and (cell.slots.get("heading") or cell.number):
            level = min(max(block.level, 1), 3)
            write_heading(
                self.paragraph(HEADINGS[level - 1]),
                cell,
                functools.partial(
                    balanced,
                    self.layout,
                    width_twips=TEXT_WIDTH,
                    size=heading_size(self.spec, level),
                ),
            )
        if role in ("section", "list") and cell.label:
            self.paragraph(LABEL, cell.label)
        if role == "paragraph":
            paragraph = self.paragraph(NUMBERED if cell.number else BODY)
            write_marked(paragraph, cell.number, _spans(cell.slots.get("text")))
        elif role == "item":
            write_marked(
                self.paragraph(item_style(block)), cell.number, _spans(cell.slots.get("text"))
            )
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
            _wordxml.keep_row_together(row)
            for found, width in zip(row.cells, widths):
                found.width = width
            name_cell, roles_cell = row.cells
            name = name_cell.paragraphs[0]
            name.style = self.spec.name(PERSON_NAME)
            write_spans(name, _spans(cell.slots.get("name")), strong=None)
            roles = roles_cell.paragraphs[0]
            roles.style = self.spec.name(PERSON_ROLES)
            write_roles(roles, cell, self.locale)


def page_starts(layout: Layout) -> set[int]:
    """Indexes of the top-level blocks that start a page: the first of a body list of
    sections that follows a body list of sections (the delegations after the sections,
    the annexes after the articles)."""
    starts: set[int] = set()
    index, previous = 0, None
    for _, units in layout.columns[0].document.body:
        if not units:
            continue
        blocks = layout.body[index : index + len(units)]
        if (
            previous is not None
            and previous.role == "section"
            and blocks
            and blocks[0].role == "section"
        ):
            starts.add(index)
        index += len(units)
        previous = blocks[-1] if blocks else previous
    return starts


def _spans(field) -> tuple:
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
    before each plain-text offset in breaks (a balanced title's lines).

    In a paragraph whose style is bold already, pass strong=None: Word treats bold as a
    toggle across styles, so Strong on bold text would make it regular."""
    kept = joins(inline.plain_text(spans))
    runs: list = []

    def visit(children: tuple[Span, ...], style: str | None, offset: int) -> int:
        for span in children:
            if isinstance(span, Text):
                runs.extend(_text_runs(paragraph, span.text, offset, style, kept, breaks))
                offset += len(span.text)
            elif isinstance(span, Bold):
                offset = visit(span.children, strong or style, offset)
            elif isinstance(span, Link):
                first = len(runs)
                offset = visit(span.children, style or HYPERLINK, offset)
                _wordxml.wrap_in_hyperlink(paragraph, runs[first:], span.href)
        return offset

    visit(spans, style, 0)
    return runs


WORD_JOINER = "\u2060"


def _joined(text: str, offset: int, kept: list[tuple[int, int]]) -> str:
    """A text run with its joins: spaces inside them no-break spaces, a word joiner
    between a digit and a CJK character after it."""
    chars = list(text)
    for start, end in kept:
        for i in range(max(start, offset), min(end, offset + len(text))):
            at = i - offset
            if chars[at] == " ":
                chars[at] = "\u00a0"
            elif at > 0 and i > start and chars[at - 1][-1:].isdigit() and HAN.match(chars[at]):
                chars[at] = WORD_JOINER + chars[at]
    return "".join(chars)


def _text_runs(paragraph, text, offset, style, kept, breaks) -> list:
    cuts = sorted({0, len(text), *(b - offset for b in breaks if offset < b < offset + len(text))})
    runs = []
    for a, b in zip(cuts, cuts[1:]):
        run = paragraph.add_run(_joined(text[a:b], offset + a, kept), style=style)
        runs.append(run)
        if b < len(text):  # a balanced title's line ends here
            run.add_break()
    return runs


def balanced(layout: Layout, text: str, width_twips: int, size: Length) -> tuple[int, ...]:
    """Where a Chinese title or heading breaks in Word: of the places it may break
    (layout.breaks), those of balanced lines, the lines measured by estimate (CJK
    characters one em, Latin letters about half) in a width a little short of the
    paragraph's, since Word measures the fonts itself."""
    offsets = layout.breaks.get(text)
    if not offsets:
        return ()
    ems = width_twips / 20 / size.pt * 0.96
    chosen = balance([text_ems(text[:o]) for o in offsets], text_ems(text), ems)
    return tuple(offsets[i] for i in chosen)


# -- metadata ---------------------------------------------------------------------------------


def document_title(title: TitleCell) -> str:
    """ "Title · Series" (or the title alone)."""
    return " · ".join(
        title.units[part].main.plain for part in ("title", "series") if title.units.get(part)
    )


def set_properties(word, layout: Layout) -> None:
    """Core properties from the content and the document's date, never from the clock."""
    set_core_properties(word, layout, title=document_title(layout.title[0]))


def set_core_properties(word, layout: Layout, title: str) -> None:
    """Properties in the first column's language: author (the organisers), subject, date."""
    first, column = layout.title[0], layout.columns[0]
    names = list(first.organisers)
    series = first.units.get("series") or first.units.get("title")
    props = word.core_properties
    props.title = title
    props.subject = props.keywords = series.main.plain if series else ""
    props.author = column.locale.gettext(", ").join(names)
    props.last_modified_by = names[0] if names else ""
    props.comments = ""
    props.language = column.profile.word_lang
    props.created = props.modified = props.last_printed = document_date(layout).replace(tzinfo=None)
    props.revision = 1
