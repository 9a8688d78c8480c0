"""Glossary checks: protected tokens kept, terms translated as the termbase says, forbidden
variants absent, and no English left standing in the Chinese."""

from __future__ import annotations

import re

from . import Check, Example, Finding
from .text import CJK, LATIN_WORD, token_pattern


def _protected(ctx):
    if "protected" not in ctx.cache:
        ctx.cache["protected"] = [(t, token_pattern(t, plural=True), token_pattern(t))
                                  for t in ctx.protected]
    return ctx.cache["protected"]


def check_protected(en, zh, ctx):
    for field in en.fields:
        other = zh.field(field.name)
        if other is None:
            continue
        for token, in_english, in_chinese in _protected(ctx):
            if in_english.search(field.plain) and not in_chinese.search(other.plain):
                yield Finding("qa.protected", f"'{token}' must appear unchanged in the "
                              "Chinese", field.name)


def _terms(ctx):
    """One alternation of every English term, longest first, and the terms by key."""
    if "terms" not in ctx.cache:
        by_key = {term.en.casefold(): term for term in ctx.terms}
        alternation = "|".join(re.escape(t.en) for t in sorted(ctx.terms, key=lambda t: -len(t.en)))
        pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?:s|es)?(?![A-Za-z0-9])",
                             re.IGNORECASE) if ctx.terms else None
        ctx.cache["terms"] = (pattern, by_key)
    return ctx.cache["terms"]


def _term_for(match: str, by_key):
    key = match.casefold()
    for candidate in (key, key[:-1], key[:-2]):  # plural forms
        if candidate in by_key:
            return by_key[candidate]
    return None


def check_terminology(en, zh, ctx):
    pattern, by_key = _terms(ctx)
    if pattern is None:
        return
    for field in en.fields:
        other = zh.field(field.name)
        if other is None:
            continue
        reported = set()
        for match in pattern.finditer(field.plain):
            term = _term_for(match.group(), by_key)
            if term and term.zh not in other.plain and term.en not in reported:
                reported.add(term.en)
                yield Finding("qa.term", f"'{term.en}' is translated '{term.zh}' in the "
                              "glossary, which the Chinese does not use", field.name)


def check_forbidden(en, zh, ctx):
    for field in zh.fields:
        for term in ctx.terms:
            for variant in term.forbidden:
                if variant in field.plain:
                    yield Finding("qa.term-forbidden", f"'{variant}' is a forbidden variant; "
                                  f"the glossary has '{term.zh}' for '{term.en}'", field.name)


def check_untranslated(en, zh, ctx):
    for field in zh.fields:
        source = en.field(field.name)
        text = field.plain
        if source is None or not LATIN_WORD.search(source.plain):
            continue
        if text.strip() == source.plain.strip():
            yield Finding("qa.untranslated", "the Chinese is identical to the English",
                          field.name)
            continue
        remainder = text
        for token, _, in_chinese in _protected(ctx):
            remainder = in_chinese.sub(" ", remainder)
        latin_words = len(LATIN_WORD.findall(remainder))
        chinese = len(CJK.findall(text))
        if chinese == 0:
            yield Finding("qa.untranslated", "the Chinese has no Chinese characters", field.name)
        elif latin_words > chinese:
            yield Finding("qa.untranslated", f"the Chinese is mostly Latin letters "
                          f"({latin_words} words to {chinese} Chinese characters)", field.name)


PROTECTED = Check(
    "qa.protected", "error", "Protected acronyms and codes appear unchanged in the Chinese",
    passes=Example("Consider joining future OECD AI processes.", "考虑参与未来OECD的AI进程。"),
    fails=Example("Consider joining future OECD AI processes.", "考虑参与未来经合组织的AI进程。"),
    pair=check_protected)
TERMINOLOGY = Check(
    "qa.term", "error", "Glossary terms are translated as the glossary says",
    passes=Example("The Entity List keeps growing.", "实体清单仍在不断扩大。"),
    fails=Example("The Entity List keeps growing.", "实体名单仍在不断扩大。"),
    pair=check_terminology)
FORBIDDEN = Check(
    "qa.term-forbidden", "error", "Forbidden variants of glossary terms do not occur",
    passes=Example("The National Committee on U.S.-China Relations convened it.",
                   "美中关系全国委员会召集了对话。"),
    fails=Example("The National Committee on U.S.-China Relations convened it.",
                  "美中关系国家委员会召集了对话。"),
    pair=check_forbidden)
UNTRANSLATED = Check(
    "qa.untranslated", "error", "No English left untranslated in the Chinese",
    passes=Example("Assistant Professor, Peking University", "北京大学助理教授"),
    fails=Example("Assistant Professor, Peking University",
                  "Assistant Professor, Peking University（北大）"),
    pair=check_untranslated)
