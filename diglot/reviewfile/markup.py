"""What the export and the import share: the file's format and columns, a cell's text as runs of
(text, bold, link target) and back as the inline markup, and what the export records of
each row (hashes of the unit and of its cells as shown)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import inline
from ..script import line_breaks_read
from ..wordml.read import Run, merge

FORMAT = 1
ONLY_CHOICES = ("all", "findings", "stale", "review")
RESOLVED_WORDS = ("resolved", "已解决", "已解決")

MAX_ROWS = 100_000  # rows of the table a review file records

COLUMNS = 8  # No., id, source, target, status, findings, notes, comment
TARGET_COLUMN, COMMENT_COLUMN = 3, 7


Segment = Run  # (text, bold, link target)


def segments(source: str) -> list[Segment]:
    """A text in the inline markup as runs of (text, bold, link target)."""
    found: list[Segment] = []

    def walk(spans, bold: bool, href: str | None) -> None:
        for span in spans:
            if isinstance(span, inline.Text):
                found.append((span.text, bold, href))
            elif isinstance(span, inline.Bold):
                walk(span.children, True, href)
            else:
                walk(span.children, bold, span.href)

    walk(inline.parse(source).spans, False, None)
    return merge(found)


_ESCAPE = re.compile(r"([\\*_\[\]<`])|(&(?=#?\w+;))")


def escaped(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\\" + m[0], text)


def to_markup(found: list[Segment]) -> str:
    """The inline markup for runs of (text, bold, link target): **bold**, [text](url)."""
    out: list[str] = []
    i = 0
    found = merge(found)
    while i < len(found):
        href = found[i][2]
        group = [found[i]]
        while href is not None and i + 1 < len(found) and found[i + 1][2] == href:
            i += 1
            group.append(found[i])
        inner = "".join(_bold(text, bold) for text, bold, _ in group)
        out.append(f"[{inner}]({href})" if href is not None else inner)
        i += 1
    return "".join(out)


def _bold(text: str, bold: bool) -> str:
    if not bold or not text.strip():
        return escaped(text)
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}**{escaped(core)}**{trail}"


ASCII_SPACE = " \t\n\r\f\v"
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def canonical(found: list[Segment]) -> str:
    """What two texts are compared by: the markup with line breaks as the text reads them
    (unbroken) and runs of spaces as one space (a no-break space or an ideographic space is
    a character like any other)."""
    return _SPACES.sub(" ", to_markup(unbroken(found))).strip(ASCII_SPACE)


def unbroken(found: list[Segment]) -> list[Segment]:
    """The runs with the line breaks typed in a cell (Shift+Enter: a unit's text is one
    paragraph) as the text reads them: none between two Chinese characters, else a space
    (script.segment_break, as the XLIFF import reads a line wrapped by a tool)."""
    plain = "".join(text for text, _, _ in found)
    breaks = line_breaks_read(plain)
    if not breaks:
        return found
    out: list[Segment] = []
    offset = at = 0  # where the segment starts in the plain text; the next break's index
    for text, bold, href in found:
        kept = []
        for i, char in enumerate(text, offset):
            while at < len(breaks) and breaks[at][1] <= i:
                at += 1
            if at < len(breaks) and breaks[at][0] <= i:
                if i == breaks[at][0]:
                    kept.append(breaks[at][2])  # the run reads as this, said at its start
            else:
                kept.append(char)
        out.append(("".join(kept), bold, href))
        offset += len(text)
    return [segment for segment in out if segment[0]]


# -- export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """What the export recorded of a row: the unit id, provenance.source_hash of its
    English, provenance.text_hash of its Chinese ("" when it had none), and hashes of the two
    cells as shown (so that an untouched cell is known as such whatever the repository says
    now)."""

    unit_id: str
    source_hash: str
    target_hash: str
    source_shown: str
    target_shown: str


def shown_hash(paragraphs: list[list[Segment]]) -> str:
    """A hash of a cell as shown: its paragraphs' text and markup, whitespace collapsed,
    trailing empty paragraphs left out."""
    import hashlib

    texts = [canonical(p) for p in paragraphs]
    while texts and not texts[-1]:
        texts.pop()
    return hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()[:10]
