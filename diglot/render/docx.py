"""The Word edition: one language of a document as a styled, reproducible .docx file.

Everything a reader sees is carried by named styles (restyle one in Word and every
occurrence follows); raw XML that python-docx has no API for lives in ``_wordxml``.
The style sets, inline runs, labels and packaging here are shared with the side-by-side
Word edition (``docx_side_by_side``).
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

import docx as python_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Length, Pt, RGBColor, Twips

from ..inline import Bold, Link, Span, Text
from ..locale import EditionLocale, space_before
from ..model import Document, RecommendationList, Unit
from . import _wordxml

# Fonts per script (TYPOGRAPHY.md): Latin and Chinese named separately, SC explicitly.
SERIF, SERIF_CJK = "Noto Serif", "Noto Serif CJK SC"
SANS, SANS_CJK = "Noto Sans", "Noto Sans CJK SC"
FONT_TABLE = [(SERIF, "00", "roman"), (SANS, "00", "swiss"),
              (SERIF_CJK, "86", "roman"), (SANS_CJK, "86", "swiss")]  # 86: GB2312
WORD_LANG = {"en": "en-US", "zh": "zh-CN"}
EAST_ASIAN_LANG = "zh-CN"
# Latin-script words inside Chinese text (AI, OECD, TikTok, D50) stay tagged en-US, as Word
# does in Chinese documents: tagged zh-CN, LibreOffice breaks lines inside them ("A|I").
LATIN_IN_CHINESE = "en-US"
CAPS = {"en": True, "zh": None}  # display headings in capitals, as the HTML edition does
HYPHENATE = {"en": True, "zh": False}  # the English HTML edition hyphenates too
# Word multiplies each font's own line height (Noto Serif 1.36 em, Noto Serif CJK 1.44 em):
# these give about 1.57 em and 1.87 em between baselines.
LINE_SPACING = {"en": 1.15, "zh": 1.3}
# Extra space between Chinese and Latin letters or digits: none, like the PDF edition and
# official PRC documents (TYPOGRAPHY.md: one policy per edition, as a setting).
CJK_LATIN_SPACE = False

# A4; the text block is 38 characters of 11 pt (418 pt, about 147 mm) like the PDF, so lines
# of pure Chinese end flush with the margin.
BODY_SIZE = Pt(11)
PAGE = {"width": 11906, "height": 16838, "side": 1773, "top": 1417, "bottom": 1247,
        "header": 709, "footer": 624}
TEXT_WIDTH = PAGE["width"] - 2 * PAGE["side"]
NAME_COLUMN = round(TEXT_WIDTH * 0.3)
BLACK, GREY = RGBColor(0x11, 0x11, 0x11), RGBColor(0x55, 0x55, 0x55)

# Paragraph and character styles (built-in names where Word has one).
TITLE, SUBTITLE, DATE_PLACE = "Title", "Subtitle", "Date and Place"
HEADING, BODY = "Heading 1", "Body Text"
LABEL, RECOMMENDATION = "Recommendation Label", "Recommendation"
TABLE, MEMBER_NAME, MEMBER_ROLES = "Delegation Table", "Delegate Name", "Delegate Roles"
STRONG, HYPERLINK = "Strong", "Hyperlink"
HEADER, FOOTER = "Header", "Footer"


@dataclass(frozen=True)
class StyleSet:
    """One language's paragraph styles in an edition: the sizes they are set in, and the
    suffix that tells them apart from another language's set in the same file ("Body Text
    (Chinese)" beside "Body Text"). A set with a suffix is based on the set without one."""

    lang: str
    body: Length = BODY_SIZE
    title: Length = Pt(21)
    minor: Length = Pt(11.5)  # the series above the title, the date and place
    heading: Length = Pt(12.5)
    subtitle_before: Length = Twips(2268)  # 40 mm from the top of the title page
    suffix: str = ""
    tag_language: bool = False  # name the language in every style, not only in docDefaults

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def name(self, base: str) -> str:
        return base + self.suffix

    def style_id(self, base: str) -> str:
        return re.sub(r"\W", "", self.name(base))


SINGLE = {lang: StyleSet(lang) for lang in WORD_LANG}


def render_docx(document: Document, locale: EditionLocale) -> bytes:
    """The .docx bytes of one language edition; the same document gives the same bytes."""
    word = new_word_document(WORD_LANG[document.lang], HYPHENATE[document.lang])
    num_id = define_styles(word, document.lang)
    set_page(word)
    write_page_furniture(word, document, locale)
    write_title_block(word, document, locale)
    write_sections(word, document, locale, num_id)
    write_delegations(word, document, locale)
    set_properties(word, document, locale)
    return package(word, document)


