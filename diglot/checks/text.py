"""Character classes and small text helpers shared by the checks."""

from __future__ import annotations

import re

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CHARS}]")
LATIN_WORD = re.compile(r"[A-Za-z]+")

# Full-width forms U+FF01-FF5E are ASCII shifted by 0xFEE0; U+3000 is the ideographic space.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_NUMERIC_WIDE = re.compile("[\u3000\uff05\uff0b-\uff0e\uff10-\uff19\uff5e]")


def field_pairs(en, zh):
    """The (English field, Chinese field) pairs of one aligned unit, by field name."""
    for field in en.fields:
        other = zh.field(field.name)
        if other is not None:
            yield field, other


def normalise(text: str) -> str:
    """Whitespace collapsed; full-width digits and number signs (０-９ ％ ． ～) made ASCII,
    as NFKC would; Chinese punctuation is left as it is."""
    if _NUMERIC_WIDE.search(text):
        text = text.translate(_NARROW)
    return " ".join(text.split())


def _latin_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def occurs(text: str, token: str, plural: bool = False) -> bool:
    """Whether token occurs in text as a whole word: not glued to Latin letters or digits
    (Chinese neighbours are fine); with plural, an English -s or -es may follow. A plain
    substring search first, so that most calls cost almost nothing."""
    start = text.find(token)
    while start != -1:
        end = start + len(token)
        if start == 0 or not _latin_alnum(text[start - 1]):
            after = text[end:end + 3]
            if plural and after[:2] == "es":
                after = after[2:]
            elif plural and after[:1] == "s":
                after = after[1:]
            if not after or not _latin_alnum(after[0]):
                return True
        start = text.find(token, start + 1)
    return False
