"""A paragraph measured for planning its line breaks (private to writers/_lines.py): the
widths of its words, spaces and hyphenation points as WeasyPrint would set them, and where
each of its text boxes starts in its text, so that writers/_paragraphs.py can choose the
breaks of the whole paragraph before WeasyPrint lays out its lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

from ..linebreak import ZWSP
from ..script import CJK
from ..typorules import may_hyphenate
from ._paragraphs import DASH, HYPHEN, SPACE, Break, Paragraph

_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass
class Plan:
    """A paragraph to lay out to plan: its measured text, and where each of its text boxes
    starts in it."""

    paragraph: Paragraph
    starts: dict[int, int]  # id(text or inline box) -> offset of its text


# -- measuring a paragraph ----------------------------------------------------------------------


class Measures:
    """Widths the plans need, made once per render: a space, a hyphen, per font."""

    def __init__(self) -> None:
        self.widths: dict[tuple[str, str], float] = {}
        self.dictionaries: dict[tuple[str, int, int], pyphen.Pyphen] = {}

    def width(self, style, text: str) -> float:
        key = (line_break._font_style_cache_key(style, include_size=True), text)
        found = self.widths.get(key)
        if found is None:
            layout = line_break.Layout(style)
            layout.set_text(text)
            line, _ = layout.get_first_line()
            found = self.widths[key] = line_break.line_size(line, style)[0]
        return found

    def dictionary(self, lang: str, left: int, right: int) -> pyphen.Pyphen | None:
        language = pyphen.language_fallback(lang)
        if not language:
            return None
        key = (language, left, right)
        found = self.dictionaries.get(key)
        if found is None:
            found = self.dictionaries[key] = pyphen.Pyphen(lang=language, left=left, right=right)
        return found


def _spacing(style, side: str) -> float:
    value = style[side]
    return float(getattr(value, "value", 0) or 0)


def _texts(children, found: list, starts: dict[int, int], offset: int, kept: list) -> int | None:
    """The text boxes of inline content in order (into found), with where each starts
    (into starts) and the ranges no line may break inside (into kept: white-space: nowrap,
    the joins of linebreak.py); None when it holds anything a plan cannot measure."""
    for child in children:
        if isinstance(child, boxes.TextBox):
            if "\n" in child.text or CJK.search(child.text):
                return None
            starts[id(child)] = offset
            found.append(child)
            if child.style["white_space"] in ("nowrap", "pre"):
                kept.append((offset, offset + len(child.text)))
            offset += len(child.text)
        elif isinstance(child, boxes.InlineBox):
            style = child.style
            sides = ("padding_left", "padding_right", "margin_left", "margin_right")
            borders = ("border_left_width", "border_right_width")
            if any(_spacing(style, side) for side in sides) or any(style[b] for b in borders):
                return None
            starts[id(child)] = offset
            end = _texts(child.children, found, starts, offset, kept)
            if end is None:
                return None
            offset = end
        else:
            return None
    return offset


_widths_declared = False


def declare_widths() -> None:
    global _widths_declared
    if not _widths_declared:  # a Pango function WeasyPrint 70 does not declare
        ffi.cdef(
            "void pango_glyph_string_get_logical_widths (PangoGlyphString *glyphs, "
            "const char *text, int length, int embedding_level, int *logical_widths);"
        )
        _widths_declared = True


def _positions(text_box, measures: Measures) -> list[float]:
    """The x of each character of a text box from its start (and of its end): the logical
    widths of its characters in the runs of one unbroken Pango line (one call per run)."""
    text = text_box.text
    layout = line_break.Layout(text_box.style)
    layout.set_text(text)
    encoded = text.encode()
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    widths: dict[int, int] = {}  # byte offset of a character -> its width (Pango units)
    runs = line.runs
    while runs != ffi.NULL:
        glyph_item = runs.data
        item = glyph_item.item
        count = item.num_chars
        logical = ffi.new("int[]", count)
        pango.pango_glyph_string_get_logical_widths(
            glyph_item.glyphs,
            ffi.from_buffer(encoded)[item.offset : item.offset + item.length],
            item.length,
            item.analysis.level,
            logical,
        )
        at = item.offset
        for i, char in enumerate(encoded[item.offset : item.offset + item.length].decode()):
            widths[at] = logical[i]
            at += len(char.encode())
        runs = runs.next
    xs, x, at = [], 0, 0
    for char in text:
        xs.append(x / TO_UNITS)
        x += widths.get(at, 0)
        at += len(char.encode())
    xs.append(x / TO_UNITS)
    return xs


def measure(linebox, measures: Measures) -> Plan | None:
    """A justified paragraph measured for planning; None when it is not one to plan (not
    justified, Chinese, with anything but text, bold and links in it, after a number
    that may stand before it)."""
    style = linebox.style
    if style["text_align_all"] != "justify" or style["white_space"] not in ("normal", "nowrap"):
        return None
    children = list(linebox.children)
    if children and isinstance(children[0], boxes.InlineBlockBox):
        children = children[1:]  # the number: WeasyPrint's measure of the line leaves it out
    found: list[boxes.TextBox] = []
    starts: dict[int, int] = {}
    kept: list[tuple[int, int]] = []
    if _texts(children, found, starts, 0, kept) is None or not found:
        return None
    text = "".join(t.text for t in found)
    if not text.strip() or " " not in text:
        return None
    xs: list[float] = []
    breaks: list[Break] = []
    last_word = None
    for match in _LETTERS.finditer(text):
        last_word = match.start()
    for box in found:
        offset = starts[id(box)]
        local = _positions(box, measures)
        base = xs[-1] if xs else 0.0
        if xs:
            xs.pop()  # the previous box's end is this box's start
        xs.extend(base + x for x in local)
        box_style = box.style
        hyphen_width = measures.width(box_style, box_style["hyphenate_character"] or "-")
        if box_style["hyphens"] == "auto" and box_style["lang"]:
            total, left, right = box_style["hyphenate_limit_chars"]
            dictionary = measures.dictionary(box_style["lang"], left, right)
            for match in _LETTERS.finditer(box.text) if dictionary is not None else ():
                word = match.group()
                if len(word) < total:
                    continue
                assert dictionary is not None  # no words are looked at without one
                for position in dictionary.positions(word):
                    at = offset + match.start() + position
                    breaks.append(
                        Break(
                            at,
                            HYPHEN,
                            base + local[match.start() + position] + hyphen_width,
                            name=not may_hyphenate(word),
                            final=offset + match.start() == last_word,
                        )
                    )
        for index in range(1, len(box.text)):
            before = box.text[index - 1]
            if before in "-\u2010\u2013\u2014" and box.text[index] != " " and index > 1:
                breaks.append(Break(offset + index, DASH, base + local[index]))
    for index, char in enumerate(text):
        if char == " " and 0 < index < len(text) - 1:
            breaks.append(Break(index + 1, SPACE, xs[index]))
        elif char == ZWSP and 0 < index < len(text) - 1:
            # a <wbr> (WeasyPrint writes it as U+200B): an address's break points. A plan
            # that knew only the spaces set a long address whole, and a line before it with
            # one word: WeasyPrint, led to breaks it could not make, then lost a space
            breaks.append(Break(index + 1, DASH, xs[index + 1], inner=True))
    breaks.sort(key=lambda b: (b.at, b.kind != SPACE))
    unique: list[Break] = []
    for item in breaks:
        inside = any(first < item.at < last for first, last in kept)
        if not inside and (not unique or unique[-1].at != item.at):
            unique.append(item)
    space = measures.width(style, " ") or style["font_size"] / 4
    return Plan(Paragraph(text, xs, space, unique), starts)


def offset(linebox, stack, starts: dict[int, int]) -> int | None:
    """The offset in its paragraph's text where a resume point (WeasyPrint's skip stack of
    a line box) is."""
    box = linebox
    while stack:
        ((index, sub),) = stack.items()
        children = box.children
        if index >= len(children):
            return None
        child = children[index]
        if isinstance(child, boxes.TextBox):
            skip = next(iter(sub)) if sub else 0
            start = starts.get(id(child))
            if start is None:
                return None
            return start + len(child.text.encode()[: skip or 0].decode("utf-8", "ignore"))
        if not sub:
            return starts.get(id(child))
        box, stack = child, sub
    return 0