def new_word_document(lang: str, hyphenate: bool):
    """An empty python-docx document without the template's leftovers."""
    word = python_docx.Document()
    _wordxml.drop_template_leftovers(word)
    _wordxml.set_settings(word, lang, EAST_ASIAN_LANG, hyphenate)
    return word


def package(word, document: Document) -> bytes:
    """The saved file, rewritten so that the same document always gives the same bytes."""
    out = io.BytesIO()
    word.save(out)
    return _wordxml.reproducible_zip(out.getvalue(), document_date(document).timetuple()[:6],
                                     FONT_TABLE)


def document_date(document: Document) -> datetime.datetime:
    """The document's own date (its first day when only year and month are given), in UTC."""
    parts = [int(p) for p in document.title_block.date.split("-")]
    return datetime.datetime(parts[0], parts[1], parts[2] if len(parts) > 2 else 1,
                             tzinfo=datetime.timezone.utc)


# -- styles -----------------------------------------------------------------------------------

def define_styles(word, lang: str) -> int:
    """Set up every style the edition uses; returns the recommendations' numbering id."""
    spec = SINGLE[lang]
    define_defaults(word, spec.zh)
    num_id = define_text_styles(word, spec)
    define_table_style(word, TABLE, {"top": 77, "bottom": 77, "left": 0, "right": 220},
                       spec.zh)
    define_furniture_styles(word, spec, TEXT_WIDTH)
    define_hyperlink_style(word)
    return num_id


def define_defaults(word, hint_east_asia: bool) -> None:
    """Document defaults: Latin and Chinese serif fonts, en-US with zh-CN for East Asian
    text, no theme fonts anywhere."""
    _wordxml.strip_theme_fonts(word)
    _wordxml.set_document_defaults(word, SERIF, SERIF_CJK, WORD_LANG["en"], EAST_ASIAN_LANG,
                                   hint_east_asia=hint_east_asia)


def paragraph_style(word, spec: StyleSet, base_name: str, sans: bool = False,
                    base: str = "Normal"):
    """The paragraph style base_name of spec's set, with its fonts, language and colour.

    In a set with a suffix the style is based on its namesake without one, sets its own
    size and line spacing, and takes the East Asian hint and language of its language."""
    styles = word.styles
    name = spec.name(base_name)
    if name in styles:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if spec.suffix:
            style.style_id = spec.style_id(base_name)
    if spec.suffix:
        style.base_style = styles[base_name]
    else:
        style.base_style = styles[base] if name != "Normal" else None
    style.quick_style = True
    fonts = (SANS, SANS_CJK) if sans else (SERIF, SERIF_CJK)
    _wordxml.set_style_fonts(style, *fonts, hint_east_asia=spec.zh)
    if spec.zh:
        _wordxml.set_style_language(style, LATIN_IN_CHINESE, EAST_ASIAN_LANG)
    elif spec.tag_language:
        _wordxml.set_style_language(style, WORD_LANG[spec.lang], EAST_ASIAN_LANG)
    style.font.color.rgb = BLACK
    return style


