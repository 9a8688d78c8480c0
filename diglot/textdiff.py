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
    opcodes = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes()
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


def _part(tag: str, tokens: list[str]) -> Part:
    text = "".join(" " + t.lstrip() if t[:1].isspace() else t for t in tokens)
    return Part(tag, text.lstrip(" "), text.startswith(" "))


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
    return _part("equal", tokens)


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
