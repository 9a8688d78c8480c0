"""The Word edition: one language of a document as a styled, reproducible .docx file.

Everything a reader sees is carried by named styles (restyle one in Word and every
occurrence follows); raw XML that python-docx has no API for lives in ``_wordxml``.
"""

from __future__ import annotations

import datetime
import io
import re

import docx as python_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt, RGBColor, Twips

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


def render_docx(document: Document, locale: EditionLocale) -> bytes:
    """The .docx bytes of one language edition; the same document gives the same bytes."""
    word = python_docx.Document()
    _wordxml.drop_template_leftovers(word)
    _wordxml.set_settings(word, WORD_LANG[document.lang], EAST_ASIAN_LANG,
                          HYPHENATE[document.lang])
    num_id = define_styles(word, document.lang)
    set_page(word)
    write_page_furniture(word, document, locale)
    write_title_block(word, document, locale)
    write_sections(word, document, locale, num_id)
    write_delegations(word, document, locale)
    set_properties(word, document, locale)
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
    zh = lang == "zh"
    _wordxml.strip_theme_fonts(word)
    _wordxml.set_document_defaults(word, SERIF, SERIF_CJK, WORD_LANG["en"], EAST_ASIAN_LANG,
                                   hint_east_asia=zh)
    styles = word.styles

    def paragraph_style(name: str, sans: bool = False, base: str = "Normal"):
        style = styles[name] if name in styles else styles.add_style(
            name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base] if name != "Normal" else None
        style.quick_style = True
        fonts = (SANS, SANS_CJK) if sans else (SERIF, SERIF_CJK)
        _wordxml.set_style_fonts(style, *fonts, hint_east_asia=zh)
        if zh:
            _wordxml.set_style_language(style, LATIN_IN_CHINESE, EAST_ASIAN_LANG)
        style.font.color.rgb = BLACK
        return style

    normal = paragraph_style("Normal")
    normal.font.size = BODY_SIZE
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = LINE_SPACING[lang]
    fmt.widow_control = True
    if zh:
        for switch in ("autoSpaceDE", "autoSpaceDN"):
            _wordxml.set_style_switch(normal, switch, CJK_LATIN_SPACE)

    title = paragraph_style(TITLE, sans=True)
    _wordxml.clear_style_paragraph(title, "pBdr", "contextualSpacing")
    title.font.size, title.font.bold, title.font.all_caps = Pt(21), True, CAPS[lang]
    _centred(title, before=0, after=Pt(24), keep=True)

    subtitle = paragraph_style(SUBTITLE, sans=True)
    _wordxml.clear_style_paragraph(subtitle, "numPr")
    subtitle.font.size, subtitle.font.bold, subtitle.font.italic = Pt(11.5), True, False
    subtitle.font.all_caps = CAPS[lang]
    _centred(subtitle, before=Twips(2268), after=Pt(14), keep=True)  # 40 mm from the top

    date_place = paragraph_style(DATE_PLACE)
    date_place.font.size, date_place.font.all_caps = Pt(11.5), CAPS[lang]
    _centred(date_place, before=0, after=0, keep=False)
    date_place.paragraph_format.line_spacing = 1.6

    heading = paragraph_style(HEADING, sans=True)
    heading.font.size, heading.font.bold, heading.font.all_caps = Pt(12.5), True, CAPS[lang]
    fmt = heading.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(20), Pt(8), 1.15
    fmt.keep_with_next = fmt.keep_together = True
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT

    body = paragraph_style(BODY)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_after = Pt(0) if zh else Pt(8)
    if zh:  # two characters, first line only, body paragraphs only
        _wordxml.set_style_first_line_chars(body, 200, 2 * BODY_SIZE.twips)

    label = paragraph_style(LABEL)
    label.font.bold = True
    fmt = label.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(11), Pt(4), True

    recommendation = paragraph_style(RECOMMENDATION)
    fmt = recommendation.paragraph_format
    fmt.alignment, fmt.space_after = WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(5.5)
    num_id = _wordxml.add_decimal_numbering(
        word, recommendation.style_id, (5 if zh else 4) * BODY_SIZE.twips // 2)
    _wordxml.set_style_numbering(recommendation, num_id)

    member_name = paragraph_style(MEMBER_NAME, sans=True)
    member_name.font.bold = True
    paragraph_style(MEMBER_ROLES)

    table = styles.add_style(TABLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Normal Table"]
    table.quick_style = True
    _wordxml.set_style_fonts(table, SERIF, SERIF_CJK, hint_east_asia=zh)
    _wordxml.set_table_style_layout(table, {"top": 77, "bottom": 77, "left": 0, "right": 220})

    for name in (HEADER, FOOTER):
        furniture = paragraph_style(name)
        furniture.font.size, furniture.font.color.rgb = Pt(8.5), GREY
        furniture.paragraph_format.line_spacing = 1.0
        furniture.paragraph_format.tab_stops.clear_all()
    styles[HEADER].paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH),
                                                           WD_TAB_ALIGNMENT.RIGHT)
    styles[FOOTER].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    link = styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)  # like the HTML: no decoration
    link.base_style = styles["Default Paragraph Font"]
    link.unhide_when_used = True
    _wordxml.mark_builtin(link)  # Word's own "Hyperlink" style, not a custom namesake
    return num_id


