"""Raw WordprocessingML that python-docx has no API for: the one place that touches its XML.

East Asian fonts and languages, theme-font removal, fields,
hyperlinks, table styles with or without rules, table widths, cell margins, rows that do not
split or repeat as a header, the font table (with the Windows character set of each East
Asian Word language), and a reproducible zip.
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Children of w:pPr / w:rPr in the order the schema requires (the ones written here and
# their neighbours); a new child is inserted before the first sibling that must follow it.
_PPR_ORDER = (
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
_RPR_ORDER = (
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
_TCPR_ORDER = (
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
_TBLPR_ORDER = (
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


def _child(parent, tag: str, order: tuple[str, ...]):
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
    return _child(style.element, part, order)


# -- styles.xml ------------------------------------------------------------------------------


def strip_theme_fonts(document) -> None:
    """Remove theme font attributes from styles.xml: they override explicit fonts."""
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attribute in _THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(attribute), None)
        if not len(fonts.attrib):
            fonts.getparent().remove(fonts)


def _set_fonts(rpr, latin: str, east_asian: str, hint_east_asia: bool) -> None:
    fonts = _child(rpr, "rFonts", _RPR_ORDER)
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    if hint_east_asia:
        fonts.set(qn("w:hint"), "eastAsia")


def _set_language(rpr, val: str, east_asia: str | None) -> None:
    """w:lang: val for Latin-script text, east_asia (if any) for East Asian text."""
    lang = _child(rpr, "lang", _RPR_ORDER)
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
    spacing = _child(defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")), "spacing", _PPR_ORDER)
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")


def set_style_fonts(style, latin: str, east_asian: str, hint_east_asia: bool = False) -> None:
    _set_fonts(_style_part(style, "rPr"), latin, east_asian, hint_east_asia)


def set_style_language(style, val: str, east_asia: str | None) -> None:
    _set_language(_style_part(style, "rPr"), val, east_asia)


def set_style_first_line_chars(style, hundredths: int, twips: int) -> None:
    """A first-line indent in characters (w:firstLineChars) with its twips equivalent."""
    ind = _child(_style_part(style, "pPr"), "ind", _PPR_ORDER)
    ind.set(qn("w:firstLineChars"), str(hundredths))
    ind.set(qn("w:firstLine"), str(twips))


def set_style_switch(style, tag: str, on: bool) -> None:
    """A paragraph on/off property of a style, e.g. autoSpaceDE (space between Chinese and
    Latin letters) or autoSpaceDN (between Chinese and digits)."""
    element = _child(_style_part(style, "pPr"), tag, _PPR_ORDER)
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
    borders = _child(tblpr, "tblBorders", _TBLPR_ORDER)
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
    margins = _child(tblpr, "tblCellMar", _TBLPR_ORDER)
    margins.clear()
    for edge in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(cell_margins[edge]))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)


# -- runs, fields, hyperlinks, tables --------------------------------------------------------


def add_field(paragraph, instruction: str, shown: str, style: str | None = None) -> None:
    """A complex field (PAGE, NUMPAGES) whose result Word and LibreOffice recompute; style
    is the character style of its runs."""
    for kind, text in (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("result", shown),
        ("end", None),
    ):
        run = paragraph.add_run(style=style)
        if kind == "result":
            run.text = text
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def wrap_in_hyperlink(paragraph, runs: list, href: str) -> None:
    """Move runs (consecutive, already in the paragraph) into an external w:hyperlink."""
    if not runs:
        return
    rid = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    runs[0]._r.addprevious(link)
    for run in runs:
        link.append(run._r)


def keep_row_together(row) -> None:
    """w:cantSplit: a table row is never broken across pages."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.insert(0, OxmlElement("w:cantSplit"))


def repeat_as_header(row) -> None:
    """w:tblHeader: the row is repeated at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:
        trpr.append(OxmlElement("w:tblHeader"))


def set_table_width(table, twips: int) -> None:
    """The table's preferred width as a fixed measure (python-docx leaves it "auto")."""
    width = _child(table._tbl.tblPr, "tblW", _TBLPR_ORDER)
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")


def remove_paragraph(paragraph) -> None:
    """Take an (empty) paragraph out of its container, e.g. a cell that starts with a table."""
    element = paragraph._p
    element.getparent().remove(element)


