"""The only forms in which a value from a project's files enters CSS: a length, a font family
name, a number in range, a language tag, a string. Each is checked against a strict pattern
and written quoted and escaped where CSS allows it; anything else raises ValueError (the
profile reader refuses such values first, with their place)."""

from __future__ import annotations

import math
import re

# A CSS length: 0, or a number with at most three decimals and a unit; the largest each unit
# may be (about ten characters of indent: an indent wider than that is a mistake, and a huge
# one leaves no room for the text)
LENGTH_UNITS = {
    "em": 10.0,
    "rem": 10.0,
    "ch": 20.0,
    "pt": 120.0,
    "px": 160.0,
    "mm": 42.0,
    "cm": 4.2,
    "in": 1.66,
}
_LENGTH = re.compile(r"(0|[0-9]{1,3}(?:\.[0-9]{1,3})?)(em|rem|ch|pt|px|mm|cm|in)?")
FAMILY_MAX = 64
_FAMILY_PUNCTUATION = " .-"
TAG_PATTERN = r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,7}"  # a language tag (BCP 47's form)
_TAG = re.compile(TAG_PATTERN)
_STRING_SAFE = re.compile(r"[A-Za-z0-9 .,:;!?()\u00a0-\U0010ffff-]")


def length_problem(text: str) -> str | None:
    """Why text is not a length diglot writes into CSS, or None."""
    found = _LENGTH.fullmatch(text)
    if not found:
        return "is not a length such as 2em, 12pt or 0 (a number, then em, rem, ch, pt, px, mm, cm or in)"
    number, unit = float(found[1]), found[2]
    if unit is None:
        return None if number == 0 else "needs a unit (2em, 12pt; only 0 goes without)"
    if number > LENGTH_UNITS[unit]:
        return f"is too large: at most {LENGTH_UNITS[unit]:g}{unit}"
    return None


def css_length(text: str) -> str:
    problem = length_problem(text)
    if problem:
        raise ValueError(f"{text!r} {problem}")
    return text


def family_problem(name: str) -> str | None:
    """Why name is not a font family name diglot writes, or None: letters and digits of any
    script, with single spaces, '.' and '-' between them."""
    if not name or len(name) > FAMILY_MAX:
        return f"is not a font family name of 1 to {FAMILY_MAX} characters"
    if name != name.strip() or "  " in name:
        return "has spaces at its ends or two spaces in a row"
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "must begin and end with a letter or digit"
    wrong = sorted({c for c in name if not c.isalnum() and c not in _FAMILY_PUNCTUATION})
    if wrong:
        shown = " ".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in wrong)
        return f"holds {shown}: a family name is letters, digits, spaces, '.' and '-'"
    return None


def css_family(name: str) -> str:
    """A family name as a quoted, escaped CSS string."""
    problem = family_problem(name)
    if problem:
        raise ValueError(f"font family {name!r} {problem}")
    return css_string(name)


def css_number(value: float, low: float, high: float) -> str:
    """A finite number between low and high, as CSS writes it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number")
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{value!r} is not a number from {low:g} to {high:g}")
    return f"{value:g}"


def tag_problem(tag: str) -> str | None:
    if _TAG.fullmatch(tag) is None:
        return (
            "is not a language tag: letters, then groups of '-' and letters or digits (en, zh-Hans)"
        )
    return None


def css_lang(tag: str) -> str:
    """A language tag for :lang(...)."""
    problem = tag_problem(tag)
    if problem:
        raise ValueError(f"{tag!r} {problem}")
    return tag


def css_string(text: str) -> str:
    """Any text as a quoted CSS string: every character but letters, digits, spaces and plain
    punctuation written as an escape (so no quote, backslash, line break or `</style>` can
    end the string or the style element)."""
    return '"' + "".join(c if _STRING_SAFE.fullmatch(c) else f"\\{ord(c):x} " for c in text) + '"'