def define_text_styles(word, spec: StyleSet) -> int:
    """The styles of the text itself, from the title to the delegates, in spec's set;
    returns the numbering id of its recommendations. A set based on another language's
    gives each body style its own size and line spacing."""
    zh = spec.zh
    lang = spec.lang
    own_sizes = bool(spec.suffix)

    def body_style(base_name: str, sans: bool = False):
        style = paragraph_style(word, spec, base_name, sans)
        if own_sizes:
            style.font.size = spec.body
            style.paragraph_format.line_spacing = LINE_SPACING[lang]
        return style

    if not spec.suffix:  # a language's own file: its body size and line spacing on Normal
        normal = paragraph_style(word, spec, "Normal")
        normal.font.size = spec.body
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing = LINE_SPACING[lang]
        fmt.widow_control = True
    if zh:  # paragraph switches that only act next to Chinese: on Normal for every style
        for switch in ("autoSpaceDE", "autoSpaceDN"):
            _wordxml.set_style_switch(word.styles["Normal"], switch, CJK_LATIN_SPACE)

    title = paragraph_style(word, spec, TITLE, sans=True)
    _wordxml.clear_style_paragraph(title, "pBdr", "contextualSpacing")
    title.font.size, title.font.bold, title.font.all_caps = spec.title, True, CAPS[lang]
    _centred(title, before=0, after=Pt(24), keep=True)

    subtitle = paragraph_style(word, spec, SUBTITLE, sans=True)
    _wordxml.clear_style_paragraph(subtitle, "numPr")
    subtitle.font.size, subtitle.font.bold, subtitle.font.italic = spec.minor, True, False
    subtitle.font.all_caps = CAPS[lang]
    _centred(subtitle, before=spec.subtitle_before, after=Pt(14), keep=True)

    date_place = paragraph_style(word, spec, DATE_PLACE)
    date_place.font.size, date_place.font.all_caps = spec.minor, CAPS[lang]
    _centred(date_place, before=0, after=0, keep=False)
    date_place.paragraph_format.line_spacing = 1.6

    heading = paragraph_style(word, spec, HEADING, sans=True)
    heading.font.size, heading.font.bold, heading.font.all_caps = spec.heading, True, CAPS[lang]
    fmt = heading.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(20), Pt(8), 1.15
    fmt.keep_with_next = fmt.keep_together = True
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT

    body = body_style(BODY)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_after = Pt(0) if zh else Pt(8)
    if zh:  # two characters, first line only, body paragraphs only
        _wordxml.set_style_first_line_chars(body, 200, 2 * spec.body.twips)

    label = body_style(LABEL)
    label.font.bold = True
    fmt = label.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(11), Pt(4), True

    recommendation = body_style(RECOMMENDATION)
    fmt = recommendation.paragraph_format
    fmt.alignment, fmt.space_after = WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(5.5)
    num_id = _wordxml.add_decimal_numbering(
        word, recommendation.style_id, (5 if zh else 4) * spec.body.twips // 2)
    _wordxml.set_style_numbering(recommendation, num_id)

    member_name = body_style(MEMBER_NAME, sans=True)
    member_name.font.bold = True
    body_style(MEMBER_ROLES)
    return num_id


def define_table_style(word, name: str, cell_margins: dict[str, int], hint_east_asia: bool):
    """A table style without borders, with the given cell margins (twips)."""
    styles = word.styles
    table = styles.add_style(name, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Normal Table"]
    table.quick_style = True
    _wordxml.set_style_fonts(table, SERIF, SERIF_CJK, hint_east_asia=hint_east_asia)
    _wordxml.set_table_style_layout(table, cell_margins)
    return table


def define_furniture_styles(word, spec: StyleSet, text_width: int) -> None:
    """Header (a right tab stop at the text's edge) and centred Footer, small and grey."""
    styles = word.styles
    for name in (HEADER, FOOTER):
        furniture = paragraph_style(word, spec, name)
        furniture.font.size, furniture.font.color.rgb = Pt(8.5), GREY
        furniture.paragraph_format.line_spacing = 1.0
        furniture.paragraph_format.tab_stops.clear_all()
    styles[HEADER].paragraph_format.tab_stops.add_tab_stop(Twips(text_width),
                                                           WD_TAB_ALIGNMENT.RIGHT)
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


def write_page_furniture(word, document: Document, locale: EditionLocale) -> None:
    section = word.sections[0]
    tb = document.title_block
    header = section.header.paragraphs[0]
    header.style = HEADER
    header.add_run(tb.series.main.plain)
    header.add_run().add_tab()
    header.add_run(tb.title.main.plain)
    footer = section.footer.paragraphs[0]
    footer.style = FOOTER
    write_page_label(footer, locale)


def write_page_label(paragraph, locale: EditionLocale, style: str | None = None) -> None:
    """The edition's "Page {page} of {pages}" label with live PAGE and NUMPAGES fields."""
    parts = re.split(r"\{(page|pages)\}", locale.gettext("Page {page} of {pages}"))
    for i, part in enumerate(parts):
        if i % 2:
            _wordxml.add_field(paragraph, "PAGE" if part == "page" else "NUMPAGES", "1", style)
        elif part:
            paragraph.add_run(part, style=style)


# -- content ----------------------------------------------------------------------------------

def write_title_block(word, document: Document, locale: EditionLocale) -> None:
    tb = document.title_block
    write_spans(word.add_paragraph(style=SUBTITLE), tb.series.main.spans, strong=None)
    write_spans(word.add_paragraph(style=TITLE), tb.title.main.spans, strong=None)
    write_date_place(word.add_paragraph(style=DATE_PLACE), document, locale)


def write_date_place(paragraph, document: Document, locale: EditionLocale) -> None:
    """The date in the edition's language, a line break, then the place."""
    tb = document.title_block
    paragraph.add_run(locale.format_date(tb.date)).add_break()
    write_spans(paragraph, tb.place.main.spans)


def write_sections(word, document: Document, locale: EditionLocale, num_id: int) -> None:
    """Sections in order; recommendations numbered through the whole document like the HTML."""
    first = True
    for section in document.sections:
        paragraphs = []
        if section.heading:
            paragraphs.append(word.add_paragraph(style=HEADING))
            write_spans(paragraphs[-1], section.heading.main.spans, strong=None)
        for block in section.blocks:
            if isinstance(block, RecommendationList):
                paragraphs.append(word.add_paragraph(
                    recommendation_label(locale, len(block.items)), style=LABEL))
                for item in block.items:
                    paragraph = word.add_paragraph(style=RECOMMENDATION)
                    _wordxml.set_paragraph_numbering(paragraph, num_id)
                    write_spans(paragraph, item.main.spans)
            else:
                paragraphs.append(word.add_paragraph(style=BODY))
                write_spans(paragraphs[-1], block.main.spans)
        if first and paragraphs:  # the title block has a page of its own, as in the PDF
            paragraphs[0].paragraph_format.page_break_before = True
            first = False


def recommendation_label(locale: EditionLocale, count: int) -> str:
    return locale.ngettext("Recommendation:", "Recommendations:", count)


def write_delegations(word, document: Document, locale: EditionLocale) -> None:
    """Each delegation: its heading, then a name | roles table; the first starts a page."""
    for index, delegation in enumerate(document.delegations):
        heading = word.add_paragraph(style=HEADING)
        write_spans(heading, delegation.heading.main.spans, strong=None)
        if index == 0:
            heading.paragraph_format.page_break_before = True
        table = word.add_table(rows=0, cols=2)
        table.style = TABLE
        table.autofit = False
        widths = (Twips(NAME_COLUMN), Twips(TEXT_WIDTH - NAME_COLUMN))
        for column, width in zip(table.columns, widths):
            column.width = width
        for member in delegation.members:
            write_member(table.add_row(), member, widths, locale)


def write_member(row, member: Unit, widths, locale: EditionLocale) -> None:
    _wordxml.keep_row_together(row)
    name_cell, roles_cell = row.cells
    for cell, width in zip(row.cells, widths):
        cell.width = width
    name = name_cell.paragraphs[0]
    name.style = MEMBER_NAME
    write_spans(name, member.field("name").spans, strong=None)
    roles = roles_cell.paragraphs[0]
    roles.style = MEMBER_ROLES
    write_roles(roles, member, locale)


def write_roles(paragraph, member: Unit, locale: EditionLocale) -> None:
    """A member's roles, then the leader's label ("(American delegation leader)") if any."""
    write_spans(paragraph, member.field("roles").spans)
    leader = member.field("leader")
    if leader:
        label = locale.gettext("({leader})")
        space = space_before(label)
        if space:
            paragraph.add_run(space)
        for i, part in enumerate(re.split(r"\{(leader)\}", label)):
            if i % 2:
                write_spans(paragraph, leader.spans)
            elif part:
                paragraph.add_run(part)


def write_spans(paragraph, spans: tuple[Span, ...], style: str | None = None,
                strong: str | None = STRONG) -> list:
    """Runs for inline markup: bold as the Strong character style, links as hyperlinks.

    In a paragraph whose style is bold already, pass strong=None: Word treats bold as a
    toggle across styles, so Strong on bold text would make it regular."""
    runs = []
    for span in spans:
        if isinstance(span, Text):
            runs.append(paragraph.add_run(span.text, style=style))
        elif isinstance(span, Bold):
            runs.extend(write_spans(paragraph, span.children, strong or style, strong))
        elif isinstance(span, Link):
            inner = write_spans(paragraph, span.children, style or HYPERLINK, strong)
            _wordxml.wrap_in_hyperlink(paragraph, inner, span.href)
            runs.extend(inner)
    return runs


# -- metadata ---------------------------------------------------------------------------------

def set_properties(word, document: Document, locale: EditionLocale) -> None:
    """Core properties from the content and the document's date, never from the clock."""
    tb = document.title_block
    set_core_properties(word, document, title=f"{tb.title.main.plain} · {tb.series.main.plain}",
                        author=locale.gettext(", ").join(organisers(document)),
                        language=WORD_LANG[document.lang])


def organisers(document: Document) -> list[str]:
    return [o.main.plain for o in document.title_block.organisers]


def set_core_properties(word, document: Document, title: str, author: str,
                        language: str) -> None:
    names = organisers(document)
    props = word.core_properties
    props.title = title
    props.subject = props.keywords = document.title_block.series.main.plain
    props.author = author
    props.last_modified_by = names[0] if names else ""
    props.comments = ""
    props.language = language
    props.created = props.modified = props.last_printed = \
        document_date(document).replace(tzinfo=None)
    props.revision = 1
