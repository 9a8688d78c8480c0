"""The styles of the Word editions (both writers): the page and its sizes, the Word languages
and fonts of each profile, and the named paragraph, character and table styles every
block is written in (restyle one in Word and every occurrence follows)."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Length, Pt, RGBColor, Twips

from .. import wordml
from ..diagnostics import Location, Reporter
from ..languages import BUILTIN_DIR, DEFAULT_SOURCE, Profile, find_profile
from ..layout import Block, Layout, runs_in
from ..script import is_wide

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
LANGUAGE_STATUS = "Language Status"
EDITION_STATUS = "Edition Status"  # a draft's dated line, a release's version line
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
HEADING = HEADINGS[0]
BODY, NUMBERED, LABEL = "Body Text", "Numbered Paragraph", "List Label"
RUN_IN = "Run-in Paragraph"  # a full-width enumerator (一、) after the first-line indent
ITEMS = ("List Item", "List Item 2", "List Item 3")
RUN_IN_ITEMS = ("Run-in Item", "Run-in Item 2", "Run-in Item 3")
TESTIMONIUM, PARTY, SIGNATORY = "Testimonium", "Signature Party", "Signatory"
CONTENTS_HEADING, CONTENTS_ENTRY = "TOC Heading", "toc 1"
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
    "status": LANGUAGE_STATUS,
    "closing": CLOSING,
}
# Paragraph styles set in the column's language (fonts, language, sizes of their own).
TEXT_STYLES = (
    TITLE,
    SERIES,
    SUBTITLE,
    REFERENCE,
    DATE_PLACE,
    LANGUAGE_STATUS,
    EDITION_STATUS,
    CLOSING,
    *HEADINGS,
    BODY,
    NUMBERED,
    RUN_IN,
    LABEL,
    *ITEMS,
    *RUN_IN_ITEMS,
    TESTIMONIUM,
    PARTY,
    SIGNATORY,
    CONTENTS_HEADING,
    CONTENTS_ENTRY,
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
        # an edition's own Latin-script language first: an English edition is English
        # whatever language the project translates from
        return cls(own[0] if own else (latin or default_latin_lang()), east[0] if east else None)


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
    family where its script is, a fallback family for the other script. An East Asian
    language's own face sets its Latin letters and digits too, as in the PDF, where it
    stands first in the font list: one face per heading and per text (2023年 in one face)."""
    own = (profile.heading_fonts or profile.body_fonts)[0] if sans else profile.body_fonts[0]
    fallbacks = profile.fallback_fonts or (own,)
    other = fallbacks[min(1, len(fallbacks) - 1)] if sans else fallbacks[0]
    return (own, own) if profile.word_east_asian else (own, other)


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
        if wordml.has_style(word, spec.name(base)):
            wordml.set_style_switch(
                wordml.style(word, spec.name(base)), "suppressAutoHyphens", True
            )


def define_defaults(word, spec: StyleSet) -> None:
    """Document defaults: the first set's Latin and East Asian serif fonts and the edition's
    Word languages, no theme fonts anywhere."""
    wordml.strip_theme_fonts(word)
    latin, east_asian = spec.fonts()
    wordml.set_document_defaults(
        word,
        latin,
        east_asian,
        spec.langs.latin,
        spec.langs.east_asian,
        hint_east_asia=spec.east_asian,
    )


