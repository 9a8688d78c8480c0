"""Word diffs: what changed between two texts, Chinese compared character by character.

`diff(old, new)` gives the changes as parts in order; `word_diff` writes them as text,
deleted [-old-] and inserted {+new+} like `git diff --word-diff` (a stale check's message,
an import's preview, an XLIFF note), `diff_html` as HTML with <del> and <ins> (the review
pages). Words of scripts written with spaces are compared whole (a number with its
separators, 1,500, is one word; so is U.S); characters written without spaces (Han, kana,
CJK punctuation, full-width forms) one by one; any other character is a word of its own.
Spacing does not count: "a  b" and "a b" are the same words, shown with one space. Where a
change meets the words around it, a space is shown only where the text it comes from has one
(the new text's after an insertion, the old's after a deletion): markup added to a word reads
attached to it, `about {+[+}assistance`, `{+**+}together{+**+}`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from .script import WIDE_CHARS

DIFF_CONTEXT = 10  # unchanged words kept on each side of a change in a long text
# A stretch is shortened only when that leaves out more than this many words beyond the
# context: "…" in place of a word or two would say less than the words.
_SPARED = 5
SAME = "(the words are the same: only spacing or field boundaries differ)"
# Words compared as a whole: beyond this many (both texts together) the common start and end
# are set aside first, and a middle still longer is one change (difflib's matching takes a
# time that grows with the square of the words: 8,000 characters of Chinese, 9 seconds).
MATCHED_MAX = 2000
# Characters shown of one stretch: a longer change keeps its start and its end, a longer
# unchanged stretch the end next to the change (a word can be a megabyte long).
PART_MAX = 240

_WORD = rf"[^\W_{WIDE_CHARS}]+"
_TOKEN = re.compile(rf"\s*(?:{_WORD}(?:['’.,-]{_WORD})*|\S)", re.S)


@dataclass(frozen=True)
class Part:
    """One stretch of a diff: its tag (equal, delete, insert; same: the words are the same,
    only their spacing differs), its words, and whether a space stands before it."""

    tag: str
    text: str
    space: bool = False


def diff(old: str, new: str, context: int = DIFF_CONTEXT) -> list[Part]:
    """The changes from old to new in order; an unchanged stretch is shortened to `context`
    words or characters around each change, with "…" where words are left out."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    words_a, words_b = [t.lstrip() for t in a], [t.lstrip() for t in b]
    opcodes = _opcodes(words_a, words_b)
    parts: list[Part] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            tokens = a[i1:i2]
            if n and opcodes[n - 1][4] > opcodes[n - 1][3]:  # after an insertion: as new is
                tokens = [b[j1][: len(b[j1]) - len(words_b[j1])] + words_a[i1], *tokens[1:]]
            parts.append(_equal(tokens, n == 0, n == len(opcodes) - 1, context))
            continue
        if i2 > i1:
            parts.append(_part("delete", a[i1:i2]))
        if j2 > j1:
            parts.append(_part("insert", b[j1:j2]))
    if words_a == words_b:
        parts.append(Part("same", SAME, True))
    if parts and parts[0].space:  # a diff never starts with a space
        parts[0] = Part(parts[0].tag, parts[0].text)
    return parts


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes from words a to words b, in a time that stays short: long texts
    have their common start and end set aside first, and a middle still longer than
    MATCHED_MAX words is one change."""
    if len(a) + len(b) <= MATCHED_MAX:
        return list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    start, most = 0, min(len(a), len(b))
    while start < most and a[start] == b[start]:
        start += 1
    end = 0
    while end < most - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if len(middle_a) + len(middle_b) <= MATCHED_MAX:
        inner: list[tuple[str, int, int, int, int]] = list(
            difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False).get_opcodes()
        )
    elif middle_a and middle_b:
        inner = [("replace", 0, len(middle_a), 0, len(middle_b))]
    else:
        inner = [("delete" if middle_a else "insert", 0, len(middle_a), 0, len(middle_b))]
    return [
        *([("equal", 0, start, 0, start)] if start else []),
        *((tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2 in inner),
        *([("equal", len(a) - end, len(a), len(b) - end, len(b))] if end else []),
    ]


_INVISIBLE = re.compile(
    r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\x00-\x1f\x7f-\x9f]"
)


def _named(text: str) -> str:
    """A changed stretch with each character that shows nothing (a zero-width space, a word
    joiner, a soft hyphen, a direction mark, a control character) named: ⟨U+200B⟩."""
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", text)


def _part(tag: str, tokens: list[str], keep: str = "both") -> Part:
    """A stretch of the diff from its tokens, at most PART_MAX characters: keep says which
    end of a longer one is shown (head, tail, both). In a change, a character that shows
    nothing is named (⟨U+200B⟩): an insertion of one would read as nothing at all."""
    text = "".join(" " + t.lstrip() if t[:1].isspace() else t for t in tokens)
    space, text = text.startswith(" "), text.lstrip(" ")
    if tag in ("insert", "delete"):
        text = _named(text)
    if len(text) > PART_MAX:
        if keep == "head":
            text = text[:PART_MAX] + "…"
        elif keep == "tail":
            text = "…" + text[-PART_MAX:]
        else:
            text = text[: PART_MAX // 2] + "…" + text[-(PART_MAX // 2) :]
    return Part(tag, text, space)


def _equal(tokens: list[str], first: bool, last: bool, context: int) -> Part:
    """An unchanged stretch, shortened: the end of the first one, the start of the last one,
    both ends of one between two changes (the "…" takes the space of the words it stands
    for)."""

    def gap(token: str) -> str:
        return " …" if token[:1].isspace() else "…"

    if first and not last and len(tokens) > context + _SPARED:
        tokens = ["…", *tokens[-context:]]
    elif last and not first and len(tokens) > context + _SPARED:
        tokens = [*tokens[:context], gap(tokens[context])]
    elif not first and not last and len(tokens) > 2 * context + _SPARED:
        tokens = [*tokens[:context], gap(tokens[context]), *tokens[-context:]]
    return _part("equal", tokens, "tail" if first and not last else "head" if last else "both")


def word_diff(old: str, new: str, context: int = DIFF_CONTEXT) -> str:
    """The diff as text: deleted [-old-], inserted {+new+} (right after the words it
    replaces)."""
    out: list[str] = []
    previous = ""
    for part in diff(old, new, context):
        space = " " if part.space and not (part.tag == "insert" and previous == "delete") else ""
        if part.tag == "delete":
            out.append(f"{space}[-{part.text}-]")
        elif part.tag == "insert":
            out.append(f"{space}{{+{part.text}+}}")
        else:
            out.append(space + part.text)
        previous = part.tag
    return "".join(out)


def diff_html(old: str, new: str, context: int = DIFF_CONTEXT) -> Markup:
    """The diff as HTML: deletions in <del>, insertions in <ins>, the note that only the
    spacing differs in <span class="same">."""
    out = []
    for part in diff(old, new, context):
        text = escape(part.text)
        if part.tag == "delete":
            text = Markup(f"<del>{text}</del>")
        elif part.tag == "insert":
            text = Markup(f"<ins>{text}</ins>")
        elif part.tag == "same":
            text = Markup(f'<span class="same">{text}</span>')
        out.append(Markup(" ") + text if part.space else text)
    return Markup("").join(out)