def set_cell_margins(cell, **twips: int) -> None:
    """Margins of one cell (top, left, bottom, right) over the table style's."""
    tcpr = cell._tc.get_or_add_tcPr()
    margins = _child(tcpr, "tcMar", _TCPR_ORDER)
    for edge in ("top", "left", "bottom", "right"):
        if edge in twips:
            margin = _child(margins, edge, ("top", "start", "left", "bottom", "end", "right"))
            margin.set(qn("w:w"), str(twips[edge]))
            margin.set(qn("w:type"), "dxa")


def set_style_border(style, edge: str, eighths: int, color: str, space: int) -> None:
    """A single rule on one edge of a paragraph style (w:pBdr), eighths of a point thick,
    space points from the text."""
    borders = _child(_style_part(style, "pPr"), "pBdr", _PPR_ORDER)
    border = _child(borders, edge, ("top", "left", "bottom", "right", "between", "bar"))
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


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LATIN_CHARSET = "00"  # ANSI, for Latin-script fonts


def _with_fonts(font_table: bytes, fonts: list[tuple[str, str | None, str]]) -> bytes:
    """Declare the edition's fonts (name, the Windows character set of an East Asian face
    from its language profile, or None, and family) in word/fontTable.xml so that Word
    substitutes a font of the same script and kind where one is missing."""
    root = etree.fromstring(font_table)
    for name, east_asian, family in fonts:
        if root.find(f"{{{_W}}}font[@{{{_W}}}name='{name}']") is not None:
            continue
        charset = east_asian or _LATIN_CHARSET
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}">'
                + (f'<w:charset w:val="{charset}"/>' if charset else "")
                + f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def reproducible_zip(
    docx: bytes, date_time: tuple[int, ...], fonts: list[tuple[str, str | None, str]]
) -> bytes:
    """The package rewritten with one fixed timestamp and a stable entry order, so that the
    same document always gives the same bytes. A ZIP entry holds no time before 1980 or
    after 2107: the timestamp is brought into that range (the document keeps its date)."""
    y, mo, d, h, mi, s = max(
        min(tuple(date_time), (2107, 12, 31, 23, 59, 58)), (1980, 1, 1, 0, 0, 0)
    )
    stamp = (y, mo, d, h, mi, s)
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    entries["word/fontTable.xml"] = _with_fonts(entries["word/fontTable.xml"], fonts)
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return out.getvalue()


def cache_style_ids(document) -> None:
    """Remember each style name's id once the styles are defined: python-docx looks a name
    up by scanning every style each time a paragraph or run is given one (most of a Word
    edition's time). Styles are never renamed while an edition is written."""
    part = document.part
    lookup = part.get_style_id
    known: dict[tuple, str | None] = {}

    def get_style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in known:
            known[key] = lookup(style_or_name, style_type)
        return known[key]

    part.get_style_id = get_style_id


# -- a watermark --------------------------------------------------------------------------

_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
# Word's own definition of the text-path shape (WordArt, shape type 136), as Word writes it
# beside every watermark it makes.
_TEXT_PATH_TYPE = f"""<v:shapetype xmlns:v="{_V}" xmlns:o="{_O}" id="_x0000_t136"
 coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>"""


def add_watermark(paragraph, text: str, font: str, number: int, width_pt: float) -> None:
    """A watermark as Word makes one: light grey text across the page at 45 degrees,
    behind the text, anchored in a header paragraph (so on every page of its section);
    number: a shape id unique in the document; width_pt: the width of the text block."""
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:noProof"))
    run.append(rpr)
    pict = OxmlElement("w:pict")
    pict.append(etree.fromstring(_TEXT_PATH_TYPE))
    height = round(width_pt / max(len(text), 4) * 1.6, 1)
    shape = etree.fromstring(
        f'<v:shape xmlns:v="{_V}" xmlns:o="{_O}" id="DiglotDraftMark{number}"'
        f' o:spid="_x0000_s{2048 + number}" type="#_x0000_t136" o:allowincell="f"'
        ' fillcolor="#c8c8c8" stroked="f"'
        f' style="position:absolute;margin-left:0;margin-top:0;width:{width_pt}pt;'
        f"height:{height}pt;rotation:315;z-index:-251655168;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin">'
        '<v:fill opacity=".6"/>'
        f'<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string=""/>'
        "</v:shape>"
    )
    shape.find(f"{{{_V}}}textpath").set("string", text)
    pict.append(shape)
    run.append(pict)
    paragraph._p.append(run)
