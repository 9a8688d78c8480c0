"""The lines of a rendered PDF as WeasyPrint laid them out (private to writers/pdf.py): what
the typographic lint (writers/typolint.py) reads.

Each line of text on each page, with the block it belongs to (a paragraph, heading or cell
paragraph: the same HTML element on every page it runs over), its role (title, heading,
name, label, body, ragged), its unit (the nearest element with an id: the templates give
every unit's element its id), its column (side by side: the cell's `col-N`), whether it
ends with a hyphen WeasyPrint added, and how far its justification stretched it: the
widest gap between words as a multiple of the font's space, and the space added between
characters (ems). Margin boxes (running header, page numbers) are left out.
"""

from __future__ import annotations

import re

from weasyprint.formatting_structure import boxes
from weasyprint.text import line_break

from . import _cjk_justify, _lines
from .typolint import TextLine

_COLUMN = re.compile(r"\bcol-(\d+)\b")
_ROLES = (  # (tag or None, class) -> role, first match wins
    ("h1", None, "title"),
    (None, "title", "title"),
    (None, "series", "title"),
    (None, "subtitle", "title"),
    ("h2", None, "heading"),
    ("h3", None, "heading"),
    ("h4", None, "heading"),
    (None, "name", "name"),
    ("th", None, "name"),
    (None, "list-label", "label"),
    (None, "date-place", "label"),
    (None, "closing", "label"),
    (None, "draft-line", "label"),
)


def _role(element, style) -> str:
    tag = getattr(element, "tag", "")
    classes = (element.get("class") or "").split() if element is not None else []
    for want_tag, want_class, role in _ROLES:
        if (want_tag is None or tag == want_tag) and (want_class is None or want_class in classes):
            return role
    return "body" if style["text_align_all"] == "justify" else "ragged"


def _space_width(style, cache: dict) -> float:
    """The width of a space in a style's font, as set with no word or letter spacing: the
    cache is by font, and a line's copied style (a tight line's narrower spaces, a loose
    line's letter spacing: writers/_lines.py) would otherwise give every later line of the
    font its spaces' width, and gaps measured against it (a line reported loose that is
    not)."""
    key = line_break._font_style_cache_key(style, include_size=True)
    width = cache.get(key)
    if width is None:
        if style["word_spacing"] or style["letter_spacing"] != "normal":
            style = style.copy()
            style["word_spacing"], style["letter_spacing"] = 0, "normal"
        layout = line_break.Layout(style)
        layout.set_text(" ")
        line, _ = layout.get_first_line()
        width = cache[key] = line_break.line_size(line, style)[0] or style["font_size"] / 4
    return width


def _gaps(line, langs: frozenset[str], spaces: dict) -> tuple[float, float]:
    """The widest gap between words (a multiple of the space) and the space added between
    characters (ems) of a line."""
    word, char = 0.0, 0.0
    for text in _lines.line_texts(line):
        style = text.style
        letter = style["letter_spacing"]
        letter = 0.0 if letter == "normal" else float(letter)
        spacing = text.justification_spacing or 0.0
        size = style["font_size"] or 1.0
        if _cjk_justify._applies(style, text.text, langs):
            added = min(spacing, _cjk_justify._most_spacing(style)) + letter
            char = max(char, added / size)
        elif " " in text.text.strip():
            space = _space_width(style, spaces)
            word_spacing = float(style["word_spacing"] or 0)
            word = max(word, (space + word_spacing + spacing + letter) / space)
    return word, char


def _short(box, line, langs: frozenset[str]) -> float:
    """How far (ems) a justified line of Chinese text ends before its measure's end: a line
    whose spacing would have passed the cap (_cjk_justify) is left short. 0 for any other."""
    texts = list(_lines.line_texts(line))
    if not any(_cjk_justify._applies(t.style, t.text, langs) for t in texts):
        return 0.0
    ends = [child.position_x + child.margin_width() for child in line.children]
    if not ends:
        return 0.0
    gap = box.content_box_x() + box.width - max(ends)
    return max(0.0, gap / (box.style["font_size"] or 1.0))


def lines(rendered, langs) -> list[TextLine]:
    """Every line of every page of a rendered document, in reading order. langs: the
    languages justified between characters (as for _cjk_justify.justified)."""
    langs = frozenset(lang.lower() for lang in langs)
    found: list[TextLine] = []
    blocks: dict[int, int] = {}  # element id -> block number
    spaces: dict = {}

    def visit(box, page: int, column: int, unit: str | None) -> None:
        element = getattr(box, "element", None)
        if isinstance(box, boxes.MarginBox) or (
            isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer)
        ):
            return  # the running header and page numbers; a table's repeated header rows
        if element is not None and getattr(element, "get", None) is not None:
            unit = element.get("id") or element.get("data-unit") or unit
            match = _COLUMN.search(element.get("class") or "")
            if match and box.element_tag in ("td", "th"):
                column = int(match.group(1))
            stacked = element.get("data-column") or ""
            if stacked.isdigit():  # a table set across the columns: its language's column
                column = int(stacked)
        children = getattr(box, "children", ())
        if children and isinstance(children[0], boxes.LineBox):
            number = blocks.setdefault(id(element), len(blocks))
            role = _role(element, box.style)
            for line in children:
                if not isinstance(line, boxes.LineBox):
                    continue
                text = "".join(t.text for t in _lines.line_texts(line)).strip()
                if not text:
                    continue
                word, char = _gaps(line, langs, spaces)
                fill = 1.0
                if role == "body" and not word and not char and box.width:
                    # a justified line with no space to stretch (one word): how much of the
                    # measure it fills; not one that is justified between characters
                    if not any(
                        _cjk_justify._applies(t.style, t.text, langs)
                        for t in _lines.line_texts(line)
                    ):
                        used = sum(child.margin_width() for child in line.children)
                        fill = min(1.0, used / box.width)
                short = _short(box, line, langs) if role == "body" and box.width else 0.0
                found.append(
                    TextLine(
                        page=page,
                        column=column,
                        block=number,
                        text=text,
                        lang=(box.style["lang"] or "").lower(),
                        role=role,
                        unit=unit,
                        hyphen=_lines.hyphenated(line),
                        final=_lines.final_hyphen(line),
                        word_gap=word,
                        char_gap=char,
                        fill=fill,
                        split=_lines.word_split(line),
                        short=short,
                    )
                )
            return
        for child in children:
            if isinstance(child, boxes.Box):
                visit(child, page, column, unit)

    for number, page in enumerate(rendered.pages, 1):
        visit(page._page_box, number, 0, None)
    return found
