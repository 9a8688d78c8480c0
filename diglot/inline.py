"""The inline markup subset (bold and links): one parser, shared by checks and every writer.

Text in content is Markdown restricted to ``**bold**`` and ``[label](https://...)``;
a backslash escapes a literal ``*``. Anything else Markdown would do (emphasis,
code, images, raw HTML, line breaks) is reported instead of passed through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Bold:
    children: tuple[Span, ...]


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Span, ...]


Span = Text | Bold | Link

_LINK_SCHEMES = ("https://", "http://", "mailto:")
# A '<' before a letter, '/', '!' or '?' opens a tag, a comment or a declaration, valid
# HTML or not (<svg/onload=...>); write \< for a literal one. '<3' and 'a < b' are text.
_RAW_HTML = re.compile(r"<[A-Za-z/!?]")
_FORBIDDEN = {
    "em_open": "emphasis with * or _ is not part of the markup subset; use **bold** "
    "or escape the character as \\*",
    "code_inline": "`code` is not part of the markup subset; escape the backtick as \\`",
    "image": "images are not part of the markup subset",
    "hardbreak": "line breaks inside a unit are not allowed; make two units",
    "html_inline": "raw HTML is not allowed in content",
}


# the tokens whose content the plain text holds (em_open, code_inline and image: reported,
# their text kept)
_SHOWN = ("text", "text_special", "em_open", "code_inline", "image")
_RAW_HTML_MESSAGE = "raw HTML is not allowed in content; use **bold** or [label](url)"
_MARKUP_CHARS = re.compile(r"[*_`\[\]<>&\\!]|  \n|\n")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt  # imported on first use: most texts have no markup

    parser = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False}
    ).disable("text_join")
    # markdown-it leaves a link with a target it distrusts (javascript:, file:, data:) as
    # literal text; every target is let through here so that the subset's own rule reports
    # it, with the target, instead of printing the markup as text.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


@dataclass(frozen=True)
class Parsed:
    spans: tuple[Span, ...]
    problems: tuple[str, ...]
    plain: str  # the text a reader sees, markup removed
    # the offsets in plain of the quotation marks and hyphens written as literal (\", \- or
    # &quot;, or in `code`): printed as typed, never set as typographic quotes or dashes
    # (typeset)
    literal: tuple[int, ...] = ()


@lru_cache(maxsize=4096)
def parse(source: str) -> Parsed:
    """Parse one unit's text into spans, with a message for each use outside the subset."""
    if not _MARKUP_CHARS.search(source):  # nothing Markdown would read as markup
        return Parsed((Text(source),), (), source)
    return _parse_markdown(source)


@lru_cache(maxsize=4096)
def typeset(source: str, marks: tuple[str, ...], dashes: bool = False) -> Parsed:
    """The parse of a text as an edition prints it: its straight quotation marks and
    apostrophes set as marks, a language profile's quotes (diglot/quotes.py), and with dashes
    the hyphens of its ranges of numbers as en dashes (diglot/dashes.py), but the characters
    the markup reads as literal; the same characters otherwise, one for one."""
    from .dashes import range_dashes
    from .quotes import smarten

    parsed = parse(source)
    plain = smarten(parsed.plain, marks, parsed.literal) if marks else parsed.plain
    if dashes:
        plain = range_dashes(plain, parsed.literal)
    if plain == parsed.plain:
        return parsed
    return Parsed(_respelled(parsed.spans, plain, 0)[0], parsed.problems, plain, parsed.literal)


def _respelled(spans: tuple[Span, ...], plain: str, at: int) -> tuple[tuple[Span, ...], int]:
    """The spans with their text runs taken from plain (the same length), from offset at."""
    out: list[Span] = []
    for span in spans:
        if isinstance(span, Text):
            out.append(Text(plain[at : at + len(span.text)]))
            at += len(span.text)
        else:
            children, at = _respelled(span.children, plain, at)
            out.append(Bold(children) if isinstance(span, Bold) else Link(span.href, children))
    return tuple(out), at


