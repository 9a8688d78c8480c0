"""Styles, document defaults and settings: East Asian fonts and languages, theme-font
removal, paragraph switches, table styles with or without rules, borders, the settings
part (languages, hyphenation, compatibility), and the schema order of their children."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Children of w:pPr / w:rPr in the order the schema requires (the ones written here and
# their neighbours); a new child is inserted before the first sibling that must follow it.
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)
TCPR_ORDER = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
)
TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)


def child_in_order(parent, tag: str, order: tuple[str, ...]):
    """The child w:<tag> of parent, created in schema order when missing."""
    found = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = order[order.index(tag) + 1 :]
    for sibling in parent:
        if etree.QName(sibling).localname in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def _style_part(style, part: str):
    """w:pPr, w:rPr or w:tblPr of a style element, created in schema order."""
    order = (
        "name",
        "aliases",
        "basedOn",
        "next",
        "link",
        "autoRedefine",
        "hidden",
        "uiPriority",
        "semiHidden",
        "unhideWhenUsed",
        "qFormat",
        "locked",
        "personal",
        "personalCompose",
        "personalReply",
        "rsid",
        "pPr",
        "rPr",
        "tblPr",
        "trPr",
        "tcPr",
        "tblStylePr",
    )
    return child_in_order(style.element, part, order)


# -- styles.xml ------------------------------------------------------------------------------


def strip_theme_fonts(document) -> None:
    """Remove theme font attributes from styles.xml: they override explicit fonts."""
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attribute in _THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(attribute), None)
        if not len(fonts.attrib):
            fonts.getparent().remove(fonts)


def _set_fonts(rpr, latin: str, east_asian: str, hint_east_asia: bool) -> None:
    fonts = child_in_order(rpr, "rFonts", RPR_ORDER)
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    if hint_east_asia:
        fonts.set(qn("w:hint"), "eastAsia")


def _set_language(rpr, val: str, east_asia: str | None) -> None:
    """w:lang: val for Latin-script text, east_asia (if any) for East Asian text."""
    lang = child_in_order(rpr, "lang", RPR_ORDER)
    lang.set(qn("w:val"), val)
    if east_asia:
        lang.set(qn("w:eastAsia"), east_asia)
    else:
        lang.attrib.pop(qn("w:eastAsia"), None)


def set_document_defaults(
    document,
    latin: str,
    east_asian: str,
    lang: str,
    lang_east_asia: str | None,
    hint_east_asia: bool,
) -> None:
    """Fonts and languages in w:docDefaults; default paragraphs with no space after."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, latin, east_asian, hint_east_asia)
    _set_language(rpr, lang, lang_east_asia)
    spacing = child_in_order(
        defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")), "spacing", PPR_ORDER
    )
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")


def set_style_fonts(style, latin: str, east_asian: str, hint_east_asia: bool = False) -> None:
    _set_fonts(_style_part(style, "rPr"), latin, east_asian, hint_east_asia)


def set_style_language(style, val: str, east_asia: str | None) -> None:
    _set_language(_style_part(style, "rPr"), val, east_asia)


def set_style_first_line_chars(style, hundredths: int, twips: int) -> None:
    """A first-line indent in characters (w:firstLineChars) with its twips equivalent."""
    ind = child_in_order(_style_part(style, "pPr"), "ind", PPR_ORDER)
    ind.set(qn("w:firstLineChars"), str(hundredths))
    ind.set(qn("w:firstLine"), str(twips))


def set_style_switch(style, tag: str, on: bool) -> None:
    """A paragraph on/off property of a style, e.g. autoSpaceDE (space between Chinese and
    Latin letters) or autoSpaceDN (between Chinese and digits)."""
    element = child_in_order(_style_part(style, "pPr"), tag, PPR_ORDER)
    element.set(qn("w:val"), "1" if on else "0")


def mark_builtin(style) -> None:
    """A style added under one of Word's built-in names is that built-in style."""
    style.element.attrib.pop(qn("w:customStyle"), None)


def clear_style_paragraph(style, *tags: str) -> None:
    """Remove pPr children such as a template's border or stray numbering from a style."""
    ppr = style.element.find(qn("w:pPr"))
    for tag in tags:
        for element in [] if ppr is None else ppr.findall(qn(f"w:{tag}")):
            ppr.remove(element)


def set_table_style_layout(
    style, cell_margins: dict[str, int], rule: tuple[int, str] | None = None
) -> None:
    """A table style with the given cell margins (twips), without borders, or with single
    rules of rule = (eighths of a point, colour) around and between all cells."""
    tblpr = _style_part(style, "tblPr")
    borders = child_in_order(tblpr, "tblBorders", TBLPR_ORDER)
    borders.clear()
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        if rule is None:
            border.set(qn("w:val"), "nil")
        else:
            for attribute, value in (
                ("val", "single"),
                ("sz", rule[0]),
                ("space", 0),
                ("color", rule[1]),
            ):
                border.set(qn(f"w:{attribute}"), str(value))
        borders.append(border)
    margins = child_in_order(tblpr, "tblCellMar", TBLPR_ORDER)
    margins.clear()
    for edge in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(cell_margins[edge]))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)


