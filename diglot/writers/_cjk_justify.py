"""Chinese line breaking and inter-character justification for WeasyPrint 70 (private to
writers/pdf.py).

WeasyPrint justifies a line by widening its spaces only, and Chinese has none, so
justified Chinese paragraphs stay ragged. CSS Text 3 justifies CJK text between
characters (text-justify: inter-character). Inside `justified(langs)`, WeasyPrint's own
justification step does that for text in an element whose language justifies between
characters (its profile says justify = "inter-character"): the gap after each CJK
character or punctuation mark (and each space) of such a line is an expansion
opportunity, and the line's slack is drawn as Pango letter-spacing on those characters
only, so a run of digits or Latin letters ("2030", "AI") is never spread. Lines that are
not justified (the last line of a paragraph, left-aligned text) are not spread, and the
text is untouched: no character is added, so copied and extracted text stays as written.

In the same languages, line breaking and spacing follow rules Pango does not know (Pango
attributes on byte ranges of the text):
- no line ends a text with a single character: the last two characters (with any
  punctuation after them) of a text stay on one line, so a paragraph or heading never
  leaves one character alone on its last line;
- where the style says `--diglot-word-break: keep-all` (Chinese titles and headings, set
  from the profiles), CJK text breaks only between words: at the places the layout found
  for that text (diglot/linebreak.py: a word segmenter, glossary terms and names kept
  whole, a U+200B typed by the author first), given to `justified()` as `breaks`; a
  keep-all text it has none for breaks at a U+200B, a space or after punctuation. A
  segment wider than the line still breaks (Pango falls back to breaking anywhere);
- where two full-width punctuation marks meet (）。 》，), the first is set half width
  (OpenType `halt`), as CLREQ and GB/T 15834 practice compress them;
- a justified line is spread between characters by at most MOST_SPACING em: a line with
  more slack is left short of the right edge rather than letter-spaced.
In every language, a title or heading whose style says `--diglot-balance: balance` is broken
into balanced lines (linebreak.balance): as few as fit, as long as the longest must be,
the longer first.

`justified()` replaces three WeasyPrint functions (counting a line's expansion places,
justifying it, setting its text) for the time of the render and puts the originals back
after. It first checks that they are the ones this module was written for (their
qualified names and a hash of their source); any other WeasyPrint fails with a message
saying what to check.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import re
from collections.abc import Iterable, Iterator, Mapping
from math import ceil, inf

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

from ..linebreak import balance, joins, opened
from ..script import (
    CJK,
    CJK_PUNCTUATION_CHARS,
    CLOSING,
    OPENING,
    TRAILING_PUNCTUATION,
    text_ems,
)
from ..typorules import CJK_GAP

# Characters after which a keep-all text may still break (CSS Text 3: punctuation and
# spaces remain break opportunities under word-break: keep-all).
_KEEP_ALL_BREAKS = re.compile(f"[\\s\u200b{CJK_PUNCTUATION_CHARS}\u2014\u2026]")
KEEP_ALL = "--diglot-word-break"  # the custom property (CSS) that asks for keep-all

# The WeasyPrint functions replaced inside justified(): qualified name -> sha256 of the
# source they were written against (WeasyPrint 70.0).
EXPECTED = {
    "weasyprint.layout.inline.count_expandable_spaces": "175fe6f42576ed3842d240a5048b4816ed702e8f97d49389b5b528aee51476ad",
    "weasyprint.layout.inline.justify_line": "f83b21ff8793ba6b6dfc5fe8e10e4ab6cd6e02b17de02da97200902166148a81",
    "weasyprint.text.line_break.Layout.set_text": "fe23ca9937dbf5205bda422f9c01103f301ef2c511228842632ea86e853274f7",
}
WEASYPRINT_VERSION = "70."


class UnexpectedWeasyPrint(RuntimeError):
    """The installed WeasyPrint is not the one the justification was written for."""


def fingerprint(function) -> str:
    """The sha256 of a function's source: changes when WeasyPrint changes it."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def _targets() -> dict[str, object]:
    return {
        "weasyprint.layout.inline.count_expandable_spaces": inline.count_expandable_spaces,
        "weasyprint.layout.inline.justify_line": inline.justify_line,
        "weasyprint.text.line_break.Layout.set_text": line_break.Layout.set_text,
    }