def _parse_markdown(source: str) -> Parsed:
    """The full parse, by markdown-it, of a text that may hold any Markdown."""
    problems: list[str] = []
    stack: list[list] = [[]]
    opened: list[tuple[str, str]] = []  # ("bold", "") or ("link", href)
    plain = ""  # consecutive text tokens, checked together
    at = 0  # the offset in the plain text
    literal: list[int] = []
    for token in _parser().parseInline(source)[0].children or ():
        kind = token.type
        if kind != "text" and plain:
            _check_plain(plain, problems)
            plain = ""
        if kind in ("text_special", "code_inline"):  # an escape, an entity: as written
            literal += [at + i for i, c in enumerate(token.content) if c in "\"'-"]
        if kind in _SHOWN:  # what the plain text holds of the token
            at += len(token.content)
        elif kind == "softbreak":
            at += 1
        if kind == "text":
            plain += token.content
            stack[-1].append(Text(token.content))
        elif kind == "text_special":
            stack[-1].append(Text(token.content))
        elif kind == "softbreak":
            stack[-1].append(Text(" "))
        elif kind in ("strong_open", "link_open"):
            href = token.attrs.get("href", "") if kind == "link_open" else ""
            if kind == "strong_open" and token.markup != "**":
                _add(problems, _UNDERSCORE_BOLD)
            elif kind == "link_open" and token.markup == "autolink":
                _add(
                    problems,
                    f"write a link as [label]({_shown(str(href))}); a link between < and > "
                    "is not part of the markup subset",
                )
            if kind == "link_open" and not str(href).startswith(_LINK_SCHEMES):
                problems.append(
                    f"link target '{_shown(str(href))}' must start with https://, http:// "
                    "or mailto:"
                )
            if kind == "link_open" and token.attrs.get("title"):
                _add(problems, "link titles are not part of the markup subset; write [label](url)")
            opened.append(("bold" if kind == "strong_open" else "link", str(href)))
            stack.append([])
        elif kind in ("strong_close", "link_close"):
            children = tuple(_merge(stack.pop()))
            what, href = opened.pop()
            stack[-1].append(Bold(children) if what == "bold" else Link(href, children))
        elif kind in _FORBIDDEN:
            message = _FORBIDDEN[kind]
            if message not in problems:
                problems.append(message)
            if kind in ("em_open", "code_inline", "image"):
                stack[-1].append(Text(token.content))
        elif kind != "em_close":
            problems.append(f"unsupported markup ({kind})")
    if plain:
        _check_plain(plain, problems)
    spans = tuple(_merge(stack[0]))
    return Parsed(spans, tuple(problems), plain_text(spans), tuple(literal))


_UNDERSCORE_BOLD = "bold is written **bold**; __bold__ is not part of the markup subset"


def _add(problems: list[str], message: str) -> None:
    if message not in problems:
        problems.append(message)


def _shown(href: str) -> str:
    """A link target as a message shows it: at most 60 characters, controls escaped."""
    href = href if len(href) <= 60 else href[:57] + "..."
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in href)


def _check_plain(text: str, problems: list[str]) -> None:
    if "**" in text:
        problems.append("unclosed **bold**: each ** needs a partner, or escape it as \\*\\*")
    if _RAW_HTML.search(text) and _RAW_HTML_MESSAGE not in problems:
        problems.append("raw HTML is not allowed in content; use **bold** or [label](url)")


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if isinstance(span, Text) and not span.text:
            continue
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def plain_text(spans: tuple[Span, ...]) -> str:
    """The text a reader sees, markup removed."""
    return "".join(s.text if isinstance(s, Text) else plain_text(s.children) for s in spans)


def readable(markup: str) -> str:
    """A text in the inline subset as it reads where no formatting is shown (a note in an
    XLIFF file, a preview line, a terminal): its characters without their escapes, bold as
    its words, a link as its words and then its address in parentheses."""

    def walk(spans: tuple[Span, ...]) -> str:
        out = []
        for span in spans:
            if isinstance(span, Text):
                out.append(span.text)
            elif isinstance(span, Bold):
                out.append(walk(span.children))
            else:
                out.append(f"{walk(span.children)} ({span.href})")
        return "".join(out)

    return walk(parse(markup).spans)


def to_html(spans: tuple[Span, ...], text=None) -> str:  # a markupsafe.Markup, safe in templates
    """HTML for the spans: text escaped, bold as <strong>, links as <a href>. text: how to
    write each text run as HTML, given the run and its offset in the plain text (escaped
    as it is, by default)."""
    from markupsafe import Markup, escape  # the editions need it; check does not

    def write(text_run: str, offset: int) -> str:
        return str(escape(text_run)) if text is None else str(text(text_run, offset))

    out: list[str] = []

    def visit(children: tuple[Span, ...], offset: int) -> int:
        for span in children:
            if isinstance(span, Text):
                out.append(write(span.text, offset))
                offset += len(span.text)
            elif isinstance(span, Bold):
                out.append("<strong>")
                offset = visit(span.children, offset)
                out.append("</strong>")
            else:
                out.append(f'<a href="{escape(span.href)}">')
                offset = visit(span.children, offset)
                out.append("</a>")
        return offset

    visit(spans, 0)
    return Markup("".join(out))
