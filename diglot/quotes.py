"""Straight quotation marks and apostrophes set as a language's own ("smart quotes").

Content is typed with the keyboard's " and '; printed English uses “…” ‘…’ and ’, German
„…“ ‚…‘. `smarten(text, marks)` sets each straight mark of a text as its profile declares
them (`quotes = [open, close, inner open, inner close]`), telling opening from closing by
what stands around it, as SmartyPants and docutils' smartquotes do:

- a " opens after the start of the text, a space, an opening bracket or quotation mark or a
  dash, before a character that is no space; it closes after anything else. A " is the
  outer pair, a ' the inner pair, as the author typed them (“He said ‘no’.”). An opening
  mark closes at the nearest opening mark of its kind that is still open;
- a ' between letters or digits is an apostrophe (don’t, Commerce’s, 1990’s), and so is
  one before the two digits of a year ('90s, the class of '98), the two of 'n' (rock ’n’
  roll), a closing one with no opening mark before it (the members’ views) and an opening
  one that nothing closes (’twas, ’em);
- after a digit, a mark no quotation closes is a measure: a prime ′ or a double prime ″
  (5′10″, a 12″ record); a " after feet in digits is one always (“5′10″ tall”);
- a " that opens and nothing closes stays opening (a quotation that runs on into the next
  paragraph opens each one); a mark alone between spaces is left as typed.

The apostrophe is ’ (U+2019), as Unicode recommends for every language written with it.
The marks are set one for one, so a text keeps its length and every offset into it (line
breaks, joins, addresses) holds for the text set. Never touched: the characters at the
offsets kept (a quote the inline markup reads as literal: \\" or &quot;) and every web or
e-mail address written in the text (an apostrophe in an address is part of it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from .linebreak import urls

APOSTROPHE = "\u2019"
PRIME = "\u2032"
DOUBLE_PRIME = "\u2033"
STRAIGHT = "\"'"

# An apostrophe that stands for the first two digits of a year: '90s, the class of '98.
_YEAR = re.compile(r"'\d\d(?!\d)")
# The apostrophes of 'n' (rock 'n' roll, fish 'n' chips): no quotation of the letter n.
_AND = re.compile(r"'[nN]'(?=\s|$|[.,;:!?)])")
# Feet written before inches: the " after 5'10 is a measure, whatever is open around it.
_FEET = re.compile(r"\d[\u2032']\d+(?:\.\d+)?$")


def _opens_after(char: str) -> bool:
    """Whether a mark after this character may open: a space, an opening bracket or
    quotation mark, a dash (the text's start counts as a space)."""
    return (
        char.isspace() or char in "\u200b\u2060" or unicodedata.category(char) in ("Ps", "Pi", "Pd")
    )


def smarten(text: str, marks: tuple[str, ...], keep: Collection[int] = ()) -> str:
    """text with its straight quotes set as marks (the profile's quotes: opening and closing,
    then the inner pair) and its apostrophes as ’; the characters at the offsets in keep and
    in web and e-mail addresses as they are. Two marks set " alone; a ' is then set only
    where it is an apostrophe or a prime."""
    if len(marks) < 2 or ('"' not in text and "'" not in text):
        return text
    outer = (marks[0], marks[1])
    inner = (marks[2], marks[3]) if len(marks) >= 4 else None
    skip = set(keep)
    for start, end in urls(text):
        skip.update(range(start, end))
    out = list(text)
    opened: list[int] = []  # offsets of the opening marks not closed yet, innermost last
    open_of = {"'": 0, '"': 0}  # how many of each kind opened holds: a closing mark with
    # none of its kind open looks no further (else every one would read the whole stack)
    opening: set[int] = set()  # offsets of the straight marks taken for opening ones

    def pair(mark: str) -> tuple[str, str] | None:
        return outer if mark == '"' else inner

    def close(at: int, mark: str) -> bool:
        """Close the nearest open mark of this kind; those opened inside it open nothing."""
        if not open_of[mark]:
            return False
        for depth in range(len(opened) - 1, -1, -1):
            start = opened[depth]
            if text[start] != mark:
                continue
            marks_of = pair(mark)
            if marks_of is not None:
                out[start], out[at] = marks_of
            for inner_start in opened[depth + 1 :]:
                unclosed(inner_start)
            for start in opened[depth:]:
                open_of[text[start]] -= 1
            del opened[depth:]
            return True
        return False

    def unclosed(at: int) -> None:
        """An opening mark nothing closed: a ' an apostrophe (’twas), a " opening."""
        out[at] = APOSTROPHE if text[at] == "'" else outer[0]

    for i, char in enumerate(text):
        if char not in STRAIGHT or i in skip or out[i] != char:
            continue
        before = out[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before in STRAIGHT and i - 1 not in skip:  # a straight mark read before this one
            opening_context = i - 1 in opening
        else:
            opening_context = _opens_after(before)
        space_after = after.isspace()
        if char == "'":
            if before.isalnum() and after.isalnum():
                out[i] = PRIME if before.isdigit() and after.isdigit() else APOSTROPHE
            elif opening_context and _YEAR.match(text, i):
                out[i] = APOSTROPHE
            elif opening_context and _AND.match(text, i) and i + 2 not in skip:
                out[i] = out[i + 2] = APOSTROPHE
            elif opening_context and not space_after:
                opened.append(i)
                open_of[char] += 1
                opening.add(i)
            elif not before.isspace() and not close(i, "'"):
                out[i] = PRIME if before.isdigit() else APOSTROPHE
            continue
        if before.isdigit() and _FEET.search("".join(out[max(0, i - 12) : i])):
            out[i] = DOUBLE_PRIME
        elif opening_context and not space_after:
            opened.append(i)
            open_of[char] += 1
            opening.add(i)
        elif not before.isspace() and not close(i, '"'):
            out[i] = DOUBLE_PRIME if before.isdigit() else outer[1]
    for start in opened:
        unclosed(start)
    return "".join(out)