def check_weasyprint() -> None:
    """Fail with a clear message unless WeasyPrint is the version and has the functions
    this module extends."""
    problems = []
    if not weasyprint.__version__.startswith(WEASYPRINT_VERSION):
        problems.append(
            f"WeasyPrint {weasyprint.__version__} is installed, this module was "
            f"written for {WEASYPRINT_VERSION}x"
        )
    for name, function in _targets().items():
        qualified = f"{function.__module__}.{getattr(function, '__qualname__', '?')}"
        if qualified != name:
            problems.append(f"{name} is now {qualified}")
        elif fingerprint(function) != EXPECTED[name]:
            problems.append(
                f"{name} has changed (sha256 {fingerprint(function)[:12]}…, "
                f"expected {EXPECTED[name][:12]}…)"
            )
    if problems:
        raise UnexpectedWeasyPrint(
            "diglot's Chinese justification (diglot/writers/_cjk_justify.py) extends "
            "WeasyPrint's justification and cannot run: " + "; ".join(problems) + ". "
            "Install weasyprint>=70,<71, or port _cjk_justify.py to the new functions "
            "and update its EXPECTED fingerprints."
        )


_allow_breaks_declared = False


def _allow_breaks_new():
    global _allow_breaks_declared
    if not _allow_breaks_declared:  # Pango >= 1.44; WeasyPrint 70 does not declare it
        ffi.cdef("PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);")
        _allow_breaks_declared = True
    return pango.pango_attr_allow_breaks_new


def _applies(style, text: str, langs: frozenset[str]) -> bool:
    lang = (style["lang"] or "").lower()
    return bool(lang) and (lang in langs or lang.split("-")[0] in langs) and bool(CJK.search(text))


def _spaced(text: str) -> list[int]:
    """The indexes of the characters a justified line spreads after: CJK characters and
    punctuation, and spaces; never a digit or Latin letter, so runs of them stay set
    solid. Trailing spaces are not counted."""
    text = text.rstrip(" ")
    return [i for i, char in enumerate(text) if char == " " or CJK.match(char)]


def _expansion(text: str) -> float:
    """The number of letter-spacing widths Pango adds to a layout of this text where the
    _spaced characters carry the spacing: half of it goes before a character and half
    after, except at the start and the end of the line."""
    spaced = _spaced(text)
    if not spaced:
        return 0
    last = len(text.rstrip(" ")) - 1
    return len(spaced) - 0.5 * (spaced[0] == 0) - 0.5 * (spaced[-1] == last)


