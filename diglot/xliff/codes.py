"""What the export and the import share: the namespaces, the metadata names, and the inline
codes (bold and links as paired codes, numbered through a unit; the Markdown they stand for)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import inline
from ..model import Unit
from ..script import collapse_spaces

NS2 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
# XLIFF 1.1 (translate-toolkit's po2xliff writes it): the elements and attributes diglot
# reads (file, trans-unit, source, target, note, context-group, g, mrk, state, approved)
# are 1.2's, so a 1.1 file is read as 1.2
NS11 = "urn:oasis:names:tc:xliff:document:1.1"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
ONLY = ("new", "stale", "review", "all")
MAX_BYTES = 32 * 1024 * 1024  # an XLIFF file larger than this is refused unread
NOTE_CATEGORIES = ("diglot:review", "diglot:check", "diglot:stale")
# 1.2: who wrote a note diglot exports. translate-toolkit (xliff2po, Weblate, Pootle) takes
# a note whose from holds "developer" for the developer's (a PO file's "#." comment), and
# leaves out one whose from holds neither "developer" nor "translator"; OmegaT shows every
# note. The import knows diglot's notes by either value (files exported before: "diglot").
NOTE_FROM = "diglot-developer"
OWN_NOTES_FROM = (NOTE_FROM, "diglot")
STATE_META = "diglot-state"
SOURCE_META = "source-hash"
TARGET_META = "target-hash"


@dataclass(frozen=True)
class Code:
    """One paired code of a unit: its id, what it is and its delimiters in the content."""

    id: str
    kind: str  # "bold" or "link"
    href: str
    start: str  # the Markdown it stands for: "**" / "["
    end: str  # "**" / "](https://...)"
    field: str

    @property
    def data_start(self) -> str:
        return f"d{self.id}s"

    @property
    def data_end(self) -> str:
        return f"d{self.id}e"


def unit_codes(unit: Unit) -> dict[str, Code]:
    """The unit's codes by id, numbered through its fields in document order."""
    codes: dict[str, Code] = {}

    def walk(spans: tuple[inline.Span, ...], name: str) -> None:
        for span in spans:
            if isinstance(span, inline.Bold):
                code_id = str(len(codes) + 1)
                codes[code_id] = Code(code_id, "bold", "", "**", "**", name)
                walk(span.children, name)
            elif isinstance(span, inline.Link):
                code_id = str(len(codes) + 1)
                codes[code_id] = Code(code_id, "link", span.href, "[", f"]({span.href})", name)
                walk(span.children, name)

    for f in unit.fields:
        walk(f.spans, f.name)
    return codes


_ASCII_SPACE = " \t\n\r\f\v"


def normalised(spans: tuple[inline.Span, ...]) -> tuple:
    """Spans as the comparison sees them: whitespace runs as one space, empty text gone."""
    out: list = []
    for span in spans:
        if isinstance(span, inline.Text):
            text = collapse_spaces(span.text)  # a no-break space is a change: kept
            if not text:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += text
            else:
                out.append(text)
        elif isinstance(span, inline.Bold):
            out.append(("bold", normalised(span.children)))
        else:
            out.append(("link", span.href, normalised(span.children)))
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip(_ASCII_SPACE)
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip(_ASCII_SPACE)
    return tuple(x for x in out if x != "")


_ENTITY = re.compile(r"&(#\w+|[A-Za-z][A-Za-z0-9]*);")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")


def _escape(text: str) -> str:
    """Literal text in the inline subset: Markdown's active characters escaped."""
    text = re.sub(r"([\\*_`\[\]])", r"\\\1", text)
    text = _HTML_START.sub(r"\\<", text)
    return _ENTITY.sub(lambda m: "\\" + m[0], text)


def to_markdown(spans: tuple[inline.Span, ...]) -> str:
    """The inline subset's source for spans (what inline.parse reads back as them)."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, inline.Text):
            out.append(_escape(span.text))
        elif isinstance(span, inline.Bold):
            out.append(f"**{to_markdown(span.children)}**")
        else:
            if out and out[-1].endswith("!"):  # ![ would open an image: escape the !
                out[-1] = out[-1][:-1] + "\\!"
            out.append(f"[{to_markdown(span.children)}]({span.href})")
    return "".join(out)


def rebuilt(form: tuple) -> tuple[inline.Span, ...]:
    """Spans from their normalised form."""
    out: list[inline.Span] = []
    for item in form:
        if isinstance(item, str):
            out.append(inline.Text(item))
        elif item[0] == "bold":
            out.append(inline.Bold(rebuilt(item[1])))
        else:
            out.append(inline.Link(item[1], rebuilt(item[2])))
    return tuple(out)


def segment_id(name: str) -> str:
    """A field name as an NMTOKEN segment id (field names are, but be sure)."""
    return re.sub(r"[^\w.\-:]", "_", name)


def field_codes(unit: Unit) -> dict[str, list[Code]]:
    """The unit's codes by field, in order."""
    by_field: dict[str, list[Code]] = {}
    for code in unit_codes(unit).values():
        by_field.setdefault(code.field, []).append(code)
    return by_field


def matching_codes(target: list[Code], source: list[Code]) -> Iterator[Code]:
    """The target's codes given the ids of the source's codes of the same kind and link, in
    order (a translation may put a bold phrase before a link the English has first); a code
    with no counterpart gets a fresh id, which the import then refuses until it is fixed."""
    free = list(source)
    fresh = 1000
    for code in target:
        match = next((c for c in free if (c.kind, c.href) == (code.kind, code.href)), None)
        if match is not None:
            free.remove(match)
            yield match
        else:
            fresh += 1
            yield Code(str(fresh), code.kind, code.href, code.start, code.end, code.field)


def spans_shape(spans: tuple[inline.Span, ...], codes: Iterator[Code], element: str) -> tuple:
    """What a source or target written from spans with these codes says, as parsing.shape
    reads an element back (element: the paired code's name, "pc" in 2.x, "g" in 1.2)."""
    tokens: list = []

    def walk(found: tuple[inline.Span, ...]) -> None:
        for span in found:
            if isinstance(span, inline.Text):
                tokens.append(span.text)
                continue
            code = next(codes)
            what = f"{code.data_start}/{code.data_end}" if element == "pc" else code.kind
            tokens.append(("<", element, code.id, what))
            walk(span.children)
            tokens.append((">",))

    walk(spans)
    return squeeze(tokens)


def squeeze(tokens: list) -> tuple:
    """Neighbouring texts joined, whitespace runs as one space, the ends stripped."""
    out: list = []
    for token in tokens:
        if isinstance(token, str):
            if out and isinstance(out[-1], str):
                out[-1] += token
            else:
                out.append(token)
        else:
            out.append(token)
    out = [re.sub(r"[ \t\n\r\f\v]+", " ", t) if isinstance(t, str) else t for t in out]
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip(" ")
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip(" ")
    return tuple(t for t in out if t != "")
