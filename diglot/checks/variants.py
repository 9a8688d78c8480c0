"""One term, one rendering per document: a glossary term with accepted variants, or a
protected acronym with sanctioned Chinese forms, is rendered the same way throughout one
document's Chinese (AI, or 人工智能; 布莱切利, or 布莱奇利)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import Check, Context, Example, FieldText, Finding
from .text import nfc, occurs


def _renderings(ctx):
    """(English, matched case-insensitively, [ways]) for every term or token that has more
    than one rendering. A way is a tuple of forms that count as one rendering: a token's
    sanctioned Chinese forms are one way (the full name at first mention, the short name after
    is one style), the token itself the other; each of a term's renderings is a way."""
    found = [
        (term.source, True, [(zh,) for zh in term.renderings])
        for term in ctx.terms
        if term.variants
    ]
    found += [(token, False, [(token,), forms]) for token, forms in ctx.sanctioned.items()]
    return found


def _count(text: str, ways: list[tuple[str, ...]], token: str | None) -> dict[str, int]:
    """How often each form occurs in text. A gloss (电动汽车（EV）, 电动汽车/智能网联汽车（EV/ICV）)
    introduces the acronym and counts for neither way. Longer forms are counted first, so that
    no text counts twice; a Latin form counts only as a whole word (AI, not the AI of AIS)."""
    if token is not None:
        acronym = rf"(?<![A-Za-z0-9]){re.escape(token)}s?(?![A-Za-z0-9])"
        for form in ways[1]:  # 电动汽车（EV）, 电动汽车/智能网联汽车（EV/ICV）
            gloss = (
                re.escape(form)
                + r"(?:[/、][^\s（()）/、]{1,15})*\s*[（(][\w /、-]*?"
                + acronym
                + r"[\w /、-]*[)）]"
            )
            text = re.sub(gloss, "\0", text, flags=re.ASCII)
    counts = {}
    for form in sorted((form for way in ways for form in way), key=len, reverse=True):
        pattern = re.escape(form)
        if form.isascii():
            pattern = f"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])"
        text, counts[form] = re.subn(pattern, "\0", text)
    return counts


def _documents(records):
    """The records of each document (by its Chinese file), in order."""
    documents: dict[str, list] = {}
    for record in records:
        documents.setdefault(record.target_location.path, []).append(record)
    return documents.values()


def check_variants(records: list[FieldText], ctx: Context) -> Iterator[tuple[FieldText, Finding]]:
    renderings = _renderings(ctx)
    if not renderings:
        return
    for document in _documents(records):
        for en, folded, ways in renderings:
            key = en.casefold() if folded else en
            token = None if folded else en
            uses = []  # (record, {form: count}) of each record that renders the term
            for record in document:
                source = nfc(record.source).casefold() if folded else nfc(record.source)
                if key in source and occurs(source, key, plural=True):
                    counts = _count(nfc(record.target), ways, token)
                    if any(counts.values()):
                        uses.append((record, counts))
            forms = {form: sum(counts[form] for _, counts in uses) for way in ways for form in way}
            used = [i for i, way in enumerate(ways) if any(forms[form] for form in way)]
            if len(used) < 2:
                continue
            # The way used least; on a tie, the one that first appears later in the document.
            first = {
                i: next(
                    n for n, (_, counts) in enumerate(uses) if any(counts[form] for form in ways[i])
                )
                for i in used
            }
            minority = min(used, key=lambda i: (sum(forms[f] for f in ways[i]), -first[i]))
            record = uses[first[minority]][0]
            shown = ", ".join(f"“{form}” ×{count}" for form, count in forms.items() if count)
            less = " / ".join(form for form in ways[minority] if forms[form])
            yield (
                record,
                Finding(
                    "qa.term-variants",
                    f"'{en}' is rendered in {len(used)} ways in this document: "
                    f"{shown}; this unit uses the less used “{less}”",
                    record.name,
                ),
            )


CHECK = Check(
    "qa.term-variants",
    "warning",
    "One term is rendered one way throughout a document",
    passes=Example("AI (three units)", "人工智能 (all three)"),
    fails=Example("AI (three units)", "AI, AI, then 人工智能"),
    corpus=check_variants,
)
