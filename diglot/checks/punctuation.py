"""Punctuation of a target language that sets full-width marks (Chinese: GB/T 15834):
full width between its characters, balanced pairs, no doubled marks, and its own quotation
marks (the profile's `quotes`: “” for Simplified, 「」 for Traditional Chinese), never ASCII
ones, and its ranges of numbers written with 至, ～ or —, never a hyphen (5至7年, not 5-7年).

A target without full-width punctuation (English translated from a Chinese original) is
checked for what a translation from Chinese leaves in it: full-width marks (，；： in the
English), unbalanced brackets and double quotation marks, and doubled marks (`..`, `,,`;
an ellipsis is no doubled mark). Its quotation marks are its editions' (smart quotes)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Unit
from ..script import HAN_CHARS
from . import Check, Context, Example, Finding

_HALF = re.compile(rf"(?<=[{HAN_CHARS}])[,;:?!()]|[,;:?!()](?=[{HAN_CHARS}])")
_HALF_ANY = re.compile(r"[,;:?!()]")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PAIRS = {
    "（": "）",
    "(": ")",
    "《": "》",
    "“": "”",
    "‘": "’",
    "【": "】",
    "「": "」",
    "『": "』",
    "〈": "〉",
}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKET = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")
_DOUBLED = re.compile(r"[，。、；：？！]{2,}")
_ASCII_QUOTE = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")
_CJK_QUOTES = "“”‘’「」『』"
_DEFAULT_QUOTES = ("“", "”", "‘", "’")


def _full_width(ctx) -> bool:
    profile = getattr(ctx, "target_profile", None)
    return profile is None or profile.full_width_punctuation


def _quotes(ctx) -> tuple[str, ...]:
    profile = getattr(ctx, "target_profile", None)
    return tuple(profile.quotes) if profile is not None and profile.quotes else _DEFAULT_QUOTES


_WIDE = {"，": ",", "。": ".", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")"}
_WIDE_ANY = re.compile("[" + "".join(_WIDE) + "、《》【】「」『』]")
_HALF_PAIRS = {"(": ")", "[": "]", "“": "”"}
_HALF_CLOSERS = {v: k for k, v in _HALF_PAIRS.items()}
_HALF_BRACKET = re.compile(r'[()\[\]“”"]')
_HALF_DOUBLED = re.compile(r"(?<=[^\s.])\.\.(?=\s|$)|,,|;;")  # not an ellipsis, nor 1..10
# an enumerator closed by its parenthesis alone: 1) a) iv) (no opening one to balance)
_ENUMERATOR = re.compile(r"(?<![\w(])(?:\d{1,3}|[A-Za-z]|[ivxlc]{2,5})\)")


def _named(ctx: Context) -> str:
    return ctx.target_name


def check_half_width(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    if not _full_width(ctx):
        for field in zh.fields:
            found = sorted(set(_WIDE_ANY.findall(field.plain)))
            if found:
                instead = [_WIDE[c] for c in found if c in _WIDE]
                yield Finding(
                    "qa.punct-half-width",
                    f"full-width {' '.join(found)} in {_named(ctx)} text"
                    + (f"; use {' '.join(instead)}" if instead else ""),
                    field.name,
                )
        return
    for field in zh.fields:
        if not _HALF_ANY.search(field.plain):
            continue
        found = sorted({m.group() for m in _HALF.finditer(field.plain)})
        if found:
            yield Finding(
                "qa.punct-half-width",
                "half-width "
                + " ".join(found)
                + " next to Chinese characters; use "
                + " ".join(_FULL[c] for c in found),
                field.name,
            )


def check_balance(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    full = _full_width(ctx)
    pairs, closers = (_PAIRS, _CLOSERS) if full else (_HALF_PAIRS, _HALF_CLOSERS)
    brackets = _BRACKET if full else _HALF_BRACKET
    for field in zh.fields:
        stack: list[str] = []
        problem = None
        text = field.plain if full else _ENUMERATOR.sub(" ", field.plain)
        for match in brackets.finditer(text):
            char = match.group()
            if char == '"':  # straight double quotes: one opens, the next closes
                if stack and stack[-1] == '"':
                    stack.pop()
                else:
                    stack.append(char)
            elif char in pairs:
                stack.append(char)
            elif not stack or stack[-1] != closers[char]:
                problem = f"'{char}' closes nothing that is open"
                break
            else:
                stack.pop()
        if problem is None and stack:
            problem = f"'{stack[-1]}' is never closed"
        if problem:
            yield Finding(
                "qa.punct-balance", f"unbalanced brackets or quotes: {problem}", field.name
            )


def check_doubled(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    doubled = _DOUBLED if _full_width(ctx) else _HALF_DOUBLED
    for field in zh.fields:
        for match in doubled.finditer(field.plain):
            yield Finding("qa.punct-doubled", f"doubled punctuation '{match.group()}'", field.name)


def check_ascii_quotes(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    if not _full_width(ctx):
        return
    quotes = _quotes(ctx)
    use = f"use {quotes[0]}{quotes[1]}" + (
        f" (or {quotes[2]}{quotes[3]} inside them)" if len(quotes) >= 4 else ""
    )
    foreign = "".join(q for q in _CJK_QUOTES if q not in quotes)
    for field in zh.fields:
        text = field.plain
        if ('"' in text or "'" in text) and _ASCII_QUOTE.search(text):
            yield Finding(
                "qa.punct-ascii-quotes", f"ASCII quotation marks in Chinese text; {use}", field.name
            )
        elif foreign and any(q in text for q in foreign):
            found = "".join(sorted({q for q in text if q in foreign}, key=_CJK_QUOTES.index))
            yield Finding(
                "qa.punct-ascii-quotes",
                f"quotation marks {found} are not this language's; {use}",
                field.name,
            )


def check_range(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    """A range of numbers written with a hyphen in Chinese text (GB/T 15834: 5至7, 5～7,
    2026—2035): the same ranges the English editions set with an en dash (dashes.py)."""
    if not _full_width(ctx):
        return
    from ..dashes import ranges

    for field in zh.fields:
        for start, end in ranges(field.plain):
            typed = field.plain[start:end]
            first, second = typed.split("-", 1)
            yield Finding(
                "qa.punct-range",
                f"the range '{typed}' is written with a hyphen; Chinese writes {first}至{second} "
                f"or {first}～{second}",
                field.name,
            )


HALF_WIDTH = Check(
    "qa.punct-half-width",
    "error",
    "Full-width , ; : ? ! ( ) next to Chinese characters (none in English text)",
    passes=Example("Both sides agreed, in December.", "双方一致认为，在12月。"),
    fails=Example("Both sides agreed, in December.", "双方一致认为,在12月。"),
    pair=check_half_width,
)
BALANCE = Check(
    "qa.punct-balance",
    "error",
    "Brackets, quotation marks and 《》 are balanced",
    passes=Example("The Global Digital Compact (GDC)", "《全球数字契约》（GDC）"),
    fails=Example("The Global Digital Compact (GDC)", "《全球数字契约（GDC）"),
    pair=check_balance,
)
DOUBLED = Check(
    "qa.punct-doubled",
    "warning",
    "No doubled punctuation",
    passes=Example("Both sides agreed.", "双方一致同意。"),
    fails=Example("Both sides agreed.", "双方一致同意。。"),
    pair=check_doubled,
)
ASCII_QUOTES = Check(
    "qa.punct-ascii-quotes",
    "error",
    "The language's quotation marks, not ASCII quotes",
    passes=Example('"countries of concern"', "“受关注国家”"),
    fails=Example('"countries of concern"', '"受关注国家"'),
    pair=check_ascii_quotes,
)
RANGE = Check(
    "qa.punct-range",
    "warning",
    "Ranges of numbers in Chinese text written with 至, ～ or —, not a hyphen",
    passes=Example("over the next 5-7 years", "未来5至7年"),
    fails=Example("over the next 5-7 years", "未来5-7年"),
    pair=check_range,
)
