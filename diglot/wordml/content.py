"""The body: fields, hyperlinks, rows that do not split or repeat as a header, table widths,
cell margins, editable ranges in a protected document, and a watermark."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .read import LINE_MARKS
from .styles import TBLPR_ORDER, TCPR_ORDER, child_in_order


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


def add_bookmark(paragraph, name: str, number: int) -> None:
    """A bookmark around the paragraph's content (a heading a contents entry points to)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p_pr = paragraph._p.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _field_char(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word brings the page numbers up to date
    run._r.append(char)


def _instruction(paragraph, text: str) -> None:
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {text} "
    run._r.append(instr)


def add_contents_entry(paragraph, text: str, bookmark: str, page: str) -> None:
    """One entry of the contents: the text and its page number, a PAGEREF field to the
    heading's bookmark that Word and LibreOffice compute (the cached result of a TOC field
    would be a page number the writer cannot know: it does not paginate), linked to the
    heading."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    runs = [paragraph.add_run(text), paragraph.add_run()]
    runs[1].add_tab()
    for kind, value in (("begin", None), ("instr", f"PAGEREF {bookmark} \\h"),
                        ("separate", None), ("result", page), ("end", None)):  # fmt: skip
        if kind == "instr":
            _instruction(paragraph, value or "")
        elif kind == "result":
            paragraph.add_run(value)
        else:
            _field_char(paragraph, kind)
        runs.append(paragraph.runs[-1])
    for run in runs:
        link.append(run._r)


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
    width = child_in_order(table._tbl.tblPr, "tblW", TBLPR_ORDER)
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")


def remove_paragraph(paragraph) -> None:
    """Take an (empty) paragraph out of its container, e.g. a cell that starts with a table."""
    element = paragraph._p
    element.getparent().remove(element)


def drop_spaces_before_page_breaks(document) -> None:
    """Take out each empty paragraph that only spaces a table from what follows when what
    follows starts a new page (a heading with a page break before it): at a page's foot it
    would spill onto a page of its own, blank but for the running head."""
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:p") or element.find(qn("w:r")) is not None:
            continue
        if any(child.tag != qn("w:pPr") for child in element):
            continue  # a bookmark, a field: not an empty space
        before, after = element.getprevious(), element.getnext()
        if before is None or before.tag != qn("w:tbl"):
            continue
        if after is not None and after.tag == qn("w:p"):
            properties = after.find(qn("w:pPr"))
            found = properties.find(qn("w:pageBreakBefore")) if properties is not None else None
            if found is not None and found.get(qn("w:val"), "true") not in ("0", "false", "off"):
                body.remove(element)


ZERO_WIDTH_SPACE, WORD_JOINER = LINE_MARKS  # a line may break here / may not; neither shows


def add_line_mark(paragraph, mark: str, style: str | None = None):
    """A run of one character that shows nothing and only tells where a line may break (a
    zero-width space) or may not (a word joiner), as Word and LibreOffice honour them: the
    places an address may break at, and the hyphens it may not. The run is marked
    (w:noProof: no proofing for what is no text) so that a reader drops it
    (read.is_line_mark) and keeps such a character an author typed."""
    if mark not in LINE_MARKS:
        raise ValueError(f"not a line mark: {mark!r}")
    run = paragraph.add_run(mark, style=style)
    run._r.get_or_add_rPr().append(OxmlElement("w:noProof"))
    return run


def clear_cell_borders(cell) -> None:
    """No rule around one cell (over its table style's): a caption or a gutter cell."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = child_in_order(tcpr, "tcBorders", TCPR_ORDER)
    borders.clear()
    for edge in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{edge}")
        border.set(qn("w:val"), "nil")
        borders.append(border)


def set_cell_margins(cell, **twips: int) -> None:
    """Margins of one cell (top, left, bottom, right) over the table style's."""
    tcpr = cell._tc.get_or_add_tcPr()
    margins = child_in_order(tcpr, "tcMar", TCPR_ORDER)
    for edge in ("top", "left", "bottom", "right"):
        if edge in twips:
            margin = child_in_order(
                margins, edge, ("top", "start", "left", "bottom", "end", "right")
            )
            margin.set(qn("w:w"), str(twips[edge]))
            margin.set(qn("w:type"), "dxa")


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


# -- a protected document with editable ranges --------------------------------------------


def add_editable_range(cell, number: int) -> None:
    """An editable range for everyone around the cell's content (w:permStart, w:permEnd):
    in a protected document, only such ranges can be changed."""
    paragraphs = cell._tc.findall(qn("w:p"))
    start = OxmlElement("w:permStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:edGrp"), "everyone")
    end = OxmlElement("w:permEnd")
    end.set(qn("w:id"), str(number))
    first = paragraphs[0]
    p_pr = first.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        first.insert(0, start)
    paragraphs[-1].append(end)


# the children of w:settings that follow w:documentProtection in the schema
_SETTINGS_AFTER_PROTECTION = {
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "characterSpacingControl",
    "compat",
    "rsids",
    "themeFontLang",
    "clrSchemeMapping",
    "shapeDefaults",
    "decimalSymbol",
    "listSeparator",
}


def protect_read_only(document) -> None:
    """Read-only, enforced, without a password: only the editable ranges can be changed."""
    settings = document.settings.element
    protection = OxmlElement("w:documentProtection")
    protection.set(qn("w:edit"), "readOnly")
    protection.set(qn("w:enforcement"), "1")
    later = next(
        (c for c in settings if c.tag.rsplit("}", 1)[-1] in _SETTINGS_AFTER_PROTECTION), None
    )
    if later is not None:
        later.addprevious(protection)
    else:
        settings.append(protection)
