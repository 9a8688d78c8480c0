"""Scripts of text: which characters are Han, CJK punctuation or set solid, and how wide each is.

The one home of every character class diglot tests text against (the checks, the line
breaking, the writers and their read-back lints), as strings to put inside a regular
expression's brackets (`HAN_CHARS`) and as compiled patterns (`HAN`), and of the
east-asian width a character is set in (`is_wide`, `text_ems`). The classes differ on
purpose: `HAN` is the ideographs alone (a word of Chinese), `WIDE_CHARS` adds kana, CJK
punctuation and the full-width forms (text written without spaces), `CJK` every character of
an East Asian script and its symbols (a text the Chinese line breaking handles).
"""

from __future__ import annotations

import re
import unicodedata


def _ranges(*pairs: tuple[int, int]) -> str:
    return "".join(f"{chr(low)}-{chr(high)}" if low != high else chr(low) for low, high in pairs)


# The Unicode blocks of Han ideographs (Blocks.txt): the unified ideographs with every
# extension, and the compatibility ideographs.
HAN_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B (𠮷 U+20BB7)
    (0x2A700, 0x2B73F),  # Extension C
    (0x2B740, 0x2B81F),  # Extension D
    (0x2B820, 0x2CEAF),  # Extension E
    (0x2CEB0, 0x2EBEF),  # Extension F
    (0x2EBF0, 0x2EE5F),  # Extension I (Unicode 15.1)
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
    (0x30000, 0x3134F),  # Extension G
    (0x31350, 0x323AF),  # Extension H (Unicode 15.0)
    (0x323B0, 0x3347F),  # Extension J (Unicode 17.0)
)
HAN_CHARS = _ranges(*HAN_BLOCKS)
HAN = re.compile(f"[{HAN_CHARS}]")

# Hiragana and katakana (U+3041-30FF: the blocks less the unassigned U+3040).
KANA_CHARS = _ranges((0x3041, 0x30FF))

# CJK punctuation: the CJK Symbols and Punctuation block (with the ideographic space), the
# full-width punctuation (not the full-width letters and digits) and the half-width CJK
# punctuation 。「」、・.
CJK_PUNCTUATION_CHARS = _ranges(
    (0x3000, 0x303F), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65)
)
CJK_PUNCTUATION = re.compile(f"[{CJK_PUNCTUATION_CHARS}]")

# Characters set full width in CJK text, written with no space between them: Han, kana,
# CJK punctuation (、。《》「」, not the ideographic space) and the full-width forms (，：（）
# and the full-width letters and digits).
WIDE_CHARS = HAN_CHARS + KANA_CHARS + _ranges((0x3001, 0x303F), (0xFF01, 0xFF60))
# ... and the quotation marks “”‘’, which CJK text sets without spaces too.
SOLID_CHARS = WIDE_CHARS + "\u201c\u201d\u2018\u2019"

# Every character of an East Asian script and its symbols: the radicals and ideographic
# description characters, CJK punctuation, kana, bopomofo, the CJK strokes, enclosed and
# compatibility characters, Han, the Yijing hexagrams, the CJK compatibility (vertical) forms
# and the half-width and full-width forms. A text with one is laid out by the Chinese line
# breaking (writers/_cjk_justify.py), not as a paragraph of words (writers/_lines.py).
CJK_CHARS = _ranges(
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),  # the Supplementary and Tertiary Ideographic Planes
)
CJK = re.compile(f"[{CJK_CHARS}]")

# Punctuation that may follow the last characters of a text without counting as one of
# them: spaces, the zero-width space, CJK punctuation, dashes and ellipses, and the Latin
# closing marks.
TRAILING_PUNCTUATION = re.compile(
    f"[\\s\u200b{CJK_PUNCTUATION_CHARS}\u2014\u2026.,;:!?)\\]\"'\u201d\u2019\u00bb]*$"
)

# Hints of where a line may or may not break, invisible in print: the soft hyphen, the
# zero-width space (also what a renderer writes for <wbr>) and the word joiner. A text
# quoted to a reader leaves them out (quoted(), below).
BREAK_HINTS = "\u00ad\u200b\u2060"
_NO_BREAK_HINTS = str.maketrans("", "", BREAK_HINTS)


def without_break_hints(text: str) -> str:
    return text.translate(_NO_BREAK_HINTS)


def quoted(text: str, limit: int = 60) -> str:
    """A text as a message quotes it: without the invisible break hints, cut to limit
    characters (the last one an ellipsis)."""
    text = without_break_hints(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Opening brackets and quotation marks: no line ends with one (CLREQ).
OPENING = frozenset("（《「『【〈〔〖〘〚｛［“‘")
# Closing brackets and quotation marks, pause and stop marks: set in half an em of ink, so
# that two side by side may be compressed.
CLOSING = frozenset("，。、；：？！）》」』】〉〕〗〙〛｝］”’")
# What no line may start with (CLREQ: line-start prohibited): the closing marks, and the
# percent sign, the wave dash, the ellipsis and the middle dots.
LINE_START_PROHIBITED = CLOSING | frozenset("％～…·・")


# -- widths ---------------------------------------------------------------------------------


def is_wide(char: str) -> bool:
    """Whether a character is set full width (east-asian width F or W: 中, ，, （, Ａ)."""
    return unicodedata.east_asian_width(char) in "FW"


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_RUN = re.compile(r"[ \t\n\r\f\v]+")


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, as HTML and XML tools read text; except a run that
    holds a line break between two full-width characters (not Hangul), which is no space at
    all: a line that a tool or an editor wrapped inside Chinese text joins without one (CSS
    Text 3's segment break transformation)."""

    def one(match: re.Match[str]) -> str:
        run, start, end = match.group(), match.start(), match.end()
        if "\n" in run or "\r" in run:
            return segment_break(text[start - 1] if start else "", text[end : end + 1])
        return " "

    if "\n" not in text and "\r" not in text:
        return _RUN.sub(" ", text)
    return _RUN.sub(one, text)


def segment_break(before: str, after: str) -> str:
    """What a line break (with the spaces around it) between these two characters reads as:
    nothing between two full-width characters (not Hangul), else one space."""
    if (
        before
        and after
        and is_wide(before)
        and is_wide(after)
        and not _HANGUL.match(before)
        and not _HANGUL.match(after)
    ):
        return ""
    return " "


def line_breaks_read(text: str) -> list[tuple[int, int, str]]:
    """Each run of whitespace holding a line break, as (start, end, what it reads as:
    segment_break): the runs collapse_spaces() changes besides spaces alone."""
    return [
        (
            m.start(),
            m.end(),
            segment_break(text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]),
        )
        for m in _RUN.finditer(text)
        if "\n" in m.group() or "\r" in m.group()
    ]


def starts_wide(text: str | None) -> bool:
    """Whether a text starts with a full-width character (（注）)."""
    return text is not None and text != "" and is_wide(text[0])


def ends_wide(text: str | None) -> bool:
    """Whether a text ends with a full-width character (第一条, 一、, （一）)."""
    return text is not None and text != "" and is_wide(text[-1])


def advance(char: str) -> float:
    """A character's width in ems, estimated a little above the faces' (Noto Serif
    measured: capitals 0.60, small letters 0.53, spaces 0.26): CJK and full-width forms
    1, Latin capitals 0.65, other letters and digits 0.55, the rest 0.3."""
    if is_wide(char):
        return 1.0
    if char.isupper():
        return 0.65
    if char.isalnum():
        return 0.55
    return 0.3


def text_ems(text: str) -> float:
    """A text's width in ems (advance of each character)."""
    return sum(advance(c) for c in text)
