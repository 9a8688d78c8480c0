"""Punctuation of a target language that sets full-width marks (Chinese: GB/T 15834):
full width between its characters, balanced pairs, no doubled marks, and its own quotation
marks (the profile's `quotes`: “” for Simplified, 「」 for Traditional Chinese), never ASCII
ones. A target profile without full-width punctuation is not checked here."""

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


def check_half_width(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    if not _full_width(ctx):
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
    if not _full_width(ctx):
        return
    for field in zh.fields:
        stack: list[str] = []
        problem = None
        for match in _BRACKET.finditer(field.plain):
            char = match.group()
            if char in _PAIRS:
                stack.append(char)
            elif not stack or stack[-1] != _CLOSERS[char]:
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
    if not _full_width(ctx):
        return
    for field in zh.fields:
        for match in _DOUBLED.finditer(field.plain):
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


HALF_WIDTH = Check(
    "qa.punct-half-width",
    "error",
    "Full-width , ; : ? ! ( ) next to Chinese characters",
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