def _centred(style, before, after, keep: bool) -> None:
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before, fmt.space_after, fmt.keep_with_next = before, after, keep


# -- page -------------------------------------------------------------------------------------

def set_page(word) -> None:
    """A4 with the PDF's text width; running header and "Page N of M" footer after page 1."""
    section = word.sections[0]
    section.page_width, section.page_height = Twips(PAGE["width"]), Twips(PAGE["height"])
    section.left_margin = section.right_margin = Twips(PAGE["side"])
    section.top_margin, section.bottom_margin = Twips(PAGE["top"]), Twips(PAGE["bottom"])
    section.header_distance = Twips(PAGE["header"])
    section.footer_distance = Twips(PAGE["footer"])
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False


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
    parts = re.split(r"\{(page|pages)\}", locale.gettext("Page {page} of {pages}"))
    for i, part in enumerate(parts):
        if i % 2:
            _wordxml.add_field(footer, "PAGE" if part == "page" else "NUMPAGES", "1")
        elif part:
            footer.add_run(part)


# -- content ----------------------------------------------------------------------------------

def write_title_block(word, document: Document, locale: EditionLocale) -> None:
    tb = document.title_block
    write_spans(word.add_paragraph(style=SUBTITLE), tb.series.main.spans, strong=None)
    write_spans(word.add_paragraph(style=TITLE), tb.title.main.spans, strong=None)
    date_place = word.add_paragraph(style=DATE_PLACE)
    date_place.add_run(locale.format_date(tb.date)).add_break()
    write_spans(date_place, tb.place.main.spans)


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
                paragraphs.append(word.add_paragraph(locale.ngettext(
                    "Recommendation:", "Recommendations:", len(block.items)), style=LABEL))
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
    write_spans(roles, member.field("roles").spans)
    leader = member.field("leader")
    if leader:
        label = locale.gettext("({leader})")
        space = space_before(label)
        if space:
            roles.add_run(space)
        for i, part in enumerate(re.split(r"\{(leader)\}", label)):
            if i % 2:
                write_spans(roles, leader.spans)
            elif part:
                roles.add_run(part)


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
    organisers = [o.main.plain for o in tb.organisers]
    when = document_date(document)
    props = word.core_properties
    props.title = f"{tb.title.main.plain} · {tb.series.main.plain}"
    props.subject = props.keywords = tb.series.main.plain
    props.author = locale.gettext(", ").join(organisers)
    props.last_modified_by = organisers[0] if organisers else ""
    props.comments = ""
    props.language = WORD_LANG[document.lang]
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
    props.revision = 1
