"""Glossary checks: protected tokens kept (or given a sanctioned Chinese form), terms
translated as the termbase says, forbidden variants absent, and no English left standing in
the Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import some
from ..model import Unit
from ..script import HAN, HAN_CHARS
from . import Check, Context, Example, Finding, latin
from .text import LATIN_WORD, PhraseIndex, field_pairs, nfc, occurs


def _once(ctx, name: str, make):
    """What make() returns, worked out once per process and kept in the context's cache."""
    value = ctx.cache.get(name)
    if value is None:
        value = ctx.cache[name] = make()
    return value


def check_protected(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    for field, other in field_pairs(en, zh):
        text, target = nfc(field.plain), nfc(other.plain)
        for token in [token for token in ctx.protected if token in text]:  # a few, in C
            if occurs(text, token, plural=True) and not occurs(target, token):
                forms = ctx.sanctioned.get(token, ())
                if not forms:
                    yield Finding(
                        "qa.protected",
                        f"'{token}' must appear unchanged in the {ctx.target_name}",
                        field.name,
                    )
                elif not any(form in target for form in forms):
                    yield Finding(
                        "qa.protected",
                        f"'{token}' must appear in the {ctx.target_name}, "
                        f"unchanged or as {' or '.join(forms)}",
                        field.name,
                    )


def _without_addresses(text: str) -> str:
    """text (casefolded) with its web and e-mail addresses blanked: a term's words inside
    an address (trade-portal.varnholm-lingbei.example.org) are no use of the term."""
    if "." not in text and "@" not in text:
        return text
    return latin.ADDRESS.sub(lambda m: " " * len(m[0]), text)


def check_terminology(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    folded = _once(ctx, "folded terms", lambda: [t.source.casefold() for t in ctx.terms])
    index = _once(ctx, "term index", lambda: PhraseIndex(folded))
    spaced = ctx.into_spaces  # English renderings: a whole word, any case, or its plural
    for field, other in field_pairs(en, zh):
        source, target = _without_addresses(nfc(field.plain).casefold()), nfc(other.plain)
        if spaced:
            target = _without_addresses(target.casefold())
        for i in index.candidates(source):
            term = ctx.terms[i]
            if spaced:
                used = any(occurs(target, r.casefold(), plural=True) for r in term.renderings)
            else:
                used = any(zh in target for zh in term.renderings)
            if not used and occurs(source, folded[i], plural=True):
                also = "".join(f" (or '{v}')" for v in term.variants)
                yield Finding(
                    "qa.term",
                    f"'{term.source}' is translated '{term.target}'{also} in the "
                    f"glossary, which the {ctx.target_name} does not use",
                    field.name,
                )


def check_forbidden(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    variants = _once(
        ctx,
        "forbidden variants",
        lambda: [(variant, term) for term in ctx.terms for variant in term.forbidden],
    )
    for field in zh.fields:
        text = nfc(field.plain)
        for variant, term in variants:
            if variant in text:
                yield Finding(
                    "qa.term-forbidden",
                    f"'{variant}' is a forbidden variant; "
                    f"the glossary has '{term.target}' for '{term.source}'",
                    field.name,
                )


def check_untranslated(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    if ctx.into_spaces:
        yield from _chinese_left(en, zh, ctx)
        return
    named, source_name = ctx.target_name, ctx.source_name
    for field in zh.fields:
        source = en.field(field.name)
        text = field.plain
        if source is None or not LATIN_WORD.search(source.plain):
            continue
        # what a translation keeps as written (protected tokens, acronyms, codes, numbers,
        # units, addresses) is no English left over: a cell of MNIOAR or TB-01 is translated
        left = latin.words(text, ctx.protected) if LATIN_WORD.search(text) else []
        if text.strip() == source.plain.strip():
            if left:
                yield Finding(
                    "qa.untranslated", f"the {named} is identical to the {source_name}", field.name
                )
            continue
        # the Chinese characters are counted only when there are words to weigh them against
        chinese = len(HAN.findall(text)) if left else int(HAN.search(text) is not None)
        if chinese == 0:
            if left or latin.words(source.plain, ctx.protected):
                yield Finding(
                    "qa.untranslated", f"the {named} has no Chinese characters", field.name
                )
        elif len(left) > chinese:
            yield Finding(
                "qa.untranslated",
                f"the {named} is mostly Latin letters "
                f"({len(left)} words to {chinese} Chinese characters)",
                field.name,
            )
        elif left and (runs := latin.english_runs(text, ctx.protected)):
            yield Finding(
                "qa.untranslated",
                f"the {named} leaves {source_name} untranslated: "
                f"{some([_quoted(r.text) for r in runs])}",
                field.name,
            )


_HAN_RUN = re.compile(f"[{HAN_CHARS}](?:[{HAN_CHARS}\u3000-\u303f\uff01-\uff5e]*[{HAN_CHARS}])?")


def _chinese_left(original: Unit, translation: Unit, ctx: Context) -> Iterator[Finding]:
    """A Chinese original translated into English: the translation identical to its source,
    with no Latin letters, or with Chinese characters left in it (protected tokens and
    sanctioned forms aside: a name the glossary keeps in characters)."""
    named, source_name = ctx.target_name, ctx.source_name
    kept = [*ctx.protected, *(f for forms in ctx.sanctioned.values() for f in forms)]
    for field in translation.fields:
        source = original.field(field.name)
        text = field.plain
        if source is None or not HAN.search(source.plain):
            continue
        if text.strip() == source.plain.strip():
            yield Finding(
                "qa.untranslated", f"the {named} is identical to the {source_name}", field.name
            )
            continue
        if not LATIN_WORD.search(text):
            yield Finding("qa.untranslated", f"the {named} has no Latin letters", field.name)
            continue
        for token in kept:
            if HAN.search(token) and token in text:
                text = text.replace(token, " ")
        runs = [m[0] for m in _HAN_RUN.finditer(text)]
        if runs:
            yield Finding(
                "qa.untranslated",
                f"the {named} leaves {source_name} untranslated: "
                f"{some([_quoted(run) for run in runs])}",
                field.name,
            )


def _quoted(run: str, most: int = 80) -> str:
    """A run of text for a message, cut short after most characters."""
    return f"'{run}'" if len(run) <= most else f"'{run[: most - 1].rstrip()}…'"


PROTECTED = Check(
    "qa.protected",
    "error",
    "Protected acronyms and codes appear in the Chinese, unchanged or in a sanctioned form",
    passes=Example(
        "Consider joining future OECD AI processes.", "考虑参与经合组织今后的人工智能进程。"
    ),
    fails=Example("Consider joining future OECD AI processes.", "考虑参与今后的人工智能进程。"),
    pair=check_protected,
)
TERMINOLOGY = Check(
    "qa.term",
    "error",
    "Glossary terms are translated as the glossary says",
    passes=Example("The Entity List keeps growing.", "实体清单仍在不断扩大。"),
    fails=Example("The Entity List keeps growing.", "实体名单仍在不断扩大。"),
    pair=check_terminology,
)
FORBIDDEN = Check(
    "qa.term-forbidden",
    "error",
    "Forbidden variants of glossary terms do not occur",
    passes=Example(
        "The National Committee on U.S.-China Relations convened it.",
        "美中关系全国委员会召集了对话。",
    ),
    fails=Example(
        "The National Committee on U.S.-China Relations convened it.",
        "美中关系国家委员会召集了对话。",
    ),
    pair=check_forbidden,
)
UNTRANSLATED = Check(
    "qa.untranslated",
    "error",
    "No English left untranslated in the Chinese",
    passes=Example("Assistant Professor, Peking University", "北京大学助理教授"),
    fails=Example(
        "Assistant Professor, Peking University", "Assistant Professor, Peking University（北大）"
    ),
    pair=check_untranslated,
)