def paragraph_style(word, spec: StyleSet, base_name: str, sans: bool = False, base: str = "Normal"):
    """The paragraph style base_name of spec's set, with its fonts, language and colour.

    In a set with a suffix the style is based on its namesake without one, sets its own
    size and line spacing, and takes the East Asian hint and language of its language."""
    name = spec.name(base_name)
    if wordml.has_style(word, name):
        style = wordml.style(word, name)
    else:
        style = wordml.add_style(word, name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id(base_name)
    if spec.suffix:
        style.base_style = wordml.style(word, base_name)
    else:
        style.base_style = wordml.style(word, base) if name != "Normal" else None
    style.quick_style = True
    wordml.set_style_fonts(style, *spec.fonts(sans), hint_east_asia=spec.east_asian)
    if spec.east_asian:
        wordml.set_style_language(style, spec.langs.latin, spec.profile.word_lang)
    elif spec.tag_language:
        wordml.set_style_language(style, spec.profile.word_lang, spec.langs.east_asian)
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
            wordml.set_style_switch(wordml.style(word, "Normal"), switch, CJK_LATIN_SPACE)

    first = (title_parts(layout) or ["title"])[0]
    title = paragraph_style(word, spec, TITLE, sans=True)
    wordml.clear_style_paragraph(title, "pBdr", "contextualSpacing")
    title.font.size, title.font.bold, title.font.all_caps = spec.title, True, caps
    _centred(title, before=0, after=Pt(24), keep=True)

    series = paragraph_style(word, spec, SERIES, sans=True)
    wordml.clear_style_paragraph(series, "numPr")
    series.font.size, series.font.bold, series.font.italic = spec.minor, True, False
    series.font.all_caps = caps
    _centred(series, before=0, after=Pt(14), keep=True)

    subtitle = paragraph_style(word, spec, SUBTITLE, sans=True)
    subtitle.font.size, subtitle.font.bold = spec.minor, False
    _centred(subtitle, before=0, after=Pt(14), keep=True)

    reference = paragraph_style(word, spec, REFERENCE)
    reference.font.size = spec.minor
    _centred(reference, before=0, after=Pt(14), keep=True)

    if layout.cover or len(layout.columns) > 1:  # without a cover: at the head of page 1
        top = wordml.style(word, spec.name(TITLE_STYLES.get(first, TITLE)))
        top.paragraph_format.space_before = spec.top

    date_place = paragraph_style(word, spec, DATE_PLACE)
    date_place.font.size, date_place.font.all_caps = spec.minor, caps
    _centred(date_place, before=0, after=0, keep=False)
    date_place.paragraph_format.line_spacing = 1.6

    status = paragraph_style(word, spec, LANGUAGE_STATUS)
    status.font.size = Pt(spec.minor.pt * 0.9)
    _centred(status, before=Pt(11), after=0, keep=False)
    edition = paragraph_style(word, spec, EDITION_STATUS)  # as the PDF's: small and grey
    edition.font.size, edition.font.color.rgb = Pt(spec.body.pt * 0.95), GREY
    _centred(edition, before=Pt(spec.body.pt * 1.2), after=0, keep=False)

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
        wordml.set_style_first_line_chars(
            body, round(indent * 100), round(indent * spec.body.twips)
        )
    elif base_indent:  # the set it is based on indents; this language does not
        wordml.set_style_first_line_chars(body, 0, 0)

    markers = style_markers(layout, column)
    numbered = body_style(NUMBERED)
    fmt = numbered.paragraph_format
    fmt.alignment, fmt.space_after = WD_ALIGN_PARAGRAPH.JUSTIFY, body.paragraph_format.space_after
    if indent:
        fmt.space_after = Pt(4)
    hanging = spec.marker_width([m for m in markers.get(NUMBERED, []) if not runs_in(m)])
    _hang(numbered, 0, hanging)
    # a full-width enumerator (一、, （一）) runs in after the first-line indent, as in the
    # PDF: no hanging marker, no tab
    run_in = body_style(RUN_IN)
    fmt = run_in.paragraph_format
    fmt.alignment, fmt.space_after = (
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        numbered.paragraph_format.space_after,
    )
    _run_in(run_in, 0, indent, spec)

    label = body_style(LABEL)
    label.font.bold = True
    fmt = label.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(11), Pt(4), True

    # Items stand under the text of what holds them, as in the PDF: a hanging item's
    # nested items at its text, a run-in item's at its own two characters (GB/T 9704).
    nested_in_hanging = markers.get("nested") and hanging and markers.get(NUMBERED)
    left = hanging if nested_in_hanging else 0
    for name, run_in_name in zip(ITEMS, RUN_IN_ITEMS):
        own = markers.get(name, [])
        item = body_style(name)
        fmt = item.paragraph_format
        fmt.alignment, fmt.space_after = WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(5.5)
        width = spec.marker_width([m for m in own if not runs_in(m)])
        _hang(item, left, width)
        item_run_in = body_style(run_in_name)
        fmt = item_run_in.paragraph_format
        # as the paragraphs: no gap where they are indented (GB/T 9704), and every level
        # of run-in items two characters in, as the first
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.space_after = Pt(0) if indent else Pt(5.5)
        _run_in(item_run_in, left if name != ITEMS[0] else 0, indent, spec)
        if own and all(runs_in(m) for m in own):
            left = left if name != ITEMS[0] else 0
        else:
            left += width

    testimonium = body_style(TESTIMONIUM)
    fmt = testimonium.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before, fmt.space_after = Pt(22), Pt(16)
    fmt.keep_with_next = fmt.keep_together = True
    if indent:
        wordml.set_style_first_line_chars(
            testimonium, round(indent * 100), round(indent * spec.body.twips)
        )
    elif base_indent:
        wordml.set_style_first_line_chars(testimonium, 0, 0)
    party = body_style(PARTY, sans=True)
    party.font.bold = True
    fmt = party.paragraph_format
    fmt.keep_with_next, fmt.space_after = True, Pt(36)  # the space the signature takes
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    signatory = body_style(SIGNATORY)
    signatory.paragraph_format.keep_with_next = True
    signatory.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    contents = paragraph_style(word, spec, CONTENTS_HEADING, sans=True)
    contents.font.size, contents.font.bold, contents.font.all_caps = (
        heading_size(spec, 1),
        True,
        caps,
    )
    fmt = contents.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(0), Pt(8), True
    entry = body_style(CONTENTS_ENTRY)
    fmt = entry.paragraph_format
    fmt.space_after, fmt.alignment = Pt(3), WD_ALIGN_PARAGRAPH.LEFT
    fmt.tab_stops.clear_all()  # each entry's page number at its column's edge (the writers')

    person_name = body_style(PERSON_NAME, sans=True)
    person_name.font.bold = True
    body_style(PERSON_ROLES)

    caption = body_style(CAPTION)
    caption.font.bold, caption.font.italic = True, False  # as in the PDF
    caption.font.color.rgb = BLACK
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


def item_style(block: Block, run_in: bool = False) -> str:
    """The style of an item at its level: its marker hanging, or running in (一、)."""
    return (RUN_IN_ITEMS if run_in else ITEMS)[min(max(block.level, 1), len(ITEMS)) - 1]


def _hang(style, left: int, hanging: int) -> None:
    """A hanging marker: the text starts `left + hanging` in, the marker `left` in, a tab
    between them. The tab stops of the style it is based on are cleared (a tab stop of
    its own does not replace an inherited one: Word would stop at the nearer)."""
    fmt = style.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Twips(left + hanging), Twips(-hanging)
    fmt.tab_stops.clear_all()
    for position in _inherited_tabs(style) - {left + hanging}:
        fmt.tab_stops.add_tab_stop(Twips(position), WD_TAB_ALIGNMENT.CLEAR)
    fmt.tab_stops.add_tab_stop(Twips(left + hanging))


def _inherited_tabs(style) -> set[int]:
    """The positions (twips) of the tab stops a style inherits from the styles it is based on."""
    found: set[int] = set()
    base = style.base_style
    while base is not None:
        for stop in base.paragraph_format.tab_stops:
            if stop.alignment != WD_TAB_ALIGNMENT.CLEAR:
                found.add(stop.position.twips)
        base = base.base_style
    return found


def _run_in(style, left: int, indent: float, spec: StyleSet) -> None:
    """A marker that runs in at the start of the first line, indented `indent` characters
    (w:firstLineChars) from `left`; no hanging indent, no tab stop (inherited ones cleared)."""
    fmt = style.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Twips(left), Twips(round(indent * spec.body.twips))
    fmt.tab_stops.clear_all()
    for position in _inherited_tabs(style):
        fmt.tab_stops.add_tab_stop(Twips(position), WD_TAB_ALIGNMENT.CLEAR)
    wordml.set_style_first_line_chars(style, round(indent * 100), round(indent * spec.body.twips))


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
    table = wordml.add_style(word, name, WD_STYLE_TYPE.TABLE)
    table.base_style = wordml.style(word, "Normal Table")
    table.quick_style = True
    wordml.set_style_fonts(table, *spec.fonts(), hint_east_asia=spec.east_asian)
    wordml.set_table_style_layout(table, cell_margins, rule)
    return table


def define_furniture_styles(word, spec: StyleSet, text_width: int) -> None:
    """Header (a right tab stop at the text's edge) and centred Footer, small and grey."""
    for name in (HEADER, FOOTER):
        furniture = paragraph_style(word, spec, name)
        furniture.font.size, furniture.font.color.rgb = Pt(8.5), GREY
        furniture.paragraph_format.line_spacing = 1.0
        furniture.paragraph_format.tab_stops.clear_all()
    wordml.style(word, HEADER).paragraph_format.tab_stops.add_tab_stop(
        Twips(text_width), WD_TAB_ALIGNMENT.RIGHT
    )
    wordml.style(word, FOOTER).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def define_hyperlink_style(word) -> None:
    link = wordml.add_style(word, HYPERLINK, WD_STYLE_TYPE.CHARACTER)  # as the HTML: plain
    link.base_style = wordml.style(word, "Default Paragraph Font")
    link.unhide_when_used = True
    wordml.mark_builtin(link)  # Word's own "Hyperlink" style, not a custom namesake


def _centred(style, before, after, keep: bool) -> None:
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before, fmt.space_after, fmt.keep_with_next = before, after, keep


def title_parts(layout: Layout) -> list[str]:
    """The title block's parts in order: series, title, subtitle, reference, place."""
    return [row.part for row in layout.rows() if row.block is None and row.part != "closing"]


def heading_size(spec: StyleSet, level: int) -> Length:
    """The type size of a heading level (as define_text_styles sets it)."""
    return spec.heading if level == 1 else Pt(spec.heading.pt - 1) if level == 2 else spec.body