def set_style_border(style, edge: str, eighths: int, color: str, space: int) -> None:
    """A single rule on one edge of a paragraph style (w:pBdr), eighths of a point thick,
    space points from the text."""
    borders = child_in_order(_style_part(style, "pPr"), "pBdr", PPR_ORDER)
    border = child_in_order(borders, edge, ("top", "left", "bottom", "right", "between", "bar"))
    for attribute, value in (
        ("val", "single"),
        ("sz", eighths),
        ("space", space),
        ("color", color),
    ):
        border.set(qn(f"w:{attribute}"), str(value))


# -- settings and package --------------------------------------------------------------------


def set_settings(document, lang: str, lang_east_asia: str | None, hyphenate: bool) -> None:
    """Theme font languages and automatic hyphenation for the edition; no claim that
    proofing was already done."""
    settings = document.settings.element
    for element in settings.findall(qn("w:proofState")):
        settings.remove(element)
    if hyphenate and settings.find(qn("w:autoHyphenation")) is None:
        tab_stop = settings.find(qn("w:defaultTabStop"))
        hyphenation = OxmlElement("w:autoHyphenation")
        if tab_stop is not None:
            tab_stop.addnext(hyphenation)
        else:
            settings.insert(0, hyphenation)
        # at most two hyphenated lines in a row, capitals (acronyms) never hyphenated; in
        # the schema's order after autoHyphenation
        limit = OxmlElement("w:consecutiveHyphenLimit")
        limit.set(qn("w:val"), "2")
        capitals = OxmlElement("w:doNotHyphenateCaps")
        hyphenation.addnext(limit)
        limit.addnext(capitals)
    if lang_east_asia:  # adjacent full-width punctuation set half width, as in the PDF
        for control in settings.findall(qn("w:characterSpacingControl")):
            control.set(qn("w:val"), "compressPunctuation")
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), lang)
        if lang_east_asia:
            theme_lang.set(qn("w:eastAsia"), lang_east_asia)
        else:
            theme_lang.attrib.pop(qn("w:eastAsia"), None)


def drop_template_leftovers(document) -> None:
    """Remove the template's thumbnail (a picture of another document) and its Word 2010
    stylesWithEffects copy (theme fonts that would contradict styles.xml)."""
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            del document.part.rels[rid]
    settings = document.settings.element
    for element in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(element)


class _StyleIndex:
    """A document's styles by name (as python-docx names them), kept as styles are added
    here: python-docx finds a style by name, or checks that a name is new, by scanning
    every style of the document each time (most of a Word edition's time went there).
    Styles are never renamed or removed while an edition is written."""

    def __init__(self, document):
        self.styles = document.styles
        self.by_name = {style.name: style for style in self.styles}
        self.defaults: dict[object, object] = {}  # style type -> its default style element

    def default(self, style_type):
        if style_type not in self.defaults:
            self.defaults[style_type] = self.styles.element.default_for(style_type)
        return self.defaults[style_type]


def _index(document) -> _StyleIndex:
    index = getattr(document, "_diglot_style_index", None)
    if index is None:
        index = _StyleIndex(document)
        document._diglot_style_index = index
    return index


def style(document, name: str):
    """The document's style of this name (KeyError when it has none), as `styles[name]`."""
    found = _index(document).by_name.get(name)
    return found if found is not None else document.styles[name]


def has_style(document, name: str) -> bool:
    """Whether the document has a style of this name, as `name in styles`."""
    return name in _index(document).by_name


def add_style(document, name: str, style_type):
    """A new style of this name and type, as `styles.add_style` (ValueError when the name is
    taken), without scanning the document's styles to learn that it is not."""
    from docx.styles import BabelFish
    from docx.styles.style import StyleFactory

    index = _index(document)
    if name in index.by_name:
        raise ValueError(f"document already contains style '{name}'")
    element = index.styles.element.add_style_of_type(BabelFish.ui2internal(name), style_type, False)
    made = StyleFactory(element)
    index.by_name[made.name] = made
    return made


def cache_style_ids(document) -> None:
    """Remember each style name's id once the styles are defined: python-docx looks a name
    up by scanning every style each time a paragraph or run is given one. A name is
    resolved from the style index as python-docx would: the id of the style of that name
    and type, or none (None) for the default style of its type."""
    part = document.part
    lookup = part.get_style_id
    index = _index(document)
    known: dict[tuple, str | None] = {}

    def resolve(name: str, style_type) -> str | None:
        found = index.by_name.get(name)
        if found is None or found.type != style_type:
            return lookup(name, style_type)  # python-docx's answer, or its error
        return None if found.element is index.default(style_type) else found.style_id

    def get_style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in known:
            known[key] = resolve(style_or_name, style_type)
        return known[key]

    part.get_style_id = get_style_id


def set_style_east_asian(style, face: str | None, lang: str) -> None:
    """The style's East Asian face (when given) and East Asian language only."""
    rpr = style.element.get_or_add_rPr()
    if face:
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), face)
    found = OxmlElement("w:lang")
    found.set(qn("w:eastAsia"), lang)
    rpr.append(found)
