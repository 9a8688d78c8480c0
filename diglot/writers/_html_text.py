"""Field texts as HTML for the templates (filters of writers/html.py's environment): bold and
links, with the marks that keep their lines right (no-break spans, <wbr>s, addresses broken
as a typesetter breaks them)."""

from __future__ import annotations

import jinja2
from markupsafe import Markup, escape

from ..inline import parse, to_html
from ..linebreak import address_lines, compounds, joins, last_pair, urls
from ..script import HAN


def note_html(text: str) -> Markup:
    """A review note (written in the inline subset: its typed characters escaped) as safe
    HTML, as it reads: bold as bold, a link as a link, no escape characters."""
    return Markup(to_html(parse(text).spans))


@jinja2.pass_context
def label_html(context, text: str) -> Markup:
    """A generated label (a signature block's "For the …") as safe HTML, with a <wbr> at
    each place a Chinese one may break on screen (the layout's breaks, as field_html)."""
    layout = context.get("layout")
    breaks: tuple[int, ...] = ()
    if layout is not None and context.get("medium") == "screen":
        breaks = layout.breaks.get(text, ())
    cuts = [0, *sorted(b for b in breaks if 0 < b < len(text)), len(text)]
    return Markup("<wbr>".join(str(escape(text[a:b])) for a, b in zip(cuts, cuts[1:])))


@jinja2.pass_context
def field_html(context, field) -> Markup:
    """A field's text as safe HTML (bold and links), with what keeps its lines right: what
    no line may break inside (a number with its unit, a day with its month: linebreak.joins)
    in <span class="nobr">, and in a Chinese title or heading on screen a <wbr> at each
    place it may break (the layout's breaks; the PDF gets them through _cjk_justify, since
    WeasyPrint would write a <wbr> into the text as U+200B)."""
    if field is None:
        return Markup("")
    layout = context.get("layout")
    breaks: tuple[int, ...] = ()
    kept = joins(field.plain)
    if context.get("medium") == "screen":
        if layout is not None:
            breaks = layout.breaks.get(field.plain, ())
        pair = last_pair(field.plain)  # no Chinese text ends with one character alone
        if pair is not None:
            kept = sorted([*kept, pair])
    else:  # the PDF keeps Chinese joins itself (_cjk_justify): a span would split the text
        kept = [(a, b) for a, b in kept if not HAN.search(field.plain[a:b])]
    addresses = urls(field.plain)
    kept = [(a, b) for a, b in kept if not any(a < y and x < b for x, y in addresses)]
    words = [
        (a, b) for a, b in compounds(field.plain) if not any(a < y and x < b for x, y in addresses)
    ]
    return Markup(to_html(field.spans, marked(kept, breaks, addresses, words)))


SHORT_PLACE = 30  # characters: a place name this short is never broken across lines


def closing_html(title) -> Markup:
    """The closing line ("Port Averley, May 20, 2026") with its joins: a short place name
    and a month with its day stay on one line."""
    text = title.closing or ""
    place = title.units.get("place")
    kept = joins(text)
    if place is not None and len(place.main.plain) <= SHORT_PLACE:
        at = text.find(place.main.plain)
        if at >= 0:
            kept.append((at, at + len(place.main.plain)))
    return Markup(marked(sorted(kept), ())(text, 0))


@jinja2.pass_context
def place_html(context, field) -> Markup:
    """A place name of the title block: a short one stays on one line."""
    shown = field_html(context, field)
    if field is not None and len(field.plain) <= SHORT_PLACE:
        return Markup(f'<span class="nobr">{shown}</span>')
    return shown


def marked(
    kept: list[tuple[int, int]],
    breaks: tuple[int, ...],
    addresses: list[tuple[int, int]] | None = None,
    words: list[tuple[int, int]] | None = None,
):
    """How to write a text run of a field (for inline.to_html): escaped, its parts no line
    may break inside in <span class="nobr">, a web or e-mail address (linebreak.urls: never
    hyphenated) in <span class="url">, a word written with hyphens (words: linebreak.
    compounds, broken only at them) in <span class="compound">, a <wbr> at each break place. Ranges that overlap
    (a number with its unit, and the text's last two characters) are one span: two spans
    side by side would let a line break between them."""
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(kept):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    kept = merged

    def write(text: str, offset: int) -> str:
        end = offset + len(text)
        cuts = {0, len(text)}
        spans = []
        for start, stop in kept:
            first, last = max(start, offset) - offset, min(stop, end) - offset
            if last - first > 1:
                spans.append((first, last))
                cuts.update((first, last))
        links = []
        for start, stop in addresses or ():
            first, last = max(start, offset) - offset, min(stop, end) - offset
            if last > first:
                links.append((first, last))
                cuts.update((first, last))
        joined = []  # the compounds: never hyphenated, so they break only at their hyphens
        for start, stop in words or ():
            first, last = max(start, offset) - offset, min(stop, end) - offset
            if last > first:
                joined.append((first, last))
                cuts.update((first, last))
        # (not inside a part kept whole: a table cell's last two characters, 量（吨）)
        wbr = {
            b - offset
            for b in breaks
            if offset < b < end and not any(start < b < stop for start, stop in kept)
        }
        cuts.update(wbr)
        points = sorted(cuts)
        out = []
        for a, b in zip(points, points[1:]):
            if a in wbr:
                out.append("<wbr>")
            piece = str(escape(text[a:b]))
            if any(first <= a and b <= last for first, last in links):
                out.append(f'<span class="url">{_address_html(text[a:b])}</span>')
            elif any(first <= a and b <= last for first, last in spans):
                out.append(f'<span class="nobr">{piece}</span>')
            elif any(first <= a and b <= last for first, last in joined):
                out.append(f'<span class="compound">{piece}</span>')
            else:
                out.append(piece)
        return "".join(out)

    return write


def _address_html(address: str) -> str:
    """An address escaped, with the places it may break (<wbr>) and the hyphens it may not
    break at (<span class="nobr">) of linebreak.address_lines: it breaks as a typesetter
    breaks one, or anywhere when a part is longer than its line."""
    kept, breaks = address_lines(address)
    cuts = sorted({0, len(address), *breaks, *(x for span in kept for x in span)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a in breaks:
            out.append("<wbr>")
        piece = str(escape(address[a:b]))
        out.append(f'<span class="nobr">{piece}</span>' if (a, b) in kept else piece)
    return "".join(out)