def _ranges(indexes: Iterable[int], text: str) -> list[tuple[int, int]]:
    """Byte ranges (UTF-8) of runs of consecutive character indexes."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + len(char.encode()))
    ranges: list[tuple[int, int]] = []
    for i in indexes:
        if ranges and ranges[-1][1] == offsets[i]:
            ranges[-1] = (ranges[-1][0], offsets[i + 1])
        else:
            ranges.append((offsets[i], offsets[i + 1]))
    return ranges


def _unbreakable(text: str, keep_all: bool, longest: int | None = None) -> list[tuple[int, int]]:
    """Character ranges (start, end) inside which no line may break. A keep-all segment of
    more than longest characters (wider than the line) is not kept: it still breaks."""
    kept: list[tuple[int, int]] = []
    if keep_all:
        start = None
        for i, char in enumerate(text + " "):
            if CJK.match(char) and not _KEEP_ALL_BREAKS.match(char):
                if start is None:
                    start = i
            else:
                if start is not None and 1 < i - start <= (longest or len(text) + 1):
                    kept.append(
                        (start, i + (i < len(text) and not char.isspace() and char != "\u200b"))
                    )
                start = None
    # The last two characters before any trailing punctuation stay together; but a text
    # that ends with an opening bracket is not the end of its paragraph (a link, an address
    # follows, in a box of its own): its last characters may end a line.
    trailing = TRAILING_PUNCTUATION.search(text)
    body = len(text) - (len(trailing.group()) if trailing else 0)
    ends_open = text.rstrip()[-1:] in OPENING
    if body >= 3 and CJK.match(text[body - 1]) and not text[body - 2].isspace() and not ends_open:
        kept.append((body - 2, len(text)))
    return kept


def _attributes(layout):
    attributes = pango.pango_layout_get_attributes(layout.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    return attributes


@contextlib.contextmanager
def justified(
    langs: Iterable[str],
    breaks: Mapping[str, Iterable[int]] | None = None,
    kept: Iterable[str] = (),
) -> Iterator[None]:
    """Within: text in these HTML languages (lower case, `zh-hans` or `zh`) is justified
    between characters and broken by the rules above; breaks: where each Chinese title or
    heading may break (diglot/linebreak.py), by its text; kept: names and terms of several
    words that a balanced title or heading keeps on one line where its lines can still be
    balanced within the measure. WeasyPrint's functions are checked first and restored
    after."""
    check_weasyprint()
    langs = frozenset(lang.lower() for lang in langs)
    table = {text: tuple(offsets) for text, offsets in (breaks or {}).items()}
    phrases = tuple(sorted({p.casefold() for p in kept}, key=len, reverse=True))
    count_spaces = inline.count_expandable_spaces
    justify_line = inline.justify_line
    set_text = line_break.Layout.set_text
    allow_breaks_new = _allow_breaks_new()
    _declare_measures()

    def count_expandable(box):
        if isinstance(box, boxes.TextBox) and _applies(box.style, box.text, langs):
            return _expansion(box.text)
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(count_expandable(child) for child in box.children)
        return count_spaces(box)

    def justify_cjk(context, line, extra_width):
        """WeasyPrint's justification, with the spacing of a line holding Chinese text at
        most MOST_SPACING: the glyphs are spread by that much (set_text_cjk), so the boxes
        after them must move by that much too; a line with more slack is left short of the
        right edge (else the difference opened a gap before the box after the Chinese text:
        an address, a link)."""
        count = count_expandable(line)
        if not count:
            return
        spacing = extra_width / count
        most = _line_most_spacing(line, langs)
        inline.add_word_spacing(context, line, min(spacing, most), 0)

    def forbid(attributes, text: str, first: int, last: int) -> None:
        """No line break between the characters first and last - 1 (before none of
        first + 1 ... last - 1)."""
        start, end = len(text[:first].encode()), len(text[:last].encode())
        attribute = allow_breaks_new(False)
        attribute.start_index, attribute.end_index = start, end
        pango.pango_attr_list_insert(attributes, attribute)

    def set_text_cjk(self, text, justify=False):
        cjk = _applies(self.style, text, langs)
        balanced = _balanced(self.style) and self.max_width not in (None, inf)
        if not cjk and not balanced:
            return set_text(self, text, justify)
        spacing = 0
        if cjk and justify:
            spacing = min(self.justification_spacing, _most_spacing(self.style))
        set_text(self, text, justify=justify and not cjk)
        text = self.text
        attributes = _attributes(self)
        if spacing:
            letter_spacing = self.style["letter_spacing"]
            letter_spacing = 0 if letter_spacing == "normal" else letter_spacing
            for start, end in _ranges(_spaced(text), text):
                attribute = pango.pango_attr_letter_spacing_new(
                    int((letter_spacing + spacing) * TO_UNITS)
                )
                attribute.start_index, attribute.end_index = start, end
                pango.pango_attr_list_change(attributes, attribute)
        if cjk:
            for index in _compressed(text):  # adjacent punctuation: the first half width
                start, end = len(text[:index].encode()), len(text[: index + 1].encode())
                attribute = pango.pango_attr_font_features_new(b"halt 1")
                attribute.start_index, attribute.end_index = start, end
                pango.pango_attr_list_insert(attributes, attribute)
            keep_all = _keep_all(self.style)
            allowed = _lookup(table, text) if keep_all else None
            size = self.style["font_size"]
            # CJK characters are one em wide: a segment of more than this many cannot fit
            longest = int(self.max_width / size) if self.max_width and size else None
            if allowed is not None and longest is not None:
                # a term or name kept whole that no line holds breaks between its words
                ems = self.max_width / size
                allowed = opened(text, allowed, lambda piece: text_ems(piece) <= ems)
            if allowed is not None:
                points = (0, *allowed, len(text))
                for first, last in zip(points, points[1:]):
                    if last - first > 1:
                        forbid(attributes, text, first, last)
                kept = _unbreakable(text, False)
            else:
                kept = _unbreakable(text, keep_all, longest)
            # a join wider than the line is not kept: Pango would break it anywhere, even
            # before closing punctuation
            joined = [(a, b) for a, b in joins(text) if longest is None or b - a < longest]
            for first, last in (*kept, *joined):
                forbid(attributes, text, first, last)
        pango.pango_layout_set_attributes(self.layout, attributes)
        if balanced:
            _balance_lines(self, text, attributes, forbid, phrases)
        return None

    inline.count_expandable_spaces = count_expandable
    inline.justify_line = justify_cjk
    line_break.Layout.set_text = set_text_cjk
    try:
        yield
    finally:
        inline.count_expandable_spaces = count_spaces
        inline.justify_line = justify_line
        line_break.Layout.set_text = set_text


def _lookup(table: Mapping[str, tuple[int, ...]], text: str) -> tuple[int, ...] | None:
    """The break places of a text that is a title or heading of the table, or the part of
    one that is left for the lines after the first (or the start of that part, which
    WeasyPrint lays out first to find a line's end)."""
    found = table.get(text)
    if found is not None:
        return found
    for whole, offsets in table.items():
        at = whole.find(text)
        if at >= 0 and text:
            return tuple(o - at for o in offsets if at < o < at + len(text))
    return None


def _compressed(text: str) -> list[int]:
    """The punctuation marks set half width (OpenType halt) where two full-width marks meet
    (CLREQ's punctuation adjustment, GB/T 15834 practice): a closing mark before another
    mark, else an opening mark after one."""
    found = []
    marks = CLOSING | OPENING
    for i in range(len(text) - 1):
        first, second = text[i], text[i + 1]
        if first in CLOSING and second in marks:
            found.append(i)
        elif first in marks and second in OPENING:
            found.append(i + 1)
    return found


def _occurrences(text: str, phrases: Iterable[str]) -> list[frozenset[int]]:
    """Each occurrence in text of one of the phrases (compared casefolded: a title may be
    set in capitals) that begins and ends at a word's edge, as the offsets inside it."""
    folded = text.casefold()
    if len(folded) != len(text):  # a casefold that changes lengths (ß): offsets differ
        return []
    found: list[frozenset[int]] = []
    for phrase in phrases:
        start = folded.find(phrase)
        while start != -1:
            end = start + len(phrase)
            edges = (start == 0 or not folded[start - 1].isalnum()) and (
                end == len(folded) or not folded[end].isalnum()
            )
            if edges:
                found.append(frozenset(range(start + 1, end)))
            start = folded.find(phrase, start + 1)
    return found


# What breaking a name or term of several words costs a balanced title, as a fraction of
# its lines' summed squared widths (which balance() makes least): a title that keeps the
# name whole may be this much less even ("and the / Xinzhou Port Administration" is no
# better than a name broken).
KEPT_UNEVEN = 0.15


def _balance_lines(layout, text: str, attributes, forbid, phrases=()) -> None:
    """Break a title or heading into balanced lines (diglot/linebreak.py balance): of the
    places it may break, keep those of the balanced lines and forbid the rest. A name or
    term of several words (phrases) is kept on one line when the lines can be balanced
    without breaking it, each within the measure and no more of them."""

    count = ffi.new("gint *")
    log_attrs = pango.pango_layout_get_log_attrs_readonly(layout.layout, count)
    candidates = [i for i in range(1, min(count[0] - 1, len(text))) if log_attrs[i].is_line_break]
    if not candidates:
        return
    measure = line_break.Layout(layout.style)
    pango.pango_layout_set_text(measure.layout, text.encode(), -1)
    pango.pango_layout_set_attributes(measure.layout, attributes)
    rectangle = ffi.new("PangoRectangle *")
    positions = []
    for index in candidates:
        pango.pango_layout_index_to_pos(measure.layout, len(text[:index].encode()), rectangle)
        positions.append(rectangle.x / TO_UNITS)
    ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
    pango.pango_layout_get_extents(measure.layout, ink, logical)
    total = logical.width / TO_UNITS
    penalties = None
    inner = frozenset().union(*_occurrences(text, phrases)) if phrases else frozenset()
    if inner & set(candidates) and total > layout.max_width:
        lines = ceil(total / layout.max_width)
        price = KEPT_UNEVEN * total * total / lines  # of the least sum: lines × (total/lines)²
        penalties = [price if c in inner else 0.0 for c in candidates]
    chosen = {candidates[i] for i in balance(positions, total, layout.max_width, penalties)}
    if not chosen:
        return
    for index in candidates:
        if index not in chosen:
            forbid(attributes, text, index - 1, index + 1)
    # the layout has broken its lines already (for the log attributes): Pango keeps them
    # unless its attributes change, and a list changed in place is the same list to it
    pango.pango_layout_set_attributes(layout.layout, ffi.NULL)
    pango.pango_layout_set_attributes(layout.layout, attributes)


_measures_declared = False


def _declare_measures() -> None:
    global _measures_declared
    if not _measures_declared:  # Pango functions WeasyPrint 70 does not declare
        ffi.cdef(
            "void pango_layout_index_to_pos (PangoLayout *layout, int index_, "
            "PangoRectangle *pos);"
            "void pango_layout_get_extents (PangoLayout *layout, PangoRectangle *ink_rect, "
            "PangoRectangle *logical_rect);"
        )
        _measures_declared = True


BALANCE = "--diglot-balance"  # the custom property (CSS) that asks for balanced lines


def _balanced(style) -> bool:
    value = style[BALANCE.replace("-", "_")]
    return any(getattr(token, "value", None) == "balance" for token in value or ())


# The most spacing a justified line adds between two characters, in ems (typorules.CJK_GAP):
# a line with more slack than that is left short of the right edge rather than letter-spaced
# (联 合 阅 览 室), as a proofreader asks; one with less is filled to the margin, as justified
# Chinese is (a narrow column whose next number and unit cannot come up: 0.15 to 0.2 em). (It also keeps WeasyPrint 70's drawing error
# small: it draws a glyph's Pango x_offset 1.024 times too far, so a spread glyph lands at
# most 0.0015 em off.)
MOST_SPACING = CJK_GAP


def _most_spacing(style) -> float:
    return MOST_SPACING * style["font_size"]


def _line_most_spacing(box, langs: frozenset[str]) -> float:
    """The most spacing of the Chinese text boxes of a line (inf when it holds none: the
    line is justified as WeasyPrint does)."""
    if isinstance(box, boxes.TextBox):
        return _most_spacing(box.style) if _applies(box.style, box.text, langs) else inf
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return min((_line_most_spacing(child, langs) for child in box.children), default=inf)
    return inf


def _keep_all(style) -> bool:
    """Whether the style says --diglot-word-break: keep-all (WeasyPrint keeps a custom
    property as its tokens, under the name with "-" as "_")."""
    value = style[KEEP_ALL.replace("-", "_")]
    return any(getattr(token, "value", None) == "keep-all" for token in value or ())
