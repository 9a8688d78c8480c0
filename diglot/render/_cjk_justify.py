"""Inter-character justification of Chinese text for WeasyPrint 70 (private to render/pdf.py).

WeasyPrint justifies a line by widening its spaces only, and Chinese has none, so
justified Chinese paragraphs stay ragged. CSS Text 3 justifies CJK text between
characters (text-justify: inter-character). This module teaches WeasyPrint's own
justification step to do that for text in an element whose language justifies between
characters (its profile says justify = "inter-character"; `LANGS`): each character
gap of such a line counts as an expansion opportunity, and the line's slack is drawn
as Pango letter-spacing spread evenly over the gaps. Lines that are not justified
(the last line of a paragraph, left-aligned text) are untouched, and so is the text:
no character is added, so copied and extracted text stays as written.
"""

from __future__ import annotations

import re

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_installed = False
# The HTML language tags (lower case) whose text is justified between characters; set from
# the language profiles by render/pdf.py before rendering.
LANGS: set[str] = set()


def _justifies_between_characters(style, text: str) -> bool:
    lang = (style["lang"] or "").lower()
    return bool(lang) and (lang in LANGS or lang.split("-")[0] in LANGS) \
        and bool(_CJK.search(text))


def install() -> None:
    """Patch WeasyPrint's justification once per process."""
    global _installed
    if _installed:
        return
    count_spaces = inline.count_expandable_spaces
    set_text = line_break.Layout.set_text

    def count_expandable(box):
        if isinstance(box, boxes.TextBox) and _justifies_between_characters(box.style, box.text):
            return max(len(box.text.rstrip(" ")) - 1, 0)
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(count_expandable(child) for child in box.children)
        return count_spaces(box)

    def set_text_justified(self, text, justify=False):
        spacing = self.justification_spacing
        if not (justify and spacing and _justifies_between_characters(self.style, text)):
            return set_text(self, text, justify)
        set_text(self, text, justify=False)
        encoded = self.text.encode()
        letter_spacing = self.style["letter_spacing"]
        letter_spacing = 0 if letter_spacing == "normal" else letter_spacing
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes == ffi.NULL:
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        attribute = pango.pango_attr_letter_spacing_new(
            int((letter_spacing + spacing) * TO_UNITS))
        attribute.start_index, attribute.end_index = 0, len(encoded)
        pango.pango_attr_list_change(attributes, attribute)
        pango.pango_layout_set_attributes(self.layout, attributes)
        return None

    inline.count_expandable_spaces = count_expandable
    line_break.Layout.set_text = set_text_justified
    _installed = True
