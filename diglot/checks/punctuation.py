"""Chinese punctuation: full width between Chinese characters, balanced pairs, no doubled
marks, no ASCII quotes (GB/T 15834)."""

from __future__ import annotations

import re

from . import Check, Example, Finding
from .text import CJK_CHARS

_HALF = re.compile(rf"(?<=[{CJK_CHARS}])[,;:?!()]|[,;:?!()](?=[{CJK_CHARS}])")
_HALF_ANY = re.compile(r"[,;:?!()]")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PAIRS = {"（": "）", "(": ")", "《": "》", "“": "”", "‘": "’", "【": "】", "「": "」",
          "『": "』", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKET = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")
_DOUBLED = re.compile(r"[，。、；：？！]{2,}")
_ASCII_QUOTE = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")


def check_half_width(en, zh, ctx):
    for field in zh.fields:
        if not _HALF_ANY.search(field.plain):
            continue
        found = sorted({m.group() for m in _HALF.finditer(field.plain)})
        if found:
            yield Finding("qa.punct-half-width", "half-width " + " ".join(found)
                          + " next to Chinese characters; use "
                          + " ".join(_FULL[c] for c in found), field.name)


def check_balance(en, zh, ctx):
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
            yield Finding("qa.punct-balance", f"unbalanced brackets or quotes: {problem}",
                          field.name)


def check_doubled(en, zh, ctx):
    for field in zh.fields:
        for match in _DOUBLED.finditer(field.plain):
            yield Finding("qa.punct-doubled", f"doubled punctuation '{match.group()}'",
                          field.name)


def check_ascii_quotes(en, zh, ctx):
    for field in zh.fields:
        text = field.plain
        if ('"' in text or "'" in text) and _ASCII_QUOTE.search(text):
            yield Finding("qa.punct-ascii-quotes", "ASCII quotation marks in Chinese text; use "
                          "“” (or ‘’ inside them)", field.name)


HALF_WIDTH = Check(
    "qa.punct-half-width", "error", "Full-width , ; : ? ! ( ) next to Chinese characters",
    passes=Example("Both sides agreed, in December.", "双方一致认为，在12月。"),
    fails=Example("Both sides agreed, in December.", "双方一致认为,在12月。"),
    pair=check_half_width)
BALANCE = Check(
    "qa.punct-balance", "error", "Brackets, quotation marks and 《》 are balanced",
    passes=Example("The Global Digital Compact (GDC)", "《全球数字契约》（GDC）"),
    fails=Example("The Global Digital Compact (GDC)", "《全球数字契约（GDC）"),
    pair=check_balance)
DOUBLED = Check(
    "qa.punct-doubled", "warning", "No doubled punctuation",
    passes=Example("Both sides agreed.", "双方一致同意。"),
    fails=Example("Both sides agreed.", "双方一致同意。。"),
    pair=check_doubled)
ASCII_QUOTES = Check(
    "qa.punct-ascii-quotes", "error", "Chinese quotation marks, not ASCII quotes",
    passes=Example('"countries of concern"', "“受关注国家”"),
    fails=Example('"countries of concern"', '"受关注国家"'),
    pair=check_ascii_quotes)
